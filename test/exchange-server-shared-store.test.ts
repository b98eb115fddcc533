/**
 * Two exchange processes on one data folder (one SQLite file, two writers): journal positions still
 * follow commit order without gaps or duplicates, and a reader long-polling one process sees what the
 * other appended (through the fallback poll).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JournalPage, JournalPushResponse } from '../shared/exchange/api.ts';
import type { JournalEvent } from '../shared/exchange/journal.ts';
import { addAgency, addDesk, exchangeFetch, startExchange, type DeskCredentialsFile, type ExchangeServer } from './helpers/exchange-server.ts';

let a: ExchangeServer;
let b: ExchangeServer;
const desks: DeskCredentialsFile[] = [];

beforeAll(async () => {
  a = await startExchange({ pollMs: 100 });
  b = await startExchange({ dataDir: a.dataDir, pollMs: 100 });
  await addAgency(a, { code: 'MOH' });
  for (const id of ['MOH-1', 'MOH-2', 'MOH-3', 'MOH-4']) desks.push(await addDesk(a, { agency: 'MOH', desk: id }));
});
afterAll(async () => {
  await b?.stop();
  await a?.close();
});

function inbox(desk: DeskCredentialsFile): JournalEvent {
  return {
    eventId: randomUUID(),
    agency: desk.agency,
    desk: desk.desk,
    at: new Date().toISOString(),
    kind: 'inbox.settled',
    payload: { messageId: randomUUID(), senderAgency: 'MOE', outcome: 'rejected', registrationId: null, registryNumber: null, reasonCode: 'not_ours', toAgency: null },
  };
}

it('positions stay gapless and in commit order with two server processes writing one database', async () => {
  const perDesk = 20;
  const expected = new Set<string>();
  const seen: Array<{ position: number; id: string }> = [];
  let cursor = 0;
  let writing = true;
  const reader = (async () => {
    for (let round = 0; round < 10_000; round++) {
      const page = (await exchangeFetch<JournalPage>(desks[0]!, 'GET', `/v1/journal?after=${cursor}&limit=7&wait=2`, undefined, {}, a.url)).body;
      for (const e of page.events) seen.push({ position: e.position, id: e.event.eventId });
      cursor = page.next;
      if (!writing && page.events.length === 0) return;
    }
  })();
  await Promise.all(
    desks.map(async (desk, k) => {
      const server = k % 2 === 0 ? a : b; // half the desks talk to each process
      for (let i = 0; i < perDesk; i += 2) {
        const events = [inbox(desk), inbox(desk)];
        for (const e of events) expected.add(e.eventId);
        const r = await exchangeFetch<JournalPushResponse>({ ...desk, exchangeUrl: server.url }, 'POST', '/v1/journal', { events });
        expect(r.status).toBe(200);
      }
    }),
  );
  writing = false;
  await reader;
  expect(seen.map((s) => s.position)).toEqual(Array.from({ length: desks.length * perDesk }, (_, i) => i + 1));
  expect(new Set(seen.map((s) => s.id))).toEqual(expected);
});
