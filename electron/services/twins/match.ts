/**
 * Twin candidates: the registrations that may be the same letter as a document that came by the
 * other channel (../shared/design/domain.md, "The parallel period"; docs/parallel-period.md, "Twins").
 *
 * A paper scan is compared with registrations whose channel is `electronic`; an electronic letter
 * (a born-digital PDF, an exchange inbox letter) with those whose channel is `paper`. Registrations
 * already `both`, annulled, refused for this document, or already holding it are never offered.
 *
 * Work stays small at a million registrations: candidates come first from indexes only —
 *  1. the reference number's distinctive digit groups in the full-text index's `reference` column;
 *  2. the counterpart's registrations in a window of registration dates
 *     (`registrations_by_counterpart_day`): from three days before the letter's date to
 *     {@link WINDOW_DAYS} after it, nearest the letter's date first, or the last
 *     {@link WINDOW_DAYS} days, newest first, when the letter has no date;
 *  3. when 1 and 2 give nothing, or neither a reference number nor a date was read: a few long
 *     words of the letter's text, all required, in the index's `body` column —
 * then every candidate gets its cheap parts (reference number, date, counterpart) and only the best
 * {@link TEXT_COMPARISONS} have their text read and compared. Reads only the local database (a
 * registration replicated from another desk carries its text in `documents`).
 *
 * The score is a weighted mean of the four parts ({@link WEIGHTS}); a part that cannot be computed
 * (the letter has no date, the counterpart was not recognised) counts as 0.5, i.e. neither for nor
 * against. Candidates at or above {@link TWIN_THRESHOLD} are offered; the threshold was chosen on
 * the generated pairs of test/twins-matching.test.ts (figures in docs/parallel-period.md).
 */
import type { Db } from '../db/open.ts';
import { normalise } from '../../../shared/text/normalise.ts';
import { queryKey } from '../../../shared/text/search-keys.ts';
import { counterpartPart, datePart, referenceKey, referencePart, shingles, comparableText, dice } from './similarity.ts';

/** The channel of the document looked for; its twin has the other one. */
export type TwinChannel = 'paper' | 'electronic';

/** What is known of the letter whose twin is looked for. */
export interface TwinProbe {
  /** Its text as read (OCR or text layer), pages joined; only the first 12 000 characters count. */
  text: string;
  /** How it came: candidates are registrations of the other channel. */
  channel: TwinChannel;
  counterpartCode: string | null;
  counterpartName: string | null;
  /** As printed or normalised (any digits). */
  referenceNumber: string | null;
  /**
   * The reference number was read uncertainly (OCR marked a word of it low-confidence): a different
   * number then says nothing against a candidate (OCR often misreads Arabic-Indic digits), only a
   * similar one counts for it.
   */
  referenceNumberUncertain?: boolean;
  /** Gregorian ISO date `YYYY-MM-DD`. */
  referenceDate: string | null;
  /** The readings of an ambiguous printed date (Gregorian ISO), when `referenceDate` is null. */
  referenceDateAlternatives?: string[];
  /** The document's SHA-256: registrations refused for it or already holding it are left out. */
  documentSha256?: string | null;
  /** Agency-local calendar date of "today" (`YYYY-MM-DD`), for the window when the letter has no date. */
  today: string;
}

/** The parts of a score, each 0..1, null when it could not be computed. */
export interface TwinParts {
  text: number | null;
  referenceNumber: number | null;
  referenceDate: number | null;
  counterpart: number | null;
}

/** One candidate registration with its score (0..1) and parts. */
export interface TwinMatch {
  registrationId: number;
  score: number;
  parts: TwinParts;
  /** Which index found it: `reference`, `counterpart` (and date window) or `text`. */
  foundBy: Array<'reference' | 'counterpart' | 'text'>;
}

/** Weights of the parts in the score (sum 1). */
export const WEIGHTS = { text: 0.4, referenceNumber: 0.3, referenceDate: 0.15, counterpart: 0.15 } as const;
/** Dice coefficient at which the text part starts (below: letters that share only boilerplate). */
export const TEXT_FLOOR = 0.6;
/** Dice coefficient at which the text part is full. */
export const TEXT_FULL = 0.9;
/** Offered at or above this score. */
export const TWIN_THRESHOLD = 0.65;
/** Days after the letter's date in which its twin may have been registered. */
export const WINDOW_DAYS = 120;
/** Rows read per index lookup. */
const KEY_LIMIT = 400;
/** Candidates whose text is read and compared (the best by their other parts). */
export const TEXT_COMPARISONS = 12;
/** At most this many candidates are returned. */
const MAX_RESULTS = 10;

