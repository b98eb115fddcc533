/**
 * SANE scanners through the `scanimage` command (Debian/Ubuntu package `sane-utils`), Linux.
 *
 * `scanimage` runs with an argument array (never a shell), device names and option values are
 * checked against {@link SANE_DEVICE_PATTERN} and friends first, and a batch is written into a fresh
 * private temporary folder which is removed afterwards. Progress comes from `--batch-print`, which
 * prints each page's file name when it is complete.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { abortError, type ScanPage, type ScanRunOptions, type ScanSource } from './source.ts';

/** A device name `scanimage -L` prints: `test:0`, `epson2:net:10.0.0.5`, `airscan:e0:Canon MF`, … */
export const SANE_DEVICE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:/?=&@%+,~ ()[\]-]{0,199}$/;
/** A backend option's name (`test-picture`, `batch-scan`, …). */
const OPTION_NAME = /^[a-z][a-z0-9-]{0,47}$/;
/** An option value or mode/source name: printable, no leading dash, no control characters. */
const OPTION_VALUE = /^[A-Za-z0-9_.][A-Za-z0-9_. ,:/+()-]{0,99}$/;
/** Options the caller may not set through `extra` (they are ours, or reach the file system). */
const RESERVED = new Set(['device-name', 'format', 'batch', 'batch-start', 'batch-count', 'batch-increment', 'batch-double', 'batch-prompt', 'batch-print', 'output-file', 'help', 'list-devices', 'formatted-device-list', 'test', 'all-options', 'icc-profile', 'dont-scan']);
/** Most pages one feeder run may deliver. */
export const MAX_BATCH_PAGES = 1000;

/** One device `scanimage -L` lists. */
export interface SaneDevice {
  name: string;
  vendor: string;
  model: string;
  type: string;
}

/** What to scan with. */
export interface SaneScanOptions {
  device: string;
  /** Dots per inch (50–1200). */
  resolution?: number;
  /** Backend's mode name, e.g. `Color`, `Gray`, `Lineart`. */
  mode?: string;
  /** Backend's source name, e.g. `Flatbed`, `ADF`, `Automatic Document Feeder`. */
  source?: string;
  /** Scan until the feeder is empty (`--batch`); otherwise one page. */
  batch?: boolean;
  /** Further backend options `name → value` (e.g. the test backend's `test-picture: Grid`). */
  extra?: Record<string, string>;
  /** The `scanimage` program (default `scanimage` on the PATH). */
  program?: string;
  /** Environment for `scanimage` (default this process's). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Checks scan options and builds `scanimage`'s argument array.
 * @param dir the folder the pages are written to.
 * @throws AppError('validation') naming the bad field.
 */
export function saneArguments(o: SaneScanOptions, dir: string): string[] {
  if (!SANE_DEVICE_PATTERN.test(o.device)) throw new AppError('validation', 'not a SANE device name', { field: 'device' });
  const args = [`--device-name=${o.device}`, '--format=png'];
  if (o.resolution !== undefined) {
    if (!Number.isInteger(o.resolution) || o.resolution < 50 || o.resolution > 1200) throw new AppError('validation', 'resolution must be 50–1200 dpi', { field: 'resolution' });
    args.push(`--resolution=${o.resolution}`);
  }
  for (const [name, value] of [['mode', o.mode], ['source', o.source]] as const) {
    if (value === undefined) continue;
    if (!OPTION_VALUE.test(value)) throw new AppError('validation', `not a valid ${name}`, { field: name });
    args.push(`--${name}=${value}`);
  }
  for (const [name, value] of Object.entries(o.extra ?? {})) {
    if (!OPTION_NAME.test(name) || RESERVED.has(name) || name === 'mode' || name === 'source' || name === 'resolution') {
      throw new AppError('validation', `option ${name} cannot be set`, { field: 'extra', option: name });
    }
    if (!OPTION_VALUE.test(value)) throw new AppError('validation', `not a valid value for ${name}`, { field: 'extra', option: name });
    args.push(`--${name}=${value}`);
  }
  args.push(`--batch=${path.join(dir, 'page-%04d.png')}`, '--batch-print');
  args.push(o.batch === true ? `--batch-count=${MAX_BATCH_PAGES}` : '--batch-count=1');
  return args;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(program: string, args: string[], opts: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; onLine?: (line: string) => void; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(abortError());
      return;
    }
    const child = spawn(program, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      child.kill('SIGTERM');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : null;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      stdout += s;
      pending += s;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        opts.onLine?.(line);
      }
    });
    child.stderr.on('data', (s: string) => {
      if (stderr.length < 64_000) stderr += s;
    });
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      const code = (err as NodeJS.ErrnoException).code;
      reject(new AppError('scanner_failed', code === 'ENOENT' ? `${program} is not installed (package sane-utils)` : `cannot run ${program}: ${err.message}`, { program }));
    });
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
      if (aborted) reject(abortError());
      else resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The SANE devices `scanimage -L` finds (network discovery included, so it can take seconds).
 * @returns devices, or [] when none; `available: false` when `scanimage` is not installed.
 */
