/**
 * Browser-mode host security: the per-run token, the loopback Host check (DNS-rebinding guard) and
 * the response headers (CSP and friends). Pure functions, no I/O besides `randomBytes`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random token: 32 bytes, base64url (43 characters). */
export function makeToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time check of an `Authorization: Bearer <token>` header value.
 * Both sides are hashed first so the comparison does not leak the token's length.
 * @returns true only for exactly `Bearer <token>`.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const given = createHash('sha256').update(header.slice('Bearer '.length)).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}

/**
 * DNS-rebinding guard: a page on another origin that re-points its name at 127.0.0.1 still sends its
 * own name as Host. Only the loopback names with our exact port are accepted.
 * @param hostHeader the request's Host header (may be undefined).
 * @param port the port the host listens on.
 */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (typeof hostHeader !== 'string') return false;
  const h = hostHeader.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
}

/**
 * The Content-Security-Policy of the served UI: only our own origin; images also from data:/blob:
 * (page previews arrive as data URLs); no inline scripts or styles (React sets styles through the
 * CSSOM, which CSP does not restrict), no frames, no plugins, no form posts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers put on every response of the host. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), payment=()',
};
