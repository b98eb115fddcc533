/**
 * Builds what `electron .` and electron-builder load, into `out/`:
 *   out/main/main.cjs               Electron main (CommonJS: `__dirname`, fast start)
 *   out/main/services-process.mjs   the services utility process (ESM: the services use import.meta.url)
 *   out/preload/preload.cjs         the sandboxed preload (CommonJS, `electron` its only import)
 *   out/renderer/                   the React UI, by Vite (renderer/vite.config.ts)
 *
 * Our TypeScript is bundled; npm packages stay external and load from node_modules at run time
 * (native modules, tesseract.js workers and language data cannot live in a bundle). Type checking is
 * `npm run typecheck`; this script only transforms.
 *
 * Usage: node scripts/build-electron.ts [--skip-renderer]
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');

/** Electron 45 runs Node 22 and Chromium 140. */
const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  packages: 'external', // every bare import (electron, better-sqlite3, zod…) stays a runtime require/import
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  metafile: true,
};

/**
 * Data files the services read beside their own module (`import.meta.dirname`): in the bundle that
 * folder is out/main, so they are copied there. Keep in step with the services' *_PATH constants.
 */
const SERVICE_ASSETS = ['electron/services/directory/kuwait-agencies.json'];

/** For each bundle, the modules it leaves to run time (from esbuild's metafile), sorted. */
export interface BuildReport {
  main: string[];
  services: string[];
  preload: string[];
}

function externalImports(result: { metafile?: Metafile }): string[] {
  const found = new Set<string>();
  for (const output of Object.values(result.metafile?.outputs ?? {})) {
    for (const imp of output.imports) if (imp.external) found.add(imp.path);
  }
  return [...found].sort();
}

/**
 * The esbuild steps, exported so test/build-electron.test.ts can run them into another folder.
 * @param outDir the output folder (default `out/`); it must sit inside the repository so the bundles'
 *   bare imports resolve from its node_modules.
 * @returns the external imports of each bundle.
 * @throws esbuild's error when a bundle does not build.
 */
export async function buildElectron(outDir: string = out): Promise<BuildReport> {
  const [main, services, preload] = await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/main/main.ts')],
      outfile: path.join(outDir, 'main/main.cjs'),
      format: 'cjs',
    }),
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/main/services-process.ts')],
      outfile: path.join(outDir, 'main/services-process.mjs'),
      format: 'esm',
    }),
    build({
      ...common,
      entryPoints: [path.join(root, 'electron/preload/preload.ts')],
      outfile: path.join(outDir, 'preload/preload.cjs'),
      format: 'cjs',
      target: 'chrome140',
      sourcemap: false,
    }),
  ]);
  for (const asset of SERVICE_ASSETS) {
    await fs.copyFile(path.join(root, asset), path.join(outDir, 'main', path.basename(asset)));
  }
  return { main: externalImports(main), services: externalImports(services), preload: externalImports(preload) };
}

async function buildRenderer(): Promise<void> {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildElectron();
  if (!process.argv.includes('--skip-renderer')) await buildRenderer();
  console.log(`built out/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
