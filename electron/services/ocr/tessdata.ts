/**
 * Offline language data for tesseract.js.
 *
 * tesseract.js would otherwise fetch `.traineddata` from a CDN. We copy the `4.0.0_best_int` models of
 * `@tesseract.js-data/{ara,eng,osd}` (npm packages, installed with the app) into one folder and pass it
 * as `langPath` with `cacheMethod: 'none'` (../shared/design/pitfalls.md, "tesseract.js").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Languages we ship; `osd` is the orientation/script model used by the legacy engine. */
export const SHIPPED_LANGUAGES = ['ara', 'eng', 'osd'] as const;
export type ShippedLanguage = (typeof SHIPPED_LANGUAGES)[number];

/** Absolute path of a shipped `<lang>.traineddata.gz` inside node_modules. */
export function packagedModelPath(lang: ShippedLanguage): string {
  const pkgJson = require.resolve(`@tesseract.js-data/${lang}/package.json`);
  return path.join(path.dirname(pkgJson), '4.0.0_best_int', `${lang}.traineddata.gz`);
}

/**
 * Makes sure `dir` holds `<lang>.traineddata.gz` for every shipped language (copied once; a file of the
 * right size is kept) and returns `dir`.
 * @param dir target folder; default `<os.tmpdir()>/registry-desk-tessdata`.
 * @throws Error when the npm data packages are missing (an installation fault).
 */
export function prepareLanguageData(dir: string = path.join(os.tmpdir(), 'registry-desk-tessdata')): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const lang of SHIPPED_LANGUAGES) {
    const src = packagedModelPath(lang);
    const dest = path.join(dir, `${lang}.traineddata.gz`);
    const srcSize = fs.statSync(src).size;
    let ok = false;
    try {
      ok = fs.statSync(dest).size === srcSize;
    } catch {
      ok = false;
    }
    if (!ok) {
      // Copy to a temporary name and rename, so a concurrent reader never sees half a file.
      const tmp = `${dest}.${process.pid}.${Date.now()}.tmp`;
      fs.copyFileSync(src, tmp);
      fs.renameSync(tmp, dest);
    }
  }
  return dir;
}

/** Absolute path of tesseract.js's Node worker script (kept outside the asar in a packaged app). */
export function defaultWorkerPath(): string {
  const pkgJson = require.resolve('tesseract.js/package.json');
  return path.join(path.dirname(pkgJson), 'src', 'worker-script', 'node', 'index.js');
}

/** Absolute folder of tesseract.js-core (the wasm engine). */
export function defaultCorePath(): string {
  return path.dirname(require.resolve('tesseract.js-core/package.json'));
}
