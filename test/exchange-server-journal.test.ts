/**
 * The agency journal, mailbox cursors under concurrency, long-poll wake-ups and number blocks, on the
 * exchange process. The server runs with a 60 s fallback poll, so a long-poll that answers quickly was
 * woken by the commit itself.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyDateParts } from '../shared/dates/agency-time.ts';
import type { JournalPage, JournalPushResponse, MailboxPage, NumberBlockGrant } from '../shared/exchange/api.ts';
import type { JournalEvent } from '../shared/exchange/journal.ts';
import {
  addAgency,
  addDesk,
  errorCode,
  exchangeFetch,
  letterFor,
  sendSigned,
  startExchange,
  uploadDocument,
  type DeskCredentialsFile,
  type ExchangeServer,
} from './helpers/exchange-server.ts';

let ex: ExchangeServer;
let moh1: DeskCredentialsFile;
let moh2: DeskCredentialsFile;
let moh3: DeskCredentialsFile;
let moe1: DeskCredentialsFile;
let mof1: DeskCredentialsFile;
const year = agencyDateParts(new Date()).year;

beforeAll(async () => {
  ex = await startExchange({ pollMs: 60_000 });
  await Promise.all(['MOH', 'MOE', 'MOF'].map((code) => addAgency(ex, { code })));
  const desks = await Promise.all(
    [['MOH', 'MOH-1'], ['MOH', 'MOH-2'], ['MOH', 'MOH-3'], ['MOE', 'MOE-1'], ['MOF', 'MOF-1']].map(([agency, desk]) => addDesk(ex, { agency: agency!, desk: desk! })),
  );
  [moh1, moh2, moh3, moe1, mof1] = desks as [DeskCredentialsFile, DeskCredentialsFile, DeskCredentialsFile, DeskCredentialsFile, DeskCredentialsFile];
});
afterAll(async () => {
  await ex?.close();
});

let seq = 0;
function created(desk: DeskCredentialsFile, o: { seq?: number | null; register?: 'incoming' | 'outgoing' | 'internal' } = {}): JournalEvent {
  const s = o.seq === undefined ? ++seq : o.seq;
  return {
    eventId: randomUUID(),
    agency: desk.agency,
    desk: desk.desk,
    at: new Date().toISOString(),
    kind: 'registration.created',
    payload: {
      registrationId: randomUUID(),
      register: o.register ?? 'incoming',
      year,
      seq: s,
      registryNumber: s === null ? null : `${year}/${String(s).padStart(6, '0')}`,
      emergencyNumber: s === null ? `ط-${desk.desk}-${year}/1` : null,
      registeredAt: new Date().toISOString(),
      registrationDate: agencyDateParts(new Date()).date,
      direction: 'incoming',
      channel: 'paper',
      documentation: 'paper_original',
      transport: null,
      counterpart: { code: null, name: 'وزارة التربية' },
      referenceNumber: null,
      referenceDate: null,
      subject: 'طلب',
      classification: 'ordinary',
      priority: 'normal',
      attachmentsCount: 0,
      operator: 'clerk',
      documents: [],
      text: 'نص',
      exchangeMessageId: null,
      reRegistrationOf: null,
    },
  };
}

const push = (desk: DeskCredentialsFile, events: JournalEvent[]) => exchangeFetch<JournalPushResponse>(desk, 'POST', '/v1/journal', { events });
const journal = async (desk: DeskCredentialsFile, after: number, wait = 0) =>
  (await exchangeFetch<JournalPage>(desk, 'GET', `/v1/journal?after=${after}&limit=500&wait=${wait}`)).body;

describe('journal', () => {
  it('is idempotent by eventId, all or nothing, and every desk of the agency reads it', async () => {
    const start = (await journal(moh2, 0)).next;
    const [a, b] = [created(moh1), created(moh1)];
    const first = await push(moh1, [a, b]);
    expect(first.status).toBe(200);
    const positions = first.body.accepted.map((x) => x.position);
    expect(positions).toEqual([start + 1, start + 2]);
    const again = await push(moh1, [b, a]);
    expect(again.body.accepted).toEqual([first.body.accepted[1], first.body.accepted[0]]);
    // the same id with other content: refused, and the new event pushed with it is not stored either
    const c = created(moh1);
    const reused = await push(moh1, [c, { ...a, at: new Date(Date.now() + 1000).toISOString() }]);
    expect([reused.status, errorCode(reused)]).toEqual([409, 'event_id_reused']);
    const page = await journal(moh2, start);
    expect(page.events.map((e) => e.event)).toEqual([a, b]);
    expect(page.next).toBe(start + 2);
    // another agency's journal is its own
    expect((await journal(moe1, 0)).events.some((e) => e.event.eventId === a.eventId)).toBe(false);
  });

  it('refuses an event naming another desk or agency (403 wrong_sender) and an invalid one (400)', async () => {
    expect(errorCode(await push(moh1, [created(moh2)]))).toBe('wrong_sender');
    expect(errorCode(await push(moh1, [created(moe1)]))).toBe('wrong_sender');
    const bad = created(moh1) as unknown as { payload: { seq: number | null } };
    bad.payload.seq = null; // a number without its sequence
    const r = await push(moh1, [bad as unknown as JournalEvent]);
    expect([r.status, errorCode(r)]).toEqual([400, 'invalid_request']);
  });

  it('positions ascend without gaps under concurrent appends from three desks, and a cursor reader misses nothing', async () => {
    const start = (await journal(moh1, 0)).next;
    const desks = [moh1, moh2, moh3];
    const perDesk = 30;
    const expected = new Set<string>();
    const seen: Array<{ position: number; id: string }> = [];
    let readerCursor = start;
    let stop = false;
    const reader = (async () => {
      while (!stop || seen.length < desks.length * perDesk) {
        const page = await journal(moh2, readerCursor, 2);
        for (const e of page.events) seen.push({ position: e.position, id: e.event.eventId });
        readerCursor = page.next;
        if (stop && page.events.length === 0) break;
      }
    })();
    await Promise.all(
      desks.map(async (desk) => {
        const pushes: Array<Promise<unknown>> = [];
        for (let i = 0; i < perDesk / 2; i++) {
          const events = [created(desk), created(desk)];
          for (const e of events) expected.add(e.eventId);
          pushes.push(push(desk, events).then((r) => expect(r.status).toBe(200)));
        }
        await Promise.all(pushes);
      }),
    );
    stop = true;
    await reader;
    const positions = seen.map((s) => s.position);
    expect(positions).toEqual(Array.from({ length: desks.length * perDesk }, (_, i) => start + i + 1));
    expect(new Set(seen.map((s) => s.id))).toEqual(expected);
  });
});

describe('mailbox', () => {
  it('positions ascend without gaps when two agencies send to one at the same time', async () => {
    const start = (await exchangeFetch<MailboxPage>(moh1, 'GET', '/v1/mailbox')).body.next;
    const senders = [moe1, mof1];
    const docs = await Promise.all(senders.map((s) => uploadDocument(s, new TextEncoder().encode(`doc of ${s.agency} ${randomUUID()}`))));
    const sent: string[] = [];
    await Promise.all(
      senders.map(async (s, k) => {
        await Promise.all(
          Array.from({ length: 12 }, async () => {
            const letter = letterFor(s, { to: ['MOH'], documents: [docs[k]!] });
            sent.push(letter.messageId);
            expect((await sendSigned(s, letter)).status).toBe(202);
          }),
        );
      }),
    );
    const page = (await exchangeFetch<MailboxPage>(moh3, 'GET', `/v1/mailbox?after=${start}&limit=500`)).body;
    expect(page.items.map((i) => i.position)).toEqual(Array.from({ length: 24 }, (_, i) => start + i + 1));
    expect(new Set(page.items.map((i) => i.envelope.messageId))).toEqual(new Set(sent));
  });

  it('a long-poll is woken by the commit, not by the (60 s) fallback poll', async () => {
    const start = (await exchangeFetch<MailboxPage>(moe1, 'GET', '/v1/mailbox')).body.next;
    const doc = await uploadDocument(moh1, new TextEncoder().encode(`wake ${randomUUID()}`));
    const t0 = Date.now();
    const waiting = exchangeFetch<MailboxPage>(moe1, 'GET', `/v1/mailbox?after=${start}&wait=20`);
    await new Promise((r) => setTimeout(r, 500));
    const letter = letterFor(moh1, { to: ['MOE'], documents: [doc] });
    expect((await sendSigned(moh1, letter)).status).toBe(202);
    const page = (await waiting).body;
    const elapsed = Date.now() - t0;
    expect(page.items.map((i) => i.envelope.messageId)).toEqual([letter.messageId]);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('a long-poll with nothing new answers an empty page after the wait', async () => {
    const start = (await exchangeFetch<MailboxPage>(mof1, 'GET', '/v1/mailbox')).body.next;
    const t0 = Date.now();
    const page = (await exchangeFetch<MailboxPage>(mof1, 'GET', `/v1/mailbox?after=${start}&wait=1`)).body;
    expect(page).toEqual({ items: [], next: start });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const over = await exchangeFetch(mof1, 'GET', `/v1/mailbox?after=${start}&wait=26`);
    expect([over.status, errorCode(over)]).toEqual([400, 'invalid_request']);
  });
});

describe('number blocks', () => {
  const ask = (desk: DeskCredentialsFile, body: Record<string, unknown>) => exchangeFetch<NumberBlockGrant>(desk, 'POST', '/v1/number-blocks', body);

  it('grants distinct, contiguous blocks under concurrent requests from two desks', async () => {
    const requests = Array.from({ length: 16 }, (_, i) => ask(i % 2 === 0 ? moh1 : moh2, { requestId: randomUUID(), register: 'outgoing', year, size: 25 }));
    const grants = (await Promise.all(requests)).map((r) => {
      expect(r.status).toBe(201);
      return r.body;
    });
    const sorted = grants.map((g) => [g.first, g.last] as const).sort((a, b) => a[0] - b[0]);
    expect(sorted[0]![0]).toBe(1);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBe(sorted[i - 1]![1] + 1);
    expect(sorted.at(-1)![1]).toBe(16 * 25);
    expect(grants.every((g) => g.agency === 'MOH' && g.register === 'outgoing' && g.year === year)).toBe(true);
    // another agency numbers on its own
    expect((await ask(moe1, { requestId: randomUUID(), register: 'outgoing', year, size: 5 })).body.first).toBe(1);
  });

  it('is idempotent by requestId, and refuses the id reused with other parameters', async () => {
    const body = { requestId: randomUUID(), register: 'incoming', year, size: 10 };
    const first = await ask(moh1, body);
    const again = await ask(moh1, body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
    const other = await ask(moh1, { ...body, size: 11 });
    expect([other.status, errorCode(other)]).toEqual([409, 'request_id_reused']);
    const otherDesk = await ask(moh2, body);
    expect([otherDesk.status, errorCode(otherDesk)]).toEqual([409, 'request_id_reused']);
  });

  it.each([
    ['a future year', year + 1, 422],
    ['two years back', year - 2, 422],
    ['the previous year (a desk reconciling across the new year)', year - 1, 201],
  ])('%s', async (_name, y, code) => {
    const r = await ask(moh3, { requestId: randomUUID(), register: 'incoming', year: y, size: 5 });
    expect(r.status).toBe(code);
    if (code === 422) expect(errorCode(r)).toBe('invalid_year');
  });

  it('starts after the highest number used in the agency journal for that register and year', async () => {
    expect((await push(moh1, [created(moh1, { register: 'internal', seq: 5000 })])).status).toBe(200);
    const a = await ask(moh2, { requestId: randomUUID(), register: 'internal', year, size: 10 });
    expect([a.body.first, a.body.last]).toEqual([5001, 5010]);
    const numbered: JournalEvent = {
      eventId: randomUUID(),
      agency: 'MOH',
      desk: 'MOH-3',
      at: new Date().toISOString(),
      kind: 'registration.numbered',
      payload: { registrationId: randomUUID(), register: 'internal', year, seq: 7000, registryNumber: `${year}/007000`, emergencyNumber: `ط-MOH-3-${year}/1` },
    };
    expect((await push(moh3, [numbered])).status).toBe(200);
    expect((await ask(moh1, { requestId: randomUUID(), register: 'internal', year, size: 1 })).body.first).toBe(7001);
  });
});

describe('shutdown', () => {
  it('SIGTERM answers a waiting long-poll at once and exits; a restart serves the same journal', async () => {
    const before = await journal(moh1, 0);
    const waiting = exchangeFetch<JournalPage>(moh1, 'GET', `/v1/journal?after=${before.next}&wait=20`);
    await new Promise((r) => setTimeout(r, 500));
    const t0 = Date.now();
    await ex.stop();
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect((await waiting).body).toEqual({ events: [], next: before.next });
    await ex.restart();
    expect(await journal(moh1, 0)).toEqual(before);
  }, 180_000);
});
