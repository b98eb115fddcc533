/**
 * Reading one page image: scale to ~300 dpi, find its orientation, choose the page-segmentation mode,
 * OCR, and clean the text. The choices and their measured effect are in docs/ocr-quality.md.
 */
import sharp, { type Sharp } from 'sharp';
import type { PageAnalysis } from '../../../shared/contract/intake.ts';
import type { OcrPool, OcrText, OrientationGuess, Segmentation, Thresholding } from './pool.ts';
import { removeRules } from './rules.ts';
import { hasColumns } from './layout.ts';
import { rereadFieldValues } from './field-lines.ts';
import { deskewGrey, estimateSkew } from './deskew.ts';
import type { PlacedLine, PixelBox } from './text.ts';

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
  /** tesseract languages (`ara`, `eng`, `ara+eng`) instead of choosing them from OSD's script guess. */
  languages?: string;
  /** Clockwise turn (degrees) instead of detecting the orientation. */
  rotation?: 0 | 90 | 180 | 270;
  /** Most pixels handed to the OCR engine (default {@link MAX_OCR_PIXELS}); larger pages are reduced. */
  maxPixels?: number;
  /** Deskew: `auto` turns a page whose lines are off level by at least {@link MIN_DESKEW} degrees; `off` never (default {@link DEFAULT_DESKEW}). */
  deskew?: 'auto' | 'off';
  /** tesseract's binarisation (default {@link DEFAULT_THRESHOLDING}). */
  thresholding?: Thresholding;
}

/** Pages whose longer side exceeds this (at unknown dpi) are scaled down to it (pixels). */
const MAX_SIDE = 3500;
/**
 * Most pixels of the image handed to tesseract (about a letter page at 240 dpi). The engine's wasm heap
 * grows with the largest page it has read and never shrinks, so this bounds the OCR pool's memory
 * (bench/ocr, docs/ocr-quality.md: measured CER unchanged on the 8.4 MP English pages).
 */
export const MAX_OCR_PIXELS = 6_000_000;
/**
 * Smallest skew (degrees) worth turning a page for. Measured on the fixtures (docs/ocr-quality.md):
 * from 1.25° up, deskewing lowered CER on 4 of 7 pages (the 2.5° noisy scan 0.291 → 0.226) and raised
 * it slightly on 2 (+0.002, +0.007); between 0.4° and 0.85° it was mixed (one letter 0.173 → 0.340),
 * so there tesseract's own line finding is left to cope.
 */
export const MIN_DESKEW = 1;
/**
 * Deskew unless told otherwise: off. It lowered the mean CER of the skewed fixture pages but cost two
 * field suggestions on the letters (39 → 37 of 64), docs/ocr-quality.md ("Deskew and binarisation").
 */
export const DEFAULT_DESKEW: 'auto' | 'off' = 'off';
/** Binarisation used unless told otherwise (docs/ocr-quality.md). */
export const DEFAULT_THRESHOLDING: Thresholding = 'otsu';
/** Pages with a shorter side under this are scaled up (tiny images read badly). */
const MIN_SIDE = 300;
/** OSD runs on a copy whose longer side is at most this (pixels): cheaper, same answer. */
const OSD_SIDE = 2000;
/** Minimum OSD orientation confidence to turn a page. */
const OSD_MIN_CONFIDENCE = 1.5;
/** Below this OCR confidence (0..100) the other segmentation mode is tried too. */
const RETRY_BELOW = 75;

/**
 * Scale factor to apply before OCR: towards `targetDpi` for pages that declare more than 1.2× it, then
 * down to at most {@link MAX_SIDE} px on the longer side and `maxPixels` pixels in all, then up for
 * tiny images (shorter side under 300 px, at most 4×).
 * @param page size in pixels and declared resolution (dpi, or null).
 * @param targetDpi default 300. @param maxPixels default {@link MAX_OCR_PIXELS}.
 * @returns the factor (1 = unchanged).
 */