export async function listSaneDevices(opts: { program?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<{ available: boolean; devices: SaneDevice[] }> {
  let r: RunResult;
  try {
    r = await run(opts.program ?? 'scanimage', ['--formatted-device-list=%d\t%v\t%m\t%t%n'], { ...opts, timeoutMs: 30_000 });
  } catch (err) {
    if (err instanceof AppError && err.kind === 'scanner_failed') return { available: false, devices: [] };
    throw err;
  }
  const devices: SaneDevice[] = [];
  for (const line of r.stdout.split('\n')) {
    const [name = '', vendor = '', model = '', type = ''] = line.split('\t');
    if (SANE_DEVICE_PATTERN.test(name)) devices.push({ name, vendor, model, type });
  }
  return { available: true, devices };
}

/** The last meaningful line `scanimage` wrote to stderr (its own words, for support). */
function lastError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Scanning page/.test(l));
  return lines.at(-1) ?? 'no message';
}

/**
 * The device's document sources (`--source` choices, e.g. `Flatbed`, `ADF`, `Automatic Document Feeder`).
 * @throws AppError('scanner_failed') when the device cannot be opened.
 */
export async function saneSourceNames(o: Pick<SaneScanOptions, 'device' | 'program' | 'env'>, signal?: AbortSignal): Promise<string[]> {
  if (!SANE_DEVICE_PATTERN.test(o.device)) throw new AppError('validation', 'not a SANE device name', { field: 'device' });
  const r = await run(o.program ?? 'scanimage', [`--device-name=${o.device}`, '--all-options'], { ...(o.env ? { env: o.env } : {}), ...(signal ? { signal } : {}), timeoutMs: 30_000 });
  if (r.code !== 0) throw new AppError('scanner_failed', `the scanner ${o.device} cannot be opened: ${lastError(r.stderr)}`, { device: o.device, message: lastError(r.stderr) });
  const line = /^\s*--source\s+(.+?)\s+\[[^\]]*\]\s*$/m.exec(r.stdout);
  return line ? line[1]!.split('|').map((x) => x.trim()).filter((x) => x !== '') : [];
}

/** The feeder among a device's sources (simplex preferred), or null when it has none. */
export function feederSource(names: readonly string[]): string | null {
  const feeders = names.filter((n) => /adf|feeder/i.test(n));
  return feeders.find((n) => !/duplex|back|rear/i.test(n)) ?? feeders[0] ?? null;
}

/**
 * A SANE scanner as a {@link ScanSource}. With `batch` and no `source`, the device's feeder is
 * chosen (`scanimage --all-options`); a device without one scans a single page.
 * @throws AppError('validation') at once for a bad device name or option.
 */
export function saneSource(o: SaneScanOptions): ScanSource {
  saneArguments(o, os.tmpdir()); // validate now, not at scan time
  return {
    kind: 'sane',
    label: o.device,
    async scan(ro: ScanRunOptions = {}): Promise<ScanPage[]> {
      let opts = o;
      if (o.batch === true && o.source === undefined) {
        const feeder = feederSource(await saneSourceNames(o, ro.signal));
        opts = feeder === null ? { ...o, batch: false } : { ...o, source: feeder };
      }
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'registry-desk-scan-'));
      try {
        const pages: ScanPage[] = [];
        const reads: Promise<void>[] = [];
        const onLine = (line: string) => {
          const file = line.trim();
          // --batch-print prints the complete page's file name; accept only names in our folder.
          if (path.dirname(file) !== dir || !/^page-\d{4}\.png$/.test(path.basename(file))) return;
          reads.push(
            fs.readFile(file).then((bytes) => {
              const page = { index: Number(path.basename(file).slice(5, 9)) - 1, bytes: new Uint8Array(bytes) };
              pages.push(page);
              ro.onPage?.(page);
            }),
          );
        };
        const r = await run(o.program ?? 'scanimage', saneArguments(opts, dir), { ...(o.env ? { env: o.env } : {}), ...(ro.signal ? { signal: ro.signal } : {}), onLine });
        await Promise.all(reads);
        // A feeder running empty ends a batch normally ("out of documents"); other failures with no page are errors.
        if (r.code !== 0 && pages.length === 0) {
          throw new AppError('scanner_failed', `the scanner ${o.device} failed: ${lastError(r.stderr)}`, { device: o.device, exitCode: r.code, message: lastError(r.stderr) });
        }
        if (pages.length === 0) {
          throw new AppError('scanner_failed', `the scanner ${o.device} delivered no page: ${lastError(r.stderr)}`, { device: o.device, message: lastError(r.stderr) });
        }
        return pages.sort((a, b) => a.index - b.index).map((p, i) => ({ ...p, index: i }));
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}
