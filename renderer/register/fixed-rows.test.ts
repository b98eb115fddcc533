import { describe, expect, it } from 'vitest';
import { scrollOffsetFor, visibleRange } from './fixed-rows.ts';

const H = 46;

describe('visibleRange', () => {
  it('shows nothing for an empty list', () => {
    expect(visibleRange(0, 600, H, 0, 8)).toEqual({ first: 0, last: -1 });
  });

  it('covers the viewport at the top, with overscan below only', () => {
    // 600 / 46 = 13.04 → rows 0..13 intersect [0, 600), plus 8 overscan.
    expect(visibleRange(0, 600, H, 1_000_000, 8)).toEqual({ first: 0, last: 21 });
    expect(visibleRange(0, 600, H, 1_000_000, 0)).toEqual({ first: 0, last: 13 });
  });

  it('starts at floor(scrollTop / rowHeight) and stops at the row holding the last visible pixel', () => {
    // [460, 920): rows 10..19 exactly (row 20 starts at 920, not visible).
    expect(visibleRange(460, 460, H, 100, 0)).toEqual({ first: 10, last: 19 });
    // One pixel lower: row 20 shows its first pixel.
    expect(visibleRange(461, 460, H, 100, 0)).toEqual({ first: 10, last: 20 });
    expect(visibleRange(461, 460, H, 100, 3)).toEqual({ first: 7, last: 23 });
  });

  it('clamps to the last row at the bottom of a million rows', () => {
    const count = 1_000_000;
    const bottom = count * H - 600;
    expect(visibleRange(bottom, 600, H, count, 8)).toEqual({ first: count - 14 - 8, last: count - 1 });
  });

  it('shows at least one row when the list is shorter than the viewport or the viewport is 0', () => {
    expect(visibleRange(0, 600, H, 3, 8)).toEqual({ first: 0, last: 2 });
    expect(visibleRange(0, 0, H, 3, 0)).toEqual({ first: 0, last: 0 });
    expect(visibleRange(-50, 100, H, 3, 0)).toEqual({ first: 0, last: 2 });
  });
});

describe('scrollOffsetFor', () => {
  it("'auto' leaves a wholly visible row alone", () => {
    expect(scrollOffsetFor(5, 'auto', 0, 600, H, 100)).toBeNull();
    expect(scrollOffsetFor(12, 'auto', 0, 600, H, 100)).toBeNull(); // 552..598 fits in [0, 600)
  });

  it("'auto' scrolls a row below into view at the bottom, a row above at the top", () => {
    expect(scrollOffsetFor(13, 'auto', 0, 600, H, 100)).toBe(14 * H - 600);
    expect(scrollOffsetFor(3, 'auto', 10 * H, 600, H, 100)).toBe(3 * H);
  });

  it("'start' and 'end' align the row to the viewport's edges, clamped to the scroll range", () => {
    expect(scrollOffsetFor(50, 'start', 0, 600, H, 100)).toBe(50 * H);
    expect(scrollOffsetFor(50, 'end', 0, 600, H, 100)).toBe(51 * H - 600);
    expect(scrollOffsetFor(99, 'start', 0, 600, H, 100)).toBe(100 * H - 600);
    expect(scrollOffsetFor(0, 'end', 500, 600, H, 100)).toBe(0);
  });

  it('reaches the oldest of a million rows (End) and clamps indexes out of range', () => {
    const count = 1_000_000;
    expect(scrollOffsetFor(count - 1, 'auto', 0, 600, H, count)).toBe(count * H - 600);
    expect(scrollOffsetFor(count + 5, 'auto', 0, 600, H, count)).toBe(count * H - 600);
    expect(scrollOffsetFor(-3, 'auto', 1000, 600, H, count)).toBe(0);
  });

  it('does nothing for an empty list', () => {
    expect(scrollOffsetFor(0, 'start', 0, 600, H, 0)).toBeNull();
  });
});
