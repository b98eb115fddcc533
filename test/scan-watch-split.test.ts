/**
 * The watched folder splitting a scanner's stack file (electron/services/scan/watch-folder.ts,
 * `watchSplit`): a multi-page TIFF holding two letters with our separator sheet between them becomes
 * two letters, each registered exactly once across a stop in the middle, a crash between a letter's
 * registration and its ledger row, and a crash before the stack file's own ledger row; a file of
 * separator sheets only is reported and left where it is. Real files, a real SQLite file, real OCR
 * (one worker, two pages each holding a band of a fixture letter).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../shared/contract/dispatch.ts';
import type { FolderWatcher, WatchEvent } from '../electron/services/scan/watch-folder.ts';
import { createServices, type Services } from '../electron/services/services.ts';
import type { GreyPage } from '../electron/services/ocr/page.ts';
import { tempDir } from './helpers/registry-fixture.ts';
import { bandOf, letters, requireFixtures, separatorScan } from './helpers/scan-pages.ts';

const WATCH = { stabilityMs: 300, retryMs: 200, maxBusyMs: 20_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const W = 827;
const H = 1169;

interface Run {
  services: Services;
  watcher: FolderWatcher;
  events: WatchEvent[];
}

async function open(dataDir: string, folder: string, opts: { afterRegister?: 'move' | 'keep' } = {}): Promise<Run> {
  const services = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'test-clerk', scan: { watch: WATCH } });
  const r = await dispatch(services.handlers, 'scan.settings.update', { watchFolder: folder, afterRegister: 'keep', watchSplit: 'separator' });
  if (!r.ok) throw new Error(r.error.message);
  const events: WatchEvent[] = [];
  const { watcher } = await services.scan.startWatching(folder, (e) => events.push(e), opts);
  return { services, watcher, events };
}

async function close(run: Run | null): Promise<void> {
  if (!run) return;
  await run.watcher.stop();
  await run.services.close();
}

async function until(what: string, cond: () => boolean, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const of = (run: Run, type: WatchEvent['type']) => run.events.filter((e) => e.type === type);
const registrations = (s: Services) => s.registry.page({ register: null, offset: 0, limit: 10 }).items;
const ledgerRows = (s: Services) =>
  s.registry.db.prepare('SELECT name, outcome, registry_number AS registryNumber, moved_to AS movedTo FROM watched_files ORDER BY id').all() as Array<{ name: string; outcome: string; registryNumber: string | null; movedTo: string | null }>;

/** A page at W×H: PNG frames for the stack. */
async function frame(page: GreyPage): Promise<Buffer> {
  return sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .resize(W, H, { fit: 'contain', background: '#ffffff' })
    .png()
    .toBuffer();
}

/** Writes a file as a scanner does: under a temporary name, then renamed into place. */
function drop(folder: string, name: string, bytes: Uint8Array): void {
  const tmp = path.join(folder, `${name}.part`);
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, path.join(folder, name));
}

