/**
 * The PDFs of a registration: the archival PDF (scan + invisible text layer + registry stamp) and the
 * stamp label for a label printer. See docs/archival-pdf.md.
 */
import { z } from 'zod';
import { DIRECTIONS } from './registry.ts';

const registrationRef = z.object({
  registryNumber: z.string().trim().min(1).max(64),
  register: z.enum(DIRECTIONS).nullable().default(null),
});

export interface ArchivalPdf {
  /** SHA-256 (hex) of the PDF, as stored in the blob store. */
  sha256: string;
  byteLength: number;
  pageCount: number;
  /** A file name to save it under, e.g. `2026-000125.pdf`. */
  fileName: string;
  dataBase64: string;
  /** True when built by this call, false when the stored one was returned. */
  generated: boolean;
}

export interface StampLabel {
  fileName: string;
  dataBase64: string;
  /** The page size in millimetres (62 × 29). */
  widthMm: number;
  heightMm: number;
}

export const pdfContract = {
  /**
   * The archival PDF of a registration: built from the stored original on first request (or when
   * `regenerate`), stored content-addressed and linked to the registration (audit event `archival_pdf`).
   */
  'registry.archivalPdf': {
    input: registrationRef.extend({ regenerate: z.boolean().default(false) }),
    output: {} as ArchivalPdf,
  },
  /** The stamp label of a registration, a PDF sized for a 62 × 29 mm label. */
  'registry.label': {
    input: registrationRef,
    output: {} as StampLabel,
  },
} as const;
