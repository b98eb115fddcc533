/**
 * 004: the sealed daily register, declared number gaps, departments and routing (follow-up), reply
 * links, and the indexes the daily register and the dashboard read.
 *
 * - `daily_seals`: one row per sealed Asia/Kuwait day, in calendar order without holes
 *   (`position` 1, 2, …). `hash` = SHA-256 over the previous row's hash, the day and the SHA-256 of
 *   the day's canonical content (electron/services/reports/daily-seal.ts). Rows can never change or
 *   go (triggers), so a sealed day stays sealed.
 * - `register_gaps`: numbers of a register a supervisor declares as never given (e.g. lost with an
 *   older system), with the reason; shown in the daily register of the day of declaration. Never
 *   changed or deleted.
 * - `departments`: the internal departments letters are routed to (admin-edited list).
 * - `routings`: the current routing of a registration (department, due date); every change is an
 *   audit event. `done_at` closes the follow-up (e.g. a reply was linked).
 * - `links`: rebuilt to allow the kinds `reply_to` / `replied_by` (SQLite cannot alter a CHECK).
 */
import type { Migration } from './index.ts';

export const migration004: Migration = {
  version: 4,
  name: 'daily-routing',
  sql: /* sql */ `
CREATE TABLE daily_seals (
  day            TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  position       INTEGER NOT NULL UNIQUE CHECK (position >= 1),
  registrations  INTEGER NOT NULL CHECK (registrations >= 0),
  content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
  prev_hash      TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash           TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
  sealed_at      TEXT NOT NULL,      -- UTC ISO 8601
  sealed_by      TEXT NOT NULL,
  automatic      INTEGER NOT NULL CHECK (automatic IN (0,1))
) STRICT;
CREATE TRIGGER daily_seals_no_update BEFORE UPDATE ON daily_seals BEGIN
  SELECT RAISE(ABORT, 'a sealed day is immutable');
END;
CREATE TRIGGER daily_seals_no_delete BEFORE DELETE ON daily_seals BEGIN
  SELECT RAISE(ABORT, 'a sealed day is immutable');
END;

CREATE TABLE register_gaps (
  id          INTEGER PRIMARY KEY,
  register    TEXT NOT NULL CHECK (register IN ('incoming','outgoing','internal')),
  year        INTEGER NOT NULL,
  from_seq    INTEGER NOT NULL CHECK (from_seq >= 1),
  to_seq      INTEGER NOT NULL CHECK (to_seq >= from_seq),
  reason      TEXT NOT NULL CHECK (length(reason) >= 1),
  day         TEXT NOT NULL,        -- Asia/Kuwait day of the declaration
  declared_at TEXT NOT NULL,        -- UTC ISO 8601
  declared_by TEXT NOT NULL
) STRICT;
CREATE INDEX register_gaps_by_day ON register_gaps (day, id);
CREATE TRIGGER register_gaps_no_update BEFORE UPDATE ON register_gaps BEGIN
  SELECT RAISE(ABORT, 'a declared gap is immutable');
END;
CREATE TRIGGER register_gaps_no_delete BEFORE DELETE ON register_gaps BEGIN
  SELECT RAISE(ABORT, 'a declared gap is immutable');
END;

CREATE TABLE departments (
  code     TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 32),
  name_ar  TEXT NOT NULL,
  name_en  TEXT NOT NULL,
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  position INTEGER NOT NULL
) STRICT;

CREATE TABLE routings (
  registration_id INTEGER PRIMARY KEY REFERENCES registrations (id),
  department_code TEXT NOT NULL REFERENCES departments (code),
  due_date        TEXT,             -- Asia/Kuwait calendar date YYYY-MM-DD
  note            TEXT,
  routed_at       TEXT NOT NULL,    -- first routing, UTC ISO 8601
  routed_by       TEXT NOT NULL,
  changed_at      TEXT NOT NULL,    -- last change
  changed_by      TEXT NOT NULL,
  done_at         TEXT,
  done_by         TEXT
) STRICT;
CREATE INDEX routings_open_by_due ON routings (due_date, registration_id) WHERE done_at IS NULL;
CREATE INDEX routings_by_department ON routings (department_code, due_date);
CREATE TRIGGER routings_no_delete BEFORE DELETE ON routings BEGIN
  SELECT RAISE(ABORT, 'a routing is changed, never deleted');
END;

CREATE TABLE links_v4 (
  from_id INTEGER NOT NULL REFERENCES registrations (id),
  to_id   INTEGER NOT NULL REFERENCES registrations (id),
  kind    TEXT NOT NULL CHECK (kind IN ('re_registration_of','re_registered_as','reply_to','replied_by')),
  at      TEXT NOT NULL,
  PRIMARY KEY (from_id, to_id, kind)
) STRICT, WITHOUT ROWID;
INSERT INTO links_v4 (from_id, to_id, kind, at) SELECT from_id, to_id, kind, at FROM links;
DROP TABLE links;
ALTER TABLE links_v4 RENAME TO links;

-- The daily register lists a day in number order per register.
CREATE INDEX registrations_by_day ON registrations (registration_date, register, seq);
-- Dashboard volumes by day, direction and channel read this index only (covering).
CREATE INDEX registrations_day_volume ON registrations (registration_date, direction, channel);
-- The backlog counts open (not annulled) incoming letters.
CREATE INDEX registrations_open_incoming ON registrations (id) WHERE direction = 'incoming' AND annulled = 0;
-- Annulments of a day.
CREATE INDEX registrations_annulled_at ON registrations (annulled_at) WHERE annulled = 1;
-- Audit events of a day (corrections in the daily register).
CREATE INDEX audit_by_at ON audit_log (at);
`,
};
