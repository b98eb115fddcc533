/**
 * Daily register and dashboard benchmark (not part of `npm test`): the supervisor's figures over a
 * register of a million registrations, beside a same-run baseline.
 *
 *   node bench/daily/run.ts [--source bench/.data/search-1000000/registry.sqlite] [--runs 200] [--rebuild]
 *
 * The registrations (all columns but the letter text, which neither the daily register nor the
 * dashboard reads) are copied once from bench/search's register (opened read-only, never changed)
 * into `bench/.data/daily-<rows>/registry.sqlite`, a database at the current schema with migration
 * 004's indexes; 2 % of the incoming letters get a routing, a fifth of those overdue, 5 % are annulled.
 *
 * Printed, p50 / p95 / max in ms:
 *  - `dashboard.get` (today, month, backlog, overdue, 12 monthly buckets) through the service, beside
 *    the same SQL on prepared statements (baseline; the ratio is the service's overhead), and the same
 *    aggregates with the indexes bypassed (`NOT INDEXED`), which is what the query plan saves;
 *  - the daily register of a random day (build + canonical hash), beside the raw SELECT of its rows;
 *  - sealing one day, and verifying a chain of sealed days.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/services/db/open.ts';
import { buildDashboard } from '../../electron/services/reports/dashboard.ts';
import { buildDailyRegister, canonicalDayContent } from '../../electron/services/reports/daily-register.ts';
import { autoSeal, verifySeals } from '../../electron/services/reports/daily-seal.ts';
import { addDays } from '../../shared/dates/days.ts';
import { repoRoot } from '../../test/e2e/web-host.ts';

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: path.join(repoRoot, 'bench', '.data', 'search-1000000', 'registry.sqlite') },
    runs: { type: 'string', default: '200' },
    rebuild: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
function time(fn: () => unknown, n: number): number[] {
  fn(); // warm
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}
/** Times `a` and `b` alternately, so drift in the machine's load falls on both sides alike. */
function pair(a: () => unknown, b: () => unknown, n: number): [number[], number[]] {
  a();
  b();
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    a();
    xa.push(performance.now() - t);
    t = performance.now();
    b();
    xb.push(performance.now() - t);
  }
  return [xa, xb];
}
const f = (x: number) => x.toFixed(2);
const line = (label: string, xs: number[]) => `${label.padEnd(44)} ${f(pct(xs, 50)).padStart(8)} ${f(pct(xs, 95)).padStart(8)} ${f(Math.max(...xs)).padStart(8)}`;

const src = path.resolve(values.source!);
if (!fs.existsSync(src)) throw new Error(`no source register at ${src} (build it with npm run bench:search)`);
const srcDb = new Database(src, { readonly: true, fileMustExist: true });
const rows = (srcDb.prepare('SELECT count(*) AS n FROM registrations').get() as { n: number }).n;
srcDb.close();
const dir = path.join(repoRoot, 'bench', '.data', `daily-${rows}`);
const file = path.join(dir, 'registry.sqlite');
if (values.rebuild) fs.rmSync(dir, { recursive: true, force: true });

