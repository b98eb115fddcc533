/**
 * The daily register of one Asia/Kuwait day (../shared/design/domain.md, "Registry rules"): each
 * registration of the day in number order per register with its fields, the first and last number
 * per register, counts by direction, channel and classification, the day's annulments and
 * corrections (from the audit log) and the gaps declared that day.
 *
 * The day of a registration is its stored `registration_date`, which registration computes from the
 * registration instant in Asia/Kuwait; annulments and audit events belong to the Kuwait day of their
 * time (`dayBoundsUtc`).
 *
 * {@link canonicalDayContent} is what a seal covers: only what can never change (the immutable
 * registration fields, the annulment columns, which are set once, the hash-chained audit rows and the
 * declared gaps). Classification, priority, attachments count and the current annulled state are shown
 * as they are now; their changes are audit events of the day they happen.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type {
  Channel,
  Classification,
  DailyAnnulment,
  DailyCorrection,
  DailyGap,
  DailyItem,
  DailyRegister,
  DailySeal,
  Direction,
  Priority,
} from '../../../shared/contract/index.ts';
import { CHANNELS, CLASSIFICATIONS, DIRECTIONS } from '../../../shared/contract/index.ts';
import { agencyDay, assertIsoDay, dayBoundsUtc } from '../../../shared/dates/days.ts';
import { getSettings } from '../registry/settings.ts';

/** Register order in the daily register: incoming, outgoing, internal. */
const REGISTER_ORDER = "CASE register WHEN 'incoming' THEN 1 WHEN 'outgoing' THEN 2 ELSE 3 END";

/** Audit actions that are not corrections: the registration itself, annulments (listed apart), follow-up and sealing. */
const NOT_CORRECTIONS = ['registered', 'annulled', 'annulment_approved', 'annulment_requested', 'annulment_refused', 'routed', 'rerouted', 'routing_done', 'routing_reopened', 'reply_linked', 'day_sealed', 'gap_declared', 'archival_pdf', 'paper_copy_queued', 'paper_copy_printed', 'paper_copy_handed_over', 'paper_copy_delivered', 'twin_refused'];

// One formatter for every row: building an Intl.DateTimeFormat costs about a millisecond, which a day of
// several hundred registrations would pay per row.
const KUWAIT_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kuwait', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', numberingSystem: 'latn' });

interface DayRow {
  id: number;
  register: string;
  year: number;
  seq: number;
  registry_number: string;
  registered_at: string;
  direction: string;
  channel: string;
  /** The channel it was registered with: a twin linked later makes `channel` both, but the seal covers this. */
  registered_channel: string;
  counterpart_code: string | null;
  counterpart_name: string;
  reference_number: string | null;
  reference_date: string | null;
  subject: string;
  classification: string;
  priority: string;
  attachments_count: number;
  operator: string;
  annulled: number;
  emergency_number: string | null;
}

interface AnnulRow {
  id: number;
  register: string;
  registry_number: string;
  registration_date: string;
  annulled_at: string;
  annulment_reason: string | null;
  annulment_operator: string | null;
  annulment_reference: string | null;
}

interface AuditRow {
  id: number;
  at: string;
  operator: string;
  action: string;
  details: string;
  hash: string;
  register: string | null;
  registry_number: string | null;
}

interface GapRow {
  id: number;
  register: string;
  year: number;
  from_seq: number;
  to_seq: number;
  reason: string;
  declared_at: string;
  declared_by: string;
}

/** The raw rows of a day, read in one snapshot. */
interface DayRows {
  items: DayRow[];
  annulments: AnnulRow[];
  corrections: AuditRow[];
  gaps: GapRow[];
}

