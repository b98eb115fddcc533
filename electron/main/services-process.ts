/**
 * The services process: runs SQLite, the OCR pool and every contract handler off Electron's main
 * thread. Main starts it with `utilityProcess.fork(out/main/services-process.mjs, ['--data-dir', DIR])`
 * and talks to it over `process.parentPort` (messages in services-protocol.ts).
 *
 * Never imports `electron` (it is a Node process; `parentPort` is a property Electron puts on
 * `process`). Under plain Node the same bundle also runs as a `worker_threads` Worker, which is how
 * test/services-process.test.ts exercises the real bundle without the Electron binary.
 */
import path from 'node:path';
import { parentPort as workerParentPort, workerData } from 'node:worker_threads';
import { dispatch } from '../../shared/contract/dispatch.ts';
import { toErrorValue } from '../../shared/errors.ts';
import { createServices } from '../services/services.ts';
import { parseAppArgs } from './args.ts';
import { isToServices, type FromServices } from './services-protocol.ts';

/** The two kinds of port this process may be given: Electron's parentPort or a worker's. */
interface Port {
  post(msg: FromServices): void;
  onMessage(listener: (data: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
}

function connect(): Port {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort !== undefined) {
    return {
      post: (msg) => electronPort.postMessage(msg),
      onMessage: (listener) => electronPort.on('message', (e) => listener(e.data)),
    };
  }
  if (workerParentPort !== null) {
    const port = workerParentPort;
    return { post: (msg) => port.postMessage(msg), onMessage: (listener) => port.on('message', listener) };
  }
  throw new Error('services-process must run as an Electron utility process or a worker thread');
}

/** The data folder: `--data-dir` from argv, or `workerData.dataDir` in a worker; required. */
function dataDirFromLaunch(): string {
  const fromArgs = parseAppArgs(process.argv).dataDir;
  const fromWorker = (workerData as { dataDir?: unknown } | null)?.dataDir;
  const dir = fromArgs ?? (typeof fromWorker === 'string' ? fromWorker : null);
  if (dir === null) throw new Error('services-process needs --data-dir');
  return path.resolve(dir);
}

async function main(): Promise<void> {
  const port = connect();
  let services: Awaited<ReturnType<typeof createServices>>;
  try {
    services = await createServices({ dataDir: dataDirFromLaunch(), sync: { auto: true } }); // exchange sync in the background
  } catch (err) {
    port.post({ type: 'fatal', error: toErrorValue(err) });
    return;
  }

  let closing = false;
  port.onMessage((data) => {
    if (!isToServices(data)) return; // not ours; main only ever sends these
    if (data.type === 'shutdown') {
      if (closing) return;
      closing = true;
      void Promise.resolve(services.close()).finally(() => process.exit(0));
      return;
    }
    const { id, name, payload } = data;
    void dispatch(services.handlers, name, payload).then((result) => port.post({ type: 'result', id, result }));
  });
  port.post({ type: 'ready' });
}

void main();
