/**
 * Annulment (../shared/design/domain.md): a request with a reason, then a supervisor's decision.
 * Approval marks the registration annulled (reason, authorising reference, approving operator, time)
 * in one write transaction with its audit event; the record, its documents and its search entry stay,
 * and its number is never given again (numbering's counters are not touched). A decided request and
 * an annulment are final (triggers of migration 002).
 */
import type { Db } from '../db/open.ts';
import type { AnnulmentRequestView, AnnulmentView } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { appendAudit } from './audit.ts';
import { findByNumber } from './records.ts';

export interface AnnulmentContext {
  clock: () => Date;
  operator: () => string;
  /**
   * Whether the approver must differ from the requester (four eyes). True once desk accounts exist;
   * before that everyone acts as the OS user and there is nobody else to ask.
   */
  distinctApprover: () => boolean;
  /**
   * Called inside the approval's transaction after the registration is marked annulled, so a
   * journal/outbox entry (exchange sync) commits or rolls back with it.
   */
  onAnnulled?: (e: { registrationId: number; registryNumber: string; register: string; at: string; reason: string; authorisingReference: string; operator: string }) => void;
}

interface RequestRow {
  id: number;
  registration_id: number;
  reason: string;
  requested_by: string;
  requested_at: string;
  status: 'pending' | 'approved' | 'refused';
  decided_by: string | null;
  decided_at: string | null;
  authorising_reference: string | null;
  refusal_reason: string | null;
  registry_number: string;
  register: string;
  subject: string;
  counterpart_name: string;
}

const REQUEST_SELECT = `SELECT q.*, r.registry_number, r.register, r.subject, r.counterpart_name
  FROM annulment_requests q JOIN registrations r ON r.id = q.registration_id`;

function toView(q: RequestRow): AnnulmentRequestView {
  return {
    id: q.id,
    registryNumber: q.registry_number,
    register: q.register,
    subject: q.subject,
    counterpartName: q.counterpart_name,
    reason: q.reason,
    requestedBy: q.requested_by,
    requestedAt: q.requested_at,
    status: q.status,
    decidedBy: q.decided_by,
    decidedAt: q.decided_at,
    authorisingReference: q.authorising_reference,
    refusalReason: q.refusal_reason,
  };
}

function requestById(db: Db, id: number): RequestRow {
  const q = db.prepare(`${REQUEST_SELECT} WHERE q.id = ?`).get(id) as RequestRow | undefined;
  if (q === undefined) throw new AppError('not_found', `no annulment request ${id}`, { requestId: id });
  return q;
}

function requirePending(q: RequestRow): void {
  if (q.status !== 'pending') {
    throw new AppError('validation', `annulment request ${q.id} was already ${q.status}`, { rule: 'already_decided', requestId: q.id, status: q.status });
  }
}

/**
 * Records a request to annul a registration.
 * @throws AppError('not_found'); AppError('validation', rule `already_annulled` | `annulment_pending`).
 */
export function requestAnnulment(db: Db, q: { registryNumber: string; register: string | null; reason: string }, ctx: AnnulmentContext): AnnulmentRequestView {
  return db
    .transaction(() => {
      const r = findByNumber(db, q.registryNumber, q.register);
      if (r.annulled === 1) throw new AppError('validation', `${r.registry_number} is already annulled`, { rule: 'already_annulled', registryNumber: r.registry_number });
      const pending = db.prepare("SELECT id FROM annulment_requests WHERE registration_id = ? AND status = 'pending'").pluck().get(r.id) as number | undefined;
      if (pending !== undefined) {
        throw new AppError('validation', `an annulment of ${r.registry_number} is already requested`, { rule: 'annulment_pending', requestId: pending });
      }
      const at = ctx.clock().toISOString();
      const operator = ctx.operator();
      const id = db
        .prepare('INSERT INTO annulment_requests (registration_id, reason, requested_by, requested_at) VALUES (?, ?, ?, ?) RETURNING id')
        .pluck()
        .get(r.id, q.reason, operator, at) as number;
      appendAudit(db, { at, operator, action: 'annulment_requested', registrationId: r.id, details: { requestId: id, reason: q.reason } });
      return toView(requestById(db, id));
    })
    .immediate();
}

/**
 * Approves a pending request: the registration is annulled.
 * @throws AppError('not_found'); AppError('validation', rule `already_decided`);
 *         AppError('forbidden', rule `four_eyes`) when the approver requested it.
 */
