/**
 * Gregorian ⇄ Hijri conversion in the Umm al-Qura calendar (the Intl `islamic-umalqura` calendar),
 * through `@internationalized/date`'s `IslamicUmalquraCalendar`.
 *
 * Umm al-Qura is tabulated for 1356–1500 AH (14 March 1937 – 16 November 2077); outside that range a
 * conversion would be a guess, so these functions refuse it (domain.md, "Arabic text").
 */
import { CalendarDate, GregorianCalendar, IslamicUmalquraCalendar, toCalendar } from '@internationalized/date';
import { AppError } from '../errors.ts';

/** First and last Hijri years of the Umm al-Qura table. */
export const HIJRI_MIN_YEAR = 1356;
export const HIJRI_MAX_YEAR = 1500;

const umalqura = new IslamicUmalquraCalendar();
const gregorian = new GregorianCalendar();

/** A Hijri (Umm al-Qura) calendar date; `iso` is `YYYY-MM-DD` in that calendar. */
export interface HijriDate {
  year: number;
  month: number;
  day: number;
  iso: string;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` from numeric parts (any calendar). */
export function isoOf(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days in a Gregorian month (proleptic Gregorian). */
export function gregorianDaysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when the Hijri year lies in the Umm al-Qura table (1356–1500 AH). */
export function isHijriYearInRange(year: number): boolean {
  return Number.isInteger(year) && year >= HIJRI_MIN_YEAR && year <= HIJRI_MAX_YEAR;
}

/**
 * Days in a Hijri month in Umm al-Qura (29 or 30).
 * @throws AppError('validation') when the year is outside 1356–1500 or the month outside 1–12.
 */
export function hijriDaysInMonth(year: number, month: number): number {
  if (!isHijriYearInRange(year)) {
    throw new AppError('validation', `Hijri year ${year} is outside the Umm al-Qura range ${HIJRI_MIN_YEAR}–${HIJRI_MAX_YEAR}`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new AppError('validation', `invalid Hijri month ${month}`);
  return umalqura.getDaysInMonth(new CalendarDate(umalqura, year, month, 1));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Converts a Gregorian ISO date to Umm al-Qura.
 * @param iso `YYYY-MM-DD` (Gregorian).
 * @returns the Hijri date, or null when the input is not a valid ISO date or falls outside 1356–1500 AH.
 */
export function gregorianToHijri(iso: string): HijriDate | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > gregorianDaysInMonth(y, mo)) return null;
  const h = toCalendar(new CalendarDate(gregorian, y, mo, d), umalqura);
  if (!isHijriYearInRange(h.year)) return null;
  return { year: h.year, month: h.month, day: h.day, iso: isoOf(h.year, h.month, h.day) };
}

/**
 * Converts an Umm al-Qura date to Gregorian.
 * @param year Hijri year (1356–1500), month 1–12, day 1–29/30 as the table gives for that month.
 * @returns the Gregorian ISO date `YYYY-MM-DD`.
 * @throws AppError('validation') when the year is out of range or the month/day do not exist.
 */
export function hijriToGregorian(year: number, month: number, day: number): string {
  const days = hijriDaysInMonth(year, month);
  if (!Number.isInteger(day) || day < 1 || day > days) {
    throw new AppError('validation', `Hijri month ${year}-${month} has ${days} days, not ${day}`, { year, month, day });
  }
  const g = toCalendar(new CalendarDate(umalqura, year, month, day), gregorian);
  return isoOf(g.year, g.month, g.day);
}
