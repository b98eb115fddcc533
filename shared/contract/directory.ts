/** The counterpart directory (government bodies) and desk settings. */
import { z } from 'zod';

export const agencySchema = z.object({
  code: z.string().trim().min(1).max(32),
  nameAr: z.string().trim().min(1).max(300),
  nameEn: z.string().trim().min(1).max(300),
  /** Other spellings and short forms seen on letters (Arabic or English), for matching. */
  aliases: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
  connectedSince: z.string().nullable().default(null),
  requiresPaper: z.boolean().default(false),
});
export type Agency = z.output<typeof agencySchema>;

export const settingsSchema = z.object({
  language: z.enum(['ar', 'en']),
  /** Arabic-Indic digits in the Arabic UI (ar-KW) or Western digits (ar). */
  arabicIndicDigits: z.boolean(),
  agencyNameAr: z.string().max(300),
  agencyNameEn: z.string().max(300),
  /** Registry number format per register, e.g. `{year}/{seq:6}`; see shared/registry/number-format.ts. */
  numberFormats: z.object({ incoming: z.string(), outgoing: z.string(), internal: z.string() }),
});
export type Settings = z.output<typeof settingsSchema>;

export const directoryContract = {
  'directory.list': { input: z.object({}), output: {} as Agency[] },
  /** Replaces the directory (admin). */
  'directory.save': { input: z.object({ agencies: z.array(agencySchema).max(5000) }), output: {} as { count: number } },
  'settings.get': { input: z.object({}), output: {} as Settings },
  'settings.update': { input: settingsSchema.partial(), output: {} as Settings },
} as const;
