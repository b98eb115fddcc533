/**
 * How often the window asks for the exchange status (status-context.tsx): every 5 s, every 1 s while a
 * round runs, doubling up to 60 s after failed calls.
 */
export const POLL_MS = 5_000;
export const POLL_SYNCING_MS = 1_000;
export const POLL_MAX_MS = 60_000;

/**
 * The wait before the next status call, in ms.
 * @param failures consecutive failed status calls (0 after a success).
 * @param syncing a round is running (its progress is shown).
 */
export function pollDelay(failures: number, syncing: boolean): number {
  if (failures > 0) return Math.min(POLL_MAX_MS, POLL_MS * 2 ** Math.min(failures, 16));
  return syncing ? POLL_SYNCING_MS : POLL_MS;
}
