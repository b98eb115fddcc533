/**
 * OCR benchmark: `npm run bench:ocr [-- --quick] [-- --batch 200]`.
 *
 * In one run, on this machine:
 * 1. Fixtures: every scan of ../shared/fixtures/scans that has a ground truth and every letter scan of
 *    ../shared/fixtures/letters (test/helpers/ocr-fixtures.ts), one document after another, read
 *    (a) by the desk — `readDocument` with the app's OCR pool (`createOcrPool()`, default size), the
 *    whole pipeline: decoding, orientation, languages, segmentation, every pass, clean-up — and
 *    (b) by the native `tesseract` command (Debian tesseract-ocr, its own models, automatic page
 *    segmentation, `-l` from the fixture's language: `ara`, `eng` or `ara+eng`), one process per page.
 *    PDF pages are rasterised for the native side beforehand (same renderer and dpi as the desk),
 *    outside its timing. Prints per fixture and in total: pages/min of each side, the speed ratio
 *    (desk/native pages per minute; "within 1.5×" when the desk needs at most 1.5× native's time)
 *    and the CER of each side (electron/services/ocr/cer.ts; every page of a file against its truth).
 * 2. Batch: the fixture scans cycled to `--batch` pages (default 200; 40 with `--quick`), fed as
 *    documents through the same pool, `pool.size` documents at a time: pages/min and the PEAK resident
 *    memory of this process during the batch (tesseract.js workers are worker threads, so their wasm
 *    heaps are in it; any child processes are added too). Peak = max of 100 ms samples and the
 *    kernel's VmHWM (reset before the batch through /proc/self/clear_refs).
 * `--quick`: four scans and four letters, 40-page batch. `--skip-batch`: part 1 only. `--batch-only`: part 2
 * only (its native figure is then absent).
 * Beside wall-clock pages/min, CPU seconds per page are printed for both sides (desk: this process,
 * all threads, `process.cpuUsage()`; native: the finished children's user+system time from
 * /proc/self/stat): on a loaded machine wall clock depends on the scheduler, CPU time much less.
 * Prints the machine: CPUs, Node, tesseract.js and native tesseract versions, load average at start and
 * end. Rules: ../shared/design/benchmarks.md. Run it niced on a shared machine (`nice -n 5`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { pageCount, readDocument } from '../../electron/services/documents/index.ts';
import { openPdf, renderPdfPage } from '../../electron/services/documents/pdf.ts';
import { PDF_RENDER_DPI } from '../../electron/services/documents/limits.ts';
import { characterErrorRate, createOcrPool, MAX_OCR_PIXELS, RECYCLE_AFTER_JOBS, type OcrPool } from '../../electron/services/ocr/index.ts';
import { DEFAULT_DESKEW, DEFAULT_THRESHOLDING } from '../../electron/services/ocr/page.ts';
import { ocrFixtures, type OcrFixture } from '../../test/helpers/ocr-fixtures.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    batch: { type: 'string' },
    'skip-batch': { type: 'boolean', default: false },
    'batch-only': { type: 'boolean', default: false },
  },
});
const quick = values.quick === true;
const batchPages = Number(values.batch ?? (quick ? 40 : 200));
const skipBatch = values['skip-batch'] === true;
const batchOnly = values['batch-only'] === true;
if (!Number.isInteger(batchPages) || batchPages < 1) throw new Error(`--batch: a positive page count, not ${values.batch}`);

/** The fixtures `--quick` keeps: two Arabic scans, two English ones, four letters. */
const QUICK = [
  'scans/openarabicpe-ocr_training-data/oclc_4770057679-v_1-i_1-p_002.tif',
  'scans/derived/muqtabas-p002-skew2.5-noisy-150dpi.jpg',
  'scans/tesseract-test/phototest.tif',
  'scans/tesseract.js/bill.png',
];

const MIB = 1024 * 1024;
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

// ---------------------------------------------------------------------------------------------------
// Memory: this process (worker threads included) plus any child processes, sampled.

function childrenRss(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // the process ended between listing and reading
    }
  }
  return total;
}

/** The kernel's peak RSS of this process (bytes), or null off Linux. */
function vmHwm(): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0); false when not possible. */
function resetHwm(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function sampler(intervalMs = 100) {
  let peak = 0;
  let peakChildren = 0;
  const sample = () => {
    const kids = childrenRss();
    peakChildren = Math.max(peakChildren, kids);
    peak = Math.max(peak, process.memoryUsage.rss() + kids);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peak, peakChildren };
    },
  };
}

