import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImagePage, imagePages } from '../documents/images.ts';
import { isPlausible, labelKind, rereadFieldValues } from './field-lines.ts';
import { encodePng, scaleFor, scaleGrey } from './page.ts';
import { createOcrPool } from './pool.ts';

const letter = path.resolve(import.meta.dirname, '../../../../shared/fixtures/letters/letter-11-03.png');
if (!fs.existsSync(letter)) throw new Error(`fixtures missing: ${letter}`);

describe('letter-head labels and plausible values', () => {
  it('knows the labels, misread by a letter, and nothing else', () => {
    expect(labelKind('الرقم:')).toBe('number');
    expect(labelKind(':التاريخ')).toBe('date');
    expect(labelKind('التاريج:')).toBe('date');
    expect(labelKind('تاريخه،')).toBeNull();
    expect(labelKind('الموضوع:')).toBeNull();
  });

  it('accepts dates that parse and numbers shaped letters/digits/year', () => {
    expect(isPlausible('date', '17/8/2015:')).toBe(true);
    expect(isPlausible('date', '١٧/٨/٢٠٢٦')).toBe(true);
    expect(isPlausible('date', '18 يناير 20 26م')).toBe(true);
    expect(isPlausible('date', '5 7/7/7781 1')).toBe(false);
    expect(isPlausible('date', '11/8/17')).toBe(false);
    expect(isPlausible('number', 'ص/٧٧٠٨٩/٢٠٢٦')).toBe(true);
    expect(isPlausible('number', '2026/م/14393')).toBe(true);
    expect(isPlausible('number', 'و.م/ش.إ/26118')).toBe(true);
    expect(isPlausible('number', 'ص / 44 009 / 2014')).toBe(true);
    expect(isPlausible('number', 'و.م/ش!/26118')).toBe(false);
    expect(isPlausible('number', 'ص/71١٠/1//:/3')).toBe(false);
  });
});

describe('re-reading a letter-head value (real tesseract.js)', () => {
  const pool = createOcrPool({ size: 1, languages: 'ara' });
  afterAll(() => pool.close());

  it('replaces a date that does not parse by the reading of its enlarged line', { timeout: 120_000 }, async () => {
    const bytes = new Uint8Array(fs.readFileSync(letter));
    const decoded = await decodeImagePage(bytes, 0, (await imagePages(bytes))[0]!);
    const page = await scaleGrey(decoded, scaleFor(decoded));
    const read = await pool.recognise(await encodePng(page), { segmentation: 'single_block', languages: 'ara' });
    const dateLine = read.text.split('\n').find((l) => /التاريخ/.test(l)) ?? '';
    const valueOf = (line: string) => line.replace(/^.*التاريخ:?/, '');
    // The page reading of "17/8/2015" sometimes does not parse (what this pass is for) and sometimes
    // does, depending on the page's scale; when it does, the year is misread here as OCR misreads it
    // (same length, so every word box still points at its text) and the pass must read it again.
    let first = read;
    if (isPlausible('date', valueOf(dateLine))) {
      const at = read.text.indexOf(dateLine);
      const misread = dateLine.replace('2015', '7015');
      expect(misread).not.toBe(dateLine);
      first = { ...read, text: read.text.slice(0, at) + misread + read.text.slice(at + dateLine.length) };
    }
    expect(isPlausible('date', valueOf(first.text.split('\n').find((l) => /التاريخ/.test(l)) ?? ''))).toBe(false);
    const before = pool.stats().recognitions;
    const again = await rereadFieldValues(pool, page, first, { languages: 'ara' });
    expect(again.text).toContain('17/8/2015');
    expect(again.text).toContain('ص/25093/2015'); // a plausible number is left alone
    expect(pool.stats().recognitions - before).toBeLessThanOrEqual(2);
    for (const w of again.lowConfidenceWords) expect(w.end).toBeLessThanOrEqual(again.text.length);
    // Nothing to re-read: the same object comes back without OCR.
    const n = pool.stats().recognitions;
    expect(await rereadFieldValues(pool, page, again, { languages: 'ara' })).toEqual(again);
    expect(pool.stats().recognitions).toBe(n);
  });
});
