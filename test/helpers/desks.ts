/**
 * Desks for exchange tests: each desk is the real services over its own temporary data folder, with
 * an injected clock, connected to the exchange through a fault-injecting proxy (tcp-proxy.ts) with
 * the credentials the exchange's admin wrote for it.
 *
 * - {@link createDesk}: one desk; {@link syncUntilQuiet}: sync rounds over several desks until nothing
 *   moves (bounded);
 * - {@link checkInvariants}: what must hold after every scenario, read from the desks' SQLite files
 *   directly (read-only connections), so it checks the stored truth rather than what the contract shows.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { dispatch } from '../../shared/contract/dispatch.ts';
import type { Input, MethodName, Output, RecipientStatus, SyncSummary } from '../../shared/contract/index.ts';
import { AppError, type ErrorKind } from '../../shared/errors.ts';
import { createServices, type Services, type ServicesOptions } from '../../electron/services/services.ts';
import { dataLayout } from '../../electron/services/paths.ts';
import { createBlobStore, sha256Hex } from '../../electron/services/blobs/store.ts';
import { fixturePdfs, makeDocument, padPdf, type GeneratedDocument } from '../../bench/exchange/documents.ts';
import { addAgency, addDesk, startExchange, type DeskCredentialsFile, type ExchangeServer } from './exchange-server.ts';
import { tempDir, TEST_FORMATS } from './registry-fixture.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

/** The shared fixtures folder (real letter PDFs). */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../../shared/fixtures');

/** A clock that runs with real time, shifted by a skew the test sets: `fn` is what the services read. */
export interface TestClock {
  fn: () => Date;
  now(): Date;
  /** From now on the clock reads `at` (and runs on from there). */
  set(at: Date | string): void;
  /** Jumps forward by `ms` milliseconds (a day offline, an expiry). */
  advance(ms: number): void;
}

/** A running clock, optionally starting at `start` instead of now. */
export function testClock(start?: Date | string): TestClock {
  let skew = start === undefined ? 0 : new Date(start).getTime() - Date.now();
  const now = () => new Date(Date.now() + skew);
  return {
    fn: now,
    now,
    set: (at) => void (skew = new Date(at).getTime() - Date.now()),
    advance: (ms) => void (skew += ms),
  };
}

export interface DeskCredentialsLike {
  exchangeUrl: string;
  agency: string;
  desk: string;
  secret: string;
  agencyPrivateKey: string;
}

export interface Desk {
  /** A short name for messages, e.g. `A1`. */
  label: string;
  agency: string;
  deskId: string;
  dataDir: string;
  /** The injected clock, or null when the desk runs on the system clock. */
  clock: TestClock | null;
  services: Services;
  credentials: DeskCredentialsLike;
  /** Calls a contract method with validated input; throws an AppError (with its kind) on an error value. */
  call<K extends MethodName>(name: K, input: Input<K>): Promise<Output<K>>;
  /** One sync round (`exchange.sync`). */
  sync(): Promise<SyncSummary>;
  /** Closes the services (the data folder stays). */
  close(): Promise<void>;
  /** Opens the services again over the same data folder (after `close`, e.g. a desk restart). */
  reopen(): Promise<void>;
}

export interface CreateDeskOptions {
  label: string;
  credentials: DeskCredentialsLike;
  /** The URL the desk connects to (the proxy's); defaults to the credentials' URL. */
  url?: string;
  /** The desk's clock (default a new {@link testClock}); 'system' for the real one (benchmarks). */
  clock?: TestClock | 'system';
  /** Extra services options (sync settings such as short back-off). */
  services?: Partial<ServicesOptions> & Record<string, unknown>;
  /** Connect at once (default true). */
  connect?: boolean;
}

/** Throws the error value of a failed call as an AppError, keeping its kind and details. */
export async function callOn<K extends MethodName>(services: Services, name: K, input: Input<K>): Promise<Output<K>> {
  const r = await dispatch(services.handlers, name, input);
  if (!r.ok) throw new AppError(r.error.kind as ErrorKind, r.error.message, r.error.details);
  return r.value as Output<K>;
}

