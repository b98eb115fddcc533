/**
 * Search benchmark: `npm run bench:search [-- --sizes 100000,1000000 --per-kind 100 --rebuild]`.
 *
 * Builds (or reuses) registers of the given sizes under bench/.data/, then prints in one run: the
 * machine, the generator's parameters, p50/p95/max latency of typical clerk searches through the
 * registry service beside the same FTS5 query run raw on the same file (the ceiling) and the ratio,
 * warm and cold, and the p95 of a registration commit through the service (no OCR).
 * Rules: ../shared/design/benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../../electron/services/db/open.ts';
import { defaultDirectory } from '../../electron/services/directory/index.ts';
import { createRegistry, matchExpression, SEARCH_SQL } from '../../electron/services/registry/index.ts';
import { sha256Hex } from '../../electron/services/blobs/store.ts';
import { buildRegister, DEFAULT_PARAMS, type GeneratorParams } from './build.ts';
import { buildVocabulary, rng, type Vocabulary } from './vocabulary.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');

interface Args {
  sizes: number[];
  perKind: number;
  rebuild: boolean;
  commits: number;
  dataDir: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sizes: [100_000, 1_000_000], perKind: 100, rebuild: false, commits: 200, dataDir: path.join(repoRoot, 'bench/.data') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--sizes' && v !== undefined) {
      a.sizes = v.split(',').map((s) => Number(s.replace(/[_k]/g, (m) => (m === 'k' ? '000' : ''))));
      i++;
    } else if (k === '--per-kind' && v !== undefined) {
      a.perKind = Number(v);
      i++;
    } else if (k === '--commits' && v !== undefined) {
      a.commits = Number(v);
      i++;
    } else if (k === '--data-dir' && v !== undefined) {
      a.dataDir = path.resolve(v);
      i++;
    } else if (k === '--rebuild') a.rebuild = true;
    else if (k === '--help') {
      console.log('usage: npm run bench:search -- [--sizes 100000,1000000] [--per-kind 100] [--commits 200] [--rebuild] [--data-dir DIR]');
      process.exit(0);
    }
  }
  if (a.sizes.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error('--sizes takes integers ≥ 1000');
  return a;
}

const KINDS = ['reference number', 'agency name', 'one rare word', 'two common words', 'word without hamza'] as const;
type Kind = (typeof KINDS)[number];

function toArabicDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
}

/** Queries a clerk would type, per kind, drawn from what the register holds. */
function makeQueries(db: Db, rows: number, vocab: Vocabulary, perKind: number, random: () => number): Map<Kind, string[]> {
  const pick = <T>(a: T[]): T => a[Math.floor(random() * a.length)] as T;
  const refOf = db.prepare('SELECT reference_number AS r FROM registrations WHERE id = ?');
  const agencies = (db.prepare('SELECT DISTINCT counterpart_name AS n FROM registrations WHERE id <= 5000').all() as Array<{ n: string }>).map((r) => r.n);
  const n = vocab.forms.length;
  const hamza = vocab.forms.slice(50, 3000).filter((w) => /[أإآ]/.test(w));
  const q = new Map<Kind, string[]>();
  const fill = (f: (i: number) => string) => Array.from({ length: perKind }, (_, i) => f(i));
  q.set('reference number', fill((i) => {
    const r = (refOf.get(1 + Math.floor(random() * rows)) as { r: string }).r;
    return i % 2 === 0 ? r : toArabicDigits(r);
  }));
  q.set('agency name', fill(() => pick(agencies)));
  q.set('one rare word', fill(() => vocab.forms[Math.floor(n * 0.5 + random() * n * 0.4)] ?? ''));
  q.set('two common words', fill(() => {
    const a = Math.floor(random() * 30);
    let b = Math.floor(random() * 30);
    if (b === a) b = (b + 1) % 30;
    return `${vocab.forms[a]} ${vocab.forms[b]}`;
  }));
  q.set('word without hamza', fill(() => pick(hamza).replace(/[أإآ]/g, 'ا')));
  return q;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1)).padStart(7);

interface Timing { service: number[]; raw: number[]; ftsOnly: number[]; hits: number[] }

