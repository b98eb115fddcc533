/**
 * Sealing the daily register and verifying the seal chain (../shared/design/domain.md: "Once sealed
 * (by the supervisor or automatically after the day ends) it is immutable; its SHA-256 chains to the
 * previous day's").
 *
 * Rules (docs/daily-register.md):
 * - The chain starts at the first day with a registration or a declared gap (or, on a desk with
 *   neither, at the first day a supervisor seals). From there every calendar day is sealed, in order,
 *   a day without registrations included: an empty sealed day proves nothing was registered that day,
 *   so a backdated insert into it is detected.
 * - Only a day that has ended (in Asia/Kuwait) can be sealed, and only when the day before it is
 *   sealed (or it is the chain's first day).
 * - A day is sealed automatically once it has ended and a grace period has passed (default 24 h: the
 *   supervisor reads and seals yesterday during the working day; what is left is sealed the next
 *   midnight). Automatic sealing runs at services start and on a timer, oldest day first, a bounded
 *   number of days per run.
 * - `hash` = SHA-256 hex of `prev_hash + "\n" + day + "\n" + content_sha256`; the first day chains to
 *   64 zeros. Rows are immutable (triggers of migration 004).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type { DailyGap, SealVerification } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { addDays, agencyDay, assertIsoDay, dayBoundsUtc } from '../../../shared/dates/days.ts';
import { appendAudit } from '../registry/audit.ts';
import { canonicalDayContent } from './daily-register.ts';

export const GENESIS = '0'.repeat(64);

/** The chain hash of one sealed day. */
export function sealHash(prevHash: string, day: string, contentSha256: string): string {
  return createHash('sha256').update(`${prevHash}\n${day}\n${contentSha256}`, 'utf8').digest('hex');
}

interface Last {
  day: string;
  position: number;
  hash: string;
}

function lastSeal(db: Db): Last | null {
  return (db.prepare('SELECT day, position, hash FROM daily_seals ORDER BY position DESC LIMIT 1').get() as Last | undefined) ?? null;
}

/** The first day with a registration or a declared gap, or null on an empty desk. */
export function chainStart(db: Db): string | null {
  const r = db
    .prepare(
      `SELECT min(d) AS d FROM (
         SELECT min(registration_date) AS d FROM registrations INDEXED BY registrations_by_day
         UNION ALL SELECT min(day) FROM register_gaps)`,
    )
    .get() as { d: string | null };
  return r.d;
}

/** The next day the chain expects (null: nothing to seal yet on an empty desk). */
export function nextDayToSeal(db: Db): string | null {
  const last = lastSeal(db);
  return last !== null ? addDays(last.day, 1) : chainStart(db);
}

export interface SealContext {
  now: Date;
  operator: string;
  automatic: boolean;
}

