import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { DEFAULT_NUMBER_FORMATS, formatRegistryNumber, validateNumberFormat } from './number-format.ts';

describe('formatRegistryNumber', () => {
  const cases: Array<[string, { year: number; seq: number; register: 'incoming' | 'outgoing' | 'internal'; prefix?: string }, string]> = [
    ['{year}/{seq:6}', { year: 2026, seq: 42, register: 'incoming' }, '2026/000042'],
    ['{year}/{seq}', { year: 2026, seq: 42, register: 'incoming' }, '2026/42'],
    ['{yy}-{seq:4}', { year: 2026, seq: 7, register: 'outgoing' }, '26-0007'],
    ['{yy}-{seq:4}', { year: 2100, seq: 7, register: 'outgoing' }, '00-0007'],
    ['{prefix}/{year}/{seq:5}', { year: 2026, seq: 1, register: 'outgoing', prefix: 'ص' }, 'ص/2026/00001'],
    ['{prefix}/{year}/{seq:5}', { year: 2026, seq: 1, register: 'incoming', prefix: 'و' }, 'و/2026/00001'],
    ['{prefix}{year}-{seq:3}', { year: 2026, seq: 9, register: 'internal' }, '2026-009'],
    ['{year}/{seq:2}', { year: 2026, seq: 12345, register: 'incoming' }, '2026/12345'], // never truncated
    ['وارد {year}/{seq:6}', { year: 2014, seq: 999999, register: 'incoming' }, 'وارد 2014/999999'],
  ];
  it.each(cases)('%s with %o → %s', (format, parts, expected) => {
    expect(formatRegistryNumber(format, parts)).toBe(expected);
  });

  it('default formats', () => {
    expect(formatRegistryNumber(DEFAULT_NUMBER_FORMATS.incoming, { year: 2026, seq: 1, register: 'incoming' })).toBe('2026/000001');
    for (const f of Object.values(DEFAULT_NUMBER_FORMATS)) expect(validateNumberFormat(f)).toBeNull();
  });

  it('rejects bad parts and formats with AppError', () => {
    expect(() => formatRegistryNumber('{year}/{seq}', { year: 2026, seq: 0, register: 'incoming' })).toThrow(AppError);
    expect(() => formatRegistryNumber('{year}/{seq}', { year: 2026, seq: 1.5, register: 'incoming' })).toThrow(AppError);
    expect(() => formatRegistryNumber('{year}/{seq}', { year: 26, seq: 1, register: 'incoming' })).toThrow(AppError);
    expect(() => formatRegistryNumber('{seq}', { year: 2026, seq: 1, register: 'incoming' })).toThrow(/needs \{year\}/);
  });
});

describe('validateNumberFormat', () => {
  const cases: Array<[string, RegExp | null]> = [
    ['{year}/{seq:6}', null],
    ['{yy}{seq}', null],
    ['{prefix}-{yy}-{seq:12}', null],
    ['', /empty/],
    ['{seq:6}', /\{year\} or \{yy\}/],
    ['{year}/', /\{seq\}/],
    ['{year}/{seq:0}', /1 ≤ N ≤ 12/],
    ['{year}/{seq:13}', /1 ≤ N ≤ 12/],
    ['{year}/{seq:x}', /unknown placeholder \{seq:x\}/],
    ['{year}/{month}/{seq}', /unknown placeholder \{month\}/],
    ['{year}/{seq}}', /unbalanced/],
    ['{year/{seq}', /unknown placeholder|unbalanced/],
    [`{year}/{seq}${'x'.repeat(60)}`, /longer than 64/],
  ];
  it.each(cases)('%s', (format, expected) => {
    const result = validateNumberFormat(format);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatch(expected);
  });
});
