/**
 * Scan jobs of this run and the contract's `scan.*` handlers. A job runs in the background; the UI
 * polls `scan.status`. The watched folder is a job too (state `watching`, one letter per file — or per
 * part of a stack file split by the folder's `watchSplit` — the newest {@link MAX_FOLDER_LETTERS}
 * kept), and only one runs at a time.
 */
import { randomUUID } from 'node:crypto';
import type { Handlers } from '../../../shared/contract/index.ts';
import type { ScanJob, ScanLetter } from '../../../shared/contract/scan.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';
import { newJob, runFileJob, runStackJob, snapshot, type JobState } from './batch.ts';
import { esclBaseUrl, esclSource } from './escl.ts';
import type { ImportBytes } from './import.ts';
import { createLedger, type Ledger } from './ledger.ts';
import { listSaneDevices, saneSource } from './sane.ts';
import type { ScanSource } from './source.ts';
import { getScanSettings, saveScanSettings } from './settings.ts';
import type { ScanSplitMode } from '../../../shared/contract/scan.ts';
import { resolveWatchFolder, watchFolder, type FolderWatcher, type WatchEvent } from './watch-folder.ts';

/** Finished jobs kept for `scan.jobs`. */
const KEEP_JOBS = 20;
/** Letters a watching job keeps in its list (the ledger keeps everything). */
export const MAX_FOLDER_LETTERS = 500;

type ScanHandlerName = 'scan.sources' | 'scan.settings.get' | 'scan.settings.update' | 'scan.start' | 'scan.status' | 'scan.jobs' | 'scan.cancel';

export interface ScanDeps {
  db: Db;
  importBytes: ImportBytes;
  hasBlob: (sha256: string) => Promise<boolean>;
  clock?: () => Date;
  /** Folder watcher timing (tests shorten it). */
  watch?: { stabilityMs?: number; retryMs?: number; maxBusyMs?: number };
  /** Environment for `scanimage` (e.g. SANE_CONFIG_DIR). */
  saneEnv?: NodeJS.ProcessEnv;
}

export interface ScanService {
  handlers: Pick<Handlers, ScanHandlerName>;
  /** Starts a batch import of files (CLI, tests); resolves when it is finished. */
  importFiles(files: string[], split: ScanSplitMode, onChange?: (job: ScanJob) => void): Promise<ScanJob>;
  /** Scans a stack from any source (CLI: SANE with backend options), splits and registers it; resolves when finished. */
  scanStack(source: ScanSource, split: ScanSplitMode, onChange?: (job: ScanJob) => void): Promise<ScanJob>;
  /** Starts the folder watcher job with these events (CLI); `afterRegister` and `split` default to the settings. */
  startWatching(folder: string, onEvent?: (e: WatchEvent) => void, opts?: { afterRegister?: 'move' | 'keep'; split?: ScanSplitMode }): Promise<{ job: ScanJob; watcher: FolderWatcher }>;
  /** Cancels every job and stops the watcher. */
  close(): Promise<void>;
}

interface Running {
  job: JobState;
  controller: AbortController;
  done: Promise<void>;
  watcher?: FolderWatcher;
}

