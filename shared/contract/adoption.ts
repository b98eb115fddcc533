/**
 * The adoption report (../shared/design/domain.md, "The parallel period"): per counterpart and
 * period, the letters received and sent by channel, and the counterparts connected to the exchange
 * that still send paper — the list the central authority asks each agency for.
 * Rules and file formats: docs/parallel-period.md, "The adoption report".
 */
import { z } from 'zod';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** Registrations per channel; `total` is their sum. */
export interface ChannelCounts {
  paper: number;
  electronic: number;
  both: number;
  total: number;
}

/** One counterpart's letters in the period. */
export interface AdoptionCounterpart {
  /** Directory code; null for a counterpart registered by name only (not in the directory). */
  code: string | null;
  /** Arabic name (the directory's, else the name as registered). */
  nameAr: string;
  /** English name from the directory, else the name as registered. */
  nameEn: string;
  /** Agency-local day since which it is connected to the exchange (as the directory says now), or null. */
  connectedSince: string | null;
  requiresPaper: boolean;
  /** Incoming registrations (annulled ones left out). */
  received: ChannelCounts;
  /** Outgoing registrations (annulled ones left out). */
  sent: ChannelCounts;
}

/** A paper letter from a connected counterpart, registered after its connection day. */
export interface PaperExample {
  registryNumber: string;
  registrationDate: string; // YYYY-MM-DD, agency-local
  referenceNumber: string | null;
  subject: string;
}

/** A connected counterpart that still sent paper in the period. */
export interface StillSendingPaper {
  code: string;
  nameAr: string;
  nameEn: string;
  connectedSince: string;
  requiresPaper: boolean;
  /** Incoming letters with channel `paper` registered after `connectedSince`, within the period. */
  paperCount: number;
  /** Incoming letters in the same window that came both ways (for information; not in `paperCount`). */
  bothCount: number;
  /** Its incoming letters of any channel in the same window. */
  receivedCount: number;
  /** The most recent paper letters, newest first, at most `examples` of the request. */
  examples: PaperExample[];
}

export interface AdoptionReport {
  from: string;
  to: string;
  agencyNameAr: string;
  agencyNameEn: string;
  /** UTC ISO 8601. */
  generatedAt: string;
  /** Counterparts with at least one letter in the period, most letters first. */
  counterparts: AdoptionCounterpart[];
  totals: { received: ChannelCounts; sent: ChannelCounts };
  /** Most paper letters first. */
  stillSendingPaper: StillSendingPaper[];
}

export const ADOPTION_FORMATS = ['pdf', 'csv'] as const;
export type AdoptionFormat = (typeof ADOPTION_FORMATS)[number];

const period = z
  .object({
    from: isoDay,
    to: isoDay,
    /** Example letters listed per counterpart still sending paper (default 5). */
    examples: z.number().int().min(0).max(50).default(5),
  })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] });

export const adoptionContract = {
  /** The report for the agency-local days `from`…`to` (inclusive). */
  'reports.adoption': { input: period, output: {} as AdoptionReport },
  /** The same report as a file to hand over: bytes in base64 and a suggested file name. */
  'reports.adoptionExport': {
    input: z
      .object({ from: isoDay, to: isoDay, examples: z.number().int().min(0).max(50).default(5), format: z.enum(ADOPTION_FORMATS), lang: z.enum(['ar', 'en']).default('ar') })
      .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] }),
    output: {} as { fileName: string; mediaType: string; dataBase64: string; byteLength: number },
  },
} as const;
