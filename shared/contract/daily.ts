/**
 * The daily register (السجل اليومي): a day's registrations, totals, annulments, corrections and
 * declared gaps; sealing and verification of the seal chain; exports (CSV, XLSX, PDF).
 * Days are Asia/Kuwait calendar days `YYYY-MM-DD` (../shared/design/domain.md, "Registry rules").
 */
import { z } from 'zod';
import type { Channel, Classification, Direction, Priority } from './registry.ts';
import { DIRECTIONS } from './registry.ts';

export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One registration as the daily register lists it. */
export interface DailyItem {
  id: number;
  register: string;
  year: number;
  seq: number;
  registryNumber: string;
  registeredAt: string; // UTC ISO 8601
  time: string; // Asia/Kuwait HH:MM
  direction: Direction;
  channel: Channel;
  counterpartName: string;
  counterpartCode: string | null;
  referenceNumber: string | null;
  referenceDate: string | null;
  subject: string;
  classification: Classification;
  priority: Priority;
  attachmentsCount: number;
  operator: string;
  /** Annulled now (on this day or later); the record stays in the register. */
  annulled: boolean;
}

export interface DailyRegisterTotals {
  registrations: number;
  byDirection: Record<Direction, number>;
  byChannel: Record<Channel, number>;
  byClassification: Record<Classification, number>;
}

export interface DailyAnnulment {
  registrationId: number;
  register: string;
  registryNumber: string;
  /** The day the annulled registration was made (may be earlier than this day). */
  registrationDate: string;
  at: string; // UTC ISO
  operator: string;
  reason: string;
  /** The supervisor's authorising reference of the annulment. */
  authorisingReference: string | null;
}

export interface DailyCorrection {
  auditId: number;
  at: string;
  operator: string;
  action: string;
  register: string | null;
  registryNumber: string | null;
  details: Record<string, unknown>;
}

export interface DailyGap {
  id: number;
  register: string;
  year: number;
  fromSeq: number;
  toSeq: number;
  reason: string;
  declaredAt: string;
  declaredBy: string;
}

export interface DailySeal {
  position: number;
  contentSha256: string;
  prevHash: string;
  hash: string;
  sealedAt: string;
  sealedBy: string;
  automatic: boolean;
  registrations: number;
}

export interface DailyRegister {
  day: string;
  /** `open`: the day has not ended yet; `unsealed`: ended, waiting for the seal; `sealed`. */
  state: 'open' | 'unsealed' | 'sealed';
  agencyNameAr: string;
  agencyNameEn: string;
  items: DailyItem[];
  /** First and last registry number of the day per register (registers with registrations only). */
  registers: Array<{ register: string; first: string; last: string; count: number }>;
  totals: DailyRegisterTotals;
  annulments: DailyAnnulment[];
  corrections: DailyCorrection[];
  gaps: DailyGap[];
  seal: DailySeal | null;
  /** SHA-256 of the day's canonical content now (equals `seal.contentSha256` while untouched). */
  contentSha256: string;
}

export type SealVerification =
  | { ok: true; sealedDays: number; lastDay: string | null }
  | { ok: false; sealedDays: number; brokenDay: string; reason: 'content_changed' | 'chain_broken' | 'day_missing' | 'registration_before_chain' };

export const dailyContract = {
  /** The daily register of one day. */
  'daily.show': { input: z.object({ day: isoDay }), output: {} as DailyRegister },
  /** Seals an ended day (supervisor). Earlier ended days must be sealed first. */
  'daily.seal': { input: z.object({ day: isoDay }), output: {} as DailyRegister },
  /** Walks the seal chain; names the first day whose seal no longer matches. */
  'daily.verify': { input: z.object({}), output: {} as SealVerification },
  /** Declares numbers of a register as never given, with the reason (supervisor). */
  'daily.declareGap': {
    input: z.object({
      register: z.enum(DIRECTIONS),
      year: z.number().int().min(1900).max(2199),
      fromSeq: z.number().int().min(1),
      toSeq: z.number().int().min(1),
      reason: z.string().trim().min(3).max(1000),
    }),
    output: {} as DailyGap,
  },
  /** The day's register as a file: bytes in base64 and a suggested file name. */
  'daily.export': {
    input: z.object({ day: isoDay, format: z.enum(EXPORT_FORMATS), lang: z.enum(['ar', 'en']).default('ar') }),
    output: {} as { fileName: string; mediaType: string; dataBase64: string; byteLength: number },
  },
  /** Recent days with their state (for the day picker). */
  'daily.days': {
    input: z.object({ before: isoDay.nullable().default(null), limit: z.number().int().min(1).max(366).default(31) }),
    output: {} as Array<{ day: string; registrations: number; sealed: boolean }>,
  },
} as const;