export function createScanService(deps: ScanDeps): ScanService {
  const clock = deps.clock ?? (() => new Date());
  const jobs = new Map<string, Running>();
  // Prepared on first use: the other sources work even where the ledger's table is missing.
  let ledgerOnce: Ledger | null = null;
  const ledger = (): Ledger => (ledgerOnce ??= createLedger(deps.db));

  const track = (job: JobState, controller: AbortController, run: Promise<void>, watcher?: FolderWatcher): Running => {
    const r: Running = { job, controller, done: run, ...(watcher ? { watcher } : {}) };
    jobs.set(job.id, r);
    const finished = [...jobs.values()].filter((x) => x.job.finishedAt !== null);
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_JOBS))) jobs.delete(old.job.id);
    return r;
  };

  const get = (jobId: string): Running => {
    const r = jobs.get(jobId);
    if (!r) throw new AppError('not_found', 'no such scan job', { jobId });
    return r;
  };

  async function startWatching(folderSetting: string, onEvent?: (e: WatchEvent) => void, opts: { afterRegister?: 'move' | 'keep'; split?: ScanSplitMode } = {}): Promise<{ job: ScanJob; watcher: FolderWatcher }> {
    const folder = await resolveWatchFolder(folderSetting);
    const already = [...jobs.values()].find((r) => r.watcher && r.job.finishedAt === null);
    if (already) throw new AppError('validation', 'the scan folder is already being watched', { jobId: already.job.id });
    const settings = getScanSettings(deps.db);
    const split = opts.split ?? settings.watchSplit;
    const job = newJob(randomUUID(), 'folder', folder, split, clock());
    job.state = 'watching';
    const controller = new AbortController();
    const byName = new Map<string, ScanLetter>();
    const letterFor = (name: string): ScanLetter => {
      let l = byName.get(name);
      if (!l || (l.state !== 'waiting' && l.state !== 'reading')) {
        l = { index: job.letters.length === 0 ? 0 : job.letters.at(-1)!.index + 1, fileName: name, pages: 0, pagesRead: 0, state: 'waiting', registryNumber: null, register: null, error: null };
        byName.set(name, l);
        job.letters.push(l);
        if (job.letters.length > MAX_FOLDER_LETTERS) job.letters.splice(0, job.letters.length - MAX_FOLDER_LETTERS);
      }
      return l;
    };
    const watcher = watchFolder({
      folder,
      afterRegister: opts.afterRegister ?? settings.afterRegister,
      split,
      ledger: ledger(),
      importBytes: deps.importBytes,
      hasBlob: deps.hasBlob,
      clock,
      ...deps.watch,
      onEvent: (e) => {
        if (e.type === 'split') {
          // The stack file's own line gives way to its letters' lines.
          const l = byName.get(e.name);
          byName.delete(e.name);
          const at = l ? job.letters.indexOf(l) : -1;
          if (at >= 0) job.letters.splice(at, 1);
        } else if (e.type !== 'busy' && e.type !== 'taken') {
          const l = letterFor(e.name);
          if (e.type === 'reading') l.state = 'reading';
          else if (e.type === 'progress') {
            l.pages = e.pages;
            l.pagesRead = e.page;
            job.pagesRead += 1; // pages read from the folder's files
            job.pagesScanned += 1;
          } else if (e.type === 'registered' || e.type === 'duplicate') {
            Object.assign(l, { state: e.type, registryNumber: e.registryNumber, register: e.register });
          } else if (e.type === 'failed') Object.assign(l, { state: 'failed', error: e.error });
        }
        onEvent?.(e);
      },
    });
    const done = new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true })).then(async () => {
      await watcher.stop();
      job.state = 'cancelled';
      job.finishedAt = clock().toISOString();
    });
    track(job, controller, done, watcher);
    await watcher.ready;
    // Stopping the watcher ends its job too.
    const stop = async () => {
      controller.abort();
      await done;
    };
    return { job: snapshot(job), watcher: { folder: watcher.folder, ready: watcher.ready, idle: () => watcher.idle(), stop } };
  }

  const handlers: ScanService['handlers'] = {
    'scan.sources': async () => {
      const s = getScanSettings(deps.db);
      return { sane: await listSaneDevices(deps.saneEnv ? { env: deps.saneEnv } : {}), escl: s.esclScanners, watchFolder: s.watchFolder };
    },
    'scan.settings.get': async () => getScanSettings(deps.db),
    'scan.settings.update': async (patch) => {
      const clean = { ...patch };
      if (clean.watchFolder) clean.watchFolder = await resolveWatchFolder(clean.watchFolder);
      if (clean.esclScanners) clean.esclScanners = clean.esclScanners.map((u) => esclBaseUrl(u));
      return saveScanSettings(deps.db, clean);
    },
    'scan.start': async ({ source, split }) => {
      if (source.kind === 'folder') {
        const folder = getScanSettings(deps.db).watchFolder;
        if (folder === null) throw new AppError('validation', 'no scan folder is set in the settings', { field: 'watchFolder' });
        return (await startWatching(folder)).job;
      }
      const scanSource =
        source.kind === 'sane'
          ? saneSource({ device: source.device, batch: source.adf, ...(source.resolution ? { resolution: source.resolution } : {}), ...(source.mode ? { mode: source.mode } : {}), ...(deps.saneEnv ? { env: deps.saneEnv } : {}) })
          : esclSource(source.url, { adf: source.adf, ...(source.resolution ? { resolution: source.resolution } : {}) });
      const job = newJob(randomUUID(), source.kind, scanSource.label, split, clock());
      const controller = new AbortController();
      track(job, controller, runStackJob(job, scanSource, deps.importBytes, controller.signal, clock));
      return snapshot(job);
    },
    'scan.status': async ({ jobId }) => snapshot(get(jobId).job),
    'scan.jobs': async () => [...jobs.values()].map((r) => snapshot(r.job)).reverse(),
    'scan.cancel': async ({ jobId }) => {
      const r = get(jobId);
      r.controller.abort();
      await r.done;
      return snapshot(r.job);
    },
  };

  return {
    handlers,
    startWatching,
    async scanStack(source, split, onChange) {
      const job = newJob(randomUUID(), source.kind, source.label, split, clock());
      const controller = new AbortController();
      const timer = onChange ? setInterval(() => onChange(snapshot(job)), 1000) : null;
      const run = runStackJob(job, source, deps.importBytes, controller.signal, clock);
      track(job, controller, run);
      await run;
      if (timer) clearInterval(timer);
      return snapshot(job);
    },
    async importFiles(files, split, onChange) {
      const job = newJob(randomUUID(), 'files', `${files.length} files`, split, clock());
      const controller = new AbortController();
      const timer = onChange ? setInterval(() => onChange(snapshot(job)), 1000) : null;
      const run = runFileJob(job, files, deps.importBytes, controller.signal, clock);
      track(job, controller, run);
      await run;
      if (timer) clearInterval(timer);
      return snapshot(job);
    },
    async close() {
      for (const r of jobs.values()) r.controller.abort();
      await Promise.all([...jobs.values()].map((r) => r.done.catch(() => undefined)));
    },
  };
}
