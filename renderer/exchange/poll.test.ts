import { describe, expect, it } from 'vitest';
import { POLL_MAX_MS, POLL_MS, POLL_SYNCING_MS, pollDelay } from './poll.ts';

describe('exchange status polling', () => {
  it.each([
    [0, false, POLL_MS],
    [0, true, POLL_SYNCING_MS],
    [1, false, 2 * POLL_MS],
    [2, true, 4 * POLL_MS],
    [3, false, 8 * POLL_MS],
    [4, false, POLL_MAX_MS],
    [1000, false, POLL_MAX_MS],
  ])('after %i failures (syncing %s) waits %i ms', (failures, syncing, ms) => {
    expect(pollDelay(failures, syncing)).toBe(ms);
  });
});
