/**
 * SANE scanners through `scanimage` (Debian package sane-utils), with SANE's `test` backend: a
 * virtual scanner with a flatbed and a feeder that holds 10 sheets. No hardware needed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../shared/contract/dispatch.ts';
import type { ScanJob } from '../shared/contract/scan.ts';
import { feederSource, listSaneDevices, saneArguments, saneSource, saneSourceNames } from '../electron/services/scan/sane.ts';
import { createServices, type Services } from '../electron/services/services.ts';
import { tempDir } from './helpers/registry-fixture.ts';

const ADF = 'Automatic Document Feeder';

function scanimageInstalled(): boolean {
  try {
    execFileSync('scanimage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A SANE configuration folder that enables the test backend (Debian ships it disabled). */
function testBackendEnv(): NodeJS.ProcessEnv {
  const dir = tempDir('sane-config-');
  fs.writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
  return { ...process.env, SANE_CONFIG_DIR: dir };
}

describe('SANE through scanimage', () => {
  beforeAll(() => {
    if (!scanimageInstalled()) throw new Error('scanimage is missing: install the Debian package sane-utils (.ci/run does)');
  });

  it('lists the test backend devices', async () => {
    const { available, devices } = await listSaneDevices({ env: testBackendEnv() });
    expect(available).toBe(true);
    expect(devices.map((d) => d.name)).toEqual(expect.arrayContaining(['test:0', 'test:1']));
    expect(devices[0]).toMatchObject({ vendor: expect.any(String), model: expect.any(String) });
  });

  it('scans the feeder until it is empty (10 sheets), page by page', async () => {
    const seen: number[] = [];
    const pages = await saneSource({ device: 'test', batch: true, source: ADF, resolution: 75, mode: 'Gray', extra: { 'test-picture': 'Grid' } }).scan({ onPage: (p) => seen.push(p.index) });
    expect(pages).toHaveLength(10);
    expect(seen).toHaveLength(10);
    const meta = await sharp(pages[0]!.bytes).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 236, height: 295 }); // 80×100 mm at 75 dpi
  });

  it("finds the device's feeder among its sources", async () => {
    expect(await saneSourceNames({ device: 'test' })).toEqual(['Flatbed', ADF]);
    expect(feederSource(['Flatbed', 'ADF Duplex', 'ADF Front'])).toBe('ADF Front');
    expect(feederSource(['Flatbed'])).toBeNull();
  });

  it('scans one flatbed page when not batching', async () => {
    const pages = await saneSource({ device: 'test', resolution: 50 }).scan();
    expect(pages).toHaveLength(1);
  });

  it('passes options as an argument array and refuses names and values that are not plain', () => {
    expect(saneArguments({ device: 'airscan:e0:Canon MF 743 (x)', resolution: 300, mode: 'Color', source: 'ADF Duplex', batch: true }, '/tmp/d')).toEqual([
      '--device-name=airscan:e0:Canon MF 743 (x)',
      '--format=png',
      '--resolution=300',
      '--mode=Color',
      '--source=ADF Duplex',
      '--batch=/tmp/d/page-%04d.png',
      '--batch-print',
      '--batch-count=1000',
    ]);
    const bad: Array<[string, Parameters<typeof saneSource>[0]]> = [
      ['leading dash', { device: '-L' }],
      ['shell', { device: 'test; rm -rf /' }],
      ['newline', { device: 'test\n--help' }],
      ['empty', { device: '' }],
      ['resolution', { device: 'test', resolution: 5000 }],
      ['mode dash', { device: 'test', mode: '--output-file=/tmp/x' }],
      ['reserved option', { device: 'test', extra: { 'output-file': 'x' } }],
      ['batch option', { device: 'test', extra: { batch: '/etc/x' } }],
      ['value dash', { device: 'test', extra: { 'test-picture': '-x' } }],
    ];
    for (const [label, o] of bad) expect(() => saneSource(o), label).toThrow(expect.objectContaining({ kind: 'validation' }));
  });

  it('a device that does not exist is scanner_failed; a missing scanimage is reported as unavailable', async () => {
    await expect(saneSource({ device: 'nosuchbackend:0' }).scan()).rejects.toMatchObject({ kind: 'scanner_failed' });
    await expect(saneSource({ device: 'test', program: '/nonexistent/scanimage' }).scan()).rejects.toMatchObject({ kind: 'scanner_failed' });
    expect(await listSaneDevices({ program: '/nonexistent/scanimage' })).toEqual({ available: false, devices: [] });
  });

  it('cancelling stops scanimage', async () => {
    const ac = new AbortController();
    const run = saneSource({ device: 'test', batch: true, source: ADF, resolution: 300, extra: { 'read-delay': 'yes', 'read-delay-duration': '200000' } }).scan({ signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('SANE batches registered', () => {
  let services: Services;
  beforeAll(async () => {
    services = await createServices({ dataDir: tempDir(), ocrPoolSize: 1, operator: () => 'test-clerk', scan: { saneEnv: testBackendEnv() } });
  });
  afterAll(async () => services?.close());

  it('a feeder of blank sheets split at blank pages gives no letter and registers nothing', async () => {
    const job = await services.scan.scanStack(saneSource({ device: 'test', batch: true, source: ADF, resolution: 50, extra: { 'test-picture': 'Solid white' } }), 'blank');
    expect(job).toMatchObject({ state: 'done', pagesScanned: 10, pagesTotal: 0, letters: [] });
    expect(services.registry.page({ register: null, offset: 0, limit: 1 }).total).toBe(0);
  }, 60_000);

  it('through the contract: the whole feeder as one letter of 10 pages', async () => {
    const r = await dispatch(services.handlers, 'scan.start', { source: { kind: 'sane', device: 'test', resolution: 50, mode: 'Gray' }, split: 'none' });
    if (!r.ok) throw new Error(r.error.message);
    let job = r.value as ScanJob;
    while (job.finishedAt === null) {
      await new Promise((res) => setTimeout(res, 200));
      const s = await dispatch(services.handlers, 'scan.status', { jobId: job.id });
      if (!s.ok) throw new Error(s.error.message);
      job = s.value as ScanJob;
    }
    expect(job.state).toBe('done');
    expect(job.letters).toHaveLength(1);
    expect(job.letters[0]).toMatchObject({ state: 'registered', pages: 10, pagesRead: 10 });
    expect(job.letters[0]!.fileName).toMatch(/\.tif$/);
  }, 180_000);
});
