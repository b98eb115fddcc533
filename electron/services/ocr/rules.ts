/**
 * Removing ruling lines (table borders, underlines, frame rules) before OCR.
 *
 * Tesseract's layout analysis drops or merges table cells that touch ruling lines (measured on the
 * tabula-java table: rows missing). A line is a run of dark pixels far longer than any letter stroke:
 * horizontally at least max(12 % of the width, 1 inch), vertically at least 2/3 inch (both at the
 * page's resolution, 300 dpi assumed when unknown). Such runs are painted white; text is untouched
 * unless a rule crosses it. A page with a ruled grid (≥ 3 horizontal and ≥ 2 vertical rules) is a
 * table: with its rules removed, single-block segmentation reads it row by row, right cell first.
 */
import type { GreyPage } from './page.ts';

/** Pixels darker than this count as ink. */
const INK = 128;

/** What {@link removeRules} found. */
export interface RulesFound {
  /** The page with the rules whitened. */
  page: GreyPage;
  /** Distinct horizontal rules (groups of adjacent pixel rows holding a long run). */
  horizontal: number;
  /** Distinct vertical rules (groups of adjacent pixel columns). */
  vertical: number;
}

/** Counts groups of consecutive indexes in a sorted-by-construction boolean array. */
function groups(marks: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < marks.length; i++) if (marks[i] && (i === 0 || !marks[i - 1])) n++;
  return n;
}

/**
 * Returns a copy of `page` with long horizontal and vertical dark runs whitened, and how many rules went.
 * @param page 8-bit greyscale page.
 */
export function removeRules(page: GreyPage): RulesFound {
  const { width, height } = page;
  const dpi = page.dpi ?? 300;
  const minH = Math.max(Math.round(width * 0.12), Math.round(dpi));
  const minV = Math.max(Math.round(dpi * 0.67), 40);
  const src = page.data;
  const out = new Uint8Array(src);
  const rows = new Uint8Array(height);
  const cols = new Uint8Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const ink = x < width && src[row + x]! < INK;
      if (ink && start < 0) start = x;
      else if (!ink && start >= 0) {
        if (x - start >= minH) {
          out.fill(255, row + start, row + x);
          rows[y] = 1;
        }
        start = -1;
      }
    }
  }
  for (let x = 0; x < width; x++) {
    let start = -1;
    for (let y = 0; y <= height; y++) {
      const ink = y < height && src[y * width + x]! < INK;
      if (ink && start < 0) start = y;
      else if (!ink && start >= 0) {
        if (y - start >= minV) {
          for (let k = start; k < y; k++) out[k * width + x] = 255;
          cols[x] = 1;
        }
        start = -1;
      }
    }
  }
  return { page: { ...page, data: out }, horizontal: groups(rows), vertical: groups(cols) };
}
