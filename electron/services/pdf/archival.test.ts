/**
 * The archival PDF and the stamp, end to end over the real services (real SQLite file, blob store,
 * tesseract.js with one worker): a fixture letter is imported, its archival PDF built and stored, and
 * read back with poppler's pdftotext and with OCR of the page rendered by pdf.js; then the stamped PDF,
 * and a scan of the letter carrying its label, are recognised as that registration on intake.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrationSummary } from '../../../shared/contract/index.ts';
import { normalise } from '../../../shared/text/normalise.ts';
import { openPdf, renderPdfPage } from '../documents/pdf.ts';
import { createOcrPool } from '../ocr/index.ts';
import { encodePng } from '../ocr/page.ts';
import { dataLayout } from '../paths.ts';
import { createServices, type Services } from '../services.ts';
import { encodeRegistryCode, qrPng, readRegistryCodes } from './barcode.ts';
import { STAMP_BAND_PT } from './archival.ts';
import { stampLines } from './stamp.ts';
import { pdftotext, squeeze } from './test-support.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../../shared/fixtures');
const LETTER = path.join(fixtures, 'letters/letter-11-00.png');
if (!fs.existsSync(LETTER)) throw new Error(`fixture missing: ${LETTER} (the shared fixtures folder must sit beside the repository)`);

/** Normalised for comparison (shared/text rules) with every blank removed. */
const key = (s: string) => squeeze(normalise(s));
/**
 * Only the letters and digits, normalised, in order. pdftotext re-runs bidi on what it reads and moves
 * a colon or slash that sits between Arabic and a number to the number's other side (`الرقم: 3` comes
 * back `الرقم3 :`), whoever made the PDF; letters and digits must come back exactly, in logical order.
 */
const letters = (s: string) => normalise(s).replace(/[^\p{L}\p{N}]+/gu, '');

