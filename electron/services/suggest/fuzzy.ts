/**
 * Edit-distance helpers for matching OCR'd text against known names (Levenshtein distance, and the
 * best approximate occurrence of a pattern inside a longer text — Sellers' algorithm).
 */
import { distance as levenshtein } from 'fastest-levenshtein';

export { levenshtein };

/** Similarity 0..1: 1 − distance / longer length. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer;
}

/** Best approximate occurrence of a pattern in a text: edit distance and the span `[start, end)` in the text. */
export interface ApproxMatch {
  distance: number;
  start: number;
  end: number;
}

/**
 * Finds where `pattern` occurs in `text` with the fewest edits (the occurrence may start and end
 * anywhere in `text`). Ties go to the earliest end.
 * @returns distance and span; for an empty pattern `{distance: 0, start: 0, end: 0}`.
 */
export function approxFind(pattern: string, text: string): ApproxMatch {
  const m = pattern.length;
  if (m === 0) return { distance: 0, start: 0, end: 0 };
  // cost[i], from[i]: best cost of matching pattern[0..i) ending at the current text position, and
  // where in the text that alignment starts.
  let cost = Array.from({ length: m + 1 }, (_, i) => i);
  let from = new Array<number>(m + 1).fill(0);
  let best: ApproxMatch = { distance: m, start: 0, end: 0 };
  for (let j = 1; j <= text.length; j++) {
    const nextCost = new Array<number>(m + 1);
    const nextFrom = new Array<number>(m + 1);
    nextCost[0] = 0;
    nextFrom[0] = j;
    const tc = text.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const sub = cost[i - 1]! + (pattern.charCodeAt(i - 1) === tc ? 0 : 1);
      const skipText = cost[i]! + 1;
      const skipPattern = nextCost[i - 1]! + 1;
      if (sub <= skipText && sub <= skipPattern) {
        nextCost[i] = sub;
        nextFrom[i] = from[i - 1]!;
      } else if (skipText <= skipPattern) {
        nextCost[i] = skipText;
        nextFrom[i] = from[i]!;
      } else {
        nextCost[i] = skipPattern;
        nextFrom[i] = nextFrom[i - 1]!;
      }
    }
    cost = nextCost;
    from = nextFrom;
    if (cost[m]! < best.distance) best = { distance: cost[m]!, start: from[m]!, end: j };
  }
  return best;
}
