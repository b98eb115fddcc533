/**
 * Reading one page image: scale to ~300 dpi, find its orientation, choose the page-segmentation mode,
 * OCR, and clean the text. The choices and their measured effect are in docs/ocr-quality.md.
 */
import sharp, { type Sharp } from 'sharp';
import type { PageAnalysis } from '../../../shared/contract/intake.ts';
import type { OcrPool, OcrText, OrientationGuess, Segmentation } from './pool.ts';
import { removeRules } from './rules.ts';
import { hasColumns } from './layout.ts';
import { rereadFieldValues } from './field-lines.ts';

/** A decoded page: 8-bit greyscale pixels, one byte per pixel, row-major. */
export interface GreyPage {
  data: Uint8Array;
  width: number;
  height: number;
  /** Scan resolution when the file says so (pixels per inch), else null. */
  dpi: number | null;
}

/** Tunables; the defaults are what measured best on the fixtures. */
export interface PageReadOptions {
  signal?: AbortSignal;
  /** Force a segmentation mode instead of choosing. */
  segmentation?: Segmentation;
  /** Skip orientation detection. */
  noOrientation?: boolean;
  /** Target resolution for pages that say theirs (dpi). */
  targetDpi?: number;
  /** Skip the second reading of implausible letter-head reference numbers and dates (field-lines.ts). */
  noFieldReread?: boolean;
}

/** Pages whose longer side exceeds this (at unknown dpi) are scaled down to it (pixels). */
const MAX_SIDE = 3500;
/** Pages with a shorter side under this are scaled up (tiny images read badly). */
const MIN_SIDE = 300;
/** OSD runs on a copy whose longer side is at most this (pixels): cheaper, same answer. */
const OSD_SIDE = 2000;
/** Minimum OSD orientation confidence to turn a page. */
const OSD_MIN_CONFIDENCE = 1.5;
/** Below this OCR confidence (0..100) the other segmentation mode is tried too. */
const RETRY_BELOW = 75;

/** Scale factor to apply before OCR. */
export function scaleFor(page: Pick<GreyPage, 'width' | 'height' | 'dpi'>, targetDpi = 300): number {
  const longer = Math.max(page.width, page.height);
  const shorter = Math.min(page.width, page.height);
  let scale = 1;
  if (page.dpi !== null && page.dpi > targetDpi * 1.2) scale = targetDpi / page.dpi;
  if (longer * scale > MAX_SIDE) scale = MAX_SIDE / longer;
  if (shorter * scale < MIN_SIDE) scale = Math.min(4, MIN_SIDE / shorter);
  return scale;
}

function raw(page: GreyPage): Sharp {
  return sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } });
}

/** Scales a grey page (Lanczos down, cubic up); returns the page unchanged for a scale of ~1. */
export async function scaleGrey(page: GreyPage, scale: number): Promise<GreyPage> {
  if (Math.abs(scale - 1) < 0.02) return page;
  const width = Math.max(1, Math.round(page.width * scale));
  const height = Math.max(1, Math.round(page.height * scale));
  const { data, info } = await raw(page)
    .resize(width, height, { kernel: scale < 1 ? 'lanczos3' : 'cubic', fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, dpi: page.dpi === null ? null : page.dpi * scale };
}

/** Rotates a grey page clockwise by a multiple of 90°. */
export async function rotateGrey(page: GreyPage, degrees: 0 | 90 | 180 | 270): Promise<GreyPage> {
  if (degrees === 0) return page;
  const { data, info } = await raw(page).rotate(degrees).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, dpi: page.dpi };
}

/** PNG bytes of a grey page (fast compression: it only crosses to the OCR worker). */
export async function encodePng(page: GreyPage): Promise<Uint8Array> {
  return raw(page).png({ compressionLevel: 1 }).toBuffer();
}

/** Orientation of a page via OSD on a reduced copy; null when unknown or not confident. */
export async function detectOrientation(pool: OcrPool, page: GreyPage): Promise<OrientationGuess | null> {
  const longer = Math.max(page.width, page.height);
  const small = longer > OSD_SIDE ? await scaleGrey(page, OSD_SIDE / longer) : page;
  if (Math.min(small.width, small.height) < 150) return null; // too small to say anything
  return pool.detectOrientation(await encodePng(small));
}

