import { describe, expect, it } from 'vitest';
import type { LetterEnvelope } from './messages.ts';
import { canonicalBytes, fromBase64, generateAgencyKeyPair, publicKeyOf, signEnvelope, toBase64, verifyEnvelope } from './signing.ts';

const letter: LetterEnvelope = {
  messageId: '0b6f6c8e-6d6a-4c1e-9a43-3f2f1e0d9c11',
  kind: 'letter',
  sender: { agency: 'MOH', desk: 'MOH-1' },
  createdAt: '2026-11-29T07:30:00.000Z',
  to: ['MOE'],
  cc: [],
  registryNumber: '2026/000042',
  registrationDate: '2026-11-29',
  subject: 'طلب بيانات الموظفين',
  classification: 'ordinary',
  priority: 'normal',
  replyBy: null,
  paperFollows: false,
  documents: [{ sha256: 'a'.repeat(64), name: 'كتاب.pdf', mediaType: 'application/pdf', size: 1234, role: 'main' }],
  inReplyTo: null,
  forwardOf: null,
};

const keys = generateAgencyKeyPair();
const other = generateAgencyKeyPair();

describe('canonicalBytes', () => {
  it('is independent of key order, nested objects included', () => {
    const reordered = Object.fromEntries(Object.entries(letter).reverse()) as Record<string, unknown>;
    reordered.sender = { desk: 'MOH-1', agency: 'MOH' };
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(letter)[0]);
    expect(canonicalBytes(reordered)).toEqual(canonicalBytes(letter));
  });

  it.each([
    [{ b: 2, a: 1 }, '{"a":1,"b":2}'],
    [{ a: [3, { z: null, y: true }] }, '{"a":[3,{"y":true,"z":null}]}'],
    [{ n: 1e21, m: 0.1, k: -0 }, '{"k":0,"m":0.1,"n":1e+21}'],
    [{ s: 'عربي "quoted" \u2028' }, '{"s":"عربي \\"quoted\\" \u2028"}'],
  ])('serialises %j as RFC 8785 JSON', (value, text) => {
    expect(new TextDecoder().decode(canonicalBytes(value))).toBe(text);
  });

  it('refuses a value JSON cannot carry', () => {
    expect(() => canonicalBytes({ n: Number.NaN })).toThrow();
  });
});

describe('signEnvelope / verifyEnvelope', () => {
  const signed = signEnvelope(letter, keys.privateKey);

  it('verifies an untouched envelope, whatever its key order', () => {
    expect(verifyEnvelope(signed, keys.publicKey)).toBe(true);
    const reordered = Object.fromEntries(Object.entries(letter).reverse());
    expect(verifyEnvelope({ envelope: reordered, signature: signed.signature }, keys.publicKey)).toBe(true);
  });

  const tampered: Array<[string, Record<string, unknown>]> = [
    ['subject changed', { ...letter, subject: 'طلب بيانات الموظفين.' }],
    ['recipient added', { ...letter, to: ['MOE', 'MOF'] }],
    ['sender agency changed', { ...letter, sender: { agency: 'MOF', desk: 'MOH-1' } }],
    ['document hash changed', { ...letter, documents: [{ ...letter.documents[0], sha256: 'b'.repeat(64) }] }],
    ['document size changed', { ...letter, documents: [{ ...letter.documents[0], size: 1235 }] }],
    ['field added', { ...letter, extra: 1 }],
    ['field removed', Object.fromEntries(Object.entries(letter).filter(([k]) => k !== 'replyBy'))],
    ['message id changed', { ...letter, messageId: '0b6f6c8e-6d6a-4c1e-9a43-3f2f1e0d9c12' }],
  ];
  it.each(tampered)('refuses a tampered envelope: %s', (_name, envelope) => {
    expect(verifyEnvelope({ envelope, signature: signed.signature }, keys.publicKey)).toBe(false);
  });

  it('refuses another agency key', () => {
    expect(verifyEnvelope(signed, other.publicKey)).toBe(false);
  });

  it('refuses a flipped signature bit', () => {
    const bytes = fromBase64(signed.signature);
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    expect(verifyEnvelope({ ...signed, signature: toBase64(bytes) }, keys.publicKey)).toBe(false);
  });

  it.each([
    ['empty signature', '', 'key'],
    ['not base64', '!!!!', 'key'],
    ['short signature', toBase64(new Uint8Array(32)), 'key'],
    ['short key', 'sig', toBase64(new Uint8Array(16))],
    ['key not base64', 'sig', 'not a key'],
  ])('answers false, without throwing, for a malformed input: %s', (_name, signature, key) => {
    const sig = signature === 'sig' ? signed.signature : signature;
    const pub = key === 'key' ? keys.publicKey : key;
    expect(verifyEnvelope({ envelope: letter, signature: sig }, pub)).toBe(false);
  });

  it('is deterministic (Ed25519) and the signature is 64 bytes', () => {
    expect(signEnvelope(letter, keys.privateKey).signature).toBe(signed.signature);
    expect(fromBase64(signed.signature)).toHaveLength(64);
  });

  it('refuses a private key of the wrong length', () => {
    expect(() => signEnvelope(letter, toBase64(new Uint8Array(31)))).toThrow(/32 bytes/);
  });
});

describe('keys', () => {
  it('are base64 of 32 bytes, and the public key follows from the private one', () => {
    expect(fromBase64(keys.privateKey)).toHaveLength(32);
    expect(fromBase64(keys.publicKey)).toHaveLength(32);
    expect(publicKeyOf(keys.privateKey)).toBe(keys.publicKey);
    expect(keys.privateKey).not.toBe(other.privateKey);
  });

  it('matches the RFC 8032 test vector 1 public key', () => {
    const secret = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
    const bytes = Uint8Array.from(secret.match(/../g)!.map((h) => parseInt(h, 16)));
    const pub = [...fromBase64(publicKeyOf(toBase64(bytes)))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(pub).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  });

  it.each([[new Uint8Array([])], [new Uint8Array([0, 255, 1])], [new Uint8Array(64).fill(251)]])('base64 round-trips %s', (bytes) => {
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });
});
