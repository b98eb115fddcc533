/**
 * Desk authentication: `Authorization: Bearer <deskId>.<secret>` (docs/exchange-protocol.md, "Parties
 * and credentials"). The exchange stores only `scrypt$N$r$p$<salt b64>$<hash b64>` of the secret and
 * compares in constant time. A verified token is remembered (by its SHA-256) for a short while so a
 * busy desk does not pay one scrypt per request.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { deskIdSchema } from '../shared/exchange/common.ts';
import { deskSecretSchema } from '../shared/exchange/credentials.ts';
import { ExchangeError } from './errors.ts';
import type { ExchangeStore } from './store/store.ts';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A new desk secret: 32 random bytes, base64url (43 characters). */
export function newDeskSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** @returns the stored form `scrypt$N$r$p$salt$hash` (base64) of a secret. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** @returns true when `secret` matches the stored hash (constant-time compare); false for a malformed hash. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  const key = await scryptAsync(secret, Buffer.from(parts[4] ?? '', 'base64'), n, r, p);
  return expected.length === key.length && timingSafeEqual(expected, key);
}

/** The authenticated caller. */
export interface Caller {
  agency: string;
  desk: string;
}

const CACHE_MS = 60_000;
const CACHE_MAX = 10_000;

/** Checks bearer tokens against the store. One per server. */
export class Authenticator {
  private readonly store: ExchangeStore;
  private readonly cache = new Map<string, { caller: Caller; until: number }>();

  constructor(store: ExchangeStore) {
    this.store = store;
  }

  /**
   * @param header the `Authorization` header value.
   * @returns the desk and its agency.
   * @throws ExchangeError('unauthenticated') for a missing, malformed or wrong token or an unknown desk.
   */
  async authenticate(header: string | undefined): Promise<Caller> {
    const match = /^Bearer ([^.\s]+)\.(\S+)$/.exec(header ?? '');
    if (!match) throw new ExchangeError('unauthenticated', 'missing or malformed bearer token');
    const [, deskId = '', secret = ''] = match;
    if (!deskIdSchema.safeParse(deskId).success || !deskSecretSchema.safeParse(secret).success) {
      throw new ExchangeError('unauthenticated', 'malformed bearer token');
    }
    const tokenKey = createHash('sha256').update(`${deskId}.${secret}`).digest('base64');
    const now = Date.now();
    const cached = this.cache.get(tokenKey);
    if (cached && cached.until > now) return cached.caller;
    const desk = await this.store.getDesk(deskId);
    if (!desk || !(await verifySecret(secret, desk.secretHash))) throw new ExchangeError('unauthenticated', 'unknown desk or wrong secret');
    const caller = { agency: desk.agency, desk: desk.id };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(tokenKey, { caller, until: now + CACHE_MS });
    return caller;
  }
}
