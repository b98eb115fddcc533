/**
 * The Electron build without the Electron binary: scripts/build-electron.ts bundles main, the services
 * process and the preload; the bundles import only what a packaged app has (production dependencies,
 * Node built-ins, and `electron` only where Electron provides it); and the real services-process
 * bundle, run as a worker thread under Node 22 on a fresh data folder, answers contract calls over
 * the same message protocol main uses.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFromServices, type FromServices, type ToServices } from '../electron/main/services-protocol.ts';
import { buildElectron, type BuildReport } from '../scripts/build-electron.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Inside the repository so the bundles' bare imports resolve from its node_modules, as in the app.
const outDir = path.join(root, 'out', `.build-test-${process.pid}`);
let dataDir = '';

let report: BuildReport;
beforeAll(async () => {
  report = await buildElectron(outDir);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-services-'));
}, 120_000);
afterAll(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
  if (dataDir !== '') fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The package a module specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(spec: string): string {
  return spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const isBuiltin = (s: string) => s.startsWith('node:') || builtinModules.includes(s);

describe('build-electron', () => {
  it('writes the three bundles where package.json and main.ts expect them', () => {
    for (const rel of ['main/main.cjs', 'main/services-process.mjs', 'preload/preload.cjs', 'main/kuwait-agencies.json']) {
      expect(fs.existsSync(path.join(outDir, rel)), rel).toBe(true);
    }
  });

  it('keeps the sandboxed preload tiny, CommonJS and dependent on electron alone', () => {
    const file = path.join(outDir, 'preload/preload.cjs');
    expect(fs.statSync(file).size).toBeLessThan(8 * 1024);
    expect(report.preload).toEqual(['electron']);
    expect(fs.readFileSync(file, 'utf8')).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('main loads only production dependencies, Node built-ins and electron', () => {
    expect(report.main).toContain('electron');
    const missing = report.main.map(packageOf).filter((s) => s !== 'electron' && !isBuiltin(s) && !(s in pkg.dependencies));
    expect(missing).toEqual([]);
  });

  it('the services process never loads electron and needs only production dependencies', () => {
    const imports = report.services.map(packageOf);
    expect(imports).toContain('better-sqlite3');
    expect(imports).not.toContain('electron');
    expect(imports.filter((s) => !isBuiltin(s) && !(s in pkg.dependencies))).toEqual([]);
  });
});

describe('the services-process bundle', () => {
  let worker: Worker;
  const waiting = new Map<number, (m: FromServices) => void>();
  let ready: Promise<FromServices>;

  beforeAll(() => {
    worker = new Worker(path.join(outDir, 'main/services-process.mjs'), { workerData: { dataDir } });
    ready = new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (m: unknown) => {
        if (!isFromServices(m)) return;
        if (m.type === 'result') waiting.get(m.id)?.(m);
        else resolve(m);
      });
    });
  });
  afterAll(async () => {
    await worker.terminate();
  });

  let nextId = 1;
  function call(name: string, payload: unknown): Promise<FromServices> {
    const id = nextId++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      const msg: ToServices = { type: 'call', id, name, payload };
      worker.postMessage(msg);
    });
  }

  it('starts on a fresh data folder and reports ready', async () => {
    await expect(ready).resolves.toEqual({ type: 'ready' });
    expect(fs.existsSync(path.join(dataDir, 'registry.sqlite'))).toBe(true);
  }, 60_000);

  it('answers contract calls with Result values', async () => {
    await ready;
    const directory = await call('directory.list', {});
    expect(directory).toMatchObject({ type: 'result', result: { ok: true } });
    if (directory.type === 'result' && directory.result.ok) expect((directory.result.value as unknown[]).length).toBeGreaterThan(10);

    const search = await call('registry.search', { query: 'وزارة الداخلية' });
    expect(search).toMatchObject({ type: 'result', result: { ok: true } });

    const unknown = await call('registry.dropEverything', {});
    expect(unknown).toMatchObject({ type: 'result', result: { ok: false, error: { kind: 'validation' } } });

    const bad = await call('registry.show', { registryNumber: 42 });
    expect(bad).toMatchObject({ type: 'result', result: { ok: false, error: { kind: 'validation' } } });
  }, 60_000);

  it('closes the services and exits on shutdown', async () => {
    await ready;
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    const msg: ToServices = { type: 'shutdown' };
    worker.postMessage(msg);
    await expect(exited).resolves.toBe(0);
  }, 30_000);
});
