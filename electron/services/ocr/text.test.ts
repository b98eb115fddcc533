import { describe, expect, it } from 'vitest';
import { assembleText, cleanOcrWord, LOW_CONFIDENCE } from './text.ts';
import { characterErrorRate } from './cer.ts';

describe('cleanOcrWord', () => {
  it('drops directional marks and maps Persian yeh/kaf to Arabic', () => {
    expect(cleanOcrWord('\u200Fکتابی\u200E')).toBe('كتابي');
    expect(cleanOcrWord('\u202Babc\u202C')).toBe('abc');
  });
});

describe('assembleText', () => {
  it('joins words, lines and paragraphs and marks low-confidence words by offset', () => {
    const blocks = [
      {
        paragraphs: [
          { lines: [{ words: [{ text: 'وزارة', confidence: 91 }, { text: '\u200Fالأشغال', confidence: 40 }] }, { words: [{ text: 'العامة', confidence: 88 }] }] },
          { lines: [{ words: [{ text: '\u200E', confidence: 10 }, { text: 'ص/77089', confidence: 55 }] }] },
        ],
      },
    ];
    const a = assembleText(blocks);
    expect(a.text).toBe('وزارة الأشغال\nالعامة\n\nص/77089');
    expect(a.wordCount).toBe(4);
    expect(a.lowConfidenceWords.map((w) => a.text.slice(w.start, w.end))).toEqual(['الأشغال', 'ص/77089']);
    expect(a.lowConfidenceWords.every((w) => w.confidence < LOW_CONFIDENCE)).toBe(true);
    expect(a.confidence).toBeGreaterThan(40);
    expect(a.confidence).toBeLessThan(91);
    expect(a.lines.map((l) => l.words.map((w) => a.text.slice(w.start, w.end)))).toEqual([['وزارة', 'الأشغال'], ['العامة'], ['ص/77089']]);
  });

  it('keeps the pixel boxes of lines and words', () => {
    const box = { x0: 10, y0: 20, x1: 90, y1: 40 };
    const a = assembleText([{ paragraphs: [{ lines: [{ bbox: box, words: [{ text: 'الرقم:', confidence: 90, bbox: { x0: 60, y0: 20, x1: 90, y1: 40 } }] }] }] }]);
    expect(a.lines).toEqual([{ box, words: [{ start: 0, end: 6, box: { x0: 60, y0: 20, x1: 90, y1: 40 } }] }]);
  });

  it('gives null confidence for an empty page', () => {
    expect(assembleText(null)).toEqual({ text: '', confidence: null, wordCount: 0, lowConfidenceWords: [], lines: [] });
  });
});

describe('characterErrorRate', () => {
  it('compares normalised text without white space', () => {
    expect(characterErrorRate('أحمد  إلى\nالمدرسة', 'احمد الي المدرسه')).toBe(0);
    expect(characterErrorRate('abcd', 'abce')).toBe(0.25);
    expect(characterErrorRate('', 'abcd')).toBe(1);
    expect(characterErrorRate('', '')).toBe(0);
  });
});
