import { describe, expect, it } from 'vitest';
import { densityDpi } from './images.ts';

describe('densityDpi', () => {
  it.each([
    ['a 300 dpi A4 scan', { density: 300, width: 2480, height: 3508 }, 300],
    ['no density', { density: undefined, width: 2480, height: 3508 }, null],
    ['5080 dpi written by a generator (200 × 25.4)', { density: 5080, width: 1654, height: 2339 }, null],
    ['72 dpi default on a 300 dpi scan: a 48-inch page is implausible', { density: 72, width: 2480, height: 3508 }, null],
    ['a 600 dpi journal page', { density: 600, width: 4000, height: 6000 }, 600],
    ['below 50 dpi', { density: 10, width: 100, height: 100 }, null],
  ])('%s', (_name, meta, expected) => {
    expect(densityDpi(meta)).toBe(expected);
  });
});
