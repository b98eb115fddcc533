/**
 * Is a file in the scan folder ready to be read? "Busy" means, here:
 *
 * 1. it is still changing: its size or modification time moved during the stability window, or
 *    while we read it (a scanner or copy writing it in pieces); or
 * 2. another process holds a write lock on it: on Linux an exclusive `flock`/`fcntl`/OFD lock listed
 *    in `/proc/locks` for its device and inode (advisory locks are what Linux writers use); or
 * 3. opening it fails with EBUSY, EACCES, EPERM or ETXTBSY (on Windows a writer's share lock; on
 *    network shares a file still held open).
 *
 * A busy file is retried later; it is never half-read and registered.
 */
import fs from 'node:fs/promises';
import type { Stats } from 'node:fs';

const BUSY_CODES = new Set(['EBUSY', 'EACCES', 'EPERM', 'ETXTBSY']);

/** True for an open/read error that means "someone else has it" rather than "it is gone". */
export function isBusyError(err: unknown): boolean {
  return BUSY_CODES.has((err as NodeJS.ErrnoException)?.code ?? '');
}

/**
 * Linux `dev_t` → the `MAJOR:MINOR` (hex) that /proc/locks prints.
 * glibc: major = bits 8–19 (+ 32–43), minor = bits 0–7 (+ 12–31 ≫ 12 ≪ 8).
 */
function devKey(dev: number): string {
  const big = BigInt(dev);
  const major = Number(((big >> 8n) & 0xfffn) | ((big >> 32n) & ~0xfffn));
  const minor = Number((big & 0xffn) | ((big >> 12n) & ~0xffn));
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}

/**
 * True when another process holds a write lock on the file (Linux `/proc/locks`); false elsewhere.
 * @param st the file's `stat` (device and inode).
 */
export async function hasWriteLock(st: Pick<Stats, 'dev' | 'ino'>): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  let text: string;
  try {
    text = await fs.readFile('/proc/locks', 'utf8');
  } catch {
    return false;
  }
  const want = `${devKey(st.dev)}:${st.ino}`;
  for (const line of text.split('\n')) {
    // "1: FLOCK  ADVISORY  WRITE 1234 08:01:131090 0 EOF"; waiting requests carry "->" and do not hold the lock.
    if (line.includes('->')) continue;
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || f[3] !== 'WRITE') continue;
    const id = f[5]!;
    if (id === want || id.toLowerCase() === want) return true;
  }
  return false;
}

/** Same file, unchanged: size and modification time equal. */
export function sameVersion(a: Pick<Stats, 'size' | 'mtimeMs'>, b: Pick<Stats, 'size' | 'mtimeMs'>): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}
