/**
 * The watched "scan to folder" directory with real files, a real SQLite file, real OCR (one worker,
 * tiny images where the test is about the folder logic): a file written slowly in pieces, a file
 * locked by another process, 200 files dropped at once, the same scan delivered twice (two names;
 * one name twice), a stop and restart in the middle — each file registered exactly once.
 *
 * "Busy" here (electron/services/scan/busy.ts): still changing (size or mtime) within the stability
 * window, or write-locked by another process (an exclusive flock held by a child `flock` process,
 * seen in /proc/locks), or failing to open with a sharing error.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../shared/contract/dispatch.ts';
import type { ScanJob } from '../shared/contract/scan.ts';
import { sha256Hex } from '../electron/services/blobs/store.ts';
import type { FolderWatcher, WatchEvent } from '../electron/services/scan/watch-folder.ts';
import { createServices, type Services } from '../electron/services/services.ts';
import { tempDir } from './helpers/registry-fixture.ts';
import { tinyPng } from './helpers/scan-pages.ts';

const WATCH = { stabilityMs: 800, retryMs: 200, maxBusyMs: 20_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  services: Services;
  watcher: FolderWatcher;
  events: Array<WatchEvent & { at: number }>;
}

async function open(dataDir: string, folder: string, afterRegister: 'move' | 'keep'): Promise<Run> {
  const services = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'test-clerk', scan: { watch: WATCH } });
  const r = await dispatch(services.handlers, 'scan.settings.update', { watchFolder: folder, afterRegister });
  if (!r.ok) throw new Error(r.error.message);
  const events: Run['events'] = [];
  const { watcher } = await services.scan.startWatching(folder, (e) => events.push({ ...e, at: Date.now() }));
  return { services, watcher, events };
}

async function close(run: Run | null): Promise<void> {
  if (!run) return;
  await run.watcher.stop();
  await run.services.close();
}

async function until(what: string, cond: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const of = (run: Run, type: WatchEvent['type'], name?: string) => run.events.filter((e) => e.type === type && (name === undefined || e.name === name));
const registrations = (s: Services) => s.registry.page({ register: null, offset: 0, limit: 1 }).total;
/** Files of `folder` (top level only). */
const filesIn = (folder: string) => fs.readdirSync(folder, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();

describe('watched scan folder', () => {
  let run: Run | null = null;
  afterEach(async () => {
    await close(run);
    run = null;
  });

  it('waits for a file written slowly in pieces and reads it once, whole', async () => {
    const folder = tempDir('scan-folder-');
    run = await open(tempDir(), folder, 'move');
    const bytes = await tinyPng(1, 120, 160);
    const fd = fs.openSync(path.join(folder, 'slow.png'), 'w');
    const pieces = 6;
    for (let i = 0; i < pieces; i++) {
      fs.writeSync(fd, bytes.subarray(Math.floor((i * bytes.length) / pieces), Math.floor(((i + 1) * bytes.length) / pieces)));
      fs.fsyncSync(fd);
      await sleep(250); // shorter than the stability window
    }
    fs.closeSync(fd);
    const written = Date.now();
    await until('registration', () => of(run!, 'registered').length === 1);
    const reg = of(run, 'registered')[0] as Extract<WatchEvent, { type: 'registered' }> & { at: number };
    expect(reg.sha256).toBe(sha256Hex(bytes)); // the whole file, not a prefix
    expect(reg.at - written).toBeGreaterThanOrEqual(WATCH.stabilityMs - 100);
    expect(of(run, 'failed')).toEqual([]);
    expect(reg.movedTo).toBe(path.join(folder, 'registered', 'slow.png'));
    expect(fs.readFileSync(reg.movedTo!).equals(bytes)).toBe(true);
    expect(filesIn(folder)).toEqual([]);
    expect(registrations(run.services)).toBe(1);
  }, 60_000);

  it('retries a file locked by another process and takes it when the lock is released', async () => {
    const folder = tempDir('scan-folder-');
    const staging = tempDir('scan-staging-');
    run = await open(tempDir(), folder, 'keep');
    const bytes = await tinyPng(2);
    const staged = path.join(staging, 'locked.png');
    fs.writeFileSync(staged, bytes);
    // a writer holding an exclusive lock for 3 s (util-linux flock)
    const holder = spawn('flock', ['--exclusive', staged, 'sleep', '3'], { stdio: 'ignore' });
    const released = new Promise<number>((resolve) => holder.on('exit', () => resolve(Date.now())));
    await sleep(300); // the lock is taken
    fs.renameSync(staged, path.join(folder, 'locked.png')); // the same inode, still locked
    await until('registration', () => of(run!, 'registered').length === 1, 30_000);
    const releasedAt = await released;
    expect(of(run, 'busy', 'locked.png').some((e) => (e as { reason: string }).reason === 'locked')).toBe(true);
    expect(of(run, 'registered')[0]!.at).toBeGreaterThanOrEqual(releasedAt);
    expect(of(run, 'failed')).toEqual([]);
    expect(filesIn(folder)).toEqual(['locked.png']); // keep: left where it was
    expect(registrations(run.services)).toBe(1);
  }, 60_000);

  it('takes 200 files dropped at once, each exactly once', async () => {
    const folder = tempDir('scan-folder-');
    const staging = tempDir('scan-staging-');
    run = await open(tempDir(), folder, 'move');
    const names: string[] = [];
    for (let i = 0; i < 200; i++) {
      const name = `scan-${String(i).padStart(4, '0')}.png`;
      fs.writeFileSync(path.join(staging, name), await tinyPng(1000 + i));
      names.push(name);
    }
    const started = Date.now();
    for (const n of names) fs.renameSync(path.join(staging, n), path.join(folder, n));
    await until('200 registrations', () => of(run!, 'registered').length >= 200, 600_000);
    await sleep(1500); // late duplicate events would show now
    const seconds = (Date.now() - started) / 1000;
    console.log(`200 files: ${seconds.toFixed(1)} s, ${((seconds * 1000) / 200).toFixed(0)} ms per file`);
    expect(of(run, 'registered').map((e) => e.name).sort()).toEqual(names);
    expect(of(run, 'failed')).toEqual([]);
    expect(of(run, 'duplicate')).toEqual([]);
    expect(registrations(run.services)).toBe(200);
    expect(filesIn(folder)).toEqual([]);
    expect(filesIn(path.join(folder, 'registered'))).toEqual(names);
    const numbers = new Set(of(run, 'registered').map((e) => (e as { registryNumber: string }).registryNumber));
    expect(numbers.size).toBe(200);
  }, 660_000);

  it('the same scan under two names, and one name delivered twice, is registered once', async () => {
    const folder = tempDir('scan-folder-');
    run = await open(tempDir(), folder, 'keep');
    const a = await tinyPng(3);
    fs.writeFileSync(path.join(folder, 'a.png'), a);
    await until('a', () => of(run!, 'registered', 'a.png').length === 1);
    const number = (of(run, 'registered', 'a.png')[0] as { registryNumber: string }).registryNumber;
    // the same content under another name
    fs.writeFileSync(path.join(folder, 'copy of a.png'), a);
    await until('copy', () => of(run!, 'duplicate', 'copy of a.png').length === 1);
    // the same name again with the same content (rewritten: a new mtime)
    await sleep(20);
    fs.writeFileSync(path.join(folder, 'a.png'), a);
    await until('a again', () => of(run!, 'duplicate', 'a.png').length === 1);
    for (const e of of(run, 'duplicate')) expect((e as { registryNumber: string }).registryNumber).toBe(number);
    // the same name with new content is a new letter
    const b = await tinyPng(4);
    fs.writeFileSync(path.join(folder, 'a.png'), b);
    await until('a new', () => of(run!, 'registered', 'a.png').length === 2);
    expect(registrations(run.services)).toBe(2);
    // a file registered by other means (e.g. just before a crash, ledger not yet written) is a duplicate too
    const c = await tinyPng(5);
    const direct = await run.services.importBytes(c, 'c.png');
    fs.writeFileSync(path.join(folder, 'c.png'), c);
    await until('c', () => of(run!, 'duplicate', 'c.png').length === 1);
    expect((of(run, 'duplicate', 'c.png')[0] as { registryNumber: string }).registryNumber).toBe(direct.registration!.registryNumber);
    expect(registrations(run.services)).toBe(3);
    expect(of(run, 'failed')).toEqual([]);
  }, 120_000);

  it('a stop and restart in the middle of a batch: every file registered exactly once', async () => {
    const folder = tempDir('scan-folder-');
    const dataDir = tempDir();
    const staging = tempDir('scan-staging-');
    const names: string[] = [];
    for (let i = 0; i < 30; i++) {
      const name = `r-${String(i).padStart(2, '0')}.png`;
      fs.writeFileSync(path.join(staging, name), await tinyPng(5000 + i, 64, 64));
      names.push(name);
    }
    run = await open(dataDir, folder, 'keep');
    for (const n of names) fs.renameSync(path.join(staging, n), path.join(folder, n));
    await until('a few', () => of(run!, 'registered').length >= 8, 120_000);
    const first = run;
    await close(first); // the desk closes mid-batch (a file being read is abandoned)
    run = null;
    const firstNames = of(first, 'registered').map((e) => e.name);
    expect(firstNames.length).toBeLessThan(30);
    run = await open(dataDir, folder, 'keep'); // and starts again
    await until('the rest', () => of(run!, 'registered').length + firstNames.length >= 30, 300_000);
    await sleep(1500);
    const secondNames = of(run, 'registered').map((e) => e.name);
    expect([...firstNames, ...secondNames].sort()).toEqual(names);
    expect(of(run, 'duplicate')).toEqual([]); // the ledger skipped the first run's files without reading them
    expect(registrations(run.services)).toBe(30);
    const shas = run.services.registry.db.prepare('SELECT count(DISTINCT sha256) AS n, count(*) AS m FROM watched_files').get();
    expect(shas).toEqual({ n: 30, m: 30 });
  }, 600_000);
});

describe('scan folder settings', () => {
  let services: Services;
  beforeAll(async () => {
    services = await createServices({ dataDir: tempDir(), ocrPoolSize: 1, operator: () => 'test-clerk' });
  });
  afterAll(async () => services?.close());

  it('the folder must be an existing absolute folder; a relative, missing or file path is refused', async () => {
    const file = path.join(tempDir(), 'x.txt');
    fs.writeFileSync(file, 'x');
    for (const [folder, kind] of [['relative/scans', 'validation'], ['/no/such/folder', 'not_found'], [file, 'validation']] as const) {
      const r = await dispatch(services.handlers, 'scan.settings.update', { watchFolder: folder });
      expect(r.ok ? null : r.error.kind, folder).toBe(kind);
    }
    const r = await dispatch(services.handlers, 'scan.start', { source: { kind: 'folder' } });
    expect(r.ok ? null : r.error.kind).toBe('validation'); // none set yet
    const good = tempDir('scan-folder-');
    const saved = await dispatch(services.handlers, 'scan.settings.update', { watchFolder: good, esclScanners: ['http://10.0.0.9/eSCL/'] });
    expect(saved.ok && saved.value).toMatchObject({ watchFolder: fs.realpathSync(good), esclScanners: ['http://10.0.0.9/eSCL'], afterRegister: 'move' });
    const started = await dispatch(services.handlers, 'scan.start', { source: { kind: 'folder' } });
    expect(started.ok && started.value).toMatchObject({ source: 'folder', state: 'watching' });
    const again = await dispatch(services.handlers, 'scan.start', { source: { kind: 'folder' } });
    expect(again.ok ? null : again.error.kind).toBe('validation'); // one watcher at a time
    if (started.ok) {
      const cancelled = await dispatch(services.handlers, 'scan.cancel', { jobId: (started.value as ScanJob).id });
      expect(cancelled.ok && (cancelled.value as ScanJob).state).toBe('cancelled');
    }
  });
});