function insertSeal(db: Db, day: string, position: number, prevHash: string, ctx: SealContext): void {
  const content = canonicalDayContent(db, day);
  const hash = sealHash(prevHash, day, content.sha256);
  const at = ctx.now.toISOString();
  db.prepare(
    `INSERT INTO daily_seals (day, position, registrations, content_sha256, prev_hash, hash, sealed_at, sealed_by, automatic)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(day, position, content.registrations, content.sha256, prevHash, hash, at, ctx.operator, ctx.automatic ? 1 : 0);
  appendAudit(db, {
    at,
    operator: ctx.operator,
    action: 'day_sealed',
    registrationId: null,
    details: { day, registrations: content.registrations, hash, automatic: ctx.automatic },
  });
}

/**
 * Seals `day` (a supervisor's seal, or one automatic step).
 * @throws AppError('seal_refused', …, { reason, day, expected? }) with reason `already_sealed`,
 *         `not_ended` (the day has not ended in Asia/Kuwait), `out_of_order` (`expected` is the day the
 *         chain needs first) or `before_chain` (the day precedes the chain's first day);
 *         AppError('validation') for a day that is no calendar date.
 */
export function sealDay(db: Db, day: string, ctx: SealContext): void {
  assertIsoDay(day);
  db.transaction(() => {
    if (db.prepare('SELECT 1 FROM daily_seals WHERE day = ?').get(day) !== undefined) {
      throw new AppError('seal_refused', `${day} is already sealed`, { reason: 'already_sealed', day });
    }
    if (day >= agencyDay(ctx.now)) throw new AppError('seal_refused', `${day} has not ended yet`, { reason: 'not_ended', day });
    const last = lastSeal(db);
    if (last !== null) {
      const expected = addDays(last.day, 1);
      if (day < expected) throw new AppError('seal_refused', `${day} precedes the seal chain`, { reason: 'before_chain', day, expected });
      if (day !== expected) throw new AppError('seal_refused', `seal ${expected} first`, { reason: 'out_of_order', day, expected });
      insertSeal(db, day, last.position + 1, last.hash, ctx);
      return;
    }
    const start = chainStart(db);
    if (start !== null && day > start) throw new AppError('seal_refused', `seal ${start} first`, { reason: 'out_of_order', day, expected: start });
    insertSeal(db, day, 1, GENESIS, ctx);
  }).immediate();
}

/**
 * Seals, oldest first, every day whose end plus `graceHours` has passed, at most `maxDays` per call.
 * @returns the days sealed, in order.
 */
export function autoSeal(db: Db, opts: { now: Date; graceHours: number; maxDays: number; operator?: string }): string[] {
  const sealed: string[] = [];
  const cutoff = opts.now.getTime() - opts.graceHours * 3_600_000;
  for (let i = 0; i < opts.maxDays; i++) {
    const day = nextDayToSeal(db);
    if (day === null) break;
    if (Date.parse(dayBoundsUtc(day).end) > cutoff || day >= agencyDay(opts.now)) break;
    try {
      sealDay(db, day, { now: opts.now, operator: opts.operator ?? 'system', automatic: true });
    } catch (err) {
      // Another process sealed it meanwhile: go on with the next day.
      if (err instanceof AppError && err.kind === 'seal_refused' && err.details?.reason === 'already_sealed') continue;
      throw err;
    }
    sealed.push(day);
  }
  return sealed;
}

interface FullSeal extends Last {
  prev_hash: string;
  content_sha256: string;
}

/**
 * Walks the chain from the first sealed day: positions and days contiguous, each row's link and
 * hash, and each day's content recomputed from the tables now.
 * @returns ok, or the first broken day and why: `chain_broken` (a seal row was edited, removed or
 *          inserted), `content_changed` (a registration, annulment, audit row or gap of that day
 *          changed), `day_missing` (a day of the chain has no seal row), `registration_before_chain`
 *          (a registration dated before the first sealed day appeared).
 */
export function verifySeals(db: Db): SealVerification {
  let prev = GENESIS;
  let expectedDay: string | null = null;
  let position = 0;
  let lastDay: string | null = null;
  const rows = db.prepare('SELECT day, position, hash, prev_hash, content_sha256 FROM daily_seals ORDER BY day').all() as FullSeal[];
  const first = rows[0];
  if (first !== undefined) {
    const start = chainStart(db);
    if (start !== null && start < first.day) return { ok: false, sealedDays: 0, brokenDay: start, reason: 'registration_before_chain' };
  }
  for (const r of rows) {
    position++;
    if (expectedDay !== null && r.day !== expectedDay) return { ok: false, sealedDays: position - 1, brokenDay: expectedDay, reason: 'day_missing' };
    if (r.position !== position || r.prev_hash !== prev || r.hash !== sealHash(prev, r.day, r.content_sha256)) {
      return { ok: false, sealedDays: position - 1, brokenDay: r.day, reason: 'chain_broken' };
    }
    if (canonicalDayContent(db, r.day).sha256 !== r.content_sha256) {
      return { ok: false, sealedDays: position - 1, brokenDay: r.day, reason: 'content_changed' };
    }
    prev = r.hash;
    expectedDay = addDays(r.day, 1);
    lastDay = r.day;
  }
  return { ok: true, sealedDays: position, lastDay };
}

/**
 * Declares numbers `fromSeq..toSeq` of a register's year as never given, with the reason; the gap is
 * listed in the daily register of the day of declaration (today, which is never sealed yet).
 * @throws AppError('validation') when the range is reversed, longer than 100 000 numbers, or any
 *         number in it belongs to a registration.
 */
export function declareGap(
  db: Db,
  g: { register: string; year: number; fromSeq: number; toSeq: number; reason: string },
  ctx: { now: Date; operator: string },
): DailyGap {
  if (g.toSeq < g.fromSeq) throw new AppError('validation', 'the gap ends before it starts', { field: 'toSeq' });
  if (g.toSeq - g.fromSeq >= 100_000) throw new AppError('validation', 'a gap of more than 100 000 numbers', { field: 'toSeq' });
  return db
    .transaction(() => {
      const used = db
        .prepare('SELECT registry_number AS n FROM registrations WHERE register = ? AND year = ? AND seq BETWEEN ? AND ? ORDER BY seq LIMIT 1')
        .get(g.register, g.year, g.fromSeq, g.toSeq) as { n: string } | undefined;
      if (used !== undefined) {
        throw new AppError('validation', `${used.n} is a registration, not a gap`, { field: 'fromSeq', registryNumber: used.n });
      }
      const at = ctx.now.toISOString();
      const day = agencyDay(ctx.now);
      const id = Number(
        db
          .prepare('INSERT INTO register_gaps (register, year, from_seq, to_seq, reason, day, declared_at, declared_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(g.register, g.year, g.fromSeq, g.toSeq, g.reason, day, at, ctx.operator).lastInsertRowid,
      );
      appendAudit(db, { at, operator: ctx.operator, action: 'gap_declared', registrationId: null, details: { ...g, day } });
      return { id, register: g.register, year: g.year, fromSeq: g.fromSeq, toSeq: g.toSeq, reason: g.reason, declaredAt: at, declaredBy: ctx.operator };
    })
    .immediate();
}
