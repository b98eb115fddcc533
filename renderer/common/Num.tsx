/**
 * A number-like value inside (possibly Arabic) text, isolated (`<bdi>`) so registry numbers,
 * reference numbers like `ص/77089/2026` and dates never reverse or mix with the text around them.
 */
import { useTranslation } from 'react-i18next';
import { showDigits } from './digits.ts';
import { useUiSettings } from './settings-context.tsx';

export function Num({ value, className }: { value: string | number; className?: string }) {
  const { i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const text = showDigits(String(value), i18n.language === 'ar' && arabicIndicDigits);
  // Digits and separators only: left to right. With Arabic letters (a reference such as
  // `ص/77089/2026`): the direction of its first letter, so it reads as the letter printed it.
  const dir = /[\u0600-\u06FF\u0750-\u077F]/.test(text) ? 'auto' : 'ltr';
  return (
    <bdi dir={dir} className={className ? `num ${className}` : 'num'}>
      {text}
    </bdi>
  );
}
