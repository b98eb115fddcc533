/**
 * Driverless network scanning (eSCL): the client against a small eSCL scanner running inside the test
 * (node:http on 127.0.0.1, a free port) that serves real fixture images; then a whole batch through
 * the contract — scan, split at a separator sheet, read (real OCR, one worker), register each letter.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../shared/contract/dispatch.ts';
import type { ScanJob } from '../shared/contract/scan.ts';
import { sha256Hex } from '../electron/services/blobs/store.ts';
import { chooseSettings, esclBaseUrl, esclClient } from '../electron/services/scan/escl.ts';
import { createServices, type Services } from '../electron/services/services.ts';
import { startEsclServer, type EsclServer } from './helpers/escl-server.ts';
import { tempDir } from './helpers/registry-fixture.ts';
import { letters, pngOf, requireFixtures, separatorScan } from './helpers/scan-pages.ts';

async function call<T>(s: Services, name: string, input: unknown): Promise<T> {
  const r = await dispatch(s.handlers, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.kind} ${r.error.message}`);
  return r.value as T;
}

async function waitForJob(s: Services, id: string, timeoutMs = 240_000): Promise<ScanJob> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await call<ScanJob>(s, 'scan.status', { jobId: id });
    if (job.finishedAt !== null) return job;
    if (Date.now() > until) throw new Error(`job still ${job.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('eSCL client', () => {
  let server: EsclServer;
  let pageA: Buffer;
  let pageB: Buffer;

  beforeAll(async () => {
    requireFixtures();
    pageA = fs.readFileSync(path.join(letters, 'letter-11-01.jpg'));
    pageB = fs.readFileSync(path.join(letters, 'letter-11-03.png'));
    server = await startEsclServer([
      { bytes: pageA, type: 'image/jpeg' },
      { bytes: pageB, type: 'image/png' },
    ]);
  });
  afterAll(async () => server?.close());

  it('reads capabilities and status, posts settings the scanner offers, fetches pages until 404', async () => {
    const client = esclClient(`${server.url}/`);
    const caps = await client.capabilities();
    expect(caps).toMatchObject({ makeAndModel: 'Test Scanner 3000', platen: true, adf: true, resolutions: [150, 300] });
    expect(caps.documentFormats).toEqual(expect.arrayContaining(['image/jpeg', 'image/png', 'application/pdf']));
    expect(await client.status()).toEqual({ state: 'Idle', adfState: 'ScannerAdfLoaded' });
    const settings = chooseSettings(caps, { adf: true, resolution: 280 });
    expect(settings).toEqual({ source: 'Feeder', resolution: 300, colorMode: 'Grayscale8', documentFormat: 'image/png' });
    const seen: number[] = [];
    const pages = await client.scan(settings, { onPage: (p) => seen.push(p.index) });
    expect(seen).toEqual([0, 1]);
    expect(pages.map((p) => sha256Hex(p.bytes))).toEqual([sha256Hex(pageA), sha256Hex(pageB)]);
    const job = server.jobs.at(-1)!;
    expect(job.settings).toMatchObject({ InputSource: 'Feeder', ColorMode: 'Grayscale8', XResolution: 300, YResolution: 300, DocumentFormat: 'image/png' });
    expect(job.deleted).toBe(false);
  });

  it('cancelling mid-job stops fetching and deletes the job on the scanner', async () => {
    const slow = await startEsclServer([{ bytes: pageA, type: 'image/jpeg' }, { bytes: pageB, type: 'image/png' }], { pageDelayMs: 1500 });
    try {
      const ac = new AbortController();
      const client = esclClient(slow.url);
      const run = client.scan({ source: 'Feeder', resolution: 300, colorMode: 'Grayscale8', documentFormat: 'image/jpeg' }, { signal: ac.signal, onPage: () => ac.abort() });
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      await new Promise((r) => setTimeout(r, 100));
      expect(slow.jobs[0]!.deleted).toBe(true);
      expect(slow.jobs[0]!.served).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('refuses URLs with credentials, other schemes and queries; a closed port is scanner_unreachable', async () => {
    for (const bad of ['ftp://10.0.0.1/eSCL', 'http://user:pw@10.0.0.1/eSCL', 'http://10.0.0.1/eSCL?x=1', 'file:///etc/passwd', 'not a url']) {
      expect(() => esclBaseUrl(bad), bad).toThrow(expect.objectContaining({ kind: 'validation' }));
    }
    const closed = await startEsclServer([]);
    const url = closed.url;
    await closed.close();
    await expect(esclClient(url).capabilities()).rejects.toMatchObject({ kind: 'scanner_unreachable' });
  });
});

describe('eSCL batch through the contract', () => {
  let services: Services;
  let server: EsclServer;
  let pageA: Buffer;
  let pageB: Buffer;

  beforeAll(async () => {
    requireFixtures();
    pageA = fs.readFileSync(path.join(letters, 'letter-11-01.jpg'));
    pageB = fs.readFileSync(path.join(letters, 'letter-11-03.png'));
    const sep = await pngOf(await separatorScan(150));
    // a stack of two letters with a separator sheet between them
    server = await startEsclServer([
      { bytes: pageA, type: 'image/jpeg' },
      { bytes: sep, type: 'image/png' },
      { bytes: pageB, type: 'image/png' },
    ]);
    services = await createServices({ dataDir: tempDir(), ocrPoolSize: 1, operator: () => 'test-clerk' });
  }, 60_000);
  afterAll(async () => {
    await services?.close();
    await server?.close();
  });

  it('scans the stack, splits it at the separator sheet and registers each letter, with progress', async () => {
    const started = await call<ScanJob>(services, 'scan.start', { source: { kind: 'escl', url: server.url }, split: 'separator' });
    expect(started.source).toBe('escl');
    const seen = new Set<string>();
    let job = started;
    while (job.finishedAt === null) {
      seen.add(job.state);
      await new Promise((r) => setTimeout(r, 100));
      job = await call<ScanJob>(services, 'scan.status', { jobId: started.id });
    }
    expect(job.state).toBe('done');
    expect(seen.has('reading')).toBe(true);
    expect(job.pagesScanned).toBe(3);
    expect(job.pagesTotal).toBe(2);
    expect(job.pagesRead).toBe(2);
    expect(job.letters.map((l) => [l.state, l.pages, l.pagesRead])).toEqual([['registered', 1, 1], ['registered', 1, 1]]);
    const [a, b] = job.letters;
    expect(a!.registryNumber).not.toBe(b!.registryNumber);
    // a one-page letter is stored as the scanner sent it
    const shown = services.registry.show({ registryNumber: a!.registryNumber!, register: 'incoming' });
    expect(JSON.stringify(shown)).toContain(sha256Hex(pageA));
    // the same stack again: both letters are already registered
    const again = await waitForJob(services, (await call<ScanJob>(services, 'scan.start', { source: { kind: 'escl', url: server.url }, split: 'separator' })).id);
    expect(again.letters.map((l) => [l.state, l.registryNumber])).toEqual([['duplicate', a!.registryNumber], ['duplicate', b!.registryNumber]]);
    expect((await call<ScanJob[]>(services, 'scan.jobs', {})).map((j) => j.id)).toEqual([again.id, started.id]);
  }, 300_000);

  it('cancel while letters are being read: the OCR stops, the rest are not registered', async () => {
    const sep = await pngOf(await separatorScan(150));
    const stack = await startEsclServer([
      { bytes: fs.readFileSync(path.join(letters, 'letter-11-05.jpg')), type: 'image/jpeg' },
      { bytes: sep, type: 'image/png' },
      { bytes: fs.readFileSync(path.join(letters, 'letter-11-08.jpg')), type: 'image/jpeg' },
      { bytes: sep, type: 'image/png' },
      { bytes: fs.readFileSync(path.join(letters, 'letter-11-09.jpg')), type: 'image/jpeg' },
    ]);
    try {
      const before = services.registry.page({ register: null, offset: 0, limit: 1 }).total;
      let job = await call<ScanJob>(services, 'scan.start', { source: { kind: 'escl', url: stack.url }, split: 'separator' });
      while (!(job.state === 'reading' && job.letters[0]?.state === 'reading')) {
        await new Promise((r) => setTimeout(r, 50));
        job = await call<ScanJob>(services, 'scan.status', { jobId: job.id });
      }
      const t0 = performance.now();
      job = await call<ScanJob>(services, 'scan.cancel', { jobId: job.id });
      expect(performance.now() - t0).toBeLessThan(10_000); // the page being read is abandoned, not finished
      expect(job.state).toBe('cancelled');
      expect(job.letters.map((l) => l.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
      expect(services.registry.page({ register: null, offset: 0, limit: 1 }).total).toBe(before);
    } finally {
      await stack.close();
    }
  }, 120_000);

  it('an unreachable scanner fails the job with scanner_unreachable and registers nothing', async () => {
    const closed = await startEsclServer([]);
    await closed.close();
    const before = services.registry.page({ register: null, offset: 0, limit: 1 }).total;
    const job = await waitForJob(services, (await call<ScanJob>(services, 'scan.start', { source: { kind: 'escl', url: closed.url }, split: 'none' })).id);
    expect(job.state).toBe('failed');
    expect(job.error?.kind).toBe('scanner_unreachable');
    expect(services.registry.page({ register: null, offset: 0, limit: 1 }).total).toBe(before);
  }, 60_000);
});
