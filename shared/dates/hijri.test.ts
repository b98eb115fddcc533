import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { agencyDateParts } from './agency-time.ts';
import { formatDualDate } from './format.ts';
import { gregorianToHijri, hijriToGregorian } from './hijri.ts';

describe('Umm al-Qura conversion', () => {
  const pairs: Array<[string, number, number, number]> = [
    ['2024-12-02', 1446, 6, 1],
    ['2014-05-15', 1435, 7, 16],
    ['2026-06-15', 1447, 12, 29],
    ['2026-11-29', 1448, 6, 19],
    ['1937-03-14', 1356, 1, 1],
  ];
  it.each(pairs)('%s ⇄ %i-%i-%i', (iso, y, m, d) => {
    expect(gregorianToHijri(iso)).toMatchObject({ year: y, month: m, day: d });
    expect(hijriToGregorian(y, m, d)).toBe(iso);
  });

  it('gives the Hijri ISO form', () => {
    expect(gregorianToHijri('2024-12-02')?.iso).toBe('1446-06-01');
  });

  it('refuses dates outside 1356–1500 AH', () => {
    expect(gregorianToHijri('1937-03-13')).toBeNull();
    expect(gregorianToHijri('2080-01-01')).toBeNull();
    expect(gregorianToHijri('2024-02-30')).toBeNull();
    expect(() => hijriToGregorian(1300, 1, 1)).toThrow(AppError);
    expect(() => hijriToGregorian(1501, 1, 1)).toThrow(/outside/);
    expect(() => hijriToGregorian(1435, 6, 30)).toThrow(AppError); // Jumada II 1435 has 29 days
    expect(() => hijriToGregorian(1435, 13, 1)).toThrow(AppError);
  });
});

describe('formatDualDate', () => {
  it('Arabic', () => expect(formatDualDate('2026-11-29', 'ar')).toBe('29/11/2026 م — 19 جمادى الآخرة 1448 هـ'));
  it('Arabic-Indic digits', () => expect(formatDualDate('2026-11-29', 'ar', { arabicIndicDigits: true })).toBe('٢٩/١١/٢٠٢٦ م — ١٩ جمادى الآخرة ١٤٤٨ هـ'));
  it('English', () => expect(formatDualDate('2024-12-02', 'en')).toMatch(/^02\/12\/2024 — 1 Jumada II 1446 AH$/));
  it('outside Umm al-Qura shows the Gregorian date only', () => expect(formatDualDate('1900-01-01', 'ar')).toBe('01/01/1900 م'));
  it('rejects a non-date', () => expect(() => formatDualDate('2024-02-30', 'ar')).toThrow(AppError));
});

describe('agencyDateParts', () => {
  it('23:30 UTC on 31 December is the next year in Kuwait', () => {
    expect(agencyDateParts(new Date('2025-12-31T23:30:00Z'))).toEqual({ year: 2026, date: '2026-01-01', time: '02:30' });
  });
  it('midday UTC', () => {
    expect(agencyDateParts(new Date('2026-06-15T12:05:00Z'))).toEqual({ year: 2026, date: '2026-06-15', time: '15:05' });
  });
  it('other zones', () => {
    expect(agencyDateParts(new Date('2026-01-01T00:30:00Z'), 'UTC')).toEqual({ year: 2026, date: '2026-01-01', time: '00:30' });
  });
  it('bad input is a validation error', () => {
    expect(() => agencyDateParts(new Date('nope'))).toThrow(AppError);
    expect(() => agencyDateParts(new Date(), 'Mars/Olympus')).toThrow(AppError);
  });
});
