/**
 * Pages for scan tests, made from the shared fixtures at run time: blank pages with the paper, noise
 * and show-through of a real scan, a page holding one short line cut from a letter, a separator
 * sheet, and bad files a scan folder can receive (a repairable and an unrepairable broken
 * cross-reference table, a 200-page TIFF).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { GreyPage } from '../../electron/services/ocr/page.ts';
import { separatorQrPng } from '../../electron/services/scan/separator.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const fixtures = path.resolve(repoRoot, '../shared/fixtures');
export const letters = path.join(fixtures, 'letters');

/** Fails clearly when the shared fixtures are not beside the clone. */
export function requireFixtures(): void {
  if (!fs.existsSync(letters)) throw new Error(`fixtures missing: ${letters}`);
}

/** Decodes any image file to a grey page. */
export async function greyOf(bytes: Uint8Array | string, maxSide?: number): Promise<GreyPage> {
  const { data, info } = await sharp(bytes)
    .resize(maxSide ? { width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true } : {})
    .flatten({ background: '#ffffff' }).greyscale().extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, dpi: null };
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A blank page as a desk scanner delivers it, from a fixture letter: the letter's own paper colour
 * (its brightest tenth), Gaussian-like sensor noise of ±`noise` levels, `specks` dust specks of
 * 1–2 px, and optionally the letter mirrored at `showThrough` contrast (text of the other side).
 */
export async function blankScanFrom(letterFile: string, o: { noise?: number; specks?: number; showThrough?: number; greyPaper?: number; seed?: number } = {}): Promise<GreyPage> {
  const src = await greyOf(letterFile, 1400); // about 150 dpi, as a batch is scanned
  const sorted = Uint8Array.from(src.data).sort();
  const paper = (sorted[Math.floor(sorted.length * 0.9)] ?? 255) - (o.greyPaper ?? 0);
  const data = new Uint8Array(src.width * src.height).fill(paper);
  const rand = rng(o.seed ?? 1);
  if (o.showThrough) {
    for (let y = 0; y < src.height; y++) {
      for (let x = 0; x < src.width; x++) {
        const ink = 255 - src.data[y * src.width + (src.width - 1 - x)]!; // mirrored
        data[y * src.width + x] = Math.max(0, paper - Math.round(ink * o.showThrough));
      }
    }
  }
  if (o.noise) {
    for (let i = 0; i < data.length; i++) {
      const n = (rand() + rand() + rand() - 1.5) * (2 * o.noise) / 1.5;
      data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + n)));
    }
  }
  for (let k = 0; k < (o.specks ?? 0); k++) {
    const x = Math.floor(rand() * (src.width - 2));
    const y = Math.floor(rand() * (src.height - 2));
    const s = rand() < 0.5 ? 1 : 2;
    for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) data[(y + dy) * src.width + x + dx] = 20;
  }
  return { data, width: src.width, height: src.height, dpi: null };
}

/** A blank page like {@link blankScanFrom} carrying only a band of the letter (rows `from`–`to` as fractions of its height). */
export async function bandOf(letterFile: string, from: number, to: number): Promise<GreyPage> {
  const src = await greyOf(letterFile, 1400);
  const page = await blankScanFrom(letterFile, { noise: 4 });
  const y0 = Math.floor(src.height * from);
  const y1 = Math.floor(src.height * to);
  page.data.set(src.data.subarray(y0 * src.width, y1 * src.width), y0 * src.width);
  return page;
}

/** Encodes a grey page as PNG. */
export async function pngOf(page: GreyPage): Promise<Buffer> {
  return sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).png().toBuffer();
}

/** A separator sheet as scanned: an A4-ish page at `dpi` with the QR code and a printed caption area. */
export async function separatorScan(dpi = 150, noise = 3): Promise<GreyPage> {
  const w = Math.round(8.27 * dpi);
  const h = Math.round(11.69 * dpi);
  const qr = await separatorQrPng(Math.max(4, Math.round(dpi / 25)));
  const meta = await sharp(qr).metadata();
  const { data } = await sharp({ create: { width: w, height: h, channels: 3, background: '#f4f4f4' } })
    .composite([{ input: Buffer.from(qr), left: Math.round((w - (meta.width ?? 0)) / 2), top: Math.round(h / 4) }])
    .greyscale()
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rand = rng(7);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i]! + Math.round((rand() - 0.5) * 2 * noise)));
  return { data, width: w, height: h, dpi };
}

/** A tiny distinct PNG (`w`×`h` white with a few dark pixels placed by `seed`): fast to OCR, unique bytes. */
export async function tinyPng(seed: number, w = 48, h = 48): Promise<Buffer> {
  const px = Buffer.alloc(w * h, 255);
  const rand = rng(seed + 1);
  for (let k = 0; k < 4; k++) px[Math.floor(rand() * px.length)] = 0;
  px[seed % px.length] = 0;
  return sharp(px, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
}

/** A multi-page TIFF of `pages` tiny distinct pages. */
export async function manyPageTiff(pages: number): Promise<Buffer> {
  const frames = await Promise.all(Array.from({ length: pages }, (_, i) => tinyPng(10_000 + i, 32, 32)));
  return sharp(frames, { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
}

function classicPdf(objs: string[], opts: { rootRef?: string; breakOffsets?: boolean } = {}): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(opts.breakOffsets ? off + 37 : off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root ${opts.rootRef ?? '1 0 R'} >>\nstartxref\n${opts.breakOffsets ? xrefAt + 11 : xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const PAGE_OBJS = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
  '<< /Length 44 >>\nstream\nBT /F1 24 Tf 20 40 Td (Registry) Tj ET\nendstream',
  '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
];

/**
 * A one-page PDF whose cross-reference table and `startxref` point into the middle of objects.
 * pdf.js rebuilds the table by scanning the objects, so the letter is still readable.
 */
export function brokenXrefRepairablePdf(): Buffer {
  return classicPdf(PAGE_OBJS, { breakOffsets: true });
}

/**
 * A PDF whose cross-reference table is broken and whose trailer names a catalogue that does not
 * exist, so no table can be rebuilt into a document: `corrupt_file`.
 */
export function brokenXrefPdf(): Buffer {
  return classicPdf(PAGE_OBJS.map((o, i) => (i === 0 ? '<< /Type /Nothing >>' : o)).slice(0, 1), { rootRef: '9 0 R', breakOffsets: true });
}
