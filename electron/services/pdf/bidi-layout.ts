/**
 * One line of text → the runs pdf-lib must draw, left to right, so that Arabic, Latin and digits read
 * correctly on the page and extract back in logical order.
 *
 * pdf-lib has no bidi: it hands a string to fontkit, which shapes it and, when the string's first
 * strong script is right-to-left (Arabic), reverses the whole glyph run — `2026` inside Arabic would
 * print `6202`, and a string starting with a Latin letter is not shaped as Arabic at all
 * (shared/design/pitfalls.md, "PDFs with Arabic"). So:
 *  1. resolve embedding levels with the Unicode Bidirectional Algorithm (UAX #9, `bidi-js`);
 *  2. cut the line into runs of one level and one font (the first font of the chain with the glyph);
 *  3. order the runs visually (UAX #9 rule L2: from the highest level down to the lowest odd level,
 *     reverse every sequence of runs at that level or higher);
 *  4. for each run, ask fontkit which way it would lay the string out; when that differs from the
 *     run's own direction (odd level = right to left), pre-reverse the string so fontkit's reversal
 *     puts it back (Arabic-Indic digits at an even level; neutrals alone at an odd level);
 *  5. mirror brackets at odd levels (rule L4) in the text that is seen (fontkit does not: it reverses
 *     `(طلب)` into `)طلب(`, although Noto Sans Arabic lists `rtlm`); the extractable text is never
 *     mirrored, so it gives back the characters as written.
 */
import bidiModule, { type Bidi } from 'bidi-js';
import type { FontkitFont } from './fonts.ts';

// bidi-js is a UMD bundle whose module.exports is the factory; typed as an ES default export.
const bidiFactory = (typeof bidiModule === 'function' ? bidiModule : (bidiModule as { default: () => Bidi }).default) as () => Bidi;
const bidi = bidiFactory();

export type TextDirection = 'rtl' | 'ltr' | 'auto';

/**
 * One run to draw. `text` is what to hand to the font for extractable text, `seen` for shaped outlines
 * (mirrored where needed); both already in the order that makes fontkit's output visual. `logical` is
 * the run as written; `level` its bidi embedding level (odd = right to left).
 */
export type VisualRun<F> = { text: string; seen: string; logical: string; level: number; font: F };

/** A line laid out: runs in visual order (left to right) and the paragraph's resolved direction. */
export type LineLayout<F> = { runs: VisualRun<F>[]; direction: 'rtl' | 'ltr' };

/** What the layout needs of a font: coverage and the direction fontkit would choose for a string. */
export type LayoutFont = { parsed: FontkitFont };

// Explicit bidi formatting characters (LRE…PDF, LRI…PDI, LRM/RLM/ALM) and other invisible controls:
// they steer the algorithm but have no glyph to draw.
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;

