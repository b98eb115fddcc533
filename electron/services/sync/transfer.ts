/**
 * Moving document bytes to and from the exchange (docs/exchange-protocol.md, "Documents"):
 * resumable uploads (ask what the exchange holds, PATCH chunks from that offset) and downloads
 * resumed with `Range` from a partial file, verified against the SHA-256 before they enter the blob
 * store. Every loop is bounded by the document's size.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { BlobStore } from '../blobs/store.ts';
import type { ExchangeTransport } from './client.ts';

/** Bytes per PATCH. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/**
 * Uploads one blob, resuming from what the exchange already holds.
 * @returns bytes sent in this call.
 * @throws AppError('exchange_unreachable' | 'exchange_refused'); 'exchange_refused' with code
 *         `hash_mismatch` when the exchange found other bytes (it discarded them).
 */
export async function uploadBlob(t: ExchangeTransport, sha256: string, bytes: Uint8Array, chunkBytes = UPLOAD_CHUNK_BYTES): Promise<number> {
  const total = bytes.byteLength;
  let status = await t.uploadStatus(sha256);
  let sent = 0;
  const maxSteps = Math.ceil(total / chunkBytes) + 4;
  for (let step = 0; !status.complete && step < maxSteps; step++) {
    const offset = status.received;
    if (offset > total) throw new AppError('exchange_refused', `the exchange holds more bytes of ${sha256} than the document has`, { code: 'length_mismatch' });
    const chunk = bytes.subarray(offset, Math.min(total, offset + chunkBytes));
    try {
      status = await t.uploadChunk(sha256, offset, total, chunk);
      sent += chunk.byteLength;
    } catch (err) {
      // Someone (an earlier attempt, another desk) moved the offset: ask again and go on from there.
      if (err instanceof AppError && err.kind === 'exchange_refused' && err.details?.code === 'offset_mismatch') {
        status = await t.uploadStatus(sha256);
        continue;
      }
      throw err;
    }
  }
  if (!status.complete) throw new AppError('exchange_unreachable', `the upload of ${sha256} did not complete`, { sha256 });
  return sent;
}

/**
 * Downloads one blob into the store, resuming a partial file left by an earlier attempt.
 * @param partialDir a folder for partial downloads (file names are the validated hex hash only).
 * @returns bytes received in this call.
 * @throws AppError('exchange_unreachable') on a cut connection (the partial file is kept);
 *         AppError('exchange_refused', code 'wrong_hash') when a fresh complete download does not match (after a
 *         resumed one it is 'exchange_unreachable' and the partial file is dropped, so the next try starts over).
 */
export async function downloadBlob(t: ExchangeTransport, blobs: BlobStore, partialDir: string, sha256: string, size: number): Promise<number> {
  if (await blobs.has(sha256)) return 0;
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('validation', 'malformed SHA-256');
  await fs.mkdir(partialDir, { recursive: true });
  const file = path.join(partialDir, sha256);
  let have = 0;
  try {
    have = (await fs.stat(file)).size;
  } catch {
    have = 0;
  }
  if (have > size) {
    await fs.rm(file, { force: true });
    have = 0;
  }
  const resumed = have > 0;
  let received = 0;
  if (have < size || size === 0) {
    const res = await t.download(sha256, have);
    if (res.status === 200 && have > 0) {
      await fs.rm(file, { force: true }); // the exchange ignored the range: start over
      have = 0;
    }
    const fh = await fs.open(file, have === 0 ? 'w' : 'a');
    try {
      for await (const chunk of res.chunks) {
        if (have + chunk.byteLength > size) throw new AppError('exchange_refused', `the exchange sent more than ${size} bytes of ${sha256}`, { code: 'wrong_hash', sha256 });
        await fh.write(chunk);
        have += chunk.byteLength;
        received += chunk.byteLength;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
  const bytes = await fs.readFile(file);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (bytes.byteLength !== size || actual !== sha256) {
    if (bytes.byteLength >= size) await fs.rm(file, { force: true });
    // A resumed download may carry a bad earlier part: only a fresh complete download is a refusal.
    throw new AppError(bytes.byteLength < size || resumed ? 'exchange_unreachable' : 'exchange_refused', `the document ${sha256} arrived incomplete or with another hash`, {
      code: 'wrong_hash',
      sha256,
      received: bytes.byteLength,
    });
  }
  await blobs.put(bytes);
  await fs.rm(file, { force: true });
  return received;
}