/** CPU seconds (user + system) of waited-for child processes so far, from /proc/self/stat. */
function childCpuSeconds(ticksPerSecond: number): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

/** CPU seconds (user + system) of this process, every thread. */
function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

// ---------------------------------------------------------------------------------------------------
// The native side.

/** The fixture's pages as files tesseract can read: the file itself, or its PDF pages rasterised. */
async function nativeInputs(fx: OcrFixture, tmp: string): Promise<string[]> {
  if (!fx.file.toLowerCase().endsWith('.pdf')) return [fx.file];
  const pdf = await openPdf(new Uint8Array(fs.readFileSync(fx.file)));
  try {
    const out: string[] = [];
    for (let i = 0; i < pdf.pages; i++) {
      const g = await renderPdfPage(pdf, i, PDF_RENDER_DPI);
      const file = path.join(tmp, `${path.basename(fx.file)}-${i + 1}.png`);
      await sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } }).withMetadata({ density: PDF_RENDER_DPI }).png().toFile(file);
      out.push(file);
    }
    return out;
  } finally {
    await pdf.close();
  }
}

async function nativeRead(file: string, languages: string): Promise<string> {
  const { stdout } = await run('tesseract', [file, '-', '-l', languages], { maxBuffer: 64 * MIB, encoding: 'utf8' });
  return stdout;
}

// ---------------------------------------------------------------------------------------------------

interface Row {
  name: string;
  languages: string;
  pages: number;
  oursSeconds: number;
  nativeSeconds: number;
  oursCpu: number;
  nativeCpu: number;
  oursCer: number[];
  nativeCer: number[];
}

