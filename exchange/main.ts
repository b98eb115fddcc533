/**
 * `npm run exchange -- [--data-dir DIR] [--port N] [--host H] [--poll-ms MS] [--log]`: starts the
 * reference central exchange. Prints one line, `exchange listening on http://HOST:PORT`, to stdout
 * once it accepts connections (`--port 0` picks a free port). SIGTERM/SIGINT close it gracefully
 * (in-flight requests finish, long-polls answer at once); after a SIGKILL a restart resumes: the
 * database is transactional and partial uploads stay on disk.
 */
import { Command } from 'commander';
import { buildExchangeApp } from './app.ts';
import { openSqliteStore } from './store/sqlite.ts';

const program = new Command()
  .name('exchange')
  .description('Registry Desk reference central exchange')
  .option('--data-dir <dir>', 'data folder (database, blobs, partial uploads)', './exchange-data')
  .option('--port <n>', 'TCP port (0: any free port)', '8470')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--poll-ms <ms>', 'fallback poll interval of long-polls', '500')
  .option('--log', 'log every request as a JSON line', false)
  .parse();

const opts = program.opts<{ dataDir: string; port: string; host: string; pollMs: string; log: boolean }>();
const port = Number(opts.port);
const pollMs = Number(opts.pollMs);
if (!Number.isInteger(port) || port < 0 || port > 65535) program.error(`--port must be 0–65535, got ${opts.port}`);
if (!Number.isInteger(pollMs) || pollMs < 10 || pollMs > 60_000) program.error(`--poll-ms must be 10–60000, got ${opts.pollMs}`);

const store = openSqliteStore(opts.dataDir);
const { app } = buildExchangeApp({ store, dataDir: opts.dataDir, pollMs, logger: opts.log });

let closing = false;
async function stop(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  try {
    await app.close();
    await store.close();
    process.exitCode = 0;
  } catch (err) {
    console.error(`exchange: error while stopping on ${signal}:`, err);
    process.exitCode = 1;
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

try {
  await app.listen({ port, host: opts.host });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  process.stdout.write(`exchange listening on http://${host}:${actual}\n`);
} catch (err) {
  console.error('exchange: cannot start:', err);
  await store.close();
  process.exit(1);
}
