/**
 * Reading dates as they are printed on letters (domain.md, "Arabic text"):
 * `2014/5/15`, `15/5/2014م`, `١٥/٥/٢٠١٤`, `15 مايو 2014`, `15 رجب 1435هـ`, `January 15, 2014`.
 *
 * Rules:
 * - Digits may be Western, Arabic-Indic or Persian; separators `/`, `-`, `.` (spaces around them allowed).
 * - Year first (`2023-12-05`) is always year/month/day (ISO order wins).
 * - Otherwise Kuwaiti letters print day/month/year; when both leading numbers are ≤ 12 and differ the
 *   date is ambiguous: flagged with both readings, never guessed. A number > 12 fixes the order.
 * - Calendar: a Hijri month name, or the suffix `هـ`/`ه`, means Hijri; a Gregorian month name or `م`
 *   means Gregorian; a bare numeric year below 1900 (13xx/14xx) is Hijri, 1900 and later Gregorian.
 * - Hijri is Umm al-Qura, tabulated for 1356–1500 AH; outside that range the date is `out_of_range`.
 *   Gregorian years outside 1900–2199 are `out_of_range` too. Days that do not exist are `invalid`.
 */
import { normaliseWithMap } from '../text/normalise.ts';
import {
  gregorianDaysInMonth,
  gregorianToHijri,
  hijriDaysInMonth,
  hijriToGregorian,
  isHijriYearInRange,
  isoOf,
} from './hijri.ts';
import { lookupMonth, lookupMonthFuzzy, MONTH_PATTERN, type MonthCalendar } from './months.ts';

/** One date read from a letter. */
export interface ParsedDate {
  /** The calendar the letter printed. */
  calendar: 'gregorian' | 'hijri';
  /** Gregorian ISO `YYYY-MM-DD`; null when ambiguous, out of range or invalid. */
  gregorian: string | null;
  /** Umm al-Qura `YYYY-MM-DD`; null when ambiguous, out of range or invalid. */
  hijri: string | null;
  problem: 'ambiguous' | 'out_of_range' | 'invalid' | null;
  /** Gregorian ISO readings a clerk chooses from when `problem` is `ambiguous` (day/month first). */
  alternatives: string[];
  /** The raw text of the date as it appears in the input. */
  asPrinted: string;
}

/** A date found in a page of text; offsets are UTF-16 indexes into the given (raw) text, end exclusive. */
export interface FoundDate {
  start: number;
  end: number;
  date: ParsedDate;
}

const GREGORIAN_MIN_YEAR = 1900;
const GREGORIAN_MAX_YEAR = 2199;

const SEP = String.raw`\s*([/\-.\\])\s*`;
// Suffixes after the year: Hijri (هـ folds to ه; OCR also gives ھ/ہ) or Gregorian (م).
const SUFFIX = String.raw`(?:\s*(هجريه|هجري|ه|ھ|ہ|ميلاديه|ميلادي|م|ah|a\.h\.?|ad|a\.d\.?|ce)(?![\u0621-\u064Aa-z]))?`;
const NOT_BEFORE = String.raw`(?<![\d/\\.\-])`;
const NOT_AFTER = String.raw`(?!\d|\s*[/\\.\-]\s*\d)`;
const ORDINAL = String.raw`(?:st|nd|rd|th)?`;
const YEAR_WORD = String.raw`(?:(?:سنه|لسنه|عام|لعام)\s*)?`;

