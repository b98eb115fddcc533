import { describe, expect, it } from 'vitest';
import { defaultDirectory } from '../directory/index.ts';
import { normaliseReferenceNumber, suggestFields } from './index.ts';

const directory = defaultDirectory();
const LRM = '\u200E';
const RLM = '\u200F';

/** A letter head as OCR returns it: the two columns on one line, recipient block, subject. */
function letter(head: { sender: string; number: string; date: string; subject: string; attachments?: string }): string {
  return [
    `دولة الكويت الرقم: ${head.number}`,
    `${head.sender} التاريخ: ${head.date}`,
    '',
    'السيد / وكيل الوزارة المحترم',
    'وزارة المالية',
    '',
    `الموضوع: ${head.subject}`,
    'تحية طيبة وبعد،',
    'نود الإفادة بأن مجلس الوزراء قد طالب جميع الجهات الحكومية بالبدء.',
    head.attachments === undefined ? '' : `المرفقات: ${head.attachments}`,
  ].join('\n');
}

describe('suggestFields under OCR-like noise', () => {
  const rows: Array<{
    name: string;
    text: string;
    code: string | null;
    number?: string;
    date?: string | null;
    subject?: string;
    attachments?: number | null;
  }> = [
    {
      name: 'clean',
      text: letter({ sender: 'وزارة الأشغال العامة', number: 'ص/٧٧٠٨٩/٢٠٢٦', date: '١٧/٨/٢٠٢٦', subject: 'الرد على كتابكم.', attachments: '٣' }),
      code: 'MPW', number: 'ص/77089/2026', date: '2026-08-17', subject: 'الرد على كتابكم', attachments: 3,
    },
    {
      name: 'bidi marks everywhere',
      text: letter({ sender: `${RLM}وزارة الصحة${LRM}`, number: `${RLM}ص/${LRM}44009${LRM}/2014${RLM}`, date: `${LRM}18/3/2014${LRM}`, subject: `${RLM}طلب بيانات${RLM}` }),
      code: 'MOH', number: 'ص/44009/2014', date: '2014-03-18', subject: 'طلب بيانات', attachments: null,
    },
    {
      name: 'Persian yeh and kaf',
      text: letter({ sender: 'وزارة الکهرباء والماء', number: 'ص/25093/2015', date: '17/8/2015', subject: 'طلب تزويدنا بکشف الخدمات' }),
      code: 'MEW', number: 'ص/25093/2015', date: '2015-08-17', subject: 'طلب تزويدنا بکشف الخدمات',
    },
    {
      name: 'missing hamza (typed or read without it)',
      text: letter({ sender: 'وزارة الاشغال العامة', number: 'و.م/ش.ا/5860', date: '18 يناير 2026م', subject: 'الموافقة على ندب موظف', attachments: 'لا يوجد' }),
      code: 'MPW', number: 'و.م/ش.ا/5860', date: '2026-01-18', attachments: 0,
    },
    {
      name: 'digits split by spaces, spaces around slashes',
      text: letter({ sender: 'ديوان المحاسبة', number: 'ص / 77 089 / 2026', date: '1 7 / 8 / 20 26', subject: 'ميزانية السنة المالية 2026/2027' }),
      code: 'SAB', number: 'ص/77089/2026', date: '2026-08-17', subject: 'ميزانية السنة المالية 2026/2027',
    },
    {
      name: 'misread letters in the sender and labels',
      text: letter({ sender: 'الهيئة العامة للقوي العامله', number: '2026/م/14393', date: '15 رجب 1447هـ الموافق 4 يناير 2026م', subject: 'الموافقة' })
        .replace('التاريخ', 'التاريج')
        .replace('الموضوع', 'الموضرع'),
      code: 'PAM', number: '2026/م/14393', date: '2026-01-04', subject: 'الموافقة',
    },
    {
      name: 'one OCR error in a distinctive word',
      text: letter({ sender: 'بلدية الكويبت', number: '2026/م/71042', date: '15 أغسطس 2026م', subject: 'ميزانية' }),
      code: 'KM', date: '2026-08-15',
    },
    {
      name: 'colon before the label (RTL punctuation)',
      text: 'دولة الكويت :الرقم ص/85470/2025\nإدارة الفتوى والتشريع :التاريخ ١١ أغسطس ٢٠٢٥م\nالسيد / المدير المحترم\n:الموضوع طلب',
      code: 'FLD', number: 'ص/85470/2025', date: '2025-08-11', subject: 'طلب',
    },
    {
      name: 'Hijri date only',
      text: letter({ sender: 'بيت الزكاة', number: 'ص/1/1435', date: '16 رجب 1435هـ', subject: 'طلب' }),
      code: 'ZH', date: '2014-05-15',
    },
    {
      name: 'unknown sender is not guessed',
      text: letter({ sender: 'شركة المقاولات المتحدة', number: 'ص/1/2026', date: '1/1/2026', subject: 'عرض سعر' }),
      code: null,
    },
    {
      name: 'recipient agency is not taken for the sender',
      text: 'دولة الكويت\nالسيد / وكيل الوزارة المحترم\nوزارة المالية\nالموضوع: طلب',
      code: null,
    },
    {
      name: 'English letterhead',
      text: 'State of Kuwait\nMinistry of Health\nRef: MOH/12/2026\nDate: 5 May 2026\nTo: Ministry of Finance\nSubject: Statistics request.',
      code: 'MOH', number: 'MOH/12/2026', date: '2026-05-05', subject: 'Statistics request',
    },
    {
      name: 'subject with an underline read between words and a stray kasra',
      text: letter({ sender: 'وزارة الصحة', number: 'ص/1/2026', date: '1/1/2026', subject: 'طلب_بيانات إحصائية عن المراجعِين' }),
      code: 'MOH', subject: 'طلب بيانات إحصائية عن المراجعين',
    },
    {
      name: 'a vocalised subject keeps its harakat',
      text: letter({ sender: 'وزارة الصحة', number: 'ص/1/2026', date: '1/1/2026', subject: 'تَعْمِيمٌ إِدَارِيٌّ' }),
      code: 'MOH', subject: 'تَعْمِيمٌ إِدَارِيٌّ',
    },
    {
      name: 'ambiguous date is flagged, not guessed',
      text: letter({ sender: 'وزارة العدل', number: 'ص/1/2026', date: '04/03/2026', subject: 'طلب' }),
      code: 'MOJ', date: null,
    },
    {
      name: 'labelled sender after the recipient',
      text: 'إلى: وزارة المالية\nمن: وزارة التربية\nالموضوع: طلب',
      code: 'MOE', subject: 'طلب',
    },
  ];

  it.each(rows)('$name', (row) => {
    const s = suggestFields([{ index: 0, text: row.text }], directory);
    expect(s.counterpart?.code ?? null).toBe(row.code);
    if (row.number !== undefined) expect(s.referenceNumber?.value).toBe(row.number);
    if (row.date !== undefined) expect(s.referenceDate?.gregorian ?? null).toBe(row.date);
    if (row.subject !== undefined) expect(s.subject?.value).toBe(row.subject);
    if (row.attachments !== undefined) expect(s.attachmentsCount?.value ?? null).toBe(row.attachments);
    for (const ev of [s.counterpart?.evidence, s.referenceNumber?.evidence, s.referenceDate?.evidence, s.subject?.evidence, s.attachmentsCount?.evidence]) {
      if (ev) expect(row.text.slice(ev.start, ev.end)).toBe(ev.text);
    }
  });

  it('reports the ambiguous readings', () => {
    const s = suggestFields([{ index: 0, text: letter({ sender: 'وزارة العدل', number: 'ص/1/2026', date: '04/03/2026', subject: 'طلب' }) }], directory);
    expect(s.referenceDate).toMatchObject({ problem: 'ambiguous', alternatives: ['2026-03-04', '2026-04-03'], asPrinted: '04/03/2026' });
  });

  it('evidence of the sender points at its name', () => {
    const text = letter({ sender: 'وزارة الأشغال العامة', number: 'ص/1/2026', date: '1/1/2026', subject: 'طلب' });
    expect(suggestFields([{ index: 0, text }], directory).counterpart?.evidence?.text).toBe('وزارة الأشغال العامة');
  });

  it('empty pages and an empty directory give nulls', () => {
    expect(suggestFields([], directory)).toEqual({ counterpart: null, referenceNumber: null, referenceDate: null, subject: null, attachmentsCount: null });
    expect(suggestFields([{ index: 0, text: 'وزارة الصحة' }], []).counterpart).toBeNull();
  });
});

describe('normaliseReferenceNumber', () => {
  const rows: Array<[string, string]> = [
    ['ص/٧٧٠٨٩/٢٠٢٦', 'ص/77089/2026'],
    ['ص / ۷۷۰۸۹ / ۲۰۲۶', 'ص/77089/2026'],
    [`${RLM}2026/م/${LRM}14393`, '2026/م/14393'],
    ['و.م/ش.إ/26118', 'و.م/ش.إ/26118'],
    ['ص\\25093\\2015', 'ص/25093/2015'],
    ['ص/ 44 009 /2014 .', 'ص/44009/2014'],
    ['ک/12', 'ك/12'],
  ];
  it.each(rows)('%s → %s', (raw, expected) => expect(normaliseReferenceNumber(raw)).toBe(expected));
});
