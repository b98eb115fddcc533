/**
 * 007: the dispatch list of paper copies (docs/parallel-period.md, "Paper copies and the dispatch
 * list"). One row per outgoing registration and recipient whose copy must also go on paper; it moves
 * to_print → printed → handed_over → delivered, each step once and in order, with who and when.
 * The triggers refuse any other change (a step skipped or undone, a row deleted, the letter or
 * recipient changed), so the list is evidence of what happened to each copy.
 */
import type { Migration } from './index.ts';

export const migration007: Migration = {
  version: 7,
  name: 'paper-dispatch',
  sql: /* sql */ `
CREATE TABLE paper_dispatch (
  id                   INTEGER PRIMARY KEY,
  registration_id      INTEGER NOT NULL REFERENCES registrations (id),
  recipient_code       TEXT NOT NULL,
  recipient_name       TEXT NOT NULL,
  role                 TEXT NOT NULL CHECK (role IN ('to','cc')),
  reason               TEXT NOT NULL CHECK (reason IN ('requires_paper','paper_follows')),
  state                TEXT NOT NULL DEFAULT 'to_print' CHECK (state IN ('to_print','printed','handed_over','delivered')),
  created_at           TEXT NOT NULL,   -- UTC ISO 8601
  created_by           TEXT NOT NULL,
  printed_at           TEXT,
  printed_by           TEXT,
  handed_over_at       TEXT,
  handed_over_by       TEXT,
  carrier              TEXT,            -- who took it
  transport            TEXT CHECK (transport IN ('by_hand','courier','post')),
  delivered_at         TEXT,
  received_by          TEXT,            -- who received it at the recipient
  delivery_recorded_by TEXT,
  note                 TEXT,
  UNIQUE (registration_id, recipient_code),
  CHECK ((state = 'to_print') = (printed_at IS NULL)),
  CHECK ((state IN ('to_print','printed')) = (handed_over_at IS NULL)),
  CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
) STRICT;
CREATE INDEX paper_dispatch_by_state ON paper_dispatch (state, id);

CREATE TRIGGER paper_dispatch_no_delete BEFORE DELETE ON paper_dispatch BEGIN
  SELECT RAISE(ABORT, 'a dispatch item is never deleted');
END;
CREATE TRIGGER paper_dispatch_forward_only BEFORE UPDATE ON paper_dispatch
WHEN NOT (
  NEW.id IS OLD.id AND NEW.registration_id IS OLD.registration_id AND NEW.recipient_code IS OLD.recipient_code
  AND NEW.recipient_name IS OLD.recipient_name AND NEW.role IS OLD.role AND NEW.reason IS OLD.reason
  AND NEW.created_at IS OLD.created_at AND NEW.created_by IS OLD.created_by
  AND (
    (OLD.state = 'to_print' AND NEW.state = 'printed' AND NEW.handed_over_at IS NULL AND NEW.delivered_at IS NULL)
    OR (OLD.state = 'printed' AND NEW.state = 'handed_over' AND NEW.printed_at IS OLD.printed_at AND NEW.printed_by IS OLD.printed_by AND NEW.delivered_at IS NULL)
    OR (OLD.state = 'handed_over' AND NEW.state = 'delivered' AND NEW.printed_at IS OLD.printed_at AND NEW.printed_by IS OLD.printed_by
        AND NEW.handed_over_at IS OLD.handed_over_at AND NEW.handed_over_by IS OLD.handed_over_by AND NEW.carrier IS OLD.carrier AND NEW.transport IS OLD.transport)
  )
)
BEGIN
  SELECT RAISE(ABORT, 'a dispatch item only moves one step forward');
END;
`,
};
