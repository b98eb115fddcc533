/**
 * 005: the ledger of the watched "scan to folder" directory (electron/services/scan/watch-folder.ts).
 *
 * One row per file taken from the folder, so that each file is taken exactly once across restarts
 * and repeated file-system events: looked up first by (folder, name, size, mtime) without reading
 * the file, then by the content's SHA-256 (the same scan delivered twice, under two names or under
 * one name twice). Files that failed (unreadable, encrypted…) are not written here: they stay where
 * they are and are tried again after a restart or when they change.
 */
import type { Migration } from './index.ts';

export const migration005: Migration = {
  version: 5,
  name: 'watched-files',
  sql: /* sql */ `
CREATE TABLE watched_files (
  id              INTEGER PRIMARY KEY,
  folder          TEXT NOT NULL,      -- absolute path of the watched folder
  name            TEXT NOT NULL,      -- file name inside it
  size            INTEGER NOT NULL CHECK (size >= 0),
  mtime_ms        INTEGER NOT NULL,
  sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
  outcome         TEXT NOT NULL CHECK (outcome IN ('registered','duplicate')),
  register        TEXT,
  registry_number TEXT,               -- the registration made, or the one it duplicates
  taken_at        TEXT NOT NULL,      -- UTC ISO 8601
  moved_to        TEXT                -- path after moving into registered/, when moved
) STRICT;
CREATE UNIQUE INDEX watched_files_key ON watched_files (folder, name, size, mtime_ms);
CREATE INDEX watched_files_sha256 ON watched_files (sha256);
`,
};
