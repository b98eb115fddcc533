/**
 * Content-addressed, resumable documents (docs/exchange-protocol.md, "Documents"):
 * - `GET /v1/uploads/{sha256}`: bytes the exchange holds of the caller agency's upload, or complete;
 * - `PATCH /v1/uploads/{sha256}` with `Upload-Offset`, `Upload-Length` and an octet-stream chunk;
 *   when all bytes are there they are hashed: a match makes the blob available, a mismatch discards
 *   the upload (`422 hash_mismatch`);
 * - `GET /v1/blobs/{sha256}` with `Range` support, for an agency that holds the blob or sent or
 *   received a letter naming it.
 * An agency proves it holds a blob by uploading it, even when another agency already did: knowing a
 * hash never grants the bytes.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import rangeParser from 'range-parser';
import { z } from 'zod';
import { sha256ParamsSchema, uploadHeadersSchema, type UploadStatus } from '../../shared/exchange/api.ts';
import { MAX_DOCUMENT_BYTES } from '../../shared/exchange/common.ts';
import type { ExchangeContext } from '../app.ts';
import { TooManyBytes } from '../blobs.ts';
import { ExchangeError } from '../errors.ts';

export function registerDocumentRoutes(app: FastifyInstance, ctx: ExchangeContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** Uploads being written now, per `agency/sha256`: a second concurrent PATCH is refused. */
  const writing = new Set<string>();

  async function status(agency: string, sha256: string): Promise<UploadStatus> {
    const size = await ctx.store.blobSize(sha256);
    if (size !== null && (await ctx.store.blobVisibleTo(sha256, agency))) return { sha256, received: size, length: size, complete: true };
    const upload = await ctx.store.getUpload(agency, sha256);
    const received = upload ? await ctx.files.received(agency, sha256) : 0;
    return { sha256, received, length: upload?.length ?? null, complete: false };
  }

  r.get('/v1/uploads/:sha256', { schema: { params: sha256ParamsSchema } }, async (request): Promise<UploadStatus> => {
    return status(request.caller.agency, request.params.sha256);
  });

  r.patch(
    '/v1/uploads/:sha256',
    { schema: { params: sha256ParamsSchema, headers: z.looseObject(uploadHeadersSchema.shape) } },
    async (request, reply) => {
      const body = request.body as Readable;
      const agency = request.caller.agency;
      const { sha256 } = request.params;
      const offset = Number(request.headers['upload-offset']);
      const length = Number(request.headers['upload-length']);
      const key = `${agency}/${sha256}`;
      try {
        if (length > MAX_DOCUMENT_BYTES) throw new ExchangeError('payload_too_large', `a document is at most ${MAX_DOCUMENT_BYTES} bytes`);
        const now = await status(agency, sha256);
        if (now.complete) {
          if (length !== now.length) throw new ExchangeError('length_mismatch', `the blob is ${now.length} bytes`, { length: now.length });
          return reply.header('upload-offset', String(now.received)).send(now);
        }
        if (now.length !== null && now.length !== length) {
          throw new ExchangeError('length_mismatch', `the upload in progress is ${now.length} bytes`, { length: now.length });
        }
        if (writing.has(key)) throw new ExchangeError('offset_mismatch', 'another request is writing this upload', { received: now.received });
        if (offset !== now.received || offset > length) {
          throw new ExchangeError('offset_mismatch', `the exchange holds ${now.received} bytes, not ${offset}`, { received: now.received });
        }
        writing.add(key);
      } catch (err) {
        body.resume(); // drain, so the connection stays usable for the answer
        throw err;
      }
      try {
        await ctx.store.putUpload({ agency, sha256, length }); // kept when it exists
        let received: number;
        try {
          received = await ctx.files.append(agency, sha256, offset, body, length - offset);
        } catch (err) {
          if (err instanceof TooManyBytes) {
            body.resume();
            throw new ExchangeError('invalid_request', `the chunk is longer than Upload-Length minus Upload-Offset (${length - offset} bytes)`);
          }
          throw err; // the connection dropped: what arrived is kept for the next PATCH
        }
        if (received < length) {
          const partial: UploadStatus = { sha256, received, length, complete: false };
          return reply.header('upload-offset', String(received)).send(partial);
        }
        const actual = await ctx.files.hashPart(agency, sha256);
        if (actual !== sha256) {
          await ctx.files.discard(agency, sha256);
          await ctx.store.deleteUpload(agency, sha256);
          throw new ExchangeError('hash_mismatch', `the bytes hash to ${actual}, not ${sha256}; the upload was discarded`, { actual });
        }
        await ctx.files.promote(agency, sha256);
        await ctx.store.completeBlob(agency, sha256, length, ctx.now().toISOString());
        const done: UploadStatus = { sha256, received: length, length, complete: true };
        return reply.header('upload-offset', String(length)).send(done);
      } finally {
        writing.delete(key);
      }
    },
  );

  r.get('/v1/blobs/:sha256', { schema: { params: sha256ParamsSchema } }, async (request, reply) => {
    const { sha256 } = request.params;
    const size = await ctx.store.blobSize(sha256);
    if (size === null) throw new ExchangeError('not_found', `no blob ${sha256}`);
    if (!(await ctx.store.blobVisibleTo(sha256, request.caller.agency))) {
      throw new ExchangeError('forbidden', `${request.caller.agency} neither holds ${sha256} nor sent or received a letter naming it`);
    }
    reply.header('accept-ranges', 'bytes').header('etag', `"${sha256}"`).type('application/octet-stream');
    const file = ctx.files.blobPath(sha256);
    const header = request.headers.range;
    if (header !== undefined && size > 0) {
      const ranges = rangeParser(size, header, { combine: true });
      if (ranges === -1) {
        reply.header('content-range', `bytes */${size}`);
        throw new ExchangeError('range_not_satisfiable', `the blob has ${size} bytes`, { size });
      }
      if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1 && ranges[0]) {
        const { start, end } = ranges[0];
        reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`).header('content-length', String(end - start + 1));
        return reply.send(fs.createReadStream(file, { start, end }));
      }
    }
    reply.header('content-length', String(size));
    return reply.send(fs.createReadStream(file));
  });
}