function runSize(rows: number, args: Args, vocab: Vocabulary, params: GeneratorParams): void {
  const dir = path.join(args.dataDir, `search-${rows}`);
  const file = path.join(dir, 'registry.sqlite');
  let built = 'reused';
  if (args.rebuild || !fs.existsSync(file) || !sameParams(file, params)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const db = openDatabase(file);
    const agencies = defaultDirectory();
    const secs = buildRegister(db, params, vocab, agencies, rng(params.seed + 1), (done) => {
      if (done % 100_000 === 0 || done === rows) process.stderr.write(`  built ${done} / ${rows}\n`);
    });
    db.close();
    built = `built in ${secs.toFixed(0)} s`;
  }
  const size = fs.statSync(file).size;
  console.log(`\n## ${rows.toLocaleString('en')} registrations — ${(size / 2 ** 20).toFixed(0)} MiB, ${built}`);

  // Cold: the first query of each kind on a freshly opened database (the OS page cache stays warm).
  const random = rng(params.seed + 2);
  const probe = openDatabase(file);
  const queries = makeQueries(probe, rows, vocab, args.perKind, random);
  probe.close();
  const cold: Array<[Kind, number, number]> = [];
  let coldIndex = 0;
  for (const kind of KINDS) {
    const q = queries.get(kind)?.[0] ?? '';
    const coldService = () => {
      const db1 = openDatabase(file);
      const reg = createRegistry(db1);
      const t = performance.now();
      reg.search({ query: q, limit: 50, beforeId: null });
      const s = performance.now() - t;
      db1.close();
      return s;
    };
    const coldRaw = () => {
      const db2 = new Database(file, { readonly: true });
      const t = performance.now();
      db2.prepare(SEARCH_SQL).all(matchExpression(q), Number.MAX_SAFE_INTEGER, 51);
      const r = performance.now() - t;
      db2.close();
      return r;
    };
    // alternate which side goes first, so neither always finds the other's pages in the OS cache
    if (coldIndex++ % 2 === 0) {
      const s = coldService();
      cold.push([kind, s, coldRaw()]);
    } else {
      const r = coldRaw();
      cold.push([kind, coldService(), r]);
    }
  }

  // Warm: the service and the raw query on connections to the same file, alternating order.
  const db = openDatabase(file);
  const registry = createRegistry(db, { operator: () => 'bench' });
  const raw = new Database(file, { readonly: true });
  const rawStmt = raw.prepare(SEARCH_SQL);
  const ftsStmt = raw.prepare('SELECT rowid FROM registrations_fts WHERE registrations_fts MATCH ? ORDER BY rowid DESC LIMIT 50');
  const results = new Map<Kind, Timing>();
  for (const kind of KINDS) {
    const t: Timing = { service: [], raw: [], ftsOnly: [], hits: [] };
    for (const [i, q] of (queries.get(kind) ?? []).entries()) {
      const runService = () => {
        const t0 = performance.now();
        const res = registry.search({ query: q, limit: 50, beforeId: null });
        t.service.push(performance.now() - t0);
        t.hits.push(res.items.length);
      };
      const runRaw = () => {
        const t0 = performance.now();
        rawStmt.all(matchExpression(q), Number.MAX_SAFE_INTEGER, 51);
        t.raw.push(performance.now() - t0);
        const t1 = performance.now();
        ftsStmt.all(matchExpression(q));
        t.ftsOnly.push(performance.now() - t1);
      };
      if (i % 2 === 0) {
        runService();
        runRaw();
      } else {
        runRaw();
        runService();
      }
    }
    results.set(kind, t);
  }

  console.log('\nwarm, ms (50 newest hits; service = registry.search: normalisation, the query, snippets on raw text in JS;');
  console.log('          raw = the same SQL (summary columns + main document text) with a prepared statement;');
  console.log('          fts = FTS5 rowids only, no rows read: the bare index ceiling)');
  console.log('kind                  n  hits(med) | service p50     p95     max |    raw p50     p95     max | ratio p95 | fts p50     p95 | svc/fts p95');
  const all: Timing = { service: [], raw: [], ftsOnly: [], hits: [] };
  for (const kind of KINDS) {
    const t = results.get(kind) as Timing;
    all.service.push(...t.service);
    all.raw.push(...t.raw);
    all.ftsOnly.push(...t.ftsOnly);
    all.hits.push(...t.hits);
    line(kind, t);
  }
  line('all', all);
  console.log('\ncold (first query after opening the database), ms');
  for (const [kind, s, r] of cold) console.log(`${kind.padEnd(20)}  service ${ms(s)}   raw ${ms(r)}   ratio ${(s / r).toFixed(2)}`);

  // Registration commits through the real service (synchronous = FULL), no OCR.
  const commits: number[] = [];
  for (let i = 0; i < args.commits; i++) {
    const text = `كتاب قياس الأداء رقم ${i} ${Date.now()} ${vocab.forms.slice(i, i + 100).join(' ')}`;
    const sha = sha256Hex(Buffer.from(text));
    registry.putAnalysis({
      sha256: sha, fileName: 'bench.png', mediaType: 'image/png', byteLength: text.length,
      pages: [{ index: 0, source: 'ocr', text, confidence: 80, rotation: 0, segmentation: 'single_block', lowConfidenceWords: [], width: 1, height: 1 }],
      meanConfidence: 80,
      suggestions: { counterpart: null, referenceNumber: null, referenceDate: null, subject: null, attachmentsCount: null },
      durationMs: 0,
    });
    const t0 = performance.now();
    registry.register({ documentSha256: sha, counterpart: { code: 'MPW', name: 'وزارة الأشغال العامة' }, subject: `قياس ${i}`, referenceNumber: `ب/${i}/2026` });
    commits.push(performance.now() - t0);
  }
  console.log(`\nregistration commit (registry.register, BEGIN IMMEDIATE … COMMIT, synchronous=FULL, no OCR), ${commits.length} commits:`);
  console.log(`  p50 ${ms(pct(commits, 50))}  p95 ${ms(pct(commits, 95))}  max ${ms(pct(commits, 100))} ms`);
  const goal = pct(all.service, 95) <= 50 && pct(all.service, 95) / pct(all.raw, 95) <= 1.2;
  console.log(`\ngoal (p95 ≤ 50 ms and ≤ 1.2× raw): ${goal ? 'met' : 'NOT met'} at ${rows.toLocaleString('en')}`);
  raw.close();
  db.close();

  function line(kind: string, t: Timing): void {
    const r95 = pct(t.raw, 95);
    console.log(
      `${kind.padEnd(20)} ${String(t.service.length).padStart(3)}  ${String(pct(t.hits, 50)).padStart(9)} | ${ms(pct(t.service, 50))} ${ms(pct(t.service, 95))} ${ms(pct(t.service, 100))} | ${ms(pct(t.raw, 50))} ${ms(r95)} ${ms(pct(t.raw, 100))} | ${(pct(t.service, 95) / r95).toFixed(2).padStart(9)} | ${ms(pct(t.ftsOnly, 50))} ${ms(pct(t.ftsOnly, 95))} | ${(pct(t.service, 95) / pct(t.ftsOnly, 95)).toFixed(1).padStart(11)}`,
    );
  }
}

