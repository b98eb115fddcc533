/**
 * The exchange side of a desk, composed: the registry's extension points (numbers from blocks or the
 * emergency register, the journal event of every registration), the contract handlers of the
 * exchange, inbox, outgoing and duplicates methods (shared/contract/exchange.ts), the sync engine and
 * its background loop.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Db } from '../db/open.ts';
import type { BlobStore } from '../blobs/store.ts';
import type { Registry } from '../registry/index.ts';
import type { AttachedDocument, NumberSource } from '../registry/index.ts';
import type { Analysis, DuplicateFlag, ExchangeStatus, Handlers, RegistrationSummary } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { deskCredentialsSchema, letterEnvelopeSchema, type DeskCredentials, type LetterEnvelope } from '../../../shared/exchange/index.ts';
import { appendAudit } from '../registry/audit.ts';
import { findByNumber, SUMMARY_COLUMNS, toSummary, type RegistrationRow } from '../registry/records.ts';
import { createHttpTransport, type ExchangeTransport } from './client.ts';
import { assertTwinTarget, letterTwinCandidates } from './inbox-twins.ts';
import { createSyncEngine, type SyncEngine } from './engine.ts';
import { inboxItem, inboxLetter, insertRecipients, listInbox, outgoingStatus, queueEnvelope, queueReceipt } from './letters.ts';
import { createNumberSource, emergencyPendingCount, remainingByBlock } from './numbers.ts';
import { queuePaperCopies } from '../parallel/dispatch.ts';
import { duplicateFlagView, queueInboxSettled, type InboxOutcome } from './inbox-settled.ts';
import { publishAttached, publishRegistration, publishUnpublished } from './registrations.ts';
import {
  DEFAULT_RETRY,
  deleteConfig,
  enqueue,
  getConfig,
  getCursor,
  getExchangeDirectory,
  putConfig,
  setClockOffset,
  waitingCount,
  type ExchangeConfig,
  type RetryPolicy,
} from './state.ts';

export type ExchangeHandlerName =
  | 'exchange.status' | 'exchange.connect' | 'exchange.disconnect' | 'exchange.sync'
  | 'inbox.list' | 'inbox.register' | 'inbox.reject' | 'inbox.forward' | 'inbox.twinCandidates'
  | 'outgoing.send' | 'outgoing.status' | 'duplicates.list' | 'duplicates.resolve';

/** Sync settings of the services (createServices option `sync`). */
export interface SyncOptions {
  /** Run rounds in the background (default false: tests and the CLI call `exchange.sync`). */
  auto?: boolean;
  /** Fallback pause between background rounds, milliseconds (default 30 000); a long poll wakes it earlier. */
  intervalMs?: number;
  /** Long-poll wait of the background loop, seconds (default 20, at most 25). */
  longPollSeconds?: number;
  /** Numbers asked for per block (default 50). */
  blockSize?: number;
  /** Back-off and attempt limit of outbox items. */
  retry?: Partial<RetryPolicy>;
  /** A letter not delivered within this many milliseconds expires (default 3 days). */
  letterExpiryMs?: number;
  /** Per-request timeout, milliseconds (default 15 000). */
  requestTimeoutMs?: number;
  /** Another transport than HTTP (a future national exchange adapter). */
  transport?: (credentials: DeskCredentials) => ExchangeTransport;
}

export interface ExchangeDeskDeps {
  db: Db;
  blobs: BlobStore;
  partialDir: string;
  /** The desk clock (raw). */
  clock: () => Date;
  /** Reads a stored document that was never analysed on this desk (inbox letters). */
  analyse: (bytes: Uint8Array, fileName: string) => Promise<Analysis>;
  options?: SyncOptions;
}