/**
 * Creates a desk: a new temporary data folder, the services with the test number formats, and (by
 * default) `exchange.connect` with the credentials pointing at `url`.
 */
export async function createDesk(o: CreateDeskOptions): Promise<Desk> {
  const dataDir = tempDir(`registry-desk-${o.label}-`);
  const clock = o.clock === 'system' ? null : (o.clock ?? testClock());
  // Only the credentials file's own fields (a helper may carry more, e.g. where the file is).
  const { exchangeUrl, agency, desk: deskId, secret, agencyPrivateKey } = o.credentials;
  const credentials: DeskCredentialsLike = { exchangeUrl: o.url ?? exchangeUrl, agency, desk: deskId, secret, agencyPrivateKey };
  const open = () =>
    createServices({
      dataDir,
      ...(clock ? { clock: clock.fn } : {}),
      operator: () => `clerk-${o.label}`,
      ocrPoolSize: 1,
      ...(o.services ?? {}),
    } as ServicesOptions);
  let services = await open();
  const desk: Desk = {
    label: o.label,
    agency: credentials.agency,
    deskId: credentials.desk,
    dataDir,
    clock,
    credentials,
    get services() {
      return services;
    },
    call: (name, input) => callOn(services, name, input),
    sync: () => callOn(services, 'exchange.sync', {}),
    close: () => services.close(),
    reopen: async () => {
      services = await open();
    },
  } as Desk;
  await desk.call('settings.update', { numberFormats: TEST_FORMATS });
  if (o.connect !== false) await desk.call('exchange.connect', { credentials: { ...credentials } });
  return desk;
}

export interface QuietOptions {
  /** Most rounds over all desks (default 8). */
  maxRounds?: number;
  /** Between rounds, e.g. advance the desks' clocks past a back-off. */
  between?: () => void | Promise<void>;
}

/** What moved in one round of a summary (zero when nothing did). */
function moved(s: SyncSummary): number {
  return s.pushedEvents + s.pulledEvents + s.sentMessages + s.receivedMessages + s.uploadedBytes + s.downloadedBytes + s.renumbered;
}

/**
 * Runs sync rounds on every desk, in order, until a whole pass moves nothing and nothing waits
 * (`exchange.status` waiting 0), or `maxRounds` passes. With `SYNC_TRACE=1` in the environment each
 * round's summary and duration go to stderr.
 * @returns the number of passes run.
 * @throws Error when the desks are still moving after `maxRounds` passes.
 */
export async function syncUntilQuiet(desks: Desk[], o: QuietOptions = {}): Promise<number> {
  const max = o.maxRounds ?? 8;
  for (let pass = 1; pass <= max; pass++) {
    let total = 0;
    for (const d of desks) {
      const t0 = performance.now();
      const s = await d.sync();
      if (process.env.SYNC_TRACE) console.error(`${d.label} pass ${pass} ${Math.round(performance.now() - t0)} ms ${JSON.stringify(s)}`);
      total += moved(s);
    }
    let waiting = 0;
    for (const d of desks) waiting += (await d.call('exchange.status', {})).waiting;
    if (total === 0 && waiting === 0) return pass;
    if (o.between) await o.between();
  }
  const states = await Promise.all(desks.map(async (d) => `${d.label}: ${JSON.stringify(await d.call('exchange.status', {}))}`));
  throw new Error(`desks still busy after ${max} sync passes:\n${states.join('\n')}`);
}

