/**
 * Times as a clerk reads them: agency time (Asia/Kuwait), numeric only, so they read the same inside
 * Arabic and English text; digits follow the user's setting (digits.ts).
 */
import { showDigits } from './digits.ts';

const full = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kuwait', dateStyle: 'short', timeStyle: 'medium', hour12: false });
const short = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kuwait', hour: '2-digit', minute: '2-digit', hour12: false });
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kuwait', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * @param iso a UTC ISO 8601 instant.
 * @param indic Arabic-Indic digits.
 * @returns `29/11/2026 11:13:30` (agency time); the input unchanged when it is not a date.
 */
export function agencyDateTime(iso: string, indic: boolean): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return showDigits(full.format(d).replace(',', ''), indic);
}

/**
 * @returns `11:13` for an instant of today (agency day, relative to `now`), else the full date and time.
 */
export function agencyShortTime(iso: string, indic: boolean, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (dayKey.format(d) === dayKey.format(now)) return showDigits(short.format(d), indic);
  return agencyDateTime(iso, indic);
}
