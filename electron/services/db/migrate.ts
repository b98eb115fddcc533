/**
 * Numbered migrations applied in one transaction, tracked by `PRAGMA user_version`.
 * An app never opens a database newer than itself (../shared/design/style.md, item 4).
 */
import { AppError } from '../../../shared/errors.ts';
import type { Db } from './open.ts';
import { MIGRATIONS } from './migrations/index.ts';

/** The schema version this build writes: the number of the last migration. */
export const LATEST_VERSION = MIGRATIONS.length;

/**
 * @returns the database's schema version.
 * @throws AppError('database_too_new') when it is above what this build knows.
 */
export function assertNotTooNew(db: Db): number {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > LATEST_VERSION) {
    throw new AppError('database_too_new', `the database is version ${version}; this Registry Desk knows up to ${LATEST_VERSION}`, {
      version,
      supported: LATEST_VERSION,
    });
  }
  return version;
}

/**
 * Brings `db` to {@link LATEST_VERSION} (or `target`), all pending migrations in one
 * `BEGIN IMMEDIATE` transaction: a failure leaves the file at its old version.
 * @returns the version before and after.
 * @throws AppError('database_too_new') when `user_version` is above what this build knows.
 */
export function migrate(db: Db, target: number = LATEST_VERSION): { from: number; to: number } {
  const run = db.transaction(() => {
    const from = assertNotTooNew(db);
    for (let v = from + 1; v <= target; v++) {
      const m = MIGRATIONS[v - 1];
      if (m === undefined || m.version !== v) throw new Error(`migration ${v} is missing or misnumbered`);
      db.exec(m.sql);
      db.pragma(`user_version = ${v}`); // v is an integer from code, not input
    }
    return { from, to: Math.max(from, target) };
  });
  return run.immediate();
}