/** Stores a document's bytes and its analysis on a desk, as intake does, without reading it. */
export async function storeDocument(desk: Desk, bytes: Uint8Array, fileName: string, text = 'نص الكتاب'): Promise<string> {
  const sha256 = sha256Hex(bytes);
  await createBlobStore(dataLayout(desk.dataDir).blobs).put(bytes);
  desk.services.registry.putAnalysis({
    sha256,
    fileName,
    mediaType: fileName.endsWith('.pdf') ? 'application/pdf' : 'image/png',
    byteLength: bytes.byteLength,
    pages: [{ index: 0, source: 'text-layer', text, confidence: null, rotation: 0, segmentation: 'single_block', lowConfidenceWords: [], width: 100, height: 100 }],
    meanConfidence: null,
    suggestions: { counterpart: null, referenceNumber: null, referenceDate: null, subject: null, attachmentsCount: null },
    durationMs: 1,
  } as Parameters<Services['registry']['putAnalysis']>[0]);
  return sha256;
}

// ---------------------------------------------------------------- invariants

interface RegRow {
  id: number;
  register: string;
  year: number;
  seq: number;
  registry_number: string;
  registration_date: string;
  direction: string;
  emergency_number: string | null;
  origin_desk: string | null;
  event_id: string | null;
  exchange_message_id: string | null;
  annulled: number;
}

interface DeskSnapshot {
  desk: Desk;
  registrations: RegRow[];
  documents: Array<{ registration_id: number; sha256: string }>;
  links: Array<{ from_id: number; to_id: number }>;
  inbox: Array<{ message_id: string; sender_agency: string; state: string; registration_id: number | null }>;
  recipients: Array<{ message_id: string; agency: string; state: string; registry_number: string | null; registration_date: string | null }>;
  journal: Array<{ event_id: string; position: number }>;
  flags: Array<{ a_id: number; b_id: number; reason: string }>;
  /** Letters in the outbox: their recipients and whether the exchange acknowledged them. */
  letters: Array<{ messageId: string; to: string[]; state: string }>;
  outboxPending: number;
}

