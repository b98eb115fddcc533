/**
 * The agency's calendar day and clock time for an instant. The registry year and the registration
 * date come from the agency's time zone, not UTC and not the desk's zone (domain.md, "Registry rules");
 * Kuwait is UTC+3 without daylight saving.
 */
import { AppError } from '../errors.ts';

/** Default agency time zone (IANA). */
export const AGENCY_TIME_ZONE = 'Asia/Kuwait';

/**
 * @param instant the moment (a valid Date).
 * @param timeZone IANA zone name; defaults to `Asia/Kuwait`.
 * @returns `{ year, date: 'YYYY-MM-DD', time: 'HH:MM' }` (24-hour clock) in that zone.
 * @throws AppError('validation') for an invalid Date or an unknown time zone.
 */
export function agencyDateParts(instant: Date, timeZone: string = AGENCY_TIME_ZONE): { year: number; date: string; time: string } {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new AppError('validation', 'invalid instant');
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(instant);
  } catch (err) {
    throw new AppError('validation', `unknown time zone: ${timeZone}`, { cause: err instanceof Error ? err.message : String(err) });
  }
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const year = Number(get('year'));
  return { year, date: `${String(year).padStart(4, '0')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}
