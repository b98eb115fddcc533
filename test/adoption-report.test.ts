/**
 * The adoption report from real data: letters registered through the real registry (real SQLite
 * file) over seven months with every channel, counterparts connected at different days, one never
 * connected, one registered by name only, annulled and internal letters. The report's figures are
 * compared with plain SQL counts; the "still sends paper" list with what the generated letters say;
 * the PDF (Arabic) is read back with pdftotext, the CSV parsed; the CLI writes both; a clerk is refused.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../shared/contract/dispatch.ts';
import type { AdoptionReport, Channel, Direction } from '../shared/contract/index.ts';
import { addDays, dayBoundsUtc } from '../shared/dates/days.ts';
import { createServices, type Services } from '../electron/services/services.ts';
import type { Db } from '../electron/services/db/open.ts';
import { createAccounts, PASSWORDS } from './helpers/desk.ts';
import { openTestRegistry, storeTextDocument, tempDir } from './helpers/registry-fixture.ts';
import { runCli } from './helpers/cli.ts';

const AGENCIES = [
  { code: 'MOH', nameAr: 'وزارة الصحة', nameEn: 'Ministry of Health', connectedSince: '2026-03-01', requiresPaper: false },
  { code: 'MOF', nameAr: 'وزارة المالية', nameEn: 'Ministry of Finance', connectedSince: '2026-02-10', requiresPaper: true },
  { code: 'MOE', nameAr: 'وزارة التربية', nameEn: 'Ministry of Education', connectedSince: null, requiresPaper: false },
  { code: 'MOJ', nameAr: 'وزارة العدل', nameEn: 'Ministry of Justice', connectedSince: '2026-06-01', requiresPaper: false },
  { code: 'CSC', nameAr: 'ديوان الخدمة المدنية', nameEn: 'Civil Service Commission', connectedSince: '2026-01-01', requiresPaper: false },
];
const NAME_ONLY = 'شركة نفط الكويت';
const FROM = '2026-02-01';
const TO = '2026-06-30';

interface Letter {
  day: string;
  code: string | null;
  direction: Direction;
  channel: Channel;
  annulled: boolean;
  registryNumber?: string;
  subject: string;
}

let dataDir: string;
let services: Services;
const letters: Letter[] = [];

/** A seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  dataDir = tempDir('registry-desk-adoption-');
  const rand = rng(20261129);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const codes = [...AGENCIES.map((a) => a.code), null];
  for (let i = 0; i < 160; i++) {
    const day = addDays('2026-01-10', Math.floor(rand() * 200)); // 2026-01-10 … 2026-07-28
    letters.push({ day, code: pick(codes), direction: pick(['incoming', 'incoming', 'outgoing', 'internal'] as const), channel: pick(['paper', 'paper', 'electronic', 'both'] as const), annulled: rand() < 0.06, subject: `كتاب رقم ${i}` });
  }
  // Edge cases: paper on the connection day itself (not "after"), the day after (counted), the first
  // and last day of the period, paper from a counterpart that is not connected, an annulled paper letter.
  letters.push({ day: '2026-03-01', code: 'MOH', direction: 'incoming', channel: 'paper', annulled: false, subject: 'يوم الاتصال' });
  letters.push({ day: '2026-03-02', code: 'MOH', direction: 'incoming', channel: 'paper', annulled: false, subject: 'بعد الاتصال بيوم' });
  letters.push({ day: FROM, code: 'CSC', direction: 'incoming', channel: 'paper', annulled: false, subject: 'أول يوم في الفترة' });
  letters.push({ day: TO, code: 'MOF', direction: 'incoming', channel: 'paper', annulled: false, subject: 'آخر يوم في الفترة' });
  letters.push({ day: '2026-04-04', code: 'MOE', direction: 'incoming', channel: 'paper', annulled: false, subject: 'جهة غير متصلة' });
  letters.push({ day: '2026-05-05', code: 'MOJ', direction: 'incoming', channel: 'paper', annulled: true, subject: 'قيد ملغى' });
  letters.sort((a, b) => a.day.localeCompare(b.day));

  let t = 0;
  const { db, registry } = openTestRegistry(dataDir, { clock: () => new Date(t), operator: () => 'clerk-1' });
  registry.updateSettings({ agencyNameAr: 'وزارة الأشغال العامة', agencyNameEn: 'Ministry of Public Works' });
  letters.forEach((l, i) => {
    t = Date.parse(dayBoundsUtc(l.day).start) + 8 * 3_600_000 + i * 1000; // 08:00 Kuwait
    const a = AGENCIES.find((x) => x.code === l.code);
    const sha = storeTextDocument(registry, l.subject, 'letter.png', String(i));
    const r = registry.register({ documentSha256: sha, direction: l.direction, channel: l.channel, counterpart: { code: l.code, name: a?.nameAr ?? NAME_ONLY }, subject: l.subject, referenceNumber: `${7000 + i}/2026` });
    l.registryNumber = r.registration!.registryNumber;
    expect(r.registration!.registrationDate).toBe(l.day);
  });
  const annul = db.prepare("UPDATE registrations SET annulled = 1, annulled_at = ?, annulment_reason = 'خطأ', annulment_operator = 'supervisor' WHERE registry_number = ? AND register = ?");
  for (const l of letters) if (l.annulled) annul.run(new Date(t).toISOString(), l.registryNumber, l.direction);
  db.close();
  services = await createServices({ dataDir, ocrPoolSize: 1, clock: () => new Date('2026-11-29T08:00:00Z'), operator: () => 'os-user', autoSeal: { autoSealIntervalMs: 0 } });
  // The directory as the exchange left it (after the services seeded the shipped one on first open).
  services.registry.saveAgencies(AGENCIES.map((a) => ({ ...a, aliases: [] })));
}, 120_000);

afterAll(async () => {
  await services?.close();
});

async function call<T>(name: string, input: unknown): Promise<T> {
  const r = await dispatch(services.handlers, name, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { kind: r.error.kind, details: r.error.details });
  return r.value as T;
}

function readOnlyDb(): Db {
  return openTestRegistry(dataDir).db;
}

describe('the adoption report', () => {
  it('counts per counterpart and channel equal plain SQL counts', async () => {
    const r = await call<AdoptionReport>('reports.adoption', { from: FROM, to: TO });
    expect(r).toMatchObject({ from: FROM, to: TO, agencyNameAr: 'وزارة الأشغال العامة' });
    const db = readOnlyDb();
    try {
      const count = db.prepare(
        `SELECT count(*) FROM registrations WHERE registration_date >= ? AND registration_date <= ? AND annulled = 0
         AND direction = ? AND channel = ? AND (counterpart_code = ? OR (? IS NULL AND counterpart_code IS NULL AND counterpart_name = ?))`,
      ).pluck();
      const groups = db
        .prepare("SELECT DISTINCT counterpart_code AS code, counterpart_name AS name FROM registrations WHERE registration_date BETWEEN ? AND ? AND annulled = 0 AND direction <> 'internal'")
        .all(FROM, TO) as Array<{ code: string | null; name: string }>;
      expect(r.counterparts).toHaveLength(groups.length);
      for (const g of groups) {
        const c = r.counterparts.find((x) => (g.code === null ? x.code === null && x.nameAr === g.name : x.code === g.code));
        expect(c, `${g.code ?? g.name}`).toBeDefined();
        for (const [side, direction] of [['received', 'incoming'], ['sent', 'outgoing']] as const) {
          for (const channel of ['paper', 'electronic', 'both'] as const) {
            expect(c![side][channel], `${g.code ?? g.name} ${direction} ${channel}`).toBe(count.get(FROM, TO, direction, channel, g.code, g.code, g.name));
          }
          expect(c![side].total).toBe(c![side].paper + c![side].electronic + c![side].both);
        }
      }
      const all = db.prepare("SELECT direction, channel, count(*) AS n FROM registrations WHERE registration_date BETWEEN ? AND ? AND annulled = 0 GROUP BY direction, channel").all(FROM, TO) as Array<{ direction: string; channel: Channel; n: number }>;
      for (const row of all) if (row.direction !== 'internal') expect(r.totals[row.direction === 'incoming' ? 'received' : 'sent'][row.channel]).toBe(row.n);
    } finally {
      db.close();
    }
    // The directory's view of each counterpart.
    expect(r.counterparts.find((c) => c.code === 'MOF')).toMatchObject({ connectedSince: '2026-02-10', requiresPaper: true, nameEn: 'Ministry of Finance' });
    expect(r.counterparts.find((c) => c.code === 'MOE')?.connectedSince).toBeNull();
    expect(r.counterparts.find((c) => c.code === null)).toMatchObject({ nameAr: NAME_ONLY, connectedSince: null });
  });

  it('lists exactly the connected counterparts with paper letters after their connection day', async () => {
    const r = await call<AdoptionReport>('reports.adoption', { from: FROM, to: TO, examples: 3 });
    // Expected from the generated letters, independently of SQL.
    const expected = new Map<string, Letter[]>();
    for (const l of letters) {
      const a = AGENCIES.find((x) => x.code === l.code);
      if (!a || a.connectedSince === null || l.direction !== 'incoming' || l.channel !== 'paper' || l.annulled) continue;
      if (l.day < FROM || l.day > TO || l.day <= a.connectedSince) continue;
      expected.set(a.code, [...(expected.get(a.code) ?? []), l]);
    }
    expect(new Set(r.stillSendingPaper.map((s) => s.code))).toEqual(new Set(expected.keys()));
    expect(expected.has('MOH') && expected.has('CSC') && expected.has('MOF')).toBe(true);
    expect(r.stillSendingPaper.map((s) => s.code)).not.toContain('MOE'); // never connected
    for (const s of r.stillSendingPaper) {
      const mine = expected.get(s.code)!;
      expect(s.paperCount, s.code).toBe(mine.length);
      expect(s.examples.length).toBe(Math.min(3, mine.length));
      const newest = [...mine].sort((a, b) => b.day.localeCompare(a.day) || b.registryNumber!.localeCompare(a.registryNumber!)).slice(0, 3);
      expect(s.examples.map((e) => e.registryNumber)).toEqual(newest.map((l) => l.registryNumber));
      expect(s.examples.map((e) => e.registrationDate)).toEqual(newest.map((l) => l.day));
      for (const e of s.examples) expect(e.registrationDate > s.connectedSince).toBe(true);
    }
    // the letter on MOH's connection day is not counted, the one the day after is
    const moh = r.stillSendingPaper.find((s) => s.code === 'MOH')!;
    const onDay = letters.find((l) => l.subject === 'يوم الاتصال')!;
    expect(expected.get('MOH')!.map((l) => l.registryNumber)).not.toContain(onDay.registryNumber);
    expect(moh.paperCount).toBe(expected.get('MOH')!.length);
    // a period before MOJ connected has no MOJ entry; an empty period lists nothing
    const early = await call<AdoptionReport>('reports.adoption', { from: '2026-01-01', to: '2026-01-31' });
    expect(early.stillSendingPaper.map((s) => s.code)).not.toContain('MOJ');
    const empty = await call<AdoptionReport>('reports.adoption', { from: '2025-01-01', to: '2025-01-31' });
    expect(empty).toMatchObject({ counterparts: [], stillSendingPaper: [] });
  });

  it('refuses a period that ends before it starts', async () => {
    const r = await dispatch(services.handlers, 'reports.adoption', { from: TO, to: FROM });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind).toBe('validation');
  });

  it('exports a CSV with a BOM that reads back to the same figures', async () => {
    const r = await call<AdoptionReport>('reports.adoption', { from: FROM, to: TO });
    const file = await call<{ fileName: string; mediaType: string; dataBase64: string }>('reports.adoptionExport', { from: FROM, to: TO, format: 'csv' });
    expect(file.fileName).toBe(`adoption-${FROM}-${TO}.csv`);
    const bytes = Buffer.from(file.dataBase64, 'base64');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]![0]).toBe('الرمز');
    expect(rows).toHaveLength(r.counterparts.length + 2);
    for (const c of r.counterparts) {
      const row = rows.find((x) => (c.code === null ? x[0] === '' && x[1] === c.nameAr : x[0] === c.code))!;
      expect(row.slice(4, 12).map(Number)).toEqual([c.received.paper, c.received.electronic, c.received.both, c.received.total, c.sent.paper, c.sent.electronic, c.sent.both, c.sent.total]);
      const s = r.stillSendingPaper.find((x) => x.code === c.code);
      expect(Number(row[12])).toBe(s?.paperCount ?? 0);
      expect(row[13]).toBe((s?.examples ?? []).map((e) => e.registryNumber).join(' '));
    }
    expect(rows.at(-1)!.slice(4, 8).map(Number)).toEqual([r.totals.received.paper, r.totals.received.electronic, r.totals.received.both, r.totals.received.total]);
  });

  it('exports an Arabic PDF that pdftotext reads back in logical order', async () => {
    const r = await call<AdoptionReport>('reports.adoption', { from: FROM, to: TO, examples: 2 });
    const file = await call<{ dataBase64: string; mediaType: string }>('reports.adoptionExport', { from: FROM, to: TO, examples: 2, format: 'pdf' });
    expect(file.mediaType).toBe('application/pdf');
    const pdfPath = path.join(dataDir, 'adoption.pdf');
    fs.writeFileSync(pdfPath, Buffer.from(file.dataBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']).toString('utf8').replace(/[\u200e\u200f\u202a-\u202e]/g, '');
    expect(text).toContain('تقرير التحول إلى التبادل الإلكتروني');
    expect(text).toContain('وزارة الأشغال العامة');
    expect(text).toContain('الجهات المتصلة بمنصة التبادل التي ما زالت ترسل كتبًا ورقية');
    for (const s of r.stillSendingPaper) {
      expect(text).toContain(s.nameAr);
      for (const e of s.examples) {
        expect(text).toContain(e.registryNumber); // incoming numbers read back unreversed
        expect(text).toContain(e.subject);
      }
    }
    expect(text).toContain(NAME_ONLY);
    // the MOF row of the first table: its figures in logical (reading) order after its name
    // The MOF row of the first table, cell by cell in reading order (right to left): name, code,
    // connected since, requires paper, then the eight figures.
    const mof = r.counterparts.find((c) => c.code === 'MOF')!;
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const at = lines.indexOf('وزارة المالية');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at, at + 12)).toEqual([
      'وزارة المالية', 'MOF', '2026-02-10', 'نعم',
      ...[mof.received.paper, mof.received.electronic, mof.received.both, mof.received.total, mof.sent.paper, mof.sent.electronic, mof.sent.both, mof.sent.total].map(String),
    ]);
  }, 120_000);

  it('is for supervisors and admins: a clerk is refused', async () => {
    await createAccounts(services.handlers);
    await services.handlers['auth.signIn']({ username: 'karim', password: PASSWORDS.clerk });
    const clerk = await dispatch(services.handlers, 'reports.adoption', { from: FROM, to: TO });
    expect(!clerk.ok && clerk.error.kind).toBe('forbidden');
    const clerkExport = await dispatch(services.handlers, 'reports.adoptionExport', { from: FROM, to: TO, format: 'csv' });
    expect(!clerkExport.ok && clerkExport.error.kind).toBe('forbidden');
    await services.handlers['auth.signOut']({});
    await services.handlers['auth.signIn']({ username: 'sara', password: PASSWORDS.supervisor });
    expect((await dispatch(services.handlers, 'reports.adoption', { from: FROM, to: TO })).ok).toBe(true);
    await services.handlers['auth.signOut']({});
  });

  it('the CLI writes the CSV and prints the report (as a supervisor); a clerk is refused', async () => {
    await services.close();
    process.env.REGISTRY_DESK_PASSWORD = PASSWORDS.supervisor;
    try {
      const csv = path.join(dataDir, 'cli.csv');
      const a = await runCli(['--data-dir', dataDir, '--user', 'sara', 'adoption', '--from', FROM, '--to', '٣٠/٠٦/٢٠٢٦', '--format', 'csv', '--out', csv]);
      expect(a.err).toBe('');
      expect(a.code).toBe(0);
      expect(JSON.parse(a.out)).toMatchObject({ from: FROM, to: TO, format: 'csv' });
      expect(fs.readFileSync(csv).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const j = await runCli(['--data-dir', dataDir, '--user', 'sara', 'adoption', '--from', FROM, '--to', TO]);
      expect(j.code).toBe(0);
      expect((JSON.parse(j.out) as AdoptionReport).stillSendingPaper.length).toBeGreaterThan(0);
      const noOut = await runCli(['--data-dir', dataDir, '--user', 'sara', 'adoption', '--from', FROM, '--to', TO, '--format', 'pdf']);
      expect(noOut.code).toBe(1);
      expect(JSON.parse(noOut.err).error.kind).toBe('validation');
      process.env.REGISTRY_DESK_PASSWORD = PASSWORDS.clerk;
      const clerk = await runCli(['--data-dir', dataDir, '--user', 'karim', 'adoption', '--from', FROM, '--to', TO]);
      expect(clerk.code).toBe(1);
      expect(JSON.parse(clerk.err).error.kind).toBe('forbidden');
    } finally {
      delete process.env.REGISTRY_DESK_PASSWORD;
    }
  }, 120_000);
});

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}
