/**
 * Routing and follow-up (../shared/design/domain.md: "routing / referral: assignment to an internal
 * department with a due date; may change after registration"; "every change is an audit event with
 * operator and time"). The current routing lives in `routings`; its history is the audit log
 * (`routed`, `rerouted`, `routing_done`, `routing_reopened`, `reply_linked`).
 */
import type { Db } from '../db/open.ts';
import type { Department, FollowUpItem, RecordLink, Routing } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { agencyDay, assertIsoDay, daysBetween } from '../../../shared/dates/days.ts';
import { appendAudit } from '../registry/audit.ts';
import { findByNumber } from '../registry/records.ts';

export interface RoutingContext {
  now: Date;
  operator: string;
}

interface DeptRow {
  code: string;
  name_ar: string;
  name_en: string;
  active: number;
}

/** The departments, in the admin's order. */
export function listDepartments(db: Db, includeInactive: boolean): Department[] {
  const rows = db
    .prepare(`SELECT code, name_ar, name_en, active FROM departments ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY position, code`)
    .all() as DeptRow[];
  return rows.map((r) => ({ code: r.code, nameAr: r.name_ar, nameEn: r.name_en, active: r.active === 1 }));
}

/**
 * Replaces the departments list in one transaction. A department left out that has routings is kept
 * inactive (routings point at it); one without routings is removed.
 * @throws AppError('validation') when a code appears twice.
 */
export function saveDepartments(db: Db, departments: Department[], ctx: RoutingContext): Department[] {
  const codes = new Set<string>();
  for (const d of departments) {
    if (codes.has(d.code)) throw new AppError('validation', `department code ${d.code} appears twice`, { code: d.code });
    codes.add(d.code);
  }
  return db
    .transaction(() => {
      const upsert = db.prepare(
        `INSERT INTO departments (code, name_ar, name_en, active, position) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name_ar = excluded.name_ar, name_en = excluded.name_en, active = excluded.active, position = excluded.position`,
      );
      departments.forEach((d, i) => upsert.run(d.code, d.nameAr, d.nameEn, d.active ? 1 : 0, i));
      for (const r of db.prepare('SELECT code FROM departments').all() as Array<{ code: string }>) {
        if (codes.has(r.code)) continue;
        const used = db.prepare('SELECT 1 FROM routings WHERE department_code = ? LIMIT 1').get(r.code) !== undefined;
        if (used) db.prepare('UPDATE departments SET active = 0 WHERE code = ?').run(r.code);
        else db.prepare('DELETE FROM departments WHERE code = ?').run(r.code);
      }
      appendAudit(db, { at: ctx.now.toISOString(), operator: ctx.operator, action: 'departments_saved', registrationId: null, details: { count: departments.length } });
      return listDepartments(db, true);
    })
    .immediate();
}

interface RoutingRow {
  registration_id: number;
  register: string;
  registry_number: string;
  department_code: string;
  name_ar: string;
  name_en: string;
  due_date: string | null;
  note: string | null;
  routed_at: string;
  routed_by: string;
  changed_at: string;
  changed_by: string;
  done_at: string | null;
  done_by: string | null;
}

const ROUTING_SELECT = `SELECT t.registration_id, r.register, r.registry_number, t.department_code, d.name_ar, d.name_en, t.due_date, t.note,
  t.routed_at, t.routed_by, t.changed_at, t.changed_by, t.done_at, t.done_by
  FROM routings t JOIN registrations r ON r.id = t.registration_id JOIN departments d ON d.code = t.department_code`;

function toRouting(r: RoutingRow): Routing {
  return {
    registrationId: r.registration_id,
    register: r.register,
    registryNumber: r.registry_number,
    departmentCode: r.department_code,
    departmentNameAr: r.name_ar,
    departmentNameEn: r.name_en,
    dueDate: r.due_date,
    note: r.note,
    routedAt: r.routed_at,
    routedBy: r.routed_by,
    changedAt: r.changed_at,
    changedBy: r.changed_by,
    doneAt: r.done_at,
    doneBy: r.done_by,
  };
}

