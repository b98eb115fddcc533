/**
 * A half-prepared outgoing letter survives a closed window or a crash: recipients, fields and the
 * documents already stored by the services (by SHA-256) are kept in localStorage until the letter is
 * registered. Documents still being read when the window closed are not kept (open them again).
 */
import type { Classification, Priority } from '../../shared/contract/index.ts';

const KEY = 'registry-desk.outgoing-draft.v1';

/** A document stored on the desk, as the outgoing form shows it. */
export interface StoredDoc {
  sha256: string;
  pageCount: number;
  /** Bytes. */
  byteLength: number;
  alreadyRegistered: { register: string; registryNumber: string } | null;
}

export interface OutgoingDraft {
  to: string[];
  cc: string[];
  docs: Array<{ key: number; fileName: string; stored: StoredDoc }>;
  mainKey: number | null;
  subject: string;
  classification: Classification;
  priority: Priority;
  replyBy: string;
  paperFollows: boolean;
}

/** @returns true when the draft holds nothing worth keeping. */
export function isEmptyDraft(d: OutgoingDraft): boolean {
  return d.to.length === 0 && d.cc.length === 0 && d.docs.length === 0 && d.subject.trim() === '' && d.replyBy.trim() === '';
}

/** Saves the draft (or removes it when empty); storage errors are ignored (only the safety net is lost). */
export function saveOutgoingDraft(d: OutgoingDraft): void {
  try {
    if (isEmptyDraft(d)) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, JSON.stringify(d));
  } catch {
    /* storage full or disabled */
  }
}

/** @returns the saved draft, or null when none or unreadable. */
export function loadOutgoingDraft(): OutgoingDraft | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return null;
    const d = JSON.parse(raw) as OutgoingDraft;
    const ok =
      Array.isArray(d.to) &&
      Array.isArray(d.cc) &&
      Array.isArray(d.docs) &&
      d.docs.every((x) => typeof x.stored?.sha256 === 'string' && /^[0-9a-f]{64}$/.test(x.stored.sha256)) &&
      typeof d.subject === 'string';
    return ok ? d : null;
  } catch {
    return null;
  }
}
