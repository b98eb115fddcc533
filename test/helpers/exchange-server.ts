/**
 * The reference exchange as a real process, for integration tests, fault tests and benchmarks.
 *
 *   const ex = await startExchange();                       // own temp data folder, port 0
 *   const moh = await addAgency(ex, { code: 'MOH' });       // `exchange/admin-ops.ts`, in this process
 *   const desk = await addDesk(ex, { agency: 'MOH', desk: 'MOH-1' }); // DeskCredentials + file
 *   await ex.kill(); await ex.restart();                    // SIGKILL, then the same data and port
 *   await ex.close();                                       // SIGTERM (SIGKILL after 5 s), remove the temp folder
 *
 * Also small HTTP helpers (`exchangeFetch`, `uploadDocument`, `letterFor`, `sendSigned`) so tests speak
 * the protocol without a desk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addAgency as adminAddAgency, addDesk as adminAddDesk } from '../../exchange/admin-ops.ts';
import type { ErrorBody } from '../../shared/exchange/api.ts';
import type { ExchangeDocument } from '../../shared/exchange/common.ts';
import { bearerToken, deskCredentialsSchema, type DeskCredentials } from '../../shared/exchange/credentials.ts';
import type { Envelope, LetterEnvelope } from '../../shared/exchange/messages.ts';
import { signEnvelope } from '../../shared/exchange/signing.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'exchange', 'main.ts');
const ADMIN = path.join(ROOT, 'exchange', 'admin.ts');
const START_TIMEOUT_MS = 60_000;
/** How long `close()` waits for a graceful stop before it kills the process. */
const CLOSE_GRACE_MS = 5_000;

/** Servers still running when the test process exits are killed, never left behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface StartOptions {
  /** Data folder; default a new temp folder, removed by `close()`. */
  dataDir?: string;
  /** Port; default 0 (any free port, kept across restarts). */
  port?: number;
  /** Fallback poll interval of long-polls, ms (`--poll-ms`). */
  pollMs?: number;
}

export interface ExchangeServer {
  /** `http://127.0.0.1:PORT`, the same after `restart()`. */
  url: string;
  port: number;
  dataDir: string;
  /** PID of the running process (changes on restart; null while stopped). */
  pid: number | null;
  /** What the process wrote to stderr so far (diagnostics). */
  stderr(): string;
  /** SIGTERM and wait for the exit (graceful). */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit (a crash). */
  kill(): Promise<void>;
  /** Starts again on the same data folder and port (stops it first if running). */
  restart(): Promise<void>;
  /**
   * Stops it (SIGTERM; SIGKILL when still running 5 s later) and removes the data folder when
   * `startExchange` created it.
   */
  close(): Promise<void>;
}

function spawnServer(dataDir: string, port: number, pollMs: number | undefined): Promise<{ child: ChildProcess; port: number; log: string[] }> {
  const args = [MAIN, '--data-dir', dataDir, '--port', String(port)];
  if (pollMs !== undefined) args.push('--poll-ms', String(pollMs));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const log: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (s: string) => log.push(s));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the exchange did not start within ${START_TIMEOUT_MS} ms: ${log.join('')}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`the exchange exited (${code}) before listening: ${log.join('')}`));
    };
    child.once('exit', onExit);
    child.stdout?.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /exchange listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.off('exit', onExit);
        out = '';
        resolve({ child, port: Number(m[1]), log });
      }
    });
  });
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `exchange/main.ts` as its own process (`process.execPath`, Node 22) and waits for its
 * "exchange listening on" line.
 * @throws Error when it does not start within 60 s or exits first (the message carries its stderr).
 */
