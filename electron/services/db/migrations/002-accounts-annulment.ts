/**
 * 002: desk accounts (sign-in, roles, lockout) and annulment requests.
 *
 * - `users`: local accounts; `password_hash` is an argon2id PHC string (electron/services/auth/
 *   passwords.ts). `failed_attempts` / `locked_until` persist the lockout across restarts.
 * - `annulment_requests`: a clerk's request (reason) and a supervisor's decision (approved with the
 *   authorising reference, or refused with a reason). Rows are never deleted; a decided request
 *   cannot be decided again.
 * - `registrations.annulment_reference`: the authorising reference of an approved annulment. The
 *   annulment columns of 001 may be set once: an annulled registration cannot be un-annulled or
 *   annulled again (trigger), and its number is never given again (the counters are untouched).
 */
import type { Migration } from './index.ts';

export const migration002: Migration = {
  version: 2,
  name: 'accounts-annulment',
  sql: /* sql */ `
CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE,          -- NFKC, lower case (the sign-in key)
  display_name    TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('clerk','supervisor','admin')),
  password_hash   TEXT NOT NULL,                 -- argon2id PHC string
  disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until    TEXT,                          -- UTC ISO 8601, or NULL
  created_at      TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER users_no_delete BEFORE DELETE ON users BEGIN
  SELECT RAISE(ABORT, 'accounts are disabled, never deleted');
END;

CREATE TABLE annulment_requests (
  id              INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations (id),
  reason          TEXT NOT NULL,
  requested_by    TEXT NOT NULL,
  requested_at    TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','refused')),
  decided_by      TEXT,
  decided_at      TEXT,
  authorising_reference TEXT,                    -- approved: the supervisor's authorising reference
  refusal_reason  TEXT                           -- refused: why
) STRICT;
CREATE INDEX annulment_requests_by_status ON annulment_requests (status, id);
CREATE INDEX annulment_requests_by_registration ON annulment_requests (registration_id, id);
-- At most one open request per registration.
CREATE UNIQUE INDEX annulment_requests_one_pending ON annulment_requests (registration_id) WHERE status = 'pending';
CREATE TRIGGER annulment_requests_no_delete BEFORE DELETE ON annulment_requests BEGIN
  SELECT RAISE(ABORT, 'annulment requests are never deleted');
END;
CREATE TRIGGER annulment_requests_decided_once BEFORE UPDATE ON annulment_requests
WHEN OLD.status <> 'pending' BEGIN
  SELECT RAISE(ABORT, 'a decided annulment request cannot change');
END;

ALTER TABLE registrations ADD COLUMN annulment_reference TEXT;
CREATE TRIGGER registrations_annulled_once BEFORE UPDATE OF
  annulled, annulled_at, annulment_reason, annulment_operator, annulment_reference
ON registrations WHEN OLD.annulled = 1 BEGIN
  SELECT RAISE(ABORT, 'an annulment is final');
END;
`,
};
