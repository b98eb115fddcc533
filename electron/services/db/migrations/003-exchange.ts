/**
 * 003: the central exchange, desk side (docs/exchange-protocol.md, "Desk side").
 *
 * - `exchange_config`: the desk's identity and credentials (one row). The secret and the agency's
 *   private key are stored in the database file, which is the desk's own and as sensitive as the
 *   credentials file it was imported from; an OS key store can replace this later.
 * - `outbox`: everything to send (uploads, signed messages, journal events), written in the same
 *   transaction as the change it carries; retried with back-off until acknowledged or expired.
 * - `inbox`, `cursors`: letters pulled from the mailbox; the positions read so far.
 * - `number_blocks`, `number_block_requests`, `emergency_counters`: numbers granted by the exchange,
 *   block requests in flight (retried with the same request id), emergency numbers of this desk.
 * - `outgoing_recipients`: the status of each recipient of a letter this agency sent.
 * - `duplicate_flags`: pairs of registrations that look like one letter registered twice.
 * - `journal_seen`: journal events already applied (idempotence by event id).
 *
 * Registrations gain their origin desk, journal event id, exchange message id, and the emergency
 * number. An emergency registration is inserted with the emergency number as its registry number
 * and a placeholder `seq` (1 000 000 000 + its id, outside any real sequence, so the
 * (register, year, seq) key stays unique); it gets its ordinary number exactly once: the
 * immutability trigger is replaced by one that allows that single change (registry number and seq,
 * with `numbered_at` going from null to a time) and nothing else, and lets the origin desk, event id
 * and exchange message id be set only from null. The emergency number itself never changes.
 */
import type { Migration } from './index.ts';

