/**
 * Signing and verifying envelopes (docs/exchange-protocol.md, "Signatures"): Ed25519
 * (`@noble/curves`, pure JS) over the RFC 8785 canonical JSON (JCS, the `canonicalize` package) of the
 * envelope object, UTF-8 encoded. Keys travel as base64 of the raw 32-byte keys; signatures as base64
 * of the 64 bytes. No Node APIs: runs on the desk, the exchange and in a browser alike.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import canonicalize from 'canonicalize';
import type { Envelope, Signed } from './messages.ts';

/** Base64 (standard alphabet, padded) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Bytes of a base64 text (standard alphabet, padded).
 * @throws Error for text that is not base64.
 */
export function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('not base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The bytes that are signed: UTF-8 of the RFC 8785 canonical JSON of the envelope (keys sorted,
 * numbers and strings in their canonical form), so key order and white space do not matter.
 * @throws Error when the value cannot be serialised (e.g. it contains a function or a non-finite number).
 */
export function canonicalBytes(envelope: Envelope | Record<string, unknown>): Uint8Array {
  const text = canonicalize(envelope);
  if (text === undefined) throw new Error('the envelope cannot be serialised as JSON');
  return new TextEncoder().encode(text);
}

/** A fresh agency key pair, base64 of the raw 32-byte keys. Uses the platform's secure random source. */
export function generateAgencyKeyPair(): { privateKey: string; publicKey: string } {
  const secret = ed25519.utils.randomSecretKey();
  return { privateKey: toBase64(secret), publicKey: toBase64(ed25519.getPublicKey(secret)) };
}

/**
 * The public key of a private key.
 * @param privateKey base64 of the raw 32-byte private key.
 * @returns base64 of the raw 32-byte public key.
 * @throws Error when the key is not base64 of 32 bytes.
 */
export function publicKeyOf(privateKey: string): string {
  return toBase64(ed25519.getPublicKey(keyBytes(privateKey)));
}

/**
 * Signs an envelope with the sending agency's private key.
 * @param envelope the envelope, exactly as it will be sent.
 * @param privateKey base64 of the agency's raw 32-byte Ed25519 private key.
 * @returns `{envelope, signature}` with the base64 64-byte signature over {@link canonicalBytes}.
 * @throws Error when the key is not base64 of 32 bytes.
 */
export function signEnvelope<E extends Envelope>(envelope: E, privateKey: string): Signed<E> {
  const signature = ed25519.sign(canonicalBytes(envelope), keyBytes(privateKey));
  return { envelope, signature: toBase64(signature) };
}

/**
 * Checks a signed envelope against the sending agency's public key (from the directory).
 * @param signed `{envelope, signature}` as received.
 * @param publicKey base64 of the agency's raw 32-byte Ed25519 public key.
 * @returns true when the signature is valid for exactly this envelope; false otherwise (a malformed
 *   key or signature is false, never an exception).
 */
export function verifyEnvelope(signed: { envelope: Envelope | Record<string, unknown>; signature: string }, publicKey: string): boolean {
  try {
    const signature = fromBase64(signed.signature);
    const key = keyBytes(publicKey);
    if (signature.length !== 64) return false;
    return ed25519.verify(signature, canonicalBytes(signed.envelope), key);
  } catch {
    return false;
  }
}

function keyBytes(base64: string): Uint8Array {
  const bytes = fromBase64(base64);
  if (bytes.length !== 32) throw new Error('an Ed25519 key is 32 bytes');
  return bytes;
}
