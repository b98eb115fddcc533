/**
 * Errors as values across every boundary (IPC, browser-mode HTTP, CLI).
 *
 * Services throw {@link AppError}; transports turn it into `{ ok: false, error }` with a typed `kind`
 * the UI translates (renderer/i18n) and the CLI prints as JSON. Never a raw stack trace.
 */

export const ERROR_KINDS = [
  'validation', // input failed its zod schema or a registry rule
  'not_found', // no such registration, document or page
  'duplicate_file', // the document is already registered (details.registryNumber)
  'empty_file', // zero bytes
  'unsupported_format', // not an image or PDF we read (e.g. a text file named .png)
  'corrupt_file', // truncated or damaged image/PDF
  'encrypted_pdf', // password-protected PDF
  'image_too_large', // pixel count above the decoder's limit (decompression bomb guard)
  'too_many_pages', // page count above the per-document limit
  'ocr_failed', // the OCR engine failed on a page
  'storage_failed', // the data folder or database could not be written
  'database_too_new', // the database was written by a newer Registry Desk
  'unauthorised', // missing or wrong token / not allowed for this operator
  'unauthenticated', // accounts exist and nobody is signed in (or the session ended)
  'wrong_credentials', // sign-in refused: unknown user, wrong password or disabled account
  'account_locked', // too many failed sign-ins; details.lockedUntil (UTC ISO)
  'forbidden', // the signed-in user's role may not do this (details.method, details.role)
  'exchange_not_configured', // the desk is not connected to the central exchange
  'exchange_unreachable', // the exchange did not answer (network down, timeout, server error)
  'exchange_refused', // the exchange answered with a refusal (bad credentials, invalid message, …)
  'number_block_exhausted', // no registry number left in the granted blocks (emergency numbers follow)
  'seal_refused', // the day cannot be sealed now (details.reason: not_ended, out_of_order, already_sealed, before_chain)
  'scanner_failed', // the scanner (SANE or eSCL) reported an error or delivered nothing
  'scanner_unreachable', // a network scanner did not answer
  'file_busy', // a watched-folder file stayed busy (still being written or locked) for too long
  'dispatch_refused', // a paper copy's step does not follow its state (details.state, details.requested, details.expected)
  'not_analysed', // the document was never read on this desk (intake.analyse first); details.sha256
  'page_out_of_range', // the document has no such page; details.page (0-based), details.pages
  'held_for_clerk', // unattended intake did not register a letter a clerk must judge (details.reason: rescan, continuation, attached, twin; details.registryNumber)
  'internal', // anything else (a bug); details carry a support reference
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The serialisable form of an error, as it crosses a boundary. */
export interface ErrorValue {
  kind: ErrorKind;
  /** English, for logs and support; the UI shows its own translation of `kind`. */
  message: string;
  details?: Record<string, unknown>;
}

/** The result of every contract call across a boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue };

/** An error a service throws on purpose; `kind` decides how the UI and CLI present it. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;
  constructor(kind: ErrorKind, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.details = details;
  }
}

/** Converts anything thrown into an {@link ErrorValue}; unknown errors become `internal`. */
export function toErrorValue(err: unknown): ErrorValue {
  if (err instanceof AppError) {
    return err.details === undefined
      ? { kind: err.kind, message: err.message }
      : { kind: err.kind, message: err.message, details: err.details };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'internal', message };
}