interface KeyRow {
  id: number;
  channel: string;
  counterpart_code: string | null;
  counterpart_name: string;
  reference_number: string | null;
  reference_date: string | null;
}

const KEY_COLUMNS = 'r.id, r.channel, r.counterpart_code, r.counterpart_name, r.reference_number, r.reference_date';

/**
 * The score of parts: their weighted mean, a missing part counting 0.5, with two rules for what
 * the same letter cannot be:
 * - both sides name a counterpart and they differ: no more than the text part (only the text can
 *   then argue for a misread counterpart);
 * - the reference numbers are clearly different (part 0, read with confidence): at most half the
 *   text part, below any threshold (the same letter carries one number; a follow-up on the same
 *   subject, the same day, has nearly the same text and another number).
 */
export function combine(parts: TwinParts): number {
  let s = 0;
  for (const k of Object.keys(WEIGHTS) as Array<keyof TwinParts>) s += WEIGHTS[k] * (parts[k] ?? 0.5);
  if (parts.counterpart === 0) s = Math.min(s, parts.text ?? 0);
  if (parts.referenceNumber === 0) s = Math.min(s, (parts.text ?? 0) / 2);
  return Math.round(s * 1000) / 1000;
}

function addDays(iso: string, days: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** Digit groups of a reference number distinctive enough to look up (3+ digits, not a year alone). */
export function referenceTokens(ref: string): string[] {
  const tokens = normalise(ref).match(/\p{N}+/gu) ?? [];
  const distinctive = tokens.filter((t) => t.length >= 3 && !/^(?:19|20|14)\d\d$/.test(t));
  return [...new Set(distinctive)].slice(0, 4);
}

/** Up to `n` long words of the letter for the text lookup (normalised, article removed). */
function textWords(text: string, n: number): string[] {
  const words = new Set<string>();
  for (const w of normalise(text.slice(0, 4000)).split(' ')) {
    const t = w.replace(/[^\p{L}]+/gu, '');
    if (t.length >= 6) words.add(queryKey(t));
  }
  return [...words].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).slice(0, n);
}

/**
 * Finds the registrations that may be the twin of a letter.
 * @param db the desk's open database (read only here).
 * @param probe what is known of the letter (see {@link TwinProbe}).
 * @param opts `threshold` (default {@link TWIN_THRESHOLD}; 0 returns every scored candidate, for
 *        measuring), `limit` (default 10).
 * @returns candidates, best first, each with score and parts. Never throws for odd input.
 */