export interface ExchangeDesk {
  /** Registry extension points: wire into createRegistry. */
  numbers: NumberSource;
  onRegistered: (db: Db, registrationId: number) => void;
  onAttached: (db: Db, attached: AttachedDocument) => void;
  /** The desk clock corrected by the exchange's measured offset (the registry's clock when connected). */
  clock: () => Date;
  /** Binds the registry once it exists (it needs the hooks above first). */
  bind(registry: Registry): void;
  handlers: Pick<Handlers, ExchangeHandlerName>;
  engine: SyncEngine;
  /** Starts the background loop (when `auto`). */
  start(): void;
  /** Stops the background loop and waits for a running round. */
  stop(): Promise<void>;
}

export const DEFAULT_BLOCK_SIZE = 50;
export const DEFAULT_LETTER_EXPIRY_MS = 3 * 24 * 3600_000;

export function createExchangeDesk(d: ExchangeDeskDeps): ExchangeDesk {
  const { db } = d;
  const o = d.options ?? {};
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...(o.retry ?? {}) };
  const letterExpiryMs = o.letterExpiryMs ?? DEFAULT_LETTER_EXPIRY_MS;
  const transportFor = (c: DeskCredentials): ExchangeTransport =>
    o.transport ? o.transport(c) : createHttpTransport(c, o.requestTimeoutMs === undefined ? {} : { timeoutMs: o.requestTimeoutMs });
  const offsetStmt = db.prepare('SELECT clock_offset_ms FROM exchange_config WHERE id = 1').pluck();
  const identityStmt = db.prepare('SELECT agency, desk FROM exchange_config WHERE id = 1');
  const clock = () => new Date(d.clock().getTime() + ((offsetStmt.get() as number | undefined) ?? 0));
  let registry: Registry | null = null;
  const reg = (): Registry => {
    if (registry === null) throw new AppError('internal', 'the exchange desk is not bound to a registry');
    return registry;
  };

  const engine = createSyncEngine({
    db,
    blobs: d.blobs,
    partialDir: d.partialDir,
    clock: d.clock,
    transportFor: (cfg) => transportFor(cfg.credentials),
    retry,
    blockSize: () => o.blockSize ?? DEFAULT_BLOCK_SIZE,
  });

  function onRegistered(db2: Db, registrationId: number): void {
    const id = identityStmt.get() as { agency: string; desk: string } | undefined;
    if (id !== undefined) publishRegistration(db2, registrationId, id, clock().toISOString());
  }

  function onAttached(db2: Db, attached: AttachedDocument): void {
    const id = identityStmt.get() as { agency: string; desk: string } | undefined;
    if (id !== undefined) publishAttached(db2, attached, id);
  }

  function requireConfig(): ExchangeConfig {
    const c = getConfig(db);
    if (c === null) throw new AppError('exchange_not_configured', 'this desk is not connected to the central exchange');
    return c;
  }

  function status(): ExchangeStatus {
    const c = getConfig(db);
    return {
      configured: c !== null,
      url: c?.url ?? null,
      agency: c?.agency ?? null,
      desk: c?.desk ?? null,
      online: c?.online ?? false,
      lastSyncAt: c?.lastSyncAt ?? null,
      lastError: c?.lastError ?? null,
      waiting: waitingCount(db),
      syncing: engine.syncing,
      progress: engine.progress,
      blocks: remainingByBlock(db),
      emergencyPending: emergencyPendingCount(db),
    };
  }

  function agencyName(code: string): string {
    const fromExchange = getExchangeDirectory(db).find((a) => a.code === code)?.nameAr;
    if (fromExchange !== undefined) return fromExchange;
    return reg().listAgencies().find((a) => a.code === code)?.nameAr ?? code;
  }

  function summaryById(id: number): RegistrationSummary {
    return toSummary(db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM registrations r WHERE r.id = ?`).get(id) as RegistrationRow);
  }

  /** Makes sure a stored document has an analysis (its text), reading it if this desk never did. */
  async function ensureRead(sha256: string, name: string): Promise<void> {
    if (reg().getAnalysis(sha256) !== null) return;
    const known = db.prepare('SELECT 1 FROM documents WHERE sha256 = ?').get(sha256);
    if (known !== undefined) return;
    const bytes = await d.blobs.get(sha256);
    await d.analyse(bytes, name);
  }

  /**
   * Links an inbox letter to the paper registration it is the twin of (registry.attach, role twin),
   * settles the inbox item as registered under that registration and queues the confirmation receipt
   * with its registry number and date. One transaction.
   * @throws AppError('validation') see assertTwinTarget (inbox-twins.ts), or the registration is
   *         annulled or already has its twin; AppError('not_found') no such registration.
   */
  function registerAsTwin(letter: LetterEnvelope, mainSha256: string, twinOf: { registryNumber: string; register: string | null; score: number | null }): RegistrationSummary {
    return db
      .transaction(() => {
        const cfg = requireConfig();
        openLetter(letter.messageId);
        const target = findByNumber(db, twinOf.registryNumber, twinOf.register);
        assertTwinTarget(target, letter);
        const s = reg().attach({
          registrationId: target.id,
          documentSha256: mainSha256,
          role: 'twin',
          twin: { channel: 'electronic', transport: 'exchange', score: twinOf.score, exchangeMessageId: letter.messageId },
        });
        db.prepare('UPDATE registrations SET exchange_message_id = ? WHERE id = ? AND exchange_message_id IS NULL').run(letter.messageId, s.id);
        settleRegistered(cfg, letter, s);
        return s;
      })
      .immediate();
  }

  /** An inbox letter registered as `s` (new or joined): inbox state, confirmation receipt, journal event. Inside a transaction. */
  function settleRegistered(cfg: ExchangeConfig, letter: LetterEnvelope, s: RegistrationSummary): void {
    db.prepare("UPDATE inbox SET state = 'registered', registration_id = ?, settled_by = ?, settled_at = ? WHERE message_id = ?").run(
      s.id, cfg.desk, clock().toISOString(), letter.messageId,
    );
    queueReceipt(db, cfg, letter.messageId, { kind: 'confirmation', registryNumber: s.registryNumber, registrationDate: s.registrationDate }, clock());
    const uid = db.prepare('SELECT event_id FROM registrations WHERE id = ?').pluck().get(s.id) as string | null;
    settledEvent(cfg, letter, 'registered', { registrationUid: uid, registryNumber: s.registryNumber });
  }

  function settledEvent(cfg: ExchangeConfig, letter: LetterEnvelope, outcome: InboxOutcome, x: Parameters<typeof queueInboxSettled>[4]): void {
    queueInboxSettled(db, cfg, letter, outcome, x, clock().toISOString());
  }

  function openLetter(messageId: string): LetterEnvelope {
    const l = inboxLetter(db, messageId);
    if (l.state !== 'new') throw new AppError('validation', `this letter was already ${l.state}`, { messageId, state: l.state });
    return l.envelope;
  }

  /** Signs and queues a letter with its uploads; recipients start `queued`. Inside a transaction. */
  function queueLetter(cfg: ExchangeConfig, envelope: LetterEnvelope, registrationId: number | null): void {
    const parsed = letterEnvelopeSchema.safeParse(envelope);
    if (!parsed.success) {
      throw new AppError('validation', 'the letter cannot be sent', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    }
    const at = clock();
    for (const doc of envelope.documents) enqueue(db, { kind: 'upload', key: `upload:${doc.sha256}`, payload: { sha256: doc.sha256, size: doc.size }, at: at.toISOString() });
    queueEnvelope(db, cfg, envelope, at.toISOString(), { expiresAt: new Date(at.getTime() + letterExpiryMs).toISOString(), registrationId });
    if (registrationId !== null) insertRecipients(db, envelope.messageId, registrationId, envelope.to, envelope.cc, at.toISOString());
  }

  const handlers: Pick<Handlers, ExchangeHandlerName> = {
    'exchange.status': async () => status(),
    'exchange.connect': async ({ credentials }) => {
      const parsed = deskCredentialsSchema.safeParse(credentials);
      if (!parsed.success) {
        throw new AppError('validation', 'not a desk credentials file', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
      }
      const c = parsed.data;
      const t = transportFor(c);
      const who = await t.whoami();
      if (who.agency !== c.agency || who.desk !== c.desk) {
        throw new AppError('exchange_refused', `the exchange knows these credentials as ${who.desk} of ${who.agency}`, { agency: who.agency, desk: who.desk });
      }
      const t0 = d.clock().getTime();
      const h = await t.health();
      const t1 = d.clock().getTime();
      const before = getConfig(db);
      if (before !== null && before.agency !== c.agency) {
        throw new AppError('validation', `this desk belongs to ${before.agency}; disconnect first`, { agency: before.agency });
      }
      db.transaction(() => {
        putConfig(db, c, new Date(t1).toISOString());
        setClockOffset(db, Date.parse(h.time) - (t0 + t1) / 2, new Date(t1).toISOString());
        // registrations made before the connection join the agency journal, in registration order
        publishUnpublished(db, { agency: c.agency, desk: c.desk }, clock().toISOString());
        appendAudit(db, { at: clock().toISOString(), operator: 'system', action: 'exchange_connected', registrationId: null, details: { agency: c.agency, desk: c.desk, url: c.exchangeUrl } });
      }).immediate();
      return status();
    },
    'exchange.disconnect': async () => {
      const c = getConfig(db);
      if (c !== null) {
        db.transaction(() => {
          deleteConfig(db);
          appendAudit(db, { at: clock().toISOString(), operator: 'system', action: 'exchange_disconnected', registrationId: null, details: { agency: c.agency, desk: c.desk } });
        }).immediate();
      }
      return status();
    },
    'exchange.sync': async () => engine.round(),

    'inbox.list': async (q) => ({ items: listInbox(db, q, getExchangeDirectory(db)) }),
    'inbox.register': async ({ messageId, overrides, twinOf }) => {
      requireConfig();
      const letter = openLetter(messageId);
      for (const doc of letter.documents) await ensureRead(doc.sha256, doc.name);
      const main = letter.documents.find((x) => x.role === 'main') ?? letter.documents[0];
      if (main === undefined) throw new AppError('validation', 'the letter has no document');
      if (twinOf !== undefined) return registerAsTwin(letter, main.sha256, twinOf);
      return db
        .transaction(() => {
          const cfg = requireConfig();
          openLetter(messageId); // still new, now under the write lock
          const r = reg().register(
            {
              documentSha256: main.sha256,
              direction: 'incoming',
              channel: 'electronic',
              counterpart: { code: letter.sender.agency, name: agencyName(letter.sender.agency) },
              referenceNumber: letter.registryNumber.slice(0, 100),
              referenceDate: letter.registrationDate,
              subject: overrides?.subject ?? letter.subject,
              classification: overrides?.classification ?? letter.classification,
              priority: overrides?.priority ?? letter.priority,
              attachmentsCount: overrides?.attachmentsCount ?? letter.documents.length - 1,
            },
            { exchangeMessageId: messageId, attachments: letter.documents.filter((x) => x.role !== 'main').map((x) => x.sha256) },
          );
          const s = r.registration as RegistrationSummary;
          settleRegistered(cfg, letter, s);
          return s;
        })
        .immediate();
    },
    'inbox.twinCandidates': async ({ messageId }) => {
      requireConfig();
      const letter = inboxLetter(db, messageId).envelope;
      for (const doc of letter.documents) await ensureRead(doc.sha256, doc.name);
      return { candidates: letterTwinCandidates(db, reg(), letter, agencyName(letter.sender.agency), clock()) };
    },
    'inbox.reject': async ({ messageId, reasonCode, reasonText }) => {
      requireConfig();
      db.transaction(() => {
        const cfg = requireConfig();
        const letter = openLetter(messageId);
        db.prepare("UPDATE inbox SET state = 'rejected', settled_by = ?, settled_at = ?, settlement = ? WHERE message_id = ?").run(
          cfg.desk, clock().toISOString(), JSON.stringify({ reasonCode, reasonText }), messageId,
        );
        queueReceipt(db, cfg, messageId, { kind: 'rejection', reasonCode, reasonText }, clock());
        settledEvent(cfg, letter, 'rejected', { reasonCode });
      }).immediate();
      return inboxItem(db, messageId, getExchangeDirectory(db));
    },
    'inbox.forward': async ({ messageId, toAgency, note }) => {
      requireConfig();
      db.transaction(() => {
        const cfg = requireConfig();
        const letter = openLetter(messageId);
        if (toAgency === cfg.agency || toAgency === letter.sender.agency) throw new AppError('validation', `cannot forward to ${toAgency}`, { toAgency });
        db.prepare("UPDATE inbox SET state = 'forwarded', settled_by = ?, settled_at = ?, settlement = ? WHERE message_id = ?").run(
          cfg.desk, clock().toISOString(), JSON.stringify({ toAgency, note }), messageId,
        );
        queueReceipt(db, cfg, messageId, { kind: 'forward', toAgency, note }, clock());
        // the letter itself goes on as a fresh letter naming the original
        queueLetter(
          cfg,
          {
            ...letter,
            messageId: randomUUID(),
            sender: { agency: cfg.agency, desk: cfg.desk },
            createdAt: clock().toISOString(),
            to: [toAgency],
            cc: [],
            forwardOf: letter.messageId,
          },
          null,
        );
        settledEvent(cfg, letter, 'forwarded', { toAgency });
      }).immediate();
      return inboxItem(db, messageId, getExchangeDirectory(db));
    },

    'outgoing.send': async (q) => {
      requireConfig();
      const docs = q.documents.map((x) => {
        const a = reg().getAnalysis(x.sha256);
        if (a === null) throw new AppError('not_found', 'the document has not been read yet (analyse it first)', { sha256: x.sha256 });
        return { ...x, analysis: a };
      });
      for (const x of docs) if (!(await d.blobs.has(x.sha256))) throw new AppError('not_found', 'the document file is not stored on this desk', { sha256: x.sha256 });
      const main = docs.find((x) => x.main);
      if (main === undefined) throw new AppError('validation', 'exactly one main document');
      const first = q.to[0] as string;
      return db
        .transaction(() => {
          const cfg = requireConfig();
          const messageId = randomUUID();
          // A printed copy goes too (a recipient still requires paper, or paper follows): the letter leaves both ways.
          const paper = q.paperFollows || [...q.to, ...q.cc].some((code) => db.prepare('SELECT requires_paper FROM agencies WHERE code = ?').pluck().get(code) === 1);
          const r = reg().register(
            {
              documentSha256: main.sha256,
              direction: 'outgoing',
              channel: paper ? 'both' : 'electronic',
              documentation: paper ? 'complementary_paper' : 'no_paper',
              transport: 'exchange',
              counterpart: { code: first, name: agencyName(first) },
              subject: q.subject,
              classification: q.classification,
              priority: q.priority,
              attachmentsCount: docs.length - 1,
            },
            { exchangeMessageId: messageId, attachments: docs.filter((x) => !x.main).map((x) => x.sha256) },
          );
          const s = r.registration as RegistrationSummary;
          queueLetter(
            cfg,
            {
              messageId,
              kind: 'letter',
              sender: { agency: cfg.agency, desk: cfg.desk },
              createdAt: clock().toISOString(),
              to: q.to,
              cc: q.cc,
              registryNumber: s.registryNumber,
              registrationDate: s.registrationDate,
              subject: q.subject,
              classification: q.classification,
              priority: q.priority,
              replyBy: q.replyBy,
              paperFollows: q.paperFollows,
              documents: [main, ...docs.filter((x) => !x.main)].map((x) => ({
                sha256: x.sha256,
                name: x.analysis.fileName.slice(0, 255),
                mediaType: x.analysis.mediaType,
                size: x.analysis.byteLength,
                role: x.main ? ('main' as const) : ('attachment' as const),
              })),
              inReplyTo: q.inReplyTo,
              forwardOf: null,
            },
            s.id,
          );
          // Recipients that still require paper (or all, when paper follows) get a printed copy.
          queuePaperCopies(db, { registrationId: s.id, to: q.to, cc: q.cc, paperFollows: q.paperFollows, at: clock().toISOString() });
          return { registration: summaryById(s.id), messageId };
        })
        .immediate();
    },
    'outgoing.status': async ({ registryNumber, register }) => {
      const r = findByNumber(db, registryNumber, register);
      return outgoingStatus(db, r.id, getExchangeDirectory(db));
    },

    'duplicates.list': async () => ({
      items: (db.prepare('SELECT id FROM duplicate_flags ORDER BY resolution IS NOT NULL, id DESC LIMIT 500').pluck().all() as number[]).map(flagView),
    }),
    'duplicates.resolve': async ({ id, resolution }) => {
      db.transaction(() => {
        const f = db.prepare('SELECT a_id, resolution FROM duplicate_flags WHERE id = ?').get(id) as { a_id: number; resolution: string | null } | undefined;
        if (f === undefined) throw new AppError('not_found', `no duplicate flag ${id}`, { id });
        db.prepare('UPDATE duplicate_flags SET resolution = ?, resolved_at = ?, resolved_by = ? WHERE id = ?').run(resolution, clock().toISOString(), 'clerk', id);
        appendAudit(db, { at: clock().toISOString(), operator: 'clerk', action: 'duplicate_resolved', registrationId: f.a_id, details: { flag: id, resolution } });
      }).immediate();
      return flagView(id);
    },
  };

  const flagView = (id: number): DuplicateFlag => duplicateFlagView(db, id, summaryById);

  // ---------------------------------------------------------------- background loop
  let loop: Promise<void> | null = null;
  const stopper = new AbortController();

  async function backgroundLoop(): Promise<void> {
    const interval = o.intervalMs ?? 30_000;
    const wait = Math.min(25, Math.max(0, o.longPollSeconds ?? 20));
    for (;;) {
      if (stopper.signal.aborted) return;
      const cfg = getConfig(db);
      if (cfg !== null) {
        try {
          await engine.round();
        } catch {
          /* kept in the status (lastError) */
        }
      }
      if (stopper.signal.aborted) return;
      const now = getConfig(db); // as the round left it (online or not)
      // Wake on a new mailbox item or journal event (long poll), or after the fallback interval.
      const waker = new AbortController();
      const both = AbortSignal.any([waker.signal, stopper.signal]);
      const sleeps: Array<Promise<unknown>> = [delay(now === null || !now.online ? Math.min(interval, 5_000) : interval, undefined, { signal: both }).catch(() => undefined)];
      if (now !== null && now.online && wait > 0) {
        const t = transportFor(now.credentials);
        sleeps.push(t.mailbox(getCursor(db, 'mailbox'), 1, wait, both).then((p) => (p.items.length > 0 ? p : new Promise(() => {}))).catch(() => new Promise(() => {})));
        sleeps.push(t.journal(getCursor(db, 'journal'), 1, wait, both).then((p) => (p.events.length > 0 ? p : new Promise(() => {}))).catch(() => new Promise(() => {})));
      }
      await Promise.race(sleeps);
      waker.abort();
    }
  }

  return {
    numbers: createNumberSource(),
    onRegistered,
    onAttached,
    clock,
    bind(r) {
      registry = r;
    },
    handlers,
    engine,
    start() {
      if (o.auto === true && loop === null) loop = backgroundLoop();
    },
    async stop() {
      stopper.abort();
      if (loop !== null) await loop;
      loop = null;
      await engine.idle();
    },
  };
}