/** Year first: y/m/d. Groups: year, sep, month, day, suffix. */
const YMD = new RegExp(String.raw`${NOT_BEFORE}(\d{4})${SEP}(\d{1,2})\s*\2\s*(\d{1,2})${NOT_AFTER}${SUFFIX}`, 'g');
/** Day or month first: a/b/y. Groups: a, sep, b, year, suffix. */
const DMY = new RegExp(String.raw`${NOT_BEFORE}(\d{1,2})${SEP}(\d{1,2})\s*\2\s*(\d{4})${NOT_AFTER}${SUFFIX}`, 'g');
/** Day, month name, year: `15 رجب 1435هـ`, `15 May 2014`. Groups: day, month, second month, year, suffix. */
const D_MONTH_Y = new RegExp(
  String.raw`(?<!\d)(\d{1,2})${ORDINAL}\s*(?:من\s*(?:شهر\s*)?|of\s+)?(${MONTH_PATTERN})(?:\s*[/(\-]\s*(${MONTH_PATTERN})\s*\)?)?\s*[,،]?\s*${YEAR_WORD}(\d{3,4})(?!\d)${SUFFIX}`,
  'g',
);
/** Month name, day, year: `January 15, 2014`. Groups: month, day, year, suffix. */
const MONTH_D_Y = new RegExp(String.raw`(?<![\u0621-\u064Aa-z])(${MONTH_PATTERN})\s*(\d{1,2})${ORDINAL}\s*[,،]\s*(\d{3,4})(?!\d)${SUFFIX}`, 'g');

/** Day, an unknown Arabic word (a misread month name), year: tried only where nothing else matched. */
const D_FUZZY_Y = new RegExp(String.raw`(?<!\d)(\d{1,2})\s+([\u0621-\u064A]{4,}(?: [\u0621-\u064A]{3,})?)\s+(\d{4})(?!\d)${SUFFIX}`, 'g');

type SuffixCalendar = MonthCalendar | null;

function suffixCalendar(s: string | undefined): SuffixCalendar {
  if (!s) return null;
  if (/^(هجري|ه|ھ|ہ|a\.?h)/.test(s)) return 'hijri';
  return 'gregorian';
}

interface Reading {
  calendar: MonthCalendar;
  year: number;
  month: number;
  day: number;
}

type Core = Omit<ParsedDate, 'asPrinted'>;

const INVALID = (calendar: MonthCalendar): Core => ({ calendar, gregorian: null, hijri: null, problem: 'invalid', alternatives: [] });
const OUT_OF_RANGE = (calendar: MonthCalendar): Core => ({ calendar, gregorian: null, hijri: null, problem: 'out_of_range', alternatives: [] });

/** Resolves one reading to Gregorian and Hijri, or the problem with it. */
function resolve(r: Reading): Core {
  const { calendar, year, month, day } = r;
  if (month < 1 || month > 12 || day < 1) return INVALID(calendar);
  if (calendar === 'hijri') {
    if (!isHijriYearInRange(year)) return day <= 30 ? OUT_OF_RANGE(calendar) : INVALID(calendar);
    if (day > hijriDaysInMonth(year, month)) return INVALID(calendar);
    return { calendar, gregorian: hijriToGregorian(year, month, day), hijri: isoOf(year, month, day), problem: null, alternatives: [] };
  }
  if (day > gregorianDaysInMonth(year, month)) return INVALID(calendar);
  if (year < GREGORIAN_MIN_YEAR || year > GREGORIAN_MAX_YEAR) return OUT_OF_RANGE(calendar);
  const iso = isoOf(year, month, day);
  return { calendar, gregorian: iso, hijri: gregorianToHijri(iso)?.iso ?? null, problem: null, alternatives: [] };
}

/** Calendar of a numeric date: the suffix decides, else the year (Gregorian letters are ≥ 1900). */
function numericCalendar(year: number, suffix: string | undefined): MonthCalendar {
  return suffixCalendar(suffix) ?? (year < GREGORIAN_MIN_YEAR ? 'hijri' : 'gregorian');
}

/** a/b/year: day/month by convention; ambiguous when both ≤ 12 and different. */
function resolveDayFirst(a: number, b: number, year: number, calendar: MonthCalendar): Core {
  if (a > 12 && b > 12) return INVALID(calendar);
  if (a <= 12 && b <= 12 && a !== b) {
    const first = resolve({ calendar, year, month: b, day: a });
    const second = resolve({ calendar, year, month: a, day: b });
    if (first.problem !== null) return first; // out of range (both readings share the year)
    if (second.problem !== null) return second;
    return { calendar, gregorian: null, hijri: null, problem: 'ambiguous', alternatives: [first.gregorian!, second.gregorian!] };
  }
  // A number above 12 cannot be a month: it is the day, whichever side it is printed.
  return a > 12 || a === b ? resolve({ calendar, year, month: b, day: a }) : resolve({ calendar, year, month: a, day: b });
}

