/**
 * `npm run web`: serves the built renderer and the contract to a browser on 127.0.0.1.
 *
 * Options: `--data-dir DIR` (default: the desktop app's per-user folder), `--port N` (default 0 = any
 * free port), `--renderer-dir DIR` (default `out/renderer`; tests build into their own folder). Prints `Registry Desk is serving on <url>#token=…` and then one JSON line
 * `{"url": "<url with token>", "origin": "...", "dataDir": "..."}` for scripts and tests.
 * SIGINT/SIGTERM close the host and the services, then exit 0.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices } from '../services/services.ts';
import { defaultDataDir } from '../services/paths.ts';
import { startHost } from './host.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '0' }, 'renderer-dir': { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
  const rendererDir = path.resolve(values['renderer-dir'] ?? path.join(repoRoot, 'out', 'renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${rendererDir}); run "npm run web", which builds it first`);
  }
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const services = await createServices({ dataDir, sync: { auto: true } }); // exchange sync in the background
  const host = await startHost({ handlers: services.handlers, rendererDir, port });
  process.stdout.write(`Registry Desk is serving on ${host.openUrl}\n`);
  process.stdout.write(`${JSON.stringify({ url: host.openUrl, origin: host.url, dataDir })}\n`);

  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void (async () => {
      try {
        await host.close();
        await services.close();
        process.exit(0);
      } catch (err) {
        process.stderr.write(`error while closing: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`registry-desk web: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