describe('archival PDF of a registration', () => {
  let dataDir: string;
  let services: Services;
  let registration: RegistrationSummary;
  let pdf: Buffer;
  let sha256: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-desk-archival-'));
    services = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'clerk', clock: () => new Date('2026-11-29T08:30:00Z') });
    await services.handlers['settings.update']({ agencyNameAr: 'وزارة الأشغال العامة' });
    const imported = await services.importFile(LETTER);
    registration = imported.registration!;
    const out = await services.handlers['registry.archivalPdf']({ registryNumber: registration.registryNumber, register: 'incoming', regenerate: false });
    expect(out.generated).toBe(true);
    pdf = Buffer.from(out.dataBase64, 'base64');
    sha256 = out.sha256;
  }, 180_000);

  afterAll(async () => {
    await services?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is stored content-addressed, linked to the registration, and the same bytes when rebuilt', async () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.readFileSync(path.join(dataLayout(dataDir).blobs, sha256.slice(0, 2), sha256)).equals(pdf)).toBe(true);
    const again = await services.handlers['registry.archivalPdf']({ registryNumber: registration.registryNumber, register: null, regenerate: false });
    expect(again).toMatchObject({ sha256, generated: false, pageCount: 1 });
    const rebuilt = await services.handlers['registry.archivalPdf']({ registryNumber: registration.registryNumber, register: null, regenerate: true });
    expect(rebuilt).toMatchObject({ sha256, generated: true });
    const detail = await services.handlers['registry.show']({ registryNumber: registration.registryNumber, register: null });
    const events = detail.history.filter((h) => h.action === 'archival_pdf');
    expect(events).toHaveLength(1); // rebuilding the same bytes records nothing new
    expect(events[0]!.details).toMatchObject({ sha256, pageCount: 1 });
  });

  it('carries the stored OCR text as an invisible layer that pdftotext gives back in logical order', async () => {
    const detail = await services.handlers['registry.show']({ registryNumber: registration.registryNumber, register: null });
    const stored = detail.pages[0]!.text.split('\n').filter((l) => l.trim() !== '');
    const raw = pdftotext(pdf);
    const extracted = letters(raw);
    // Every OCR line comes back whole, and the lines in reading order. A line that mixes European and
    // Arabic-Indic digits (OCR noise in a reference number, here `ص/71١٠/1//:/3`) is left out: the
    // extractor's own reordering of such runs differs from the Unicode algorithm's.
    const mixed = (l: string) => /[0-9]/.test(l) && /[٠-٩]/.test(l);
    expect(stored.filter(mixed).length).toBeLessThanOrEqual(1);
    let at = 0;
    for (const line of stored.filter((l) => !mixed(l))) {
      const i = extracted.indexOf(letters(line), at);
      expect(i, `not found in order: ${line}`).toBeGreaterThanOrEqual(0);
      at = i + letters(line).length;
    }
    // And most lines come back character for character, punctuation included.
    const exact = stored.filter((line) => key(raw).includes(key(line)));
    expect(exact.length / stored.length).toBeGreaterThanOrEqual(0.75);
    expect(raw).not.toMatch(/[\uFB50-\uFDFF\uFE70-\uFEFF]/);
  });

  it('has the registry stamp on the first page: pdftotext and OCR of the rendered page read what was written', async () => {
    const lines = stampLines({ agencyName: 'وزارة الأشغال العامة', register: 'incoming', registryNumber: registration.registryNumber, registrationDate: registration.registrationDate });
    expect(lines[0]).toBe('وزارة الأشغال العامة');
    expect(lines[2]).toBe(`رقم القيد ${registration.registryNumber}`);
    const text = pdftotext(pdf).split('\n').filter((l) => l.trim() !== '');
    expect(text.slice(0, lines.length).map(squeeze)).toEqual(lines.map(squeeze));

    // The page as a scanner or a viewer sees it: rendered by pdf.js at 300 dpi; the stamp's text block
    // (right of the QR code) read by tesseract.js, one worker.
    const doc = await openPdf(pdf);
    let page;
    try {
      page = await renderPdfPage(doc, 0, 300);
    } finally {
      await doc.close();
    }
    const px = (pt: number) => Math.round((pt * 300) / 72);
    const crop = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
      .extract({ left: px(100), top: 0, width: px(280), height: px(STAMP_BAND_PT) })
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pool = createOcrPool({ size: 1 });
    try {
      const png = await encodePng({ data: crop.data, width: crop.info.width, height: crop.info.height, dpi: 300 });
      const read = await pool.recognise(png, { segmentation: 'single_block', languages: 'ara' });
      const ocrLines = read.text.split('\n').filter((l) => l.trim() !== '');
      expect(ocrLines.map(key)).toEqual(lines.map(key));
      expect((await readRegistryCodes(page)).codes).toEqual([{ register: 'incoming', registryNumber: registration.registryNumber }]);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('is recognised on intake as that registration (its code in the text layer), not as a new letter', async () => {
    const analysis = await services.handlers['intake.analyse']({ fileName: 'archived.pdf', dataBase64: pdf.toString('base64') });
    expect(analysis.alreadyRegistered).toBeNull();
    expect(analysis.matchesRegistration).toMatchObject({ register: 'incoming', registryNumber: registration.registryNumber, annulled: false });
  });

  it('recognises a scan of the letter carrying its label; a code of ours naming no registration is ignored', async () => {
    const label = await services.handlers['registry.label']({ registryNumber: registration.registryNumber, register: null });
    expect(label).toMatchObject({ widthMm: 62, heightMm: 29 });
    const labelDoc = await openPdf(Buffer.from(label.dataBase64, 'base64'));
    let labelImage;
    try {
      labelImage = await renderPdfPage(labelDoc, 0, 200);
    } finally {
      await labelDoc.close();
    }
    const letter = sharp(LETTER).greyscale();
    const meta = await letter.metadata();
    const labelPng = await encodePng(labelImage);
    const scan = await sharp(LETTER)
      .greyscale()
      .composite([{ input: Buffer.from(labelPng), left: Math.round((meta.width ?? 1700) * 0.05), top: Math.round((meta.height ?? 2300) * 0.82) }])
      .png()
      .toBuffer();
    const analysis = await services.handlers['intake.analyse']({ fileName: 'rescan.png', dataBase64: scan.toString('base64') });
    expect(analysis.alreadyRegistered).toBeNull();
    // A re-scan of the registered page: nothing to attach (registry/continuation.ts).
    expect(analysis.matchesRegistration).toEqual({ register: 'incoming', registryNumber: registration.registryNumber, relation: 'rescan', annulled: false });
    expect(analysis.pages[0]!.registryCodes).toEqual([{ register: 'incoming', registryNumber: registration.registryNumber }]);

    // Our code for a number this desk never gave: read, not matched.
    const stranger = await qrPng(encodeRegistryCode({ register: 'incoming', registryNumber: '2026/999999' }), 6);
    const other = await sharp(LETTER)
      .greyscale()
      .composite([{ input: Buffer.from(stranger), left: 60, top: 60 }])
      .png()
      .toBuffer();
    const unknown = await services.handlers['intake.analyse']({ fileName: 'other.png', dataBase64: other.toString('base64') });
    expect(unknown.pages[0]!.registryCodes).toEqual([{ register: 'incoming', registryNumber: '2026/999999' }]);
    expect(unknown.matchesRegistration).toBeNull();
  }, 120_000);

  it('refuses an unknown registry number', async () => {
    await expect(services.handlers['registry.archivalPdf']({ registryNumber: '2026/999999', register: null, regenerate: false })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(services.handlers['registry.label']({ registryNumber: '2026/999999', register: null })).rejects.toMatchObject({ kind: 'not_found' });
  });
});
