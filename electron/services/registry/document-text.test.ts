import { describe, expect, it } from 'vitest';
import { fromStored, toStored } from './document-text.ts';

describe('stored document text', () => {
  it('round-trips pages, and a form feed inside a page cannot split it', () => {
    const pages = [
      { index: 0, text: 'الصفحة الأولى\nسطر', source: 'ocr' as const, confidence: 88 },
      { index: 1, text: 'page two\fwith a form feed', source: 'text-layer' as const, confidence: null },
      { index: 2, text: '', source: 'ocr' as const, confidence: 0 },
    ];
    const s = toStored(pages);
    expect(s.text.split('\f')).toHaveLength(3);
    expect(fromStored(s.meta, s.text)).toEqual([pages[0], { ...pages[1], text: 'page two with a form feed' }, pages[2]]);
  });
});
