/**
 * The desk's sync state in its database (migration 003): the exchange configuration, the outbox,
 * the cursors. Every function runs on the caller's connection and, where it writes, inside the
 * caller's transaction, so sync state commits with the change it describes
 * (../shared/design/style.md, item 6).
 */
import type { Db } from '../db/open.ts';
import { deskCredentialsSchema, type DeskCredentials, type DirectoryAgency } from '../../../shared/exchange/index.ts';
import type { SyncErrorView } from '../../../shared/contract/index.ts';

export interface ExchangeConfig {
  url: string;
  agency: string;
  desk: string;
  credentials: DeskCredentials;
  connectedAt: string;
  /** Exchange clock minus desk clock, milliseconds, as last measured. */
  clockOffsetMs: number;
  clockMeasuredAt: string | null;
  directoryEtag: string | null;
  online: boolean;
  lastSyncAt: string | null;
  lastError: SyncErrorView | null;
}

interface ConfigRow {
  url: string;
  agency: string;
  desk: string;
  credentials: string;
  connected_at: string;
  clock_offset_ms: number;
  clock_measured_at: string | null;
  directory_etag: string | null;
  online: number;
  last_sync_at: string | null;
  last_error: string | null;
}

/** The stored configuration, or null on a desk not connected to an exchange. */
export function getConfig(db: Db): ExchangeConfig | null {
  const r = db.prepare('SELECT * FROM exchange_config WHERE id = 1').get() as ConfigRow | undefined;
  if (r === undefined) return null;
  const creds = deskCredentialsSchema.safeParse(JSON.parse(r.credentials));
  if (!creds.success) return null;
  return {
    url: r.url,
    agency: r.agency,
    desk: r.desk,
    credentials: creds.data,
    connectedAt: r.connected_at,
    clockOffsetMs: r.clock_offset_ms,
    clockMeasuredAt: r.clock_measured_at,
    directoryEtag: r.directory_etag,
    online: r.online === 1,
    lastSyncAt: r.last_sync_at,
    lastError: r.last_error === null ? null : (JSON.parse(r.last_error) as SyncErrorView),
  };
}

/** Stores credentials (replacing any earlier ones; the clock offset and cursors are kept for the same agency). */
export function putConfig(db: Db, c: DeskCredentials, at: string): void {
  db.prepare(
    `INSERT INTO exchange_config (id, url, agency, desk, credentials, connected_at, online) VALUES (1, ?, ?, ?, ?, ?, 1)
     ON CONFLICT (id) DO UPDATE SET url = excluded.url, agency = excluded.agency, desk = excluded.desk,
       credentials = excluded.credentials, connected_at = excluded.connected_at, online = 1, last_error = NULL`,
  ).run(c.exchangeUrl, c.agency, c.desk, JSON.stringify(c), at);
}

export function deleteConfig(db: Db): void {
  db.prepare('DELETE FROM exchange_config').run();
}

export function setClockOffset(db: Db, offsetMs: number, at: string): void {
  db.prepare('UPDATE exchange_config SET clock_offset_ms = ?, clock_measured_at = ? WHERE id = 1').run(Math.round(offsetMs), at);
}

export function setRoundOutcome(db: Db, o: { online: boolean; lastSyncAt?: string; lastError: SyncErrorView | null }): void {
  db.prepare('UPDATE exchange_config SET online = ?, last_sync_at = coalesce(?, last_sync_at), last_error = ? WHERE id = 1').run(
    o.online ? 1 : 0,
    o.lastSyncAt ?? null,
    o.lastError === null ? null : JSON.stringify(o.lastError),
  );
}

// ---------------------------------------------------------------- directory cache

const DIRECTORY_KEY = 'exchange.directory';

/** The exchange directory as last fetched (agencies with public keys); kept in `settings` under its own key. */
export function getExchangeDirectory(db: Db): DirectoryAgency[] {
  const v = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(DIRECTORY_KEY) as string | undefined;
  return v === undefined ? [] : (JSON.parse(v) as DirectoryAgency[]);
}

export function putExchangeDirectory(db: Db, agencies: DirectoryAgency[], etag: string | null): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DIRECTORY_KEY, JSON.stringify(agencies));
  db.prepare('UPDATE exchange_config SET directory_etag = ? WHERE id = 1').run(etag);
}

// ---------------------------------------------------------------- cursors

export function getCursor(db: Db, name: 'mailbox' | 'journal'): number {
  return (db.prepare('SELECT position FROM cursors WHERE name = ?').pluck().get(name) as number | undefined) ?? 0;
}

/** Moves a cursor forward (never back). */
export function advanceCursor(db: Db, name: 'mailbox' | 'journal', position: number): void {
  db.prepare('INSERT INTO cursors (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = max(position, excluded.position)').run(name, position);
}

// ---------------------------------------------------------------- outbox