const started = performance.now();
let built = false;
if (!fs.existsSync(file)) {
  fs.mkdirSync(dir, { recursive: true });
  const db = openDatabase(file);
  db.pragma('synchronous = OFF');
  const cols =
    'id, register, year, seq, registry_number, registered_at, registration_date, direction, channel, counterpart_code, counterpart_name, reference_number, reference_date, subject, classification, priority, attachments_count, operator';
  // Read through a separate read-only connection (the source file is never opened for writing).
  const from = new Database(src, { readonly: true, fileMustExist: true });
  const insert = db.prepare(`INSERT INTO registrations (${cols}) VALUES (${cols.split(',').map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (const r of from.prepare(`SELECT ${cols} FROM registrations ORDER BY id`).raw().iterate()) insert.run(...(r as unknown[]));
  }).immediate();
  from.close();
  db.transaction(() => {
    db.exec(
      "INSERT INTO departments (code, name_ar, name_en, active, position) VALUES ('legal', 'الشؤون القانونية', 'Legal', 1, 0), ('hr', 'الموارد البشرية', 'HR', 1, 1)",
    );
    db.exec(`INSERT INTO routings (registration_id, department_code, due_date, routed_at, routed_by, changed_at, changed_by)
             SELECT id, CASE id % 2 WHEN 0 THEN 'legal' ELSE 'hr' END,
                    CASE WHEN id % 250 = 0 THEN '2024-01-01' ELSE '2099-01-01' END, registered_at, 'bench', registered_at, 'bench'
             FROM registrations WHERE direction = 'incoming' AND id % 50 = 0`);
    db.exec(`UPDATE registrations SET annulled = 1, annulled_at = registered_at, annulment_reason = 'bench', annulment_operator = 'bench'
             WHERE id % 20 = 7 AND annulled = 0`);
  }).immediate();
  db.pragma('synchronous = FULL');
  db.exec('ANALYZE');
  db.close();
  built = true;
}
const buildMs = performance.now() - started;

const db = openDatabase(file);
const n = (db.prepare('SELECT count(*) AS n FROM registrations').get() as { n: number }).n;
const span = db.prepare('SELECT min(registration_date) AS a, max(registration_date) AS b FROM registrations').get() as { a: string; b: string };
const now = new Date(`${span.b}T12:00:00Z`);

const cpus = os.cpus();
const v = (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM; Node ${process.version}; SQLite ${v}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`register: ${n} registrations ${span.a} … ${span.b} (copied from ${path.relative(repoRoot, src)}${built ? `, built in ${(buildMs / 1000).toFixed(0)} s` : ', reused'}); ${runs} runs each\n`);
console.log(`${''.padEnd(44)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}  (ms)`);

// Dashboard: the service, the same SQL on prepared statements, and the aggregates without the indexes.
const today = span.b;
const monthStart = `${today.slice(0, 7)}-01`;
const firstBucket = (() => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
})();
const q = (hint: string) => ({
  vol: db.prepare(`SELECT direction, channel, count(*) AS n FROM registrations ${hint} WHERE registration_date >= ? AND registration_date < ? GROUP BY direction, channel`),
  backlog: db.prepare(
    `SELECT (SELECT count(*) FROM registrations ${hint === 'NOT INDEXED' ? hint : 'INDEXED BY registrations_open_incoming'} WHERE direction = 'incoming' AND annulled = 0)
          - (SELECT count(*) FROM routings t JOIN registrations r ON r.id = t.registration_id WHERE r.direction = 'incoming' AND r.annulled = 0) AS n`,
  ),
  overdue: db.prepare(`SELECT count(*) AS n FROM routings t JOIN registrations r ON r.id = t.registration_id WHERE t.done_at IS NULL AND t.due_date < ? AND r.annulled = 0`),
  share: db.prepare(`SELECT registration_date AS day, channel, count(*) AS n FROM registrations ${hint} WHERE registration_date >= ? AND registration_date < ? GROUP BY registration_date, direction, channel`),
});
const runAll = (s: ReturnType<typeof q>) => {
  s.vol.all(today, addDays(today, 1));
  s.vol.all(monthStart, addDays(today, 1));
  s.backlog.get();
  s.overdue.get(today);
  s.share.all(firstBucket, addDays(today, 1));
};
const indexed = q('INDEXED BY registrations_day_volume');
const [service, raw] = pair(() => buildDashboard(db, { shareBy: 'month', buckets: 12 }, now), () => runAll(indexed), runs);
const scan = time(() => runAll(q('NOT INDEXED')), Math.max(3, Math.round(runs / 40)));
console.log(line('dashboard.get (service)', service));
console.log(line('  baseline: same SQL, prepared', raw));
console.log(line('  same aggregates, indexes bypassed', scan));
console.log(`  ratio service / baseline p50 ${f(pct(service, 50) / pct(raw, 50))}, p95 ${f(pct(service, 95) / pct(raw, 95))}; index saves ×${(pct(scan, 50) / pct(raw, 50)).toFixed(0)}`);

// Daily register of random days.
const days = (db.prepare('SELECT DISTINCT registration_date AS d FROM registrations INDEXED BY registrations_by_day').all() as Array<{ d: string }>).map((r) => r.d);
let seed = 7;
const pick = () => days[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % days.length]!;
const perDay = Math.round(n / days.length);
const rawDay = db.prepare('SELECT * FROM registrations INDEXED BY registrations_by_day WHERE registration_date = ? ORDER BY register, seq');
let day = pick();
const [show, rawShow] = pair(() => buildDailyRegister(db, (day = pick()), now), () => rawDay.all(day), runs);
const hash = time(() => canonicalDayContent(db, pick()), runs);
console.log(line(`daily.show of a random day (~${perDay} rows)`, show));
console.log(line('  baseline: SELECT the day’s rows, prepared', rawShow));
console.log(line('  canonical content hash of a day', hash));
console.log(`  ratio service / baseline p50 ${f(pct(show, 50) / pct(rawShow, 50))}, p95 ${f(pct(show, 95) / pct(rawShow, 95))}`);

// Sealing and verification: a copy of the file, so the benchmark register stays unsealed.
const copy = path.join(dir, 'seal-copy.sqlite');
db.close();
fs.copyFileSync(file, copy);
const sdb = openDatabase(copy);
const sealDays = Math.min(60, days.length);
const t0 = performance.now();
const sealed = autoSeal(sdb, { now: new Date(`${addDays(days[0]!, sealDays + 2)}T12:00:00Z`), graceHours: 24, maxDays: sealDays });
const sealMs = performance.now() - t0;
const t1 = performance.now();
const verdict = verifySeals(sdb);
const verifyMs = performance.now() - t1;
console.log(`\nautomatic sealing of ${sealed.length} days (oldest first): ${(sealMs / sealed.length).toFixed(1)} ms per day`);
console.log(`verification of ${sealed.length} sealed days: ${verifyMs.toFixed(0)} ms (${verdict.ok ? 'intact' : 'broken'}); a whole register of ${days.length} days ≈ ${((verifyMs / sealed.length) * days.length / 1000).toFixed(1)} s`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
sdb.close();
fs.rmSync(copy, { force: true });
fs.rmSync(`${copy}-wal`, { force: true });
fs.rmSync(`${copy}-shm`, { force: true });