function routingById(db: Db, registrationId: number): Routing | null {
  const r = db.prepare(`${ROUTING_SELECT} WHERE t.registration_id = ?`).get(registrationId) as RoutingRow | undefined;
  return r === undefined ? null : toRouting(r);
}

function linksOf(db: Db, registrationId: number): RecordLink[] {
  return db
    .prepare(
      `SELECT l.kind, t.register, t.registry_number AS registryNumber FROM links l JOIN registrations t ON t.id = l.to_id
       WHERE l.from_id = ? ORDER BY l.at, l.to_id`,
    )
    .all(registrationId) as RecordLink[];
}

/**
 * The routing and links of one registration.
 * @throws AppError('not_found') / AppError('validation') from findByNumber.
 */
export function getRouting(db: Db, ref: { registryNumber: string; register: string | null }): { routing: Routing | null; links: RecordLink[] } {
  const r = findByNumber(db, ref.registryNumber, ref.register);
  return { routing: routingById(db, r.id), links: linksOf(db, r.id) };
}

/**
 * Routes or re-routes a registration. Writes an audit event (`routed` the first time, `rerouted`
 * after) with the old and new department and due date.
 * @throws AppError('not_found') no such registration or department; AppError('validation') an
 *         annulled registration, an inactive department, or a due date that is no calendar date.
 */
