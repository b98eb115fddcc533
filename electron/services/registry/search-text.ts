/**
 * Turning a clerk's query into an FTS5 MATCH expression, and finding the match again in raw text.
 *
 * Indexed text and queries are both normalised by shared/text/normalise.ts (../shared/design/
 * pitfalls.md, "SQLite full-text search for Arabic"). The MATCH expression is built only from
 * letter/digit tokens, each quoted, so no query can inject FTS5 syntax.
 */
import { normalise, normaliseWithMap } from '../../../shared/text/normalise.ts';
import { queryKey } from '../../../shared/text/search-keys.ts';

/** Characters unicode61 keeps inside a token (letters, numbers, private use). */
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;
const MAX_WORDS = 16;

/**
 * @param query the query as typed.
 * @returns the words of the normalised query, each a list of tokens (a word like `ص/77089/2026`
 *          gives three tokens that must appear in that order; a one-token word loses its article).
 */
export function queryWords(query: string): string[][] {
  const words: string[][] = [];
  for (const word of normalise(query).split(' ')) {
    const tokens = word.match(TOKEN);
    // A one-token word is looked up without its article (indexed both ways); a multi-token word
    // (a reference number) stays an exact phrase.
    if (tokens !== null && tokens.length === 1) words.push([queryKey(tokens[0] as string)]);
    else if (tokens !== null && tokens.length > 0) words.push(tokens);
    if (words.length >= MAX_WORDS) break;
  }
  return words;
}

/**
 * @returns the FTS5 MATCH expression (every word required, multi-token words as phrases), or null
 *          when the query has no searchable token.
 */
export function matchExpression(query: string): string | null {
  const words = queryWords(query);
  if (words.length === 0) return null;
  return words.map((tokens) => `"${tokens.join(' ')}"`).join(' AND ');
}

// The raw characters a normalised character may have come from (the inverse of the folds).
const VARIANTS: Record<string, string> = {
  '\u0627': '\u0627\u0623\u0625\u0622\u0671', // ا
  '\u0648': '\u0648\u0624', // و
  '\u064A': '\u064A\u0626\u0649\u06CC\u06CA', // ي
  '\u0643': '\u0643\u06A9', // ك
  '\u0647': '\u0647\u0629', // ه
};
const IGNORABLE = '[\\u200B-\\u200F\\u061C\\u202A-\\u202E\\u2066-\\u2069\\uFEFF\\u0640\\u0610-\\u061A\\u064B-\\u065F\\u0670\\u06D6-\\u06ED]*';

function charClass(ch: string): string {
  if (ch >= '0' && ch <= '9') {
    const d = ch.charCodeAt(0) - 48;
    return `[${ch}${String.fromCharCode(0x0660 + d)}${String.fromCharCode(0x06f0 + d)}]`;
  }
  const v = VARIANTS[ch];
  if (v !== undefined) return `[${v}]`;
  const esc = ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return ch.toUpperCase() !== ch ? `(?:${esc}|${ch.toUpperCase().replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')})` : esc;
}

/**
 * A regular expression that finds a normalised token in raw text (any alef/yeh/hamza form, either
 * digit script, tashkeel or tatweel between letters).
 */
export function rawTokenPattern(token: string): RegExp {
  return new RegExp([...token].map(charClass).join(IGNORABLE), 'u');
}

export interface RawMatch {
  start: number; // UTF-16 offsets into the raw text
  end: number;
}

/**
 * Finds the first occurrence of a normalised token in raw text: a fast regular expression on the raw
 * text, then (for presentation forms and other NFKC cases the expression does not cover) a slower
 * walk over the normalised text with its index map.
 */
export function findInRaw(raw: string, token: string): RawMatch | null {
  const m = rawTokenPattern(token).exec(raw);
  if (m !== null) return { start: m.index, end: m.index + m[0].length };
  const n = normaliseWithMap(raw);
  const at = n.text.indexOf(token);
  if (at < 0) return null;
  return { start: n.map[at] ?? 0, end: n.map[at + token.length] ?? raw.length };
}

/**
 * A short snippet of `raw` around `match`, whole words, at most about `width` characters, with `…`
 * where it was cut. Line breaks become spaces.
 */
export function snippetAround(raw: string, match: RawMatch, width = 120): string {
  const half = Math.max(10, Math.floor((width - (match.end - match.start)) / 2));
  let start = Math.max(0, match.start - half);
  let end = Math.min(raw.length, match.end + half);
  if (start > 0) {
    const sp = raw.indexOf(' ', start);
    if (sp >= 0 && sp < match.start) start = sp + 1;
  }
  if (end < raw.length) {
    const sp = raw.lastIndexOf(' ', end);
    if (sp > match.end) end = sp;
  }
  const body = raw.slice(start, end).replace(/[\s\f]+/g, ' ').trim();
  return `${start > 0 ? '… ' : ''}${body}${end < raw.length ? ' …' : ''}`;
}
