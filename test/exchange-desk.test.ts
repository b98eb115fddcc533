/**
 * The desk side of the exchange against the real exchange process on loopback and real SQLite
 * files: agencies MOH (desks MOH-1, MOH-2) and MOF (desk MOF-1).
 */
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../shared/contract/dispatch.ts';
import type { Input, MethodName, Output } from '../shared/contract/index.ts';
import { AppError } from '../shared/errors.ts';
import type { DeskCredentials } from '../shared/exchange/index.ts';
import { createServices, type Services, type ServicesOptions } from '../electron/services/services.ts';
import { addAgency, addDesk, startExchange, type ExchangeServer } from './helpers/exchange-server.ts';
import { storeTextDocument, tempDir, TEST_FORMATS } from './helpers/registry-fixture.ts';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.ts';

/** A one-page PDF with a text layer (read without OCR), unique per `i`. */
async function makePdf(i: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  const lines = ['Ministry of Health', `Ref: 2026/${String(1000 + i)}  Date: 2026-11-29`, `Subject: letter number ${i}`, 'We kindly ask you to send the figures.'];
  lines.forEach((l, n) => page.drawText(l, { x: 50, y: 780 - n * 20, size: 12, font }));
  return Buffer.from(await doc.save());
}
const pdfs = new Map<number, Buffer>();
beforeAll(async () => {
  for (let i = 0; i < 8; i++) pdfs.set(i, await makePdf(i));
});
const pdf = (i: number): Buffer => pdfs.get(i) as Buffer;

interface Desk {
  services: Services;
  dataDir: string;
  clock: { now: Date };
  call<K extends MethodName>(name: K, input: Input<K>): Promise<Output<K>>;
}

async function openDesk(opts: Partial<ServicesOptions> = {}, dataDir = tempDir('exchange-desk-')): Promise<Desk> {
  const clock = { now: new Date() };
  const services = await createServices({ dataDir, ocrPoolSize: 1, clock: () => clock.now, operator: () => 'clerk', sync: { auto: false, blockSize: 8 }, ...opts });
  const call = async <K extends MethodName>(name: K, input: Input<K>): Promise<Output<K>> => {
    const r = await dispatch(services.handlers, name, input);
    if (!r.ok) throw new AppError(r.error.kind, r.error.message, r.error.details);
    return r.value as Output<K>;
  };
  await call('settings.update', { numberFormats: TEST_FORMATS });
  return { services, dataDir, clock, call };
}

async function analyse(d: Desk, bytes: Buffer, name: string): Promise<string> {
  const a = await d.call('intake.analyse', { fileName: name, dataBase64: bytes.toString('base64') });
  return a.sha256;
}

let ex: ExchangeServer;
let creds: Record<'A1' | 'A2' | 'B1', DeskCredentials>;
const desks: Desk[] = [];

beforeAll(async () => {
  ex = await startExchange({ pollMs: 100 });
  await addAgency(ex, { code: 'MOH', nameAr: 'وزارة الصحة' });
  await addAgency(ex, { code: 'MOF', nameAr: 'وزارة المالية' });
  await addAgency(ex, { code: 'MOJ', nameAr: 'وزارة العدل' });
  const credentialsOf = async (agency: string, desk: string): Promise<DeskCredentials> => {
    const { file: _file, ...c } = await addDesk(ex, { agency, desk });
    return c;
  };
  creds = { A1: await credentialsOf('MOH', 'MOH-1'), A2: await credentialsOf('MOH', 'MOH-2'), B1: await credentialsOf('MOF', 'MOF-1') };
}, 120_000);

afterAll(async () => {
  for (const d of desks) await d.services.close();
  await ex?.close();
});

async function connected(which: 'A1' | 'A2' | 'B1', opts: Partial<ServicesOptions> = {}): Promise<Desk> {
  const d = await openDesk(opts);
  desks.push(d);
  await d.call('exchange.connect', { credentials: creds[which] });
  await d.call('exchange.sync', {}); // its first blocks of numbers
  return d;
}

