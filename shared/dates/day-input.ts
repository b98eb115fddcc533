/**
 * A day typed by a user (the daily register's day picker, the CLI's `--day`): ISO `2026-11-28`,
 * `28/11/2026`, Arabic-Indic digits `٢٨/١١/٢٠٢٦`, Hijri `18/6/1448هـ` or `18 جمادى الآخرة 1448`, as
 * shared/dates/parse.ts reads letter dates. An ambiguous day/month order is reported with both
 * readings, never guessed (domain.md, "Arabic text").
 */
import { parseLetterDate } from './parse.ts';

export type DayInput =
  | { ok: true; day: string; calendar: 'gregorian' | 'hijri' }
  | { ok: false; problem: 'empty' | 'no_date' | 'ambiguous' | 'out_of_range' | 'invalid'; alternatives: string[] };

/**
 * @param text what the user typed.
 * @returns the Gregorian ISO day, or the problem (with the readings to choose from when ambiguous).
 *          Never throws.
 */
export function parseDayInput(text: string): DayInput {
  const t = text.trim();
  if (t === '') return { ok: false, problem: 'empty', alternatives: [] };
  const d = parseLetterDate(t);
  if (d === null) return { ok: false, problem: 'no_date', alternatives: [] };
  if (d.problem !== null || d.gregorian === null) return { ok: false, problem: d.problem ?? 'invalid', alternatives: d.alternatives };
  return { ok: true, day: d.gregorian, calendar: d.calendar };
}
