/**
 * 006: the parallel period (../shared/design/domain.md, "The parallel period"; docs/parallel-period.md).
 *
 * - Registrations gain their physical documentation (paper original attached, complementary paper
 *   attached, no paper) and transport (by hand, courier, post, fax, e-mail, exchange). Existing rows
 *   are filled from their channel: electronic → no paper, by exchange; paper → paper original,
 *   transport unknown (null).
 * - A registration's channel may change once, from `paper` or `electronic` to `both`, when its twin
 *   (the same letter by the other channel) is linked to it; the immutability trigger is replaced by
 *   one that allows exactly that besides what 003 allowed.
 * - `registration_documents.role` gains `twin` (a document of the linked twin) and `continuation`
 *   (further pages of the letter scanned later); the table is rebuilt for the new CHECK.
 * - `twin_links`: each twin linked to a registration (its channel, transport, documentation, score,
 *   who confirmed it and when). `twin_refusals`: candidates a clerk said are not twins, so they are
 *   not offered again for that document.
 */
import type { Migration } from './index.ts';

export const migration006: Migration = {
  version: 6,
  name: 'parallel-period',
  sql: /* sql */ `
ALTER TABLE registrations ADD COLUMN documentation TEXT
  CHECK (documentation IN ('paper_original','complementary_paper','no_paper'));
ALTER TABLE registrations ADD COLUMN transport TEXT
  CHECK (transport IN ('by_hand','courier','post','fax','email','exchange'));
UPDATE registrations SET
  documentation = CASE channel WHEN 'electronic' THEN 'no_paper' ELSE 'paper_original' END,
  transport = CASE channel WHEN 'electronic' THEN 'exchange' ELSE NULL END;

DROP TRIGGER registrations_immutable;
CREATE TRIGGER registrations_immutable BEFORE UPDATE OF
  id, register, year, seq, registry_number, registered_at, registration_date, direction, channel,
  counterpart_code, counterpart_name, reference_number, reference_date, subject, operator,
  emergency_number, numbered_at, origin_desk, event_id, exchange_message_id
ON registrations
WHEN NOT (
  NEW.id IS OLD.id AND NEW.register IS OLD.register AND NEW.year IS OLD.year
  AND NEW.registered_at IS OLD.registered_at AND NEW.registration_date IS OLD.registration_date
  AND NEW.direction IS OLD.direction
  AND (NEW.channel IS OLD.channel OR (OLD.channel IN ('paper','electronic') AND NEW.channel = 'both'))
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

CREATE TABLE registration_documents_006 (
  registration_id INTEGER NOT NULL REFERENCES registrations (id),
  document_id     INTEGER NOT NULL REFERENCES documents (id),
  role            TEXT NOT NULL CHECK (role IN ('main','attachment','twin','continuation')),
  file_name       TEXT NOT NULL,
  position        INTEGER NOT NULL,
  PRIMARY KEY (registration_id, document_id)
) STRICT, WITHOUT ROWID;
INSERT INTO registration_documents_006 (registration_id, document_id, role, file_name, position)
  SELECT registration_id, document_id, role, file_name, position FROM registration_documents;
DROP TABLE registration_documents;
ALTER TABLE registration_documents_006 RENAME TO registration_documents;
CREATE INDEX registration_documents_by_document ON registration_documents (document_id, registration_id);

CREATE TABLE twin_links (
  id                  INTEGER PRIMARY KEY,
  registration_id     INTEGER NOT NULL REFERENCES registrations (id),
  channel             TEXT NOT NULL CHECK (channel IN ('paper','electronic')),   -- how the twin came
  transport           TEXT CHECK (transport IN ('by_hand','courier','post','fax','email','exchange')),
  document_sha256     TEXT NOT NULL CHECK (length(document_sha256) = 64),       -- the twin's main document
  exchange_message_id TEXT,                                                      -- an electronic twin's letter
  score               REAL,                                                      -- match score 0..1 when offered
  linked_at           TEXT NOT NULL,
  operator            TEXT NOT NULL,
  event_id            TEXT UNIQUE,                                               -- its journal event
  UNIQUE (registration_id, document_sha256)
) STRICT;
CREATE INDEX twin_links_by_document ON twin_links (document_sha256);

CREATE TABLE twin_refusals (
  document_sha256 TEXT NOT NULL CHECK (length(document_sha256) = 64),
  registration_id INTEGER NOT NULL REFERENCES registrations (id),
  operator        TEXT NOT NULL,
  at              TEXT NOT NULL,
  PRIMARY KEY (document_sha256, registration_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX registrations_by_counterpart_day ON registrations (counterpart_code, registration_date);
`,
};
