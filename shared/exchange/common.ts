/**
 * Building blocks of the exchange protocol's schemas (docs/exchange-protocol.md). Envelope and journal
 * schemas are strict and never transform their input (no trim, no defaults): the signature covers the
 * envelope exactly as sent, so what a schema returns must be what was signed.
 */
import { z } from 'zod';

/** Agency code as in the directory, e.g. `MOH`: 1–32 of A–Z, 0–9, `_`, `-`. */
export const agencyCodeSchema = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, 'an agency code: A–Z, 0–9, _ or -, at most 32');
/** Desk id, e.g. `MOH-1`: 1–40 of A–Z, a–z, 0–9, `_`, `-` (never a `.`, which ends the id in a bearer token). */
export const deskIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'a desk id: letters, digits, _ or -, at most 40');
/** A UUID (any version), lower-case hex with dashes. */
export const uuidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lower-case UUID');
/** SHA-256 as 64 lower-case hex digits. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256: 64 lower-case hex digits');
/** An instant, ISO 8601 in UTC with `Z`, e.g. `2026-11-29T10:00:00.000Z`. */
export const instantSchema = z.iso.datetime();
/** A calendar date `YYYY-MM-DD` (Gregorian). */
export const calendarDateSchema = z.iso.date();
/** A registry year (agency year, Asia/Kuwait). */
export const yearSchema = z.number().int().min(1900).max(9999);
/** Base64 (standard alphabet, padded) of a raw 32-byte Ed25519 key. */
export const keyBase64Schema = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes');
/** Base64 (standard alphabet, padded) of a 64-byte Ed25519 signature. */
export const signatureBase64Schema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'base64 of 64 bytes');

/** Text a person wrote: 1–`max` characters, not only white space. Not trimmed (signed as is). */
export function textSchema(max: number) {
  return z.string().min(1).max(max).regex(/\S/, 'not blank');
}

export const REGISTERS = ['incoming', 'outgoing', 'internal'] as const;
export const registerSchema = z.enum(REGISTERS);
export type Register = z.output<typeof registerSchema>;

/** Largest document the exchange takes, in bytes (1 GiB). */
export const MAX_DOCUMENT_BYTES = 1024 * 1024 * 1024;

/** A document named by a letter or a registration: content-addressed. */
export const documentSchema = z.strictObject({
  sha256: sha256Schema,
  /** File name as the sender knows it; never used as a path by the exchange. */
  name: textSchema(255),
  /** MIME type, e.g. `application/pdf`. */
  mediaType: z.string().regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/, 'a media type'),
  /** Bytes. */
  size: z.number().int().min(0).max(MAX_DOCUMENT_BYTES),
  role: z.enum(['main', 'attachment']),
});
export type ExchangeDocument = z.output<typeof documentSchema>;

/** Documents with exactly one `main` and no hash twice. */
export function documentListSchema(max: number) {
  return z
    .array(documentSchema)
    .min(1)
    .max(max)
    .refine((docs) => docs.filter((d) => d.role === 'main').length === 1, 'exactly one document has role "main"')
    .refine((docs) => new Set(docs.map((d) => d.sha256)).size === docs.length, 'a document is listed twice');
}