/** Reads what the invariants need from a desk's database, read-only. */
export function snapshotDesk(desk: Desk): DeskSnapshot {
  const file = dataLayout(desk.dataDir).database;
  if (!fs.existsSync(file)) throw new Error(`${desk.label}: no database at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const all = <T>(sql: string) => db.prepare(sql).all() as T[];
    return {
      desk,
      registrations: all<RegRow>(
        `SELECT id, register, year, seq, registry_number, registration_date, direction, emergency_number, origin_desk, event_id,
                exchange_message_id, annulled FROM registrations ORDER BY id`,
      ),
      documents: all(`SELECT rd.registration_id, d.sha256 FROM registration_documents rd JOIN documents d ON d.id = rd.document_id`),
      links: all(`SELECT from_id, to_id FROM links`),
      inbox: all(`SELECT message_id, sender_agency, state, registration_id FROM inbox`),
      recipients: all(`SELECT message_id, agency, state, registry_number, registration_date FROM outgoing_recipients`),
      journal: all(`SELECT event_id, position FROM journal_seen ORDER BY position`),
      flags: all(`SELECT a_id, b_id, reason FROM duplicate_flags`),
      letters: all<{ payload: string; state: string }>(`SELECT payload, state FROM outbox WHERE kind = 'message'`)
        .map((r) => ({ env: (JSON.parse(r.payload) as { envelope: { kind: string; messageId: string; to?: string[]; cc?: string[] } }).envelope, state: r.state }))
        .filter((r) => r.env.kind === 'letter')
        .map((r) => ({ messageId: r.env.messageId, to: [...(r.env.to ?? []), ...(r.env.cc ?? [])], state: r.state })),
      outboxPending: (db.prepare(`SELECT count(*) AS n FROM outbox WHERE state = 'pending'`).get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

export interface InvariantOptions {
  /**
   * Messages that legitimately did not reach (some of) their recipients, e.g. refused by the exchange
   * or expired: not checked for delivery.
   */
  undelivered?: string[];
  /** Skip the "same journal on every desk" check (a desk deliberately left behind). */
  allowLaggingDesks?: string[];
  /** Letters sent straight to the exchange (not by a desk), expected in inboxes. */
  external?: string[];
}

/**
 * Checks, across all `desks` (several agencies, several desks each), after they synced:
 * 1. every letter delivered once: for each letter a desk sent (its outbox item acknowledged by the
 *    exchange), every desk of each recipient agency holds exactly one inbox item with its message id;
 *    no desk holds an inbox item nobody sent; no recipient shows `sent` or later before the exchange
 *    acknowledged the letter;
 * 2. every confirmation back at its sender: for each registration of a received letter in a recipient
 *    agency, the sender agency's desks that track the letter show that recipient `registered` with
 *    the same registry number and registration date;
 * 3. no duplicate registrations: no message id registered twice in one agency (distinct journal
 *    events, annulled ones aside), and no document registered twice unless flagged as a likely
 *    duplicate (or a deliberate re-registration);
 * 4. no registry number used twice in one agency's register across all its desks;
 * 5. all desks of an agency hold the same journal (the same event ids, each at the same position) and
 *    the same registrations with the same numbers.
 * @throws Error listing every violation.
 */
export function checkInvariants(desks: Desk[], o: InvariantOptions = {}): void {
  const snaps = desks.map(snapshotDesk);
  const problems: string[] = [];
  const byAgency = new Map<string, DeskSnapshot[]>();
  for (const s of snaps) byAgency.set(s.desk.agency, [...(byAgency.get(s.desk.agency) ?? []), s]);
  const undelivered = new Set(o.undelivered ?? []);

  // 1. Delivery: every letter the exchange acknowledged (outbox item done) is in the inbox of every
  //    desk of every recipient agency, exactly once; no inbox holds a letter no desk sent.
  for (const s of snaps) {
    for (const l of s.letters) {
      if (l.state !== 'done' || undelivered.has(l.messageId)) continue;
      for (const agency of l.to) {
        for (const r of byAgency.get(agency) ?? []) {
          const n = r.inbox.filter((i) => i.message_id === l.messageId).length;
          if (n !== 1) problems.push(`${r.desk.label}: letter ${l.messageId} from ${s.desk.label} is in the inbox ${n} times (expected once)`);
        }
      }
    }
  }
  const everSent = new Set([...snaps.flatMap((s) => s.letters.map((l) => l.messageId)), ...(o.external ?? [])]);
  for (const s of snaps) {
    for (const i of s.inbox) {
      if (!everSent.has(i.message_id)) problems.push(`${s.desk.label}: inbox holds ${i.message_id} that no desk of ${i.sender_agency} sent`);
    }
  }
  // A recipient state past 'queued' only for a letter the exchange acknowledged.
  for (const s of snaps) {
    for (const r of s.recipients) {
      const l = s.letters.find((x) => x.messageId === r.message_id);
      if (r.state !== 'queued' && r.state !== 'expired' && l?.state !== 'done') {
        problems.push(`${s.desk.label}: recipient ${r.agency} of ${r.message_id} shows ${r.state} but the exchange never acknowledged the letter`);
      }
    }
  }

  // 2. Confirmations.
  for (const [agency, group] of byAgency) {
    const byMessage = new Map<string, RegRow[]>();
    for (const r of agencyRegistrations(group).values()) {
      if (r.direction !== 'incoming' || r.exchange_message_id === null || r.annulled) continue;
      byMessage.set(r.exchange_message_id, [...(byMessage.get(r.exchange_message_id) ?? []), r]);
    }
    for (const [mid, regs] of byMessage) {
      const trackers = snaps.filter((s) => s.desk.agency !== agency && s.recipients.some((x) => x.message_id === mid && x.agency === agency));
      for (const t of trackers) {
        const st = t.recipients.find((x) => x.message_id === mid && x.agency === agency)!;
        // Two desks that registered one letter while offline are flagged (3a); the sender shows one of them.
        const match = regs.some((r) => st.registry_number === r.registry_number && st.registration_date === r.registration_date);
        if (st.state !== 'registered' || !match) {
          problems.push(
            `${t.desk.label}: recipient ${agency} of ${mid} shows ${st.state} ${st.registry_number ?? ''} ${st.registration_date ?? ''}; ` +
              `${agency} registered it as ${regs.map((r) => `${r.registry_number} on ${r.registration_date}`).join(' and ')}`,
          );
        }
      }
    }
  }

  for (const [agency, group] of byAgency) {
    const regs = agencyRegistrations(group);
    // 3a. One registration per received message id, unless the desks holding both flagged them.
    const byMessage = new Map<string, Array<[string, RegRow]>>();
    for (const [key, r] of regs) {
      if (r.direction !== 'incoming' || r.exchange_message_id === null || r.annulled) continue;
      byMessage.set(r.exchange_message_id, [...(byMessage.get(r.exchange_message_id) ?? []), [key, r]]);
    }
    for (const [mid, list] of byMessage) {
      if (list.length < 2) continue;
      for (const s of group) {
        const local = s.registrations.filter((r) => r.exchange_message_id === mid && r.direction === 'incoming' && !r.annulled);
        if (local.length < 2) continue;
        const flagged = local.every((a, i) => local.every((b, j) => i === j || s.flags.some((f) => (f.a_id === a.id && f.b_id === b.id) || (f.a_id === b.id && f.b_id === a.id))));
        if (!flagged) problems.push(`${s.desk.label}: message ${mid} registered ${local.length} times and not flagged: ${local.map((r) => r.registry_number).join(', ')}`);
      }
    }

    // 3b. One registration per document, unless flagged or deliberately re-registered (on every desk that holds both).
    for (const s of group) {
      const keyOf = new Map(s.registrations.map((r) => [r.id, r]));
      const byDoc = new Map<string, number[]>();
      for (const d of s.documents) byDoc.set(d.sha256, [...(byDoc.get(d.sha256) ?? []), d.registration_id]);
      for (const [sha, ids] of byDoc) {
        const live = ids.filter((id) => keyOf.get(id)?.annulled === 0);
        for (let i = 0; i < live.length; i++) {
          for (let j = i + 1; j < live.length; j++) {
            const a = live[i]!;
            const b = live[j]!;
            const linked = s.links.some((l) => (l.from_id === a && l.to_id === b) || (l.from_id === b && l.to_id === a));
            const flagged = s.flags.some((f) => (f.a_id === a && f.b_id === b) || (f.a_id === b && f.b_id === a));
            if (!linked && !flagged) {
              problems.push(`${s.desk.label}: document ${sha.slice(0, 12)} registered twice (${keyOf.get(a)?.registry_number}, ${keyOf.get(b)?.registry_number}) and not flagged`);
            }
          }
        }
      }
    }

    // 4. One registration per number and register across the agency's desks.
    const byNumber = new Map<string, Set<string>>();
    for (const [key, r] of regs) {
      const n = `${r.register} ${r.registry_number}`;
      byNumber.set(n, (byNumber.get(n) ?? new Set()).add(key));
    }
    for (const [n, keys] of byNumber) if (keys.size > 1) problems.push(`${agency}: number ${n} used by ${keys.size} registrations (${[...keys].join(', ')})`);

    // 5. The same journal (the same event ids, each at the same position) and the same registrations
    //    on every desk. A desk records its own events at position 0 (it applied them when it made
    //    them), so positions are compared where both desks know one.
    const lagging = new Set(o.allowLaggingDesks ?? []);
    const full = group.filter((s) => !lagging.has(s.desk.label));
    const ref = full[0];
    if (ref !== undefined) {
      const refIds = ref.journal.map((j) => j.event_id).sort().join(',');
      const refRegs = registrationKeys(ref);
      for (const s of full.slice(1)) {
        if (s.journal.map((j) => j.event_id).sort().join(',') !== refIds) {
          problems.push(`${agency}: ${s.desk.label} holds another journal than ${ref.desk.label} (${s.journal.length} vs ${ref.journal.length} events)`);
        }
        const keys = registrationKeys(s);
        if (keys !== refRegs) problems.push(`${agency}: ${s.desk.label} holds other registrations than ${ref.desk.label}:\n  ${keys}\n  ${refRegs}`);
      }
      const positions = new Map<string, number>();
      for (const s of full) {
        for (const j of s.journal) {
          if (j.position === 0) continue;
          const p = positions.get(j.event_id);
          if (p !== undefined && p !== j.position) problems.push(`${agency}: event ${j.event_id} at position ${p} on one desk and ${j.position} on ${s.desk.label}`);
          positions.set(j.event_id, j.position);
        }
      }
    }
  }
  if (problems.length > 0) throw new Error(`invariants violated:\n- ${problems.join('\n- ')}`);
}

/** The agency's registrations across its desks, one per journal event id (or per desk row when not yet published). */
function agencyRegistrations(group: DeskSnapshot[]): Map<string, RegRow> {
  const out = new Map<string, RegRow>();
  for (const s of group) {
    for (const r of s.registrations) {
      const key = r.event_id ?? `${s.desk.label}#${r.id}`;
      const prev = out.get(key);
      // Prefer the copy with an ordinary number (an emergency copy may not be renumbered yet elsewhere).
      if (prev === undefined || (prev.seq >= 1_000_000_000 && r.seq < 1_000_000_000)) out.set(key, r);
    }
  }
  return out;
}

