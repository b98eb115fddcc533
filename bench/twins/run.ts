/**
 * Twin-candidate benchmark: `npm run bench:twins [-- --sizes 200000,1000000 --probes 200 --rebuild]`.
 *
 * Builds (or reuses) registers with the search benchmark's generator (bench/search/build.ts: Arabic
 * OCR-like text, agencies from the shipped directory, 80 % paper) under bench/.data/twins-N, then
 * prints in one run: the latency of `candidatesForLetter` (electron/services/twins: an electronic
 * letter looking for its paper registration) for letters whose paper copy is registered — the
 * registration's own text with 4 % of its characters changed (an OCR-like difference), its
 * counterpart, reference number and date — beside the same-run baseline of `registry.search` for
 * that reference number, the ratio, and how often the paper registration came first.
 * Rules: ../shared/design/benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/services/db/open.ts';
import { defaultDirectory } from '../../electron/services/directory/index.ts';
import { createRegistry } from '../../electron/services/registry/index.ts';
import { candidatesForLetter } from '../../electron/services/twins/index.ts';
import { buildRegister, DEFAULT_PARAMS, type GeneratorParams } from '../search/build.ts';
import { buildVocabulary, rng } from '../search/vocabulary.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');

interface Args {
  sizes: number[];
  probes: number;
  rebuild: boolean;
  dataDir: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sizes: [200_000], probes: 200, rebuild: false, dataDir: path.join(repoRoot, 'bench/.data') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--sizes' && v !== undefined) {
      a.sizes = v.split(',').map((s) => Number(s.replace(/_/g, '')));
      i++;
    } else if (k === '--probes' && v !== undefined) {
      a.probes = Number(v);
      i++;
    } else if (k === '--data-dir' && v !== undefined) {
      a.dataDir = path.resolve(v);
      i++;
    } else if (k === '--rebuild') a.rebuild = true;
    else if (k === '--help') {
      console.log('usage: npm run bench:twins -- [--sizes 200000,1000000] [--probes 200] [--rebuild] [--data-dir DIR]');
      process.exit(0);
    }
  }
  if (a.sizes.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error('--sizes takes integers ≥ 1000');
  return a;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1)).padStart(7);

/** The text with `share` of its letters replaced by a neighbouring letter (an OCR-like difference). */
function noisy(text: string, share: number, random: () => number): string {
  let out = '';
  for (const ch of text) out += /\p{L}/u.test(ch) && random() < share ? String.fromCharCode(ch.charCodeAt(0) + 1) : ch;
  return out;
}

function runSize(rows: number, args: Args): void {
  const dir = path.join(args.dataDir, `twins-${rows}`);
  const file = path.join(dir, 'registry.sqlite');
  const params: GeneratorParams = { ...DEFAULT_PARAMS, rows };
  let built = 'reused';
  if (args.rebuild || !fs.existsSync(file)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const db = openDatabase(file);
    const vocab = buildVocabulary(fixturesDir, rng(params.seed));
    const secs = buildRegister(db, params, vocab, defaultDirectory(), rng(params.seed + 1), (done) => {
      if (done % 100_000 === 0 || done === rows) process.stderr.write(`  built ${done} / ${rows}\n`);
    });
    db.close();
    built = `built in ${secs.toFixed(0)} s`;
  }
  console.log(`\n## ${rows.toLocaleString('en')} registrations — ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB, ${built}`);

  const db = openDatabase(file);
  const registry = createRegistry(db, { operator: () => 'bench' });
  const random = rng(params.seed + 7);
  const row = db.prepare(
    `SELECT r.id, r.counterpart_code AS code, r.counterpart_name AS name, r.reference_number AS ref, r.reference_date AS date,
       r.registered_at AS at, d.text FROM registrations r
     JOIN registration_documents rd ON rd.registration_id = r.id AND rd.role = 'main' JOIN documents d ON d.id = rd.document_id
     WHERE r.id = ? AND r.channel = 'paper' AND r.annulled = 0`,
  );
  type Row = { id: number; code: string; name: string; ref: string; date: string; at: string; text: string };
  const probes: Row[] = [];
  while (probes.length < args.probes) {
    const r = row.get(1 + Math.floor(random() * rows)) as Row | undefined;
    if (r) probes.push({ ...r, text: noisy(r.text, 0.04, random) });
  }
  const twin: number[] = [];
  const baseline: number[] = [];
  let first = 0;
  let compared = 0;
  for (const p of probes) {
    const now = new Date(Date.parse(p.at) + 3 * 86_400_000);
    let t = performance.now();
    const found = candidatesForLetter(db, { text: p.text, counterpartCode: p.code, counterpartName: p.name, referenceNumber: p.ref, referenceDate: p.date }, now);
    twin.push(performance.now() - t);
    if (found[0]?.registrationId === p.id) first += 1;
    compared += found.length;
    t = performance.now();
    registry.search({ query: p.ref, limit: 50, beforeId: null });
    baseline.push(performance.now() - t);
  }
  console.log('warm, ms           n |     p50     p95     max');
  console.log(`twin candidates  ${String(probes.length).padStart(4)} | ${ms(pct(twin, 50))} ${ms(pct(twin, 95))} ${ms(Math.max(...twin))}`);
  console.log(`registry.search  ${String(probes.length).padStart(4)} | ${ms(pct(baseline, 50))} ${ms(pct(baseline, 95))} ${ms(Math.max(...baseline))}   (baseline: the reference number searched)`);
  console.log(`ratio p50 ${(pct(twin, 50) / pct(baseline, 50)).toFixed(2)}, p95 ${(pct(twin, 95) / pct(baseline, 95)).toFixed(2)}`);
  console.log(`paper registration first: ${first}/${probes.length}; candidates offered per letter: ${(compared / probes.length).toFixed(2)}`);
  db.close();
}

const args = parseArgs(process.argv.slice(2));
console.log('# Registry Desk — twin-candidate benchmark');
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}`);
console.log(`Node ${process.version}; generator: bench/search/build.ts (seed ${DEFAULT_PARAMS.seed}); probes: paper registrations' text with 4 % of letters changed, their counterpart, reference number and date`);
for (const rows of args.sizes) runSize(rows, args);
