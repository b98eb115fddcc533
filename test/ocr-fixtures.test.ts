/**
 * OCR quality on the real scans in ../shared/fixtures/scans (every file, every page): each is read
 * through the documents service with real tesseract.js, and its character error rate against the
 * ground truth must not rise above the recorded value (test/ocr-fixtures.thresholds.json) plus
 * {@link MARGIN}. CER: Levenshtein distance / ground-truth length, both sides through `normalise()`
 * with all white space removed (electron/services/ocr/cer.ts). Figures: docs/ocr-quality.md; the
 * measured values of the last run are written to test-artifacts/ocr-fixtures.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageAnalysis } from '../shared/contract/intake.ts';
import { readDocument } from '../electron/services/documents/index.ts';
import { characterErrorRate, createOcrPool, type OcrPool } from '../electron/services/ocr/index.ts';
import { listScans, SCAN_GROUND_TRUTH, SCANS_DIR } from './helpers/ocr-fixtures.ts';
import thresholds from './ocr-fixtures.thresholds.json' with { type: 'json' };

const repoRoot = path.resolve(import.meta.dirname, '..');
const scans = SCANS_DIR;
if (!fs.existsSync(scans)) throw new Error(`fixtures missing: ${scans} (clone the repository beside shared/)`);

/** Allowed CER rise over the recorded value (absolute), for engine nondeterminism across machines. */
const MARGIN = 0.03;

/** Which ground truth belongs to which scan (test/helpers/ocr-fixtures.ts). */
const GROUND_TRUTH = SCAN_GROUND_TRUTH;

interface Measured {
  pages: PageAnalysis[];
  cer: number[];
  seconds: number;
}

const recorded = thresholds as Record<string, number[]>;
const files = listScans(scans);
const results = new Map<string, Measured>();
let pool: OcrPool;
let wallSeconds = 0;

beforeAll(async () => {
  pool = createOcrPool();
  const t0 = performance.now();
  // All documents at once: the pool queues the pages, so every worker stays busy.
  await Promise.all(
    files.map(async (file) => {
      const truthFile = GROUND_TRUTH[file];
      if (!truthFile) return; // reported by the test below
      const truth = fs.readFileSync(path.join(scans, truthFile), 'utf8');
      const t = performance.now();
      const read = await readDocument(new Uint8Array(fs.readFileSync(path.join(scans, file))), path.basename(file), { ocr: pool });
      results.set(file, { pages: read.pages, cer: read.pages.map((p) => characterErrorRate(p.text, truth)), seconds: (performance.now() - t) / 1000 });
    }),
  );
  wallSeconds = (performance.now() - t0) / 1000;
  const out = path.join(repoRoot, 'test-artifacts');
  fs.mkdirSync(out, { recursive: true });
  const pages = [...results.values()].reduce((n, r) => n + r.pages.length, 0);
  fs.writeFileSync(
    path.join(out, 'ocr-fixtures.json'),
    JSON.stringify(
      {
        poolSize: pool.size,
        wallSeconds,
        pages,
        secondsPerPage: wallSeconds / pages,
        fixtures: Object.fromEntries(
          [...results].map(([f, r]) => [f, { cer: r.cer.map((c) => Math.round(c * 1000) / 1000), seconds: r.seconds, pages: r.pages.map(({ text, lowConfidenceWords, ...rest }) => ({ ...rest, chars: text.length, lowConfidenceWords: lowConfidenceWords.length })) }]),
        ),
      },
      null,
      2,
    ),
  );
}, 600_000);

afterAll(async () => {
  await pool?.close();
});

describe('OCR fixtures', () => {
  it('every scan has a ground truth and a recorded CER', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) {
      expect(GROUND_TRUTH[f], `${f}: add its ground truth to GROUND_TRUTH`).toBeDefined();
      expect(recorded[f], `${f}: record its CER in ocr-fixtures.thresholds.json`).toBeDefined();
    }
  });

  it.each(Object.keys(GROUND_TRUTH))('%s: CER within the recorded value', (file) => {
    const r = results.get(file);
    expect(r, `${file} was not read`).toBeDefined();
    const limits = recorded[file]!;
    expect(r!.cer).toHaveLength(limits.length);
    r!.cer.forEach((cer, i) => {
      expect(cer, `${file} page ${i + 1}: CER ${cer.toFixed(3)} > recorded ${limits[i]} + ${MARGIN}`).toBeLessThanOrEqual(limits[i]! + MARGIN);
    });
    for (const p of r!.pages) {
      expect(p.source).toBe('ocr');
      expect(p.text).not.toMatch(/[\u200E\u200F\u06CC\u06A9]/); // marks and Persian yeh/kaf are cleaned
      for (const w of p.lowConfidenceWords) {
        expect(w.end).toBeGreaterThan(w.start);
        expect(p.text.slice(w.start, w.end)).not.toMatch(/\s/);
      }
    }
  });

  it('turns sideways and upside-down pages upright', () => {
    expect(results.get('derived/muqtabas-p002-rot90.png')!.pages[0]!.rotation).toBe(270);
    expect(results.get('ocrmypdf/cardinal.pdf')!.pages.map((p) => p.rotation)).toEqual([0, 270, 180, 90]);
    expect(results.get('openarabicpe-ocr_training-data/oclc_4770057679-v_1-i_1-p_002.tif')!.pages[0]!.rotation).toBe(0);
  });

  it('chooses the page segmentation per page', () => {
    expect(results.get('ocrmypdf/linn.png')!.pages[0]!.segmentation).toBe('auto'); // two columns
    expect(results.get('tesseract-test/arabic.tif')!.pages[0]!.segmentation).toBe('single_block'); // one word
    expect(results.get('tabula-java/arabic.pdf')!.pages[0]!.segmentation).toBe('single_block'); // ruled table, rules removed
  });

  it('OCRs the presentation-form text layer of tabula-java/arabic.pdf instead of trusting it', () => {
    const page = results.get('tabula-java/arabic.pdf')!.pages[0]!;
    expect(page.source).toBe('ocr');
    expect(page.text).toContain('مرحبا');
    expect(page.text).not.toMatch(/[\uFB50-\uFDFF\uFE70-\uFEFF]/);
  });

});

// Speed is measured by bench/ocr (npm run bench:ocr), not asserted here; the figure is printed for the log.
afterAll(() => {
  const pages = [...results.values()].reduce((n, r) => n + r.pages.length, 0);
  if (pages > 0) console.log(`OCR fixtures: ${pages} pages in ${wallSeconds.toFixed(1)} s with ${pool.size} workers (${(wallSeconds / pages).toFixed(1)} s/page)`);
});
