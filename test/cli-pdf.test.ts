/**
 * `registry-desk pdf` and `registry-desk label` over a real data folder: a letter PDF with a real text
 * layer (no OCR needed) is imported, then both commands write their PDFs, read back with pdftotext.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextWriter } from '../electron/services/pdf/index.ts';
import { pdftotext, squeeze } from '../electron/services/pdf/test-support.ts';
import { createServices } from '../electron/services/services.ts';
import { runCli } from './helpers/cli.ts';

const LETTER = [
  'وزارة الصحة',
  'الرقم: م/12/2026',
  'الموضوع: طلب تزويدنا بالبيانات المالية للعاملين في الإدارة',
  'تحية طيبة وبعد، نرجو التكرم بالإيعاز لمن يلزم بتزويدنا بالبيانات المطلوبة خلال أسبوعين من تاريخه.',
  'وتفضلوا بقبول فائق الاحترام والتقدير',
];

describe('registry-desk pdf / label', () => {
  let dir: string;
  let dataDir: string;
  let number: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-desk-cli-pdf-'));
    dataDir = path.join(dir, 'data');
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    const writer = await createTextWriter(doc);
    let y = 780;
    for (const line of LETTER) y = writer.drawParagraph(page, line, { x: 50, y, width: 495, size: 13 }).nextY - 6;
    const letter = path.join(dir, 'letter.pdf');
    fs.writeFileSync(letter, await doc.save());
    const services = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'clerk' });
    try {
      await services.handlers['settings.update']({ agencyNameAr: 'وزارة الأشغال العامة' });
      const r = await services.importFile(letter);
      expect(r.pageCount).toBe(1);
      number = r.registration!.registryNumber;
    } finally {
      await services.close();
    }
  }, 120_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the archival PDF: stamp first, then the letter text, in logical order', async () => {
    const out = path.join(dir, 'archival.pdf');
    const run = await runCli(['--data-dir', dataDir, 'pdf', number, '--out', out]);
    expect(run.code, run.err).toBe(0);
    const line = JSON.parse(run.out) as { file: string; sha256: string; pageCount: number; generated: boolean };
    expect(line).toMatchObject({ file: out, pageCount: 1, generated: true });
    const raw = pdftotext(fs.readFileSync(out));
    expect(squeeze(raw).startsWith(squeeze(`وزارة الأشغال العامة سجل الوارد رقم القيد ${number}`))).toBe(true);
    // The letter's own text, as its text layer gave it, follows in order (letters and digits compared:
    // the extractor moves a colon beside a number).
    const lettersOf = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '');
    let at = 0;
    for (const l of LETTER) {
      const i = lettersOf(raw).indexOf(lettersOf(l), at);
      expect(i, l).toBeGreaterThan(0);
      at = i;
    }
    const again = await runCli(['--data-dir', dataDir, 'pdf', number, '--out', out]);
    expect(JSON.parse(again.out)).toMatchObject({ sha256: line.sha256, generated: false });
  }, 60_000);

  it('writes the label; an unknown number or a missing --out fails', async () => {
    const out = path.join(dir, 'label.pdf');
    const run = await runCli(['--data-dir', dataDir, 'label', number, '--out', out]);
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ file: out, pageCount: 1, widthMm: 62, heightMm: 29 });
    expect(squeeze(pdftotext(fs.readFileSync(out)))).toContain(squeeze(`رقم القيد ${number}`));
    const unknown = await runCli(['--data-dir', dataDir, 'label', '2026/999999', '--out', out]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('not_found');
    expect((await runCli(['--data-dir', dataDir, 'pdf', number])).code).toBe(2);
  }, 60_000);
});
