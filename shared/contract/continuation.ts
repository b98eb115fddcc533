/**
 * Continuations: further pages of a registered letter, scanned later and found by the registry code
 * (our label or stamp QR) they carry, join that registration as a `continuation` document — no new
 * registry number (docs/archival-pdf.md, "Continuations and re-scans").
 */
import { z } from 'zod';
import { DIRECTIONS, type RegistrationDetail } from './registry.ts';

export const continuationContract = {
  /**
   * Attaches a read document (`intake.analyse`) to a registration as a continuation: its pages are
   * listed with the record, searched with it, and appended to its archival PDF.
   * Errors: `not_found` (no such registration, or the document was never read), `duplicate_file`
   * (the document is already registered, as `details.registryNumber`), `validation` (the
   * registration is annulled).
   * @returns the updated record.
   */
  'registry.attachContinuation': {
    input: z.object({
      documentSha256: z.string().regex(/^[0-9a-f]{64}$/),
      registryNumber: z.string().trim().min(1).max(64),
      register: z.enum(DIRECTIONS).nullable().default(null),
    }),
    output: {} as RegistrationDetail,
  },
} as const;
