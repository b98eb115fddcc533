/**
 * Bookkeeping of calls relayed from main to the services process: ids, the calls waiting for their
 * result, the calls queued while the process (re)starts, and failing them all when it dies.
 *
 * Pure (no `electron`, no I/O): services-host.ts feeds it the child's events and gives it a `send`.
 * Every promise it hands out resolves to a `Result`; none rejects.
 */
import type { ErrorValue, Result } from '../../shared/errors.ts';
import type { CallMessage, FromServices } from './services-protocol.ts';

type Settle = (result: Result<unknown>) => void;

/** The error value pending calls get when the services process exits under them. */
export function servicesStoppedError(detail: string): ErrorValue {
  return {
    kind: 'internal',
    message: 'the services process stopped while the call was running; it is being restarted — try again',
    details: { reason: detail },
  };
}

export class CallRelay {
  #nextId = 1;
  #ready = false;
  #fatal: ErrorValue | null = null;
  #send: ((msg: CallMessage) => void) | null = null;
  readonly #pending = new Map<number, Settle>();
  readonly #queue: { msg: CallMessage; settle: Settle }[] = [];

  /** Calls sent and not yet answered (for tests and diagnostics). */
  get pendingCount(): number {
    return this.#pending.size;
  }
  /** Calls waiting for the process to become ready. */
  get queuedCount(): number {
    return this.#queue.length;
  }

  /**
   * Relays one (already guarded) call.
   * @returns the services' `Result`, or an `internal` error value when the process dies before
   *   answering, or the start-up error when the services could not start.
   */
  call(name: string, payload: unknown): Promise<Result<unknown>> {
    if (this.#fatal !== null) return Promise.resolve({ ok: false, error: this.#fatal });
    const msg: CallMessage = { type: 'call', id: this.#nextId++, name, payload };
    return new Promise<Result<unknown>>((settle) => {
      if (this.#ready && this.#send !== null) this.#dispatch(msg, settle);
      else this.#queue.push({ msg, settle });
    });
  }

  /** A (re)started process is connected; calls are queued until it reports ready. */
  attach(send: (msg: CallMessage) => void): void {
    this.#send = send;
    this.#ready = false;
    this.#fatal = null;
  }

  /** Handles one message from the services process; unknown result ids are ignored. */
  receive(msg: FromServices): void {
    if (msg.type === 'ready') {
      this.#ready = true;
      for (const { msg: queued, settle } of this.#queue.splice(0)) this.#dispatch(queued, settle);
    } else if (msg.type === 'fatal') {
      this.#fatal = msg.error;
      this.#failAll(msg.error);
    } else {
      const settle = this.#pending.get(msg.id);
      if (settle === undefined) return;
      this.#pending.delete(msg.id);
      settle(msg.result);
    }
  }

  /**
   * The process exited or crashed: every call in flight fails with `internal` (it may or may not have
   * run — the services' transactions make a half-done registration impossible, so retrying is safe
   * for the clerk to decide). Queued calls stay queued for the restarted process.
   */
  detach(reason: string): void {
    this.#send = null;
    this.#ready = false;
    const error = servicesStoppedError(reason);
    for (const [id, settle] of this.#pending) {
      this.#pending.delete(id);
      settle({ ok: false, error });
    }
  }

  /** Gives up for good (too many crashes, or the app quits): fails everything, queued calls too. */
  close(error: ErrorValue): void {
    this.#fatal = error;
    this.#send = null;
    this.#ready = false;
    this.#failAll(error);
  }

  #dispatch(msg: CallMessage, settle: Settle): void {
    this.#pending.set(msg.id, settle);
    try {
      this.#send?.(msg);
    } catch (err) {
      this.#pending.delete(msg.id);
      settle({ ok: false, error: { kind: 'internal', message: `could not reach the services process: ${String(err)}` } });
    }
  }

  #failAll(error: ErrorValue): void {
    for (const [id, settle] of this.#pending) {
      this.#pending.delete(id);
      settle({ ok: false, error });
    }
    for (const { settle } of this.#queue.splice(0)) settle({ ok: false, error });
  }
}

/**
 * Restart policy: at most `maxRestarts` restarts within `windowMs`; past that the services are
 * considered broken (a crash at start-up would otherwise loop forever).
 */
export class RestartBudget {
  readonly #times: number[] = [];
  readonly #max: number;
  readonly #windowMs: number;
  constructor(maxRestarts = 5, windowMs = 60_000) {
    this.#max = maxRestarts;
    this.#windowMs = windowMs;
  }
  /** Records a restart at `now` (ms); false when the budget is spent. */
  take(now: number): boolean {
    while (this.#times.length > 0 && now - (this.#times[0] ?? 0) > this.#windowMs) this.#times.shift();
    if (this.#times.length >= this.#max) return false;
    this.#times.push(now);
    return true;
  }
}
