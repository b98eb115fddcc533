/**
 * Vite build of the renderer: `renderer/` → `out/renderer` (served by electron/host in browser mode and
 * by the app's custom scheme in Electron). Relative asset URLs so either origin works. No dev server
 * is used by tests or CI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // A self-contained app: fonts and icons are bundled as files, never inlined as data: URLs.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
