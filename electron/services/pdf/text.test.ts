import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { openPdf, pdfPageText } from '../documents/pdf.ts';
import { judgeTextLayer } from '../documents/text-layer.ts';
import { createTextWriter, loadFontChain, layoutLine } from './index.ts';
import { pdftotext, squeeze } from './test-support.ts';

async function pdfWithLines(lines: string[], options: { invisible?: boolean } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const writer = await createTextWriter(doc);
  let y = 800;
  for (const line of lines) {
    writer.drawLine(page, line, { x: 560, y, size: 14, align: 'right', invisible: options.invisible });
    y -= 28;
  }
  return doc.save();
}

const STAMP = 'وارد رقم 2026/000125 بتاريخ 29/11/2026';
const MIXED = 'تم استلام كتاب Ministry of Finance رقم ١٢٣٤ بتاريخ ٢٠٢٦/١١/٢٩';
const SHAPING = 'الموضوع (طلب) لا إلا يم تم لإدارة الشؤون القانونية';

describe('layoutLine', () => {
  const fonts = loadFontChain('regular');

  it('orders runs visually and pre-reverses the digit runs fontkit would flip', () => {
    const runs = layoutLine(MIXED, fonts, 'rtl').runs;
    // Left to right on the page: the date, بتاريخ, the number, رقم, the Latin name, the Arabic start.
    expect(runs.map((r) => r.logical.trim())).toEqual(['٢٠٢٦/١١/٢٩', 'بتاريخ', '١٢٣٤', 'رقم', 'Ministry of Finance', 'تم استلام كتاب']);
    const date = runs[0]!;
    expect(date.level).toBe(2);
    // Arabic-Indic digits are Arabic script: fontkit lays them right to left, so they are handed reversed.
    expect(date.text).toBe('٩٢/١١/٦٢٠٢');
    expect(fonts[0]!.parsed.layout(date.text).direction).toBe('rtl');
    // European digits are laid left to right by fontkit: handed as written.
    const western = layoutLine(STAMP, fonts, 'rtl').runs.find((r) => r.logical === '2026/000125')!;
    expect(western.text).toBe('2026/000125');
  });

  it('shapes an Arabic run that follows a Latin word (its own run, so fontkit sees Arabic first)', () => {
    const runs = layoutLine('Registry Desk رقم القيد', fonts, 'auto').runs;
    expect(runs[0]!.logical).toBe('Registry Desk ');
    const arabic = runs[1]!;
    expect(arabic.logical).toBe('رقم القيد');
    const names = fonts[0]!.parsed.layout(arabic.seen).glyphs.map((g) => g.name);
    expect(names.some((n) => n?.includes('.init'))).toBe(true);
    expect(names.some((n) => n?.includes('.fina'))).toBe(true);
  });

  it('mirrors brackets in the seen text of a right-to-left run, never in the extractable text', () => {
    const run = layoutLine('(طلب)', fonts, 'rtl').runs[0]!;
    expect(run.text).toBe('(طلب)');
    expect(run.seen).toBe(')طلب(');
    // Left to right on the page: an opening-looking bracket, the word, a closing-looking bracket.
    const names = fonts[0]!.parsed.layout(run.seen).glyphs.map((g) => g.name);
    expect(names[0]).toBe('parenleft');
    expect(names[names.length - 1]).toBe('parenright');
  });

  it('takes odd input without throwing: empty, blanks, bidi controls, characters no font has', () => {
    expect(layoutLine('', fonts).runs).toEqual([]);
    expect(layoutLine('   \n ', fonts).runs).toEqual([]);
    const runs = layoutLine('\u202bرقم\u202c \u200f١٢\u200e 😀', fonts).runs;
    expect(runs.map((r) => r.logical).join('')).not.toMatch(/[\u200e\u200f\u202a-\u202e]/);
    expect(runs.length).toBeGreaterThan(0);
  });
});

describe('createTextWriter', () => {
  it('draws Arabic with Western and Arabic-Indic digits that pdftotext gives back in logical order', async () => {
    const bytes = await pdfWithLines([STAMP, MIXED, SHAPING]);
    const lines = pdftotext(bytes).split('\n').filter((l) => l.trim());
    expect(lines.map(squeeze)).toEqual([STAMP, MIXED, SHAPING].map(squeeze));
    const all = lines.join('\n');
    expect(all).not.toContain('6202');
    expect(all).not.toContain('٦٢٠٢');
    expect(all).toContain('2026/000125');
    expect(all).toContain('٢٠٢٦/١١/٢٩');
    // No presentation forms: each glyph maps back to the letter as written (تم, not يم; lam-alef as two letters).
    expect(all).not.toMatch(/[\uFB50-\uFDFF\uFE70-\uFEFF]/);
  });

  it('writes text pdf.js (our own import path) also reads as a usable logical-order text layer', async () => {
    const bytes = await pdfWithLines([STAMP, MIXED, SHAPING, 'الرجاء التكرم بالاطلاع واتخاذ ما يلزم بشأن الموضوع المشار إليه أعلاه']);
    const pdf = await openPdf(bytes);
    try {
      const text = await pdfPageText(pdf, 0);
      expect(judgeTextLayer(text).usable).toBe(true);
      expect(squeeze(text)).toContain(squeeze('يم تم لإدارة الشؤون القانونية'));
    } finally {
      await pdf.close();
    }
  });

  it('draws the same extractable text invisibly (text layer) and nothing is painted', async () => {
    const bytes = await pdfWithLines([STAMP], { invisible: true });
    expect(squeeze(pdftotext(bytes))).toBe(squeeze(STAMP));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-ink-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.pdf'), bytes);
      execFileSync('pdftoppm', ['-r', '30', '-gray', '-f', '1', '-l', '1', path.join(dir, 'a.pdf'), path.join(dir, 'p')]);
      const pgm = fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.pgm'))!));
      const pixels = pgm.subarray(pgm.length - 248 * 351);
      expect(Math.min(...pixels)).toBe(255);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('measures and aligns: right-aligned lines end at x, wrapped lines fit the width and keep every word', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 400]);
    const writer = await createTextWriter(doc);
    const width = writer.measure(STAMP, 12);
    expect(width).toBeGreaterThan(100);
    expect(writer.measure(STAMP, 24)).toBeCloseTo(width * 2, 5);
    const drawn = writer.drawLine(page, STAMP, { x: 280, y: 300, size: 12 });
    expect(drawn.left + drawn.width).toBeCloseTo(280, 5);
    const paragraph = `${SHAPING} ${MIXED} ${STAMP}`;
    const { lines } = writer.drawParagraph(page, paragraph, { x: 20, y: 200, size: 12, width: 200 });
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(writer.measure(line, 12)).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe(paragraph);
    const extracted = pdftotext(await doc.save());
    expect(squeeze(extracted)).toBe(squeeze([STAMP, ...lines].join('')));
  });
});
