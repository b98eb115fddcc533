/** The desk settings the UI needs everywhere (digits), loaded once from `settings.get`. */
import { createContext, useContext } from 'react';

export interface UiSettings {
  arabicIndicDigits: boolean;
}

export const SettingsContext = createContext<UiSettings>({ arabicIndicDigits: false });

/** @returns the current UI settings. */
export function useUiSettings(): UiSettings {
  return useContext(SettingsContext);
}
