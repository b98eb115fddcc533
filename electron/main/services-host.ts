/**
 * Starts and supervises the services utility process and relays guarded calls to it.
 *
 * A crash (any exit main did not ask for) fails the calls in flight with an `internal` error value,
 * then restarts the process; calls made meanwhile wait for it. More than 5 restarts a minute and the
 * services are declared broken: every call then answers `internal` until the app is restarted.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { Result } from '../../shared/errors.ts';
import { CallRelay, RestartBudget } from './call-relay.ts';
import { isFromServices, type ToServices } from './services-protocol.ts';

export interface ServicesHostOptions {
  /** Absolute path of the bundled services entry (out/main/services-process.mjs). */
  entry: string;
  /** Absolute data folder handed to the services. */
  dataDir: string;
  /** Where diagnostic lines go (default: console.error). */
  log?: (line: string) => void;
}

export class ServicesHost {
  readonly #relay = new CallRelay();
  readonly #budget = new RestartBudget();
  readonly #opts: ServicesHostOptions;
  readonly #log: (line: string) => void;
  #child: UtilityProcess | null = null;
  #stopping = false;

  constructor(opts: ServicesHostOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? ((line) => console.error(line));
  }

  /** Forks the process (once; restarts happen by themselves). */
  start(): void {
    if (this.#child !== null || this.#stopping) return;
    const child = utilityProcess.fork(this.#opts.entry, ['--data-dir', this.#opts.dataDir], {
      serviceName: 'Registry Desk services',
      stdio: 'inherit',
    });
    this.#child = child;
    this.#relay.attach((msg) => child.postMessage(msg));
    child.on('message', (msg: unknown) => {
      if (isFromServices(msg)) {
        if (msg.type === 'fatal') this.#log(`services could not start: ${msg.error.kind}: ${msg.error.message}`);
        this.#relay.receive(msg);
      }
    });
    child.on('error', (type, location) => this.#log(`services process ${type} at ${location}`));
    child.on('exit', (code) => this.#onExit(child, code));
  }

  /** Relays one guarded call; always resolves to a `Result`. */
  call(name: string, payload: unknown): Promise<Result<unknown>> {
    return this.#relay.call(name, payload);
  }

  /** Asks the services to close the database and exit; kills the process after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    this.#relay.close({ kind: 'internal', message: 'Registry Desk is closing' });
    if (child === null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      const shutdown: ToServices = { type: 'shutdown' };
      child.postMessage(shutdown);
    });
  }

  #onExit(child: UtilityProcess, code: number): void {
    if (this.#child !== child) return;
    this.#child = null;
    this.#relay.detach(`exit code ${code}`);
    if (this.#stopping) return;
    this.#log(`services process exited with code ${code}`);
    if (!this.#budget.take(Date.now())) {
      this.#relay.close({ kind: 'internal', message: 'the services process keeps stopping; restart Registry Desk' });
      return;
    }
    setTimeout(() => this.start(), 500);
  }
}
