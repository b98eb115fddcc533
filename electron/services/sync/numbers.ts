/**
 * Registry numbers across the desks of one agency (../shared/design/domain.md, "Registry rules";
 * docs/registry.md, "Numbering across desks").
 *
 * - A desk connected to the exchange takes numbers from the blocks the exchange granted it, lowest
 *   first. It asks for a new block when fewer than a quarter of a block is left.
 * - With no number left (offline, or never granted one) it gives an emergency number
 *   `ط-{desk}-{year}/{n}` (n per desk and year, across registers), visibly different; each later gets
 *   an ordinary number from a block, in registration order ({@link reconcileEmergency}); both stay.
 * - A desk never connected keeps the local counters (this source answers null).
 * The year is the caller's: the registration instant on the exchange-corrected clock.
 */
import type { Db } from '../db/open.ts';
import type { AllocatedNumber, NumberSource } from '../registry/index.ts';
import { formatRegistryNumber } from '../../../shared/registry/number-format.ts';
import type { Register } from '../../../shared/exchange/index.ts';

/** Placeholder `seq` of an emergency registration: above any real sequence (migration 003). */
export const EMERGENCY_SEQ_BASE = 1_000_000_000;
/** The prefix that makes an emergency number visibly different (طوارئ, emergency). */
export const EMERGENCY_PREFIX = 'ط';

/** `ط-{desk}-{year}/{n}`. */
export function emergencyNumber(desk: string, year: number, n: number): string {
  return `${EMERGENCY_PREFIX}-${desk}-${year}/${n}`;
}

function connectedDesk(db: Db): string | null {
  return (db.prepare('SELECT desk FROM exchange_config WHERE id = 1').pluck().get() as string | undefined) ?? null;
}

interface BlockRow {
  block_id: string;
  register: string;
  year: number;
  first: number;
  last: number;
  next: number;
}

function openBlock(db: Db, register: string, year: number): BlockRow | null {
  return (
    (db.prepare('SELECT * FROM number_blocks WHERE register = ? AND year = ? AND next <= last ORDER BY first LIMIT 1').get(register, year) as BlockRow | undefined) ?? null
  );
}

/**
 * Takes the next number of a granted block, or null when none is left. Inside a write transaction.
 * Keeps the local counter at the highest number used, so a desk later disconnected continues above it.
 */
export function takeBlockNumber(db: Db, register: string, year: number): number | null {
  const b = openBlock(db, register, year);
  if (b === null) return null;
  db.prepare('UPDATE number_blocks SET next = next + 1 WHERE block_id = ?').run(b.block_id);
  bumpCounter(db, register, year, b.next);
  return b.next;
}

/** Raises the local counter of (register, year) to at least `seq`. */
export function bumpCounter(db: Db, register: string, year: number, seq: number): void {
  db.prepare(
    `INSERT INTO register_counters (register, year, last_seq) VALUES (?, ?, ?)
     ON CONFLICT (register, year) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)`,
  ).run(register, year, seq);
}

/** The number source of a desk: blocks, then emergency numbers; null (local counters) when not connected. */
export function createNumberSource(): NumberSource {
  return {
    take(db, register, year, format): AllocatedNumber | null {
      const desk = connectedDesk(db);
      if (desk === null) return null;
      const seq = takeBlockNumber(db, register, year);
      if (seq !== null) return { seq, registryNumber: formatRegistryNumber(format, { year, seq, register: register as Register }), emergencyNumber: null };
      const n = db
        .prepare(
          `INSERT INTO emergency_counters (desk, year, last_seq) VALUES (?, ?, 1)
           ON CONFLICT (desk, year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
        )
        .pluck()
        .get(desk, year) as number;
      const number = emergencyNumber(desk, year, n);
      return { seq: placeholderSeq(db), registryNumber: number, emergencyNumber: number };
    },
    peek(db, register, year, format) {
      const desk = connectedDesk(db);
      if (desk === null) return null;
      const b = openBlock(db, register, year);
      if (b !== null) return formatRegistryNumber(format, { year, seq: b.next, register: register as Register });
      const n = (db.prepare('SELECT last_seq FROM emergency_counters WHERE desk = ? AND year = ?').pluck().get(desk, year) as number | undefined) ?? 0;
      return emergencyNumber(desk, year, n + 1);
    },
  };
}

/** A `seq` unique in (register, year) for a registration that has no ordinary number yet. */
export function placeholderSeq(db: Db): number {
  return EMERGENCY_SEQ_BASE + ((db.prepare('SELECT coalesce(max(id), 0) + 1 FROM registrations').pluck().get() as number));
}

/** Numbers left per register and year in this desk's blocks. */
export function remainingByBlock(db: Db): Array<{ register: string; year: number; remaining: number }> {
  return db
    .prepare('SELECT register, year, sum(last - next + 1) AS remaining FROM number_blocks WHERE next <= last GROUP BY register, year ORDER BY year, register')
    .all() as Array<{ register: string; year: number; remaining: number }>;
}

/** Emergency registrations of this desk still without an ordinary number, per register and year. */
export function emergencyPendingBy(db: Db, desk: string): Array<{ register: string; year: number; count: number }> {
  return db
    .prepare(
      `SELECT register, year, count(*) AS count FROM registrations
       WHERE emergency_number IS NOT NULL AND numbered_at IS NULL AND origin_desk = ? GROUP BY register, year`,
    )
    .all(desk) as Array<{ register: string; year: number; count: number }>;
}

export function emergencyPendingCount(db: Db): number {
  return db.prepare('SELECT count(*) FROM registrations WHERE emergency_number IS NOT NULL AND numbered_at IS NULL').pluck().get() as number;
}

/**
 * Gives the ordinary number to a registration that has only its emergency number: registry number
 * and seq change once (the trigger allows exactly this), the emergency number stays, the search
 * index gets both. Inside a write transaction.
 * @returns false when it already has one.
 */
export function applyOrdinaryNumber(db: Db, registrationId: number, seq: number, registryNumber: string, at: string): boolean {
  const r = db.prepare('UPDATE registrations SET registry_number = ?, seq = ?, numbered_at = ? WHERE id = ? AND numbered_at IS NULL AND emergency_number IS NOT NULL').run(
    registryNumber,
    seq,
    at,
    registrationId,
  );
  return r.changes === 1;
}
