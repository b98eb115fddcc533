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
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

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
};

/** The esbuild steps, exported so test/build-electron.test.ts can run them into a temporary folder. */
export async function buildElectron(outDir: string = out): Promise<void> {
  await Promise.all([
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