describe('watched folder: stack files split into letters', () => {
  let stack: Buffer;
  let separators: Buffer;
  beforeAll(async () => {
    requireFixtures();
    const sep = await frame(await separatorScan(150));
    const a = await frame(await bandOf(path.join(letters, 'letter-11-00.png'), 0.08, 0.3));
    const b = await frame(await bandOf(path.join(letters, 'letter-11-01.jpg'), 0.08, 0.3));
    // separator, letter A, separator, letter B: two letters
    stack = await sharp([sep, a, sep, b], { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
    separators = await sharp([sep, sep], { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
  });

  let run: Run | null = null;
  afterEach(async () => {
    await close(run);
    run = null;
  });

  it('two letters from one TIFF, each registered once across a stop midway and two crashes', async () => {
    const folder = tempDir('scan-split-folder-');
    const dataDir = tempDir();

    // Run 1: stopped as soon as the first letter is registered (the second is being read).
    run = await open(dataDir, folder);
    drop(folder, 'stack.tif', stack);
    await until('the first letter', () => of(run!, 'registered').length === 1);
    await close(run);
    const first = of(run, 'registered')[0] as Extract<WatchEvent, { type: 'registered' }>;
    expect(first.name).toBe('stack-001.png');
    expect(first.part).toEqual({ file: 'stack.tif', index: 0, count: 2 });
    expect(of(run, 'split')).toEqual([{ type: 'split', name: 'stack.tif', pages: 4, letters: 2 }]);
    run = null;

    // A crash right after the first letter's registration committed: its ledger row is missing.
    {
      const s = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'test-clerk' });
      const rows = ledgerRows(s);
      const stopped = registrations(s).length;
      s.registry.db.prepare("DELETE FROM watched_files WHERE name = 'stack.tif/separator/1'").run();
      await s.close();
      expect(rows.map((r) => r.name)).toEqual(['stack.tif/separator/1']); // the stack file itself not yet
      expect(stopped).toBe(1);
    }
    expect(fs.readdirSync(folder)).toContain('stack.tif'); // untouched

    // Run 2: the first letter is recognised (the same bytes are cut again), the second registered.
    run = await open(dataDir, folder);
    await until('the stack taken', () => of(run!, 'taken').length === 1);
    const dup = of(run, 'duplicate') as Array<Extract<WatchEvent, { type: 'duplicate' }>>;
    expect(dup.map((e) => [e.name, e.registryNumber])).toEqual([['stack-001.png', first.registryNumber]]);
    const regs = registrations(run.services);
    expect(regs).toHaveLength(2);
    expect(new Set(regs.map((r) => r.registryNumber)).size).toBe(2);
    expect(of(run, 'taken')).toEqual([{ type: 'taken', name: 'stack.tif', letters: 2, movedTo: null }]);
    // Each letter one intake item; the stack file's own line gave way to them.
    const jobs = await run.services.handlers['scan.jobs']({});
    const folderJob = jobs.find((j) => j.source === 'folder')!;
    expect(folderJob.split).toBe('separator');
    expect(folderJob.letters.map((l) => [l.fileName, l.state])).toEqual([
      ['stack-001.png', 'duplicate'],
      ['stack-002.png', 'registered'],
    ]);
    // Each letter holds its own page only.
    for (const r of regs) {
      const d = run.services.registry.show({ registryNumber: r.registryNumber, register: r.register });
      expect(d.documents[0]!.pageCount).toBe(1);
    }
    expect(ledgerRows(run.services).map((r) => r.name).sort()).toEqual(['stack.tif', 'stack.tif/separator/1', 'stack.tif/separator/2']);
    await close(run);
    run = null;

    // A crash before the stack file's own row: the restart takes no letter again, and moves the file.
    {
      const s = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'test-clerk' });
      s.registry.db.prepare("DELETE FROM watched_files WHERE name = 'stack.tif'").run();
      await s.close();
    }
    run = await open(dataDir, folder, { afterRegister: 'move' });
    await until('the stack taken again', () => of(run!, 'taken').length === 1);
    expect(run.events.filter((e) => e.type !== 'taken' && e.type !== 'split' && e.type !== 'reading')).toEqual([]);
    expect(of(run, 'reading').map((e) => e.name)).toEqual(['stack.tif']);
    const taken = of(run, 'taken')[0] as Extract<WatchEvent, { type: 'taken' }>;
    expect(taken.movedTo).toBe(path.join(folder, 'registered', 'stack.tif'));
    expect(fs.readFileSync(taken.movedTo!).equals(stack)).toBe(true); // the stack itself kept, byte for byte
    expect(fs.existsSync(path.join(folder, 'stack.tif'))).toBe(false);
    expect(registrations(run.services)).toHaveLength(2);
  });

  it('a file of separator sheets only is reported and left where it is', async () => {
    const folder = tempDir('scan-split-empty-');
    run = await open(tempDir(), folder, { afterRegister: 'move' });
    drop(folder, 'sheets.tif', separators);
    await until('the failure', () => of(run!, 'failed').length === 1);
    const failed = of(run, 'failed')[0] as Extract<WatchEvent, { type: 'failed' }>;
    expect(failed.name).toBe('sheets.tif');
    expect(failed.error.kind).toBe('empty_file');
    await run.watcher.idle();
    expect(fs.readFileSync(path.join(folder, 'sheets.tif')).equals(separators)).toBe(true);
    expect(ledgerRows(run.services)).toEqual([]);
    expect(registrations(run.services)).toHaveLength(0);
  });
});
