/**
 * Routing and follow-up, and the dashboard figures, over a real SQLite file with an injected clock:
 * assignment and change (audit events with operator and time), the overdue list, reply links closing
 * the follow-up, the departments list; dashboard figures against plain SQL counts.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { openTestRegistry, registerText, storeTextDocument, tempDir } from '../../../test/helpers/registry-fixture.ts';
import { buildDashboard } from '../reports/dashboard.ts';
import { buildDailyRegister } from '../reports/daily-register.ts';
import { assignRouting, completeRouting, getRouting, linkReply, listDepartments, overdueList, saveDepartments } from './routing.ts';

function setup() {
  let now = Date.parse('2026-11-10T06:00:00Z');
  let who = 'clerk-1';
  const { db, registry } = openTestRegistry(tempDir(), { clock: () => new Date(now), operator: () => who });
  const ctx = () => ({ now: new Date(now), operator: who });
  saveDepartments(
    db,
    [
      { code: 'legal', nameAr: 'الشؤون القانونية', nameEn: 'Legal affairs', active: true },
      { code: 'hr', nameAr: 'الموارد البشرية', nameEn: 'Human resources', active: true },
    ],
    ctx(),
  );
  return {
    db,
    registry,
    ctx,
    at: (iso: string) => (now = Date.parse(iso)),
    as: (name: string) => (who = name),
  };
}

describe('routing and follow-up', () => {
  it('routes, re-routes with an audit event each time, and lists what is overdue', () => {
    const s = setup();
    const a = registerText(s.registry, 'كتاب أ', { salt: 'a' });
    const b = registerText(s.registry, 'كتاب ب', { salt: 'b' });
    const c = registerText(s.registry, 'كتاب ج', { salt: 'c' });
    s.as('supervisor-1');
    const r1 = assignRouting(s.db, { registryNumber: a.registryNumber, register: null, departmentCode: 'legal', dueDate: '2026-11-12', note: null }, s.ctx());
    expect(r1).toMatchObject({ departmentCode: 'legal', dueDate: '2026-11-12', routedBy: 'supervisor-1', doneAt: null });
    s.at('2026-11-11T07:00:00Z');
    s.as('supervisor-2');
    const r2 = assignRouting(s.db, { registryNumber: a.registryNumber, register: null, departmentCode: 'hr', dueDate: '2026-11-13', note: 'للاختصاص' }, s.ctx());
    expect(r2).toMatchObject({ departmentCode: 'hr', dueDate: '2026-11-13', routedBy: 'supervisor-1', changedBy: 'supervisor-2', changedAt: '2026-11-11T07:00:00.000Z' });
    assignRouting(s.db, { registryNumber: b.registryNumber, register: null, departmentCode: 'legal', dueDate: '2026-11-20', note: null }, s.ctx());
    assignRouting(s.db, { registryNumber: c.registryNumber, register: null, departmentCode: 'legal', dueDate: '2026-11-12', note: null }, s.ctx());

    const history = s.registry.show({ registryNumber: a.registryNumber, register: null }).history;
    expect(history.map((h) => [h.action, h.operator])).toEqual([
      ['registered', 'clerk-1'],
      ['routed', 'supervisor-1'],
      ['rerouted', 'supervisor-2'],
    ]);
    expect(history[2]!.details).toMatchObject({ departmentCode: 'hr', fromDepartmentCode: 'legal', fromDueDate: '2026-11-12', note: 'للاختصاص' });

    // 15 Nov (Kuwait): a (due 13th) and c (due 12th) are overdue, b (20th) is not.
    const now = new Date('2026-11-15T06:00:00Z');
    const overdue = overdueList(s.db, { departmentCode: null, limit: 10 }, now);
    expect(overdue.total).toBe(2);
    expect(overdue.items.map((i) => [i.registryNumber, i.daysOverdue])).toEqual([
      [c.registryNumber, 3],
      [a.registryNumber, 2],
    ]);
    expect(overdueList(s.db, { departmentCode: 'hr', limit: 10 }, now).items.map((i) => i.registryNumber)).toEqual([a.registryNumber]);
    // Due today is not overdue yet.
    expect(overdueList(s.db, { departmentCode: null, limit: 10 }, new Date('2026-11-12T06:00:00Z')).total).toBe(0);

    completeRouting(s.db, { registryNumber: c.registryNumber, register: null, done: true }, s.ctx());
    expect(overdueList(s.db, { departmentCode: null, limit: 10 }, now).total).toBe(1);
    // Routing is follow-up, not a correction: the daily register of the 11th lists no correction.
    expect(buildDailyRegister(s.db, '2026-11-11', now).corrections).toEqual([]);
    s.db.close();
  });

  it('refuses an unknown or inactive department, a bad due date, an annulled letter', () => {
    const s = setup();
    const a = registerText(s.registry, 'كتاب', { salt: 'x' });
    const attempt = (departmentCode: string, dueDate: string | null = null) => {
      try {
        assignRouting(s.db, { registryNumber: a.registryNumber, register: null, departmentCode, dueDate, note: null }, s.ctx());
        return null;
      } catch (err) {
        return (err as AppError).kind;
      }
    };
    expect(attempt('nope')).toBe('not_found');
    expect(attempt('legal', '2026-02-30')).toBe('validation');
    assignRouting(s.db, { registryNumber: a.registryNumber, register: null, departmentCode: 'legal', dueDate: null, note: null }, s.ctx());
    // legal is used: dropping it from the list deactivates it; hr (unused) is removed.
    const after = saveDepartments(s.db, [{ code: 'finance', nameAr: 'المالية', nameEn: 'Finance', active: true }], s.ctx());
    expect(after.map((d) => [d.code, d.active])).toEqual([
      ['finance', true],
      ['legal', false],
    ]);
    expect(listDepartments(s.db, false).map((d) => d.code)).toEqual(['finance']);
    expect(attempt('legal')).toBe('validation');
    s.db.prepare("UPDATE registrations SET annulled = 1, annulled_at = '2026-11-10T08:00:00.000Z', annulment_reason = 'x', annulment_operator = 'y' WHERE id = ?").run(a.id);
    expect(attempt('finance')).toBe('validation');
    s.db.close();
  });

  it('links a reply to the letter it answers both ways, closes its follow-up, once', () => {
    const s = setup();
    const incoming = registerText(s.registry, 'كتاب وارد', { salt: 'in' });
    assignRouting(s.db, { registryNumber: incoming.registryNumber, register: null, departmentCode: 'legal', dueDate: '2026-11-11', note: null }, s.ctx());
    const sha = storeTextDocument(s.registry, 'الرد', 'reply.png', 'reply');
    const reply = s.registry.register({ documentSha256: sha, direction: 'outgoing', counterpart: { code: null, name: 'وزارة الصحة' }, subject: 'رد' }).registration!;
    const out = linkReply(s.db, { reply: { registryNumber: reply.registryNumber, register: null }, answers: { registryNumber: incoming.registryNumber, register: null } }, s.ctx());
    expect(out.links).toEqual([{ kind: 'reply_to', register: 'incoming', registryNumber: incoming.registryNumber }]);
    const got = getRouting(s.db, { registryNumber: incoming.registryNumber, register: null });
    expect(got.links).toEqual([{ kind: 'replied_by', register: 'outgoing', registryNumber: reply.registryNumber }]);
    expect(got.routing?.doneAt).not.toBeNull();
    linkReply(s.db, { reply: { registryNumber: reply.registryNumber, register: null }, answers: { registryNumber: incoming.registryNumber, register: null } }, s.ctx());
    const actions = s.registry.show({ registryNumber: incoming.registryNumber, register: null }).history.map((h) => h.action);
    expect(actions.filter((a) => a === 'reply_linked')).toHaveLength(1);
    expect(overdueList(s.db, { departmentCode: null, limit: 10 }, new Date('2026-11-20T06:00:00Z')).total).toBe(0);
    expect(() =>
      linkReply(s.db, { reply: { registryNumber: reply.registryNumber, register: null }, answers: { registryNumber: reply.registryNumber, register: null } }, s.ctx()),
    ).toThrow(/cannot answer itself/);
    s.db.close();
  });
});

describe('dashboard', () => {
  it('figures equal plain SQL counts: volumes, backlog, overdue, paper/electronic share', () => {
    const s = setup();
    const channels = ['paper', 'electronic', 'both'] as const;
    const directions = ['incoming', 'incoming', 'outgoing', 'internal'] as const;
    let n = 0;
    // Registrations from 20 Sep to 10 Nov 2026, one every ~19 hours, with Kuwait-midnight neighbours.
    for (let t = Date.parse('2026-09-20T06:00:00Z'); t < Date.parse('2026-11-10T20:59:00Z'); t += 19 * 3_600_000 + 7 * 60_000) {
      s.at(new Date(t).toISOString());
      n++;
      const sha = storeTextDocument(s.registry, `كتاب ${n}`, 'l.png', String(n));
      const r = s.registry.register({
        documentSha256: sha,
        direction: directions[n % 4]!,
        channel: channels[n % 3]!,
        counterpart: { code: null, name: 'جهة' },
        subject: `موضوع ${n}`,
      }).registration!;
      if (n % 5 === 0 && r.direction === 'incoming') {
        assignRouting(s.db, { registryNumber: r.registryNumber, register: r.register, departmentCode: 'legal', dueDate: n % 10 === 0 ? '2026-10-01' : '2026-12-31', note: null }, s.ctx());
      }
    }
    s.db.prepare("UPDATE registrations SET annulled = 1, annulled_at = '2026-11-10T08:00:00.000Z', annulment_reason = 'x', annulment_operator = 'y' WHERE id % 7 = 0").run();
    const now = new Date('2026-11-10T20:00:00Z'); // 23:00 Kuwait, 10 Nov
    const d = buildDashboard(s.db, { shareBy: 'month', buckets: 3 }, now);
    const count = (sql: string, ...args: unknown[]) => (s.db.prepare(sql).get(...args) as { n: number }).n;
    expect(d.today).toBe('2026-11-10');
    expect(d.todayVolume.total).toBe(count("SELECT count(*) AS n FROM registrations WHERE registration_date = '2026-11-10'"));
    expect(d.monthVolume.total).toBe(count("SELECT count(*) AS n FROM registrations WHERE registration_date LIKE '2026-11-%'"));
    for (const dir of ['incoming', 'outgoing', 'internal'] as const) {
      expect(d.monthVolume.byDirection[dir]).toBe(count("SELECT count(*) AS n FROM registrations WHERE registration_date LIKE '2026-11-%' AND direction = ?", dir));
    }
    for (const ch of channels) {
      expect(d.monthVolume.byChannel[ch]).toBe(count("SELECT count(*) AS n FROM registrations WHERE registration_date LIKE '2026-11-%' AND channel = ?", ch));
    }
    expect(d.backlog).toBe(
      count("SELECT count(*) AS n FROM registrations r WHERE direction = 'incoming' AND annulled = 0 AND NOT EXISTS (SELECT 1 FROM routings t WHERE t.registration_id = r.id)"),
    );
    expect(d.overdue).toBe(
      count("SELECT count(*) AS n FROM routings t JOIN registrations r ON r.id = t.registration_id WHERE t.done_at IS NULL AND t.due_date < '2026-11-10' AND r.annulled = 0"),
    );
    expect(d.overdue).toBeGreaterThan(0);
    expect(d.share.map((b) => b.bucket)).toEqual(['2026-09', '2026-10', '2026-11']);
    for (const b of d.share) {
      for (const ch of channels) {
        expect(b[ch]).toBe(count('SELECT count(*) AS n FROM registrations WHERE substr(registration_date, 1, 7) = ? AND channel = ?', b.bucket, ch));
      }
    }
    const weeks = buildDashboard(s.db, { shareBy: 'week', buckets: 4 }, now);
    expect(weeks.share.map((b) => [b.from, b.to])).toEqual([
      ['2026-10-18', '2026-10-24'],
      ['2026-10-25', '2026-10-31'],
      ['2026-11-01', '2026-11-07'],
      ['2026-11-08', '2026-11-14'],
    ]);
    for (const b of weeks.share) {
      expect(b.paper + b.electronic + b.both).toBe(count('SELECT count(*) AS n FROM registrations WHERE registration_date BETWEEN ? AND ?', b.from, b.to));
    }
    s.db.close();
  });
});