async function main(): Promise<void> {
  const nativeVersion = (await run('tesseract', ['--version'], { encoding: 'utf8' })).stdout.split('\n')[0] ?? '?';
  const clkTck = Number((await run('getconf', ['CLK_TCK'], { encoding: 'utf8' })).stdout.trim()) || 100;
  const tjsVersion = (require('tesseract.js/package.json') as { version: string }).version;
  const all = ocrFixtures();
  const fixtures = quick ? [...all.filter((f) => QUICK.includes(f.name)), ...all.filter((f) => f.name.startsWith('letters/')).slice(0, 4)] : all;
  // The process before any OCR worker exists (workers start lazily): the pool's memory is the growth above it.
  const rssNoWorkers = process.memoryUsage.rss();
  const pool = createOcrPool();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ocr-'));

  console.log('OCR benchmark' + (quick ? ' (--quick)' : ''));
  console.log(
    `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), availableParallelism ${os.availableParallelism()}, ` +
      `${fmt(os.totalmem() / 1024 ** 3)} GiB RAM (${fmt(os.freemem() / 1024 ** 3)} free), Node ${process.version}, nice ${os.getPriority()}`,
  );
  console.log(`engines: desk = tesseract.js ${tjsVersion} (4.0.0_best_int models), pool of ${pool.size} workers, recycled every ${RECYCLE_AFTER_JOBS} jobs, at most ${fmt(MAX_OCR_PIXELS / 1e6)} MP per page, deskew ${DEFAULT_DESKEW}, binarisation ${DEFAULT_THRESHOLDING}; native = ${nativeVersion} (Debian models), OMP_THREAD_LIMIT=${process.env.OMP_THREAD_LIMIT ?? 'unset'}`);
  console.log(`load average at start: ${load()}`);

  // Warm-up outside the timing: start the workers and load the models (the app does this once).
  const warm = all.find((f) => f.name.endsWith('tesseract-test/arabic.tif')) ?? all[0]!;
  await readDocument(new Uint8Array(fs.readFileSync(warm.file)), 'warm-up', { ocr: pool });
  await nativeRead(warm.file, 'ara');

  // 1. Fixtures, both sides, one document after another.
  const rows: Row[] = [];
  for (const fx of batchOnly ? [] : fixtures) {
    const bytes = new Uint8Array(fs.readFileSync(fx.file));
    let t = performance.now();
    let c = ownCpuSeconds();
    const ours = await readDocument(bytes, path.basename(fx.file), { ocr: pool });
    const oursSeconds = (performance.now() - t) / 1000;
    const oursCpu = ownCpuSeconds() - c;
    const inputs = await nativeInputs(fx, tmp);
    t = performance.now();
    c = childCpuSeconds(clkTck);
    const nativeTexts: string[] = [];
    for (const input of inputs) nativeTexts.push(await nativeRead(input, fx.languages));
    const nativeSeconds = (performance.now() - t) / 1000;
    const nativeCpu = childCpuSeconds(clkTck) - c;
    const row: Row = {
      name: fx.name,
      languages: fx.languages,
      pages: ours.pages.length,
      oursSeconds,
      nativeSeconds,
      oursCpu,
      nativeCpu,
      oursCer: ours.pages.map((p) => characterErrorRate(p.text, fx.truth)),
      nativeCer: nativeTexts.map((text) => characterErrorRate(text, fx.truth)),
    };
    rows.push(row);
    process.stderr.write(`  ${fx.name}: desk ${fmt(oursSeconds)} s (CPU ${fmt(oursCpu)} s), native ${fmt(nativeSeconds)} s (CPU ${fmt(nativeCpu)} s) (load ${load()})\n`);
  }

  let tn = NaN;
  if (!batchOnly) tn = printFixtures(rows);
  if (!skipBatch) await batch(pool, fixtures, tn, rssNoWorkers);
  console.log(`load average at end: ${load()}`);
  await pool.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** Prints part 1; returns native pages/min over all fixtures. */
function printFixtures(rows: Row[]): number {
  const ppm = (pages: number, s: number) => (pages * 60) / s;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const header = ['fixture', 'lang', 'pages', 'desk p/min', 'native p/min', 'speed desk/native', '≤1.5× time', 'CPU s/page desk', 'CPU s/page native', 'CPU ratio desk/native', 'CER desk', 'CER native'];
  const table: string[][] = rows.map((r) => {
    const o = ppm(r.pages, r.oursSeconds);
    const n = ppm(r.pages, r.nativeSeconds);
    return [r.name, r.languages, String(r.pages), fmt(o, 2), fmt(n, 2), fmt(o / n, 2), r.oursSeconds <= 1.5 * r.nativeSeconds ? 'yes' : 'no', fmt(r.oursCpu / r.pages, 2), fmt(r.nativeCpu / r.pages, 2), fmt(r.oursCpu / r.nativeCpu, 2), r.oursCer.map((c) => c.toFixed(3)).join(' '), r.nativeCer.map((c) => c.toFixed(3)).join(' ')];
  });
  const totalPages = rows.reduce((a, r) => a + r.pages, 0);
  const oursTotal = rows.reduce((a, r) => a + r.oursSeconds, 0);
  const nativeTotal = rows.reduce((a, r) => a + r.nativeSeconds, 0);
  const oursCpuTotal = rows.reduce((a, r) => a + r.oursCpu, 0);
  const nativeCpuTotal = rows.reduce((a, r) => a + r.nativeCpu, 0);
  const oursAll = rows.flatMap((r) => r.oursCer);
  const nativeAll = rows.flatMap((r) => r.nativeCer);
  const to = ppm(totalPages, oursTotal);
  const tn = ppm(totalPages, nativeTotal);
  table.push([
    'TOTAL (mean CER over pages)',
    '',
    String(totalPages),
    fmt(to, 2),
    fmt(tn, 2),
    fmt(to / tn, 2),
    oursTotal <= 1.5 * nativeTotal ? 'yes' : 'no',
    fmt(oursCpuTotal / totalPages, 2),
    fmt(nativeCpuTotal / totalPages, 2),
    fmt(oursCpuTotal / nativeCpuTotal, 2),
    mean(oursAll).toFixed(3),
    mean(nativeAll).toFixed(3),
  ]);
  for (const [label, pick] of [
    ['  scans only', (r: Row) => r.name.startsWith('scans/')],
    ['  letters only', (r: Row) => r.name.startsWith('letters/')],
  ] as const) {
    const sel = rows.filter(pick);
    if (sel.length === 0) continue;
    const p = sel.reduce((a, r) => a + r.pages, 0);
    const os_ = sel.reduce((a, r) => a + r.oursSeconds, 0);
    const ns = sel.reduce((a, r) => a + r.nativeSeconds, 0);
    const oc = sel.reduce((a, r) => a + r.oursCpu, 0);
    const nc = sel.reduce((a, r) => a + r.nativeCpu, 0);
    table.push([label, '', String(p), fmt(ppm(p, os_), 2), fmt(ppm(p, ns), 2), fmt(ppm(p, os_) / ppm(p, ns), 2), os_ <= 1.5 * ns ? 'yes' : 'no', fmt(oc / p, 2), fmt(nc / p, 2), fmt(oc / nc, 2), mean(sel.flatMap((r) => r.oursCer)).toFixed(3), mean(sel.flatMap((r) => r.nativeCer)).toFixed(3)]);
  }
  console.log(`\n1. Fixtures, one document at a time (desk ${fmt(oursTotal)} s, native ${fmt(nativeTotal)} s wall for ${totalPages} pages); load average now ${load()}`);
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const r of table) console.log(`| ${r.join(' | ')} |`);
  return tn;
}

