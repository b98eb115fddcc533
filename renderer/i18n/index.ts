/**
 * i18next for the renderer: Arabic (default, RTL) and English (LTR). Switching the language flips
 * `<html dir lang>` at run time, so the whole layout (CSS logical properties) mirrors.
 * The choice is kept in localStorage.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ar } from './ar.ts';
import { en } from './en.ts';

export type Lang = 'ar' | 'en';
const KEY = 'registry-desk.lang';

/** Reads the stored language; Arabic when none or unknown. */
export function storedLang(): Lang {
  try {
    return window.localStorage.getItem(KEY) === 'en' ? 'en' : 'ar';
  } catch {
    return 'ar';
  }
}

function applyToDocument(lang: Lang): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
}

/** Initialises the shared i18next instance; resolves when ready. */
export async function initI18n(): Promise<typeof i18next> {
  const lang = storedLang();
  await i18next.use(initReactI18next).init({
    resources: { ar: { translation: ar }, en: { translation: en } },
    lng: lang,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  applyToDocument(lang);
  i18next.on('languageChanged', (lng) => applyToDocument(lng === 'en' ? 'en' : 'ar'));
  return i18next;
}

/** Switches the UI language and remembers it. */
export async function setLang(lang: Lang): Promise<void> {
  try {
    window.localStorage.setItem(KEY, lang);
  } catch {
    /* private mode: the choice lasts this session */
  }
  await i18next.changeLanguage(lang);
}
