/**
 * Document bytes on the exchange's disk, content-addressed (docs/exchange-protocol.md, "Documents").
 *
 * Layout under the data folder: `blobs/<aa>/<sha256>` (complete, verified, never rewritten) and
 * `uploads/<agency>/<sha256>.part` (an upload in progress, per agency: an agency proves it holds a
 * blob by sending all its bytes, so knowing a hash never grants access). Every path is built from a
 * hash and an agency code already validated against their patterns; {@link assertSafe} checks again.
 * Partial files survive a crash: a `PATCH` appends, fsyncs, and the next `PATCH` resumes at the size
 * on disk.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

const SHA = /^[0-9a-f]{64}$/;
const AGENCY = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

function assertSafe(sha256: string, agency?: string): void {
  if (!SHA.test(sha256)) throw new Error('not a SHA-256');
  if (agency !== undefined && !AGENCY.test(agency)) throw new Error('not an agency code');
}

/** Bytes past the end of an upload read (and dropped) before the connection is cut. */
const MAX_EXCESS = 1024 * 1024;

/** Thrown by {@link BlobFiles.append} when the body carries more bytes than the upload has left. */
export class TooManyBytes extends Error {}

async function syncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class BlobFiles {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = dataDir;
  }

  blobPath(sha256: string): string {
    assertSafe(sha256);
    return path.join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }

  partPath(agency: string, sha256: string): string {
    assertSafe(sha256, agency);
    return path.join(this.root, 'uploads', agency, `${sha256}.part`);
  }

  /** Bytes of the agency's partial upload on disk (0 when none). */
  async received(agency: string, sha256: string): Promise<number> {
    try {
      return (await fsp.stat(this.partPath(agency, sha256))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
  }

  /**
   * Appends a request body to the partial file at `offset` (the caller checked it equals the size on
   * disk), at most `maxBytes`; what arrived before a dropped connection is kept and fsynced.
   * @returns the new size of the partial file.
   * @throws TooManyBytes when the body is longer than `maxBytes` (the partial file is cut back to `offset`).
   */
  async append(agency: string, sha256: string, offset: number, body: Readable, maxBytes: number): Promise<number> {
    const file = this.partPath(agency, sha256);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    let written = 0;
    let tooMany = false;
    let excess = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (written + chunk.length > maxBytes) {
          // Read on (a little) so the answer can still be sent on this connection; store none of it.
          excess += chunk.length;
          tooMany = true;
          done(excess > MAX_EXCESS ? new TooManyBytes('the body is much longer than the upload has left') : null);
          return;
        }
        written += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, fs.createWriteStream(file, { flags: 'a' }));
    } catch (err) {
      if (!tooMany) {
        // A dropped connection: keep what arrived, so the desk resumes from there.
        await syncFile(file).catch(() => undefined);
        throw err;
      }
    }
    if (tooMany) {
      await fsp.truncate(file, offset);
      await syncFile(file);
      throw new TooManyBytes('the body is longer than the upload has left');
    }
    await syncFile(file);
    return offset + written;
  }

  /** SHA-256 (hex) of the partial file. */
  async hashPart(agency: string, sha256: string): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(fs.createReadStream(this.partPath(agency, sha256)), hash);
    return hash.digest('hex');
  }

  /**
   * Moves a verified partial file to its blob path (or drops it when the blob is already there) and
   * fsyncs the folder, so the blob survives a crash once the store records it.
   */
  async promote(agency: string, sha256: string): Promise<void> {
    const part = this.partPath(agency, sha256);
    const target = this.blobPath(sha256);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) {
      await fsp.rm(part, { force: true });
      return;
    }
    await fsp.rename(part, target);
    const dir = await fsp.open(path.dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /** Deletes the agency's partial file (hash mismatch, or restarting an upload). */
  async discard(agency: string, sha256: string): Promise<void> {
    await fsp.rm(this.partPath(agency, sha256), { force: true });
  }

  /** True when the blob file exists. */
  async exists(sha256: string): Promise<boolean> {
    try {
      await fsp.access(this.blobPath(sha256));
      return true;
    } catch {
      return false;
    }
  }
}
