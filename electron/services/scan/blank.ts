/**
 * Blank-page detection on a scanned raster, for splitting a stack of letters at blank separator pages.
 *
 * Method: scale the page to at most {@link ANALYSIS_SIDE} pixels on its longer side, drop a margin of
 * {@link MARGIN} on every side (feeder edges and shadows), remove salt-and-pepper noise with a 3×3
 * median, estimate the paper's brightness as the 90th percentile, and count as ink every pixel more
 * than {@link INK_DELTA} levels darker than the paper. A page is blank when the ink covers less than
 * {@link BLANK_COVERAGE} of the area. Measured on pages made from the fixture letters
 * (test/scan-split.test.ts): blank pages with sensor noise, dust, grey paper and show-through of the
 * other side reach at most 0.001 %; a page holding one band of text 4 % of its height tall has at
 * least 0.13 %. The threshold (0.03 %) sits between, with a wide margin on the noise side.
 */
import sharp from 'sharp';
import type { GreyPage } from '../ocr/page.ts';

/** Longer side of the analysed copy (pixels): about 100 dpi for A4, enough to see a line of text. */
export const ANALYSIS_SIDE = 1100;
/** Fraction of each side ignored (edges, feeder shadows, punch holes). */
export const MARGIN = 0.05;
/** Levels (0..255) below the paper's brightness that count as ink; show-through stays above. */
export const INK_DELTA = 90;
/** Below this ink coverage (fraction of the area) a page is blank. */
export const BLANK_COVERAGE = 0.0003;

/** Paper darker than this (0..255) is no paper: the page counts as fully inked. */
export const DARK_PAGE = 100;

/** What {@link inkCoverage} measured. */
export interface InkMeasure {
  /** Ink pixels / analysed pixels, 0..1. */
  coverage: number;
  /** The paper's brightness (0..255) the threshold was taken from. */
  paper: number;
  /** Pixels counted as ink are darker than this. */
  threshold: number;
}

/**
 * Measures the ink on a page.
 * @param page 8-bit greyscale pixels.
 * @returns coverage (0..1), paper level and threshold (0..255).
 */
export async function inkCoverage(page: GreyPage): Promise<InkMeasure> {
  const longer = Math.max(page.width, page.height);
  const scale = Math.min(1, ANALYSIS_SIDE / longer);
  const w = Math.max(1, Math.round(page.width * scale));
  const h = Math.max(1, Math.round(page.height * scale));
  const left = Math.floor(w * MARGIN);
  const top = Math.floor(h * MARGIN);
  const cw = Math.max(1, w - 2 * left);
  const ch = Math.max(1, h - 2 * top);
  const { data } = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .resize(w, h, { kernel: 'linear', fit: 'fill' })
    .extract({ left, top, width: cw, height: ch })
    .median(3)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const hist = new Uint32Array(256);
  for (const v of data) hist[v]! += 1;
  // 90th percentile brightness: the paper, even on a page that is half text.
  let seen = 0;
  let paper = 255;
  const target = data.length * 0.1;
  for (let v = 255; v >= 0; v--) {
    seen += hist[v]!;
    if (seen >= target) {
      paper = v;
      break;
    }
  }
  // A page with no light paper at all (a black cover, an unlit scan) is not a blank separator.
  if (paper < DARK_PAGE) return { coverage: 1, paper, threshold: 0 };
  const threshold = Math.max(0, paper - INK_DELTA);
  let ink = 0;
  for (let v = 0; v < threshold; v++) ink += hist[v]!;
  return { coverage: data.length === 0 ? 0 : ink / data.length, paper, threshold };
}

/** True when the page carries (almost) no ink; see the module comment for the rule. */
export async function isBlankPage(page: GreyPage): Promise<boolean> {
  return (await inkCoverage(page)).coverage < BLANK_COVERAGE;
}
