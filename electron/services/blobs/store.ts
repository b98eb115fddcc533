/**
 * Content-addressed store of raw files (scans, PDFs): `<root>/ab/<sha256>`, SHA-256 in lower-case hex.
 *
 * A file is written to a temporary file in the same folder, fsynced, then linked into place (link, unlike rename, fails on an existing name), so a
 * crash never leaves a half-written blob under a real name. An existing blob is never overwritten.
 * Every read checks the hash. Paths are built only from a validated 64-digit hex hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** SHA-256 of `bytes`, lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True when `s` is a 64-digit lower-case hex SHA-256. */
export function isSha256Hex(s: unknown): s is string {
  return typeof s === 'string' && SHA256_HEX.test(s);
}

export interface BlobStore {
  /** The root folder. */
  readonly root: string;
  /**
   * Stores `bytes` under their SHA-256 (no-op when present).
   * @returns the hash and whether the blob was already there.
   * @throws AppError('storage_failed') when the folder cannot be written.
   */
  put(bytes: Uint8Array): Promise<{ sha256: string; existed: boolean }>;
  /**
   * Reads a blob and checks its hash.
   * @throws AppError('validation') for a malformed hash, AppError('not_found') when absent,
   *         AppError('storage_failed') when the bytes no longer match their hash.
   */
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  /** The blob's path. @throws AppError('validation') for a malformed hash. */
  pathOf(sha256: string): string;
}

/** Opens (lazily creating) a blob store rooted at `root`. */
export function createBlobStore(root: string): BlobStore {
  const absRoot = path.resolve(root);

  function pathOf(sha256: string): string {
    if (!isSha256Hex(sha256)) throw new AppError('validation', 'malformed SHA-256', { sha256: String(sha256).slice(0, 80) });
    return path.join(absRoot, sha256.slice(0, 2), sha256);
  }

  async function has(sha256: string): Promise<boolean> {
    try {
      await fs.access(pathOf(sha256));
      return true;
    } catch (err) {
      if (err instanceof AppError) throw err;
      return false;
    }
  }

  async function put(bytes: Uint8Array): Promise<{ sha256: string; existed: boolean }> {
    const sha256 = sha256Hex(bytes);
    const final = pathOf(sha256);
    if (await has(sha256)) return { sha256, existed: true };
    const dir = path.dirname(final);
    const tmp = path.join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await fs.mkdir(dir, { recursive: true });
      const fh = await fs.open(tmp, 'wx', 0o600);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      // link() fails if the name exists, so a blob written meanwhile by another process is kept as is.
      try {
        await fs.link(tmp, final);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        return { sha256, existed: true };
      } finally {
        await fs.rm(tmp, { force: true });
      }
      await syncDir(dir);
      return { sha256, existed: false };
    } catch (err) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw new AppError('storage_failed', `cannot store the file: ${(err as Error).message}`);
    }
  }

  async function get(sha256: string): Promise<Buffer> {
    const p = pathOf(sha256);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', 'no such stored document', { sha256 });
      throw new AppError('storage_failed', `cannot read the stored document: ${(err as Error).message}`, { sha256 });
    }
    if (sha256Hex(bytes) !== sha256) {
      throw new AppError('storage_failed', 'the stored document does not match its SHA-256 (damaged)', { sha256 });
    }
    return bytes;
  }

  return { root: absRoot, put, get, has, pathOf };
}

/** fsyncs a directory so a new name survives a power cut (not possible on Windows; ignored there). */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