interface RawHit {
  nStart: number; // in normalised text
  nEnd: number;
  core: Core;
}

function collect(norm: string): RawHit[] {
  const hits: RawHit[] = [];
  for (const m of norm.matchAll(YMD)) {
    const year = Number(m[1]);
    const calendar = numericCalendar(year, m[5]);
    hits.push({ nStart: m.index, nEnd: m.index + m[0].length, core: resolve({ calendar, year, month: Number(m[3]), day: Number(m[4]) }) });
  }
  for (const m of norm.matchAll(DMY)) {
    const year = Number(m[4]);
    const calendar = numericCalendar(year, m[5]);
    hits.push({ nStart: m.index, nEnd: m.index + m[0].length, core: resolveDayFirst(Number(m[1]), Number(m[3]), year, calendar) });
  }
  for (const m of norm.matchAll(D_MONTH_Y)) {
    const month = lookupMonth(m[2] ?? '');
    if (!month) continue;
    const year = Number(m[4]);
    hits.push({ nStart: m.index, nEnd: m.index + m[0].length, core: resolve({ calendar: month.calendar, year, month: month.month, day: Number(m[1]) }) });
  }
  for (const m of norm.matchAll(MONTH_D_Y)) {
    const month = lookupMonth(m[1] ?? '');
    if (!month) continue;
    const year = Number(m[3]);
    hits.push({ nStart: m.index, nEnd: m.index + m[0].length, core: resolve({ calendar: month.calendar, year, month: month.month, day: Number(m[2]) }) });
  }
  for (const m of norm.matchAll(D_FUZZY_Y)) {
    const start = m.index;
    const end = m.index + m[0].length;
    if (hits.some((h) => h.nStart < end && start < h.nEnd)) continue;
    const month = lookupMonthFuzzy(m[2] ?? '');
    if (!month) continue;
    hits.push({ nStart: start, nEnd: end, core: resolve({ calendar: month.calendar, year: Number(m[3]), month: month.month, day: Number(m[1]) }) });
  }
  // Keep the earliest, then longest, of overlapping matches.
  hits.sort((x, y) => x.nStart - y.nStart || y.nEnd - y.nStart - (x.nEnd - x.nStart));
  const kept: RawHit[] = [];
  for (const h of hits) {
    const last = kept[kept.length - 1];
    if (last && h.nStart < last.nEnd) continue;
    kept.push(h);
  }
  return kept;
}

/** UTF-16 index just after the raw code point that starts at `i`. */
function afterCodePoint(raw: string, i: number): number {
  const c = raw.codePointAt(i);
  return i + (c !== undefined && c > 0xffff ? 2 : 1);
}

/**
 * Finds every date expression in a page of text.
 * @param text raw page text (any digits, bidi marks, presentation forms).
 * @returns dates in reading order with UTF-16 offsets into `text` (end exclusive); problems
 *   (ambiguous, out of range, invalid) are reported on the date, not thrown. Never throws.
 */
export function findDates(text: string): FoundDate[] {
  const { text: norm, map } = normaliseWithMap(text);
  return collect(norm).map((h) => {
    const start = map[h.nStart] ?? 0;
    const lastRaw = map[h.nEnd - 1] ?? start;
    let end = afterCodePoint(text, lastRaw);
    // Keep tatweel and marks that belong to the last letter (e.g. the ـ of هـ) inside the span.
    while (end < text.length && /[\u0640\u064B-\u065F\u0670]/.test(text[end] ?? '')) end += 1;
    return { start, end, date: { ...h.core, asPrinted: text.slice(start, end) } };
  });
}

/**
 * Reads one date expression as printed on a letter (e.g. the value after "التاريخ:").
 * @param text the date text; surrounding words are tolerated, the first date found is returned.
 * @returns the date with its problem flag, or null when the text holds no date expression.
 */
export function parseLetterDate(text: string): ParsedDate | null {
  return findDates(text)[0]?.date ?? null;
}
