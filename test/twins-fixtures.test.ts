/**
 * Twins on the shared fixture letters (real SQLite, real tesseract.js OCR, the `twins.*` handlers):
 * the `letter-*.electronic.pdf` of the scans below is read by the desk and registered as an
 * electronic letter with the fields of its JSON; the other letters are registered electronically
 * from their JSON text (as the exchange carries it; reading their PDFs would only cost OCR time:
 * their text layers use presentation forms, so the desk OCRs them). Then two of the scans — a noisy
 * 150 dpi JPEG, a fax-like TIFF with Arabic-Indic digits — are read and `twins.candidates`
 * must offer their own electronic registration first, and link nothing by asking.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../electron/services/services.ts';
import { sha256Hex } from '../electron/services/blobs/store.ts';
import { tempDir } from './helpers/registry-fixture.ts';

const lettersDir = path.resolve(import.meta.dirname, '../../shared/fixtures/letters');
const SCANS = ['letter-11-09.jpg', 'letter-11-11.tif'];

interface LetterJson {
  text: string;
  sender_code: string;
  sender_ar: string;
  reference_number: string;
  reference_date_gregorian: string;
  subject: string;
}

let services: Services;
let dataDir: string;
const clock = { now: new Date('2026-01-01T06:00:00Z') };
const registered = new Map<string, { id: number; registryNumber: string }>(); // letter stem → its electronic registration

function truth(stem: string): LetterJson {
  return JSON.parse(fs.readFileSync(path.join(lettersDir, `${stem}.json`), 'utf8')) as LetterJson;
}

/** An electronic letter known by its text (cached as a read text layer would be). */
function storeText(stem: string, text: string): { sha256: string } {
  const bytes = Buffer.from(`${stem}\n${text}`, 'utf8');
  const sha256 = sha256Hex(bytes);
  services.registry.putAnalysis({
    sha256,
    fileName: `${stem}.electronic.pdf`,
    mediaType: 'application/pdf',
    byteLength: bytes.length,
    pages: [{ index: 0, source: 'text-layer', text, confidence: null, rotation: 0, segmentation: null, lowConfidenceWords: [], width: 0, height: 0 }],
    meanConfidence: null,
    suggestions: { counterpart: null, referenceNumber: null, referenceDate: null, subject: null, attachmentsCount: null },
    durationMs: 0,
  });
  return { sha256 };
}

async function analyse(file: string) {
  const bytes = fs.readFileSync(path.join(lettersDir, file));
  return services.handlers['intake.analyse']({ fileName: file, dataBase64: bytes.toString('base64') });
}

beforeAll(async () => {
  if (!fs.existsSync(lettersDir)) throw new Error(`fixtures missing: ${lettersDir} (the shared fixtures must sit beside the repository)`);
  dataDir = tempDir('registry-desk-twins-fixtures-');
  services = await createServices({ dataDir, clock: () => clock.now, operator: () => 'clerk' });
  const stems = fs.readdirSync(lettersDir).filter((f) => f.endsWith('.electronic.pdf')).map((f) => f.replace('.electronic.pdf', '')).sort();
  expect(stems.length).toBeGreaterThanOrEqual(16);
  // Registered in date order, each two days after its date.
  const byDate = stems.map((s) => ({ s, t: truth(s) })).sort((a, b) => a.t.reference_date_gregorian.localeCompare(b.t.reference_date_gregorian));
  const twins = new Set(SCANS.map((f) => f.replace(/\.[a-z]+$/, '')));
  for (const { s, t } of byDate) {
    const a = twins.has(s) ? await analyse(`${s}.electronic.pdf`) : storeText(s, t.text);
    clock.now = new Date(`${t.reference_date_gregorian}T06:00:00Z`);
    clock.now.setUTCDate(clock.now.getUTCDate() + 2);
    const r = await services.handlers['registry.register']({
      documentSha256: a.sha256,
      direction: 'incoming',
      channel: 'electronic',
      documentation: null,
      transport: 'exchange',
      counterpart: { code: t.sender_code, name: t.sender_ar },
      referenceNumber: t.reference_number,
      referenceDate: t.reference_date_gregorian,
      subject: t.subject,
      classification: 'ordinary',
      priority: 'normal',
      attachmentsCount: 0,
      reRegistrationOf: null,
      dryRun: false,
    });
    registered.set(s, { id: r.registration!.id, registryNumber: r.registration!.registryNumber });
  }
}, 300_000);

afterAll(async () => {
  await services?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('twins among the fixture letters', () => {
  it.each(SCANS)('%s: its electronic registration is the first candidate', { timeout: 180_000 }, async (scan) => {
    const stem = scan.replace(/\.[a-z]+$/, '');
    const t = truth(stem);
    clock.now = new Date(`${t.reference_date_gregorian}T06:00:00Z`);
    clock.now.setUTCDate(clock.now.getUTCDate() + 10);
    const a = await analyse(scan);
    const r = await services.handlers['twins.candidates']({ documentSha256: a.sha256, channel: null });
    console.log(`${scan}: ${r.candidates.map((c) => `${c.registration.registryNumber} ${c.score} ${JSON.stringify(c.parts)}`).join(' | ') || 'no candidate'}`);
    expect(r.channel).toBe('paper');
    expect(r.candidates[0]?.registration.id).toBe(registered.get(stem)!.id);
    expect(r.candidates[0]!.pages[0]!.text).toContain(t.subject.slice(0, 12));
    // Nothing linked by asking.
    expect(services.registry.db.prepare("SELECT count(*) FROM registrations WHERE channel = 'both'").pluck().get()).toBe(0);
    // Unattended intake (import, batch, watched folder) does not number it again: it is held for a clerk.
    const before = services.registry.page({ register: null, offset: 0, limit: 1 }).total;
    await expect(services.importBytes(fs.readFileSync(path.join(lettersDir, scan)), scan)).rejects.toMatchObject({
      kind: 'held_for_clerk',
      details: { reason: 'twin', registryNumber: registered.get(stem)!.registryNumber },
    });
    expect(services.registry.page({ register: null, offset: 0, limit: 1 }).total).toBe(before);
  });
});
