/**
 * Digit display: the Arabic UI shows Western digits (`ar`) or Arabic-Indic digits (`ar-KW`) by the
 * user's setting (../shared/design/ux.md, "Digits"); English always Western.
 */
const INDIC = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];

/** Replaces Western digits 0–9 with Arabic-Indic ones when `indic` is true; other characters unchanged. */
export function showDigits(text: string, indic: boolean): string {
  return indic ? text.replace(/[0-9]/g, (d) => INDIC[Number(d)] ?? d) : text;
}

/** Formats an integer with the UI locale's grouping (`ar` or `ar-KW` for Arabic-Indic digits, `en`). */
export function formatCount(n: number, lang: string, indic: boolean): string {
  const locale = lang === 'ar' ? (indic ? 'ar-KW' : 'ar') : 'en';
  return new Intl.NumberFormat(locale, { numberingSystem: lang === 'ar' && indic ? 'arab' : 'latn' }).format(n);
}
