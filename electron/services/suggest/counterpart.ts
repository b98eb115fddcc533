/**
 * The counterpart agency of an incoming letter: the sender named in the letterhead, matched against
 * the directory's names and aliases with tolerance for OCR errors.
 *
 * Where we look: page 0, the header lines before the recipient block ("السيد / … المحترم", "إلى:")
 * and before the body, plus any line labelled "من:" / "الجهة:". Header labels and their values
 * ("الرقم: …", "التاريخ: …") are cut off a line first (a two-column header reads as one line).
 *
 * Score of a name against a line (0..1): each name token is compared with the line's tokens (and
 * pairs of tokens, for words OCR split) by Levenshtein similarity s; a token counts s² when s ≥ 0.6,
 * weighted by how distinctive it is in the directory (1 + ln(agencies / agencies using it)); this
 * name coverage is multiplied by 0.8 + 0.2 × the share of the line's tokens the name explains, so
 * "وزارة الدولة لشؤون مجلس الأمة" beats "مجلس الأمة" on its own line.
 */
import type { Agency } from '../../../shared/contract/directory.ts';
import type { CounterpartSuggestion } from '../../../shared/contract/intake.ts';
import { normalise } from '../../../shared/text/normalise.ts';
import { approxFind, similarity } from './fuzzy.ts';
import { findLabels, isBodyStart, isRecipientLine } from './labels.ts';
import { evidenceOf, type PageLine } from './lines.ts';

/** A match at or above this is taken at once (earliest line wins). */
export const STRONG_MATCH = 0.9;
/** Below this, the sender is reported unknown (null). */
export const MIN_MATCH = 0.72;
/** Header lines examined at most (non-empty lines of page 0). */
const MAX_HEADER_LINES = 14;
/** Token similarity below this counts as no match. */
const TOKEN_MIN = 0.6;

/** Words of the state's name that head every letterhead and name no agency. */
const FILLER = /(?:^|\s)(?:دوله الكويت|state of kuwait|الكويت دوله)(?=\s|$)/g;

interface NameEntry {
  agency: Agency;
  norm: string;
  tokens: string[];
  /** A short Latin abbreviation (e.g. "MOH"): matched only as an exact upper-case word. */
  abbreviation: string | null;
}

interface Matcher {
  names: NameEntry[];
  weight: (token: string) => number;
}

const matcherCache = new WeakMap<Agency[], Matcher>();

