/** argon2id parameters and verification (electron/services/auth/passwords.ts). */
import { describe, expect, it } from 'vitest';
import { HASH_PARAMS, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

describe('password hashes', () => {
  it('are argon2id with 64 MiB, 3 passes, 1 lane, a 16-byte salt and a 32-byte tag', async () => {
    const phc = await hashPassword('كلمة-سر-طويلة');
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(65_536);
    expect(Number(m![2])).toBe(3);
    expect(Number(m![3])).toBe(1);
    expect(Buffer.from(m![4]!, 'base64').length).toBe(16);
    expect(Buffer.from(m![5]!, 'base64').length).toBe(32);
    expect(HASH_PARAMS.memoryCost).toBe(65_536);
    expect(needsRehash(phc)).toBe(false);
  });

  it('verify the right password only, salt each hash anew, and treat a malformed hash as a mismatch', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'correct horse')).toBe(true);
    expect(await verifyPassword(a, 'correct horsE')).toBe(false);
    expect(await verifyPassword('not a hash', 'correct horse')).toBe(false);
    expect(await verifyPassword('', '')).toBe(false);
  });

  it('asks for a re-hash of weaker or foreign hashes', () => {
    expect(needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA')).toBe(true);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });
});
