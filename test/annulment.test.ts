/**
 * Annulment over the real services and SQLite file: a clerk's request, a supervisor's approval or
 * refusal; the record stays with its original values, is marked annulled in the register, search and
 * record; the number is never given again; every step is in the record's history with its operator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { openDesk, PASSWORDS, type TestDesk } from './helpers/desk.ts';

const open: TestDesk[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.services.close();
});
async function desk(accounts: boolean): Promise<TestDesk> {
  const d = await openDesk({ accounts });
  open.push(d);
  return d;
}
async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? `${err.kind}${err.details?.rule ? `:${String(err.details.rule)}` : ''}` : `thrown: ${String(err)}`;
  }
}

describe('annulment', () => {
  it('keeps the record and its values, marks it annulled everywhere, and never reuses its number', async () => {
    const d = await desk(true);
    const h = d.services.handlers;
    await d.signIn('karim', PASSWORDS.clerk);
    const first = await d.registerLetter('طلب تعيين موظفين جدد');
    const second = await d.registerLetter('دعوة لحضور اجتماع');
    expect([first, second]).toEqual(['2026/000001', '2026/000002']);
    const before = await h['registry.show']({ registryNumber: first, register: null });

    const req = await h['registry.requestAnnulment']({ registryNumber: `  ${first.replace(/\d/g, (c) => '٠١٢٣٤٥٦٧٨٩'[Number(c)]!)} `, register: null, reason: 'سُجّل باسم الجهة الخطأ' });
    expect(req).toMatchObject({ status: 'pending', registryNumber: first, requestedBy: 'karim', reason: 'سُجّل باسم الجهة الخطأ' });
    expect(await kindOf(h['registry.requestAnnulment']({ registryNumber: first, register: null, reason: 'مرة ثانية' }))).toBe('validation:annulment_pending');
    expect((await h['registry.show']({ registryNumber: first, register: null })).pendingAnnulment?.id).toBe(req.id);
    expect((await h['registry.annulmentRequests']({ status: 'pending', limit: 10 })).items.map((r) => r.id)).toEqual([req.id]);

    await d.signOut();
    await d.signIn('sara', PASSWORDS.supervisor);
    const approved = await h['registry.approveAnnulment']({ requestId: req.id, authorisingReference: 'قرار المدير رقم 17/2026' });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'sara', authorisingReference: 'قرار المدير رقم 17/2026' });
    expect(await kindOf(h['registry.approveAnnulment']({ requestId: req.id, authorisingReference: 'x' }))).toBe('validation:already_decided');
    expect(await kindOf(h['registry.refuseAnnulment']({ requestId: req.id, reason: 'x' }))).toBe('validation:already_decided');
    expect(await kindOf(h['registry.requestAnnulment']({ registryNumber: first, register: null, reason: 'مرة ثالثة' }))).toBe('validation:already_annulled');

    // the record stays, with its original values, marked annulled
    const after = await h['registry.show']({ registryNumber: first, register: null });
    expect(after).toMatchObject({
      registryNumber: before.registryNumber,
      subject: before.subject,
      counterpartName: before.counterpartName,
      referenceNumber: before.referenceNumber,
      registeredAt: before.registeredAt,
      annulled: true,
      pendingAnnulment: null,
      annulment: { reason: 'سُجّل باسم الجهة الخطأ', operator: 'sara', authorisingReference: 'قرار المدير رقم 17/2026', requestedBy: 'karim', at: d.clock.now.toISOString() },
    });
    expect(after.documents).toEqual(before.documents);
    expect(after.history.map((e) => [e.action, e.operator])).toEqual([
      ['registered', 'karim'],
      ['annulment_requested', 'karim'],
      ['annulled', 'sara'],
    ]);
    // in the register and in search results
    const page = await h['registry.page']({ register: null, offset: 0, limit: 10 });
    expect(page.items.map((r) => [r.registryNumber, r.annulled])).toEqual([[second, false], [first, true]]);
    expect((await h['registry.search']({ query: 'تعيين موظفين', limit: 10, beforeId: null })).items.map((r) => [r.registryNumber, r.annulled])).toEqual([[first, true]]);

    // the number is not given again
    await d.signOut();
    await d.signIn('karim', PASSWORDS.clerk);
    expect(await d.registerLetter('كتاب بعد الإلغاء')).toBe('2026/000003');
    expect(d.services.registry.db.prepare('SELECT count(*) AS n FROM registrations WHERE registry_number = ?').get(first)).toEqual({ n: 1 });
    // the database refuses undoing it
    expect(() => d.services.registry.db.prepare('UPDATE registrations SET annulled = 0 WHERE registry_number = ?').run(first)).toThrow(/annulment is final/);
    expect(d.services.registry.verifyAudit().ok).toBe(true);
  });

  it('is refused by a supervisor: the record is unchanged and may be requested again', async () => {
    const d = await desk(true);
    const h = d.services.handlers;
    await d.signIn('karim', PASSWORDS.clerk);
    const number = await d.registerLetter('كتاب سليم');
    const req = await h['registry.requestAnnulment']({ registryNumber: number, register: null, reason: 'ظننته مكررًا' });
    await d.signOut();
    await d.signIn('sara', PASSWORDS.supervisor);
    const refused = await h['registry.refuseAnnulment']({ requestId: req.id, reason: 'ليس مكررًا' });
    expect(refused).toMatchObject({ status: 'refused', refusalReason: 'ليس مكررًا', decidedBy: 'sara' });
    const rec = await h['registry.show']({ registryNumber: number, register: null });
    expect(rec).toMatchObject({ annulled: false, annulment: null, pendingAnnulment: null });
    expect(rec.history.map((e) => e.action)).toEqual(['registered', 'annulment_requested', 'annulment_refused']);
    expect((await h['registry.annulmentRequests']({ status: 'all', limit: 10 })).items.map((r) => r.status)).toEqual(['refused']);
    // a supervisor may ask too, but not approve their own request
    const own = await h['registry.requestAnnulment']({ registryNumber: number, register: null, reason: 'مكرر فعلًا' });
    expect(await kindOf(h['registry.approveAnnulment']({ requestId: own.id, authorisingReference: 'x' }))).toBe('forbidden:four_eyes');
    expect(await kindOf(h['registry.approveAnnulment']({ requestId: 4242, authorisingReference: 'x' }))).toBe('not_found');
  });

  it('works on a desk without accounts (the OS user requests and approves)', async () => {
    const d = await desk(false);
    const h = d.services.handlers;
    const number = await d.registerLetter('كتاب');
    const req = await h['registry.requestAnnulment']({ registryNumber: number, register: null, reason: 'خطأ' });
    const done = await h['registry.approveAnnulment']({ requestId: req.id, authorisingReference: 'محضر 3' });
    expect(done).toMatchObject({ requestedBy: 'os-user', decidedBy: 'os-user', status: 'approved' });
  });
});
