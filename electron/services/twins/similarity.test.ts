/**
 * The parts of a twin score on their own: reference numbers in either digit script and with any
 * separators, ambiguous and swapped dates, counterparts by code or name, text robust to OCR-like
 * errors, and the two rules of the combined score.
 */
import { describe, expect, it } from 'vitest';
import { combine, referenceTokens, textPart } from './match.ts';
import { counterpartPart, datePart, referenceKey, referencePart, textSimilarity } from './similarity.ts';

describe('twin score parts', () => {
  it('reads a reference number the same in Arabic-Indic and Western digits, whatever the separators', () => {
    expect(referenceKey('ص / ٧٧٠٨٩ / ٢٠٢٦')).toBe(referenceKey('ص/77089/2026'));
    expect(referenceKey('ص-77089-2026')).toBe(referenceKey('ص/77089/2026'));
    expect(referenceKey('\u200fص\\77089|2026')).toBe(referenceKey('ص/77089/2026'));
    expect(referencePart('ص/٧٧٠٨٩/٢٠٢٦', 'ص/77089/2026')).toBe(1);
    // One digit misread: still for; another number: against; none: unknown.
    expect(referencePart('ص/77080/2026', 'ص/77089/2026')).toBeGreaterThan(0.7);
    expect(referencePart('ص/21549/2026', 'ص/77089/2026')).toBe(0);
    expect(referencePart(null, 'ص/77089/2026')).toBeNull();
    expect(referencePart('/', 'ص/77089/2026')).toBeNull();
    expect(referenceTokens('ص/٧٧٠٨٩/٢٠٢٦')).toEqual(['77089']);
  });

  it('compares dates with the readings of an ambiguous date, a swapped day and month half', () => {
    expect(datePart('2026-03-04', [], '2026-03-04')).toBe(1);
    expect(datePart(null, ['2026-03-04', '2026-04-03'], '2026-04-03')).toBe(1);
    expect(datePart('2026-03-04', [], '2026-04-03')).toBe(0.5);
    expect(datePart('2026-03-04', [], '2026-03-05')).toBe(0);
    expect(datePart(null, [], '2026-03-05')).toBeNull();
  });

  it('compares counterparts by code, else by name (normalised)', () => {
    expect(counterpartPart({ code: 'MOH', name: null }, { code: 'MOH', name: 'وزارة الصحة' })).toBe(1);
    expect(counterpartPart({ code: 'MOH', name: null }, { code: 'MOE', name: 'وزارة التربية' })).toBe(0);
    expect(counterpartPart({ code: null, name: 'وزاره الصحه' }, { code: 'MOH', name: 'وزارة الصحة' })).toBe(1);
    expect(counterpartPart({ code: null, name: null }, { code: 'MOH', name: 'وزارة الصحة' })).toBeNull();
  });

  it('finds the same text through OCR-like errors, line breaks and digit scripts', () => {
    const text = 'دولة الكويت\nوزارة الصحة\nالرقم: م/12345/2026\nنرجو التكرم بتزويدنا بالبيانات المطلوبة خلال أسبوعين من تاريخه.';
    const ocr = 'دولة الكويت وزاره الصحه الرقم: م/١٢٣٤٥/٢٠٢٦ نرجو التكرم بتزويدنا بالبيانات المطلوبه خلال اسبوعين من تاريحه .';
    expect(textSimilarity(text, ocr)).toBeGreaterThan(0.9);
    expect(textSimilarity(text, 'Some other letter entirely, in English.')).toBe(0);
    expect(textSimilarity('', text)).toBe(0);
    expect(textPart(0.5)).toBe(0);
    expect(textPart(0.95)).toBe(1);
  });

  it('caps the score when the counterparts or the numbers differ', () => {
    const all = { text: 1, referenceNumber: 1, referenceDate: 1, counterpart: 1 };
    expect(combine(all)).toBe(1);
    expect(combine({ text: null, referenceNumber: null, referenceDate: null, counterpart: null })).toBe(0.5);
    expect(combine({ ...all, text: 0.4, counterpart: 0 })).toBe(0.4);
    expect(combine({ ...all, referenceNumber: 0 })).toBe(0.5);
  });
});