export async function startExchange(opts: StartOptions = {}): Promise<ExchangeServer> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'exchange-test-'));
  let running = await spawnServer(dataDir, opts.port ?? 0, opts.pollMs);
  let child: ChildProcess | null = running.child;
  let log = running.log;
  const server: ExchangeServer = {
    url: `http://127.0.0.1:${running.port}`,
    port: running.port,
    dataDir,
    pid: child.pid ?? null,
    stderr: () => log.join(''),
    async stop() {
      if (!child) return;
      const c = child;
      child = null;
      server.pid = null;
      c.kill('SIGTERM');
      await waitExit(c);
    },
    async kill() {
      if (!child) return;
      const c = child;
      child = null;
      server.pid = null;
      c.kill('SIGKILL');
      await waitExit(c);
    },
    async restart() {
      await server.stop();
      let lastError: unknown;
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          running = await spawnServer(dataDir, server.port, opts.pollMs);
          child = running.child;
          log = running.log;
          server.pid = child.pid ?? null;
          return;
        } catch (err) {
          lastError = err; // the port may not be free yet
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      throw lastError;
    },
    async close() {
      if (child) {
        const c = child;
        child = null;
        server.pid = null;
        c.kill('SIGTERM');
        // A graceful stop waits for responses still in progress; a response its client abandoned
        // without closing the connection (a cancelled fetch body) has held it for about 70 s. The test
        // is over by now, so after a grace period the process is killed instead.
        const stopped = await Promise.race([waitExit(c).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref())]);
        if (!stopped) {
          process.stderr.write(`exchange on port ${server.port} still running ${CLOSE_GRACE_MS} ms after SIGTERM at close(); killed\n`);
          c.kill('SIGKILL');
          await waitExit(c);
        }
      }
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/**
 * Runs the admin command itself (`exchange/admin.ts --data-dir DIR ...args`, its own process); resolves
 * stdout, rejects with stderr on a non-zero exit.
 */
export function runExchangeAdmin(dataDir: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ADMIN, '--data-dir', dataDir, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exchange admin ${args.join(' ')} failed (${code}): ${err}`))));
  });
}

export interface AgencyOptions {
  code: string;
  nameAr?: string;
  nameEn?: string;
  aliases?: string[];
  requiresPaper?: boolean;
  /** YYYY-MM-DD; default today. */
  connectedSince?: string;
}

/**
 * Adds a connected agency (with a new key pair) the way the admin command does, in this process
 * (`exchange/admin-ops.ts` on the server's data folder; the server reads agencies per request).
 * @returns its code and base64 public key.
 */
export async function addAgency(server: Pick<ExchangeServer, 'dataDir'>, o: AgencyOptions): Promise<{ code: string; publicKey: string }> {
  const out = await adminAddAgency(server.dataDir, {
    code: o.code,
    nameAr: o.nameAr ?? `جهة ${o.code}`,
    nameEn: o.nameEn ?? `Agency ${o.code}`,
    aliases: o.aliases ?? [],
    requiresPaper: o.requiresPaper === true,
    ...(o.connectedSince !== undefined ? { connectedSince: o.connectedSince } : {}),
  });
  return { code: out.agency, publicKey: out.publicKey };
}

/** Desk credentials as written by the admin command, plus where the file is. */
export type DeskCredentialsFile = DeskCredentials & { file: string };

/**
 * Adds a desk the way the admin command does, in this process, and reads back its credentials file.
 * @param o.out where to write the file (default `<dataDir>/credentials/<desk>.json`).
 */
export async function addDesk(
  server: Pick<ExchangeServer, 'dataDir' | 'url'>,
  o: { agency: string; desk: string; out?: string },
): Promise<DeskCredentialsFile> {
  const file = o.out ?? path.join(server.dataDir, 'credentials', `${o.desk}.json`);
  await adminAddDesk(server.dataDir, { agency: o.agency, desk: o.desk, url: server.url, out: file });
  return { ...deskCredentialsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))), file };
}

/** A JSON answer of the exchange. */
export interface ExchangeAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * One authenticated request (`credentials` null: none). JSON bodies are sent as JSON; a Uint8Array as
 * `application/octet-stream`.
 */
export async function exchangeFetch<T = unknown>(
  credentials: Pick<DeskCredentials, 'exchangeUrl' | 'desk' | 'secret'> | null,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
  baseUrl?: string,
): Promise<ExchangeAnswer<T>> {
  const h: Record<string, string> = { ...headers };
  if (credentials) h.authorization = bearerToken(credentials);
  let payload: BodyInit | undefined;
  if (body instanceof Uint8Array) {
    h['content-type'] = 'application/octet-stream';
    payload = body as Uint8Array<ArrayBuffer>;
  } else if (body !== undefined) {
    h['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${baseUrl ?? credentials?.exchangeUrl}${pathAndQuery}`, { method, headers: h, body: payload });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** The error code of an answer (or null). */
export function errorCode(answer: ExchangeAnswer): string | null {
  return (answer.body as ErrorBody | undefined)?.error?.code ?? null;
}

/** SHA-256 hex of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Uploads a whole document in `chunkSize` pieces.
 * @returns the document entry for a letter (role `main` unless given).
 * @throws Error when a PATCH is refused.
 */
export async function uploadDocument(
  credentials: DeskCredentials,
  bytes: Uint8Array,
  o: { name?: string; mediaType?: string; role?: 'main' | 'attachment'; chunkSize?: number } = {},
): Promise<ExchangeDocument> {
  const sha = sha256Hex(bytes);
  const chunk = o.chunkSize ?? 1024 * 1024;
  let offset = 0;
  do {
    const piece = bytes.subarray(offset, Math.min(bytes.length, offset + chunk));
    const r = await exchangeFetch<{ received: number; complete: boolean }>(credentials, 'PATCH', `/v1/uploads/${sha}`, piece, {
      'upload-offset': String(offset),
      'upload-length': String(bytes.length),
    });
    if (r.status !== 200) throw new Error(`upload refused: ${r.status} ${JSON.stringify(r.body)}`);
    offset = r.body.received;
    if (r.body.complete) break;
  } while (offset < bytes.length);
  return { sha256: sha, name: o.name ?? 'letter.pdf', mediaType: o.mediaType ?? 'application/pdf', size: bytes.length, role: o.role ?? 'main' };
}

/** A valid letter envelope from the credentials' desk (fields overridable). */
export function letterFor(credentials: DeskCredentials, o: Partial<LetterEnvelope> & { to: string[]; documents: ExchangeDocument[] }): LetterEnvelope {
  return {
    messageId: randomUUID(),
    kind: 'letter',
    sender: { agency: credentials.agency, desk: credentials.desk },
    createdAt: new Date().toISOString(),
    cc: [],
    registryNumber: '2026/000001',
    registrationDate: '2026-11-29',
    subject: 'طلب بيانات',
    classification: 'ordinary',
    priority: 'normal',
    replyBy: null,
    paperFollows: false,
    inReplyTo: null,
    forwardOf: null,
    ...o,
  };
}

/** Signs an envelope with the credentials' agency key and posts it to `POST /v1/messages`. */
export function sendSigned(credentials: DeskCredentials, envelope: Envelope): Promise<ExchangeAnswer> {
  return exchangeFetch(credentials, 'POST', '/v1/messages', signEnvelope(envelope, credentials.agencyPrivateKey));
}
