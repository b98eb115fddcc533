import { describe, expect, it } from 'vitest';
import { segmentText } from './segments.ts';

describe('segmentText', () => {
  const text = 'وزارة الأشغال العامة\nالرقم: ص/77089/2026';
  const counterpart = { page: 0, start: 0, end: 20, text: 'وزارة الأشغال العامة' };
  const ref = { page: 0, start: 28, end: 40, text: 'ص/77089/2026' };

  it('covers the whole text, in order, without gaps', () => {
    const segs = segmentText(text, { counterpart, referenceNumber: ref }, 0, [{ start: 6, end: 13, confidence: 41 }]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    for (let i = 1; i < segs.length; i++) expect(segs[i]!.start).toBe(segs[i - 1]!.end);
  });

  it('marks evidence and low-confidence words, overlapping', () => {
    const segs = segmentText(text, { counterpart, referenceNumber: ref }, 0, [{ start: 6, end: 13, confidence: 41 }]);
    const low = segs.find((s) => s.lowConfidence !== null)!;
    expect(low.text).toBe('الأشغال');
    expect(low.fields).toEqual(['counterpart']);
    expect(low.lowConfidence).toBe(41);
    expect(segs.find((s) => s.text === 'ص/77089/2026')!.fields).toEqual(['referenceNumber']);
    expect(segs.find((s) => s.text === '\nالرقم: ')!.fields).toEqual([]);
  });

  it('ignores evidence on other pages and clamps spans to the text', () => {
    const segs = segmentText('abc', { subject: { page: 1, start: 0, end: 3, text: 'abc' }, counterpart: { page: 0, start: 1, end: 99, text: 'bc' } }, 0, []);
    expect(segs).toEqual([
      { start: 0, end: 1, text: 'a', fields: [], lowConfidence: null },
      { start: 1, end: 3, text: 'bc', fields: ['counterpart'], lowConfidence: null },
    ]);
  });
});
