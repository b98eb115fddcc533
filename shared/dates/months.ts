/**
 * Month names as they are printed on letters, in Arabic and English, Gregorian and Hijri.
 *
 * Spellings are written naturally here and folded with shared/text/normalise.ts at load, so the
 * tables match hamza-less typing, ة/ه, ى/ي and Persian letters the same way search does. Sources:
 * the Gregorian month names used in the Gulf (يناير…) and the Levant (كانون الثاني…), the Umm al-Qura
 * month names, and the usual English transliterations.
 */
import { normalise } from '../text/normalise.ts';
import { distance as levenshtein } from 'fastest-levenshtein';

type MonthTable = ReadonlyArray<readonly string[]>; // index 0 = month 1

const GREGORIAN: MonthTable = [
  ['يناير', 'كانون الثاني', 'كانون ثاني', 'جانفي', 'january', 'jan'],
  ['فبراير', 'فبراىر', 'شباط', 'فيفري', 'february', 'feb'],
  ['مارس', 'آذار', 'march', 'mar'],
  ['أبريل', 'إبريل', 'ابريل', 'نيسان', 'أفريل', 'april', 'apr'],
  ['مايو', 'أيار', 'ماي', 'may'],
  ['يونيو', 'يونيه', 'حزيران', 'جوان', 'june', 'jun'],
  ['يوليو', 'يوليه', 'تموز', 'جويلية', 'july', 'jul'],
  ['أغسطس', 'آب', 'أوت', 'august', 'aug'],
  ['سبتمبر', 'أيلول', 'september', 'sept', 'sep'],
  ['أكتوبر', 'تشرين الأول', 'تشرين أول', 'october', 'oct'],
  ['نوفمبر', 'تشرين الثاني', 'تشرين ثاني', 'november', 'nov'],
  ['ديسمبر', 'كانون الأول', 'كانون أول', 'december', 'dec'],
];

const HIJRI: MonthTable = [
  ['محرم الحرام', 'محرم', 'المحرم', 'muharram', 'muharam'],
  ['صفر الخير', 'صفر', 'safar'],
  ['ربيع الأول', 'ربيع أول', 'ربيع الاول', "rabi' al-awwal", "rabi' al-awal", "rabi' i"],
  ['ربيع الآخر', 'ربيع آخر', 'ربيع الثاني', 'ربيع ثاني', 'ربيع الاخير', "rabi' al-akhir", "rabi' al-thani", "rabi' al-thaani", "rabi' ii"],
  ['جمادى الأولى', 'جمادى الأول', 'جمادى أولى', 'جماد الأول', 'جماد الأولى', 'jumada al-ula', 'jumada al-awwal', 'jumada al-oula', 'jumada i'],
  ['جمادى الآخرة', 'جمادى الآخر', 'جمادى الثانية', 'جمادى الثاني', 'جمادى آخرة', 'جماد الآخر', 'جماد الثاني', 'جمادى الأخيرة', 'jumada al-akhirah', 'jumada al-akhira', 'jumada al-thani', 'jumada al-thaniyah', 'jumada ii'],
  ['رجب', 'رجب الفرد', 'rajab'],
  ['شعبان', "sha'ban", 'shaaban'],
  ['رمضان', 'رمضان المبارك', 'ramadan', 'ramadhan'],
  ['شوال', 'shawwal', 'shawal'],
  ['ذو القعدة', 'ذي القعدة', 'ذو القعده', "dhu al-qi'dah", "dhu al-qa'dah", "dhul-qi'dah", "dhul-qa'dah", "dhu'l-qi'dah"],
  ['ذو الحجة', 'ذي الحجة', 'dhu al-hijjah', 'dhul-hijjah', "dhu'l-hijjah", 'dhu al-hijja'],
];

export type MonthCalendar = 'gregorian' | 'hijri';

interface MonthEntry {
  key: string; // normalised spelling
  month: number; // 1..12
  calendar: MonthCalendar;
}

const entries: MonthEntry[] = [];
for (const [calendar, table] of [['gregorian', GREGORIAN], ['hijri', HIJRI]] as const) {
  table.forEach((names, i) => {
    for (const name of names) entries.push({ key: normalise(name), month: i + 1, calendar });
  });
}
// Longest first, so "ربيع الاول" wins over a shorter prefix.
entries.sort((a, b) => b.key.length - a.key.length);

/** Folds a matched month text to a lookup key: spaces, hyphens and apostrophes removed. */
function squash(s: string): string {
  return s.replace(/[\s\-'’ʼ]/g, '');
}

const byKey = new Map<string, MonthEntry>();
for (const e of entries) if (!byKey.has(squash(e.key))) byKey.set(squash(e.key), e);

function toPattern(key: string): string {
  let out = '';
  for (const ch of key) {
    if (ch === ' ' || ch === '-') out += "[\\s\\-'’]*";
    else if (ch === "'") out += "['’ʼ]?";
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

/**
 * Regular-expression source (no groups) matching any month name of either calendar in normalised
 * text; spaces inside names may be missing or doubled (OCR joins and splits words), Arabic "ذو/ذي"
 * forms and English hyphen/apostrophe variants are accepted.
 */
export const MONTH_PATTERN = `(?:${entries.map((e) => toPattern(e.key)).join('|')})(?![\\u0621-\\u064Aa-z])`;

/**
 * Looks a matched month name up.
 * @param matched the text the {@link MONTH_PATTERN} matched (normalised).
 * @returns month number 1–12 and its calendar, or null when unknown.
 */
export function lookupMonth(matched: string): { month: number; calendar: MonthCalendar } | null {
  const e = byKey.get(squash(matched));
  return e ? { month: e.month, calendar: e.calendar } : null;
}

const arabicKeys = entries.filter((e) => /^[\u0621-\u064A ]{5,}$/.test(e.key));

/**
 * Looks up a word OCR may have misread ("يتاير" for "يناير"): the Arabic month name within one edit
 * (two for names of 6+ letters), when exactly one month is that close.
 * @param word a normalised word or two-word phrase.
 * @returns the month, or null when none or more than one month is that close.
 */
export function lookupMonthFuzzy(word: string): { month: number; calendar: MonthCalendar } | null {
  const exact = lookupMonth(word);
  if (exact) return exact;
  let found: MonthEntry | null = null;
  for (const e of arabicKeys) {
    const limit = e.key.length >= 6 ? 2 : 1;
    if (Math.abs(e.key.length - word.length) > limit || levenshtein(word, e.key) > limit) continue;
    if (found && (found.month !== e.month || found.calendar !== e.calendar)) return null;
    found = e;
  }
  return found ? { month: found.month, calendar: found.calendar } : null;
}
