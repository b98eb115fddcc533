/**
 * Schema of the exchange's SQLite database: numbered migrations, each run in one transaction that
 * also sets `PRAGMA user_version`. Never edit a released migration; add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE agencies (
        code TEXT PRIMARY KEY,
        name_ar TEXT NOT NULL,
        name_en TEXT NOT NULL,
        aliases_json TEXT NOT NULL DEFAULT '[]',
        public_key TEXT,
        connected_since TEXT,
        requires_paper INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE desks (
        id TEXT PRIMARY KEY,
        agency TEXT NOT NULL REFERENCES agencies(code),
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      -- One counter row per agency and stream ('mailbox' | 'journal'): positions follow commit order.
      CREATE TABLE counters (
        agency TEXT NOT NULL,
        stream TEXT NOT NULL,
        last_position INTEGER NOT NULL,
        PRIMARY KEY (agency, stream)
      ) STRICT;
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        sender_agency TEXT NOT NULL,
        sender_desk TEXT NOT NULL,
        message_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        envelope_json TEXT NOT NULL,
        signature TEXT NOT NULL,
        accepted_at TEXT NOT NULL,
        recipients_json TEXT NOT NULL,
        UNIQUE (sender_agency, message_id)
      ) STRICT;
      CREATE INDEX messages_by_message_id ON messages (message_id);
      CREATE TABLE mailbox (
        agency TEXT NOT NULL,
        position INTEGER NOT NULL,
        message INTEGER NOT NULL REFERENCES messages(id),
        PRIMARY KEY (agency, position)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE letter_documents (
        message INTEGER NOT NULL REFERENCES messages(id),
        sha256 TEXT NOT NULL,
        PRIMARY KEY (message, sha256)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX letter_documents_by_sha ON letter_documents (sha256);
      CREATE TABLE message_recipients (
        message INTEGER NOT NULL REFERENCES messages(id),
        agency TEXT NOT NULL,
        PRIMARY KEY (message, agency)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE journal (
        agency TEXT NOT NULL,
        position INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        desk TEXT NOT NULL,
        kind TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        event_json TEXT NOT NULL,
        PRIMARY KEY (agency, position),
        UNIQUE (agency, event_id)
      ) STRICT;
      -- Highest sequence number used in an agency journal per register and year (number blocks start after it).
      CREATE TABLE journal_numbers (
        agency TEXT NOT NULL,
        register TEXT NOT NULL,
        year INTEGER NOT NULL,
        max_seq INTEGER NOT NULL,
        PRIMARY KEY (agency, register, year)
      ) STRICT;
      CREATE TABLE number_blocks (
        block_id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        agency TEXT NOT NULL,
        desk TEXT NOT NULL,
        register TEXT NOT NULL,
        year INTEGER NOT NULL,
        size INTEGER NOT NULL,
        first INTEGER NOT NULL,
        last INTEGER NOT NULL,
        granted_at TEXT NOT NULL,
        UNIQUE (agency, request_id)
      ) STRICT;
      CREATE INDEX number_blocks_by_register ON number_blocks (agency, register, year, last);
      CREATE TABLE blobs (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        completed_at TEXT NOT NULL
      ) STRICT;
      -- Agencies that proved they hold a blob by uploading all its bytes.
      CREATE TABLE blob_holders (
        sha256 TEXT NOT NULL REFERENCES blobs(sha256),
        agency TEXT NOT NULL,
        PRIMARY KEY (sha256, agency)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE uploads (
        agency TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        length INTEGER NOT NULL,
        PRIMARY KEY (agency, sha256)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];
