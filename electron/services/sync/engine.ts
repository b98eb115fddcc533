/**
 * The sync engine (docs/exchange-protocol.md, "Desk side"). One round:
 *   clock → directory → uploads → messages → journal push → mailbox → journal pull → blocks →
 *   emergency reconciliation → messages and journal push again (what the round itself produced:
 *   acknowledgements of pulled letters, `registration.numbered` events).
 * Every step reads and writes the desk database in short transactions that carry their own sync
 * state (outbox item done, cursor advanced with what was pulled), so a crash or a cut connection at
 * any point loses and duplicates nothing; the next round goes on from there. Every loop is bounded.
 *
 * An outbox item is marked done only when the exchange acknowledged it. A failed attempt backs off
 * exponentially; after `maxAttempts` or past its expiry the item is expired (a letter's recipients
 * then show `expired`). Rounds that cannot reach the exchange do not count as attempts.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Db } from '../db/open.ts';
import type { BlobStore } from '../blobs/store.ts';
import { AppError } from '../../../shared/errors.ts';
import { agencyDateParts } from '../../../shared/dates/index.ts';
import type { SyncErrorView, SyncPhase, SyncSummary } from '../../../shared/contract/index.ts';
import {
  verifyEnvelope,
  type JournalEvent,
  type LetterEnvelope,
  type ReceiptEnvelope,
  type Signed,
  type SignedEnvelope,
} from '../../../shared/exchange/index.ts';
import { AGENCY_TIME_ZONE } from '../registry/numbering.ts';
import { refusalCode, type ExchangeTransport } from './client.ts';
import { mergeExchangeDirectory } from './directory.ts';
import { advanceRecipients, applyReceipt, awaitsOrdinaryNumber, queueReceipt, renumberQueuedLetter, storeInboxLetter } from './letters.ts';
import { emergencyPendingBy, remainingByBlock, takeBlockNumber } from './numbers.ts';
import { applyEvent, numberEmergency, publishAnnulments } from './registrations.ts';
import {
  advanceCursor,
  dueItems,
  expireOverdue,
  getConfig,
  getCursor,
  getExchangeDirectory,
  markDone,
  markExpired,
  markFailed,
  putExchangeDirectory,
  setClockOffset,
  setRoundOutcome,
  type ExchangeConfig,
  type OutboxItem,
  type RetryPolicy,
} from './state.ts';
import { downloadBlob, uploadBlob } from './transfer.ts';
import { getSettings } from '../registry/settings.ts';
import { formatRegistryNumber } from '../../../shared/registry/number-format.ts';

export interface EngineOptions {
  db: Db;
  blobs: BlobStore;
  /** Folder for partial downloads. */
  partialDir: string;
  /** The desk clock (tests inject one). */
  clock: () => Date;
  transportFor: (cfg: ExchangeConfig) => ExchangeTransport;
  retry: RetryPolicy;
  /** Numbers asked for per block. */
  blockSize: () => number;
  /** Page size of mailbox and journal pulls. */
  pageSize?: number;
  /** Most pages pulled per round (each of mailbox and journal). */
  maxPages?: number;
  /** Most outbox items of each kind tried per round. */
  maxItems?: number;
}

export interface SyncEngine {
  /** Runs one round (joins the running one). @throws AppError('exchange_not_configured'). */
  round(): Promise<SyncSummary>;
  readonly syncing: boolean;
  /** Resolves when no round is running. */
  idle(): Promise<void>;
  readonly progress: { phase: SyncPhase; done: number; total: number } | null;
}

/** Rejection reason codes the exchange may answer that no retry can fix (the item is expired at once). */
const PERMANENT_REFUSALS = new Set(['invalid_envelope', 'wrong_sender', 'bad_signature', 'unknown_recipient', 'unknown_message', 'invalid_request', 'payload_too_large', 'unauthenticated', 'forbidden']);

