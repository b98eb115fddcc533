/**
 * Continuations over the real services (real SQLite file, blob store, tesseract.js with one worker):
 * a fixture letter is registered and its stamp label printed (`registry.label`, rasterised by pdf.js);
 * a "second page" — another fixture letter's page with that label pasted on — is read on intake, found
 * to carry the registration's code and to bring new pages, and attached with
 * `registry.attachContinuation`: the record lists it as a continuation, search finds its text, and the
 * archival PDF holds its page after the letter's (pdfinfo, pdftotext). A foreign barcode finds nothing;
 * attaching a registered document, or to an annulled registration, is refused with a clear error.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis, RegistrationSummary } from '../../../shared/contract/index.ts';
import { normalise } from '../../../shared/text/normalise.ts';
import { openPdf, renderPdfPage } from '../documents/pdf.ts';
import { encodePng } from '../ocr/page.ts';
import { createServices, type Services } from '../services.ts';
import { pdftotext } from './test-support.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../../shared/fixtures');
const LETTER = path.join(fixtures, 'letters/letter-11-00.png');
const SECOND = path.join(fixtures, 'letters/letter-11-01.jpg');
if (!fs.existsSync(LETTER) || !fs.existsSync(SECOND)) throw new Error(`fixtures missing under ${fixtures} (the shared fixtures folder must sit beside the repository)`);

/** Letters and digits only, normalised, in order (pdftotext moves punctuation around numbers). */
const letters = (s: string) => normalise(s).replace(/[^\p{L}\p{N}]+/gu, '');