export function assignRouting(
  db: Db,
  q: { registryNumber: string; register: string | null; departmentCode: string; dueDate: string | null; note: string | null },
  ctx: RoutingContext,
): Routing {
  if (q.dueDate !== null) assertIsoDay(q.dueDate);
  return db
    .transaction(() => {
      const reg = findByNumber(db, q.registryNumber, q.register);
      if (reg.annulled === 1) throw new AppError('validation', `${reg.registry_number} is annulled`, { registryNumber: reg.registry_number });
      const dept = db.prepare('SELECT code, active FROM departments WHERE code = ?').get(q.departmentCode) as { code: string; active: number } | undefined;
      if (dept === undefined) throw new AppError('not_found', `no department ${q.departmentCode}`, { departmentCode: q.departmentCode });
      if (dept.active !== 1) throw new AppError('validation', `department ${q.departmentCode} is inactive`, { departmentCode: q.departmentCode });
      const at = ctx.now.toISOString();
      const before = routingById(db, reg.id);
      if (before === null) {
        db.prepare(
          `INSERT INTO routings (registration_id, department_code, due_date, note, routed_at, routed_by, changed_at, changed_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(reg.id, q.departmentCode, q.dueDate, q.note, at, ctx.operator, at, ctx.operator);
      } else {
        db.prepare('UPDATE routings SET department_code = ?, due_date = ?, note = ?, changed_at = ?, changed_by = ? WHERE registration_id = ?').run(
          q.departmentCode, q.dueDate, q.note, at, ctx.operator, reg.id,
        );
      }
      appendAudit(db, {
        at,
        operator: ctx.operator,
        action: before === null ? 'routed' : 'rerouted',
        registrationId: reg.id,
        details: {
          departmentCode: q.departmentCode,
          dueDate: q.dueDate,
          ...(q.note !== null ? { note: q.note } : {}),
          ...(before !== null ? { fromDepartmentCode: before.departmentCode, fromDueDate: before.dueDate } : {}),
        },
      });
      return routingById(db, reg.id) as Routing;
    })
    .immediate();
}

/**
 * Closes (done) or reopens the follow-up of a routed registration; an audit event either way.
 * @throws AppError('validation') when the registration is not routed.
 */
export function completeRouting(db: Db, q: { registryNumber: string; register: string | null; done: boolean }, ctx: RoutingContext): Routing {
  return db
    .transaction(() => {
      const reg = findByNumber(db, q.registryNumber, q.register);
      const before = routingById(db, reg.id);
      if (before === null) throw new AppError('validation', `${reg.registry_number} is not routed`, { registryNumber: reg.registry_number });
      if ((before.doneAt !== null) === q.done) return before;
      const at = ctx.now.toISOString();
      db.prepare('UPDATE routings SET done_at = ?, done_by = ? WHERE registration_id = ?').run(q.done ? at : null, q.done ? ctx.operator : null, reg.id);
      appendAudit(db, { at, operator: ctx.operator, action: q.done ? 'routing_done' : 'routing_reopened', registrationId: reg.id, details: {} });
      return routingById(db, reg.id) as Routing;
    })
    .immediate();
}

interface FollowRow extends RoutingRow {
  registration_date: string;
  counterpart_name: string;
  subject: string;
}

/**
 * Open routings past their due date (before `now`'s Asia/Kuwait day), annulled letters excluded,
 * most overdue first.
 */
export function overdueList(db: Db, q: { departmentCode: string | null; limit: number }, now: Date): { total: number; items: FollowUpItem[] } {
  const today = agencyDay(now);
  const where = `t.done_at IS NULL AND t.due_date < ? AND r.annulled = 0 AND (? IS NULL OR t.department_code = ?)`;
  const total = (
    db.prepare(`SELECT count(*) AS n FROM routings t JOIN registrations r ON r.id = t.registration_id WHERE ${where}`).get(today, q.departmentCode, q.departmentCode) as {
      n: number;
    }
  ).n;
  const rows = db
    .prepare(
      `SELECT t.registration_id, r.register, r.registry_number, t.department_code, d.name_ar, d.name_en, t.due_date, t.note,
              t.routed_at, t.routed_by, t.changed_at, t.changed_by, t.done_at, t.done_by, r.registration_date, r.counterpart_name, r.subject
       FROM routings t JOIN registrations r ON r.id = t.registration_id JOIN departments d ON d.code = t.department_code
       WHERE ${where} ORDER BY t.due_date, t.registration_id LIMIT ?`,
    )
    .all(today, q.departmentCode, q.departmentCode, q.limit) as FollowRow[];
  return {
    total,
    items: rows.map((r) => ({
      ...toRouting(r),
      registrationDate: r.registration_date,
      counterpartName: r.counterpart_name,
      subject: r.subject,
      daysOverdue: r.due_date === null ? 0 : daysBetween(r.due_date, today),
    })),
  };
}

/**
 * Links a reply to the letter it answers (`reply_to` from the reply, `replied_by` from the answered
 * letter) and closes the answered letter's open follow-up. Idempotent.
 * @throws AppError('validation') when both are the same registration.
 */
export function linkReply(
  db: Db,
  q: { reply: { registryNumber: string; register: string | null }; answers: { registryNumber: string; register: string | null } },
  ctx: RoutingContext,
): { links: RecordLink[] } {
  return db
    .transaction(() => {
      const reply = findByNumber(db, q.reply.registryNumber, q.reply.register);
      const answered = findByNumber(db, q.answers.registryNumber, q.answers.register);
      if (reply.id === answered.id) throw new AppError('validation', 'a letter cannot answer itself', { registryNumber: reply.registry_number });
      const at = ctx.now.toISOString();
      const ins = db.prepare('INSERT INTO links (from_id, to_id, kind, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
      const added = ins.run(reply.id, answered.id, 'reply_to', at).changes;
      ins.run(answered.id, reply.id, 'replied_by', at);
      if (added > 0) {
        appendAudit(db, {
          at,
          operator: ctx.operator,
          action: 'reply_linked',
          registrationId: answered.id,
          details: { reply: reply.registry_number, replyRegister: reply.register },
        });
        const open = db.prepare('SELECT 1 FROM routings WHERE registration_id = ? AND done_at IS NULL').get(answered.id);
        if (open !== undefined) {
          db.prepare('UPDATE routings SET done_at = ?, done_by = ? WHERE registration_id = ?').run(at, ctx.operator, answered.id);
          appendAudit(db, { at, operator: ctx.operator, action: 'routing_done', registrationId: answered.id, details: { reply: reply.registry_number } });
        }
      }
      return { links: linksOf(db, reply.id) };
    })
    .immediate();
}