function sameParams(file: string, p: GeneratorParams): boolean {
  try {
    const db = new Database(file, { readonly: true });
    const r = db.prepare("SELECT value FROM settings WHERE key = 'bench.params'").get() as { value: string } | undefined;
    db.close();
    return r !== undefined && r.value === JSON.stringify(p);
  } catch {
    return false;
  }
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const vocab = buildVocabulary(fixturesDir, rng(DEFAULT_PARAMS.seed));
  const v = new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string };
  const cpus = os.cpus();
  console.log('# Registry Desk — search benchmark');
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}`);
  console.log(`Node ${process.version}, SQLite ${v.v} (better-sqlite3), FTS5 unicode61 over normalised text, contentless`);
  console.log(
    `generator: vocabulary ${vocab.forms.length} word forms from ${vocab.baseWords} fixture base words × prefixes/suffixes, Zipf s=${vocab.exponent}; ` +
      `body ${DEFAULT_PARAMS.bodyWords.join('–')} words, subject ${DEFAULT_PARAMS.subjectWords.join('–')} words; ` +
      `${(DEFAULT_PARAMS.annulledShare * 100).toFixed(0)}% annulled; registrations ${DEFAULT_PARAMS.from.slice(0, 10)} → ${DEFAULT_PARAMS.to.slice(0, 10)}; ` +
      `unique reference numbers; agencies from the shipped directory (skewed); seed ${DEFAULT_PARAMS.seed}`,
  );
  console.log(`build: direct inserts, one transaction per ${DEFAULT_PARAMS.batch} rows, synchronous=OFF, no per-row audit/analysis rows`);
  console.log(`queries: ${args.perKind} per kind × ${KINDS.length} kinds: ${KINDS.join(', ')} (reference numbers half in Arabic-Indic digits)`);
  for (const rows of args.sizes) runSize(rows, args, vocab, { ...DEFAULT_PARAMS, rows });
  console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

main();
