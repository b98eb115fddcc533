/**
 * What the scan module needs from the services to register a letter (services.ts provides it), and
 * the rules for unattended intake (watched folder, batches) shared by both.
 */
import { AppError, toErrorValue, type ErrorValue } from '../../../shared/errors.ts';
import { pageCount } from '../documents/index.ts';
import { isAbortError } from './source.ts';

/** Most pages of one letter taken without a clerk (watched folder, batch): a larger file is most
 * likely a whole stack scanned as one, and goes to the clerk (`too_many_pages`; intake takes up to
 * MAX_PAGES). */
export const MAX_UNATTENDED_PAGES = 100;

/** Registers one letter's file through the ordinary analyse → register path. */
export type ImportBytes = (
  bytes: Uint8Array,
  fileName: string,
  opts: { signal?: AbortSignal; onProgress?: (p: { page: number; pages: number }) => void },
) => Promise<{ sha256: string; registration: { registryNumber: string; register: string } | null }>;

/**
 * Refuses a document with more pages than {@link MAX_UNATTENDED_PAGES} before any OCR.
 * @throws AppError('too_many_pages'), and the reading errors of documents/ for unreadable files.
 */
export async function checkUnattendedPages(bytes: Uint8Array): Promise<number> {
  if (bytes.byteLength === 0) throw new AppError('empty_file', 'The file is empty');
  const n = await pageCount(bytes);
  if (n > MAX_UNATTENDED_PAGES) {
    throw new AppError('too_many_pages', `The document has ${n} pages; unattended intake takes at most ${MAX_UNATTENDED_PAGES}`, { pages: n, limit: MAX_UNATTENDED_PAGES });
  }
  return n;
}

/** The outcome of registering one letter. */
export type LetterOutcome =
  | { state: 'registered'; sha256: string; registryNumber: string; register: string }
  | { state: 'duplicate'; registryNumber: string | null; register: string | null }
  | { state: 'cancelled' }
  | { state: 'failed'; error: ErrorValue };

/** Runs `importBytes` and turns its result or error into a {@link LetterOutcome} (never throws). */
export async function registerLetter(importBytes: ImportBytes, bytes: Uint8Array, fileName: string, opts: Parameters<ImportBytes>[2]): Promise<LetterOutcome> {
  try {
    const r = await importBytes(bytes, fileName, opts);
    if (r.registration === null) return { state: 'failed', error: { kind: 'internal', message: 'not registered' } };
    return { state: 'registered', sha256: r.sha256, registryNumber: r.registration.registryNumber, register: r.registration.register };
  } catch (err) {
    if (isAbortError(err) || opts.signal?.aborted) return { state: 'cancelled' };
    if (err instanceof AppError && err.kind === 'duplicate_file') {
      const d = err.details ?? {};
      return { state: 'duplicate', registryNumber: typeof d['registryNumber'] === 'string' ? d['registryNumber'] : null, register: typeof d['register'] === 'string' ? d['register'] : null };
    }
    return { state: 'failed', error: toErrorValue(err) };
  }
}
