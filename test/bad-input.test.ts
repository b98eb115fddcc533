/**
 * Bad input at the document level: each broken or hostile file is refused by the documents service with
 * a clear `AppError` kind before any OCR runs — empty file, text file named .png, truncated PDF, damaged
 * image, a 30000×30000 image (refused from its header, never decoded), a password-protected PDF, a PDF
 * with more pages than the limit. (The "database unchanged" side is test/import-bad-input.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, type ErrorKind } from '../shared/errors.ts';
import { MAX_PAGES, pageCount, readDocument, renderPagePreview, sniffMediaType } from '../electron/services/documents/index.ts';
import { createOcrPool } from '../electron/services/ocr/index.ts';
import { encryptedPdf, hugePngHeader } from './helpers/bad-files.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const scans = path.resolve(repoRoot, '../shared/fixtures/scans');
if (!fs.existsSync(scans)) throw new Error(`fixtures missing: ${scans} (clone the repository beside shared/)`);

/** A valid PDF with `n` empty pages, written by hand (objects, xref table, trailer). */
function pdfWithPages(n: number): Uint8Array {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>'];
  const kids = Array.from({ length: n }, (_, i) => `${i + 3} 0 R`).join(' ');
  objs.push(`<< /Type /Pages /Kids [${kids}] /Count ${n} >>`);
  for (let i = 0; i < n; i++) objs.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>');
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

const pool = createOcrPool({ size: 1 });
afterAll(async () => {
  await pool.close();
});

async function kindOf(run: () => Promise<unknown>): Promise<ErrorKind | 'no error'> {
  try {
    await run();
  } catch (err) {
    if (err instanceof AppError) return err.kind;
    throw err;
  }
  return 'no error';
}

const read = (bytes: Uint8Array) => () => readDocument(bytes, 'file', { ocr: pool });

describe('documents: bad input', () => {
  const goodPdf = new Uint8Array(fs.readFileSync(path.join(scans, 'tabula-java/arabic.pdf')));
  const goodPng = new Uint8Array(fs.readFileSync(path.join(scans, 'tesseract.js/bill.png')));

  it('an empty file is empty_file', async () => {
    expect(() => sniffMediaType(new Uint8Array(0))).toThrow(AppError);
    expect(await kindOf(read(new Uint8Array(0)))).toBe('empty_file');
    expect(await kindOf(() => pageCount(new Uint8Array(0)))).toBe('empty_file');
  });

  it('a text file named .png is unsupported_format', async () => {
    const text = new Uint8Array(Buffer.from('Plain text, not an image.\nنص عادي وليس صورة.\n', 'utf8'));
    expect(await kindOf(read(text))).toBe('unsupported_format');
  });

  it('sniffs by content, not by name', () => {
    expect(sniffMediaType(goodPdf)).toBe('application/pdf');
    expect(sniffMediaType(goodPng)).toBe('image/png');
    expect(sniffMediaType(new Uint8Array(fs.readFileSync(path.join(scans, 'tesseract-test/arabic.tif'))))).toBe('image/tiff');
    expect(sniffMediaType(new Uint8Array(fs.readFileSync(path.join(scans, 'derived/muqtabas-p002-skew2.5-noisy-150dpi.jpg'))))).toBe('image/jpeg');
  });

  it('a truncated PDF is corrupt_file', async () => {
    for (const cut of [0.33, 0.66, 0.95]) {
      const truncated = goodPdf.subarray(0, Math.floor(goodPdf.length * cut));
      expect(await kindOf(read(truncated)), `cut at ${cut}`).toBe('corrupt_file');
    }
    expect(await kindOf(read(new Uint8Array(Buffer.from('%PDF-1.7\n garbage', 'latin1'))))).toBe('corrupt_file');
  });

  it('a truncated image is corrupt_file', async () => {
    expect(await kindOf(read(goodPng.subarray(0, Math.floor(goodPng.length / 2))))).toBe('corrupt_file');
    expect(await kindOf(read(goodPng.subarray(0, 40)))).toBe('corrupt_file');
  });

  it('a 30000×30000 image is image_too_large, refused from its header', async () => {
    const bomb = new Uint8Array(hugePngHeader(30000, 30000));
    const before = process.memoryUsage().rss;
    expect(await kindOf(read(bomb))).toBe('image_too_large');
    expect(await kindOf(() => renderPagePreview(bomb, 0, 800))).toBe('image_too_large');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024); // 900 MP was never allocated
  });

  it('a 30000×30000 WebP is image_too_large too', async () => {
    // Built from a 300×300 image by rewriting the VP8L header's dimensions (14 bits each, minus one).
    const webp = Buffer.from(await sharp({ create: { width: 300, height: 300, channels: 3, background: '#fff' } }).webp({ lossless: true }).toBuffer());
    expect(webp.toString('latin1', 12, 16)).toBe('VP8L');
    const bits = ((30000 - 1) & 0x3fff) | (((30000 - 1) & 0x3fff) << 14) | (webp.readUInt32LE(21) & ~0x0fffffff);
    webp.writeUInt32LE(bits >>> 0, 21);
    expect(await kindOf(read(new Uint8Array(webp)))).toBe('image_too_large');
  });

  it('a password-protected PDF is encrypted_pdf', async () => {
    const locked = new Uint8Array(encryptedPdf());
    expect(await kindOf(read(locked))).toBe('encrypted_pdf');
    expect(await kindOf(() => pageCount(locked))).toBe('encrypted_pdf');
  });

  it(`a PDF of more than ${MAX_PAGES} pages is too_many_pages; one at the limit opens`, async () => {
    expect(await kindOf(read(pdfWithPages(MAX_PAGES + 1)))).toBe('too_many_pages');
    expect(await pageCount(pdfWithPages(MAX_PAGES))).toBe(MAX_PAGES);
  });

  it('a page outside the document is not_found in the preview', async () => {
    expect(await kindOf(() => renderPagePreview(goodPdf, 3, 800))).toBe('not_found');
    expect(await kindOf(() => renderPagePreview(goodPng, 1, 800))).toBe('not_found');
  });
});
