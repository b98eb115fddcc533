/**
 * The desk credentials file the exchange's admin command writes for each desk and the desk imports
 * (Settings, or `registry-desk exchange connect --credentials FILE`). JSON; a secret (mode 0600).
 */
import { z } from 'zod';
import { agencyCodeSchema, deskIdSchema, keyBase64Schema } from './common.ts';

/** A desk secret: 43 base64url characters (32 random bytes). */
export const deskSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a desk secret: 43 base64url characters');

export const deskCredentialsSchema = z.strictObject({
  /** Base URL of the exchange, e.g. `http://127.0.0.1:8470` (no trailing `/v1`). */
  exchangeUrl: z.url({ protocol: /^https?$/ }),
  agency: agencyCodeSchema,
  desk: deskIdSchema,
  secret: deskSecretSchema,
  /** Base64 of the agency's raw 32-byte Ed25519 private key: signs every envelope. */
  agencyPrivateKey: keyBase64Schema,
});
export type DeskCredentials = z.output<typeof deskCredentialsSchema>;

/** The `Authorization` header value for a desk: `Bearer <deskId>.<secret>`. */
export function bearerToken(credentials: Pick<DeskCredentials, 'desk' | 'secret'>): string {
  return `Bearer ${credentials.desk}.${credentials.secret}`;
}
