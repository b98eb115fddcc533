/** Letter dates: parsing, Gregorian ⇄ Umm al-Qura conversion, dual display, the agency's clock. */
export { agencyDateParts, AGENCY_TIME_ZONE } from './agency-time.ts';
export { formatDualDate } from './format.ts';
export { gregorianToHijri, hijriToGregorian, HIJRI_MAX_YEAR, HIJRI_MIN_YEAR, type HijriDate } from './hijri.ts';
export { findDates, parseLetterDate, type FoundDate, type ParsedDate } from './parse.ts';
