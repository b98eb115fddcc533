/**
 * Windowing for the register: fixed-height rows over a scaled scroll box (scaled-scroll.ts), O(visible
 * rows) per render whatever the number of rows. Re-renders on the real box's scroll and resize.
 */
import { useCallback, useEffect, useReducer } from 'react';
import { flushSync } from 'react-dom';
import { scrollOffsetFor, visibleRange, type RowAlign } from './fixed-rows.ts';
import type { ScaledScrollElement } from './scaled-scroll.ts';

/** One rendered row: its index and its `top` in real px inside the scroll box. */
export interface FixedRow {
  index: number;
  top: number;
}

/** Viewport height assumed before the scroll box is laid out, px. */
const INITIAL_VIEWPORT = 600;

/**
 * @param count number of rows
 * @param rowHeight height of every row, px
 * @param scaled the scroll box (null before it is mounted; a 600 px viewport at the top is assumed then)
 * @param overscan rows rendered beyond each edge of the viewport
 * @returns `items` to render (row `index`, `top` in real px: `realScrollTop + index * rowHeight -
 *   virtualScrollTop`), and `scrollToIndex(i, align)`, which scrolls the box so that row `i` is in
 *   view and re-renders at once (the row is in the DOM when the caller's next effects run).
 */
export function useFixedRows({
  count,
  rowHeight,
  scaled,
  overscan,
}: {
  count: number;
  rowHeight: number;
  scaled: ScaledScrollElement | null;
  overscan: number;
}): { items: FixedRow[]; scrollToIndex: (index: number, align: RowAlign) => void } {
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    const el = scaled?.real;
    if (!el) return undefined;
    // Scrolling renders synchronously so the window never lags the scrolled box (no blank frame).
    const onScroll = () => flushSync(rerender);
    const ro = new ResizeObserver(() => rerender());
    el.addEventListener('scroll', onScroll, { passive: true });
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
    };
  }, [scaled]);

  const realTop = scaled ? scaled.real.scrollTop : 0;
  const viewport = scaled ? scaled.real.clientHeight : INITIAL_VIEWPORT;
  const virtualTop = scaled ? realTop * scaled.ratio : 0;
  const { first, last } = visibleRange(virtualTop, viewport, rowHeight, count, overscan);
  const items: FixedRow[] = [];
  for (let i = first; i <= last; i++) items.push({ index: i, top: realTop + (i * rowHeight - virtualTop) });

  const scrollToIndex = useCallback(
    (index: number, align: RowAlign) => {
      if (!scaled) return;
      const el = scaled.real;
      const target = scrollOffsetFor(index, align, el.scrollTop * scaled.ratio, el.clientHeight, rowHeight, count);
      if (target === null) return;
      scaled.scrollTo({ top: target });
      rerender();
    },
    [scaled, rowHeight, count],
  );

  return { items, scrollToIndex };
}
