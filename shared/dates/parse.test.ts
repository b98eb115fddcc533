import { describe, expect, it } from 'vitest';
import { findDates, parseLetterDate, type ParsedDate } from './parse.ts';

type Expect = Partial<Omit<ParsedDate, 'asPrinted'>>;

// Rules from issue 2 and domain.md ("Arabic text"); day/month/year is the Kuwaiti convention.
const cases: Array<[string, string, Expect]> = [
  ['ISO order wins over day-first', '2023-12-05', { calendar: 'gregorian', gregorian: '2023-12-05', problem: null }],
  ['ISO order with slashes', '2014/5/15', { gregorian: '2014-05-15', problem: null }],
  ['both ≤ 12 and different → ambiguous, both readings', '04/03/2023', { gregorian: null, problem: 'ambiguous', alternatives: ['2023-03-04', '2023-04-03'] }],
  ['13 cannot be a month', '13/12/2023', { gregorian: '2023-12-13', problem: null }],
  ['month-first only when the second number is > 12', '12/13/2023', { gregorian: '2023-12-13', problem: null }],
  ['same day and month is not ambiguous', '05/05/2014', { gregorian: '2014-05-05', problem: null }],
  ['Arabic-Indic digits', '١٣/١٢/١٩٩٦', { calendar: 'gregorian', gregorian: '1996-12-13', problem: null }],
  ['Persian digits', '۱۳/۱۲/۱۹۹۶', { gregorian: '1996-12-13' }],
  ['Gregorian suffix م', '15/5/2014م', { calendar: 'gregorian', gregorian: '2014-05-15', problem: null }],
  ['dash separator', '15-5-2014', { gregorian: '2014-05-15' }],
  ['dot separator', '15.05.2014', { gregorian: '2014-05-15' }],
  ['spaces around separators', '17 / 8 / 2026', { gregorian: '2026-08-17' }],
  ['year first, Arabic-Indic, م', '٢٠٢٦/٠٤/٠٢م', { gregorian: '2026-04-02', hijri: '1447-10-14' }],
  ['Hijri month name, هـ (Umm al-Qura)', '16 رجب 1435هـ', { calendar: 'hijri', gregorian: '2014-05-15', hijri: '1435-07-16', problem: null }],
  ['Hijri, Arabic-Indic digits', '٣ ربيع الآخر ١٤٣٥هـ', { calendar: 'hijri', gregorian: '2014-02-03', hijri: '1435-04-03' }],
  ['Hijri, ربيع الثاني spelling', '3 ربيع الثاني 1435 ه', { hijri: '1435-04-03' }],
  ['Hijri, hamza-less typing', '1 جمادى الاخرة 1446هـ', { gregorian: '2024-12-02', hijri: '1446-06-01' }],
  ['Hijri, ذي الحجة and ى/ي', '29 ذى الحجة 1447 هـ', { gregorian: '2026-06-15', hijri: '1447-12-29' }],
  ['Hijri, joined ذوالقعدة', '2 ذوالقعدة 1436هـ', { hijri: '1436-11-02', gregorian: '2015-08-17' }],
  ['Hijri without suffix: month name decides', '15 رمضان 1435', { calendar: 'hijri', hijri: '1435-09-15' }],
  ['numeric with 14xx and هـ is Hijri', '16/07/1435هـ', { calendar: 'hijri', gregorian: '2014-05-15' }],
  ['numeric 14xx without suffix is Hijri', '16/7/1435', { calendar: 'hijri', hijri: '1435-07-16' }],
  ['numeric 13xx is Hijri', '20/9/1395', { calendar: 'hijri', hijri: '1395-09-20', gregorian: '1975-09-26' }],
  ['Hijri year before 1356 is out of range', '16 رجب 1300هـ', { calendar: 'hijri', gregorian: null, hijri: null, problem: 'out_of_range' }],
  ['Hijri year after 1500 is out of range', '1/1/1501هـ', { calendar: 'hijri', problem: 'out_of_range' }],
  ['Hijri ambiguous readings converted', '12/7/1435هـ', { calendar: 'hijri', problem: 'ambiguous', alternatives: ['2014-05-11', '2014-10-01'] }],
  ['Gregorian month name, Arabic', '15 مايو 2014', { calendar: 'gregorian', gregorian: '2014-05-15' }],
  ['Gregorian month name, hamza-less', '11 اغسطس 2025م', { gregorian: '2025-08-11' }],
  ['Levantine month name', '3 كانون الثاني 2020', { gregorian: '2020-01-03' }],
  ['combined Gulf/Levantine name', '3 يناير/كانون الثاني 2020', { gregorian: '2020-01-03' }],
  ['English, month first', 'January 15, 2014', { gregorian: '2014-01-15' }],
  ['English, day first with ordinal', '15th March 2014', { gregorian: '2014-03-15' }],
  ['English Hijri', '16 Rajab 1435 AH', { calendar: 'hijri', gregorian: '2014-05-15' }],
  ['31 February does not exist', '31/02/2024', { problem: 'invalid', gregorian: null }],
  ['30 in a 29-day Hijri month', '30 جمادى الآخرة 1435هـ', { calendar: 'hijri', problem: 'invalid' }],
  ['both numbers > 12', '13/14/2024', { problem: 'invalid' }],
  ['Gregorian before 1900 out of range', '15 May 1850', { calendar: 'gregorian', problem: 'out_of_range' }],
  ['directional marks', '\u200F١٧/٨/٢٠٢٦\u200E', { gregorian: '2026-08-17' }],
];

