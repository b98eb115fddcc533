/**
 * The desk's client of the central exchange (docs/exchange-protocol.md). {@link ExchangeTransport} is
 * what the sync engine needs; {@link createHttpTransport} implements it over HTTP/JSON with Node's
 * fetch (undici), so another transport (e.g. the national exchange's own API) can be added behind the
 * same interface.
 *
 * Errors are AppErrors: `exchange_unreachable` (network error, timeout, 5xx, a body that is not the
 * protocol's) or `exchange_refused` (a 4xx with the exchange's `{error:{code}}`; `details.code`,
 * `details.status`). Every answer is validated with shared/exchange's schemas.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import {
  bearerToken,
  directoryResponseSchema,
  errorBodySchema,
  healthResponseSchema,
  journalPageSchema,
  journalPushResponseSchema,
  mailboxPageSchema,
  numberBlockGrantSchema,
  postMessageResponseSchema,
  uploadStatusSchema,
  whoamiResponseSchema,
  type Ack,
  type DeskCredentials,
  type DirectoryAgency,
  type HealthResponse,
  type JournalEvent,
  type JournalPage,
  type JournalPushResponse,
  type MailboxPage,
  type NumberBlockGrant,
  type NumberBlockRequest,
  type Signed,
  type UploadStatus,
  type WhoamiResponse,
} from '../../../shared/exchange/index.ts';

/** What the sync engine asks of the exchange. All methods may throw the AppErrors above. */
export interface ExchangeTransport {
  health(): Promise<HealthResponse>;
  whoami(): Promise<WhoamiResponse>;
  /** The directory; `null` when it has not changed since `etag`. */
  directory(etag: string | null): Promise<{ agencies: DirectoryAgency[]; etag: string | null } | null>;
  /** Posts a signed envelope; `duplicate` when the exchange had it already (the original ack). */
  postMessage(signed: Signed): Promise<{ ack: Ack; duplicate: boolean }>;
  /** Mailbox items after `after`; `waitSeconds` > 0 long-polls. */
  mailbox(after: number, limit: number, waitSeconds: number, signal?: AbortSignal): Promise<MailboxPage>;
  pushJournal(events: JournalEvent[]): Promise<JournalPushResponse>;
  journal(after: number, limit: number, waitSeconds: number, signal?: AbortSignal): Promise<JournalPage>;
  uploadStatus(sha256: string): Promise<UploadStatus>;
  /** Appends `chunk` at `offset` of a `total`-byte upload; answers the new status. */
  uploadChunk(sha256: string, offset: number, total: number, chunk: Uint8Array): Promise<UploadStatus>;
  /** The blob's bytes from `from` on (Range), as chunks. */
  download(sha256: string, from: number): Promise<{ status: 200 | 206; chunks: AsyncIterable<Uint8Array> }>;
  requestBlock(req: NumberBlockRequest): Promise<NumberBlockGrant>;
}

export interface HttpTransportOptions {
  /** Per request, milliseconds (default 15 000); a long poll adds its wait. */
  timeoutMs?: number;
  /** For tests: another fetch. */
  fetch?: typeof fetch;
}

