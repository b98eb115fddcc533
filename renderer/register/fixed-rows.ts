/**
 * Windowing arithmetic for a list of fixed-height rows (the register). Pure functions, O(1) in the
 * number of rows: nothing is computed per row outside the visible window.
 *
 * All offsets are virtual pixels: row `i` spans `[i * rowHeight, (i + 1) * rowHeight)`.
 */

/** Inclusive range of row indexes to render; `last < first` means no rows. */
export interface RowRange {
  first: number;
  last: number;
}

/**
 * Rows that intersect the viewport `[scrollTop, scrollTop + viewport)`, widened by `overscan` rows
 * on each side and clamped to `[0, count - 1]`.
 *
 * @param scrollTop virtual scroll offset, px (negative values count as 0)
 * @param viewport height of the visible area, px (at least one row is shown when `count > 0`)
 * @param rowHeight height of every row, px (> 0)
 * @param count number of rows (≥ 0)
 * @param overscan extra rows rendered above and below the viewport (≥ 0)
 * @returns `{ first, last }` (inclusive); `{ first: 0, last: -1 }` when `count` is 0
 */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan: number): RowRange {
  if (count <= 0 || !(rowHeight > 0)) return { first: 0, last: -1 };
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.min(count - 1, Math.floor(top / rowHeight));
  const lastVisible = Math.min(count - 1, Math.max(firstVisible, Math.ceil((top + Math.max(0, viewport)) / rowHeight) - 1));
  return { first: Math.max(0, firstVisible - overscan), last: Math.min(count - 1, lastVisible + overscan) };
}

/** How {@link scrollOffsetFor} brings a row into view. */
export type RowAlign = 'auto' | 'start' | 'end';

/**
 * Virtual scroll offset that brings row `index` into view, or `null` when no scrolling is needed.
 * 'start' puts the row at the top of the viewport, 'end' at the bottom; 'auto' scrolls only when the
 * row is not wholly visible, by the least amount ('start' if it is above, 'end' if below). The
 * result is clamped to the scroll range `[0, count * rowHeight - viewport]`.
 *
 * @param index row index (clamped to `[0, count - 1]`)
 * @param align see above
 * @param scrollTop current virtual scroll offset, px
 * @param viewport height of the visible area, px
 * @param rowHeight height of every row, px
 * @param count number of rows
 */
export function scrollOffsetFor(
  index: number,
  align: RowAlign,
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
): number | null {
  if (count <= 0) return null;
  const i = Math.max(0, Math.min(count - 1, index));
  const start = i * rowHeight;
  const end = start + rowHeight - viewport;
  let target: number;
  if (align === 'start') target = start;
  else if (align === 'end') target = end;
  else if (start < scrollTop) target = start;
  else if (start + rowHeight > scrollTop + viewport) target = end;
  else return null;
  const maxScroll = Math.max(0, count * rowHeight - viewport);
  return Math.max(0, Math.min(maxScroll, target));
}