function readDay(db: Db, day: string): DayRows {
  const { start, end } = dayBoundsUtc(day);
  const items = db
    .prepare(
      `SELECT id, register, year, seq, registry_number, registered_at, direction, channel,
              coalesce((SELECT CASE t.channel WHEN 'paper' THEN 'electronic' ELSE 'paper' END FROM twin_links t
                        WHERE t.registration_id = registrations.id ORDER BY t.id LIMIT 1), channel) AS registered_channel,
              counterpart_code, counterpart_name,
              reference_number, reference_date, subject, classification, priority, attachments_count, operator, annulled, emergency_number
       FROM registrations INDEXED BY registrations_by_day
       WHERE registration_date = ? ORDER BY ${REGISTER_ORDER}, seq, id`,
    )
    .all(day) as DayRow[];
  const annulments = db
    .prepare(
      `SELECT id, register, registry_number, registration_date, annulled_at, annulment_reason, annulment_operator, annulment_reference
       FROM registrations WHERE annulled = 1 AND annulled_at >= ? AND annulled_at < ? ORDER BY annulled_at, id`,
    )
    .all(start, end) as AnnulRow[];
  const corrections = db
    .prepare(
      `SELECT a.id, a.at, a.operator, a.action, a.details, a.hash, r.register, r.registry_number
       FROM audit_log a LEFT JOIN registrations r ON r.id = a.registration_id
       WHERE a.at >= ? AND a.at < ? AND a.registration_id IS NOT NULL
         AND a.action NOT IN (${NOT_CORRECTIONS.map(() => '?').join(', ')})
       ORDER BY a.id`,
    )
    .all(start, end, ...NOT_CORRECTIONS) as AuditRow[];
  const gaps = db.prepare('SELECT * FROM register_gaps WHERE day = ? ORDER BY id').all(day) as GapRow[];
  return { items, annulments, corrections, gaps };
}

/** The canonical serialisation of a day's rows (see the module comment for what it covers). */
function canonical(day: string, rows: DayRows): string {
  return JSON.stringify([
    'registry-desk/daily-register/1',
    day,
    rows.items.map((r) => [
      r.id,
      r.register,
      r.year,
      // An emergency registration gets its ordinary number later: the seal covers the emergency
      // number, which never changes.
      r.emergency_number ?? r.registry_number,
      r.emergency_number === null ? r.seq : null,
      r.registered_at,
      r.direction,
      r.registered_channel,
      r.counterpart_code,
      r.counterpart_name,
      r.reference_number,
      r.reference_date,
      r.subject,
      r.operator,
    ]),
    rows.annulments.map((a) => [a.id, a.annulled_at, a.annulment_reason, a.annulment_operator, a.annulment_reference]),
    rows.corrections.map((c) => [c.id, c.hash]),
    rows.gaps.map((g) => [g.id, g.register, g.year, g.from_seq, g.to_seq, g.reason, g.declared_at, g.declared_by]),
  ]);
}

/**
 * @returns the day's canonical content hash (SHA-256 hex) and its registration count.
 * @throws AppError('validation') for a day that is no calendar date.
 */
export function canonicalDayContent(db: Db, day: string): { sha256: string; registrations: number } {
  assertIsoDay(day);
  const rows = readDay(db, day);
  return { sha256: createHash('sha256').update(canonical(day, rows), 'utf8').digest('hex'), registrations: rows.items.length };
}

interface SealRow {
  day: string;
  position: number;
  registrations: number;
  content_sha256: string;
  prev_hash: string;
  hash: string;
  sealed_at: string;
  sealed_by: string;
  automatic: number;
}

export function toSeal(r: SealRow): DailySeal {
  return {
    position: r.position,
    contentSha256: r.content_sha256,
    prevHash: r.prev_hash,
    hash: r.hash,
    sealedAt: r.sealed_at,
    sealedBy: r.sealed_by,
    automatic: r.automatic === 1,
    registrations: r.registrations,
  };
}

export function sealOf(db: Db, day: string): DailySeal | null {
  const r = db.prepare('SELECT * FROM daily_seals WHERE day = ?').get(day) as SealRow | undefined;
  return r === undefined ? null : toSeal(r);
}

function zeroCounts<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/**
 * Builds the daily register of `day` as of `now`.
 * @returns the register (see DailyRegister in shared/contract/daily.ts).
 * @throws AppError('validation') for a day that is no calendar date.
 */
