/**
 * Long-poll wake-ups (shared/design/exchange.md: "wake readers by long-poll with a short fallback
 * poll, not a notification per commit"). A reader waits on (stream, agency) until a commit in this
 * process signals it, the fallback poll interval passes (appends by another process), the deadline
 * passes, or the client goes away. Bounded: every wait ends by its deadline.
 */
export type Stream = 'mailbox' | 'journal';

export class Wakeups {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Wakes every reader waiting on the agency's stream. */
  notify(stream: Stream, agency: string): void {
    const set = this.waiters.get(`${stream}:${agency}`);
    if (!set) return;
    for (const wake of set) wake();
  }

  /**
   * Starts waiting for a notification for (stream, agency), at most `ms`, or until `signal` aborts.
   * Register before reading, so a commit between the read and the wait is not missed.
   * @returns the promise that resolves when the wait ends, and `cancel` to end it now.
   */
  wait(stream: Stream, agency: string, ms: number, signal: AbortSignal): { done: Promise<void>; cancel: () => void } {
    const key = `${stream}:${agency}`;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      let set = this.waiters.get(key);
      if (!set) {
        set = new Set();
        this.waiters.set(key, set);
      }
      const end = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', end);
        const s = this.waiters.get(key);
        s?.delete(end);
        if (s?.size === 0) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(end, Math.max(0, ms));
      signal.addEventListener('abort', end, { once: true });
      set.add(end);
      finish = end;
    });
    return { done, cancel: () => finish() };
  }

  /** Number of readers waiting (for tests and health). */
  get waiting(): number {
    let n = 0;
    for (const s of this.waiters.values()) n += s.size;
    return n;
  }

  /** Wakes everybody (shutdown). */
  wakeAll(): void {
    for (const set of [...this.waiters.values()]) for (const wake of [...set]) wake();
  }
}

/**
 * Reads until something is there or the wait is over.
 * @param read returns the items after the caller's cursor (may be empty).
 * @param waitMs how long to wait at most (0: read once).
 * @param pollMs fallback poll interval.
 */
export async function longPoll<T>(
  read: () => Promise<T[]>,
  opts: { wakeups: Wakeups; stream: Stream; agency: string; waitMs: number; pollMs: number; signal: AbortSignal },
): Promise<T[]> {
  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    const left = deadline - Date.now();
    const waiter = left > 0 && !opts.signal.aborted ? opts.wakeups.wait(opts.stream, opts.agency, Math.min(left, opts.pollMs), opts.signal) : null;
    let items: T[];
    try {
      items = await read();
    } catch (err) {
      waiter?.cancel();
      throw err;
    }
    if (items.length > 0 || waiter === null) {
      waiter?.cancel();
      return items;
    }
    await waiter.done;
  }
}