export function approveAnnulment(db: Db, q: { requestId: number; authorisingReference: string }, ctx: AnnulmentContext): AnnulmentRequestView {
  return db
    .transaction(() => {
      const req = requestById(db, q.requestId);
      requirePending(req);
      const operator = ctx.operator();
      if (ctx.distinctApprover() && req.requested_by === operator) {
        throw new AppError('forbidden', 'the requester of an annulment cannot approve it', { rule: 'four_eyes', requestId: req.id });
      }
      const at = ctx.clock().toISOString();
      db.prepare("UPDATE annulment_requests SET status = 'approved', decided_by = ?, decided_at = ?, authorising_reference = ? WHERE id = ?").run(
        operator, at, q.authorisingReference, req.id,
      );
      const changed = db
        .prepare(
          `UPDATE registrations SET annulled = 1, annulled_at = ?, annulment_reason = ?, annulment_operator = ?, annulment_reference = ?
           WHERE id = ? AND annulled = 0`,
        )
        .run(at, req.reason, operator, q.authorisingReference, req.registration_id).changes;
      if (changed !== 1) throw new AppError('validation', `${req.registry_number} is already annulled`, { rule: 'already_annulled' });
      appendAudit(db, {
        at,
        operator,
        action: 'annulled',
        registrationId: req.registration_id,
        details: { requestId: req.id, reason: req.reason, authorisingReference: q.authorisingReference, requestedBy: req.requested_by, registryNumber: req.registry_number, register: req.register },
      });
      ctx.onAnnulled?.({
        registrationId: req.registration_id,
        registryNumber: req.registry_number,
        register: req.register,
        at,
        reason: req.reason,
        authorisingReference: q.authorisingReference,
        operator,
      });
      return toView(requestById(db, req.id));
    })
    .immediate();
}

/**
 * Refuses a pending request; the registration is unchanged.
 * @throws AppError('not_found'); AppError('validation', rule `already_decided`).
 */
export function refuseAnnulment(db: Db, q: { requestId: number; reason: string }, ctx: AnnulmentContext): AnnulmentRequestView {
  return db
    .transaction(() => {
      const req = requestById(db, q.requestId);
      requirePending(req);
      const at = ctx.clock().toISOString();
      const operator = ctx.operator();
      db.prepare("UPDATE annulment_requests SET status = 'refused', decided_by = ?, decided_at = ?, refusal_reason = ? WHERE id = ?").run(operator, at, q.reason, req.id);
      appendAudit(db, { at, operator, action: 'annulment_refused', registrationId: req.registration_id, details: { requestId: req.id, reason: q.reason } });
      return toView(requestById(db, req.id));
    })
    .immediate();
}

/** Requests with the given status (or all), newest first. */
export function listAnnulmentRequests(db: Db, q: { status: 'pending' | 'approved' | 'refused' | 'all'; limit: number }): AnnulmentRequestView[] {
  const rows = (
    q.status === 'all'
      ? db.prepare(`${REQUEST_SELECT} ORDER BY q.id DESC LIMIT ?`).all(q.limit)
      : db.prepare(`${REQUEST_SELECT} WHERE q.status = ? ORDER BY q.id DESC LIMIT ?`).all(q.status, q.limit)
  ) as RequestRow[];
  return rows.map(toView);
}

/** A registration's annulment (if approved) and its pending request (if any), for the record view. */
export function annulmentOf(db: Db, registrationId: number): { annulment: AnnulmentView | null; pendingAnnulment: AnnulmentRequestView | null } {
  const r = db
    .prepare('SELECT annulled, annulled_at, annulment_reason, annulment_operator, annulment_reference FROM registrations WHERE id = ?')
    .get(registrationId) as
    | { annulled: number; annulled_at: string | null; annulment_reason: string | null; annulment_operator: string | null; annulment_reference: string | null }
    | undefined;
  let annulment: AnnulmentView | null = null;
  if (r !== undefined && r.annulled === 1) {
    const approved = db
      .prepare("SELECT requested_by FROM annulment_requests WHERE registration_id = ? AND status = 'approved' ORDER BY id DESC LIMIT 1")
      .pluck()
      .get(registrationId) as string | undefined;
    annulment = {
      at: r.annulled_at ?? '',
      reason: r.annulment_reason ?? '',
      operator: r.annulment_operator ?? '',
      authorisingReference: r.annulment_reference,
      requestedBy: approved ?? null,
    };
  }
  const pending = db.prepare(`${REQUEST_SELECT} WHERE q.registration_id = ? AND q.status = 'pending'`).get(registrationId) as RequestRow | undefined;
  return { annulment, pendingAnnulment: pending === undefined ? null : toView(pending) };
}
