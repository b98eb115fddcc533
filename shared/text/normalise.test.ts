import { describe, expect, it } from 'vitest';
import { normalise, normaliseWithMap, toWesternDigits } from './normalise.ts';

describe('normalise (domain.md, Arabic text)', () => {
  const cases: Array<[string, string, string]> = [
    ['hamza on alef above', 'أحمد', 'احمد'],
    ['hamza below alef', 'إدارة', 'اداره'],
    ['alef madda', 'آل', 'ال'],
    ['alef wasla', 'ٱلله', 'الله'],
    ['hamza on waw', 'مسؤول', 'مسوول'],
    ['hamza on yaa', 'رئيس', 'رييس'],
    ['taa marbuta', 'وزارة', 'وزاره'],
    ['alef maqsura', 'مستشفى', 'مستشفي'],
    ['Persian yeh', 'کویت', 'كويت'],
    ['Persian kaf', 'ک', 'ك'],
    ['tashkeel', 'كِتَابٌ', 'كتاب'],
    ['shadda and sukun', 'مُدَّرِّسْ', 'مدرس'],
    ['superscript alef', 'هٰذا', 'هذا'],
    ['tatweel', 'الكـــويت', 'الكويت'],
    ['presentation forms', '\uFEDF\uFEE4\uFEAE\uFE8E\uFE9F\uFECC\uFE94', 'لمراجعه'],
    ['lam-alef ligature', '\uFEFB', 'لا'],
    ['LRM and RLM removed', '\u200Fوزارة\u200E 12', 'وزاره 12'],
    ['ALM and isolates removed', '\u061Cرقم\u2067٥\u2069', 'رقم5'],
    ['Arabic-Indic digits', '١٣/١٢/١٩٩٦', '13/12/1996'],
    ['Persian digits', '۱۲۳۴۵۶۷۸۹۰', '1234567890'],
    ['Latin lowercased', 'Ministry of HEALTH', 'ministry of health'],
    ['white space collapsed', '  وزارة \n\t الصحة  ', 'وزاره الصحه'],
  ];
  it.each(cases)('%s', (_name, raw, expected) => {
    expect(normalise(raw)).toBe(expected);
  });

  it('maps every normalised character back to its raw position', () => {
    const raw = 'الـــكِتَاب أحمد';
    const { text, map } = normaliseWithMap(raw);
    expect(text).toBe('الكتاب احمد');
    expect(map).toHaveLength(text.length + 1);
    const start = text.indexOf('احمد');
    expect(raw.slice(map[start], map[start + 4])).toBe('أحمد');
  });

  it('toWesternDigits keeps everything but digits as written', () => {
    expect(toWesternDigits('ص/٧٧٠٨٩/٢٠٢٦ ۴')).toBe('ص/77089/2026 4');
  });
});
