/**
 * The built Electron main process (out/main/main.cjs), loaded under Node 22 without the Electron
 * binary. Only the `electron` module is replaced, by a recorder of the API calls main makes; everything
 * behind it is real: the `app://` handler reads real files, the IPC handler runs the real guard, and
 * the "utility process" is the real services bundle running as a worker thread on a fresh data folder
 * (SQLite and all). Pins the window's security options, the scheme, the guards, the relay, crash
 * recovery and shutdown.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../shared/errors.ts';
import { buildElectron } from '../scripts/build-electron.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', `.main-test-${process.pid}`);
let dataDir = '';

type Listener = (...args: unknown[]) => unknown;

/** A utility process stand-in that runs the real bundle as a worker thread. */
class WorkerProcess extends EventEmitter {
  readonly worker: Worker;
  constructor(entry: string, args: string[]) {
    super();
    this.worker = new Worker(entry, { workerData: { dataDir: args[args.indexOf('--data-dir') + 1] } });
    this.worker.on('message', (m) => this.emit('message', m));
    this.worker.on('exit', (code) => this.emit('exit', code));
    this.worker.on('error', (e) => this.emit('error', 'FatalError', String(e), ''));
  }
  postMessage(m: unknown): void {
    this.worker.postMessage(m);
  }
  kill(): boolean {
    void this.worker.terminate();
    return true;
  }
}

const rec = {
  calls: [] as string[],
  appEvents: new Map<string, Listener[]>(),
  schemes: [] as unknown[],
  protocolHandler: null as ((req: Request) => Promise<Response>) | null,
  ipc: new Map<string, Listener>(),
  windows: [] as { options: Record<string, unknown>; url: string | null }[],
  forks: [] as WorkerProcess[],
  permission: null as Listener | null,
  beforeRequest: null as Listener | null,
  menu: null as unknown,
};

function on(map: Map<string, Listener[]>, name: string, fn: Listener): void {
  map.set(name, [...(map.get(name) ?? []), fn]);
}

const electronStandIn = {
  app: {
    setName: () => rec.calls.push('setName'),
    getPath: (name: string) => `/profile/${name}`,
    setPath: (name: string, value: string) => rec.calls.push(`setPath:${name}=${value}`),
    commandLine: { appendSwitch: (k: string, v: string) => rec.calls.push(`switch:${k}=${v}`) },
    enableSandbox: () => rec.calls.push('enableSandbox'),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve().then(() => rec.calls.push('ready')),
    on: (name: string, fn: Listener) => on(rec.appEvents, name, fn),
    isPackaged: false,
    quit: () => rec.calls.push('quit'),
  },
  protocol: {
    registerSchemesAsPrivileged: (s: unknown[]) => {
      rec.calls.push('registerSchemes');
      rec.schemes.push(...s);
    },
    handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => {
      rec.protocolHandler = fn;
    },
  },
  BrowserWindow: class {
    readonly entry: { options: Record<string, unknown>; url: string | null };
    constructor(options: Record<string, unknown>) {
      this.entry = { options, url: null };
      rec.windows.push(this.entry);
    }
    on(): void {}
    once(): void {}
    loadURL(url: string): Promise<void> {
      this.entry.url = url;
      return Promise.resolve();
    }
  },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (rec.menu = m) },
  ipcMain: { handle: (channel: string, fn: Listener) => rec.ipc.set(channel, fn) },
  utilityProcess: {
    fork: (entry: string, args: string[]) => {
      const p = new WorkerProcess(entry, args);
      rec.forks.push(p);
      return p;
    },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: Listener) => (rec.permission = fn),
      setPermissionCheckHandler: () => undefined,
      setDevicePermissionHandler: () => undefined,
      webRequest: { onBeforeRequest: (fn: Listener) => (rec.beforeRequest = fn) },
    },
  },
  shell: { openExternal: () => Promise.resolve() },
};

