/**
 * Paper copies of outgoing letters and their dispatch list (table `paper_dispatch`, migration 007;
 * docs/parallel-period.md, "Paper copies and the dispatch list").
 *
 * A letter sent through the exchange to a recipient the directory marks as still requiring paper
 * (`agencies.requires_paper`), or to any recipient when the clerk ticked "paper follows", gets one
 * dispatch item per such recipient, created in the send's own transaction. The printed copy is the
 * registration's archival PDF (the scan with the registry stamp), so it carries the same registry
 * number. Each item moves to_print → printed → handed_over → delivered, one step at a time; every
 * step is an audit event of the registration (`paper_copy_queued`, `paper_copy_printed`,
 * `paper_copy_handed_over`, `paper_copy_delivered`), with operator and time.
 */
import type { Db } from '../db/open.ts';
import type { DispatchItem, DispatchReason, DispatchState, DispatchTransport } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { appendAudit } from '../registry/audit.ts';
import { findByNumber } from '../registry/records.ts';

export interface DispatchContext {
  now: Date;
  operator: string;
}

interface ItemRow {
  id: number;
  registration_id: number;
  registry_number: string;
  register: string;
  registration_date: string;
  subject: string;
  recipient_code: string;
  recipient_name: string;
  role: 'to' | 'cc';
  reason: DispatchReason;
  state: DispatchState;
  created_at: string;
  created_by: string;
  printed_at: string | null;
  printed_by: string | null;
  handed_over_at: string | null;
  handed_over_by: string | null;
  carrier: string | null;
  transport: DispatchTransport | null;
  delivered_at: string | null;
  received_by: string | null;
  delivery_recorded_by: string | null;
  note: string | null;
}

const SELECT = `SELECT d.*, r.registry_number, r.register, r.registration_date, r.subject
  FROM paper_dispatch d JOIN registrations r ON r.id = d.registration_id`;

function toItem(r: ItemRow): DispatchItem {
  return {
    id: r.id,
    registrationId: r.registration_id,
    registryNumber: r.registry_number,
    register: r.register,
    registrationDate: r.registration_date,
    subject: r.subject,
    recipientCode: r.recipient_code,
    recipientName: r.recipient_name,
    role: r.role,
    reason: r.reason,
    state: r.state,
    createdAt: r.created_at,
    createdBy: r.created_by,
    printedAt: r.printed_at,
    printedBy: r.printed_by,
    handedOverAt: r.handed_over_at,
    handedOverBy: r.handed_over_by,
    carrier: r.carrier,
    transport: r.transport,
    deliveredAt: r.delivered_at,
    receivedBy: r.received_by,
    deliveryRecordedBy: r.delivery_recorded_by,
    note: r.note,
  };
}

/**
 * Creates the dispatch items of a letter just registered and queued for the exchange. Must run inside
 * the send's transaction. Recipients are taken in order (to, then cc); an agency named twice gets one
 * item. Names come from the directory (`agencies`), else the code.
 * @param o.registrationId the outgoing registration; its operator is the items' creator.
 * @param o.paperFollows the clerk's "paper follows" tick: every recipient gets a paper copy.
 * @param o.at UTC ISO 8601 of the send.
 * @returns the items created (empty when no recipient needs paper).
 */
export function queuePaperCopies(db: Db, o: { registrationId: number; to: string[]; cc: string[]; paperFollows: boolean; at: string }): DispatchItem[] {
  const operator = db.prepare('SELECT operator FROM registrations WHERE id = ?').pluck().get(o.registrationId) as string | undefined;
  if (operator === undefined) throw new AppError('not_found', `no registration ${o.registrationId}`, { registrationId: o.registrationId });
  const agency = db.prepare('SELECT name_ar, requires_paper FROM agencies WHERE code = ?');
  const ins = db.prepare(
    `INSERT INTO paper_dispatch (registration_id, recipient_code, recipient_name, role, reason, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (registration_id, recipient_code) DO NOTHING`,
  );
  const ids: number[] = [];
  const seen = new Set<string>();
  const recipients = [...o.to.map((code) => ({ code, role: 'to' as const })), ...o.cc.map((code) => ({ code, role: 'cc' as const }))];
  for (const { code, role } of recipients) {
    if (seen.has(code)) continue;
    seen.add(code);
    const a = agency.get(code) as { name_ar: string; requires_paper: number } | undefined;
    const reason: DispatchReason | null = a?.requires_paper === 1 ? 'requires_paper' : o.paperFollows ? 'paper_follows' : null;
    if (reason === null) continue;
    const r = ins.run(o.registrationId, code, a?.name_ar ?? code, role, reason, o.at, operator);
    if (r.changes !== 1) continue;
    const id = Number(r.lastInsertRowid);
    ids.push(id);
    appendAudit(db, { at: o.at, operator, action: 'paper_copy_queued', registrationId: o.registrationId, details: { dispatchId: id, recipient: code, reason } });
  }
  return ids.map((id) => dispatchItem(db, id));
}