export const migration003: Migration = {
  version: 3,
  name: 'exchange',
  sql: /* sql */ `
ALTER TABLE registrations ADD COLUMN emergency_number TEXT;
ALTER TABLE registrations ADD COLUMN numbered_at TEXT;          -- when an emergency registration got its ordinary number
ALTER TABLE registrations ADD COLUMN origin_desk TEXT;          -- the desk that registered it (null: this desk, never connected)
ALTER TABLE registrations ADD COLUMN event_id TEXT;             -- its registration.created journal event
ALTER TABLE registrations ADD COLUMN exchange_message_id TEXT;  -- the letter it came from or went out as
CREATE UNIQUE INDEX registrations_by_emergency_number ON registrations (emergency_number) WHERE emergency_number IS NOT NULL;
CREATE UNIQUE INDEX registrations_by_event ON registrations (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX registrations_by_message ON registrations (exchange_message_id) WHERE exchange_message_id IS NOT NULL;
CREATE INDEX registrations_by_reference ON registrations (counterpart_code, reference_number, reference_date) WHERE reference_number IS NOT NULL;

DROP TRIGGER registrations_immutable;
CREATE TRIGGER registrations_immutable BEFORE UPDATE OF
  id, register, year, seq, registry_number, registered_at, registration_date, direction, channel,
  counterpart_code, counterpart_name, reference_number, reference_date, subject, operator,
  emergency_number, numbered_at, origin_desk, event_id, exchange_message_id
ON registrations
WHEN NOT (
  NEW.id IS OLD.id AND NEW.register IS OLD.register AND NEW.year IS OLD.year
  AND NEW.registered_at IS OLD.registered_at AND NEW.registration_date IS OLD.registration_date
  AND NEW.direction IS OLD.direction AND NEW.channel IS OLD.channel
  AND NEW.counterpart_code IS OLD.counterpart_code AND NEW.counterpart_name IS OLD.counterpart_name
  AND NEW.reference_number IS OLD.reference_number AND NEW.reference_date IS OLD.reference_date
  AND NEW.subject IS OLD.subject AND NEW.operator IS OLD.operator
  AND NEW.emergency_number IS OLD.emergency_number
  AND (OLD.origin_desk IS NULL OR NEW.origin_desk IS OLD.origin_desk)
  AND (OLD.event_id IS NULL OR NEW.event_id IS OLD.event_id)
  AND (OLD.exchange_message_id IS NULL OR NEW.exchange_message_id IS OLD.exchange_message_id)
  AND (
    (NEW.registry_number IS OLD.registry_number AND NEW.seq IS OLD.seq AND NEW.numbered_at IS OLD.numbered_at)
    OR (OLD.emergency_number IS NOT NULL AND OLD.numbered_at IS NULL AND NEW.numbered_at IS NOT NULL
        AND OLD.registry_number = OLD.emergency_number AND NEW.registry_number <> OLD.emergency_number
        AND NEW.seq < 1000000000)
  )
)
BEGIN
  SELECT RAISE(ABORT, 'registration fields are immutable');
END;

CREATE TABLE exchange_config (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  url             TEXT NOT NULL,
  agency          TEXT NOT NULL,
  desk            TEXT NOT NULL,
  credentials     TEXT NOT NULL,      -- JSON: the desk credentials file (a secret, see above)
  connected_at    TEXT NOT NULL,
  clock_offset_ms INTEGER NOT NULL DEFAULT 0,   -- exchange time minus desk time, measured at sync
  clock_measured_at TEXT,
  directory_etag  TEXT,
  online          INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0,1)),
  last_sync_at    TEXT,
  last_error      TEXT                -- JSON {kind, message} of the last failed round, or null
) STRICT;

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('upload','message','event')),
  key             TEXT NOT NULL UNIQUE,   -- 'upload:<sha256>', 'message:<messageId>', 'event:<eventId>'
  payload         TEXT NOT NULL,          -- JSON
  registration_id INTEGER REFERENCES registrations (id),
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  expires_at      TEXT,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','expired')),
  last_error      TEXT,
  done_at         TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (state, kind, next_attempt_at, id);

CREATE TABLE inbox (
  message_id      TEXT PRIMARY KEY,
  position        INTEGER NOT NULL,
  sender_agency   TEXT NOT NULL,
  sender_desk     TEXT NOT NULL,
  envelope        TEXT NOT NULL,          -- JSON, as signed
  signature       TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new','registered','rejected','forwarded')),
  registration_id INTEGER REFERENCES registrations (id),
  settled_at      TEXT,
  settled_by      TEXT,                   -- desk id
  settlement      TEXT                    -- JSON: reason or forward target
) STRICT;
CREATE INDEX inbox_by_state ON inbox (state, received_at);
CREATE INDEX inbox_by_received ON inbox (received_at);

CREATE TABLE cursors (
  name     TEXT PRIMARY KEY CHECK (name IN ('mailbox','journal')),
  position INTEGER NOT NULL
) STRICT;

CREATE TABLE journal_seen (
  event_id TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  kind     TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE number_blocks (
  block_id   TEXT PRIMARY KEY,
  register   TEXT NOT NULL,
  year       INTEGER NOT NULL,
  first      INTEGER NOT NULL CHECK (first >= 1),
  last       INTEGER NOT NULL CHECK (last >= first),
  next       INTEGER NOT NULL,            -- the next number to give; > last when used up
  granted_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX number_blocks_open ON number_blocks (register, year, first);

CREATE TABLE number_block_requests (
  request_id TEXT PRIMARY KEY,
  register   TEXT NOT NULL,
  year       INTEGER NOT NULL,
  size       INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (register, year)
) STRICT;

CREATE TABLE emergency_counters (
  desk     TEXT NOT NULL,
  year     INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (desk, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE outgoing_recipients (
  message_id        TEXT NOT NULL,
  registration_id   INTEGER NOT NULL REFERENCES registrations (id),
  agency            TEXT NOT NULL,
  role              TEXT NOT NULL CHECK (role IN ('to','cc')),
  state             TEXT NOT NULL CHECK (state IN ('queued','sent','acknowledged','registered','rejected','forwarded','expired')),
  registry_number   TEXT,
  registration_date TEXT,
  reason            TEXT,
  forwarded_to      TEXT,
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (message_id, agency)
) STRICT, WITHOUT ROWID;
CREATE INDEX outgoing_recipients_by_registration ON outgoing_recipients (registration_id);

CREATE TABLE duplicate_flags (
  id          INTEGER PRIMARY KEY,
  a_id        INTEGER NOT NULL REFERENCES registrations (id),
  b_id        INTEGER NOT NULL REFERENCES registrations (id),
  reason      TEXT NOT NULL CHECK (reason IN ('same_document','same_reference')),
  flagged_at  TEXT NOT NULL,
  resolution  TEXT CHECK (resolution IN ('distinct','duplicate')),
  resolved_at TEXT,
  resolved_by TEXT,
  UNIQUE (a_id, b_id, reason)
) STRICT;
`,
};
