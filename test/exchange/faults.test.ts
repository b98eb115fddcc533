/**
 * Faults between real desks and the real exchange process: refused and cut connections (a proxy per
 * desk), the exchange killed mid-upload and restarted, a desk offline for a day, expiry, two desks
 * of one agency working at once and offline. Every scenario ends with the invariant checker.
 *
 * Agencies: A = MOH (desks A1, A2), B = MOF (desk B1). Number blocks of 4, so offline desks run out
 * and issue emergency numbers.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../electron/services/blobs/store.ts';
import { dataLayout } from '../../electron/services/paths.ts';
import {
  checkInvariants,
  createWorld,
  deskDatabase,
  recipientStates,
  sendLetter,
  storeDocument,
  syncUntilQuiet,
  textPdf,
  type Desk,
  type World,
} from '../helpers/desks.ts';
import { exchangeFetch } from '../helpers/exchange-server.ts';

const MiB = 1024 * 1024;
const DAY = 24 * 3600_000;

let w: World;
let A1: Desk, A2: Desk, B1: Desk;
const undelivered: string[] = [];
const quiet = (desks = w.desks) => syncUntilQuiet(desks);
const invariants = () => checkInvariants(w.desks, { undelivered });

beforeAll(async () => {
  w = await createWorld(
    [
      { label: 'A1', agency: 'MOH', desk: 'MOH-1' },
      { label: 'A2', agency: 'MOH', desk: 'MOH-2' },
      { label: 'B1', agency: 'MOF', desk: 'MOF-1' },
    ],
    { sync: { blockSize: 4 } },
  );
  [A1, A2, B1] = ['A1', 'A2', 'B1'].map((l) => w.desk(l)) as [Desk, Desk, Desk];
  await quiet();
});
afterEach(() => {
  for (const d of w.desks) {
    w.proxy(d.label).setFault({ kind: 'pass' });
    w.proxy(d.label).setRate(0);
  }
});
afterAll(async () => {
  await w?.close();
});

async function inboxIds(d: Desk): Promise<string[]> {
  return (await d.call('inbox.list', { state: 'all', limit: 500 })).items.map((i) => i.messageId);
}

/** Rows of a desk's database, read-only. */
function rows<T>(d: Desk, sql: string, ...params: unknown[]): T[] {
  const db = new Database(deskDatabase(d), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Registers an incoming paper letter on a desk (document stored as intake would). */
async function registerPaper(d: Desk, seed: string, fields: { referenceNumber?: string; counterpart?: string } = {}) {
  const doc = textPdf(seed);
  const sha = await storeDocument(d, doc.bytes, doc.name, `Reference: ${seed}`);
  const r = await d.call('registry.register', {
    documentSha256: sha,
    counterpart: { code: 'MPW', name: fields.counterpart ?? 'وزارة الأشغال العامة' },
    referenceNumber: fields.referenceNumber ?? `ص/${seed}`,
    referenceDate: '2026-11-20',
    subject: `كتاب ورقي ${seed}`,
  });
  return r.registration!;
}

describe('faults between desks and the exchange', () => {
  it('a send that failed in flight is retried with the same message id and processed once', async () => {
    // the connection drops after the first 60 bytes of the letter's POST: the exchange stored nothing
    // (twice: a round tries its messages again after pulling)
    w.proxy('A1').setFault({ kind: 'cut', direction: 'up', afterBytes: 60, match: /^POST \/v1\/messages/m, times: 2 });
    const L = await sendLetter(A1, { to: ['MOF'], subject: 'إعادة بعد محاولة فاشلة' });
    const first = await A1.sync();
    expect(first.sentMessages).toBe(0);
    expect(first.errors.map((e) => e.kind)).toContain('exchange_unreachable');
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).toBe('queued');
    expect(await inboxIds(B1)).not.toContain(L.messageId);
    const second = await A1.sync();
    expect(second.sentMessages).toBe(1);
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).toBe('sent');
    await quiet();
    expect((await inboxIds(B1)).filter((id) => id === L.messageId)).toHaveLength(1);
    expect(rows(A1, "SELECT key FROM outbox WHERE kind = 'message' AND key = ?", `message:${L.messageId}`)).toHaveLength(1);
    invariants();
  });

  it('the sync indicator shows a letter as sent only once the exchange acknowledged it; the retry sends no second message', async () => {
    // the exchange takes the letter but the answer never reaches the desk
    w.proxy('A1').setFault({ kind: 'cut', direction: 'down', afterBytes: 0, match: /^POST \/v1\/messages/m, times: 2 });
    const L = await sendLetter(A1, { to: ['MOF'], subject: 'الإشعار لم يصل' });
    const s = await A1.sync();
    expect(s.sentMessages).toBe(0);
    const status = await A1.call('exchange.status', {});
    expect(status.waiting).toBeGreaterThanOrEqual(1);
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).toBe('queued');
    expect((await A1.call('outgoing.status', { registryNumber: L.registryNumber, register: 'outgoing' })).aggregate).toBe('queued');
    // the exchange did accept it: the recipient may already have it
    await B1.sync();
    expect((await inboxIds(B1)).filter((id) => id === L.messageId)).toHaveLength(1);
    const again = await A1.sync();
    expect(again.sentMessages).toBe(1); // answered with the original acknowledgement
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).not.toBe('queued');
    await quiet();
    const mailbox = await exchangeFetch<{ items: Array<{ envelope: { messageId: string } }> }>(w.credentials('B1'), 'GET', '/v1/mailbox?after=0&limit=500');
    expect(mailbox.body.items.filter((i) => i.envelope.messageId === L.messageId)).toHaveLength(1);
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).toBe('acknowledged');
    invariants();
  });

  it('the exchange killed mid-upload and restarted: the upload resumes where it stopped, nothing is lost', async () => {
    const L = await sendLetter(A1, { to: ['MOF'], subject: 'مستند كبير', size: 3 * MiB });
    w.proxy('A1').setRate(2 * MiB);
    const part = path.join(w.ex.dataDir, 'uploads', 'MOH', `${L.sha256}.part`);
    const round = A1.sync();
    const t0 = Date.now();
    while (Date.now() - t0 < 20_000) {
      const size = fs.existsSync(part) ? fs.statSync(part).size : 0;
      if (size > 1.2 * MiB) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await w.ex.kill();
    const cut = await round;
    w.proxy('A1').setRate(0);
    expect(cut.sentMessages).toBe(0);
    expect(cut.errors.length).toBeGreaterThan(0);
    const held = fs.statSync(part).size;
    expect(held).toBeGreaterThan(MiB);
    expect(held).toBeLessThan(3 * MiB);

    await w.ex.restart();
    const resumed = await A1.sync();
    expect(resumed.errors, JSON.stringify(resumed.errors)).toEqual([]);
    expect(resumed.sentMessages).toBe(1);
    expect(resumed.uploadedBytes).toBeLessThanOrEqual(3 * MiB - held + 1); // from the held offset, not from 0
    await quiet();
    expect((await inboxIds(B1)).filter((id) => id === L.messageId)).toHaveLength(1);
    const got = await createBlobStore(dataLayout(B1.dataDir).blobs).get(L.sha256);
    expect(Buffer.from(got).equals(L.bytes)).toBe(true);
    invariants();
  });

  it('a connection cut mid-download: the letter is not shown until its document is whole, then the download resumes', async () => {
    const L = await sendLetter(A1, { to: ['MOF'], subject: 'تنزيل منقطع', size: 3 * MiB });
    await A1.sync();
    w.proxy('B1').setFault({ kind: 'cut', direction: 'down', afterBytes: 1.5 * MiB, match: /^GET \/v1\/blobs\//m, times: 1 });
    const cut = await B1.sync();
    expect(cut.errors.map((e) => e.kind)).toContain('exchange_unreachable');
    expect(await inboxIds(B1)).not.toContain(L.messageId);
    await A1.sync();
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).toBe('sent'); // not acknowledged yet
    const resumed = await B1.sync();
    expect(resumed.errors).toEqual([]);
    expect(resumed.downloadedBytes).toBeGreaterThan(0);
    expect(resumed.downloadedBytes).toBeLessThan(2 * MiB); // the rest only, with Range
    expect(cut.downloadedBytes + resumed.downloadedBytes).toBeLessThanOrEqual(3 * MiB + 64 * 1024);
    expect((await inboxIds(B1)).filter((id) => id === L.messageId)).toHaveLength(1);
    const got = await createBlobStore(dataLayout(B1.dataDir).blobs).get(L.sha256);
    expect(Buffer.from(got).equals(L.bytes)).toBe(true);
    await quiet();
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).toBe('acknowledged');
    invariants();
  });

  it('a letter not delivered in time expires even offline, the clerk sees it, and it is never sent', async () => {
    w.proxy('A1').setFault({ kind: 'refuse' });
    const L = await sendLetter(A1, { to: ['MOF'], subject: 'كتاب تنتهي مهلته' });
    const offline = await A1.sync();
    expect(offline.errors.map((e) => e.kind)).toContain('exchange_unreachable');
    expect((await A1.call('exchange.status', {})).online).toBe(false);
    A1.clock!.advance(3 * DAY + 60_000);
    await A1.sync();
    const st = await A1.call('outgoing.status', { registryNumber: L.registryNumber, register: 'outgoing' });
    expect(st.aggregate).toBe('expired');
    expect(st.recipients[0]?.state).toBe('expired');
    w.proxy('A1').setFault({ kind: 'pass' }); // the desk clock stays 3 days ahead: the exchange's clock rules
    await quiet();
    expect((await A1.call('exchange.status', {})).online).toBe(true);
    expect(await inboxIds(B1)).not.toContain(L.messageId);
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).toBe('expired');
    invariants();
  });

  it('a desk offline for a day: on reconnection everything flows both ways, in order, emergency numbers get ordinary ones', async () => {
    w.proxy('A1').setFault({ kind: 'refuse' });
    const papers = [];
    const letters = [];
    for (let i = 0; i < 6; i++) {
      A1.clock!.advance(2 * 3600_000);
      papers.push(await registerPaper(A1, `offline-${i}`));
      if (i % 2 === 0) letters.push(await sendLetter(A1, { to: ['MOF'], subject: `كتاب أثناء الانقطاع ${i}` }));
      expect((await A1.sync()).errors.map((e) => e.kind)).toContain('exchange_unreachable');
    }
    expect(papers.some((p) => p.emergencyNumber !== null)).toBe(true); // the block of 4 ran out offline
    // the others work on meanwhile
    await registerPaper(A2, 'online-a2');
    const fromB = await sendLetter(B1, { to: ['MOH'], subject: 'كتاب إلى الوزارة أثناء انقطاع أحد المكاتب' });
    await quiet([A2, B1]);
    A1.clock!.advance(12 * 3600_000);
    w.proxy('A1').setFault({ kind: 'pass' });
    await quiet();

    // A1's registrations reached A2 and were applied in A1's order (A2's row order), each with an ordinary number
    const onA2 = rows<{ subject: string; registry_number: string; emergency_number: string | null }>(
      A2,
      `SELECT subject, registry_number, emergency_number FROM registrations WHERE origin_desk = 'MOH-1' AND subject LIKE 'كتاب ورقي offline-%' ORDER BY id`,
    );
    expect(onA2.map((r) => r.subject)).toEqual(papers.map((p) => p.subject));
    for (const r of onA2) expect(r.registry_number.startsWith('ط')).toBe(false);
    const emergency = papers.filter((p) => p.emergencyNumber !== null).map((p) => p.registryNumber);
    expect(onA2.filter((r) => r.emergency_number !== null).map((r) => r.emergency_number)).toEqual(emergency);
    // A1's letters reached B1 in the order they were sent
    const order = rows<{ message_id: string }>(B1, 'SELECT message_id FROM inbox ORDER BY position').map((r) => r.message_id);
    const positions = letters.map((l) => order.indexOf(l.messageId));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // and B1's letter reached both desks of A
    for (const d of [A1, A2]) expect(await inboxIds(d)).toContain(fromB.messageId);
    for (const l of letters) expect((await recipientStates(A1, l.registryNumber)).MOF?.state).toBe('acknowledged');
    invariants();
  });

  it('two desks of one agency registering at the same time get distinct numbers', async () => {
    const work = (d: Desk, tag: string) =>
      (async () => {
        const out = [];
        for (let i = 0; i < 8; i++) out.push(await registerPaper(d, `${tag}-${i}`));
        return out;
      })();
    const syncs = (async () => {
      for (let i = 0; i < 4; i++) await Promise.all([A1.sync(), A2.sync()]);
    })();
    const [a, b] = await Promise.all([work(A1, 'same-time-a1'), work(A2, 'same-time-a2'), syncs]);
    await quiet();
    const numbers = rows<{ registry_number: string }>(A1, "SELECT registry_number FROM registrations WHERE subject LIKE 'كتاب ورقي same-time-%'").map((r) => r.registry_number);
    expect(numbers).toHaveLength(16);
    expect(new Set(numbers).size).toBe(16);
    expect(a!.length + b!.length).toBe(16);
    invariants();
  });

  it('the same paper letter registered on two desks while both were offline is flagged as a likely duplicate after sync', async () => {
    w.proxy('A1').setFault({ kind: 'refuse' });
    w.proxy('A2').setFault({ kind: 'refuse' });
    const doc = textPdf('paper-twice');
    const fields = { counterpart: { code: 'MPW', name: 'وزارة الأشغال العامة' }, referenceNumber: 'ص/4455/2026', referenceDate: '2026-11-25', subject: 'طلب صيانة المبنى' };
    const regs = [];
    for (const d of [A1, A2]) {
      const sha = await storeDocument(d, doc.bytes, doc.name, 'Reference: paper-twice');
      regs.push((await d.call('registry.register', { documentSha256: sha, ...fields })).registration!);
    }
    w.proxy('A1').setFault({ kind: 'pass' });
    w.proxy('A2').setFault({ kind: 'pass' });
    await quiet();
    for (const d of [A1, A2]) {
      const flags = (await d.call('duplicates.list', {})).items;
      const flag = flags.find((f) => [f.a.subject, f.b.subject].every((s) => s === 'طلب صيانة المبنى'));
      expect(flag, `${d.label} flags`).toBeDefined();
      expect(new Set([flag!.a.originDesk, flag!.b.originDesk])).toEqual(new Set(['MOH-1', 'MOH-2']));
    }
    invariants();
  });

  it('one received letter registered on two desks while both were offline: flagged, and the sender shows one registration', async () => {
    const L = await sendLetter(B1, { to: ['MOH'], subject: 'كتاب يسجله مكتبان' });
    await quiet();
    w.proxy('A1').setFault({ kind: 'refuse' });
    w.proxy('A2').setFault({ kind: 'refuse' });
    const r1 = await A1.call('inbox.register', { messageId: L.messageId });
    const r2 = await A2.call('inbox.register', { messageId: L.messageId });
    expect(r1.registryNumber).not.toBe(r2.registryNumber);
    w.proxy('A1').setFault({ kind: 'pass' });
    w.proxy('A2').setFault({ kind: 'pass' });
    await quiet();
    const st = (await recipientStates(B1, L.registryNumber)).MOH!;
    expect(st.state).toBe('registered');
    expect([r1.registryNumber, r2.registryNumber]).toContain(st.registryNumber);
    for (const d of [A1, A2]) expect((await d.call('duplicates.list', {})).items.some((f) => f.a.subject === f.b.subject && f.a.subject === r1.subject)).toBe(true);
    invariants();
  });
});
