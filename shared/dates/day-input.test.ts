import { describe, expect, it } from 'vitest';
import { parseDayInput } from './day-input.ts';

describe('parseDayInput', () => {
  it.each([
    ['2026-11-28', '2026-11-28', 'gregorian'],
    ['28/11/2026', '2026-11-28', 'gregorian'],
    ['٢٨/١١/٢٠٢٦', '2026-11-28', 'gregorian'],
    ['۲۸/۱۱/۲۰۲۶م', '2026-11-28', 'gregorian'],
    ['18/6/1448هـ', '2026-11-28', 'hijri'],
    ['١٨ جمادى الآخرة ١٤٤٨', '2026-11-28', 'hijri'],
    ['28 نوفمبر 2026', '2026-11-28', 'gregorian'],
  ])('%s → %s', (typed, day, calendar) => {
    expect(parseDayInput(typed)).toEqual({ ok: true, day, calendar });
  });

  it('reports an ambiguous order with both readings, and what is not a day', () => {
    expect(parseDayInput('5/6/2026')).toEqual({ ok: false, problem: 'ambiguous', alternatives: ['2026-06-05', '2026-05-06'] });
    expect(parseDayInput('')).toMatchObject({ ok: false, problem: 'empty' });
    expect(parseDayInput('أمس')).toMatchObject({ ok: false, problem: 'no_date' });
    expect(parseDayInput('31/2/2026')).toMatchObject({ ok: false, problem: 'invalid' });
    expect(parseDayInput('1/1/1300هـ')).toMatchObject({ ok: false, problem: 'out_of_range' });
  });
});