/** A desk's registrations as sorted `event:register:number` keys. */
function registrationKeys(s: DeskSnapshot): string {
  return s.registrations
    .map((r) => `${r.event_id ?? 'unpublished'}:${r.register}:${r.registry_number}`)
    .sort()
    .join(' ');
}

/** Removes the desks' data folders (after closing them). */
export async function disposeDesks(desks: Desk[]): Promise<void> {
  for (const d of desks) {
    await d.close().catch(() => {});
    fs.rmSync(d.dataDir, { recursive: true, force: true });
  }
}

/** The path of a desk's database (for read-only checks in tests). */
export function deskDatabase(desk: Desk): string {
  return path.resolve(dataLayout(desk.dataDir).database);
}

// ---------------------------------------------------------------- a world of agencies and desks

export interface WorldDesk {
  /** Short name in tests, e.g. `A1`. */
  label: string;
  agency: string;
  /** Desk id on the exchange, e.g. `MOH-1`. */
  desk: string;
}

export interface World {
  ex: ExchangeServer;
  desks: Desk[];
  desk(label: string): Desk;
  /** The proxy between this desk and the exchange (one per desk, so faults hit one desk). */
  proxy(label: string): TcpProxy;
  /** The desk's credentials as the admin wrote them (the exchange's own URL). */
  credentials(label: string): DeskCredentialsFile;
  /** Desks, proxies, the exchange and every data folder, gone. */
  close(): Promise<void>;
}