function codePointLength(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

function reverseCodePoints(text: string): string {
  return Array.from(text).reverse().join('');
}

/** Index of the first font in `fonts` that has a glyph for `cp` (0 when none has: drawn as .notdef). */
function fontIndexFor<F extends LayoutFont>(fonts: readonly F[], cp: number, previous: number): number {
  // Spaces and marks stay with the run they are in, so shaping is not broken at a word gap.
  if (previous >= 0 && (cp === 0x20 || /\p{M}/u.test(String.fromCodePoint(cp)))) {
    const prev = fonts[previous];
    if (prev?.parsed.hasGlyphForCodePoint(cp)) return previous;
  }
  for (let i = 0; i < fonts.length; i++) {
    if (fonts[i]!.parsed.hasGlyphForCodePoint(cp)) return i;
  }
  return 0;
}

/**
 * The direction of a paragraph by rule P2/P3 (its first strong character); `rtl` when it has none.
 * Lines wrapped from one paragraph must all be laid out in this direction, not each on its own.
 */
export function paragraphDirection(text: string, direction: TextDirection = 'auto'): 'rtl' | 'ltr' {
  if (direction !== 'auto') return direction;
  if (!/\p{L}/u.test(text)) return 'rtl';
  return (bidi.getEmbeddingLevels(text, 'auto').paragraphs[0]?.level ?? 1) % 2 === 1 ? 'rtl' : 'ltr';
}

/**
 * Lays out one line (no line breaks inside; a `\n` is drawn as a space).
 * @param text the line in logical order, as stored.
 * @param fonts the fallback chain, first = preferred; must not be empty.
 * @param direction the paragraph direction; `auto` takes it from the first strong character (rule P2),
 *   and a line with none is right to left (Arabic first).
 * @param options.mirror mirror brackets at right-to-left levels in `seen` (default true).
 * @returns runs in visual order, left to right.
 */
export function layoutLine<F extends LayoutFont>(
  text: string,
  fonts: readonly F[],
  direction: TextDirection = 'auto',
  options: { mirror?: boolean } = {},
): LineLayout<F> {
  if (fonts.length === 0) throw new Error('layoutLine: no font');
  const line = text.replace(/[\r\n\t]+/g, ' ');
  const hasStrong = /[\p{L}]/u.test(line);
  const base = direction === 'auto' ? (hasStrong ? 'auto' : 'rtl') : direction;
  const resolved = bidi.getEmbeddingLevels(line, base);
  const levels = resolved.levels;
  const paragraphLevel = resolved.paragraphs[0]?.level ?? (base === 'ltr' ? 0 : 1);
  const mirrored = options.mirror === false ? new Map<number, string>() : bidi.getMirroredCharactersMap(line, levels);

  // Rule L1: trailing whitespace takes the paragraph level.
  let end = line.length;
  while (end > 0 && /\s/u.test(line[end - 1]!)) end--;
  let start = 0;
  while (start < end && /\s/u.test(line[start]!)) start++;

  type Logical = { chars: string[]; seen: string[]; level: number; font: number };
  const logicalRuns: Logical[] = [];
  let i = start;
  while (i < end) {
    const cp = line.codePointAt(i)!;
    const len = codePointLength(cp);
    const ch = line.slice(i, i + len);
    if (INVISIBLE.test(ch)) {
      i += len;
      continue;
    }
    const level = levels[i]!;
    const last = logicalRuns[logicalRuns.length - 1];
    const font = fontIndexFor(fonts, cp, last && last.level === level ? last.font : -1);
    const seen = mirrored.get(i) ?? ch;
    if (last && last.level === level && last.font === font) {
      last.chars.push(ch);
      last.seen.push(seen);
    } else {
      logicalRuns.push({ chars: [ch], seen: [seen], level, font });
    }
    i += len;
  }

  // Rule L2 over whole runs (every run has one level, so reversing runs is reversing characters).
  const order = logicalRuns.map((_, k) => k);
  let highest = 0;
  let lowestOdd = Number.POSITIVE_INFINITY;
  for (const run of logicalRuns) {
    highest = Math.max(highest, run.level);
    if (run.level % 2 === 1) lowestOdd = Math.min(lowestOdd, run.level);
  }
  for (let level = highest; level >= lowestOdd && level > 0; level--) {
    let k = 0;
    while (k < order.length) {
      if (logicalRuns[order[k]!]!.level >= level) {
        let j = k;
        while (j + 1 < order.length && logicalRuns[order[j + 1]!]!.level >= level) j++;
        const reversed = order.slice(k, j + 1).reverse();
        order.splice(k, j - k + 1, ...reversed);
        k = j + 1;
      } else {
        k++;
      }
    }
  }

  const runs: VisualRun<F>[] = order.map((k) => {
    const run = logicalRuns[k]!;
    const font = fonts[run.font]!;
    const rtl = run.level % 2 === 1;
    const inLogical = run.chars.join('');
    // What fontkit would do with the string as given: it reverses a run whose first strong script is RTL.
    const fontkitRtl = font.parsed.layout(inLogical).direction === 'rtl';
    const flip = rtl !== fontkitRtl;
    const seen = run.seen.join('');
    return {
      text: flip ? reverseCodePoints(inLogical) : inLogical,
      seen: flip ? reverseCodePoints(seen) : seen,
      logical: inLogical,
      level: run.level,
      font,
    };
  });
  return { runs, direction: paragraphLevel % 2 === 1 ? 'rtl' : 'ltr' };
}
