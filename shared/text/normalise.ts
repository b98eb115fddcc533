/**
 * Arabic-aware text normalisation for search and matching.
 *
 * Rules (../shared/design/domain.md, "Arabic text"): NFKC (presentation forms and ligatures to base
 * letters); remove bidi/format controls (U+200B–U+200F, U+061C, U+202A–U+202E, U+2066–U+2069,
 * U+FEFF), tatweel (U+0640) and tashkeel (U+0610–U+061A, U+064B–U+065F, U+0670, U+06D6–U+06ED);
 * unify alef forms (أ إ آ ٱ → ا) and hamza carriers (ؤ → و, ئ → ي); ى and Persian ی → ي; Persian
 * ک → ك; ة → ه; Arabic-Indic (U+0660–U+0669) and Persian (U+06F0–U+06F9) digits → 0–9; Latin
 * lowercased; runs of white space collapsed to one space, trimmed.
 *
 * The stored text is always the text as written; only search keys and comparisons use this form.
 */

const REMOVE = /[\u200B-\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF\u0640\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/;

const FOLD: Record<string, string> = {
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0622': '\u0627', // آ
  '\u0671': '\u0627', // ٱ
  '\u0624': '\u0648', // ؤ → و
  '\u0626': '\u064A', // ئ → ي
  '\u0649': '\u064A', // ى → ي
  '\u06CC': '\u064A', // ی → ي
  '\u06CA': '\u064A', // ۊ-like yeh variants seen in OCR output
  '\u06A9': '\u0643', // ک → ك
  '\u0629': '\u0647', // ة → ه
};

/** Folds one character (already NFKC) to its search form; '' when it is removed. */
function foldChar(ch: string): string {
  if (REMOVE.test(ch)) return '';
  const code = ch.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  const folded = FOLD[ch];
  if (folded !== undefined) return folded;
  if (/\s/.test(ch)) return ' ';
  return ch.toLowerCase();
}

/**
 * Result of {@link normaliseWithMap}: `text` is the normalised string; `map[i]` is the UTF-16 index
 * in the raw input where normalised character `i` came from (length `text.length + 1`, the last entry
 * being the raw length), so a match in `text` can be highlighted on the raw text.
 */
export interface NormalisedText {
  text: string;
  map: number[];
}

/**
 * Normalises `raw` and keeps, for every output character, its position in `raw`.
 * @param raw text as written (any length).
 * @returns the normalised text and the index map; never throws.
 */
export function normaliseWithMap(raw: string): NormalisedText {
  let out = '';
  const map: number[] = [];
  let lastWasSpace = true; // drops leading space
  let i = 0;
  for (const cp of raw) {
    const start = i;
    i += cp.length;
    for (const nf of cp.normalize('NFKC')) {
      for (const ch of nf) {
        const f = foldChar(ch);
        for (const c of f) {
          if (c === ' ') {
            if (lastWasSpace) continue;
            lastWasSpace = true;
          } else {
            lastWasSpace = false;
          }
          out += c;
          map.push(start);
        }
      }
    }
  }
  if (out.endsWith(' ')) {
    out = out.slice(0, -1);
    map.pop();
  }
  map.push(raw.length);
  return { text: out, map };
}

/**
 * Normalises `raw` for search indexing, querying and comparison (rules in the module comment).
 * @param raw text as written.
 * @returns the normalised text.
 */
export function normalise(raw: string): string {
  return normaliseWithMap(raw).text;
}

/**
 * Converts Arabic-Indic and Persian digits to Western digits and leaves everything else as written.
 * Used wherever a clerk types or OCR reads a number.
 */
export function toWesternDigits(raw: string): string {
  return raw.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => {
    const c = d.charCodeAt(0);
    return String(c >= 0x06f0 ? c - 0x06f0 : c - 0x0660);
  });
}
