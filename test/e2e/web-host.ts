/**
 * Helpers for the e2e tests: build the renderer once, start `electron/host/main.ts` as a real child
 * process on a temporary data folder, and launch Debian's Chromium through playwright-core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');
export const artifactsDir = path.join(repoRoot, 'test-artifacts', 'e2e');

/**
 * Builds `renderer/` with Vite (a few seconds) into a folder of its own (default: a new temporary
 * folder), so parallel builds into `out/renderer` (npm run web, the Electron build) cannot race it.
 * @returns the folder holding index.html and assets. @throws when the build fails.
 */
export function buildRenderer(outDir: string = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-renderer-'))): string {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'renderer/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  return outDir;
}

export interface WebHost {
  /** The URL with `#token=…`. */
  url: string;
  /** `http://127.0.0.1:PORT/` */
  origin: string;
  child: ChildProcess;
  stop(): Promise<number | null>;
}

/**
 * Starts the browser-mode host (`node electron/host/main.ts --data-dir DIR --port 0 --renderer-dir R`) and waits for its
 * JSON line. @throws when it exits or prints nothing usable within `timeoutMs`.
 */
export function startWebHost(dataDir: string, rendererDir: string, timeoutMs = 60_000): Promise<WebHost> {
  const child = spawn(process.execPath, ['electron/host/main.ts', '--data-dir', dataDir, '--port', '0', '--renderer-dir', rendererDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host did not start in ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}; stderr:\n${stderr}`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const info = JSON.parse(line) as { url: string; origin: string };
      clearTimeout(timer);
      resolve({
        url: info.url,
        origin: info.origin,
        child,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/** Finds Debian's `chromium` on the PATH. @throws when absent. */
export function findChromium(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const p = path.join(dir, name);
      try {
        if (existsSync(p) && statSync(p).isFile()) {
          accessSync(p, constants.X_OK);
          return p;
        }
      } catch {
        /* not executable */
      }
    }
  }
  throw new Error('chromium was not found on the PATH (apt-get install chromium)');
}

/** Launches headless Chromium with the flags of docs (no network side traffic, no sandbox in CI). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** Makes sure the screenshot folder exists and returns the path of `name`.png in it. */
export function artifact(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, `${name}.png`);
}
