/**
 * A Gregorian date with its Umm al-Qura Hijri date (shared/dates `formatDualDate`), isolated
 * left-to-right-safe inside any text. `compact` shows it on one line for tables.
 */
import { useTranslation } from 'react-i18next';
import { formatDualDate } from '../../shared/dates/format.ts';
import { useUiSettings } from './settings-context.tsx';

export function DualDate({ iso, compact, testId }: { iso: string; compact?: boolean; testId?: string }) {
  const { i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const lang = i18n.language === 'en' ? 'en' : 'ar';
  let text: string;
  try {
    text = formatDualDate(iso, lang, { arabicIndicDigits: lang === 'ar' && arabicIndicDigits });
  } catch {
    text = iso;
  }
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