describe('letters between agencies', () => {
  it('a letter MOH→MOF is delivered, registered, and the confirmation shows on the sender record; a rejection and a forward flow back too', async () => {
    const a1 = await connected('A1');
    const b1 = await connected('B1');
    // the exchange directory is merged into the desk's: who is connected, and agencies it did not know
    const dir = await a1.call('directory.list', {});
    expect(dir.find((x) => x.code === 'MOF')?.connectedSince).not.toBeNull();
    expect(dir.find((x) => x.code === 'MOJ')?.connectedSince).toBeTruthy();
    const main = await analyse(a1, pdf(0), 'letter.pdf');
    const sent = await a1.call('outgoing.send', { documents: [{ sha256: main, main: true }], to: ['MOF'], subject: 'طلب بيانات الميزانية' });
    expect(sent.registration.registryNumber).toMatch(/^ص\/\d{4}\/\d{6}$/);
    expect((await a1.call('outgoing.status', { registryNumber: sent.registration.registryNumber })).recipients[0]?.state).toBe('queued');

    const r1 = await a1.call('exchange.sync', {});
    expect(r1.errors).toEqual([]);
    expect(r1.sentMessages).toBe(1);
    expect(r1.uploadedBytes).toBe(pdf(0).byteLength);
    expect((await a1.call('outgoing.status', { registryNumber: sent.registration.registryNumber })).recipients[0]?.state).toBe('sent');

    const r2 = await b1.call('exchange.sync', {});
    expect(r2.receivedMessages).toBe(1);
    expect(r2.downloadedBytes).toBe(pdf(0).byteLength);
    const inbox = await b1.call('inbox.list', { state: 'new' });
    expect(inbox.items).toHaveLength(1);
    const item = inbox.items[0]!;
    expect(item).toMatchObject({ messageId: sent.messageId, senderAgency: 'MOH', senderRegistryNumber: sent.registration.registryNumber, subject: 'طلب بيانات الميزانية', state: 'new' });

    await a1.call('exchange.sync', {}); // the acknowledgement
    expect((await a1.call('outgoing.status', { registryNumber: sent.registration.registryNumber })).recipients[0]?.state).toBe('acknowledged');

    const reg = await b1.call('inbox.register', { messageId: item.messageId });
    expect(reg).toMatchObject({ channel: 'electronic', direction: 'incoming', referenceNumber: sent.registration.registryNumber, referenceDate: sent.registration.registrationDate, counterpartCode: 'MOH' });
    expect((await b1.call('inbox.list', { state: 'settled' })).items[0]?.registration?.registryNumber).toBe(reg.registryNumber);
    await b1.call('exchange.sync', {});
    await a1.call('exchange.sync', {});
    const st = await a1.call('outgoing.status', { registryNumber: sent.registration.registryNumber });
    expect(st.recipients[0]).toMatchObject({ agency: 'MOF', state: 'registered', registryNumber: reg.registryNumber, registrationDate: reg.registrationDate });
    expect(st.aggregate).toBe('registered');

    // rejection
    const other = await analyse(a1, pdf(1), 'second.pdf');
    const sent2 = await a1.call('outgoing.send', { documents: [{ sha256: other, main: true }], to: ['MOF'], subject: 'كتاب ليس للمالية' });
    await a1.call('exchange.sync', {});
    await b1.call('exchange.sync', {});
    await b1.call('inbox.reject', { messageId: sent2.messageId, reasonCode: 'not_ours', reasonText: 'من اختصاص وزارة العدل' });
    await b1.call('exchange.sync', {});
    await a1.call('exchange.sync', {});
    expect((await a1.call('outgoing.status', { registryNumber: sent2.registration.registryNumber })).recipients[0]).toMatchObject({ state: 'rejected', reason: 'not_ours: من اختصاص وزارة العدل' });

    // forward
    const third = await analyse(a1, pdf(2), 'third.pdf');
    const sent3 = await a1.call('outgoing.send', { documents: [{ sha256: third, main: true }], to: ['MOF'], subject: 'كتاب يحال' });
    await a1.call('exchange.sync', {});
    await b1.call('exchange.sync', {});
    const fwd = await b1.call('inbox.forward', { messageId: sent3.messageId, toAgency: 'MOJ', note: 'للاختصاص' });
    expect(fwd.state).toBe('forwarded');
    const r3 = await b1.call('exchange.sync', {});
    expect(r3.errors).toEqual([]);
    await a1.call('exchange.sync', {});
    expect((await a1.call('outgoing.status', { registryNumber: sent3.registration.registryNumber })).recipients[0]).toMatchObject({ state: 'forwarded', forwardedTo: 'MOJ' });
  }, 120_000);
});

