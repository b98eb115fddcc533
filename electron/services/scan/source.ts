/**
 * One interface for every scan source: a SANE scanner (`scanimage`), a driverless eSCL network
 * scanner, or files. A source delivers the pages of one stack, in feed order, as encoded images.
 */

/** One scanned page as the source delivered it. */
export interface ScanPage {
  /** 0-based position in the stack. */
  index: number;
  /** The encoded image (PNG, JPEG or TIFF) or a one-page document. */
  bytes: Uint8Array;
}

/** Options of one scan. */
export interface ScanRunOptions {
  signal?: AbortSignal;
  /** Called as each page arrives (before the scan finishes). */
  onPage?: (page: ScanPage) => void;
}

/** A scanner or other stack of pages. */
export interface ScanSource {
  readonly kind: 'sane' | 'escl';
  /** For messages and the job list, e.g. the device name or URL. */
  readonly label: string;
  /**
   * Scans the stack (the feeder until empty, or one flatbed page).
   * @returns the pages in feed order.
   * @throws AppError('scanner_failed' | 'scanner_unreachable'); an `AbortError` when `signal` aborts.
   */
  scan(opts?: ScanRunOptions): Promise<ScanPage[]>;
}

/** The error an aborted scan rejects with (same shape as the OCR pool's). */
export function abortError(): Error {
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}

/** True for the error {@link abortError} makes (and DOM AbortErrors). */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
