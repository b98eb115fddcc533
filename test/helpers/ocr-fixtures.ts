/**
 * The OCR fixtures in ../shared/fixtures and their ground truth, shared by the fixture test
 * (test/ocr-fixtures.test.ts) and the OCR benchmark (bench/ocr/run.ts).
 *
 * - scans/: real printed pages; {@link SCAN_GROUND_TRUTH} maps each file (path under scans/) to its
 *   ground-truth text file, as ../shared/fixtures/README.md lists them; every page of a scan uses it.
 * - letters/: synthetic letters; the ground truth is the `text` of the scan's `letter-*.json`.
 */
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
/** Absolute path of ../shared/fixtures/scans. */
export const SCANS_DIR = path.resolve(repoRoot, '../shared/fixtures/scans');
/** Absolute path of ../shared/fixtures/letters. */
export const LETTERS_DIR = path.resolve(repoRoot, '../shared/fixtures/letters');

const P002 = 'openarabicpe-ocr_training-data/oclc_4770057679-v_1-i_1-p_002.txt';
/** Which ground truth belongs to which scan (../shared/fixtures/README.md); every page of a scan uses it. */
export const SCAN_GROUND_TRUTH: Record<string, string> = {
  'openarabicpe-ocr_training-data/oclc_4770057679-v_1-i_1-p_001.tif': 'openarabicpe-ocr_training-data/oclc_4770057679-v_1-i_1-p_001.txt',
  'openarabicpe-ocr_training-data/oclc_4770057679-v_1-i_1-p_002.tif': P002,
  'derived/muqtabas-p002-rot90.png': P002,
  'derived/muqtabas-p002-skew2.5-noisy-150dpi.jpg': P002,
  'tabula-java/arabic.pdf': 'tabula-java/arabic.pdf.gt.txt',
  'tesseract-test/arabic.tif': 'tesseract-test/arabic.tif.gt.txt',
  'tesseract-test/phototest.tif': 'tesseract-test/phototest.txt',
  'ocrmypdf/linn.png': 'ocrmypdf/linn.txt',
  'ocrmypdf/cardinal.pdf': 'ocrmypdf/linn.txt',
  'tesseract.js/bill.png': 'tesseract.js/bill.png.gt.txt',
};

/** Language(s) of each scan as README.md gives them: `ara`, `eng` or `ara+eng` (tesseract names). */
export const SCAN_LANGUAGES: Record<string, string> = {
  'openarabicpe-ocr_training-data/oclc_4770057679-v_1-i_1-p_001.tif': 'ara',
  'openarabicpe-ocr_training-data/oclc_4770057679-v_1-i_1-p_002.tif': 'ara',
  'derived/muqtabas-p002-rot90.png': 'ara',
  'derived/muqtabas-p002-skew2.5-noisy-150dpi.jpg': 'ara',
  'tabula-java/arabic.pdf': 'ara+eng',
  'tesseract-test/arabic.tif': 'ara',
  'tesseract-test/phototest.tif': 'eng',
  'ocrmypdf/linn.png': 'eng',
  'ocrmypdf/cardinal.pdf': 'eng',
  'tesseract.js/bill.png': 'eng',
};

/**
 * Every scan file under `dir` (recursive), as `/`-separated paths relative to it, sorted.
 * @param dir folder to list (default {@link SCANS_DIR}).
 */
export function listScans(dir: string = SCANS_DIR, rel = ''): string[] {
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listScans(dir, path.join(rel, e.name)) : /\.(png|jpe?g|tiff?|webp|pdf)$/i.test(e.name) ? [path.join(rel, e.name).split(path.sep).join('/')] : []))
    .sort();
}

/** One OCR fixture: the file, its ground truth, its languages. */
export interface OcrFixture {
  /** Display name: `scans/<path>` or `letters/<file>`. */
  name: string;
  /** Absolute path of the scan. */
  file: string;
  /** Ground-truth text (every page of the file is compared with it). */
  truth: string;
  /** tesseract language string for the fixture's content. */
  languages: string;
}

/**
 * The scans that have a ground truth, plus the letter scans (PNG/JPEG/TIFF, not their electronic PDFs).
 * @throws Error when ../shared/fixtures is absent (never skip silently).
 */
export function ocrFixtures(): OcrFixture[] {
  if (!fs.existsSync(SCANS_DIR) || !fs.existsSync(LETTERS_DIR)) throw new Error(`fixtures missing: ${SCANS_DIR} / ${LETTERS_DIR}`);
  const scans = listScans()
    .filter((f) => SCAN_GROUND_TRUTH[f])
    .map((f) => ({
      name: `scans/${f}`,
      file: path.join(SCANS_DIR, f),
      truth: fs.readFileSync(path.join(SCANS_DIR, SCAN_GROUND_TRUTH[f]!), 'utf8'),
      languages: SCAN_LANGUAGES[f] ?? 'ara+eng',
    }));
  const letters = fs
    .readdirSync(LETTERS_DIR)
    .filter((f) => /^letter-.*\.(png|jpe?g|tiff?)$/i.test(f))
    .sort()
    .map((f) => ({
      name: `letters/${f}`,
      file: path.join(LETTERS_DIR, f),
      truth: (JSON.parse(fs.readFileSync(path.join(LETTERS_DIR, f.replace(/\.[a-z]+$/i, '.json')), 'utf8')) as { text: string }).text,
      languages: 'ara',
    }));
  return [...scans, ...letters];
}