beforeAll(async () => {
  await buildElectron(outDir);
  fs.mkdirSync(path.join(outDir, 'renderer/assets'), { recursive: true });
  fs.writeFileSync(path.join(outDir, 'renderer/index.html'), '<!doctype html><title>x</title>');
  fs.writeFileSync(path.join(outDir, 'renderer/assets/app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(outDir, 'secret.txt'), 'outside');
  fs.symlinkSync(path.join(outDir, 'secret.txt'), path.join(outDir, 'renderer/assets/link.js'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-main-'));
  process.env.REGISTRY_DESK_DATA_DIR = dataDir;

  const require = createRequire(path.join(outDir, 'main/main.cjs'));
  const id = require.resolve('electron'); // resolving does not run electron's downloader
  const stand = new Module(id);
  stand.exports = electronStandIn;
  stand.loaded = true;
  require.cache[id] = stand;
  require(path.join(outDir, 'main/main.cjs'));
  await new Promise((r) => setTimeout(r, 50)); // let whenReady's continuation run
}, 120_000);

afterAll(async () => {
  for (const p of rec.forks) await p.worker.terminate();
  fs.rmSync(outDir, { recursive: true, force: true });
  if (dataDir !== '') fs.rmSync(dataDir, { recursive: true, force: true });
});

const fromApp = { senderFrame: { url: 'app://desk/index.html' } };
const call = (event: unknown, name: unknown, payload: unknown) =>
  rec.ipc.get('desk:call')?.(event, name, payload) as Promise<Result<unknown>>;

describe('Electron main (built bundle)', () => {
  it('registers the privileged scheme and the sandbox before ready', () => {
    const ready = rec.calls.indexOf('ready');
    expect(rec.calls.indexOf('registerSchemes')).toBeGreaterThanOrEqual(0);
    expect(rec.calls.indexOf('registerSchemes')).toBeLessThan(ready);
    expect(rec.calls.indexOf('enableSandbox')).toBeLessThan(ready);
    expect(rec.calls).toContain('switch:lang=ar');
    expect(rec.calls).toContain(`setPath:sessionData=${path.join('/profile/userData', 'Chromium')}`);
    expect(rec.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('opens one window on app://desk/ with the hardened web preferences', () => {
    expect(rec.windows).toHaveLength(1);
    const w = rec.windows[0];
    expect(w?.url).toBe('app://desk/index.html');
    expect(w?.options.title).toContain('مكتب السجل العام');
    const prefs = w?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(fs.existsSync(String(prefs.preload))).toBe(true);
    expect(rec.menu).not.toBeNull();
  });

  it('serves the renderer with the CSP and refuses traversal and link escapes', async () => {
    const handler = rec.protocolHandler;
    if (handler === null) throw new Error('no app:// handler');
    const index = await handler(new Request('app://desk/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'.*object-src 'none'.*frame-ancestors 'none'/);
    expect(await index.text()).toContain('<title>x</title>');
    expect((await handler(new Request('app://desk/assets/app.js'))).headers.get('content-type')).toMatch(/javascript/);
    for (const bad of ['app://desk/..%2fsecret.txt', 'app://desk/assets/link.js', 'app://desk/%2e%2e/secret.txt', 'app://evil/index.html']) {
      expect((await handler(new Request(bad))).status, bad).toBe(404);
    }
    expect((await handler(new Request('app://desk/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('denies permissions and cancels network requests', () => {
    let granted: unknown = 'unset';
    rec.permission?.(null, 'media', (v: unknown) => (granted = v));
    expect(granted).toBe(false);
    const decide = (url: string) => {
      let cancel: unknown;
      rec.beforeRequest?.({ url }, (r: { cancel: boolean }) => (cancel = r.cancel));
      return cancel;
    };
    expect(decide('https://cdn.example.com/tessdata/ara.traineddata')).toBe(true);
    expect(decide('app://desk/assets/app.js')).toBe(false);
  });

  it('guards navigation and new windows of every web contents', () => {
    const handlers = new Map<string, Listener>();
    let openHandler: Listener = () => undefined;
    const contents = { on: (n: string, fn: Listener) => handlers.set(n, fn), setWindowOpenHandler: (fn: Listener) => (openHandler = fn) };
    for (const fn of rec.appEvents.get('web-contents-created') ?? []) fn({}, contents);
    const prevented = (event: string, url: string) => {
      let p = false;
      handlers.get(event)?.({ preventDefault: () => (p = true) }, url);
      return p;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'app://desk/index.html')).toBe(false);
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented('will-attach-webview', 'app://desk/')).toBe(true);
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('relays guarded calls to the real services process', async () => {
    const list = await call(fromApp, 'directory.list', {});
    expect(list.ok).toBe(true);
    if (list.ok) expect((list.value as unknown[]).length).toBeGreaterThan(10);
    expect(fs.existsSync(path.join(dataDir, 'registry.sqlite'))).toBe(true);
    expect(await call({ senderFrame: { url: 'https://evil.example/' } }, 'directory.list', {})).toMatchObject({
      ok: false,
      error: { kind: 'unauthorised' },
    });
    expect(await call({ senderFrame: null }, 'directory.list', {})).toMatchObject({ ok: false, error: { kind: 'unauthorised' } });
    expect(await call(fromApp, '__proto__', {})).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await call(fromApp, 'registry.search', { query: '' })).toMatchObject({ ok: false, error: { kind: 'validation' } });
  }, 60_000);

  it('fails the calls in flight when the services process dies, then restarts it', async () => {
    const first = rec.forks[0];
    if (first === undefined) throw new Error('no services process');
    // A real letter: reading it (OCR) takes seconds, so the process dies mid-call.
    const letter = path.resolve(root, '../shared/fixtures/letters/letter-11-01.jpg');
    const dataBase64 = fs.readFileSync(letter).toString('base64'); // fails loudly without the fixtures
    const inFlight = call(fromApp, 'intake.analyse', { fileName: 'letter-11-01.jpg', dataBase64 });
    await new Promise((r) => setTimeout(r, 300));
    first.kill();
    // Terminated before it could answer: the call fails as a value, never hangs, never throws.
    expect(await inFlight).toMatchObject({ ok: false, error: { kind: 'internal', details: { reason: 'exit code 1' } } });
    const after = await call(fromApp, 'directory.list', {});
    expect(after.ok).toBe(true);
    expect(rec.forks).toHaveLength(2);
  }, 60_000);

  it('closes the services before quitting', async () => {
    let prevented = false;
    for (const fn of rec.appEvents.get('before-quit') ?? []) fn({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    const current = rec.forks.at(-1);
    await new Promise<void>((resolve) => current?.worker.once('exit', () => resolve()));
    await new Promise((r) => setTimeout(r, 20));
    expect(rec.calls).toContain('quit');
    expect(await call(fromApp, 'directory.list', {})).toMatchObject({ ok: false, error: { kind: 'internal' } });
  }, 30_000);
});
