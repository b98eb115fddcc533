/**
 * The benchmark's word list: Arabic words from the fixtures' ground truth and the synthetic letters'
 * text, inflected with common prefixes and suffixes, ranked for a Zipf-like draw. Generated at run
 * time from ../shared/fixtures; nothing is copied into the repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { normalise } from '../../shared/text/normalise.ts';

/** Prefixes with the article take plural/adjective endings only; the others also take pronoun suffixes. */
export const ARTICLE_PREFIXES = ['ال', 'وال', 'بال', 'فال', 'لل'];
export const PLAIN_PREFIXES = ['', 'و', 'ب', 'ل', 'ف', 'ك'];
export const ENDINGS = ['', 'ات', 'ين', 'ون', 'ية'];
export const PRONOUN_SUFFIXES = ['ها', 'ه', 'هم', 'نا', 'كم'];

/** Inflected forms of one base word (the article is stripped first, then re-added by prefixes). */
export function inflect(word: string): string[] {
  const stem = word.startsWith('ال') && word.length >= 5 ? word.slice(2) : word;
  const joined = (s: string, suffix: string) => (suffix !== '' && s.endsWith('ة') ? s.slice(0, -1) + 'ت' : s) + suffix;
  const out: string[] = [];
  for (const p of ARTICLE_PREFIXES) for (const e of ENDINGS) out.push(p + joined(stem, e));
  for (const p of PLAIN_PREFIXES) for (const e of [...ENDINGS, ...PRONOUN_SUFFIXES]) if (p !== '' || e !== '') out.push(p + joined(stem, e));
  return out;
}

/** A small seeded PRNG (mulberry32), so runs generate the same registers. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else out.push(p);
  }
  return out;
}

/** Arabic base words (≥ 2 letters, no digits) from the fixtures' `.txt` ground truth and letters' JSON `text`. */
export function fixtureWords(fixturesDir: string): string[] {
  if (!fs.existsSync(fixturesDir)) throw new Error(`fixtures not found at ${fixturesDir}`);
  const texts: string[] = [];
  for (const f of listFiles(fixturesDir)) {
    if (f.endsWith('.txt')) texts.push(fs.readFileSync(f, 'utf8'));
    else if (f.endsWith('.json')) {
      const j = JSON.parse(fs.readFileSync(f, 'utf8')) as { text?: unknown; subject?: unknown };
      if (typeof j.text === 'string') texts.push(j.text);
      if (typeof j.subject === 'string') texts.push(j.subject);
    }
  }
  const words = new Set<string>();
  for (const t of texts) for (const w of t.match(/[\u0621-\u064A\u0671-\u06D3]{2,}/g) ?? []) words.add(w);
  return [...words].sort();
}

export interface Vocabulary {
  forms: string[]; // raw word forms, rank order (index 0 most frequent)
  normalised: string[]; // normalise(forms[i])
  baseWords: number;
  /** Draws a rank with P(rank r) ∝ 1 / (r+1)^s. */
  draw(): number;
  exponent: number;
}

/**
 * Builds the ranked vocabulary: every base word with every prefix/suffix pair, shuffled so rank is
 * independent of spelling; bare base words are kept in the frequent half.
 */
export function buildVocabulary(fixturesDir: string, random: () => number, exponent = 1.07): Vocabulary {
  const base = fixtureWords(fixturesDir);
  const bare = [...base];
  const inflected: string[] = [];
  for (const w of base) inflected.push(...inflect(w));
  shuffle(bare, random);
  shuffle(inflected, random);
  const seen = new Set<string>();
  const forms: string[] = [];
  // interleave: bare words get every 3rd rank at the top of the list
  let bi = 0;
  let ii = 0;
  while (bi < bare.length || ii < inflected.length) {
    const pickBare = bi < bare.length && (forms.length % 3 === 0 || ii >= inflected.length);
    const w = pickBare ? bare[bi++] : inflected[ii++];
    if (w !== undefined && !seen.has(w)) {
      seen.add(w);
      forms.push(w);
    }
  }
  const cdf = new Float64Array(forms.length);
  let sum = 0;
  for (let r = 0; r < forms.length; r++) cdf[r] = sum += 1 / Math.pow(r + 1, exponent);
  const draw = () => {
    const x = random() * sum;
    let lo = 0;
    let hi = forms.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { forms, normalised: forms.map(normalise), baseWords: base.length, draw, exponent };
}

export function shuffle<T>(a: T[], random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
}
