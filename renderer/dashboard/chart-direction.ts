/**
 * Recharts has no right-to-left mode. In Arabic a time axis runs from the right (oldest at the start
 * side, as the page reads) and the value axis stands on the right: this returns the axis props that
 * mirror a chart, and the legend's alignment. Pure, so it is tested without a browser.
 */
export interface ChartDirection {
  xAxis: { reversed: boolean };
  yAxis: { orientation: 'left' | 'right' };
  legend: { align: 'left' | 'right' };
  /** Tooltips and labels: text direction. */
  dir: 'rtl' | 'ltr';
}

/** @param rtl true for a right-to-left UI language. */
export function chartDirection(rtl: boolean): ChartDirection {
  return {
    xAxis: { reversed: rtl },
    yAxis: { orientation: rtl ? 'right' : 'left' },
    legend: { align: rtl ? 'right' : 'left' },
    dir: rtl ? 'rtl' : 'ltr',
  };
}