/** One item. @throws AppError('not_found'). */
export function dispatchItem(db: Db, id: number): DispatchItem {
  const r = db.prepare(`${SELECT} WHERE d.id = ?`).get(id) as ItemRow | undefined;
  if (r === undefined) throw new AppError('not_found', `no dispatch item ${id}`, { id });
  return toItem(r);
}

/**
 * The dispatch list, oldest first (the order copies should go out).
 * @param q.state `open` (not delivered), `all`, or one state.
 * @param q.registryNumber only the copies of that registration (Western or Arabic-Indic digits).
 * @throws AppError('not_found') for an unknown registry number.
 */
export function listDispatch(db: Db, q: { state: 'open' | 'all' | DispatchState; registryNumber?: string | undefined; limit: number }): DispatchItem[] {
  const where: string[] = [];
  const args: Array<string | number> = [];
  if (q.state === 'open') where.push("d.state <> 'delivered'");
  else if (q.state !== 'all') {
    where.push('d.state = ?');
    args.push(q.state);
  }
  if (q.registryNumber !== undefined) {
    where.push('d.registration_id = ?');
    args.push(findByNumber(db, q.registryNumber, null).id);
  }
  const rows = db
    .prepare(`${SELECT} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id LIMIT ?`)
    .all(...args, q.limit) as ItemRow[];
  return rows.map(toItem);
}

/** The state each step starts from. */
const STEP_FROM: Record<Exclude<DispatchState, 'to_print'>, DispatchState> = { printed: 'to_print', handed_over: 'printed', delivered: 'handed_over' };

/** Refuses a step that does not follow the item's current state. */
function step(db: Db, id: number, to: Exclude<DispatchState, 'to_print'>, apply: (item: DispatchItem) => void): DispatchItem {
  return db
    .transaction(() => {
      const item = dispatchItem(db, id);
      if (item.state !== STEP_FROM[to]) {
        throw new AppError('dispatch_refused', `dispatch item ${id} is ${item.state}; it cannot become ${to}`, { id, state: item.state, requested: to, expected: STEP_FROM[to] });
      }
      apply(item);
      return dispatchItem(db, id);
    })
    .immediate();
}

/** to_print → printed. @throws AppError('not_found' | 'dispatch_refused'). */
export function markPrinted(db: Db, id: number, ctx: DispatchContext): DispatchItem {
  return step(db, id, 'printed', (item) => {
    const at = ctx.now.toISOString();
    db.prepare("UPDATE paper_dispatch SET state = 'printed', printed_at = ?, printed_by = ? WHERE id = ?").run(at, ctx.operator, id);
    appendAudit(db, { at, operator: ctx.operator, action: 'paper_copy_printed', registrationId: item.registrationId, details: { dispatchId: id, recipient: item.recipientCode } });
  });
}

/** printed → handed_over, to `carrier` (who took it) by `transport`. @throws AppError('not_found' | 'dispatch_refused'). */
export function handOver(db: Db, q: { id: number; carrier: string; transport: DispatchTransport }, ctx: DispatchContext): DispatchItem {
  return step(db, q.id, 'handed_over', (item) => {
    const at = ctx.now.toISOString();
    db.prepare("UPDATE paper_dispatch SET state = 'handed_over', handed_over_at = ?, handed_over_by = ?, carrier = ?, transport = ? WHERE id = ?").run(
      at, ctx.operator, q.carrier, q.transport, q.id,
    );
    appendAudit(db, {
      at,
      operator: ctx.operator,
      action: 'paper_copy_handed_over',
      registrationId: item.registrationId,
      details: { dispatchId: q.id, recipient: item.recipientCode, carrier: q.carrier, transport: q.transport },
    });
  });
}

/**
 * handed_over → delivered: who received it and when (default now).
 * @throws AppError('validation') for a delivery time in the future or before the hand-over;
 *         AppError('not_found' | 'dispatch_refused').
 */
export function recordDelivery(db: Db, q: { id: number; receivedBy: string; deliveredAt?: string | undefined; note?: string | undefined }, ctx: DispatchContext): DispatchItem {
  return step(db, q.id, 'delivered', (item) => {
    const at = q.deliveredAt === undefined ? ctx.now.toISOString() : new Date(q.deliveredAt).toISOString();
    if (Date.parse(at) > ctx.now.getTime() + 60_000) throw new AppError('validation', 'the delivery time is in the future', { deliveredAt: at });
    if (item.handedOverAt !== null && at < item.handedOverAt) {
      throw new AppError('validation', 'the delivery time is before the copy was handed over', { deliveredAt: at, handedOverAt: item.handedOverAt });
    }
    db.prepare("UPDATE paper_dispatch SET state = 'delivered', delivered_at = ?, received_by = ?, delivery_recorded_by = ?, note = ? WHERE id = ?").run(
      at, q.receivedBy, ctx.operator, q.note === undefined || q.note === '' ? null : q.note, q.id,
    );
    appendAudit(db, {
      at: ctx.now.toISOString(),
      operator: ctx.operator,
      action: 'paper_copy_delivered',
      registrationId: item.registrationId,
      details: { dispatchId: q.id, recipient: item.recipientCode, receivedBy: q.receivedBy, deliveredAt: at },
    });
  });
}