export function buildDailyRegister(db: Db, day: string, now: Date): DailyRegister {
  assertIsoDay(day);
  const read = db.transaction(() => ({ rows: readDay(db, day), seal: sealOf(db, day), settings: getSettings(db) }));
  const { rows, seal, settings } = read.deferred();
  const items: DailyItem[] = rows.items.map((r) => ({
    id: r.id,
    register: r.register,
    year: r.year,
    seq: r.seq,
    registryNumber: r.registry_number,
    registeredAt: r.registered_at,
    time: KUWAIT_TIME.format(new Date(r.registered_at)),
    direction: r.direction as Direction,
    channel: r.channel as Channel,
    counterpartName: r.counterpart_name,
    counterpartCode: r.counterpart_code,
    referenceNumber: r.reference_number,
    referenceDate: r.reference_date,
    subject: r.subject,
    classification: r.classification as Classification,
    priority: r.priority as Priority,
    attachmentsCount: r.attachments_count,
    operator: r.operator,
    annulled: r.annulled === 1,
  }));
  const totals = {
    registrations: items.length,
    byDirection: zeroCounts(DIRECTIONS),
    byChannel: zeroCounts(CHANNELS),
    byClassification: zeroCounts(CLASSIFICATIONS),
  };
  const registers: DailyRegister['registers'] = [];
  for (const it of items) {
    totals.byDirection[it.direction]++;
    totals.byChannel[it.channel]++;
    totals.byClassification[it.classification]++;
    const last = registers[registers.length - 1];
    if (last !== undefined && last.register === it.register) {
      last.last = it.registryNumber;
      last.count++;
    } else registers.push({ register: it.register, first: it.registryNumber, last: it.registryNumber, count: 1 });
  }
  const annulments: DailyAnnulment[] = rows.annulments.map((a) => ({
    registrationId: a.id,
    register: a.register,
    registryNumber: a.registry_number,
    registrationDate: a.registration_date,
    at: a.annulled_at,
    operator: a.annulment_operator ?? '',
    reason: a.annulment_reason ?? '',
    authorisingReference: a.annulment_reference,
  }));
  const corrections: DailyCorrection[] = rows.corrections.map((c) => ({
    auditId: c.id,
    at: c.at,
    operator: c.operator,
    action: c.action,
    register: c.register,
    registryNumber: c.registry_number,
    details: JSON.parse(c.details) as Record<string, unknown>,
  }));
  const gaps: DailyGap[] = rows.gaps.map((g) => ({
    id: g.id,
    register: g.register,
    year: g.year,
    fromSeq: g.from_seq,
    toSeq: g.to_seq,
    reason: g.reason,
    declaredAt: g.declared_at,
    declaredBy: g.declared_by,
  }));
  const state = seal !== null ? 'sealed' : day < agencyDay(now) ? 'unsealed' : 'open';
  return {
    day,
    state,
    agencyNameAr: settings.agencyNameAr,
    agencyNameEn: settings.agencyNameEn,
    items,
    registers,
    totals,
    annulments,
    corrections,
    gaps,
    seal,
    contentSha256: createHash('sha256').update(canonical(day, rows), 'utf8').digest('hex'),
  };
}

/**
 * Recent days with registrations or seals, newest first, for the day picker.
 * @param before only days strictly before this one (null: up to today).
 */
export function recentDays(db: Db, before: string | null, limit: number): Array<{ day: string; registrations: number; sealed: boolean }> {
  const rows = db
    .prepare(
      `SELECT d.day, coalesce((SELECT count(*) FROM registrations INDEXED BY registrations_by_day WHERE registration_date = d.day), 0) AS registrations,
              EXISTS (SELECT 1 FROM daily_seals s WHERE s.day = d.day) AS sealed
       FROM (SELECT DISTINCT registration_date AS day FROM registrations INDEXED BY registrations_by_day WHERE (? IS NULL OR registration_date < ?)
             ORDER BY registration_date DESC LIMIT ?) d ORDER BY d.day DESC`,
    )
    .all(before, before, limit) as Array<{ day: string; registrations: number; sealed: number }>;
  return rows.map((r) => ({ day: r.day, registrations: r.registrations, sealed: r.sealed === 1 }));
}
