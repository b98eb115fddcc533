/**
 * Bad files in a batch: an encrypted PDF, a PDF with a broken cross-reference table, a 200-page
 * TIFF, a decompression-bomb PNG and a zero-byte file, among good letters — through the watched
 * folder and through a batch import. Each gets its own clear error kind (translated in the UI), the
 * original stays where it was, byte for byte, nothing of it reaches the database or the blob store,
 * and the rest of the batch is registered.
 *
 * A PDF whose cross-reference table only points to the wrong offsets is rebuilt by pdf.js and read:
 * that letter is registered, not refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../shared/contract/dispatch.ts';
import { MAX_UNATTENDED_PAGES } from '../electron/services/scan/import.ts';
import type { FolderWatcher, WatchEvent } from '../electron/services/scan/watch-folder.ts';
import { dataLayout } from '../electron/services/paths.ts';
import { createServices, type Services } from '../electron/services/services.ts';
import { encryptedPdf, hugePngHeader } from './helpers/bad-files.ts';
import { registrySnapshot, tempDir } from './helpers/registry-fixture.ts';
import { brokenXrefPdf, brokenXrefRepairablePdf, manyPageTiff, tinyPng } from './helpers/scan-pages.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function badBatch(dir: string): Promise<Array<{ name: string; kind: string | null }>> {
  const files: Array<[string, Buffer, string | null]> = [
    ['01-good.png', await tinyPng(71), null],
    ['02-locked.pdf', encryptedPdf(), 'encrypted_pdf'],
    ['03-broken-xref.pdf', brokenXrefPdf(), 'corrupt_file'],
    ['04-two-hundred-pages.tif', await manyPageTiff(200), 'too_many_pages'],
    ['05-bomb.png', hugePngHeader(), 'image_too_large'],
    ['06-empty.png', Buffer.alloc(0), 'empty_file'],
    ['07-repairable-xref.pdf', brokenXrefRepairablePdf(), null],
    ['08-good.png', await tinyPng(72), null],
  ];
  for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
  return files.map(([name, , kind]) => ({ name, kind }));
}

const blobCount = (dataDir: string) =>
  fs.readdirSync(dataLayout(dataDir).blobs, { recursive: true }).filter((p) => /[0-9a-f]{64}$/.test(String(p))).length;
const snapshotFiles = (dir: string) => Object.fromEntries(fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isFile()).map((n) => [n, fs.readFileSync(path.join(dir, n))]));

describe('bad files in a batch', () => {
  let services: Services | null = null;
  let watcher: FolderWatcher | null = null;
  afterEach(async () => {
    await watcher?.stop();
    await services?.close();
    services = null;
    watcher = null;
  });

  it('a 200-page TIFF is above the unattended limit', () => {
    expect(MAX_UNATTENDED_PAGES).toBeLessThan(200);
  });

  it('batch import: each bad file a clear error, the good ones registered, nothing of the bad ones kept', async () => {
    const dataDir = tempDir();
    const dir = tempDir('batch-');
    const files = await badBatch(dir);
    const before = snapshotFiles(dir);
    services = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'test-clerk' });
    const job = await services.scan.importFiles(files.map((f) => path.join(dir, f.name)), 'none');
    expect(job.state).toBe('done');
    expect(job.letters.map((l) => [l.fileName, l.state === 'failed' ? l.error?.kind : l.state])).toEqual(files.map((f) => [f.name, f.kind ?? 'registered']));
    for (const l of job.letters.filter((x) => x.state === 'failed')) {
      expect(l.error!.message.length, l.fileName).toBeGreaterThan(5);
      expect(l.error!.details?.['fileName'], l.fileName).toBe(l.fileName);
    }
    expect(snapshotFiles(dir)).toEqual(before); // the originals stay, unchanged
    expect(registrySnapshot(services.registry.db).registrations).toBe(3);
    expect(blobCount(dataDir)).toBe(3);
    expect((services.registry.db.prepare('SELECT count(*) AS n FROM analyses').get() as { n: number }).n).toBe(3);
  }, 180_000);

  it('watched folder: each bad file reported once and left in place; the rest registered and moved', async () => {
    const dataDir = tempDir();
    const folder = tempDir('scan-folder-');
    services = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'test-clerk', scan: { watch: { stabilityMs: 500, retryMs: 200 } } });
    await dispatch(services.handlers, 'scan.settings.update', { afterRegister: 'move' });
    // an empty register snapshot to compare against after the good files
    const events: WatchEvent[] = [];
    ({ watcher } = await services.scan.startWatching(folder, (e) => events.push(e)));
    const staging = tempDir('scan-staging-');
    const files = await badBatch(staging);
    const bad = files.filter((f) => f.kind !== null);
    const badBytes = Object.fromEntries(bad.map((f) => [f.name, fs.readFileSync(path.join(staging, f.name))]));
    for (const f of files) fs.renameSync(path.join(staging, f.name), path.join(folder, f.name));
    const done = () => events.filter((e) => e.type === 'registered' || e.type === 'failed').length;
    const end = Date.now() + 120_000;
    while (done() < files.length && Date.now() < end) await sleep(100);
    await sleep(1500); // no second report of a bad file
    const outcome = Object.fromEntries(events.filter((e) => e.type === 'registered' || e.type === 'failed').map((e) => [e.name, e.type === 'failed' ? e.error.kind : e.type]));
    expect(outcome).toEqual(Object.fromEntries(files.map((f) => [f.name, f.kind ?? 'registered'])));
    expect(events.filter((e) => e.type === 'failed')).toHaveLength(bad.length);
    // the bad files are where they were, byte for byte; the good ones moved to registered/
    expect(snapshotFiles(folder)).toEqual(badBytes);
    expect(fs.readdirSync(path.join(folder, 'registered')).sort()).toEqual(files.filter((f) => f.kind === null).map((f) => f.name));
    const db = services.registry.db;
    const snap = registrySnapshot(db);
    expect(snap.registrations).toBe(3);
    expect(blobCount(dataDir)).toBe(3);
    expect((db.prepare('SELECT count(*) AS n FROM watched_files').get() as { n: number }).n).toBe(3);
    // a restart tries the bad files again (they are not in the ledger) and changes nothing
    await watcher!.stop();
    const events2: WatchEvent[] = [];
    ({ watcher } = await services.scan.startWatching(folder, (e) => events2.push(e)));
    const end2 = Date.now() + 60_000;
    while (events2.filter((e) => e.type === 'failed').length < bad.length && Date.now() < end2) await sleep(100);
    expect(events2.filter((e) => e.type === 'registered')).toEqual([]);
    expect(registrySnapshot(db)).toEqual(snap);
    expect(snapshotFiles(folder)).toEqual(badBytes);
  }, 240_000);
});