/** Part 2: the scans cycled to `batchPages` pages through the pool; prints pages/min and peak memory. */
async function batch(pool: OcrPool, fixtures: OcrFixture[], nativePpm: number, rssNoWorkers: number): Promise<void> {
  const ppm = (pages: number, s: number) => (pages * 60) / s;

  // 2. Batch through the same pool.
  const sources: { name: string; bytes: Uint8Array; pages: number }[] = [];
  // Every fixture but the one-word image (no page), scans and letters as listed.
  for (const f of fixtures.filter((x) => !x.name.endsWith('tesseract-test/arabic.tif'))) {
    const bytes = new Uint8Array(fs.readFileSync(f.file));
    sources.push({ name: f.name, bytes, pages: await pageCount(bytes) });
  }
  const docs: typeof sources = [];
  let queued = 0;
  for (let i = 0; queued < batchPages; i++) {
    const s = sources[i % sources.length]!;
    docs.push(s);
    queued += s.pages;
  }
  const before = pool.stats();
  const rssBefore = process.memoryUsage.rss();
  const hwmReset = resetHwm();
  const mem = sampler();
  const loadBefore = load();
  const t0 = performance.now();
  let next = 0;
  let pagesDone = 0;
  const worker = async () => {
    while (next < docs.length) {
      const d = docs[next++]!;
      const r = await readDocument(d.bytes, path.basename(d.name), { ocr: pool });
      pagesDone += r.pages.length;
      process.stderr.write(`  batch: ${pagesDone}/${queued} pages, ${fmt((performance.now() - t0) / 1000)} s, RSS now ${fmt(process.memoryUsage.rss() / MIB, 0)} MiB, VmHWM ${fmt((vmHwm() ?? 0) / MIB, 0)} MiB (load ${load()})\n`);
    }
  };
  await Promise.all(Array.from({ length: pool.size }, worker));
  const batchSeconds = (performance.now() - t0) / 1000;
  const { peak, peakChildren } = mem.stop();
  const hwm = hwmReset ? vmHwm() : null;
  const peakAll = Math.max(peak, (hwm ?? 0) + peakChildren);
  const after = pool.stats();
  console.log(`\n2. Batch: ${docs.length} documents, ${pagesDone} pages (the scans cycled; ${pool.size} documents at a time), load average ${loadBefore} → ${load()}`);
  console.log(`| pages | wall s | desk p/min | native p/min (fixtures above) | ratio | peak RSS (MiB) | RSS before (MiB) | workers started | recognitions |`);
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  const bp = ppm(pagesDone, batchSeconds);
  console.log(
    `| ${pagesDone} | ${fmt(batchSeconds)} | ${fmt(bp, 2)} | ${fmt(nativePpm, 2)} | ${fmt(bp / nativePpm, 2)} | ${fmt(peakAll / MIB, 0)} | ${fmt(rssBefore / MIB, 0)} | ${after.workersStarted - before.workersStarted} | ${after.recognitions - before.recognitions} |`,
  );
  const poolPeak = peakAll - rssNoWorkers;
  console.log(
    `peak memory of the whole process: ${fmt(peakAll / MIB, 0)} MiB (sampled ${fmt(peak / MIB, 0)} MiB, kernel VmHWM ${hwm === null ? 'n/a' : fmt(hwm / MIB, 0) + ' MiB'}, children ${fmt(peakChildren / MIB, 0)} MiB)`,
  );
  console.log(
    `OCR pool peak (the process's growth above ${fmt(rssNoWorkers / MIB, 0)} MiB before any worker started; includes the batch's page rasters): ${fmt(poolPeak / MIB, 0)} MiB; target < 1024 MiB: ${poolPeak < 1024 * MIB ? 'met' : 'NOT met'}`,
  );
}

await main();