export function scaleFor(page: Pick<GreyPage, 'width' | 'height' | 'dpi'>, targetDpi = 300, maxPixels = MAX_OCR_PIXELS): number {
  const longer = Math.max(page.width, page.height);
  const shorter = Math.min(page.width, page.height);
  let scale = 1;
  if (page.dpi !== null && page.dpi > targetDpi * 1.2) scale = targetDpi / page.dpi;
  if (longer * scale > MAX_SIDE) scale = MAX_SIDE / longer;
  if (page.width * page.height * scale * scale > maxPixels) scale = Math.sqrt(maxPixels / (page.width * page.height));
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

/** A box of the deskewed image moved back onto the page before deskew (its centre turned back; size kept). */
function unturnBox(box: PixelBox | null, angle: number, from: { width: number; height: number }, to: { width: number; height: number }): PixelBox | null {
  if (box === null) return null;
  const rad = (angle * Math.PI) / 180;
  const cx = (box.x0 + box.x1) / 2 - from.width / 2;
  const cy = (box.y0 + box.y1) / 2 - from.height / 2;
  // The deskew turned the page by -angle; turning back by +angle (clockwise in image coordinates).
  const x = cx * Math.cos(rad) - cy * Math.sin(rad) + to.width / 2;
  const y = cx * Math.sin(rad) + cy * Math.cos(rad) + to.height / 2;
  const hw = (box.x1 - box.x0) / 2;
  const hh = (box.y1 - box.y0) / 2;
  const clampX = (v: number) => Math.round(Math.min(to.width, Math.max(0, v)));
  const clampY = (v: number) => Math.round(Math.min(to.height, Math.max(0, v)));
  return { x0: clampX(x - hw), y0: clampY(y - hh), x1: clampX(x + hw), y1: clampY(y + hh) };
}

function unturnLines(lines: PlacedLine[], angle: number, from: { width: number; height: number }, to: { width: number; height: number }): PlacedLine[] {
  return lines.map((l) => ({ box: unturnBox(l.box, angle, from, to), words: l.words.map((w) => ({ ...w, box: unturnBox(w.box, angle, from, to) })) }));
}

/**
 * Reads one decoded page.
 * @param pool the OCR pool.
 * @param page greyscale pixels (any size; scaled here).
 * @param index 0-based page index in its document.
 * @param opts choices that replace the automatic ones (languages, rotation, segmentation), tunables, abort signal.
 * @returns the page's analysis: cleaned logical-order text, confidence, rotation and mode used; its
 *   width/height and line boxes are in the pixels of the page as scaled and turned upright (before deskew).
 * @throws AppError('ocr_failed') from the engine; AbortError when `opts.signal` aborts.
 */
export async function readPageImage(pool: OcrPool, page: GreyPage, index: number, opts: PageReadOptions = {}): Promise<PageAnalysis> {
  let img = await scaleGrey(page, scaleFor(page, opts.targetDpi, opts.maxPixels));
  let rotation: 0 | 90 | 180 | 270 = 0;
  let languages = opts.languages ?? pool.languages;
  if (opts.rotation !== undefined) {
    rotation = opts.rotation;
    img = await rotateGrey(img, rotation);
    if (opts.languages === undefined && !opts.noOrientation) languages = chooseLanguages(pool.languages, await detectOrientation(pool, img));
  } else if (!opts.noOrientation) {
    let guess = await detectOrientation(pool, img);
    if (guess && guess.confidence >= OSD_MIN_CONFIDENCE && guess.degrees !== 0) {
      rotation = guess.degrees;
      img = await rotateGrey(img, rotation);
      // The script guess on a sideways page is unreliable; ask again upright (measured: a Latin page
      // turned 90° came back Arabic, and `ara` then ordered its columns right to left).
      guess = await detectOrientation(pool, img);
    }
    if (opts.languages === undefined) languages = chooseLanguages(pool.languages, guess);
  }
  const upright = { width: img.width, height: img.height };
  let skew = 0;
  if ((opts.deskew ?? DEFAULT_DESKEW) === 'auto') {
    const est = await estimateSkew(img);
    if (Math.abs(est.angle) >= MIN_DESKEW) {
      skew = est.angle;
      img = await deskewGrey(img, skew);
    }
  }
  // A ruled table: OCR it without its rules, as one block (auto mode reads it column by column).
  const rules = removeRules(img);
  const table = rules.horizontal >= 3 && rules.vertical >= 2;
  if (table) img = rules.page;
  const png = await encodePng(img);
  const first = opts.segmentation ?? (table ? 'single_block' : initialSegmentation(img));
  const common = { languages, thresholding: opts.thresholding ?? DEFAULT_THRESHOLDING, ...(opts.signal ? { signal: opts.signal } : {}) };
  let result = await pool.recognise(png, { segmentation: first, ...common });
  if (!opts.segmentation && (result.confidence ?? 0) < RETRY_BELOW) {
    const other: Segmentation = first === 'auto' ? 'single_block' : 'auto';
    const second = await pool.recognise(png, { segmentation: other, ...common });
    result = better(result, second);
  }
  if (!opts.noFieldReread) {
    result = { ...result, ...(await rereadFieldValues(pool, img, result, { languages, ...(opts.signal ? { signal: opts.signal } : {}) })) };
  }
  const lines = skew === 0 ? result.lines : unturnLines(result.lines, skew, img, upright);
  return {
    index,
    source: 'ocr',
    text: result.text,
    confidence: result.confidence === null ? null : Math.round(result.confidence * 10) / 10,
    rotation,
    segmentation: result.segmentation,
    lowConfidenceWords: result.lowConfidenceWords,
    width: upright.width,
    height: upright.height,
    lines,
    languages: result.languages,
    ...(skew !== 0 ? { skew } : {}),
  };
}