/** Short back-off and timeouts so fault tests run in seconds. */
export const FAST_SYNC = {
  auto: false,
  retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 12 },
  requestTimeoutMs: 5_000,
  blockSize: 50,
};

/**
 * Starts the exchange process, adds the agencies (those of `desks` plus `extraAgencies`) and the
 * desks through its admin command, puts a proxy before each desk and opens and connects each desk.
 */
export async function createWorld(
  desks: WorldDesk[],
  o: { extraAgencies?: string[]; sync?: Record<string, unknown>; clockStart?: string } = {},
): Promise<World> {
  const ex = await startExchange({ pollMs: 50 });
  const made: Desk[] = [];
  const proxies = new Map<string, TcpProxy>();
  const creds = new Map<string, DeskCredentialsFile>();
  try {
    const agencies = [...new Set([...desks.map((d) => d.agency), ...(o.extraAgencies ?? [])])];
    await Promise.all(agencies.map((code) => addAgency(ex, { code })));
    const files = await Promise.all(desks.map((d) => addDesk(ex, { agency: d.agency, desk: d.desk })));
    for (const [i, d] of desks.entries()) {
      const proxy = await startTcpProxy({ targetPort: ex.port });
      proxies.set(d.label, proxy);
      creds.set(d.label, files[i]!);
      made.push(
        await createDesk({
          label: d.label,
          credentials: files[i]!,
          url: proxy.url,
          clock: testClock(o.clockStart),
          services: { sync: { ...FAST_SYNC, ...(o.sync ?? {}) } },
        }),
      );
    }
  } catch (err) {
    await disposeDesks(made);
    for (const p of proxies.values()) await p.close();
    await ex.close();
    throw err;
  }
  const get = <T>(m: Map<string, T>, label: string): T => {
    const v = m.get(label);
    if (v === undefined) throw new Error(`no desk ${label}`);
    return v;
  };
  return {
    ex,
    desks: made,
    desk: (label) => {
      const d = made.find((x) => x.label === label);
      if (d === undefined) throw new Error(`no desk ${label}`);
      return d;
    },
    proxy: (label) => get(proxies, label),
    credentials: (label) => get(creds, label),
    close: async () => {
      await disposeDesks(made);
      for (const p of proxies.values()) await p.close();
      await ex.close();
    },
  };
}