export function createSyncEngine(o: EngineOptions): SyncEngine {
  const { db } = o;
  const pageSize = o.pageSize ?? 200;
  const maxPages = o.maxPages ?? 50;
  const maxItems = o.maxItems ?? 500;
  let running: Promise<SyncSummary> | null = null;
  let progress: { phase: SyncPhase; done: number; total: number } | null = null;

  function phase(p: SyncPhase, total = 0) {
    progress = { phase: p, done: 0, total };
  }

  async function runRound(): Promise<SyncSummary> {
    const cfg = getConfig(db);
    if (cfg === null) throw new AppError('exchange_not_configured', 'this desk is not connected to the central exchange');
    const t = o.transportFor(cfg);
    const s: SyncSummary = { pushedEvents: 0, pulledEvents: 0, sentMessages: 0, receivedMessages: 0, uploadedBytes: 0, downloadedBytes: 0, renumbered: 0, errors: [] };
    const fail = (err: unknown) => s.errors.push(errorView(err));
    let offset = cfg.clockOffsetMs;
    const now = () => new Date(o.clock().getTime() + offset);
    const phase = (p: SyncPhase, total = 0) => {
      progress = { phase: p, done: 0, total };
    };

    // Expiry does not wait for the network: a letter not delivered in time is expired and shown.
    db.transaction(() => expireItems(db, expireOverdue(db, now().toISOString()), now().toISOString())).immediate();

    // 1. clock: the exchange's time, half a round trip corrected; the year of every number follows it.
    phase('clock');
    try {
      const t0 = o.clock().getTime();
      const h = await t.health();
      const t1 = o.clock().getTime();
      offset = Date.parse(h.time) - (t0 + t1) / 2;
      setClockOffset(db, offset, new Date(t1).toISOString());
    } catch (err) {
      fail(err);
      setRoundOutcome(db, { online: false, lastError: s.errors[0] ?? null });
      return s;
    }

    // 2. directory (public keys to verify what arrives)
    phase('directory');
    try {
      const d = await t.directory(cfg.directoryEtag);
      if (d !== null) {
        db.transaction(() => {
          putExchangeDirectory(db, d.agencies, d.etag);
          mergeExchangeDirectory(db, d.agencies);
        }).immediate();
      }
    } catch (err) {
      fail(err);
    }

    // annulments approved on this desk since the last round join the journal
    db.transaction(() => publishAnnulments(db, { agency: cfg.agency, desk: cfg.desk }, now().toISOString())).immediate();

    await pushUploads(t, s, now, fail);
    await sendMessages(t, s, now, fail);
    await pushEvents(t, s, now, fail);
    // mailbox before journal: a letter another desk already settled is stored first, then the
    // journal's registration.created / inbox.settled events settle it here too
    await pullMailbox(t, cfg, s, now, fail);
    await pullJournal(t, cfg, s, now, fail);
    await requestBlocks(t, cfg, now, fail);
    reconcile(cfg, s, now);
    // what this round produced (acknowledgements of pulled letters, numbered events) goes out now
    await sendMessages(t, s, now, fail);
    await pushEvents(t, s, now, fail);

    progress = null;
    const unreachable = s.errors.find((e) => e.kind === 'exchange_unreachable');
    setRoundOutcome(db, { online: unreachable === undefined, lastSyncAt: now().toISOString(), lastError: s.errors[0] ?? null });
    return s;
  }

  async function pushUploads(t: ExchangeTransport, s: SyncSummary, now: () => Date, fail: (e: unknown) => void) {
    const items = dueItems(db, 'upload', now().toISOString(), maxItems);
    phase('uploads', items.length);
    for (const item of items) {
      const { sha256 } = item.payload as { sha256: string };
      try {
        const bytes = await o.blobs.get(sha256);
        s.uploadedBytes += await uploadBlob(t, sha256, bytes);
        db.transaction(() => markDone(db, item.id, now().toISOString())).immediate();
      } catch (err) {
        fail(err);
        retryLater(item, err, now);
        if (isUnreachable(err)) return;
      }
      bump();
    }
  }

  async function sendMessages(t: ExchangeTransport, s: SyncSummary, now: () => Date, fail: (e: unknown) => void) {
    const items = dueItems(db, 'message', now().toISOString(), maxItems);
    phase('messages', items.length);
    const uploadPending = db.prepare("SELECT 1 FROM outbox WHERE key = ? AND state = 'pending'");
    for (const item of items) {
      const signed = item.payload as Signed;
      const env = signed.envelope;
      if (env.kind === 'letter' && env.documents.some((d) => uploadPending.get(`upload:${d.sha256}`) !== undefined)) continue; // documents first
      if (env.kind === 'letter' && awaitsOrdinaryNumber(db, item.registrationId)) continue; // sent once numbered (reconcile)
      try {
        await t.postMessage(signed);
        db.transaction(() => {
          markDone(db, item.id, now().toISOString());
          if (env.kind === 'letter') advanceRecipients(db, env.messageId, null, 'sent', now().toISOString());
        }).immediate();
        s.sentMessages++;
      } catch (err) {
        const code = refusalCode(err);
        if (code === 'message_id_reused' && env.kind !== 'letter') {
          // another desk of this agency already sent this receipt (its id is derived from the letter)
          db.transaction(() => markDone(db, item.id, now().toISOString())).immediate();
          continue;
        }
        fail(err);
        if (code !== null && PERMANENT_REFUSALS.has(code)) {
          db.transaction(() => {
            markExpired(db, item.id, (err as Error).message);
            expireItems(db, [item], now().toISOString(), code);
          }).immediate();
        } else {
          retryLater(item, err, now);
        }
        if (isUnreachable(err)) return;
      }
      bump();
    }
  }

  async function pushEvents(t: ExchangeTransport, s: SyncSummary, now: () => Date, fail: (e: unknown) => void) {
    phase('journal_push');
    for (let page = 0; page < maxPages; page++) {
      const items = dueItems(db, 'event', now().toISOString(), Math.min(maxItems, 500));
      if (items.length === 0) return;
      try {
        await t.pushJournal(items.map((i) => i.payload as JournalEvent));
        db.transaction(() => {
          for (const i of items) {
            markDone(db, i.id, now().toISOString());
            // our own event, applied already: never apply it again when it comes back in the journal
            const e = i.payload as JournalEvent;
            db.prepare('INSERT OR IGNORE INTO journal_seen (event_id, position, kind) VALUES (?, 0, ?)').run(e.eventId, e.kind);
          }
        }).immediate();
        s.pushedEvents += items.length;
      } catch (err) {
        fail(err);
        if (isUnreachable(err) || items.length === 1) {
          for (const i of items) retryLater(i, err, now);
          return;
        }
        // a refused batch: push one by one, so one bad event does not hold back the others
        for (const i of items) {
          try {
            await t.pushJournal([i.payload as JournalEvent]);
            db.transaction(() => markDone(db, i.id, now().toISOString())).immediate();
            s.pushedEvents++;
          } catch (e2) {
            retryLater(i, e2, now);
            if (isUnreachable(e2)) return;
          }
        }
        return;
      }
    }
  }

  async function pullJournal(t: ExchangeTransport, cfg: ExchangeConfig, s: SyncSummary, now: () => Date, fail: (e: unknown) => void) {
    phase('journal_pull');
    for (let page = 0; page < maxPages; page++) {
      const after = getCursor(db, 'journal');
      let res;
      try {
        res = await t.journal(after, pageSize, 0);
      } catch (err) {
        fail(err);
        return;
      }
      if (res.events.length === 0) return;
      const problems: string[] = [];
      db.transaction(() => {
        for (const { position, event } of res.events) {
          if (event.agency !== cfg.agency) continue;
          const out = applyEvent(db, position, event, { desk: cfg.desk }, now().toISOString());
          if (out.applied) s.pulledEvents++;
          if (out.problem !== null) problems.push(out.problem);
        }
        advanceCursor(db, 'journal', Math.max(res.next, ...res.events.map((e) => e.position)));
      }).immediate();
      for (const p of problems) s.errors.push({ kind: 'validation', message: p });
      if (res.events.length < pageSize) return;
    }
  }

  async function pullMailbox(t: ExchangeTransport, cfg: ExchangeConfig, s: SyncSummary, now: () => Date, fail: (e: unknown) => void) {
    phase('mailbox');
    const directory = () => getExchangeDirectory(db);
    for (let page = 0; page < maxPages; page++) {
      const after = getCursor(db, 'mailbox');
      let res;
      try {
        res = await t.mailbox(after, pageSize, 0);
      } catch (err) {
        fail(err);
        return;
      }
      if (res.items.length === 0) return;
      for (const item of res.items) {
        const env = item.envelope;
        const key = directory().find((a) => a.code === env.sender.agency)?.publicKey ?? null;
        if (key === null) {
          // A sender this desk has no key for yet (directory not refreshed): never reject or drop
          // on that ground; stop here and try again after the next directory refresh.
          s.errors.push({ kind: 'exchange_refused', message: `no public key of ${env.sender.agency} in the directory yet; ${env.kind} ${env.messageId} waits` });
          return;
        }
        const authentic = verifyEnvelope({ envelope: env, signature: item.signature }, key);
        if (env.kind === 'letter') {
          if (!authentic) {
            db.transaction(() => {
              queueReceipt(db, cfg, env.messageId, { kind: 'rejection', reasonCode: 'invalid', reasonText: 'the signature does not verify against the sender agency key' }, now());
              advanceCursor(db, 'mailbox', item.position);
            }).immediate();
            s.errors.push({ kind: 'exchange_refused', message: `letter ${env.messageId} from ${env.sender.agency}: bad signature, rejected` });
            continue;
          }
          try {
            for (const d of env.documents) s.downloadedBytes += await downloadBlob(t, o.blobs, o.partialDir, d.sha256, d.size);
          } catch (err) {
            fail(err);
            if (refusalCode(err) === 'wrong_hash') {
              // A fresh, complete download with another hash: the letter is rejected (never accepted
              // silently, never retried for ever), and the letters behind it come in.
              db.transaction(() => {
                queueReceipt(db, cfg, env.messageId, { kind: 'rejection', reasonCode: 'wrong_hash', reasonText: 'a document does not match the SHA-256 the letter names' }, now());
                advanceCursor(db, 'mailbox', item.position);
              }).immediate();
              continue;
            }
            return; // the cursor stays before this letter: the next round resumes its documents
          }
          db.transaction(() => {
            if (storeInboxLetter(db, item.position, item as SignedEnvelope & { envelope: LetterEnvelope }, now().toISOString())) s.receivedMessages++;
            advanceCursor(db, 'mailbox', item.position);
            queueReceipt(db, cfg, env.messageId, { kind: 'acknowledgement' }, now());
          }).immediate();
        } else {
          db.transaction(() => {
            if (authentic) applyReceipt(db, env as ReceiptEnvelope, now().toISOString());
            advanceCursor(db, 'mailbox', item.position);
          }).immediate();
          if (!authentic) s.errors.push({ kind: 'exchange_refused', message: `receipt ${env.messageId}: bad signature, ignored` });
          else s.receivedMessages++;
        }
      }
      if (res.items.length < pageSize) return;
    }
  }

  /** Keeps a block open per register in use: asks when fewer than a quarter of a block is left. */
  async function requestBlocks(t: ExchangeTransport, cfg: ExchangeConfig, now: () => Date, fail: (e: unknown) => void) {
    phase('blocks');
    const size = o.blockSize();
    const year = Number(agencyDateParts(now(), AGENCY_TIME_ZONE).year);
    const want = new Map<string, { register: string; year: number; need: number }>();
    const used = db.prepare('SELECT DISTINCT register FROM registrations WHERE year = ?').pluck().all(year) as string[];
    for (const register of new Set(['incoming', 'outgoing', ...used])) want.set(`${register}/${year}`, { register, year, need: 0 });
    for (const p of emergencyPendingBy(db, cfg.desk)) {
      const k = `${p.register}/${p.year}`;
      want.set(k, { register: p.register, year: p.year, need: (want.get(k)?.need ?? 0) + p.count });
    }
    const remaining = remainingByBlock(db);
    for (const w of [...want.values()].slice(0, 20)) {
      const left = remaining.find((r) => r.register === w.register && r.year === w.year)?.remaining ?? 0;
      if (left - w.need >= size / 4) continue;
      for (let i = 0; i < 10; i++) {
        const stillLeft = (remainingByBlock(db).find((r) => r.register === w.register && r.year === w.year)?.remaining ?? 0) - w.need;
        if (stillLeft >= size / 4) break;
        let req = db.prepare('SELECT request_id, size FROM number_block_requests WHERE register = ? AND year = ?').get(w.register, w.year) as
          | { request_id: string; size: number }
          | undefined;
        if (req === undefined) {
          req = { request_id: randomUUID(), size: Math.max(size, w.need) };
          db.prepare('INSERT INTO number_block_requests (request_id, register, year, size, created_at) VALUES (?, ?, ?, ?, ?)').run(
            req.request_id, w.register, w.year, req.size, now().toISOString(),
          );
        }
        try {
          const g = await t.requestBlock({ requestId: req.request_id, register: w.register as 'incoming', year: w.year, size: req.size });
          db.transaction(() => {
            db.prepare('INSERT OR IGNORE INTO number_blocks (block_id, register, year, first, last, next, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
              g.blockId, g.register, g.year, g.first, g.last, g.first, g.grantedAt,
            );
            db.prepare('DELETE FROM number_block_requests WHERE request_id = ?').run(req.request_id);
          }).immediate();
        } catch (err) {
          fail(err);
          if (refusalCode(err) !== null) db.prepare('DELETE FROM number_block_requests WHERE request_id = ?').run(req.request_id);
          if (isUnreachable(err)) return;
          break;
        }
      }
    }
  }

  /** Each emergency registration of this desk gets an ordinary number, in registration order. */
  function reconcile(cfg: ExchangeConfig, s: SyncSummary, now: () => Date) {
    phase('reconcile');
    const rows = db
      .prepare("SELECT id, register, year FROM registrations WHERE emergency_number IS NOT NULL AND numbered_at IS NULL AND origin_desk = ? ORDER BY id")
      .all(cfg.desk) as Array<{ id: number; register: string; year: number }>;
    const format = getSettings(db).numberFormats;
    for (const r of rows) {
      const done = db
        .transaction(() => {
          const seq = takeBlockNumber(db, r.register, r.year);
          if (seq === null) return false;
          const number = formatRegistryNumber(format[r.register as 'incoming'], { year: r.year, seq, register: r.register as 'incoming' });
          numberEmergency(db, r.id, seq, number, { agency: cfg.agency, desk: cfg.desk }, now().toISOString());
          if (r.register === 'outgoing') renumberQueuedLetter(db, cfg, r.id, number); // only outgoing letters are sent
          return true;
        })
        .immediate();
      if (!done) break; // a later one must not get a lower number than an earlier one of its register
      s.renumbered++;
    }
  }

  function retryLater(item: OutboxItem, err: unknown, now: () => Date) {
    // unreachable: not an attempt the exchange saw; a refusal or other failure counts
    if (isUnreachable(err)) {
      db.prepare('UPDATE outbox SET last_error = ? WHERE id = ?').run((err as Error).message.slice(0, 2000), item.id);
      return;
    }
    db.transaction(() => {
      if (markFailed(db, item, now(), (err as Error).message, o.retry)) expireItems(db, [item], now().toISOString(), refusalCode(err) ?? 'too many attempts');
    }).immediate();
  }

  function bump() {
    if (progress !== null) progress = { ...progress, done: progress.done + 1 };
  }

  return {
    round() {
      if (running !== null) return running;
      running = runRound().finally(() => {
        running = null;
        progress = null;
      });
      return running;
    },
    get syncing() {
      return running !== null;
    },
    async idle() {
      if (running !== null) await running.catch(() => undefined);
    },
    get progress() {
      return progress;
    },
  };
}

/** Recipients of expired letters become `expired` (with the reason). Inside a transaction. */
function expireItems(db: Db, items: OutboxItem[], at: string, reason = 'not delivered in time'): void {
  for (const i of items) {
    if (i.kind !== 'message') continue;
    const env = (i.payload as Signed).envelope;
    if (env.kind === 'letter') {
      db.prepare("UPDATE outgoing_recipients SET state = 'expired', reason = ?, updated_at = ? WHERE message_id = ? AND state = 'queued'").run(reason, at, env.messageId);
    }
  }
}

function isUnreachable(err: unknown): boolean {
  return err instanceof AppError && err.kind === 'exchange_unreachable';
}

function errorView(err: unknown): SyncErrorView {
  if (err instanceof AppError) return { kind: err.kind, message: err.message };
  return { kind: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** The folder of partial downloads inside a data folder. */
export function partialDirOf(dataDir: string): string {
  return path.join(dataDir, 'downloads');
}
