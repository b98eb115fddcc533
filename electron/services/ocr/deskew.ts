/**
 * Deskew: the small angle a scanned page was fed at, found by a projection profile, and the page
 * turned back by it. Generic enough to want a library, but none maintained for Node does this on a
 * grey buffer without OpenCV; the method is the classic one (Postl 1986; Bloomberg et al. 1995, as in
 * leptonica's `pixFindSkew`): text lines make the horizontal ink profile sharpest when they lie flat.
 *
 * Measured effect and the threshold below: docs/ocr-quality.md ("Deskew and binarisation").
 */
import sharp from 'sharp';
import type { GreyPage } from './page.ts';

/** The page is reduced to this width (pixels) before the angle search: lines stay 8–20 px tall. */
const SEARCH_WIDTH = 1000;
/** Angles searched, in degrees either side of level. Larger skews are rare from feeders and flatbeds. */
const MAX_ANGLE = 6;
/** Coarse step, then a fine search ±1 coarse step around the best (degrees). */
const COARSE_STEP = 0.25;
const FINE_STEP = 0.05;

/** A skew estimate. */
export interface SkewEstimate {
  /**
   * Degrees the text lines fall clockwise (descend to the right, in image coordinates); turning the
   * page by `-angle` (counter-clockwise for a positive angle) makes them level.
   */
  angle: number;
  /** Profile sharpness at `angle` divided by that at 0° (≥ 1; about 1 when the page is level or has no lines). */
  gain: number;
  /** Ink pixels the estimate rests on (of the reduced page). */
  inkPixels: number;
}

/** Otsu's threshold of an 8-bit histogram (the level that best separates ink from paper). */
export function otsuThreshold(data: Uint8Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < data.length; i++) hist[data[i]!]! += 1;
  const total = data.length;
  let sumAll = 0;
  for (let t = 0; t < 256; t++) sumAll += t * hist[t]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const v = wB * wF * (mB - mF) * (mB - mF);
    if (v > bestVar) {
      bestVar = v;
      best = t;
    }
  }
  return best;
}

/** Sum of squared differences of adjacent rows of the sheared ink profile: large when lines are level. */
function sharpness(xs: Int32Array, ys: Int32Array, n: number, height: number, width: number, angleDeg: number, rows: Float64Array): number {
  const tan = Math.tan((angleDeg * Math.PI) / 180);
  const offset = Math.ceil(Math.abs(tan) * width) + 1;
  rows.fill(0, 0, height + 2 * offset);
  for (let i = 0; i < n; i++) {
    const r = Math.round(ys[i]! - xs[i]! * tan) + offset;
    rows[r]! += 1;
  }
  let s = 0;
  const end = height + 2 * offset;
  for (let r = 1; r < end; r++) {
    const d = rows[r]! - rows[r - 1]!;
    s += d * d;
  }
  return s;
}

/**
 * Estimates a page's skew.
 * @param page grey pixels, upright (after any 90° turn), any size.
 * @returns the angle in degrees (|angle| ≤ 6, 0.05° resolution), its gain over level, the ink counted.
 */
export async function estimateSkew(page: GreyPage): Promise<SkewEstimate> {
  const scale = Math.min(1, SEARCH_WIDTH / page.width);
  const width = Math.max(1, Math.round(page.width * scale));
  const height = Math.max(1, Math.round(page.height * scale));
  const data =
    scale === 1
      ? page.data
      : new Uint8Array(
          await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
            .resize(width, height, { kernel: 'linear', fit: 'fill' })
            .extractChannel(0)
            .raw()
            .toBuffer(),
        );
  const threshold = otsuThreshold(data);
  // Ink: pixels darker than the threshold, away from the borders (scanner edges and punch holes).
  const mx = Math.round(width * 0.03);
  const my = Math.round(height * 0.03);
  let n = 0;
  for (let y = my; y < height - my; y++) for (let x = mx; x < width - mx; x++) if (data[y * width + x]! <= threshold) n++;
  const xs = new Int32Array(n);
  const ys = new Int32Array(n);
  let k = 0;
  for (let y = my; y < height - my; y++)
    for (let x = mx; x < width - mx; x++)
      if (data[y * width + x]! <= threshold) {
        xs[k] = x;
        ys[k] = y;
        k++;
      }
  if (n < 200) return { angle: 0, gain: 1, inkPixels: n };
  const rows = new Float64Array(height + 2 * (Math.ceil(Math.tan((MAX_ANGLE * Math.PI) / 180) * width) + 2));
  const level = sharpness(xs, ys, n, height, width, 0, rows);
  let bestAngle = 0;
  let best = level;
  for (let a = -MAX_ANGLE; a <= MAX_ANGLE + 1e-9; a += COARSE_STEP) {
    const s = sharpness(xs, ys, n, height, width, a, rows);
    if (s > best) {
      best = s;
      bestAngle = a;
    }
  }
  const centre = bestAngle;
  for (let a = centre - COARSE_STEP; a <= centre + COARSE_STEP + 1e-9; a += FINE_STEP) {
    const s = sharpness(xs, ys, n, height, width, a, rows);
    if (s > best) {
      best = s;
      bestAngle = a;
    }
  }
  return { angle: Math.round(bestAngle * 100) / 100, gain: level > 0 ? best / level : 1, inkPixels: n };
}

/** The paper's grey level: the median of the page (text covers far less than half of a page). */
export function paperLevel(data: Uint8Array): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) hist[data[i]!]! += 1;
  let seen = 0;
  for (let t = 0; t < 256; t++) {
    seen += hist[t]!;
    if (seen * 2 >= data.length) return t;
  }
  return 255;
}

/**
 * Turns a page counter-clockwise by `angle` degrees (so a page whose lines fall by `angle` comes out
 * level); the canvas grows to hold the turned page and the corners take the paper's grey
 * ({@link paperLevel}), not white: white corners around a grey photographed page made tesseract's
 * global threshold read the whole page as ink (measured: a photographed letter read nothing).
 * @param page grey pixels.
 * @param angle degrees, as {@link SkewEstimate.angle}.
 * @returns a new grey page (the same page for |angle| < 0.01).
 */
export async function deskewGrey(page: GreyPage, angle: number): Promise<GreyPage> {
  if (Math.abs(angle) < 0.01) return page;
  const paper = paperLevel(page.data);
  const { data, info } = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .rotate(-angle, { background: { r: paper, g: paper, b: paper } })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, dpi: page.dpi };
}
