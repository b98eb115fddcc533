/**
 * `intake.rerunOcr` through the services facade, with real tesseract.js (one worker) over a real data
 * folder: a page read again with other languages, rotation or segmentation gets new text and
 * confidence; the cached analysis and the suggestions follow; bad input gives translated error kinds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../shared/contract/dispatch.ts';
import type { Analysis } from '../shared/contract/index.ts';
import { createServices, type Services } from '../electron/services/services.ts';
import { LETTERS_DIR, SCANS_DIR } from './helpers/ocr-fixtures.ts';
import { tempDir } from './helpers/registry-fixture.ts';

/** An English page (640×480, "This is a lot of 12 point text to test the ocr code…"). */
const ENGLISH = path.join(SCANS_DIR, 'tesseract-test/phototest.tif');
/** An Arabic letter from the Ministry of Health (clean, 300 dpi). */
const LETTER = path.join(LETTERS_DIR, 'letter-11-07.png');

let services: Services;

async function analyse(file: string): Promise<Analysis> {
  const r = await dispatch(services.handlers, 'intake.analyse', { fileName: path.basename(file), dataBase64: fs.readFileSync(file).toString('base64') });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Analysis;
}

async function rerun(input: Record<string, unknown>): Promise<Analysis> {
  const r = await dispatch(services.handlers, 'intake.rerunOcr', input);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value as Analysis;
}

beforeAll(async () => {
  for (const f of [ENGLISH, LETTER]) if (!fs.existsSync(f)) throw new Error(`fixture missing: ${f}`);
  services = await createServices({ dataDir: tempDir(), ocrPoolSize: 1 });
});

afterAll(async () => services?.close());

describe('intake.rerunOcr', () => {
  it('reads an English page again with other languages and a turn, and keeps the result in the cache', async () => {
    const first = await analyse(ENGLISH);
    const page0 = first.pages[0]!;
    expect(page0.languages).toBe('eng'); // chosen from the script
    expect(page0.text).toMatch(/quick brown dog/);

    const arabic = await rerun({ sha256: first.sha256, page: 0, languages: 'ara' });
    const p = arabic.pages[0]!;
    expect(p.languages).toBe('ara');
    expect(p.text).not.toMatch(/quick brown dog/); // Latin read with the Arabic model is junk
    expect(p.confidence).not.toBe(page0.confidence);
    expect(arabic.meanConfidence).toBe(p.confidence);
    // The cache holds the new reading: analysing the same file again serves it.
    const cached = await analyse(ENGLISH);
    expect(cached.pages[0]!.text).toBe(p.text);
    expect(cached.pages[0]!.languages).toBe('ara');

    const turned = await rerun({ sha256: first.sha256, page: 0, languages: 'eng', rotation: 180, segmentation: 'single_block' });
    expect(turned.pages[0]).toMatchObject({ rotation: 180, segmentation: 'single_block', languages: 'eng' });
    expect(turned.pages[0]!.text).not.toMatch(/quick brown dog/);

    const back = await rerun({ sha256: first.sha256, page: 0, languages: 'eng', rotation: 0 });
    expect(back.pages[0]!.text).toMatch(/quick brown dog/);
    expect(back.pages[0]!.rotation).toBe(0);
    for (const w of back.pages[0]!.lowConfidenceWords) expect(back.pages[0]!.text.slice(w.start, w.end)).not.toMatch(/\s/);
  }, 120_000);

  it('recomputes the suggestions from the new text', async () => {
    const first = await analyse(LETTER);
    expect(first.suggestions.counterpart?.nameAr).toBe('وزارة الصحة');
    const english = await rerun({ sha256: first.sha256, page: 0, languages: 'eng' });
    expect(english.pages[0]!.text).not.toMatch(/[\u0600-\u06FF]{4}/); // no Arabic word survives the English model
    expect(english.suggestions.counterpart?.nameAr ?? null).not.toBe('وزارة الصحة');
    expect(english.alreadyRegistered).toBeNull();
  }, 120_000);

  it('refuses a page out of range, a document never analysed and unknown choices', async () => {
    const first = await analyse(ENGLISH);
    const outOfRange = await dispatch(services.handlers, 'intake.rerunOcr', { sha256: first.sha256, page: 1 });
    expect(outOfRange).toMatchObject({ ok: false, error: { kind: 'page_out_of_range', details: { page: 1, pages: 1 } } });
    const never = await dispatch(services.handlers, 'intake.rerunOcr', { sha256: 'ab'.repeat(32), page: 0 });
    expect(never).toMatchObject({ ok: false, error: { kind: 'not_analysed' } });
    const badLanguage = await dispatch(services.handlers, 'intake.rerunOcr', { sha256: first.sha256, page: 0, languages: 'fra' });
    expect(badLanguage).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const badRotation = await dispatch(services.handlers, 'intake.rerunOcr', { sha256: first.sha256, page: 0, rotation: 45 });
    expect(badRotation).toMatchObject({ ok: false, error: { kind: 'validation' } });
  }, 60_000);
});