/** Builds the HTTP transport for one desk's credentials. */
export function createHttpTransport(credentials: DeskCredentials, opts: HttpTransportOptions = {}): ExchangeTransport {
  const base = credentials.exchangeUrl.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const doFetch = opts.fetch ?? fetch;
  const auth = bearerToken(credentials);

  async function request(method: string, route: string, init: { body?: BodyInit; headers?: Record<string, string>; timeoutMs?: number; signal?: AbortSignal; auth?: boolean } = {}): Promise<Response> {
    // A reading request that fails on the network is tried once more: a kept-alive connection the
    // network dropped meanwhile fails at once, and a fresh one may well work.
    const tries = method === 'GET' ? 2 : 1;
    for (let attempt = 1; ; attempt++) {
      const signals = [AbortSignal.timeout(init.timeoutMs ?? timeoutMs)];
      if (init.signal !== undefined) signals.push(init.signal);
      try {
        return await doFetch(`${base}${route}`, {
          method,
          headers: { ...(init.auth === false ? {} : { authorization: auth }), ...(init.headers ?? {}) },
          ...(init.body !== undefined ? { body: init.body } : {}),
          signal: AbortSignal.any(signals),
        });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        const aborted = e.name === 'TimeoutError' || e.name === 'AbortError';
        if (!aborted && attempt < tries) continue;
        const why = e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? e.message);
        throw new AppError('exchange_unreachable', `${method} ${route}: ${why}`, { route, cause: String(why) });
      }
    }
  }

  /** Reads a JSON answer: 2xx validated with `schema`, 4xx → exchange_refused, else unreachable. */
  async function json<T extends z.ZodType>(res: Response, route: string, schema: T): Promise<z.output<T>> {
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      throw new AppError('exchange_unreachable', `${route}: answer ${res.status} is not JSON (${(err as Error).message})`, { route, status: res.status });
    }
    if (res.ok) {
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new AppError('exchange_unreachable', `${route}: the answer is not the protocol's`, { route, status: res.status });
      return parsed.data;
    }
    throw refusal(res.status, route, body);
  }

  function jsonBody(v: unknown) {
    return { body: JSON.stringify(v), headers: { 'content-type': 'application/json' } };
  }

  return {
    async health() {
      return json(await request('GET', '/v1/health', { auth: false }), '/v1/health', healthResponseSchema);
    },
    async whoami() {
      return json(await request('GET', '/v1/whoami'), '/v1/whoami', whoamiResponseSchema);
    },
    async directory(etag) {
      const res = await request('GET', '/v1/directory', etag === null ? {} : { headers: { 'if-none-match': etag } });
      if (res.status === 304) {
        await res.body?.cancel();
        return null;
      }
      const body = await json(res, '/v1/directory', directoryResponseSchema);
      return { agencies: body.agencies, etag: res.headers.get('etag') };
    },
    async postMessage(signed) {
      const res = await request('POST', '/v1/messages', jsonBody(signed));
      const body = await json(res, '/v1/messages', postMessageResponseSchema);
      return { ack: body.ack, duplicate: res.status === 200 };
    },
    async mailbox(after, limit, waitSeconds, signal) {
      const route = `/v1/mailbox?after=${after}&limit=${limit}&wait=${waitSeconds}`;
      return json(await request('GET', route, { timeoutMs: timeoutMs + waitSeconds * 1000, ...(signal ? { signal } : {}) }), '/v1/mailbox', mailboxPageSchema);
    },
    async pushJournal(events) {
      return json(await request('POST', '/v1/journal', jsonBody({ events })), '/v1/journal', journalPushResponseSchema);
    },
    async journal(after, limit, waitSeconds, signal) {
      const route = `/v1/journal?after=${after}&limit=${limit}&wait=${waitSeconds}`;
      return json(await request('GET', route, { timeoutMs: timeoutMs + waitSeconds * 1000, ...(signal ? { signal } : {}) }), '/v1/journal', journalPageSchema);
    },
    async uploadStatus(sha256) {
      return json(await request('GET', `/v1/uploads/${hex(sha256)}`), '/v1/uploads', uploadStatusSchema);
    },
    async uploadChunk(sha256, offset, total, chunk) {
      const res = await request('PATCH', `/v1/uploads/${hex(sha256)}`, {
        body: new Uint8Array(chunk) as unknown as BodyInit,
        headers: { 'content-type': 'application/octet-stream', 'upload-offset': String(offset), 'upload-length': String(total) },
        timeoutMs: timeoutMs + Math.ceil(chunk.byteLength / 65_536) * 1000,
      });
      return json(res, '/v1/uploads', uploadStatusSchema);
    },
    async download(sha256, from) {
      const route = `/v1/blobs/${hex(sha256)}`;
      const res = await request('GET', route, from > 0 ? { headers: { range: `bytes=${from}-` }, timeoutMs: 10 * 60_000 } : { timeoutMs: 10 * 60_000 });
      if (res.status !== 200 && res.status !== 206) {
        let body: unknown = null;
        try {
          body = await res.json();
        } catch {
          /* not JSON */
        }
        throw refusal(res.status, route, body);
      }
      if (res.body === null) throw new AppError('exchange_unreachable', `${route}: no body`, { route });
      const stream = res.body as unknown as AsyncIterable<Uint8Array>;
      return {
        status: res.status,
        chunks: (async function* () {
          try {
            for await (const c of stream) yield c;
          } catch (err) {
            throw new AppError('exchange_unreachable', `${route}: the download was cut (${(err as Error).message})`, { route });
          }
        })(),
      };
    },
    async requestBlock(req) {
      return json(await request('POST', '/v1/number-blocks', jsonBody(req)), '/v1/number-blocks', numberBlockGrantSchema);
    },
  };
}

/** A refusal (4xx with the protocol's error body) or, for anything else, the exchange being unreachable. */
function refusal(status: number, route: string, body: unknown): AppError {
  const parsed = errorBodySchema.safeParse(body);
  if (status >= 400 && status < 500 && parsed.success) {
    const e = parsed.data.error;
    return new AppError('exchange_refused', `${route}: ${e.code}: ${e.message}`, { route, status, code: e.code, ...(e.details ? { exchange: e.details } : {}) });
  }
  return new AppError('exchange_unreachable', `${route}: answer ${status}`, { route, status });
}

function hex(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('validation', 'malformed SHA-256');
  return sha256;
}

/** The exchange's refusal code of an error, if it is one. */
export function refusalCode(err: unknown): string | null {
  return err instanceof AppError && err.kind === 'exchange_refused' && typeof err.details?.code === 'string' ? err.details.code : null;
}

/** Incremental SHA-256 of chunks, hex. */
export function sha256Of(chunks: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex');
}
