/**
 * The comparisons a twin score is made of (../shared/design/domain.md, "The parallel period"):
 * letter text, reference number, reference date and counterpart, each giving a part in 0..1.
 *
 * Text: character 4-gram shingles of the normalised text (shared/text/normalise.ts) with every
 * non-letter, non-digit removed, compared by the Dice coefficient. Removing blanks and punctuation
 * makes it indifferent to the line breaks, spacing and punctuation OCR gets wrong; a misread
 * character costs only the four shingles around it; the set ignores the order of lines, which a text
 * layer and OCR often disagree on.
 */
import { normalise } from '../../../shared/text/normalise.ts';
import { normaliseReferenceNumber } from '../suggest/reference.ts';

/** Shingle length (characters). */
export const SHINGLE = 4;
/** Characters of a letter's text compared (the first pages; a long attachment adds nothing). */
export const MAX_TEXT_CHARS = 12_000;

/** The text as compared: normalised, letters and digits only. */
export function comparableText(raw: string): string {
  return normalise(raw.slice(0, MAX_TEXT_CHARS)).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The set of {@link SHINGLE}-character shingles of a comparable text. */
export function shingles(comparable: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= comparable.length; i++) out.add(comparable.slice(i, i + SHINGLE));
  return out;
}

/**
 * Dice coefficient of two shingle sets: 2·|A∩B| / (|A|+|B|), 0..1; 0 when either is empty.
 */
export function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const s of small) if (large.has(s)) common += 1;
  return (2 * common) / (a.size + b.size);
}

/** Text similarity of two raw texts (0..1), see the module comment. */
export function textSimilarity(a: string, b: string): number {
  return dice(shingles(comparableText(a)), shingles(comparableText(b)));
}

/** Levenshtein distance (insert, delete, substitute cost 1). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * A reference number as compared: normalised like a suggestion (Western digits, separators unified,
 * suggest/reference.ts), then folded (shared/text/normalise.ts) with blanks and separators removed,
 * so `ص / ٧٧٠٨٩ / ٢٠٢٦`, `ص/77089/2026` and `ص-77089-2026` compare equal.
 */
export function referenceKey(printed: string): string {
  return normalise(normaliseReferenceNumber(printed)).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Reference number part: 1 for the same number; for numbers differing by a few characters (an OCR
 * misreading) a part falling linearly from 1 to 0 at 40 % of the characters different; null when
 * either side has none.
 */
export function referencePart(a: string | null, b: string | null): number | null {
  if (a === null || b === null) return null;
  const ka = referenceKey(a);
  const kb = referenceKey(b);
  if (ka === '' || kb === '') return null;
  if (ka === kb) return 1;
  const sim = 1 - levenshtein(ka, kb) / Math.max(ka.length, kb.length);
  return clamp01((sim - 0.6) / 0.4);
}

/**
 * Reference date part: 1 for the same date (or when `alternatives`, the readings of an ambiguous
 * printed date, hold it); 0.5 when day and month are swapped (a misread order); else 0. Null when
 * either side has no date.
 */
export function datePart(a: string | null, alternatives: readonly string[], b: string | null): number | null {
  if (b === null || (a === null && alternatives.length === 0)) return null;
  if (a === b || alternatives.includes(b)) return 1;
  if (a !== null) {
    const [ya, ma, da] = a.split('-');
    const [yb, mb, db] = b.split('-');
    if (ya === yb && ma === db && da === mb) return 0.5;
  }
  return 0;
}

/**
 * Counterpart part: by directory code when both have one (1 same, 0 different); otherwise by the
 * Dice coefficient of the names' 2-gram shingles (normalised). Null when either side has neither.
 */
export function counterpartPart(
  a: { code: string | null; name: string | null },
  b: { code: string | null; name: string | null },
): number | null {
  if (a.code !== null && b.code !== null) return a.code === b.code ? 1 : 0;
  if (a.name === null || b.name === null || a.name.trim() === '' || b.name.trim() === '') return null;
  const grams = (s: string) => {
    const t = comparableText(s);
    const out = new Set<string>();
    for (let i = 0; i + 2 <= t.length; i++) out.add(t.slice(i, i + 2));
    return out;
  };
  return dice(grams(a.name), grams(b.name));
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
