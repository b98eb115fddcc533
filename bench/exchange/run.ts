/**
 * Exchange benchmark: `npm run bench:exchange [-- --events 10000 --letters 200 --mib 2]`.
 *
 * Against the real reference exchange (its own process, loopback), in one run:
 * 1. Journal: desk A1 registers `--events` incoming letters (fixture letters' fields and text, unique
 *    reference numbers), then one desk pushes them (A1 `exchange.sync`) and another pulls and applies
 *    them (A2 `exchange.sync`): events/s. Ceiling: the same events pulled with plain `fetch`
 *    (`GET /v1/journal`) and pushed again under a third agency (`POST /v1/journal`), same process.
 * 2. Letters: `--letters` outgoing letters with one `--mib` MiB PDF each from agency A (desk A1) to
 *    agency B (desk B1), end to end: register + upload + sign + send on A1, then pull + download +
 *    verify + store on B1 until B1's inbox holds them all: MiB/s. Ceiling: the same bytes uploaded in
 *    one PATCH each and downloaded whole with plain `fetch` by a desk of a third agency (an agency
 *    proves it holds a blob by uploading it, so the exchange does the same work), before the letters
 *    (once that agency holds a blob, the exchange answers its upload as complete at once).
 * Prints the machine, the figures, the ratios, and peak RSS of this process and of the exchange.
 * Rules: ../shared/design/benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { sha256Hex } from '../../electron/services/blobs/store.ts';
import type { JournalEvent } from '../../shared/exchange/journal.ts';
import { addAgency, addDesk, startExchange, type DeskCredentialsFile, type ExchangeServer } from '../../test/helpers/exchange-server.ts';
import { createDesk, storeDocument, type Desk } from '../../test/helpers/desks.ts';
import { fixturePdfs, makeDocument } from './documents.ts';
import { plainDownload, plainJournalPull, plainJournalPush, plainUpload, type PlainDesk } from './plain.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    letters: { type: 'string', default: '200' },
    mib: { type: 'string', default: '2' },
    seed: { type: 'string', default: 'bench-exchange-1' },
  },
});
const EVENTS = Number(values.events);
const LETTERS = Number(values.letters);
const DOC_BYTES = Math.round(Number(values.mib) * 1024 * 1024);
const SEED = values.seed!;
if (![EVENTS, LETTERS, DOC_BYTES].every((n) => Number.isInteger(n) && n >= 1)) throw new Error('--events, --letters and --mib take positive numbers');
const MiB = 1024 * 1024;

const f1 = (x: number) => x.toFixed(1);
const secs = (t0: number) => (performance.now() - t0) / 1000;

function peakRssOf(pid: number | null): string {
  if (pid === null) return '?';
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? `${(Number(m[1]) / 1024).toFixed(0)} MiB` : '?';
  } catch {
    return '?';
  }
}

interface FixtureLetter {
  sender_ar: string;
  sender_code: string;
  reference_number: string;
  reference_date_gregorian: string;
  subject: string;
  attachments: number;
  text: string;
}

function fixtureLetters(): FixtureLetter[] {
  const dir = path.join(fixturesDir, 'letters');
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as FixtureLetter);
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  const sqlite = (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}`);
  console.log(`Node ${process.version}, SQLite ${sqlite}, load average ${os.loadavg().map(f1).join(' / ')}`);
  console.log(`parameters: ${EVENTS} journal events; ${LETTERS} letters × ${(DOC_BYTES / MiB).toFixed(2)} MiB (fixture letter PDFs extended by seeded random bytes, seed "${SEED}"); loopback, exchange in its own process\n`);

  const ex: ExchangeServer = await startExchange();
  const desks: Desk[] = [];
  try {
    await Promise.all(['MOH', 'MOF', 'MOJ'].map((code) => addAgency(ex, { code })));
    const [a1, a2, b1, c1] = await Promise.all([
      addDesk(ex, { agency: 'MOH', desk: 'MOH-1' }),
      addDesk(ex, { agency: 'MOH', desk: 'MOH-2' }),
      addDesk(ex, { agency: 'MOF', desk: 'MOF-1' }),
      addDesk(ex, { agency: 'MOJ', desk: 'MOJ-1' }),
    ]);
    const sync = { auto: false, blockSize: 10_000 };
    const A1 = await createDesk({ label: 'A1', credentials: a1!, clock: 'system', services: { sync } });
    const A2 = await createDesk({ label: 'A2', credentials: a2!, clock: 'system', services: { sync } });
    const B1 = await createDesk({ label: 'B1', credentials: b1!, clock: 'system', services: { sync } });
    desks.push(A1, A2, B1);
    for (const d of desks) await d.sync(); // directory, clock, first number block
    const plainC: PlainDesk = { url: ex.url, desk: c1!.desk, secret: c1!.secret };

    await journalPhase(A1, A2, a2!, plainC);
    await lettersPhase(A1, B1, plainC);

    console.log(`\npeak RSS: this process (desks, plain client) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; exchange process ${peakRssOf(ex.pid)}`);
  } finally {
    for (const d of desks) await d.close().catch(() => {});
    for (const d of desks) fs.rmSync(d.dataDir, { recursive: true, force: true });
    await ex.close();
  }
}

async function journalPhase(A1: Desk, A2: Desk, a2: DeskCredentialsFile, plainC: PlainDesk): Promise<void> {
  const letters = fixtureLetters();
  let t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const l = letters[i % letters.length]!;
    const reference = `${l.reference_number}-${i}`;
    const text = `${l.text}\nمرجع داخلي ${reference}`;
    const sha = sha256Hex(Buffer.from(text));
    A1.services.registry.putAnalysis({
      sha256: sha,
      fileName: `letter-${i}.png`,
      mediaType: 'image/png',
      byteLength: Buffer.byteLength(text),
      pages: [{ index: 0, source: 'ocr', text, confidence: 88, rotation: 0, segmentation: 'auto', lowConfidenceWords: [], width: 2480, height: 3508 }],
      meanConfidence: 88,
      suggestions: { counterpart: null, referenceNumber: null, referenceDate: null, subject: null, attachmentsCount: null },
      durationMs: 1,
    } as Parameters<Desk['services']['registry']['putAnalysis']>[0]);
    await A1.call('registry.register', {
      documentSha256: sha,
      counterpart: { code: l.sender_code, name: l.sender_ar },
      referenceNumber: reference,
      referenceDate: l.reference_date_gregorian,
      subject: l.subject,
      attachmentsCount: l.attachments,
    });
  }
  const registerSecs = secs(t0);
  t0 = performance.now();
  let pushed = 0;
  for (let r = 0; r < 100; r++) {
    const s = await A1.sync();
    pushed += s.pushedEvents;
    if (s.errors.length > 0) throw new Error(`A1 sync: ${JSON.stringify(s.errors)}`);
    if ((await A1.call('exchange.status', {})).waiting === 0) break;
  }
  const pushSecs = secs(t0);
  t0 = performance.now();
  let pulled = 0;
  for (let r = 0; r < 100; r++) {
    const s = await A2.sync();
    pulled += s.pulledEvents;
    if (s.errors.length > 0) throw new Error(`A2 sync: ${JSON.stringify(s.errors)}`);
    if (s.pulledEvents === 0) break;
  }
  const pullSecs = secs(t0);

  // Ceiling: the same events, plain fetch, same exchange process.
  t0 = performance.now();
  const events = await plainJournalPull({ url: plainC.url, desk: a2.desk, secret: a2.secret });
  const plainPullSecs = secs(t0);
  const forC: JournalEvent[] = events.map((e) => ({ ...e, eventId: randomUUID(), agency: 'MOJ', desk: plainC.desk }) as JournalEvent);
  t0 = performance.now();
  const accepted = await plainJournalPush(plainC, forC);
  const plainPushSecs = secs(t0);
  const bytes = events.reduce((n, e) => n + JSON.stringify(e).length, 0);

  console.log(`journal: ${EVENTS} registrations on A1 in ${f1(registerSecs)} s (${f1(EVENTS / registerSecs)}/s, not counted below)`);
  console.log(`  events ≈ ${(bytes / events.length / 1024).toFixed(1)} KiB each as JSON; ${events.length} in the agency journal`);
  console.log(`  push  A1: ${pushed} events in ${f1(pushSecs)} s = ${f1(pushed / pushSecs)} events/s | plain POST: ${accepted} in ${f1(plainPushSecs)} s = ${f1(accepted / plainPushSecs)} events/s | ratio ${(pushed / pushSecs / (accepted / plainPushSecs)).toFixed(2)}`);
  console.log(`  pull  A2: ${pulled} events in ${f1(pullSecs)} s = ${f1(pulled / pullSecs)} events/s | plain GET: ${events.length} in ${f1(plainPullSecs)} s = ${f1(events.length / plainPullSecs)} events/s | ratio ${(pulled / pullSecs / (events.length / plainPullSecs)).toFixed(2)}`);
  console.log(`  push then pull, end to end: ${f1(EVENTS / (pushSecs + pullSecs))} events/s`);
}

async function plainTransfer(c: PlainDesk, pdfs: ReturnType<typeof fixturePdfs>): Promise<{ up: number; down: number }> {
  let t0 = performance.now();
  const hashes: string[] = [];
  let genSecs = 0;
  for (let i = 0; i < LETTERS; i++) {
    const g0 = performance.now();
    const doc = makeDocument(pdfs, i, DOC_BYTES, SEED);
    genSecs += secs(g0);
    await plainUpload(c, doc.sha256, new Uint8Array(doc.bytes.buffer as ArrayBuffer, doc.bytes.byteOffset, doc.bytes.byteLength));
    hashes.push(doc.sha256);
  }
  const up = secs(t0) - genSecs;
  t0 = performance.now();
  let total = 0;
  for (const h of hashes) total += await plainDownload(c, h);
  const down = secs(t0);
  if (total !== LETTERS * DOC_BYTES) throw new Error(`plain download got ${total} bytes`);
  return { up, down };
}

async function lettersPhase(A1: Desk, B1: Desk, plainC: PlainDesk): Promise<void> {
  const pdfs = fixturePdfs(fixturesDir);
  const totalMiB = (LETTERS * DOC_BYTES) / MiB;

  const before = await plainTransfer(plainC, pdfs);

  // Documents are put in A1's store beforehand (intake's reading is not part of the exchange path).
  const shas: string[] = [];
  for (let i = 0; i < LETTERS; i++) {
    const doc = makeDocument(pdfs, i, DOC_BYTES, SEED);
    shas.push(await storeDocument(A1, doc.bytes, doc.name, `كتاب رقم ${i}`));
  }
  const t0 = performance.now();
  for (let i = 0; i < LETTERS; i++) {
    await A1.call('outgoing.send', { documents: [{ sha256: shas[i]!, main: true }], to: ['MOF'], subject: `طلب بيانات مالية رقم ${i}` });
  }
  const registerSecs = secs(t0);
  let sent = 0;
  for (let r = 0; r < 100 && sent < LETTERS; r++) {
    const s = await A1.sync();
    sent += s.sentMessages;
    if (s.errors.length > 0) throw new Error(`A1 sync: ${JSON.stringify(s.errors)}`);
  }
  const sendSecs = secs(t0) - registerSecs;
  const t1 = performance.now();
  let received = 0;
  for (let r = 0; r < 100 && received < LETTERS; r++) {
    const s = await B1.sync();
    received += s.receivedMessages;
    if (s.errors.length > 0) throw new Error(`B1 sync: ${JSON.stringify(s.errors)}`);
  }
  const receiveSecs = secs(t1);
  const total = secs(t0);
  const inbox = await B1.call('inbox.list', { state: 'new', limit: 500 });
  if (inbox.items.length !== LETTERS || received !== LETTERS || sent !== LETTERS) {
    throw new Error(
      `letters: sent ${sent}, received ${received}, inbox ${inbox.items.length} of ${LETTERS}; ` +
        `A1 ${JSON.stringify(await A1.call('exchange.status', {}))}; B1 ${JSON.stringify(await B1.call('exchange.status', {}))}`,
    );
  }

  const plainSecs = before.up + before.down;
  const lettersRate = totalMiB / total;
  const plainRate = totalMiB / plainSecs;
  console.log(`\nletters: ${LETTERS} × ${(DOC_BYTES / MiB).toFixed(2)} MiB = ${f1(totalMiB)} MiB, A (MOH-1) → B (MOF-1)`);
  console.log(`  A1 register ${f1(registerSecs)} s, upload + send ${f1(sendSecs)} s; B1 pull + download + verify + store ${f1(receiveSecs)} s`);
  console.log(`  end to end ${f1(total)} s = ${f1(lettersRate)} MiB/s (${f1(LETTERS / total)} letters/s)`);
  console.log(
    `  plain HTTP, same bytes, same exchange: upload ${f1(before.up)} s + download ${f1(before.down)} s = ${f1(plainSecs)} s = ${f1(plainRate)} MiB/s`,
  );
  console.log(`  ratio letters : plain = ${(lettersRate / plainRate).toFixed(2)}`);
}

await main();
