import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createOcrPool } from '../ocr/index.ts';
import { pageCount, readDocument, renderPagePreview } from './index.ts';

const scans = path.resolve(import.meta.dirname, '../../../../shared/fixtures/scans');
if (!fs.existsSync(scans)) throw new Error(`fixtures missing: ${scans}`);
const pool = createOcrPool({ size: 1 });
afterAll(() => pool.close());

/** A two-page bilevel CCITT G4 TIFF: the English test page, then the one Arabic word. */
async function twoPageG4(): Promise<Uint8Array> {
  const a = await sharp(path.join(scans, 'tesseract-test/phototest.tif')).png().toBuffer();
  const b = await sharp(path.join(scans, 'tesseract-test/arabic.tif')).resize(640, 480, { fit: 'contain', background: '#fff' }).png().toBuffer();
  return sharp([a, b], { join: { animated: true } }).threshold(128).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer();
}

describe('readDocument', () => {
  it('reads every page of a multi-page bilevel G4 TIFF, in order, reporting progress', async () => {
    const tiff = await twoPageG4();
    expect(await pageCount(tiff)).toBe(2);
    const progress: { page: number; pages: number }[] = [];
    const read = await readDocument(tiff, 'two.tif', { ocr: pool, onProgress: (p) => progress.push(p) });
    expect(read.mediaType).toBe('image/tiff');
    expect(read.pages.map((p) => p.index)).toEqual([0, 1]);
    expect(read.pages[0]!.text).toContain('quick brown dog');
    expect(read.pages[1]!.text).toMatch(/[\u0600-\u06FF]{3}/);
    expect(progress).toEqual([
      { page: 1, pages: 2 },
      { page: 2, pages: 2 },
    ]);
    expect(read.meanConfidence).toBeGreaterThan(50);
  }, 120_000);

  it('reads a WebP scan (lossy, as some scanners and phones save)', async () => {
    const webp = new Uint8Array(await sharp(path.join(scans, 'tesseract-test/phototest.tif')).webp({ quality: 80 }).toBuffer());
    const read = await readDocument(webp, 'phone.webp', { ocr: pool });
    expect(read.mediaType).toBe('image/webp');
    expect(read.pages).toHaveLength(1);
    expect(read.pages[0]!.text).toContain('quick brown dog');
  }, 120_000);

  it('stops with an AbortError when aborted', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(readDocument(await twoPageG4(), 'two.tif', { ocr: pool, signal: ctl.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('renderPagePreview', () => {
  it('renders a PDF page upright and within the width asked', async () => {
    const cardinal = new Uint8Array(fs.readFileSync(path.join(scans, 'ocrmypdf/cardinal.pdf')));
    expect(await pageCount(cardinal)).toBe(4);
    const sideways = await renderPagePreview(cardinal, 1, 600);
    expect(sideways.width).toBeGreaterThan(sideways.height);
    const upright = await renderPagePreview(cardinal, 1, 600, 270);
    expect(upright.width).toBeLessThanOrEqual(600);
    expect(upright.height).toBeGreaterThan(upright.width);
    const meta = await sharp(upright.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', upright.width, upright.height]);
  });

  it('renders an image page scaled down and turned', async () => {
    const png = new Uint8Array(fs.readFileSync(path.join(scans, 'derived/muqtabas-p002-rot90.png')));
    const p = await renderPagePreview(png, 0, 400, 270);
    expect(p.width).toBeLessThanOrEqual(400);
    expect(p.height).toBeGreaterThan(p.width);
  });
});