/** OSD script confidence above which a page counts as Arabic-only (pure pages score 45–90, mixed ~10). */
const ARABIC_ONLY_SCRIPT_CONFIDENCE = 20;
/** OSD script confidence above which a page counts as Latin-only (English pages score 1.9–11; mixed or unclear pages below 1). */
const LATIN_ONLY_SCRIPT_CONFIDENCE = 1;

/**
 * Languages for a page from OSD's script guess. `ara+eng` reads some Arabic words as Latin junk
 * (CER 0.34 against 0.20 with `ara` alone on the clean journal page), so a page OSD calls clearly
 * Arabic is read with `ara`, a clearly Latin one with `eng`, and a mixed or unknown one with the default.
 */
export function chooseLanguages(defaults: string, guess: OrientationGuess | null): string {
  const langs = defaults.split('+');
  if (!guess || langs.length < 2) return defaults;
  if (guess.script === 'Arabic' && guess.scriptConfidence >= ARABIC_ONLY_SCRIPT_CONFIDENCE && langs.includes('ara')) return 'ara';
  if (guess.script === 'Latin' && guess.scriptConfidence >= LATIN_ONLY_SCRIPT_CONFIDENCE && langs.includes('eng')) return 'eng';
  return defaults;
}

/**
 * The first segmentation mode to try: automatic for pages with side-by-side columns (layout.ts),
 * single block otherwise — plain letters, single-column pages, and small images (a word, a line, a label).
 */
export function initialSegmentation(page: GreyPage): Segmentation {
  if (Math.min(page.width, page.height) < 700) return 'single_block';
  return hasColumns(page) ? 'auto' : 'single_block';
}

function better(a: OcrText, b: OcrText): OcrText {
  const ca = a.confidence ?? -1;
  const cb = b.confidence ?? -1;
  // A pass that reads almost nothing is not better for being confident about it.
  if (b.text.length < a.text.length * 0.5) return a;
  if (a.text.length < b.text.length * 0.5) return b;
  return cb > ca ? b : a;
}

/**
 * Reads one decoded page.
 * @param pool the OCR pool.
 * @param page greyscale pixels (any size; scaled here).
 * @param index 0-based page index in its document.
 * @returns the page's analysis: cleaned logical-order text, confidence, rotation and mode used.
 * @throws AppError('ocr_failed') from the engine; AbortError when `opts.signal` aborts.
 */
export async function readPageImage(pool: OcrPool, page: GreyPage, index: number, opts: PageReadOptions = {}): Promise<PageAnalysis> {
  let img = await scaleGrey(page, scaleFor(page, opts.targetDpi));
  let rotation: 0 | 90 | 180 | 270 = 0;
  let languages = pool.languages;
  if (!opts.noOrientation) {
    let guess = await detectOrientation(pool, img);
    if (guess && guess.confidence >= OSD_MIN_CONFIDENCE && guess.degrees !== 0) {
      rotation = guess.degrees;
      img = await rotateGrey(img, rotation);
      // The script guess on a sideways page is unreliable; ask again upright (measured: a Latin page
      // turned 90° came back Arabic, and `ara` then ordered its columns right to left).
      guess = await detectOrientation(pool, img);
    }
    languages = chooseLanguages(pool.languages, guess);
  }
  // A ruled table: OCR it without its rules, as one block (auto mode reads it column by column).
  const rules = removeRules(img);
  const table = rules.horizontal >= 3 && rules.vertical >= 2;
  if (table) img = rules.page;
  const png = await encodePng(img);
  const first = opts.segmentation ?? (table ? 'single_block' : initialSegmentation(img));
  let result = await pool.recognise(png, { segmentation: first, languages, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (!opts.segmentation && (result.confidence ?? 0) < RETRY_BELOW) {
    const other: Segmentation = first === 'auto' ? 'single_block' : 'auto';
    const second = await pool.recognise(png, { segmentation: other, languages, ...(opts.signal ? { signal: opts.signal } : {}) });
    result = better(result, second);
  }
  if (!opts.noFieldReread) {
    result = { ...result, ...(await rereadFieldValues(pool, img, result, { languages, ...(opts.signal ? { signal: opts.signal } : {}) })) };
  }
  return {
    index,
    source: 'ocr',
    text: result.text,
    confidence: result.confidence === null ? null : Math.round(result.confidence * 10) / 10,
    rotation,
    segmentation: result.segmentation,
    lowConfidenceWords: result.lowConfidenceWords,
    width: img.width,
    height: img.height,
    lines: result.lines,
  };
}