describe('parseLetterDate', () => {
  it.each(cases)('%s: %s', (_name, text, expected) => {
    const d = parseLetterDate(text);
    expect(d).not.toBeNull();
    expect(d).toMatchObject(expected);
    if (d!.problem !== 'ambiguous') expect(d!.alternatives).toEqual([]);
  });

  it('returns null for text without a date', () => {
    expect(parseLetterDate('وزارة الأشغال العامة')).toBeNull();
    expect(parseLetterDate('ص/77089/2026')).toBeNull();
    expect(parseLetterDate('ميزانية السنة المالية 2026/2027')).toBeNull();
    expect(parseLetterDate('')).toBeNull();
  });

  it('keeps the printed form, tatweel included', () => {
    expect(parseLetterDate('16 رجب 1435هـ')?.asPrinted).toBe('16 رجب 1435هـ');
  });
});

describe('findDates', () => {
  it('finds Hijri and Gregorian dates on one line with raw offsets', () => {
    const text = 'التاريخ: 29 ذو الحجة 1447هـ الموافق 15 يونيو 2026م';
    const found = findDates(text);
    expect(found.map((f) => text.slice(f.start, f.end))).toEqual(['29 ذو الحجة 1447هـ', '15 يونيو 2026م']);
    expect(found.map((f) => f.date.gregorian)).toEqual(['2026-06-15', '2026-06-15']);
    expect(found.map((f) => f.date.calendar)).toEqual(['hijri', 'gregorian']);
  });

  it('maps offsets through removed marks and presentation forms', () => {
    const text = '\u200Fالرقم: ص/٧٧٠٨٩/٢٠٢٦\n\u200Fالتاريخ:\u200E ١٧/٨/٢٠٢٦';
    const [d] = findDates(text);
    expect(d).toBeDefined();
    expect(text.slice(d!.start, d!.end)).toBe('١٧/٨/٢٠٢٦');
    expect(d!.date.gregorian).toBe('2026-08-17');
    expect(findDates(text)).toHaveLength(1); // the reference number is not a date
  });
});

describe('OCR-misread month names', () => {
  const rows: Array<[string, string | null]> = [
    ['18 يتاير 2026م', '2026-01-18'],
    ['7 نوفير 2014م', '2014-11-07'],
    ['15 رجت 1435هـ', null], // three letters: too short to guess
    ['3 الشهر 2020', null], // not a month
  ];
  it.each(rows)('%s', (text, expected) => {
    expect(parseLetterDate(text)?.gregorian ?? null).toBe(expected);
  });
});