function pdfPages(bytes: Uint8Array): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-info-'));
  try {
    const file = path.join(dir, 'in.pdf');
    fs.writeFileSync(file, bytes);
    const m = /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file]).toString('utf8'));
    return Number(m?.[1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('a scanned page carrying our label: continuation of its registration', () => {
  let dataDir: string;
  let services: Services;
  let registration: RegistrationSummary;
  let second: Analysis;
  let secondBytes: Buffer;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-desk-continuation-'));
    services = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'clerk' });
    registration = (await services.importFile(LETTER)).registration!;
    // Its label, printed and stuck on the next sheet of the letter, scanned later.
    const label = await services.handlers['registry.label']({ registryNumber: registration.registryNumber, register: 'incoming' });
    const doc = await openPdf(Buffer.from(label.dataBase64, 'base64'));
    let labelPng: Uint8Array;
    try {
      labelPng = await encodePng(await renderPdfPage(doc, 0, 200));
    } finally {
      await doc.close();
    }
    // The top half of another letter's page stands for the next sheet (half the OCR work), the label at its foot.
    const meta = await sharp(SECOND).metadata();
    const width = meta.width ?? 1700;
    const height = Math.round((meta.height ?? 2300) * 0.5);
    const page = await sharp(SECOND)
      .extract({ left: 0, top: 0, width, height })
      .greyscale()
      .composite([{ input: Buffer.from(labelPng), left: Math.round(width * 0.05), top: height - 260 }])
      .png()
      .toBuffer();
    secondBytes = page;
    second = await services.handlers['intake.analyse']({ fileName: 'page-2.png', dataBase64: page.toString('base64') });
  }, 240_000);

  afterAll(async () => {
    await services?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds the registration, attaches the page as its continuation, and shows it in the record, search and archival PDF', async () => {
    expect(second.alreadyRegistered).toBeNull();
    expect(second.matchesRegistration).toEqual({ register: 'incoming', registryNumber: registration.registryNumber, relation: 'continuation', annulled: false });

    const before = await services.handlers['registry.archivalPdf']({ registryNumber: registration.registryNumber, register: 'incoming', regenerate: false });
    expect(before.pageCount).toBe(1);

    // Unattended intake does not register it as a new letter: it is held for a clerk, nothing lost.
    await expect(services.importBytes(secondBytes, 'page-2.png')).rejects.toMatchObject({
      kind: 'held_for_clerk',
      details: { reason: 'continuation', registryNumber: registration.registryNumber },
    });
    expect(services.registry.page({ register: null, offset: 0, limit: 5 }).total).toBe(1);

    const record = await services.handlers['registry.attachContinuation']({ documentSha256: second.sha256, registryNumber: registration.registryNumber, register: 'incoming' });
    expect(record.registryNumber).toBe(registration.registryNumber);
    expect(record.documents.map((d) => [d.role, d.fileName, d.pageCount])).toEqual([
      ['main', 'letter-11-00.png', 1],
      ['continuation', 'page-2.png', 1],
    ]);
    expect(record.history.at(-1)).toMatchObject({ action: 'continuation_attached', operator: 'clerk', details: { documentSha256: second.sha256, fileName: 'page-2.png' } });
    // No new registration, no new number.
    expect(services.registry.page({ register: null, offset: 0, limit: 5 }).total).toBe(1);

    // Search finds the registration by a word only the continuation holds.
    const mainText = letters(services.registry.show({ registryNumber: registration.registryNumber, register: 'incoming' }).pages.map((p) => p.text).join(' '));
    const word = second.pages[0]!.text
      .split(/\s+/)
      .map((w) => w.replace(/[^\p{L}]/gu, ''))
      .find((w) => w.length >= 5 && /\p{Script=Arabic}/u.test(w) && !mainText.includes(letters(w)));
    expect(word).toBeDefined();
    const hits = await services.handlers['registry.search']({ query: word!, limit: 10, beforeId: null });
    expect(hits.items.map((h) => h.registryNumber)).toEqual([registration.registryNumber]);

    // The archival PDF is built again with the continuation's page after the letter's.
    const pdf = await services.handlers['registry.archivalPdf']({ registryNumber: registration.registryNumber, register: 'incoming', regenerate: false });
    expect(pdf.generated).toBe(true);
    expect(pdf.pageCount).toBe(2);
    const bytes = Buffer.from(pdf.dataBase64, 'base64');
    expect(pdfPages(bytes)).toBe(2);
    const page2 = letters(pdftotext(bytes, ['-f', '2', '-l', '2']));
    expect(page2).toContain(letters(word!));
    expect(letters(pdftotext(bytes, ['-f', '1', '-l', '1']))).not.toContain(letters(word!));
    // Asked again: the stored one, unchanged.
    const stored = await services.handlers['registry.archivalPdf']({ registryNumber: registration.registryNumber, register: 'incoming', regenerate: false });
    expect(stored).toMatchObject({ generated: false, sha256: pdf.sha256, pageCount: 2 });

    // Read again on intake: already part of the registration, nothing more to attach.
    const reread = await services.handlers['intake.analyse']({ fileName: 'page-2 again.png', dataBase64: secondBytes.toString('base64') });
    expect(reread.matchesRegistration).toMatchObject({ registryNumber: registration.registryNumber, relation: 'attached' });
  }, 180_000);

  it('refuses a document already registered, an unknown number and an annulled registration; a foreign barcode finds nothing', async () => {
    const main = services.registry.show({ registryNumber: registration.registryNumber, register: 'incoming' }).documents[0]!;
    await expect(services.handlers['registry.attachContinuation']({ documentSha256: main.sha256, registryNumber: registration.registryNumber, register: 'incoming' })).rejects.toMatchObject({
      kind: 'duplicate_file',
      details: { registryNumber: registration.registryNumber },
    });

    // A page with a foreign label: a long parcel number (Code 128) and another system's QR code.
    const code128 = await bwipjs.toBuffer({ bcid: 'code128', text: '202600004220260000422026', scale: 3, height: 12, paddingwidth: 10, paddingheight: 10, backgroundcolor: 'FFFFFF' } as never);
    const qr = await bwipjs.toBuffer({ bcid: 'qrcode', text: `RD1:I:${registration.registryNumber}`, scale: 4, paddingwidth: 4, paddingheight: 4, backgroundcolor: 'FFFFFF' } as never);
    const foreignPage = await sharp({ create: { width: 900, height: 500, channels: 3, background: '#ffffff' } })
      .composite([
        { input: code128, left: 40, top: 40 },
        { input: qr, left: 600, top: 200 },
      ])
      .greyscale()
      .png()
      .toBuffer();
    const foreign = await services.handlers['intake.analyse']({ fileName: 'foreign.png', dataBase64: foreignPage.toString('base64') });
    expect(foreign.matchesRegistration).toBeNull();
    expect(foreign.pages[0]!.registryCodes ?? []).toEqual([]);

    await expect(services.handlers['registry.attachContinuation']({ documentSha256: foreign.sha256, registryNumber: '2026/999999', register: 'incoming' })).rejects.toMatchObject({ kind: 'not_found' });

    // An annulled registration takes nothing.
    const other = (await services.importBytes(await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fafafa' } }).png().toBuffer(), 'other.png')).registration!;
    const request = await services.handlers['registry.requestAnnulment']({ registryNumber: other.registryNumber, register: 'incoming', reason: 'قيد بالخطأ' });
    await services.handlers['registry.approveAnnulment']({ requestId: request.id, authorisingReference: 'قرار 1/2026' });
    const refused = await services.handlers['registry.attachContinuation']({ documentSha256: foreign.sha256, registryNumber: other.registryNumber, register: 'incoming' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'validation' });
    expect((refused as Error).message).toMatch(/annulled/);
    // Nothing was attached anywhere.
    expect(services.registry.show({ registryNumber: other.registryNumber, register: 'incoming' }).documents).toHaveLength(1);
    expect(services.registry.registrationOfDocument(foreign.sha256)).toBeNull();
  }, 120_000);
});