async function deskOf(agency: string, deskId: string, proxy?: TcpProxy): Promise<Desk> {
  const { file: _file, ...c } = await addDesk(ex, { agency, desk: deskId });
  const d = await openDesk();
  desks.push(d);
  await d.call('exchange.connect', { credentials: proxy === undefined ? c : { ...c, exchangeUrl: proxy.url } });
  return d;
}

function paperLetter(d: Desk, subject: string, o: { salt?: string; referenceNumber?: string; referenceDate?: string } = {}) {
  const sha = storeTextDocument(d.services.registry, `${subject}\nنص الكتاب`, 'scan.png', o.salt ?? subject);
  return d.call('registry.register', {
    documentSha256: sha,
    counterpart: { code: 'MOJ', name: 'وزارة العدل' },
    subject,
    referenceNumber: o.referenceNumber ?? null,
    referenceDate: o.referenceDate ?? null,
  });
}

describe('the desks of one agency', () => {
  it('two desks registering at the same time get distinct numbers, and each sees the whole register after sync', async () => {
    const a = await deskOf('MOH', 'MOH-3');
    const b = await deskOf('MOH', 'MOH-4');
    await a.call('exchange.sync', {});
    await b.call('exchange.sync', {});
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) => paperLetter(i % 2 === 0 ? a : b, `كتاب متزامن رقم ${i}`)),
    );
    const numbers = made.map((m) => m.registration!.registryNumber);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.every((n) => /^\d{4}\/\d{6}$/.test(n))).toBe(true);
    for (let i = 0; i < 2; i++) for (const d of [a, b]) await d.call('exchange.sync', {});
    for (const d of [a, b]) {
      const page = await d.call('registry.page', { register: 'incoming', offset: 0, limit: 500 });
      const mine = page.items.filter((x) => numbers.includes(x.registryNumber));
      expect(mine).toHaveLength(12);
      expect(page.total).toBe(page.items.length); // the rows it holds, not the highest number seen
      expect(new Set(mine.map((x) => x.originDesk))).toEqual(new Set(['MOH-3', 'MOH-4']));
    }
    const hit = await b.call('registry.search', { query: 'متزامن 0' });
    expect(hit.items.some((x) => x.registryNumber === numbers[0] && x.originDesk === 'MOH-3')).toBe(true);
    const shown = await b.call('registry.show', { registryNumber: numbers[0]!, register: 'incoming' });
    expect(shown.pages[0]?.text).toContain('كتاب متزامن رقم 0');
  }, 120_000);

  it('offline without numbers a desk gives emergency numbers; on reconnection each gets an ordinary number in order, both kept and searchable', async () => {
    const proxy = await startTcpProxy({ targetPort: ex.port });
    try {
      const a = await deskOf('MOH', 'MOH-5', proxy);
      await a.call('exchange.sync', {}); // a block of 8
      expect((await a.call('exchange.status', {})).blocks.find((x) => x.register === 'incoming')?.remaining).toBe(8);
      proxy.setFault({ kind: 'refuse' });
      const made = [];
      for (let i = 0; i < 10; i++) made.push((await paperLetter(a, `كتاب أثناء الانقطاع ${i}`)).registration!);
      const offline = await a.call('exchange.sync', {});
      expect(offline.errors[0]?.kind).toBe('exchange_unreachable');
      expect(made.slice(0, 8).every((r) => r.emergencyNumber === null)).toBe(true);
      const emergency = made.slice(8);
      expect(emergency.map((r) => r.registryNumber)).toEqual([expect.stringMatching(/^ط-MOH-5-\d{4}\/1$/), expect.stringMatching(/^ط-MOH-5-\d{4}\/2$/)]);
      expect(emergency.map((r) => r.emergencyNumber)).toEqual(emergency.map((r) => r.registryNumber));
      const status = await a.call('exchange.status', {});
      expect(status).toMatchObject({ online: false, emergencyPending: 2 });

      proxy.setFault({ kind: 'pass' });
      const back = await a.call('exchange.sync', {});
      expect(back.renumbered).toBe(2);
      const first = await a.call('registry.show', { registryNumber: emergency[0]!.emergencyNumber!, register: 'incoming' });
      const second = await a.call('registry.show', { registryNumber: emergency[1]!.emergencyNumber!, register: 'incoming' });
      expect(first.registryNumber).toMatch(/^\d{4}\/\d{6}$/);
      expect(first.emergencyNumber).toBe(emergency[0]!.emergencyNumber);
      const seq = (n: string) => Number(n.split('/')[1]);
      expect(seq(second.registryNumber)).toBeGreaterThan(seq(first.registryNumber));
      expect(seq(first.registryNumber)).toBeGreaterThan(Math.max(...made.slice(0, 8).map((r) => seq(r.registryNumber))));
      expect(first.history.map((h) => h.action)).toContain('numbered');
      for (const q of [first.registryNumber, emergency[0]!.emergencyNumber!]) {
        expect((await a.call('registry.search', { query: q })).items.map((x) => x.id)).toContain(first.id);
      }
      expect((await a.call('exchange.status', {})).emergencyPending).toBe(0);

      // another desk of the agency sees both numbers
      const other = await deskOf('MOH', 'MOH-6');
      await other.call('exchange.sync', {});
      const seen = await other.call('registry.show', { registryNumber: first.registryNumber, register: 'incoming' });
      expect(seen).toMatchObject({ emergencyNumber: emergency[0]!.emergencyNumber, originDesk: 'MOH-5' });
      expect((await other.call('registry.search', { query: emergency[1]!.emergencyNumber! })).items[0]?.registryNumber).toBe(second.registryNumber);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('a letter registered under an emergency number leaves only once numbered, carrying the ordinary number', async () => {
    const a = await deskOf('MOH', 'MOH-20'); // connected, no block of numbers yet
    const b = await deskOf('MOF', 'MOF-20');
    const main = await analyse(a, pdf(7), 'before-blocks.pdf');
    const sent = await a.call('outgoing.send', { documents: [{ sha256: main, main: true }], to: ['MOF'], subject: 'كتاب قبل منح الأرقام' });
    expect(sent.registration.registryNumber).toMatch(/^ط-MOH-20-\d{4}\/1$/);
    const round = await a.call('exchange.sync', {});
    expect(round).toMatchObject({ renumbered: 1, sentMessages: 1, errors: [] });
    const ordinary = (await a.call('registry.show', { registryNumber: sent.registration.registryNumber, register: 'outgoing' })).registryNumber;
    expect(ordinary).toMatch(/^ص\/\d{4}\/\d{6}$/);
    await b.call('exchange.sync', {});
    const item = (await b.call('inbox.list', { state: 'new' })).items.find((x) => x.messageId === sent.messageId);
    expect(item?.senderRegistryNumber).toBe(ordinary);
  }, 120_000);

  it('one paper letter registered on two offline desks is flagged as a likely duplicate on both', async () => {
    const proxy = await startTcpProxy({ targetPort: ex.port });
    try {
      const a = await deskOf('MOH', 'MOH-7', proxy);
      const b = await deskOf('MOH', 'MOH-8', proxy);
      proxy.setFault({ kind: 'refuse' });
      const ra = (await paperLetter(a, 'كتاب ورقي واحد', { salt: 'same-paper' })).registration!;
      const rb = (await paperLetter(b, 'كتاب ورقي واحد', { salt: 'same-paper' })).registration!;
      expect(ra.registryNumber).toMatch(/^ط-MOH-7-/);
      expect(rb.registryNumber).toMatch(/^ط-MOH-8-/);
      await paperLetter(a, 'كتاب بمرجع', { salt: 'ref-a', referenceNumber: 'ع/55/2026', referenceDate: '2026-11-01' });
      await paperLetter(b, 'كتاب بمرجع، نسخة ثانية', { salt: 'ref-b', referenceNumber: 'ع/55/2026', referenceDate: '2026-11-01' });
      proxy.setFault({ kind: 'pass' });
      for (let i = 0; i < 2; i++) for (const d of [a, b]) await d.call('exchange.sync', {});
      for (const d of [a, b]) {
        const flags = (await d.call('duplicates.list', {})).items;
        expect(flags.map((f) => f.reason).sort()).toEqual(['same_document', 'same_reference']);
        const doc = flags.find((f) => f.reason === 'same_document')!;
        expect(new Set([doc.a.emergencyNumber, doc.b.emergencyNumber])).toEqual(new Set([ra.emergencyNumber, rb.emergencyNumber]));
        expect(doc.resolution).toBeNull();
      }
      const flag = (await a.call('duplicates.list', {})).items[0]!;
      expect((await a.call('duplicates.resolve', { id: flag.id, resolution: 'duplicate' })).resolution).toBe('duplicate');
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('a registration and its journal event commit together: a failure after both were written leaves neither', async () => {
    const a = await deskOf('MOH', 'MOH-9');
    await a.call('exchange.sync', {});
    const db = a.services.registry.db;
    const count = () => ({
      registrations: db.prepare('SELECT count(*) FROM registrations').pluck().get(),
      outbox: db.prepare('SELECT count(*) FROM outbox').pluck().get(),
      blocks: db.prepare('SELECT sum(next) FROM number_blocks').pluck().get(),
    });
    const before = count();
    const sha = await analyse(a, pdf(3), 'to-self.pdf');
    // sending to its own agency is refused when the letter is built, after the registration and its event were written
    await expect(a.call('outgoing.send', { documents: [{ sha256: sha, main: true }], to: ['MOH'], subject: 'إلى نفسها' })).rejects.toMatchObject({ kind: 'validation' });
    expect(count()).toEqual(before);
    const ok = await paperLetter(a, 'كتاب عادي');
    expect(count().registrations).toBe((before.registrations as number) + 1);
    expect(db.prepare("SELECT count(*) FROM outbox WHERE kind = 'event' AND registration_id = ?").pluck().get(ok.registration!.id)).toBe(1);
  }, 60_000);
});

describe('delivery', () => {
  it('a letter that cannot be delivered in time expires, and its recipients show it', async () => {
    const proxy = await startTcpProxy({ targetPort: ex.port });
    try {
      const a = await deskOf('MOH', 'MOH-10', proxy);
      await a.call('exchange.sync', {});
      proxy.setFault({ kind: 'refuse' });
      const sha = await analyse(a, pdf(4), 'late.pdf');
      const sent = await a.call('outgoing.send', { documents: [{ sha256: sha, main: true }], to: ['MOF'], cc: ['MOJ'], subject: 'كتاب لن يصل' });
      const waiting = (await a.call('exchange.status', {})).waiting;
      expect(waiting).toBeGreaterThanOrEqual(3); // the letter, its upload, its journal event
      a.clock.now = new Date(a.clock.now.getTime() + 24 * 3600_000);
      await a.call('exchange.sync', {});
      expect((await a.call('outgoing.status', { registryNumber: sent.registration.registryNumber })).aggregate).toBe('queued');
      a.clock.now = new Date(a.clock.now.getTime() + 2 * 24 * 3600_000 + 60_000); // past the 3-day limit
      await a.call('exchange.sync', {});
      const st = await a.call('outgoing.status', { registryNumber: sent.registration.registryNumber });
      expect(st.aggregate).toBe('expired');
      expect(st.recipients.map((r) => [r.agency, r.role, r.state])).toEqual([['MOF', 'to', 'expired'], ['MOJ', 'cc', 'expired']]);
      expect(st.recipients[0]?.reason).toMatch(/in time/);
      // the expired letter is not sent when the exchange is back; the journal still converges
      proxy.setFault({ kind: 'pass' });
      const back = await a.call('exchange.sync', {});
      expect(back.sentMessages).toBe(0);
      expect(back.pushedEvents).toBeGreaterThanOrEqual(1);
      expect((await a.call('outgoing.status', { registryNumber: sent.registration.registryNumber })).aggregate).toBe('expired');
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

describe('exactly once', () => {
  it('a letter is shown as sent only after the exchange acknowledged it; a retry after a lost answer delivers it once', async () => {
    const proxy = await startTcpProxy({ targetPort: ex.port });
    try {
      const a = await deskOf('MOH', 'MOH-11', proxy);
      await a.call('exchange.sync', {});
      const b = await deskOf('MOF', 'MOF-2');
      const c = await deskOf('MOF', 'MOF-3');
      for (const d of [b, c]) await d.call('exchange.sync', {});
      const sha = await analyse(a, pdf(5), 'once.pdf');
      const sent = await a.call('outgoing.send', { documents: [{ sha256: sha, main: true }], to: ['MOF'], subject: 'كتاب مرة واحدة' });
      // the exchange stores the letter, but its answer never reaches the desk
      proxy.setFault({ kind: 'cut', direction: 'down', afterBytes: 0, match: /^POST \/v1\/messages/m, times: 2 }); // both tries of the round
      proxy.resetAll(); // open keep-alive connections were accepted under the old fault
      const lost = await a.call('exchange.sync', {});
      expect(lost.sentMessages).toBe(0);
      expect(lost.errors.map((e) => e.kind)).toContain('exchange_unreachable');
      expect((await a.call('outgoing.status', { registryNumber: sent.registration.registryNumber })).recipients[0]?.state).toBe('queued');
      await b.call('exchange.sync', {});
      const inboxB = (await b.call('inbox.list', { state: 'all' })).items.filter((i) => i.messageId === sent.messageId);
      expect(inboxB).toHaveLength(1); // it did arrive
      proxy.setFault({ kind: 'pass' });
      const retry = await a.call('exchange.sync', {});
      expect(retry.sentMessages).toBe(1); // the original acknowledgement, same message id
      expect((await a.call('outgoing.status', { registryNumber: sent.registration.registryNumber })).recipients[0]?.state).not.toBe('queued');
      await c.call('exchange.sync', {});
      const onC = (await c.call('inbox.list', { state: 'all' })).items.filter((i) => i.messageId === sent.messageId);
      expect(onC).toHaveLength(1);
      // one desk of MOF registers it; the other desk shows it settled after sync
      const reg = await c.call('inbox.register', { messageId: sent.messageId });
      await c.call('exchange.sync', {});
      await b.call('exchange.sync', {});
      const settledOnB = (await b.call('inbox.list', { state: 'all' })).items.find((i) => i.messageId === sent.messageId);
      expect(settledOnB).toMatchObject({ state: 'registered', registration: { registryNumber: reg.registryNumber } });
      await expect(b.call('inbox.register', { messageId: sent.messageId })).rejects.toMatchObject({ kind: 'validation' });
      await a.call('exchange.sync', {});
      expect((await a.call('outgoing.status', { registryNumber: sent.registration.registryNumber })).recipients[0]).toMatchObject({ state: 'registered', registryNumber: reg.registryNumber });
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('clock and background sync', () => {
  it('the year of a number comes from the exchange clock, not a wrong desk clock', async () => {
    const { file: _file, ...c } = await addDesk(ex, { agency: 'MOH', desk: 'MOH-12' });
    const d = await openDesk();
    desks.push(d);
    d.clock.now = new Date('2031-06-01T09:00:00Z'); // years ahead
    await d.call('exchange.connect', { credentials: c });
    await d.call('exchange.sync', {});
    const r = (await paperLetter(d, 'كتاب بساعة خاطئة')).registration!;
    const year = new Date().getUTCFullYear();
    expect(Math.abs(Number(r.registrationDate.slice(0, 4)) - year)).toBeLessThanOrEqual(1); // Kuwait time vs UTC at new year
    expect(r.registryNumber.startsWith(r.registrationDate.slice(0, 4))).toBe(true);
  }, 60_000);

  it('with sync.auto the services deliver in the background, and close() stops the loop', async () => {
    const { file: _f1, ...cs } = await addDesk(ex, { agency: 'MOH', desk: 'MOH-13' });
    const { file: _f2, ...cr } = await addDesk(ex, { agency: 'MOF', desk: 'MOF-4' });
    const sender = await openDesk({ sync: { auto: true, intervalMs: 300, longPollSeconds: 2, blockSize: 8 } });
    const receiver = await openDesk({ sync: { auto: true, intervalMs: 300, longPollSeconds: 2, blockSize: 8 } });
    await receiver.call('exchange.connect', { credentials: cr });
    await sender.call('exchange.connect', { credentials: cs });
    const sha = await analyse(sender, pdf(6), 'background.pdf');
    const sent = await sender.call('outgoing.send', { documents: [{ sha256: sha, main: true }], to: ['MOF'], subject: 'كتاب في الخلفية' });
    const deadline = Date.now() + 30_000;
    let state = '';
    while (Date.now() < deadline) {
      state = (await sender.call('outgoing.status', { registryNumber: sent.registration.registryNumber })).recipients[0]?.state ?? '';
      if (state === 'acknowledged') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(state).toBe('acknowledged');
    expect((await receiver.call('inbox.list', { state: 'new' })).items.map((i) => i.messageId)).toContain(sent.messageId);
    const t0 = performance.now();
    await sender.services.close();
    await receiver.services.close();
    expect(performance.now() - t0).toBeLessThan(5_000);
  }, 60_000);
});

describe('annulment', () => {
  it('an annulment approved on one desk reaches the other desks of the agency', async () => {
    const a = await deskOf('MOH', 'MOH-14');
    const b = await deskOf('MOH', 'MOH-15');
    await a.call('exchange.sync', {});
    const r = (await paperLetter(a, 'كتاب سيلغى')).registration!;
    const req = await a.call('registry.requestAnnulment', { registryNumber: r.registryNumber, register: 'incoming', reason: 'سجل بالخطأ' });
    await a.call('registry.approveAnnulment', { requestId: req.id, authorisingReference: 'قرار 7/2026' });
    const pushed = await a.call('exchange.sync', {});
    expect(pushed.pushedEvents).toBeGreaterThanOrEqual(2); // created + annulled
    expect((await a.call('exchange.sync', {})).pushedEvents).toBe(0); // queued once
    await b.call('exchange.sync', {});
    expect(await b.call('registry.show', { registryNumber: r.registryNumber, register: 'incoming' })).toMatchObject({ annulled: true, originDesk: 'MOH-14' });
  }, 60_000);
});