export type OutboxKind = 'upload' | 'message' | 'event';

export interface OutboxItem {
  id: number;
  kind: OutboxKind;
  key: string;
  payload: unknown;
  registrationId: number | null;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  expiresAt: string | null;
  lastError: string | null;
}

/** Retry policy of outbox items. */
export interface RetryPolicy {
  /** First back-off, milliseconds (doubles per failed attempt). */
  baseDelayMs: number;
  /** Longest back-off, milliseconds. */
  maxDelayMs: number;
  /** Failed attempts (the exchange was reached and the item still failed) before the item expires. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 2_000, maxDelayMs: 10 * 60_000, maxAttempts: 12 };

/**
 * Adds an item unless one with the same key exists (a message keeps its id on every retry).
 * @returns true when added.
 */
export function enqueue(db: Db, item: { kind: OutboxKind; key: string; payload: unknown; registrationId?: number | null; at: string; expiresAt?: string | null }): boolean {
  const r = db
    .prepare(
      `INSERT INTO outbox (kind, key, payload, registration_id, created_at, next_attempt_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO NOTHING`,
    )
    .run(item.kind, item.key, JSON.stringify(item.payload), item.registrationId ?? null, item.at, item.at, item.expiresAt ?? null);
  return r.changes === 1;
}

interface OutboxRow {
  id: number;
  kind: OutboxKind;
  key: string;
  payload: string;
  registration_id: number | null;
  created_at: string;
  attempts: number;
  next_attempt_at: string;
  expires_at: string | null;
  last_error: string | null;
}

function toItem(r: OutboxRow): OutboxItem {
  return {
    id: r.id,
    kind: r.kind,
    key: r.key,
    payload: JSON.parse(r.payload) as unknown,
    registrationId: r.registration_id,
    createdAt: r.created_at,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    expiresAt: r.expires_at,
    lastError: r.last_error,
  };
}

/**
 * Pending items of a kind whose next attempt is due, oldest first, at most `limit`. An item never
 * attempted is always due: it was stamped with the desk's time when it was made, which may have run
 * ahead of the exchange's while offline (the offset is measured again on reconnection).
 */
export function dueItems(db: Db, kind: OutboxKind, now: string, limit: number): OutboxItem[] {
  return (
    db.prepare("SELECT * FROM outbox WHERE state = 'pending' AND kind = ? AND (attempts = 0 OR next_attempt_at <= ?) ORDER BY id LIMIT ?").all(kind, now, limit) as OutboxRow[]
  ).map(toItem);
}

export function pendingItem(db: Db, key: string): OutboxItem | null {
  const r = db.prepare("SELECT * FROM outbox WHERE key = ? AND state = 'pending'").get(key) as OutboxRow | undefined;
  return r === undefined ? null : toItem(r);
}

/** The exchange acknowledged the item. */
export function markDone(db: Db, id: number, at: string): void {
  db.prepare("UPDATE outbox SET state = 'done', done_at = ?, last_error = NULL WHERE id = ? AND state = 'pending'").run(at, id);
}

/**
 * One failed attempt: back-off doubles from `baseDelayMs` up to `maxDelayMs`; after `maxAttempts`,
 * or past its expiry, the item is expired.
 * @returns true when the item is now expired.
 */
export function markFailed(db: Db, item: OutboxItem, now: Date, error: string, policy: RetryPolicy): boolean {
  const attempts = item.attempts + 1;
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempts - 1, 30));
  const expired = attempts >= policy.maxAttempts || (item.expiresAt !== null && now.toISOString() >= item.expiresAt);
  db.prepare('UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, state = ? WHERE id = ?').run(
    attempts,
    new Date(now.getTime() + delay).toISOString(),
    error.slice(0, 2000),
    expired ? 'expired' : 'pending',
    item.id,
  );
  return expired;
}

/** Marks an item expired at once (a refusal that no retry can fix). */
export function markExpired(db: Db, id: number, error: string): void {
  db.prepare("UPDATE outbox SET state = 'expired', last_error = ? WHERE id = ?").run(error.slice(0, 2000), id);
}

/** Pending items past their expiry instant: expired now. @returns them (before the change). */
export function expireOverdue(db: Db, now: string): OutboxItem[] {
  const rows = (db.prepare("SELECT * FROM outbox WHERE state = 'pending' AND expires_at IS NOT NULL AND expires_at <= ?").all(now) as OutboxRow[]).map(toItem);
  const up = db.prepare("UPDATE outbox SET state = 'expired', last_error = coalesce(last_error, 'expired: not delivered in time') WHERE id = ?");
  for (const r of rows) up.run(r.id);
  return rows;
}

/** Items not yet acknowledged by the exchange. */
export function waitingCount(db: Db): number {
  return db.prepare("SELECT count(*) FROM outbox WHERE state = 'pending'").pluck().get() as number;
}
