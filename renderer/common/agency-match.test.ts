import { describe, expect, it } from 'vitest';
import type { Agency } from '../../shared/contract/index.ts';
import { matchAgencies } from './AgencyPicker.tsx';
import { agencyDateTime, agencyShortTime } from './time.ts';

const agency = (code: string, nameAr: string, nameEn: string, aliases: string[] = []): Agency => ({
  code,
  nameAr,
  nameEn,
  aliases,
  connectedSince: null,
  requiresPaper: false,
});
const DIRECTORY = [
  agency('MOH', 'وزارة الصحة', 'Ministry of Health'),
  agency('FLD', 'إدارة الفتوى والتشريع', 'Fatwa and Legislation Department', ['الفتوى والتشريع']),
  agency('MOF', 'وزارة المالية', 'Ministry of Finance'),
];

describe('agency matching', () => {
  it.each([
    ['اداره الفتوي', ['FLD']], // typed without hamza, ه for ة, ي for ى
    ['وزارة', ['MOH', 'MOF']],
    ['ministry of h', ['MOH']],
    ['mof', ['MOF']],
    ['', ['MOH', 'FLD', 'MOF']],
    ['زنجبيل', []],
  ])('%s → %j', (typed, codes) => {
    expect(matchAgencies(DIRECTORY, typed).map((a) => a.code)).toEqual(codes);
  });

  it('leaves out excluded agencies and stops at the maximum', () => {
    expect(matchAgencies(DIRECTORY, 'وزارة', ['MOH']).map((a) => a.code)).toEqual(['MOF']);
    expect(matchAgencies(DIRECTORY, '', [], 2)).toHaveLength(2);
  });
});

describe('agency time', () => {
  it('shows Asia/Kuwait time, with Arabic-Indic digits on request', () => {
    expect(agencyDateTime('2026-11-29T08:13:30Z', false)).toBe('29/11/2026 11:13:30');
    expect(agencyDateTime('2026-11-29T08:13:30Z', true)).toBe('٢٩/١١/٢٠٢٦ ١١:١٣:٣٠');
    expect(agencyDateTime('not a date', false)).toBe('not a date');
  });

  it('shows only the time for an instant of the same agency day', () => {
    const now = new Date('2026-11-29T20:00:00Z'); // 23:00 in Kuwait
    expect(agencyShortTime('2026-11-29T08:13:30Z', false, now)).toBe('11:13');
    // 22:30 UTC on the 28th is 01:30 on the 29th in Kuwait: the same agency day.
    expect(agencyShortTime('2026-11-28T22:30:00Z', false, now)).toBe('01:30');
    expect(agencyShortTime('2026-11-28T20:00:00Z', false, now)).toBe('28/11/2026 23:00:00');
  });
});