let pdfCache: Array<{ name: string; bytes: Buffer }> | null = null;

/**
 * A real letter PDF from the fixtures (a scan-like page: the desk OCRs it when it reads it) made unique
 * by `seed`, padded to `size` bytes. For transfers; see {@link textPdf} for letters a desk registers.
 */
export function letterPdf(seed: string, size = 0): GeneratedDocument {
  pdfCache ??= fixturePdfs(FIXTURES_DIR);
  let n = 0;
  for (const ch of seed) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  return makeDocument(pdfCache, n, size, seed);
}

/**
 * A one-page born-digital PDF (Helvetica text layer, logical order) whose text names `seed`: the desk
 * reads it from its text layer, without OCR. Optionally padded to `size` bytes (seeded random stream).
 */
export function textPdf(seed: string, size = 0): GeneratedDocument {
  const lines = ['Ministry of Health - General Registry', `Reference: MOH/${seed}`, 'Subject: request for budget figures', 'Please find attached the figures requested in your letter.', 'Regards'];
  const content = `BT /F1 12 Tf 72 760 Td 16 TL ${lines.map((l) => `(${l.replace(/[()\\]/g, '')}) '`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const base = Buffer.from(out, 'latin1');
  const bytes = size > base.length + 400 ? padPdf(base, size, seed) : base;
  return { name: `letter-${seed.replace(/[^A-Za-z0-9-]/g, '')}.pdf`, bytes, sha256: sha256Hex(bytes) };
}

export interface SentLetter {
  messageId: string;
  registryNumber: string;
  registrationDate: string;
  sha256: string;
  bytes: Buffer;
}

/** Stores a unique born-digital letter PDF ({@link textPdf}) on `desk` and sends it (`outgoing.send`) to `to` (and `cc`). */
export async function sendLetter(desk: Desk, o: { to: string[]; cc?: string[]; subject?: string; seed?: string; size?: number }): Promise<SentLetter> {
  const doc = textPdf(o.seed ?? `${desk.label}-${Math.random().toString(36).slice(2)}`, o.size ?? 0);
  const sha256 = await storeDocument(desk, doc.bytes, doc.name, o.subject ?? 'كتاب');
  const r = await desk.call('outgoing.send', {
    documents: [{ sha256, main: true }],
    to: o.to,
    cc: o.cc ?? [],
    subject: o.subject ?? `طلب بيانات ${doc.name}`,
  });
  return { messageId: r.messageId, registryNumber: r.registration.registryNumber, registrationDate: r.registration.registrationDate, sha256, bytes: doc.bytes };
}

/** The recipient status of a letter this desk registered as `registryNumber` (outgoing register). */
export async function recipientStates(desk: Desk, registryNumber: string): Promise<Record<string, RecipientStatus>> {
  const st = await desk.call('outgoing.status', { registryNumber, register: 'outgoing' });
  return Object.fromEntries(st.recipients.map((r) => [r.agency, r]));
}
