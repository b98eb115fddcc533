/**
 * Registry numbers: sequential per register per year, the year being the Asia/Kuwait year of the
 * registration instant (../shared/design/domain.md, "Registry rules"). A number is taken only by
 * {@link allocateSeq} inside the registration's write transaction, so a rollback (validation
 * failure, error, crash) gives it back; {@link peekSeq} consumes nothing.
 */
import type { Db } from '../db/open.ts';

/** The agency's time zone: Kuwait, UTC+3, no daylight saving. */
export const AGENCY_TIME_ZONE = 'Asia/Kuwait';

/** The next sequence number of `register` in `year`, without taking it (previews, dry runs). */
export function peekSeq(db: Db, register: string, year: number): number {
  const r = db.prepare('SELECT last_seq FROM register_counters WHERE register = ? AND year = ?').get(register, year) as { last_seq: number } | undefined;
  return (r?.last_seq ?? 0) + 1;
}

/**
 * Takes the next sequence number of `register` in `year` (the first of a year is 1). Call only
 * inside a `BEGIN IMMEDIATE` transaction that also writes the registration.
 */
export function allocateSeq(db: Db, register: string, year: number): number {
  const r = db
    .prepare(
      `INSERT INTO register_counters (register, year, last_seq) VALUES (?, ?, 1)
       ON CONFLICT (register, year) DO UPDATE SET last_seq = last_seq + 1
       RETURNING last_seq`,
    )
    .get(register, year) as { last_seq: number };
  return r.last_seq;
}
