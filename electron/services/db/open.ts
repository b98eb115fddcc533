/**
 * Opening the desk's SQLite database (better-sqlite3 13, Node 22 / Electron).
 *
 * Pragmas, and why:
 * - `journal_mode = WAL`: readers (search, the register view) never block the one writer.
 * - `synchronous = FULL`: a committed registration survives a power cut. A registry number may be
 *   printed on the stamp the moment the commit returns; with NORMAL a power loss could roll back the
 *   last commits and the same number would be given again to another letter. Registrations are
 *   human-paced, so the extra fsync of the WAL per commit costs nothing anyone notices.
 * - `foreign_keys = ON`: documents, links and audit rows must point at real registrations.
 * - `busy_timeout = 5000`: two processes (desktop app and CLI) share one file; a writer waits for the
 *   other's `BEGIN IMMEDIATE` rather than failing at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import { assertNotTooNew, migrate } from './migrate.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open without applying migrations (tests of a migration seed an older shape first). */
  migrate?: boolean;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the database at `file`, sets the pragmas above and migrates it to the
 * latest version.
 * @throws AppError('database_too_new') when the file was written by a newer Registry Desk;
 *         AppError('storage_failed') when the folder or file cannot be opened.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  let db: Db;
  try {
    if (opts.readonly !== true) fs.mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file, { readonly: opts.readonly === true, timeout: 5000 });
  } catch (err) {
    throw new AppError('storage_failed', `cannot open the database ${file}: ${(err as Error).message}`);
  }
  try {
    assertNotTooNew(db); // before any pragma that writes to the file
    if (opts.readonly !== true) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (opts.migrate !== false && opts.readonly !== true) migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
