/**
 * The default {@link ExchangeStore}: one SQLite file (better-sqlite3) in the exchange's data folder.
 *
 * Pragmas: WAL (readers never block the writer; the admin command works on the file while the server
 * runs), `synchronous = FULL` (an acknowledged message or granted block survives a power cut: a desk
 * that got `202` deletes its outbox entry), `busy_timeout` (the admin command and the server wait for
 * each other's write transaction instead of failing), foreign keys on. Every write is one
 * `BEGIN IMMEDIATE` transaction, so the counter read and the append are atomic.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Agency } from '../../shared/contract/directory.ts';
import type { Ack, DirectoryAgency, NumberBlockGrant } from '../../shared/exchange/api.ts';
import type { Register } from '../../shared/exchange/common.ts';
import { MIGRATIONS } from './sqlite-migrations.ts';
import type {
  AcceptResult,
  AppendResult,
  BlockRequest,
  DeskRecord,
  ExchangeStore,
  GrantResult,
  LetterRoute,
  NewJournalEvent,
  NewMessage,
  StoredJournalEvent,
  StoredMailboxItem,
  UploadRecord,
} from './store.ts';

type Db = Database.Database;

/**
 * Applies the pending migrations.
 * @throws Error when the database was written by a newer exchange (user_version above the latest).
 */
