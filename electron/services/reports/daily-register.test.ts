/**
 * The daily register over a real SQLite file with an injected clock: totals against the days the
 * registrations were made on (random times, Kuwait midnight boundaries), annulments, declared gaps,
 * sealing in order, automatic sealing, and verification naming a tampered day.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { openTestRegistry, registerText, storeTextDocument, tempDir } from '../../../test/helpers/registry-fixture.ts';
import { buildDailyRegister } from './daily-register.ts';
import { autoSeal, declareGap, sealDay, verifySeals } from './daily-seal.ts';
import { approveAnnulment, requestAnnulment } from '../registry/annulment.ts';

/** The Kuwait day of an instant, computed independently of the code under test (UTC+3, no DST). */
const kuwaitDay = (ms: number) => new Date(ms + 3 * 3_600_000).toISOString().slice(0, 10);

/** A small seeded PRNG (mulberry32) so a failure is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function setup() {
  let now = Date.parse('2026-11-20T06:00:00Z');
  const clock = { set: (ms: number) => (now = ms), get: () => now };
  const { db, registry } = openTestRegistry(tempDir(), { clock: () => new Date(now) });
  let n = 0;
  const registerAt = (ms: number, fields: { subject?: string } = {}) => {
    clock.set(ms);
    n++;
    return registerText(registry, `كتاب ${n}`, { salt: String(n), ...fields });
  };
  return { db, registry, clock, registerAt };
}

function expectSealRefused(fn: () => unknown, reason: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('seal_refused');
    expect((err as AppError).details?.reason).toBe(reason);
    return;
  }
  throw new Error(`expected seal_refused (${reason})`);
}

describe('daily register', () => {
  it('the daily total equals the registrations of that Kuwait day, for random times around midnight', () => {
    for (const seed of [1, 2, 3]) {
      const { db, registerAt } = setup();
      const random = rng(seed);
      // Kuwait midnight of 2026-11-21 is 2026-11-20T21:00Z; pick times over three days, with a third
      // of them within a minute of a Kuwait midnight (23:59 and 00:01 included).
      const midnights = [Date.parse('2026-11-20T21:00:00Z'), Date.parse('2026-11-21T21:00:00Z')];
      const times: number[] = [
        Date.parse('2026-11-20T20:59:00Z'), // 23:59 Kuwait, 20 Nov
        Date.parse('2026-11-20T21:01:00Z'), // 00:01 Kuwait, 21 Nov
        Date.parse('2026-11-20T20:59:59.999Z'),
        Date.parse('2026-11-20T21:00:00.000Z'),
      ];
      for (let i = 0; i < 40; i++) {
        if (random() < 0.35) times.push(midnights[Math.floor(random() * 2)]! + Math.round((random() - 0.5) * 120_000));
        else times.push(Date.parse('2026-11-19T21:00:00Z') + Math.floor(random() * 3 * 86_400_000));
      }
      times.sort((a, b) => a - b);
      const byDay = new Map<string, string[]>();
      for (const t of times) {
        const r = registerAt(t);
        byDay.set(kuwaitDay(t), [...(byDay.get(kuwaitDay(t)) ?? []), r.registryNumber]);
      }
      const now = new Date(Date.parse('2026-11-25T06:00:00Z'));
      let total = 0;
      for (const day of ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']) {
        const reg = buildDailyRegister(db, day, now);
        const expected = byDay.get(day) ?? [];
        expect(reg.totals.registrations).toBe(expected.length);
        expect(reg.items.map((i) => i.registryNumber)).toEqual(expected); // number order
        expect(reg.totals.byDirection.incoming).toBe(expected.length);
        expect(reg.totals.byChannel.paper).toBe(expected.length);
        if (expected.length > 0) expect(reg.registers).toEqual([{ register: 'incoming', first: expected[0], last: expected.at(-1), count: expected.length }]);
        total += reg.totals.registrations;
      }
      expect(total).toBe(times.length);
      const d20 = buildDailyRegister(db, '2026-11-20', now);
      expect(d20.items.some((i) => i.time === '23:59')).toBe(true);
      expect(buildDailyRegister(db, '2026-11-21', now).items.some((i) => i.time === '00:01')).toBe(true);
      db.close();
    }
  });

  it('a day with an annulment shows it and keeps the record; the annulling day lists it too', () => {
    const { db, registerAt } = setup();
    const a = registerAt(Date.parse('2026-11-20T07:00:00Z'));
    const b = registerAt(Date.parse('2026-11-20T08:00:00Z'));
    // Annulled the next day (the annulment columns are set once, as an approved annulment sets them).
    db.prepare("UPDATE registrations SET annulled = 1, annulled_at = ?, annulment_reason = ?, annulment_operator = 'supervisor' WHERE id = ?").run(
      '2026-11-21T06:30:00.000Z', 'قيد مكرر بالخطأ', b.id,
    );
    const now = new Date('2026-11-22T06:00:00Z');
    const d20 = buildDailyRegister(db, '2026-11-20', now);
    expect(d20.totals.registrations).toBe(2);
    expect(d20.items.map((i) => [i.registryNumber, i.annulled])).toEqual([
      [a.registryNumber, false],
      [b.registryNumber, true],
    ]);
    expect(d20.annulments).toEqual([]);
    const d21 = buildDailyRegister(db, '2026-11-21', now);
    expect(d21.totals.registrations).toBe(0);
    expect(d21.annulments).toEqual([
      expect.objectContaining({ registryNumber: b.registryNumber, registrationDate: '2026-11-20', reason: 'قيد مكرر بالخطأ', operator: 'supervisor' }),
    ]);
    db.close();
  });

  it('an annulment approved through the annulment requests appears on its day, keeps the record and the earlier seal', () => {
    const { db, registerAt, clock } = setup();
    const a = registerAt(Date.parse('2026-11-20T07:00:00Z'));
    autoSeal(db, { now: new Date('2026-11-21T22:00:00Z'), graceHours: 0, maxDays: 5 }); // seals the 20th
    let who = 'clerk-1';
    const ctx = { clock: () => new Date(clock.get()), operator: () => who, distinctApprover: () => true };
    clock.set(Date.parse('2026-11-22T06:00:00Z'));
    const req = requestAnnulment(db, { registryNumber: a.registryNumber, register: null, reason: 'الجهة خطأ' }, ctx);
    who = 'supervisor-1';
    clock.set(Date.parse('2026-11-22T07:00:00Z'));
    approveAnnulment(db, { requestId: req.id, authorisingReference: 'قرار 12/2026' }, ctx);
    const now = new Date('2026-11-23T06:00:00Z');
    const d22 = buildDailyRegister(db, '2026-11-22', now);
    expect(d22.annulments).toEqual([
      expect.objectContaining({ registryNumber: a.registryNumber, registrationDate: '2026-11-20', reason: 'الجهة خطأ', operator: 'supervisor-1', authorisingReference: 'قرار 12/2026' }),
    ]);
    expect(d22.corrections).toEqual([]); // the annulment is listed once, as an annulment
    const d20 = buildDailyRegister(db, '2026-11-20', now);
    expect(d20.items.map((i) => [i.registryNumber, i.annulled])).toEqual([[a.registryNumber, true]]);
    expect(d20.totals.registrations).toBe(1);
    // The 20th was sealed before the annulment: its seal still holds.
    expect(d20.seal?.contentSha256).toBe(d20.contentSha256);
    expect(verifySeals(db)).toMatchObject({ ok: true });
    db.close();
  });

  it('a twin linked after the day was sealed: the record shows both channels, the link is a correction of its own day, the seal still holds', () => {
    const { db, registry, clock } = setup();
    clock.set(Date.parse('2026-11-20T07:00:00Z'));
    const sha = storeTextDocument(registry, 'كتاب إلكتروني', 'letter.pdf');
    const e = registry.register({ documentSha256: sha, channel: 'electronic', counterpart: { code: 'MOH', name: 'وزارة الصحة' }, subject: 'تعميم' }).registration!;
    autoSeal(db, { now: new Date('2026-11-21T22:00:00Z'), graceHours: 0, maxDays: 5 }); // seals the 20th and 21st
    clock.set(Date.parse('2026-11-22T06:00:00Z'));
    const paper = storeTextDocument(registry, 'كتاب ورقي', 'scan.png');
    registry.attach({ registrationId: e.id, documentSha256: paper, role: 'twin', twin: { channel: 'paper', transport: 'courier', score: 0.9 } });
    const now = new Date('2026-11-23T06:00:00Z');
    const d20 = buildDailyRegister(db, '2026-11-20', now);
    expect(d20.items.map((i) => [i.registryNumber, i.channel])).toEqual([[e.registryNumber, 'both']]);
    expect(d20.seal?.contentSha256).toBe(d20.contentSha256);
    expect(buildDailyRegister(db, '2026-11-22', now).corrections.map((c) => [c.registryNumber, c.action])).toEqual([[e.registryNumber, 'twin_linked']]);
    expect(verifySeals(db)).toMatchObject({ ok: true });
    // a channel changed behind the registry's back is still caught
    db.prepare("UPDATE twin_links SET channel = 'electronic' WHERE registration_id = ?").run(e.id);
    expect(verifySeals(db)).toMatchObject({ ok: false });
    db.close();
  });

  it('lists the gaps declared on the day, and refuses a gap over a given number', () => {
    const { db, registerAt, clock } = setup();
    registerAt(Date.parse('2026-11-20T07:00:00Z'));
    clock.set(Date.parse('2026-11-20T09:00:00Z'));
    const gap = declareGap(db, { register: 'incoming', year: 2026, fromSeq: 100, toSeq: 120, reason: 'أرقام دفتر قديم لم تستخدم' }, { now: new Date(clock.get()), operator: 'supervisor' });
    expect(buildDailyRegister(db, '2026-11-20', new Date(clock.get())).gaps).toEqual([gap]);
    expect(() => declareGap(db, { register: 'incoming', year: 2026, fromSeq: 1, toSeq: 5, reason: 'خطأ' }, { now: new Date(clock.get()), operator: 'x' })).toThrow(
      /is a registration/,
    );
    db.close();
  });

  it('seals ended days in order, chains them, and refuses today, a skipped day and a second seal', () => {
    const { db, registerAt } = setup();
    registerAt(Date.parse('2026-11-20T07:00:00Z'));
    registerAt(Date.parse('2026-11-22T07:00:00Z')); // 21 Nov has no registration
    const now = new Date('2026-11-22T10:00:00Z');
    const ctx = { now, operator: 'supervisor', automatic: false };
    expectSealRefused(() => sealDay(db, '2026-11-22', ctx), 'not_ended');
    expectSealRefused(() => sealDay(db, '2026-11-21', ctx), 'out_of_order');
    sealDay(db, '2026-11-20', ctx);
    expectSealRefused(() => sealDay(db, '2026-11-20', ctx), 'already_sealed');
    expectSealRefused(() => sealDay(db, '2026-11-19', ctx), 'before_chain');
    sealDay(db, '2026-11-21', ctx); // an empty day is sealed too
    const d20 = buildDailyRegister(db, '2026-11-20', now);
    const d21 = buildDailyRegister(db, '2026-11-21', now);
    expect(d20.state).toBe('sealed');
    expect(d20.seal).toMatchObject({ position: 1, prevHash: '0'.repeat(64), sealedBy: 'supervisor', automatic: false, registrations: 1 });
    expect(d20.seal?.contentSha256).toBe(d20.contentSha256);
    expect(d21.seal).toMatchObject({ position: 2, prevHash: d20.seal?.hash, registrations: 0 });
    expect(buildDailyRegister(db, '2026-11-22', now).state).toBe('open');
    expect(verifySeals(db)).toEqual({ ok: true, sealedDays: 2, lastDay: '2026-11-21' });
    // Sealed rows cannot be changed or removed.
    expect(() => db.prepare("UPDATE daily_seals SET sealed_by = 'x'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM daily_seals').run()).toThrow(/immutable/);
    db.close();
  });

  it('seals automatically after the grace period, oldest day first, and not before', () => {
    const { db, registerAt } = setup();
    registerAt(Date.parse('2026-11-18T07:00:00Z'));
    registerAt(Date.parse('2026-11-20T07:00:00Z'));
    // 21 Nov 10:00 Kuwait: the 18th, 19th have ended more than 24 h ago; the 20th ended 10 h ago.
    const now = new Date('2026-11-21T07:00:00Z');
    expect(autoSeal(db, { now, graceHours: 24, maxDays: 10 })).toEqual(['2026-11-18', '2026-11-19']);
    expect(buildDailyRegister(db, '2026-11-20', now).state).toBe('unsealed');
    expect(autoSeal(db, { now, graceHours: 24, maxDays: 10 })).toEqual([]);
    // A bounded run, then the rest.
    const later = new Date('2026-11-26T07:00:00Z');
    expect(autoSeal(db, { now: later, graceHours: 0, maxDays: 2 })).toEqual(['2026-11-20', '2026-11-21']);
    expect(autoSeal(db, { now: later, graceHours: 0, maxDays: 10 })).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
    const seal = buildDailyRegister(db, '2026-11-18', later).seal;
    expect(seal).toMatchObject({ automatic: true, sealedBy: 'system' });
    expect(verifySeals(db)).toMatchObject({ ok: true, sealedDays: 8, lastDay: '2026-11-25' });
    db.close();
  });

  it('verification names the day whose registration, seal row or content was tampered with', () => {
    const { db, registerAt } = setup();
    const a = registerAt(Date.parse('2026-11-18T07:00:00Z'));
    registerAt(Date.parse('2026-11-19T07:00:00Z'));
    const c = registerAt(Date.parse('2026-11-20T07:00:00Z'));
    autoSeal(db, { now: new Date('2026-11-23T07:00:00Z'), graceHours: 0, maxDays: 10 });
    expect(verifySeals(db)).toMatchObject({ ok: true, sealedDays: 5 });

    // Someone edits a registration of the 20th directly in SQLite (after removing the trigger).
    db.exec('DROP TRIGGER registrations_immutable');
    db.prepare("UPDATE registrations SET subject = 'موضوع معدل' WHERE id = ?").run(c.id);
    expect(verifySeals(db)).toMatchObject({ ok: false, brokenDay: '2026-11-20', reason: 'content_changed' });
    // The earliest broken day is named: now the 18th too.
    db.prepare("UPDATE registrations SET counterpart_name = 'جهة أخرى' WHERE id = ?").run(a.id);
    expect(verifySeals(db)).toMatchObject({ ok: false, brokenDay: '2026-11-18', reason: 'content_changed', sealedDays: 0 });
    db.close();
  });

  it('verification names a day whose seal row was edited, removed, or that got a backdated registration', () => {
    const { db, registerAt } = setup();
    registerAt(Date.parse('2026-11-18T07:00:00Z'));
    registerAt(Date.parse('2026-11-19T07:00:00Z'));
    autoSeal(db, { now: new Date('2026-11-23T07:00:00Z'), graceHours: 0, maxDays: 10 });
    db.exec('DROP TRIGGER daily_seals_no_update; DROP TRIGGER daily_seals_no_delete');

    const d19 = db.prepare("SELECT * FROM daily_seals WHERE day = '2026-11-19'").get() as Record<string, unknown>;
    db.prepare("UPDATE daily_seals SET content_sha256 = ? WHERE day = '2026-11-19'").run('f'.repeat(64));
    expect(verifySeals(db)).toMatchObject({ ok: false, brokenDay: '2026-11-19', reason: 'chain_broken', sealedDays: 1 });
    db.prepare("UPDATE daily_seals SET content_sha256 = ? WHERE day = '2026-11-19'").run(d19.content_sha256);
    expect(verifySeals(db).ok).toBe(true);

    db.prepare("DELETE FROM daily_seals WHERE day = '2026-11-20'").run();
    expect(verifySeals(db)).toMatchObject({ ok: false, brokenDay: '2026-11-20', reason: 'day_missing' });
    db.close();

    // A registration inserted into an empty sealed day (the 21st).
    const s = setup();
    s.registerAt(Date.parse('2026-11-20T07:00:00Z'));
    s.registerAt(Date.parse('2026-11-23T07:00:00Z'));
    autoSeal(s.db, { now: new Date('2026-11-23T07:00:00Z'), graceHours: 0, maxDays: 10 });
    expect(verifySeals(s.db)).toMatchObject({ ok: true, sealedDays: 3 });
    s.db.prepare(
      `INSERT INTO registrations (register, year, seq, registry_number, registered_at, registration_date, direction, channel, counterpart_name, subject, classification, priority, operator)
       VALUES ('incoming', 2026, 999, '2026/000999', '2026-11-21T08:00:00.000Z', '2026-11-21', 'incoming', 'paper', 'جهة', 'مدسوس', 'ordinary', 'normal', 'x')`,
    ).run();
    expect(verifySeals(s.db)).toMatchObject({ ok: false, brokenDay: '2026-11-21', reason: 'content_changed' });
    s.db.prepare(
      `INSERT INTO registrations (register, year, seq, registry_number, registered_at, registration_date, direction, channel, counterpart_name, subject, classification, priority, operator)
       VALUES ('incoming', 2026, 998, '2026/000998', '2026-11-10T08:00:00.000Z', '2026-11-10', 'incoming', 'paper', 'جهة', 'قبل السلسلة', 'ordinary', 'normal', 'x')`,
    ).run();
    expect(verifySeals(s.db)).toMatchObject({ ok: false, brokenDay: '2026-11-10', reason: 'registration_before_chain' });
    s.db.close();
  });
});
