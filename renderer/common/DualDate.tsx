/**
 * A Gregorian date with its Umm al-Qura Hijri date (shared/dates `formatDualDate`), isolated
 * left-to-right-safe inside any text. `compact` shows it on one line for tables.
 */
import { useTranslation } from 'react-i18next';
import { formatDualDate } from '../../shared/dates/format.ts';
import { useUiSettings } from './settings-context.tsx';

// formatDualDate builds an Intl.DateTimeFormat (Umm al-Qura) per call, which costs milliseconds;
// a register screen shows the same few dates many times, so results are kept (bounded).
const cache = new Map<string, string>();
const CACHE_MAX = 2000;

function cachedDualDate(iso: string, lang: 'ar' | 'en', arabicIndicDigits: boolean): string {
  const key = `${lang}|${arabicIndicDigits ? 1 : 0}|${iso}`;
  let text = cache.get(key);
  if (text === undefined) {
    try {
      text = formatDualDate(iso, lang, { arabicIndicDigits });
    } catch {
      text = iso; // not a date: show it as stored
    }
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, text);
  }
  return text;
}

export function DualDate({ iso, compact, testId }: { iso: string; compact?: boolean; testId?: string }) {
  const { i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const lang = i18n.language === 'en' ? 'en' : 'ar';
  const text = cachedDualDate(iso, lang, lang === 'ar' && arabicIndicDigits);
  if (compact) {
    // Two lines in tables: Gregorian above, Hijri below.
    const [gregorian, hijri] = text.split(' — ');
    return (
      <bdi className="dual-date compact" data-testid={testId} title={text}>
        <span>{gregorian}</span>
        {hijri && <span className="hijri">{hijri}</span>}
      </bdi>
    );
  }
  return (
    <bdi className="dual-date" data-testid={testId} title={text}>
      {text}
    </bdi>
  );
}
