/**
 * Paper copies and the dispatch list, against the real exchange process on loopback and real SQLite
 * files: agency MOH (desk MOH-1) sends to MOF (connected, still requires paper) and MOE (connected,
 * electronic only). A letter to MOF gets a dispatch item created in the send's transaction, one to
 * MOE does not unless the clerk ticks "paper follows"; the item moves to_print → printed →
 * handed_over → delivered with who and when, each step an audit event; a step out of order is refused
 * with `dispatch_refused` (by the service, the command line and the database triggers).
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { importDirectory } from '../exchange/admin-ops.ts';
import { addAgency, addDesk, startExchange, type ExchangeServer } from './helpers/exchange-server.ts';
import { createDesk, deskDatabase, disposeDesks, storeDocument, textPdf, type Desk } from './helpers/desks.ts';
import { runCli } from './helpers/cli.ts';

let ex: ExchangeServer;
let moh: Desk;

beforeAll(async () => {
  ex = await startExchange({ pollMs: 100 });
  await addAgency(ex, { code: 'MOH', nameAr: 'وزارة الصحة' });
  await addAgency(ex, { code: 'MOF', nameAr: 'وزارة المالية', requiresPaper: true, connectedSince: '2026-01-05' });
  await addAgency(ex, { code: 'MOE', nameAr: 'وزارة التربية', connectedSince: '2026-02-01' });
  const { file: _file, ...credentials } = await addDesk(ex, { agency: 'MOH', desk: 'MOH-1' });
  moh = await createDesk({ label: 'MOH1', credentials, services: { sync: { auto: false, blockSize: 8 } } });
  await moh.sync(); // the directory (who requires paper) and the first block of numbers
}, 120_000);

afterAll(async () => {
  await disposeDesks(moh ? [moh] : []);
  await ex?.close();
});

async function send(o: { to: string[]; cc?: string[]; paperFollows?: boolean; seed: string }) {
  const doc = textPdf(o.seed);
  const sha256 = await storeDocument(moh, doc.bytes, doc.name, 'طلب بيانات');
  return moh.call('outgoing.send', { documents: [{ sha256, main: true }], to: o.to, cc: o.cc ?? [], subject: `طلب بيانات ${o.seed}`, paperFollows: o.paperFollows ?? false });
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('paper copies of outgoing letters', () => {
  it('the directory from the exchange says who still requires paper', async () => {
    const dir = await moh.call('directory.list', {});
    expect(dir.find((a) => a.code === 'MOF')).toMatchObject({ requiresPaper: true, connectedSince: '2026-01-05' });
    expect(dir.find((a) => a.code === 'MOE')).toMatchObject({ requiresPaper: false, connectedSince: '2026-02-01' });
  });

  it('a letter to a requires-paper agency gets a dispatch item, one to another agency does not', async () => {
    const toMof = await send({ to: ['MOF'], seed: 'mof-1' });
    const toMoe = await send({ to: ['MOE'], seed: 'moe-1' });
    const items = (await moh.call('dispatch.list', { state: 'all' })).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      registryNumber: toMof.registration.registryNumber,
      registrationId: toMof.registration.id,
      recipientCode: 'MOF',
      recipientName: 'وزارة المالية',
      role: 'to',
      reason: 'requires_paper',
      state: 'to_print',
      createdBy: 'clerk-MOH1',
      printedAt: null,
    });
    expect((await moh.call('dispatch.list', { registryNumber: toMoe.registration.registryNumber, state: 'all' })).items).toEqual([]);
    // leaving both ways shows in the register: channel both, complementary paper; the other letter is electronic only
    expect(toMof.registration).toMatchObject({ channel: 'both', documentation: 'complementary_paper', transport: 'exchange' });
    expect(toMoe.registration).toMatchObject({ channel: 'electronic', documentation: 'no_paper', transport: 'exchange' });
    // the letter itself still leaves electronically
    const round = await moh.sync();
    expect(round.errors).toEqual([]);
    expect(round.sentMessages).toBe(2);
    // the queued event is in the registration's history, with who and when
    const db = new Database(deskDatabase(moh), { readonly: true });
    const audit = db.prepare("SELECT operator, details FROM audit_log WHERE action = 'paper_copy_queued' AND registration_id = ?").all(toMof.registration.id) as Array<{ operator: string; details: string }>;
    db.close();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ recipient: 'MOF', reason: 'requires_paper' });
  });

  it('"paper follows" gives every recipient a copy; a cc that requires paper gets one as cc', async () => {
    const both = await send({ to: ['MOE'], cc: ['MOF'], seed: 'both-1' });
    const mine = (await moh.call('dispatch.list', { registryNumber: both.registration.registryNumber, state: 'all' })).items;
    expect(mine.map((i) => [i.recipientCode, i.role, i.reason])).toEqual([['MOF', 'cc', 'requires_paper']]);
    const follows = await send({ to: ['MOE', 'MOF'], paperFollows: true, seed: 'follows-1' });
    const items = (await moh.call('dispatch.list', { registryNumber: follows.registration.registryNumber, state: 'all' })).items;
    expect(items.map((i) => [i.recipientCode, i.reason])).toEqual([
      ['MOE', 'paper_follows'],
      ['MOF', 'requires_paper'],
    ]);
  });

  it('printed, handed over, delivered: who and when; steps out of order are refused', async () => {
    const sent = await send({ to: ['MOF'], seed: 'steps-1' });
    const [item] = (await moh.call('dispatch.list', { registryNumber: sent.registration.registryNumber })).items;
    const id = item!.id;
    // delivering something never handed over
    const early = await refusal(moh.call('dispatch.recordDelivery', { id, receivedBy: 'سالم' }));
    expect(early.kind).toBe('dispatch_refused');
    expect(early.details).toMatchObject({ state: 'to_print', requested: 'delivered', expected: 'handed_over' });
    expect((await refusal(moh.call('dispatch.handOver', { id, carrier: 'مندوب البريد' }))).kind).toBe('dispatch_refused');

    const printed = await moh.call('dispatch.markPrinted', { id });
    expect(printed).toMatchObject({ state: 'printed', printedBy: 'clerk-MOH1' });
    expect((await refusal(moh.call('dispatch.markPrinted', { id }))).details).toMatchObject({ state: 'printed', requested: 'printed' });
    const handed = await moh.call('dispatch.handOver', { id, carrier: 'مندوب الوزارة أحمد', transport: 'by_hand' });
    expect(handed).toMatchObject({ state: 'handed_over', carrier: 'مندوب الوزارة أحمد', transport: 'by_hand', handedOverBy: 'clerk-MOH1' });
    // a delivery time before the hand-over or in the future is refused
    expect((await refusal(moh.call('dispatch.recordDelivery', { id, receivedBy: 'سالم', deliveredAt: '2020-01-01T08:00:00Z' }))).kind).toBe('validation');
    const future = new Date(moh.clock!.now().getTime() + 3_600_000).toISOString();
    expect((await refusal(moh.call('dispatch.recordDelivery', { id, receivedBy: 'سالم', deliveredAt: future }))).kind).toBe('validation');
    moh.clock!.advance(30 * 60_000);
    const delivered = await moh.call('dispatch.recordDelivery', { id, receivedBy: 'سالم العنزي', note: 'وقّع على الدفتر' });
    expect(delivered).toMatchObject({ state: 'delivered', receivedBy: 'سالم العنزي', deliveryRecordedBy: 'clerk-MOH1', note: 'وقّع على الدفتر' });
    expect(Date.parse(delivered.deliveredAt!)).toBeGreaterThan(Date.parse(delivered.handedOverAt!));
    expect((await refusal(moh.call('dispatch.recordDelivery', { id, receivedBy: 'سالم' }))).kind).toBe('dispatch_refused');
    expect((await refusal(moh.call('dispatch.markPrinted', { id: 999_999 }))).kind).toBe('not_found');

    // delivered items leave the open list
    expect((await moh.call('dispatch.list', {})).items.map((i) => i.id)).not.toContain(id);
    expect((await moh.call('dispatch.list', { state: 'delivered' })).items.map((i) => i.id)).toEqual([id]);

    // every step is an audit event of the registration, and the database refuses going back or deleting
    const db = new Database(deskDatabase(moh));
    try {
      const actions = db.prepare('SELECT action FROM audit_log WHERE registration_id = ? ORDER BY id').pluck().all(sent.registration.id);
      expect(actions).toEqual(['registered', 'paper_copy_queued', 'paper_copy_printed', 'paper_copy_handed_over', 'paper_copy_delivered']);
      expect(() => db.prepare("UPDATE paper_dispatch SET state = 'printed' WHERE id = ?").run(id)).toThrow(/one step forward/);
      expect(() => db.prepare("UPDATE paper_dispatch SET received_by = 'x' WHERE id = ?").run(id)).toThrow(/one step forward/);
      expect(() => db.prepare('DELETE FROM paper_dispatch WHERE id = ?').run(id)).toThrow(/never deleted/);
      const other = (db.prepare("SELECT id FROM paper_dispatch WHERE state = 'to_print' ORDER BY id LIMIT 1").pluck().get()) as number;
      expect(() => db.prepare("UPDATE paper_dispatch SET state = 'delivered', delivered_at = 'x' WHERE id = ?").run(other)).toThrow(/one step forward/);
    } finally {
      db.close();
    }
  });

  it('follows the exchange: an agency that starts or stops requiring paper is seen at the next sync', async () => {
    await importDirectory(ex.dataDir, [
      { code: 'MOF', nameAr: 'وزارة المالية', nameEn: 'Agency MOF', connectedSince: '2026-01-05', requiresPaper: false },
      { code: 'MOE', nameAr: 'وزارة التربية', nameEn: 'Agency MOE', connectedSince: '2026-02-01', requiresPaper: true },
    ]);
    await moh.sync();
    const dir = await moh.call('directory.list', {});
    expect(dir.find((a) => a.code === 'MOF')?.requiresPaper).toBe(false);
    expect(dir.find((a) => a.code === 'MOE')?.requiresPaper).toBe(true);
    const toMoe = await send({ to: ['MOE'], seed: 'moe-2' });
    const toMof = await send({ to: ['MOF'], seed: 'mof-2' });
    expect((await moh.call('dispatch.list', { registryNumber: toMoe.registration.registryNumber })).items.map((i) => i.reason)).toEqual(['requires_paper']);
    expect((await moh.call('dispatch.list', { registryNumber: toMof.registration.registryNumber })).items).toEqual([]);
    // back as it was, for the tests that follow
    await importDirectory(ex.dataDir, [
      { code: 'MOF', nameAr: 'وزارة المالية', nameEn: 'Agency MOF', connectedSince: '2026-01-05', requiresPaper: true },
      { code: 'MOE', nameAr: 'وزارة التربية', nameEn: 'Agency MOE', connectedSince: '2026-02-01', requiresPaper: false },
    ]);
    await moh.sync();
    expect((await moh.call('directory.list', {})).find((a) => a.code === 'MOF')?.requiresPaper).toBe(true);
  });

  it('the command line lists the copies and refuses a step out of order', async () => {
    const sent = await send({ to: ['MOF'], seed: 'cli-1' });
    const list = await runCli(['--data-dir', moh.dataDir, 'dispatch', 'list', '--number', sent.registration.registryNumber]);
    expect(list.code).toBe(0);
    const items = list.out.trim().split('\n').map((l) => JSON.parse(l) as { id: number; state: string; recipientCode: string });
    expect(items).toMatchObject([{ state: 'to_print', recipientCode: 'MOF' }]);
    const early = await runCli(['--data-dir', moh.dataDir, 'dispatch', 'delivered', String(items[0]!.id), '--received-by', 'سالم']);
    expect(early.code).toBe(1);
    expect(JSON.parse(early.err).error.kind).toBe('dispatch_refused');
    const printed = await runCli(['--data-dir', moh.dataDir, 'dispatch', 'printed', String(items[0]!.id)]);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.out)).toMatchObject({ id: items[0]!.id, state: 'printed' });
    const handed = await runCli(['--data-dir', moh.dataDir, 'dispatch', 'hand-over', String(items[0]!.id), '--carrier', 'البريد السريع 123', '--transport', 'courier']);
    expect(JSON.parse(handed.out)).toMatchObject({ state: 'handed_over', carrier: 'البريد السريع 123', transport: 'courier' });
  });

  it('a send that fails leaves no dispatch item behind', async () => {
    const before = (await moh.call('dispatch.list', { state: 'all' })).items.length;
    const e = await refusal(moh.call('outgoing.send', { documents: [{ sha256: 'a'.repeat(64), main: true }], to: ['MOF'], subject: 'بلا مستند' }));
    expect(e.kind).toBe('not_found');
    expect((await moh.call('dispatch.list', { state: 'all' })).items).toHaveLength(before);
  });
});
