/**
 * Helpers for the e2e tests: build the renderer once, start `electron/host/main.ts` as a real child
 * process on a temporary data folder, and launch Debian's Chromium through playwright-core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');
export const artifactsDir = path.join(repoRoot, 'test-artifacts', 'e2e');

/** Where built renderers are kept between test files, one folder per hash of the build's inputs. */
const RENDERER_CACHE = path.join(os.tmpdir(), 'registry-desk-renderer-cache');
/** The inputs of the renderer build: its sources, what it imports, and the package versions. */
const RENDERER_INPUTS = ['renderer', 'shared', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** Cached builds unused for this long are removed. */
const RENDERER_CACHE_MAX_AGE_MS = 24 * 3600_000;

/** SHA-256 (hex) over the relative paths and bytes of every file in {@link RENDERER_INPUTS}, in a fixed order. */
function rendererInputsHash(): string {
  const hash = createHash('sha256');
  const visit = (rel: string): void => {
    const abs = path.join(repoRoot, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) visit(path.join(rel, name));
      return;
    }
    hash.update(`${rel}\0${statSync(abs).size}\0`);
    hash.update(readFileSync(abs));
  };
  for (const rel of RENDERER_INPUTS) visit(rel);
  return hash.digest('hex').slice(0, 32);
}

/** Runs `vite build` of `renderer/` into `outDir`. @throws when the build fails. */
function viteBuild(outDir: string): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'renderer/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * Builds `renderer/` with Vite into a folder of its own (default: a new temporary folder), so parallel
 * builds into `out/renderer` (npm run web, the Electron build) cannot race it; the caller removes it.
 * The build is done once per content of its inputs (renderer/, shared/, package.json,
 * package-lock.json, tsconfig.json): later calls with the same inputs copy the kept build (under
 * `<tmp>/registry-desk-renderer-cache/<hash>`, completed builds only) instead of building again.
 * @returns the folder holding index.html and assets. @throws when the build fails.
 */
export function buildRenderer(outDir: string = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-renderer-'))): string {
  const key = rendererInputsHash();
  const cached = path.join(RENDERER_CACHE, key);
  if (!existsSync(path.join(cached, 'index.html'))) {
    mkdirSync(RENDERER_CACHE, { recursive: true });
    const building = mkdtempSync(`${cached}.building-`);
    try {
      viteBuild(building);
      if (rendererInputsHash() !== key) {
        // The sources changed during the build: use this build once, keep nothing.
        cpSync(building, outDir, { recursive: true });
        return outDir;
      }
      try {
        renameSync(building, cached); // atomic: a reader sees a whole build or none
      } catch (err) {
        // another test file finished the same build first: use that one
        if (!existsSync(path.join(cached, 'index.html'))) throw err;
      }
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
    pruneRendererCache(key);
  } else {
    const now = new Date();
    utimesSync(cached, now, now); // in use: kept by the pruning
  }
  cpSync(cached, outDir, { recursive: true });
  return outDir;
}

/** Removes cached builds (other than `keep`) not used for a day, and leftovers of interrupted builds. */
function pruneRendererCache(keep: string): void {
  for (const name of readdirSync(RENDERER_CACHE)) {
    if (name === keep) continue;
    const p = path.join(RENDERER_CACHE, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > RENDERER_CACHE_MAX_AGE_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another test file
    }
  }
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
