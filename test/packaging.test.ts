/**
 * electron-builder.yml, checked without running the packager (which downloads Electron): it loads and
 * passes electron-builder's own schema, targets Windows NSIS and Linux AppImage + deb, never rebuilds
 * native modules, flips the security fuses, and unpacks from the asar every native binary, WebAssembly
 * core, OCR worker script and language model that the production dependencies really install.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import type { Configuration } from 'app-builder-lib';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let config: Configuration;
beforeAll(async () => {
  config = await getConfig(root, null, null);
});

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);
const targetsOf = (v: unknown): string[] =>
  asList(undefined).concat(
    (Array.isArray(v) ? v : [v]).map((t) => (typeof t === 'string' ? t : String((t as { target?: unknown } | null)?.target))),
  );

/** True when some asarUnpack glob matches the file (path relative to the app root, `/`-separated). */
function unpacked(rel: string): boolean {
  return asList(config.asarUnpack).some((glob) => path.matchesGlob(rel, glob));
}

/** The `files` patterns (electron-builder normalises them to `[{ filter: [...] }]`). */
function filePatterns(): string[] {
  const entries = Array.isArray(config.files) ? (config.files as unknown[]) : [config.files];
  return entries.flatMap((e) => (typeof e === 'string' ? [e] : asList((e as { filter?: unknown } | null)?.filter)));
}

/** True when no `!` pattern of `files` excludes it. */
function notExcluded(rel: string): boolean {
  return filePatterns()
    .filter((p) => p.startsWith('!'))
    .every((p) => !path.matchesGlob(rel, p.slice(1)));
}

/** Files of the installed production dependencies (package-lock entries not marked dev) matching `re`. */
function productionFiles(re: RegExp): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(rel); // nested packages have their own lock entry
      } else if (re.test(e.name)) found.push(rel);
    }
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.dev === true || entry.devOptional === true) continue;
    if (fs.existsSync(path.join(root, key))) walk(key);
  }
  return found;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is really checked by that schema (a misspelt option is refused)', async () => {
    const broken = { ...structuredClone(config), asarUnpak: ['x'] } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/asarUnpak/);
  });

  it('names the product and packs the built app', () => {
    expect(config.productName).toBe('Registry Desk');
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    expect(filePatterns()).toEqual(expect.arrayContaining(['package.json', 'out/**/*']));
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/main.cjs');
  });

  it('targets Windows NSIS and Linux AppImage + deb', () => {
    expect(targetsOf(config.win?.target)).toContain('nsis');
    expect(targetsOf(config.linux?.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/); // deb needs a maintainer address
  });

  it('never rebuilds native modules (better-sqlite3 13 ships Node-API prebuilds)', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).not.toBe(false);
  });

  it('unpacks every native binary and WebAssembly core the production dependencies install', () => {
    const binaries = productionFiles(/\.(node|wasm|dll|dylib|so(\.\d+)*)$/);
    expect(binaries.some((f) => f.startsWith('node_modules/better-sqlite3/prebuilds/'))).toBe(true);
    expect(binaries.some((f) => f.startsWith('node_modules/tesseract.js-core/') && f.endsWith('.wasm'))).toBe(true);
    expect(binaries.filter((f) => !unpacked(f) || !notExcluded(f))).toEqual([]);
  });

  it('unpacks the binary better-sqlite3 loads on this machine, the OCR worker script and the language data', () => {
    const native = `node_modules/better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`;
    const models = ['ara', 'eng', 'osd'].map((l) => `node_modules/@tesseract.js-data/${l}/4.0.0_best_int/${l}.traineddata.gz`);
    const worker = 'node_modules/tesseract.js/src/worker-script/node/index.js';
    for (const rel of [native, worker, ...models]) {
      expect(fs.existsSync(path.join(root, rel)), `${rel} is installed`).toBe(true);
      expect(unpacked(rel), `${rel} is unpacked`).toBe(true);
      expect(notExcluded(rel), `${rel} is packed`).toBe(true);
    }
    expect(unpacked('out/main/main.cjs')).toBe(false); // our code stays in the integrity-checked asar
  });
});
