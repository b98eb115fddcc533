import { describe, expect, it } from 'vitest';
import { chartDirection } from './chart-direction.ts';

describe('chartDirection', () => {
  it('mirrors the axes for a right-to-left language and leaves them for a left-to-right one', () => {
    expect(chartDirection(true)).toEqual({ xAxis: { reversed: true }, yAxis: { orientation: 'right' }, legend: { align: 'right' }, dir: 'rtl' });
    expect(chartDirection(false)).toEqual({ xAxis: { reversed: false }, yAxis: { orientation: 'left' }, legend: { align: 'left' }, dir: 'ltr' });
  });
});
