/**
 * 001: the registry's first schema.
 *
 * Immutability (../shared/design/domain.md, "Registry rules") is enforced in the database as well as
 * in code: triggers refuse updates of immutable registration fields and any deletion of a
 * registration, and refuse any change to the audit log. Annulment (later) only sets the annulment
 * columns.
 */
import type { Migration } from './index.ts';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: /* sql */ `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL            -- JSON
) STRICT;

CREATE TABLE agencies (
  code            TEXT PRIMARY KEY,
  name_ar         TEXT NOT NULL,
  name_en         TEXT NOT NULL,
  aliases         TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
  connected_since TEXT,
  requires_paper  INTEGER NOT NULL DEFAULT 0,
  position        INTEGER NOT NULL
) STRICT;

-- The last sequence number given per register per (Asia/Kuwait) year.
CREATE TABLE register_counters (
  register TEXT NOT NULL,
  year     INTEGER NOT NULL,
  last_seq INTEGER NOT NULL CHECK (last_seq >= 1),
  PRIMARY KEY (register, year)
) STRICT, WITHOUT ROWID;

-- One letter entered in a register. id is dense (rowid max+1, nothing is ever deleted).
CREATE TABLE registrations (
  id                 INTEGER PRIMARY KEY,
  register           TEXT NOT NULL CHECK (register IN ('incoming','outgoing','internal')),
  year               INTEGER NOT NULL,
  seq                INTEGER NOT NULL CHECK (seq >= 1),
  registry_number    TEXT NOT NULL,
  registered_at      TEXT NOT NULL,   -- UTC ISO 8601
  registration_date  TEXT NOT NULL,   -- Asia/Kuwait calendar date YYYY-MM-DD
  direction          TEXT NOT NULL CHECK (direction IN ('incoming','outgoing','internal')),
  channel            TEXT NOT NULL CHECK (channel IN ('paper','electronic','both')),
  counterpart_code   TEXT,
  counterpart_name   TEXT NOT NULL,
  reference_number   TEXT,
  reference_date     TEXT,
  subject            TEXT NOT NULL,
  classification     TEXT NOT NULL CHECK (classification IN ('ordinary','confidential','secret')),
  priority           TEXT NOT NULL CHECK (priority IN ('normal','urgent','very_urgent')),
  attachments_count  INTEGER NOT NULL DEFAULT 0 CHECK (attachments_count >= 0),
  operator           TEXT NOT NULL,
  annulled           INTEGER NOT NULL DEFAULT 0 CHECK (annulled IN (0,1)),
  annulled_at        TEXT,
  annulment_reason   TEXT,
  annulment_operator TEXT,
  UNIQUE (register, year, seq),
  UNIQUE (register, registry_number)
) STRICT;
CREATE INDEX registrations_by_number ON registrations (registry_number);
CREATE INDEX registrations_by_register ON registrations (register, id);

CREATE TRIGGER registrations_immutable BEFORE UPDATE OF
  id, register, year, seq, registry_number, registered_at, registration_date, direction, channel,
  counterpart_code, counterpart_name, reference_number, reference_date, subject, operator
ON registrations BEGIN
  SELECT RAISE(ABORT, 'registration fields are immutable');
END;
CREATE TRIGGER registrations_no_delete BEFORE DELETE ON registrations BEGIN
  SELECT RAISE(ABORT, 'registrations are never deleted');
END;

-- A document registered at least once; the raw bytes live in the blob store under sha256.
-- A rowid table in registration order: search snippets read the text of the newest hits, which then
-- sit on neighbouring pages (a table keyed by the hash scattered them and overflowed large rows).
CREATE TABLE documents (
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  file_name   TEXT NOT NULL,
  media_type  TEXT NOT NULL,
  byte_length INTEGER NOT NULL,
  page_count  INTEGER NOT NULL,
  pages       TEXT NOT NULL,        -- JSON [{index,source,confidence}] (page metadata, no text)
  text        TEXT NOT NULL         -- raw logical-order text of all pages, separated by U+000C (form feed)
) STRICT;

CREATE TABLE registration_documents (
  registration_id INTEGER NOT NULL REFERENCES registrations (id),
  document_id     INTEGER NOT NULL REFERENCES documents (id),
  role            TEXT NOT NULL CHECK (role IN ('main','attachment')),
  file_name       TEXT NOT NULL,
  position        INTEGER NOT NULL,
  PRIMARY KEY (registration_id, document_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX registration_documents_by_document ON registration_documents (document_id, registration_id);

-- What intake read from a file (by its sha256). Not a registration; reused when the file comes again.
CREATE TABLE analyses (
  sha256          TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  file_name       TEXT NOT NULL,
  media_type      TEXT NOT NULL,
  byte_length     INTEGER NOT NULL,
  pages           TEXT NOT NULL,     -- JSON PageAnalysis[]
  suggestions     TEXT NOT NULL,     -- JSON Suggestions
  mean_confidence REAL,
  duration_ms     INTEGER NOT NULL,
  analysed_at     TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE links (
  from_id INTEGER NOT NULL REFERENCES registrations (id),
  to_id   INTEGER NOT NULL REFERENCES registrations (id),
  kind    TEXT NOT NULL CHECK (kind IN ('re_registration_of','re_registered_as')),
  at      TEXT NOT NULL,
  PRIMARY KEY (from_id, to_id, kind)
) STRICT, WITHOUT ROWID;

-- Append-only, hash-chained: hash = SHA-256 over the row's content and the previous row's hash.
CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  at              TEXT NOT NULL,
  operator        TEXT NOT NULL,
  action          TEXT NOT NULL,
  registration_id INTEGER REFERENCES registrations (id),
  details         TEXT NOT NULL,     -- JSON object
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_by_registration ON audit_log (registration_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Full-text search over normalised text (shared/text/normalise.ts); rowid = registrations.id.
-- Contentless: the raw text stays in registrations/documents, only the index is stored here.
CREATE VIRTUAL TABLE registrations_fts USING fts5(
  subject, counterpart, reference, body,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0'
);
`,
};