function buildMatcher(directory: Agency[]): Matcher {
  const cached = matcherCache.get(directory);
  if (cached) return cached;
  const names: NameEntry[] = [];
  const df = new Map<string, number>();
  for (const agency of directory) {
    const tokensOfAgency = new Set<string>();
    for (const raw of [agency.nameAr, agency.nameEn, ...agency.aliases]) {
      const norm = normalise(raw);
      if (norm === '') continue;
      const abbreviation = /^[A-Za-z][A-Za-z0-9]{1,7}$/.test(raw.trim()) && raw.trim() === raw.trim().toUpperCase() ? raw.trim() : null;
      const tokens = norm.split(' ');
      if (!abbreviation) for (const t of tokens) tokensOfAgency.add(t);
      names.push({ agency, norm, tokens, abbreviation });
    }
    for (const t of tokensOfAgency) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = Math.max(1, directory.length);
  const matcher: Matcher = { names, weight: (t) => 1 + Math.log(n / (df.get(t) ?? 1)) };
  matcherCache.set(directory, matcher);
  return matcher;
}

/** Similarity of a name token to the best line token or adjacent pair of line tokens; and which line tokens. */
function bestToken(token: string, lineTokens: string[]): { sim: number; used: number[] } {
  let best = { sim: 0, used: [] as number[] };
  for (let i = 0; i < lineTokens.length; i++) {
    const one = similarity(token, lineTokens[i]!);
    if (one > best.sim) best = { sim: one, used: [i] };
    if (i + 1 < lineTokens.length) {
      const two = similarity(token, lineTokens[i]! + lineTokens[i + 1]!);
      if (two > best.sim) best = { sim: two, used: [i, i + 1] };
    }
  }
  return best;
}

/** Score 0..1 of one directory name against the tokens of one header text. */
function scoreName(entry: NameEntry, lineTokens: string[], matcher: Matcher): number {
  let total = 0;
  let got = 0;
  const usedLine = new Set<number>();
  for (const t of entry.tokens) {
    const w = matcher.weight(t);
    total += w;
    const { sim, used } = bestToken(t, lineTokens);
    if (sim >= TOKEN_MIN) {
      got += w * sim * sim;
      for (const u of used) usedLine.add(u);
    }
  }
  if (total === 0) return 0;
  const coverage = got / total;
  const explained = lineTokens.length === 0 ? 0 : usedLine.size / lineTokens.length;
  return coverage * (0.8 + 0.2 * explained);
}

interface Candidate {
  line: PageLine;
  /** The part of the normalised line that was scored: `[from, to)`. */
  from: number;
  to: number;
  entry: NameEntry;
  score: number;
}

/** The free text of a header line: before its first label, with the state's name blanked out. */
function headerText(line: PageLine): { from: number; to: number; text: string } {
  const labels = findLabels(line.norm);
  const first = labels[0];
  if (first?.kind === 'from') return { from: first.valueStart, to: labels[1]?.start ?? line.norm.length, text: line.norm.slice(first.valueStart, labels[1]?.start ?? line.norm.length) };
  const to = first ? first.start : line.norm.length;
  return { from: 0, to, text: line.norm.slice(0, to) };
}

function bestForText(line: PageLine, from: number, to: number, text: string, matcher: Matcher): Candidate | null {
  const cleaned = text.replace(FILLER, ' ').replace(/[^\u0621-\u064Aa-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned === '') return null;
  const tokens = cleaned.split(' ');
  const rawTokens = new Set(line.raw.split(/[^A-Za-z0-9]+/).filter((t) => t !== ''));
  let best: Candidate | null = null;
  for (const entry of matcher.names) {
    let score: number;
    if (entry.abbreviation) score = rawTokens.has(entry.abbreviation) ? 0.9 : 0;
    else score = scoreName(entry, tokens, matcher);
    if (score > (best?.score ?? 0)) best = { line, from, to, entry, score };
  }
  return best;
}

/**
 * Suggests the sender agency.
 * @param lines the non-empty lines of page 0 (see `pageLines`), in reading order.
 * @param pageText the raw text of that page (for evidence).
 * @param directory the counterpart directory.
 * @returns the best directory match with score and evidence, or null when none reaches {@link MIN_MATCH}.
 */
export function suggestCounterpart(lines: PageLine[], pageText: string, directory: Agency[]): CounterpartSuggestion | null {
  if (directory.length === 0) return null;
  const matcher = buildMatcher(directory);
  let best: Candidate | null = null;
  let inHeader = true;
  let examined = 0;
  for (const line of lines) {
    const labels = findLabels(line.norm);
    const labelledFrom = labels.some((l) => l.kind === 'from');
    if (inHeader && (isRecipientLine(line.norm) || isBodyStart(line.norm) || labels.some((l) => l.kind === 'subject' || l.kind === 'to'))) {
      inHeader = false;
    }
    if (!inHeader && !labelledFrom) continue;
    if (inHeader && ++examined > MAX_HEADER_LINES) inHeader = false;
    const { from, to, text } = headerText(line);
    const cand = bestForText(line, from, to, text, matcher);
    if (!cand) continue;
    if (labelledFrom) cand.score = Math.min(1, cand.score + 0.05); // an explicit "من:" is the sender
    if (cand.score >= STRONG_MATCH && (!best || best.score < STRONG_MATCH)) {
      best = cand;
      if (!labelledFrom) break; // earliest strong match in the header wins
    } else if (cand.score > (best?.score ?? 0)) {
      best = cand;
    }
  }
  if (!best || best.score < MIN_MATCH) return null;
  // Evidence: where the matched name best occurs in the scored part of the line.
  const part = best.line.norm.slice(best.from, best.to);
  const at = best.entry.abbreviation ? approxFind(best.entry.abbreviation.toLowerCase(), part) : approxFind(best.entry.norm, part);
  let s = best.from + at.start;
  let e = best.from + at.end;
  if (at.distance > best.entry.norm.length / 2 || e <= s) {
    s = best.from;
    e = best.to;
  }
  while (s < e && best.line.norm[s] === ' ') s += 1;
  while (e > s && best.line.norm[e - 1] === ' ') e -= 1;
  return {
    code: best.entry.agency.code,
    nameAr: best.entry.agency.nameAr,
    nameEn: best.entry.agency.nameEn,
    score: Math.round(best.score * 1000) / 1000,
    evidence: evidenceOf(best.line, pageText, s, e),
  };
}
