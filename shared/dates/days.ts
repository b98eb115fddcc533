/**
 * Calendar-day arithmetic for agency days (`YYYY-MM-DD`), and the UTC instants a day spans in the
 * agency's time zone. Kuwait has no daylight saving, but the offset is read from Intl per day so a
 * zone that has one still gets the right bounds (offsets change at night, not at midnight, there).
 */
import { AppError } from '../errors.ts';
import { AGENCY_TIME_ZONE, agencyDateParts } from './agency-time.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** @returns true when `day` is a real Gregorian `YYYY-MM-DD` date. */
export function isIsoDay(day: string): boolean {
  const m = DAY.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** @throws AppError('validation') when `day` is not a real date. */
export function assertIsoDay(day: string): void {
  if (!isIsoDay(day)) throw new AppError('validation', `not a calendar day: ${day.slice(0, 40)}`, { field: 'day' });
}

/** `day` plus `n` calendar days (n may be negative). */
export function addDays(day: string, n: number): string {
  assertIsoDay(day);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  assertIsoDay(a);
  assertIsoDay(b);
  const t = (s: string) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / 86_400_000);
}

/** The agency day of an instant. */
export function agencyDay(instant: Date, timeZone: string = AGENCY_TIME_ZONE): string {
  return agencyDateParts(instant, timeZone).date;
}

/** Offset of `timeZone` from UTC in minutes at `instant` (Kuwait: +180). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    calendar: 'gregory',
    numberingSystem: 'latn',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The UTC instants an agency day spans: `[start, end)` as ISO strings (`toISOString()` form, which
 * is how registration and audit times are stored, so they compare as strings).
 */
export function dayBoundsUtc(day: string, timeZone: string = AGENCY_TIME_ZONE): { start: string; end: string } {
  assertIsoDay(day);
  const startOf = (d: string) => {
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
    const guess = Date.UTC(y, m - 1, dd);
    return new Date(guess - offsetMinutes(new Date(guess), timeZone) * 60_000);
  };
  return { start: startOf(day).toISOString(), end: startOf(addDays(day, 1)).toISOString() };
}
