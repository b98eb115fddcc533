/**
 * Password hashing: argon2id (RFC 9106) through `@node-rs/argon2` (a maintained Rust binding with
 * prebuilt Node-API binaries; hashing runs on libuv's thread pool, off the event loop).
 *
 * Parameters: 64 MiB of memory, 3 passes, 1 lane, 16-byte random salt, 32-byte tag — RFC 9106's
 * second recommended option (§4, "memory-constrained environments": t=3, m=64 MiB) with one lane, which
 * is above OWASP's floor for argon2id (m=19 MiB, t=2, p=1). About 0.3 s per hash on a 2-CPU desk: a
 * sign-in waits that long once, an offline guess costs as much. The parameters are stored inside each
 * PHC string (`$argon2id$v=19$m=65536,t=3,p=1$salt$tag`), so raising them later keeps old hashes
 * verifiable; {@link needsRehash} tells when to re-hash at the next sign-in.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';

export const HASH_PARAMS = {
  /** argon2id (the binding's `Algorithm.Argon2id`; a const enum, so spelled as its value). */
  algorithm: 2 as Algorithm,
  /** KiB: 64 MiB. */
  memoryCost: 65_536,
  timeCost: 3,
  parallelism: 1,
  outputLen: 32,
} as const;

/** @returns the PHC string of `password` with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_PARAMS);
}

/** @returns whether `password` matches `phc`; false (never throws) for a malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** A valid hash of a random password, verified against for unknown user names so timing does not tell. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`dummy-${Math.random()}`);
  return dummy;
}

/** Whether a stored hash was made with weaker parameters than {@link HASH_PARAMS}. */
export function needsRehash(phc: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
  if (m === null) return true;
  return Number(m[1]) < HASH_PARAMS.memoryCost || Number(m[2]) < HASH_PARAMS.timeCost;
}
