/**
 * A number-like value inside (possibly Arabic) text: isolated and left-to-right so registry numbers,
 * reference numbers like `ص/77089/2026` and dates never reverse in RTL text.
 */
import { useTranslation } from 'react-i18next';
import { showDigits } from './digits.ts';
import { useUiSettings } from './settings-context.tsx';

export function Num({ value, className }: { value: string | number; className?: string }) {
  const { i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const text = showDigits(String(value), i18n.language === 'ar' && arabicIndicDigits);
  return (
    <bdi dir="ltr" className={className ? `num ${className}` : 'num'}>
      {text}
    </bdi>
  );
}
