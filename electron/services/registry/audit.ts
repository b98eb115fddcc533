/**
 * The append-only, hash-chained audit log (../shared/design/domain.md: "a changed or removed entry is
 * detectable"). Each row's `hash` is SHA-256 over the previous row's hash and the row's own content
 * in a fixed serialisation; the first row chains to 64 zeros.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type { AuditEventView, AuditProblem, AuditVerification } from '../../../shared/contract/index.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: string; // UTC ISO 8601
  operator: string;
  action: string; // 'registered', 'linked', 'settings_changed', 'directory_saved', …
  registrationId: number | null;
  details: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  at: string;
  operator: string;
  action: string;
  registration_id: number | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The hash of one row: SHA-256 hex over `prev_hash` and the row's fields, JSON-encoded in order. */
export function auditHash(prevHash: string, id: number, e: { at: string; operator: string; action: string; registrationId: number | null; detailsJson: string }): string {
  const content = JSON.stringify([id, e.at, e.operator, e.action, e.registrationId, e.detailsJson]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/**
 * Appends one event. Must run inside the caller's write transaction so the event commits (or not)
 * with the change it describes.
 * @returns the new row id.
 */
export function appendAudit(db: Db, e: AuditEntry): number {
  const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
  const id = (last?.id ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const detailsJson = JSON.stringify(e.details);
  const hash = auditHash(prevHash, id, { ...e, detailsJson });
  db.prepare(
    'INSERT INTO audit_log (id, at, operator, action, registration_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(id, e.at, e.operator, e.action, e.registrationId, detailsJson, prevHash, hash);
  return id;
}

/**
 * Walks the whole chain.
 * @returns `{ ok: true, count }`, or `{ ok: false, brokenAt }` with the first row id whose hash or
 *          link does not match (an edited, inserted or removed row).
 */
export function verifyAuditChain(db: Db): { ok: true; count: number } | { ok: false; brokenAt: number; count: number } {
  let prev = GENESIS_HASH;
  let expectedId = 1;
  let count = 0;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    count++;
    const ok =
      r.id === expectedId &&
      r.prev_hash === prev &&
      r.hash === auditHash(prev, r.id, { at: r.at, operator: r.operator, action: r.action, registrationId: r.registration_id, detailsJson: r.details });
    if (!ok) return { ok: false, brokenAt: r.id, count };
    prev = r.hash;
    expectedId++;
  }
  return { ok: true, count };
}

/** The audit events of one registration, oldest first. */
export function historyOf(db: Db, registrationId: number): AuditEventView[] {
  const rows = db.prepare('SELECT * FROM audit_log WHERE registration_id = ? ORDER BY id').all(registrationId) as AuditRow[];
  return rows.map((r) => ({ id: r.id, at: r.at, operator: r.operator, action: r.action, details: JSON.parse(r.details) as Record<string, unknown> }));
}

/**
 * Recomputes the whole chain and names the first broken entry (`audit.verify`, `registry-desk audit
 * verify`). Reading order is by id; for each entry, in this order:
 * - ids missing before it → `missing` (deleted entries; `missingFrom` is the first missing id);
 * - its `prev_hash` is not the previous entry's hash → `link_broken` (moved, inserted, or rewritten
 *   with a recomputed hash);
 * - its own hash does not match its content → `changed` (edited in place).
 * A rewrite of every entry from some point on, hashes recomputed, is not detectable from the log
 * alone; the sealed daily register's chained hashes anchor it.
 * @returns the count and last entry when intact, else the first broken entry.
 */
export function auditVerification(db: Db): AuditVerification {
  let prev = GENESIS_HASH;
  let expectedId = 1;
  let count = 0;
  let lastId: number | null = null;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    count++;
    let problem: AuditProblem | null = null;
    if (r.id !== expectedId) problem = 'missing';
    else if (r.prev_hash !== prev) problem = 'link_broken';
    else if (r.hash !== auditHash(prev, r.id, { at: r.at, operator: r.operator, action: r.action, registrationId: r.registration_id, detailsJson: r.details })) {
      problem = 'changed';
    }
    if (problem !== null) {
      return {
        ok: false,
        count,
        broken: { id: r.id, at: r.at, action: r.action, operator: r.operator, problem, missingFrom: problem === 'missing' ? expectedId : null },
      };
    }
    prev = r.hash;
    lastId = r.id;
    expectedId++;
  }
  return { ok: true, count, lastId, lastHash: lastId === null ? null : prev };
}