export function migrateExchangeDb(db: Db): void {
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new Error(`the exchange database is version ${current}, newer than this exchange (${latest})`);
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/**
 * Opens (creating if needed) `exchange.sqlite` in `dataDir` and migrates it.
 * @throws Error when the folder cannot be created or the database is newer than this code.
 */
export function openSqliteStore(dataDir: string): SqliteStore {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'exchange.sqlite'), { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    migrateExchangeDb(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return new SqliteStore(db);
}

interface AgencyRow {
  code: string;
  name_ar: string;
  name_en: string;
  aliases_json: string;
  public_key: string | null;
  connected_since: string | null;
  requires_paper: number;
}
interface DeskRow {
  id: string;
  agency: string;
  secret_hash: string;
  created_at: string;
}
interface MessageRow {
  id: number;
  message_id: string;
  content_hash: string;
  accepted_at: string;
  recipients_json: string;
}
interface BlockRow {
  block_id: string;
  request_id: string;
  agency: string;
  desk: string;
  register: string;
  year: number;
  size: number;
  first: number;
  last: number;
  granted_at: string;
}

function agencyOf(row: AgencyRow): DirectoryAgency {
  return {
    code: row.code,
    nameAr: row.name_ar,
    nameEn: row.name_en,
    aliases: JSON.parse(row.aliases_json) as string[],
    publicKey: row.public_key,
    connectedSince: row.connected_since,
    requiresPaper: row.requires_paper === 1,
  };
}
function deskOf(row: DeskRow): DeskRecord {
  return { id: row.id, agency: row.agency, secretHash: row.secret_hash, createdAt: row.created_at };
}
function ackOf(row: MessageRow): Ack {
  return { messageId: row.message_id, acceptedAt: row.accepted_at, recipients: JSON.parse(row.recipients_json) as string[] };
}
function grantOf(row: BlockRow): NumberBlockGrant {
  return {
    blockId: row.block_id,
    requestId: row.request_id,
    agency: row.agency,
    desk: row.desk,
    register: row.register as Register,
    year: row.year,
    first: row.first,
    last: row.last,
    grantedAt: row.granted_at,
  };
}

export class SqliteStore implements ExchangeStore {
  readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Increments and returns the next position of an agency's stream (inside the caller's transaction). */
  private nextPosition(agency: string, stream: 'mailbox' | 'journal'): number {
    const row = this.db
      .prepare(
        `INSERT INTO counters (agency, stream, last_position) VALUES (?, ?, 1)
         ON CONFLICT (agency, stream) DO UPDATE SET last_position = last_position + 1
         RETURNING last_position`,
      )
      .get(agency, stream) as { last_position: number };
    return row.last_position;
  }

  async listAgencies(): Promise<DirectoryAgency[]> {
    return (this.db.prepare('SELECT * FROM agencies ORDER BY code').all() as AgencyRow[]).map(agencyOf);
  }

  async getAgency(code: string): Promise<DirectoryAgency | null> {
    const row = this.db.prepare('SELECT * FROM agencies WHERE code = ?').get(code) as AgencyRow | undefined;
    return row ? agencyOf(row) : null;
  }

  async putAgency(a: DirectoryAgency): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO agencies (code, name_ar, name_en, aliases_json, public_key, connected_since, requires_paper)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name_ar = excluded.name_ar, name_en = excluded.name_en,
           aliases_json = excluded.aliases_json, public_key = excluded.public_key,
           connected_since = excluded.connected_since, requires_paper = excluded.requires_paper`,
      )
      .run(a.code, a.nameAr, a.nameEn, JSON.stringify(a.aliases), a.publicKey, a.connectedSince, a.requiresPaper ? 1 : 0);
  }

  async importDirectory(agencies: Agency[]): Promise<{ added: number; updated: number }> {
    let added = 0;
    let updated = 0;
    const exists = this.db.prepare('SELECT 1 FROM agencies WHERE code = ?').pluck();
    const insert = this.db.prepare(
      `INSERT INTO agencies (code, name_ar, name_en, aliases_json, public_key, connected_since, requires_paper)
       VALUES (?, ?, ?, ?, NULL, ?, ?)`,
    );
    const update = this.db.prepare(
      `UPDATE agencies SET name_ar = ?, name_en = ?, aliases_json = ?, connected_since = ?, requires_paper = ? WHERE code = ?`,
    );
    this.db
      .transaction(() => {
        for (const a of agencies) {
          const aliases = JSON.stringify(a.aliases);
          if (exists.get(a.code) === undefined) {
            insert.run(a.code, a.nameAr, a.nameEn, aliases, a.connectedSince, a.requiresPaper ? 1 : 0);
            added++;
          } else {
            update.run(a.nameAr, a.nameEn, aliases, a.connectedSince, a.requiresPaper ? 1 : 0, a.code);
            updated++;
          }
        }
      })
      .immediate();
    return { added, updated };
  }

  async addDesk(desk: DeskRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO desks (id, agency, secret_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(desk.id, desk.agency, desk.secretHash, desk.createdAt);
  }

  async getDesk(id: string): Promise<DeskRecord | null> {
    const row = this.db.prepare('SELECT * FROM desks WHERE id = ?').get(id) as DeskRow | undefined;
    return row ? deskOf(row) : null;
  }

  async listDesks(): Promise<DeskRecord[]> {
    return (this.db.prepare('SELECT * FROM desks ORDER BY agency, id').all() as DeskRow[]).map(deskOf);
  }

  async acceptMessage(m: NewMessage): Promise<AcceptResult> {
    const find = this.db.prepare(
      'SELECT id, message_id, content_hash, accepted_at, recipients_json FROM messages WHERE sender_agency = ? AND message_id = ?',
    );
    return this.db
      .transaction((): AcceptResult => {
        const existing = find.get(m.senderAgency, m.messageId) as MessageRow | undefined;
        if (existing) return existing.content_hash === m.contentHash ? { outcome: 'duplicate', ack: ackOf(existing) } : { outcome: 'conflict' };
        const recipientsJson = JSON.stringify(m.recipients);
        const { lastInsertRowid } = this.db
          .prepare(
            `INSERT INTO messages (sender_agency, sender_desk, message_id, kind, content_hash, envelope_json, signature, accepted_at, recipients_json)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(m.senderAgency, m.senderDesk, m.messageId, m.kind, m.contentHash, m.envelopeJson, m.signature, m.acceptedAt, recipientsJson);
        const rowId = Number(lastInsertRowid);
        const toMailbox = this.db.prepare('INSERT INTO mailbox (agency, position, message) VALUES (?, ?, ?)');
        const toRecipients = this.db.prepare('INSERT INTO message_recipients (message, agency) VALUES (?, ?)');
        for (const agency of m.recipients) {
          toMailbox.run(agency, this.nextPosition(agency, 'mailbox'), rowId);
          toRecipients.run(rowId, agency);
        }
        const toDocs = this.db.prepare('INSERT OR IGNORE INTO letter_documents (message, sha256) VALUES (?, ?)');
        for (const sha of m.documents) toDocs.run(rowId, sha);
        return { outcome: 'accepted', ack: { messageId: m.messageId, acceptedAt: m.acceptedAt, recipients: m.recipients } };
      })
      .immediate();
  }

  async findMessage(senderAgency: string, messageId: string): Promise<{ contentHash: string; ack: Ack } | null> {
    const row = this.db
      .prepare('SELECT id, message_id, content_hash, accepted_at, recipients_json FROM messages WHERE sender_agency = ? AND message_id = ?')
      .get(senderAgency, messageId) as MessageRow | undefined;
    return row ? { contentHash: row.content_hash, ack: ackOf(row) } : null;
  }

  async findLetters(messageId: string): Promise<LetterRoute[]> {
    const rows = this.db
      .prepare(`SELECT sender_agency, message_id, recipients_json FROM messages WHERE message_id = ? AND kind = 'letter'`)
      .all(messageId) as Array<{ sender_agency: string; message_id: string; recipients_json: string }>;
    return rows.map((r) => ({ senderAgency: r.sender_agency, messageId: r.message_id, recipients: JSON.parse(r.recipients_json) as string[] }));
  }

  async readMailbox(agency: string, after: number, limit: number): Promise<StoredMailboxItem[]> {
    const rows = this.db
      .prepare(
        `SELECT b.position, m.envelope_json, m.signature FROM mailbox b JOIN messages m ON m.id = b.message
         WHERE b.agency = ? AND b.position > ? ORDER BY b.position LIMIT ?`,
      )
      .all(agency, after, limit) as Array<{ position: number; envelope_json: string; signature: string }>;
    return rows.map((r) => ({ position: r.position, envelopeJson: r.envelope_json, signature: r.signature }));
  }

  async appendJournal(agency: string, events: NewJournalEvent[]): Promise<AppendResult> {
    const find = this.db.prepare('SELECT position, content_hash FROM journal WHERE agency = ? AND event_id = ?');
    const insert = this.db.prepare(
      'INSERT INTO journal (agency, position, event_id, desk, kind, content_hash, event_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const bumpNumber = this.db.prepare(
      `INSERT INTO journal_numbers (agency, register, year, max_seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (agency, register, year) DO UPDATE SET max_seq = max(max_seq, excluded.max_seq)`,
    );
    // A conflict must roll back the events appended before it in the same push: throw inside.
    class Conflict extends Error {
      readonly eventId: string;
      constructor(eventId: string) {
        super('event id reused');
        this.eventId = eventId;
      }
    }
    try {
      return this.db
        .transaction((): AppendResult => {
          const accepted: Array<{ eventId: string; position: number }> = [];
          for (const e of events) {
            const existing = find.get(agency, e.eventId) as { position: number; content_hash: string } | undefined;
            if (existing) {
              if (existing.content_hash !== e.contentHash) throw new Conflict(e.eventId);
              accepted.push({ eventId: e.eventId, position: existing.position });
              continue;
            }
            const position = this.nextPosition(agency, 'journal');
            insert.run(agency, position, e.eventId, e.desk, e.kind, e.contentHash, e.eventJson);
            if (e.numbered) bumpNumber.run(agency, e.numbered.register, e.numbered.year, e.numbered.seq);
            accepted.push({ eventId: e.eventId, position });
          }
          return { outcome: 'appended', accepted };
        })
        .immediate();
    } catch (err) {
      if (err instanceof Conflict) return { outcome: 'conflict', eventId: err.eventId };
      throw err;
    }
  }

  async readJournal(agency: string, after: number, limit: number): Promise<StoredJournalEvent[]> {
    const rows = this.db
      .prepare('SELECT position, event_json FROM journal WHERE agency = ? AND position > ? ORDER BY position LIMIT ?')
      .all(agency, after, limit) as Array<{ position: number; event_json: string }>;
    return rows.map((r) => ({ position: r.position, eventJson: r.event_json }));
  }

  async grantBlock(r: BlockRequest): Promise<GrantResult> {
    return this.db
      .transaction((): GrantResult => {
        const existing = this.db.prepare('SELECT * FROM number_blocks WHERE agency = ? AND request_id = ?').get(r.agency, r.requestId) as
          | BlockRow
          | undefined;
        if (existing) {
          const same = existing.desk === r.desk && existing.register === r.register && existing.year === r.year && existing.size === r.size;
          return same ? { outcome: 'repeated', grant: grantOf(existing) } : { outcome: 'conflict' };
        }
        const granted = this.db
          .prepare('SELECT max(last) FROM number_blocks WHERE agency = ? AND register = ? AND year = ?')
          .pluck()
          .get(r.agency, r.register, r.year) as number | null;
        const used = this.db
          .prepare('SELECT max_seq FROM journal_numbers WHERE agency = ? AND register = ? AND year = ?')
          .pluck()
          .get(r.agency, r.register, r.year) as number | undefined;
        const first = Math.max(granted ?? 0, used ?? 0) + 1;
        const row: BlockRow = {
          block_id: r.blockId,
          request_id: r.requestId,
          agency: r.agency,
          desk: r.desk,
          register: r.register,
          year: r.year,
          size: r.size,
          first,
          last: first + r.size - 1,
          granted_at: r.grantedAt,
        };
        this.db
          .prepare(
            `INSERT INTO number_blocks (block_id, request_id, agency, desk, register, year, size, first, last, granted_at)
             VALUES (@block_id, @request_id, @agency, @desk, @register, @year, @size, @first, @last, @granted_at)`,
          )
          .run(row);
        return { outcome: 'granted', grant: grantOf(row) };
      })
      .immediate();
  }

  async blobSize(sha256: string): Promise<number | null> {
    const size = this.db.prepare('SELECT size FROM blobs WHERE sha256 = ?').pluck().get(sha256) as number | undefined;
    return size ?? null;
  }

  async blobVisibleTo(sha256: string, agency: string): Promise<boolean> {
    const row = this.db
      .prepare(
        `SELECT 1 FROM blob_holders WHERE sha256 = @sha AND agency = @agency
         UNION ALL
         SELECT 1 FROM letter_documents d JOIN messages m ON m.id = d.message
           WHERE d.sha256 = @sha AND (m.sender_agency = @agency OR EXISTS (SELECT 1 FROM message_recipients r WHERE r.message = m.id AND r.agency = @agency))
         LIMIT 1`,
      )
      .get({ sha: sha256, agency });
    return row !== undefined;
  }

  async getUpload(agency: string, sha256: string): Promise<UploadRecord | null> {
    const length = this.db.prepare('SELECT length FROM uploads WHERE agency = ? AND sha256 = ?').pluck().get(agency, sha256) as number | undefined;
    return length === undefined ? null : { agency, sha256, length };
  }

  async putUpload(u: UploadRecord): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO uploads (agency, sha256, length) VALUES (?, ?, ?)').run(u.agency, u.sha256, u.length);
  }

  async deleteUpload(agency: string, sha256: string): Promise<void> {
    this.db.prepare('DELETE FROM uploads WHERE agency = ? AND sha256 = ?').run(agency, sha256);
  }

  async completeBlob(agency: string, sha256: string, size: number, at: string): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, completed_at) VALUES (?, ?, ?)').run(sha256, size, at);
        this.db.prepare('INSERT OR IGNORE INTO blob_holders (sha256, agency) VALUES (?, ?)').run(sha256, agency);
        this.db.prepare('DELETE FROM uploads WHERE agency = ? AND sha256 = ?').run(agency, sha256);
      })
      .immediate();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