export function findTwinCandidates(db: Db, probe: TwinProbe, opts: { threshold?: number; limit?: number } = {}): TwinMatch[] {
  const threshold = opts.threshold ?? TWIN_THRESHOLD;
  const limit = opts.limit ?? MAX_RESULTS;
  const wanted = probe.channel === 'paper' ? 'electronic' : 'paper';
  const found = new Map<number, { row: KeyRow; by: Set<TwinMatch['foundBy'][number]> }>();
  const add = (rows: KeyRow[], by: TwinMatch['foundBy'][number]) => {
    for (const row of rows) {
      const f = found.get(row.id);
      if (f) f.by.add(by);
      else found.set(row.id, { row, by: new Set([by]) });
    }
  };
  const eligible = `r.annulled = 0 AND r.channel = '${wanted}'`;

  // 1. The reference number's digit groups, in the index's reference column.
  if (probe.referenceNumber !== null) {
    const tokens = referenceTokens(probe.referenceNumber);
    if (tokens.length > 0) {
      const match = `reference : (${tokens.map((t) => `"${t}"`).join(' OR ')})`;
      add(
        db
          .prepare(
            `SELECT ${KEY_COLUMNS} FROM registrations_fts f JOIN registrations r ON r.id = f.rowid
             WHERE registrations_fts MATCH ? AND ${eligible} ORDER BY f.rowid DESC LIMIT ${KEY_LIMIT}`,
          )
          .all(match) as KeyRow[],
        'reference',
      );
    }
  }

  // 2. The counterpart's registrations in the date window.
  if (probe.counterpartCode !== null) {
    const dates = [probe.referenceDate, ...(probe.referenceDateAlternatives ?? [])].filter((d): d is string => d !== null).sort();
    const from = dates.length > 0 ? addDays(dates[0]!, -3) : addDays(probe.today, -WINDOW_DAYS);
    const to = dates.length > 0 ? addDays(dates[dates.length - 1]!, WINDOW_DAYS) : addDays(probe.today, 1);
    add(
      db
        .prepare(
          `SELECT ${KEY_COLUMNS} FROM registrations r
           WHERE r.counterpart_code = ? AND r.registration_date BETWEEN ? AND ? AND ${eligible}
           ORDER BY r.registration_date ${dates.length > 0 ? 'ASC' : 'DESC'} LIMIT ${KEY_LIMIT}`,
        )
        .all(probe.counterpartCode, from, to) as KeyRow[],
      'counterpart',
    );
  }

  // 3. Nothing by key, or neither number nor date read (the counterpart alone cannot rank its
  //    letters): a few long words of the text, all required.
  const weakKeys = (probe.referenceNumber === null || probe.referenceNumberUncertain === true) && probe.referenceDate === null;
  if (found.size === 0 || weakKeys) {
    const words = textWords(probe.text, 6);
    for (const group of [words.slice(0, 3), words.slice(3, 6)]) {
      if (group.length < 2) continue;
      const match = `body : (${group.map((w) => `"${w}"`).join(' AND ')})`;
      add(
        db
          .prepare(
            `SELECT ${KEY_COLUMNS} FROM registrations_fts f JOIN registrations r ON r.id = f.rowid
             WHERE registrations_fts MATCH ? AND ${eligible} ORDER BY f.rowid DESC LIMIT 50`,
          )
          .all(match) as KeyRow[],
        'text',
      );
    }
  }
  if (found.size === 0) return [];

  // Refused for this document, or already holding it.
  if (probe.documentSha256) {
    const excluded = db
      .prepare(
        `SELECT registration_id AS id FROM twin_refusals WHERE document_sha256 = ?
         UNION SELECT rd.registration_id FROM registration_documents rd JOIN documents d ON d.id = rd.document_id WHERE d.sha256 = ?`,
      )
      .pluck()
      .all(probe.documentSha256, probe.documentSha256) as number[];
    for (const id of excluded) found.delete(id);
  }

  const alternatives = probe.referenceDateAlternatives ?? [];
  const scored = [...found.values()].map(({ row, by }) => {
    const parts: TwinParts = {
      text: null,
      referenceNumber: uncertainOnly(referencePart(probe.referenceNumber, row.reference_number), probe.referenceNumberUncertain === true),
      referenceDate: datePart(probe.referenceDate, alternatives, row.reference_date),
      counterpart: counterpartPart({ code: probe.counterpartCode, name: probe.counterpartName }, { code: row.counterpart_code, name: row.counterpart_name }),
    };
    return { row, by, parts, pre: combine(parts) };
  });
  // Text only for the best few by their other parts (found by the text lookup first among equals; then newest).
  const rank = (c: (typeof scored)[number]) => c.pre + (c.by.has('text') ? 0.1 : 0);
  scored.sort((a, b) => rank(b) - rank(a) || b.row.id - a.row.id);
  const compared = scored.slice(0, TEXT_COMPARISONS);
  const mine = shingles(comparableText(probe.text));
  const textOf = db.prepare(
    `SELECT d.text FROM registration_documents rd JOIN documents d ON d.id = rd.document_id
     WHERE rd.registration_id = ? AND rd.role = 'main' LIMIT 1`,
  ).pluck();
  const out: TwinMatch[] = [];
  for (const c of compared) {
    const theirs = textOf.get(c.row.id) as string | undefined;
    const parts: TwinParts = { ...c.parts, text: theirs === undefined || mine.size === 0 ? null : round3(textPart(dice(mine, shingles(comparableText(theirs))))) };
    const score = combine(parts);
    if (score >= threshold) out.push({ registrationId: c.row.id, score, parts, foundBy: [...c.by] });
  }
  out.sort((a, b) => b.score - a.score || b.registrationId - a.registrationId);
  return out.slice(0, limit);
}

/**
 * The text part from the Dice coefficient of the shingles: letters of one agency share their
 * letterhead, salutation and closing, so different letters already reach about 0.6–0.75, while a
 * letter and its OCR'd twin measure 0.84–0.99 (test/twins-matching.test.ts, the fixture scans). The
 * part rises linearly from 0 at {@link TEXT_FLOOR} to 1 at {@link TEXT_FULL}.
 */
export function textPart(diceCoefficient: number): number {
  return Math.max(0, Math.min(1, (diceCoefficient - TEXT_FLOOR) / (TEXT_FULL - TEXT_FLOOR)));
}

/** An uncertain reading's part counts only for a candidate (at least 0.5), else it is unknown. */
function uncertainOnly(part: number | null, uncertain: boolean): number | null {
  return uncertain && part !== null && part < 0.5 ? null : part;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The reference-number key used for comparison (exported for tests and the inbox). */
export { referenceKey };
