/**
 * A half-filled intake survives a closed window or a crash: the analysis (text, suggestions, the
 * stored document's SHA-256) and the form are kept in localStorage until the letter is registered or
 * discarded. The document itself is already stored by the services under its SHA-256.
 */
import type { Analysis } from '../../shared/contract/index.ts';
import type { IntakeForm } from './form.ts';

const KEY = 'registry-desk.intake-draft.v1';

export interface IntakeDraft {
  analysis: Analysis;
  form: IntakeForm;
  savedAt: string;
}

/** Saves the draft; quota errors are ignored (the form still works, only the safety net is lost). */
export function saveDraft(analysis: Analysis, form: IntakeForm): void {
  try {
    const draft: IntakeDraft = { analysis, form, savedAt: new Date().toISOString() };
    window.localStorage.setItem(KEY, JSON.stringify(draft));
  } catch {
    /* storage full or disabled */
  }
}

/** @returns the saved draft, or null when none or unreadable. */
export function loadDraft(): IntakeDraft | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as IntakeDraft;
    return d && typeof d.analysis?.sha256 === 'string' && d.form ? d : null;
  } catch {
    return null;
  }
}

export function clearDraft(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    /* ignore */
  }
}
