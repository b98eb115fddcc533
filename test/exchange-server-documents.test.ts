/**
 * Documents on the exchange process: resumable content-addressed uploads (across a SIGKILL of the
 * server mid-upload), hash verification, offsets, Range downloads and a download cut mid-way.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadStatus } from '../shared/exchange/api.ts';
import {
  addAgency,
  addDesk,
  errorCode,
  exchangeFetch,
  sha256Hex,
  startExchange,
  uploadDocument,
  type DeskCredentialsFile,
  type ExchangeServer,
} from './helpers/exchange-server.ts';

let ex: ExchangeServer;
let moh: DeskCredentialsFile;

beforeAll(async () => {
  ex = await startExchange();
  await addAgency(ex, { code: 'MOH' });
  moh = await addDesk(ex, { agency: 'MOH', desk: 'MOH-1' });
});
afterAll(async () => {
  await ex?.close();
});

const patch = (sha: string, body: Uint8Array, offset: number, length: number) =>
  exchangeFetch<UploadStatus>(moh, 'PATCH', `/v1/uploads/${sha}`, body, { 'upload-offset': String(offset), 'upload-length': String(length) });
const status = async (sha: string) => (await exchangeFetch<UploadStatus>(moh, 'GET', `/v1/uploads/${sha}`)).body;

describe('uploads', () => {
  it('uploads in chunks, reports progress, and completes once the hash matches', async () => {
    const bytes = randomBytes(300_000);
    const sha = sha256Hex(bytes);
    expect(await status(sha)).toEqual({ sha256: sha, received: 0, length: null, complete: false });
    const a = await patch(sha, bytes.subarray(0, 100_000), 0, bytes.length);
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ sha256: sha, received: 100_000, length: bytes.length, complete: false });
    expect(a.headers.get('upload-offset')).toBe('100000');
    expect(await status(sha)).toMatchObject({ received: 100_000, length: bytes.length });
    const b = await patch(sha, bytes.subarray(100_000), 100_000, bytes.length);
    expect(b.body).toEqual({ sha256: sha, received: bytes.length, length: bytes.length, complete: true });
    // uploading a complete blob again is a no-op answered "complete"
    expect((await patch(sha, bytes, 0, bytes.length)).body.complete).toBe(true);
  });

  it('a zero-byte document completes', async () => {
    const sha = sha256Hex(new Uint8Array(0));
    expect((await patch(sha, new Uint8Array(0), 0, 0)).body).toMatchObject({ complete: true, received: 0 });
  });

  it('bytes that do not hash to the URL are discarded with 422 hash_mismatch', async () => {
    const bytes = randomBytes(5000);
    const sha = sha256Hex(randomBytes(5000));
    await patch(sha, bytes.subarray(0, 2000), 0, 5000);
    const r = await patch(sha, bytes.subarray(2000), 2000, 5000);
    expect([r.status, errorCode(r)]).toEqual([422, 'hash_mismatch']);
    expect(await status(sha)).toEqual({ sha256: sha, received: 0, length: null, complete: false });
    expect(errorCode(await exchangeFetch(moh, 'GET', `/v1/blobs/${sha}`))).toBe('not_found');
  });

  it.each([
    ['an offset ahead of what the exchange holds', 10, 100, 10, 409, 'offset_mismatch'],
    ['a length other than the upload in progress', 0, 99, 10, 409, 'length_mismatch'],
    ['a chunk longer than the upload has left', 5, 100, 150, 400, 'invalid_request'],
    ['a document over the size limit', 0, 2 ** 31, 10, 413, 'payload_too_large'],
  ])('refuses %s and keeps the bytes held', async (_name, offset, length, chunk, code, error) => {
    const bytes = randomBytes(100);
    const sha = sha256Hex(bytes);
    await patch(sha, bytes.subarray(0, 5), 0, 100);
    const r = await patch(sha, randomBytes(chunk), offset, length);
    expect([r.status, errorCode(r)]).toEqual([code, error]);
    expect(await status(sha)).toMatchObject({ received: 5, length: 100 });
    expect((await patch(sha, bytes.subarray(5), 5, 100)).body.complete).toBe(true);
  });

  it.each([
    ['an upper-case hash', 'A'.repeat(64)],
    ['a short hash', 'abc'],
    ['a path', '..%2F..%2Fetc%2Fpasswd'],
  ])('refuses %s in the URL with 400 invalid_request', async (_name, sha) => {
    const r = await exchangeFetch(moh, 'GET', `/v1/uploads/${sha}`);
    expect([r.status, errorCode(r)]).toEqual([400, 'invalid_request']);
  });

  it('resumes after the server is killed mid-upload: the bytes that reached the disk are kept', async () => {
    const bytes = randomBytes(2 * 1024 * 1024);
    const sha = sha256Hex(bytes);
    const half = 1024 * 1024;
    // One PATCH announcing the whole rest, of which only half is sent before the server dies.
    const req = http.request(`${ex.url}/v1/uploads/${sha}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${moh.desk}.${moh.secret}`,
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.length),
        'upload-offset': '0',
        'upload-length': String(bytes.length),
      },
    });
    const outcome = new Promise<string>((resolve) => {
      req.on('error', (e) => resolve(`error ${e.message}`));
      req.on('response', (res) => resolve(`response ${res.statusCode}`));
    });
    req.write(bytes.subarray(0, half));
    let held = 0;
    for (let i = 0; i < 200 && held < half; i++) {
      await new Promise((r) => setTimeout(r, 50));
      held = (await status(sha)).received;
    }
    expect(held).toBe(half);
    await ex.kill();
    expect(await outcome).toMatch(/^error/);
    await ex.restart();
    const after = await status(sha);
    expect(after).toMatchObject({ received: half, length: bytes.length, complete: false });
    const r = await patch(sha, bytes.subarray(after.received), after.received, bytes.length);
    expect(r.body.complete).toBe(true);
    const blob = new Uint8Array(await (await fetch(`${ex.url}/v1/blobs/${sha}`, { headers: { authorization: `Bearer ${moh.desk}.${moh.secret}` } })).arrayBuffer());
    expect(sha256Hex(blob)).toBe(sha);
  }, 180_000); // two process starts on a loaded machine
});

describe('downloads', () => {
  let bytes: Buffer;
  let sha: string;
  const auth = () => ({ authorization: `Bearer ${moh.desk}.${moh.secret}` });
  beforeAll(async () => {
    bytes = randomBytes(3 * 1024 * 1024);
    sha = (await uploadDocument(moh, bytes)).sha256;
  });

  it.each([
    ['bytes=100-', 100, 3 * 1024 * 1024 - 1],
    ['bytes=100-199', 100, 199],
    ['bytes=-10', 3 * 1024 * 1024 - 10, 3 * 1024 * 1024 - 1],
  ])('serves Range %s as 206 with Content-Range', async (range, start, end) => {
    const res = await fetch(`${ex.url}/v1/blobs/${sha}`, { headers: { ...auth(), range } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(start, end + 1))).toBe(true);
  });

  it('answers 416 for a range past the end', async () => {
    const res = await fetch(`${ex.url}/v1/blobs/${sha}`, { headers: { ...auth(), range: `bytes=${bytes.length + 5}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('a download cut mid-way resumes with Range and yields the exact bytes', async () => {
    // The connection is cut (its socket destroyed) once about 100 kB arrived, so the exchange sees the
    // download end mid-way.
    const parts: Uint8Array[] = [];
    let status = 0;
    const got = await new Promise<number>((resolve, reject) => {
      let n = 0;
      const req = http.get(`${ex.url}/v1/blobs/${sha}`, { headers: auth() }, (res) => {
        status = res.statusCode ?? 0;
        res.on('data', (chunk: Buffer) => {
          if (req.destroyed) return;
          parts.push(chunk);
          n += chunk.length;
          if (n >= 100_000) {
            req.destroy();
            resolve(n);
          }
        });
        res.on('error', () => undefined); // the cut itself
        res.on('end', () => resolve(n));
      });
      req.on('error', (err) => {
        if (!req.destroyed || n < 100_000) reject(err);
      });
    });
    expect(status).toBe(200);
    expect(got).toBeGreaterThanOrEqual(100_000);
    expect(got).toBeLessThan(bytes.length);
    const rest = await fetch(`${ex.url}/v1/blobs/${sha}`, { headers: { ...auth(), range: `bytes=${got}-` } });
    expect(rest.status).toBe(206);
    parts.push(new Uint8Array(await rest.arrayBuffer()));
    expect(sha256Hex(Buffer.concat(parts))).toBe(sha);
  });
});
