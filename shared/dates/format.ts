/**
 * Showing a Gregorian date beside its Umm al-Qura Hijri date, as registry stamps and screens do:
 * `29/11/2026 م — 19 جمادى الآخرة 1448 هـ` (Arabic) or `29/11/2026 — 19 Jumada II 1448 AH` (English).
 * Month names come from Intl (`ca-islamic-umalqura`); outside 1356–1500 AH only the Gregorian part is shown.
 */
import { AppError } from '../errors.ts';
import { gregorianDaysInMonth, gregorianToHijri } from './hijri.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building an Intl.DateTimeFormat with a non-Gregorian calendar costs milliseconds; a register screen
// formats dozens of dates per frame, so one formatter per language is kept.
const hijriFormatters = new Map<'ar' | 'en', Intl.DateTimeFormat>();

function hijriFormatter(lang: 'ar' | 'en'): Intl.DateTimeFormat {
  let f = hijriFormatters.get(lang);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(`${lang}-u-ca-islamic-umalqura-nu-latn`, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    hijriFormatters.set(lang, f);
  }
  return f;
}

function toArabicIndic(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
}

/**
 * @param isoGregorian `YYYY-MM-DD` (Gregorian).
 * @param lang `ar` or `en`.
 * @param opts.arabicIndicDigits print digits as ٠–٩ (Arabic UI setting); default Western digits.
 * @returns the dual date string.
 * @throws AppError('validation') when `isoGregorian` is not a valid date.
 */
export function formatDualDate(isoGregorian: string, lang: 'ar' | 'en', opts?: { arabicIndicDigits?: boolean }): string {
  const m = ISO_DATE.exec(isoGregorian);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || mo < 1 || mo > 12 || d < 1 || d > gregorianDaysInMonth(y, mo)) {
    throw new AppError('validation', `not a Gregorian ISO date: ${isoGregorian.slice(0, 40)}`);
  }
  const gregorian = `${String(d).padStart(2, '0')}/${String(mo).padStart(2, '0')}/${y}${lang === 'ar' ? ' م' : ''}`;
  let out = gregorian;
  if (gregorianToHijri(isoGregorian)) {
    const parts = hijriFormatter(lang).formatToParts(new Date(Date.UTC(y, mo - 1, d)));
    const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
    const hijri = `${get('day')} ${get('month')} ${get('year')} ${lang === 'ar' ? 'هـ' : 'AH'}`;
    out = `${gregorian} — ${hijri}`;
  }
  return opts?.arabicIndicDigits ? toArabicIndic(out) : out;
}
