/**
 * The words printed in exported reports (CSV/XLSX headers, PDF), Arabic and English. The UI has its
 * own strings in renderer/i18n; exports are produced by the services, which do not load those.
 */
import type { Channel, Classification, Direction, Priority } from '../../../shared/contract/index.ts';

export type ReportLang = 'ar' | 'en';

export const COLUMN_KEYS = [
  'registryNumber',
  'time',
  'register',
  'channel',
  'counterpart',
  'referenceNumber',
  'referenceDate',
  'subject',
  'classification',
  'priority',
  'attachments',
  'operator',
  'annulled',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

const COLUMNS: Record<ReportLang, Record<ColumnKey, string>> = {
  ar: {
    registryNumber: 'رقم القيد',
    time: 'الوقت',
    register: 'السجل',
    channel: 'قناة الورود',
    counterpart: 'الجهة',
    referenceNumber: 'رقم الكتاب',
    referenceDate: 'تاريخ الكتاب',
    subject: 'الموضوع',
    classification: 'السرية',
    priority: 'الأهمية',
    attachments: 'المرفقات',
    operator: 'الموظف',
    annulled: 'ملغى',
  },
  en: {
    registryNumber: 'Registry number',
    time: 'Time',
    register: 'Register',
    channel: 'Channel',
    counterpart: 'Counterpart',
    referenceNumber: 'Reference number',
    referenceDate: 'Reference date',
    subject: 'Subject',
    classification: 'Classification',
    priority: 'Priority',
    attachments: 'Attachments',
    operator: 'Operator',
    annulled: 'Annulled',
  },
};

const VALUES: Record<ReportLang, Record<Direction | Channel | Classification | Priority | 'yes' | 'no', string>> = {
  ar: {
    incoming: 'وارد',
    outgoing: 'صادر',
    internal: 'داخلي',
    paper: 'ورقي',
    electronic: 'إلكتروني',
    both: 'ورقي وإلكتروني',
    ordinary: 'عادي',
    confidential: 'سري',
    secret: 'سري للغاية',
    normal: 'عادي',
    urgent: 'عاجل',
    very_urgent: 'عاجل جدًا',
    yes: 'نعم',
    no: '',
  },
  en: {
    incoming: 'Incoming',
    outgoing: 'Outgoing',
    internal: 'Internal',
    paper: 'Paper',
    electronic: 'Electronic',
    both: 'Paper and electronic',
    ordinary: 'Ordinary',
    confidential: 'Confidential',
    secret: 'Secret',
    normal: 'Normal',
    urgent: 'Urgent',
    very_urgent: 'Very urgent',
    yes: 'Yes',
    no: '',
  },
};

const TEXT = {
  ar: {
    title: 'السجل اليومي',
    day: 'اليوم',
    page: 'صفحة {n} من {of}',
    totals: 'الإجماليات',
    total: 'عدد القيود',
    byDirection: 'حسب السجل',
    byChannel: 'حسب قناة الورود',
    byClassification: 'حسب السرية',
    firstLast: 'أول وآخر رقم',
    annulments: 'الإلغاءات',
    corrections: 'التصحيحات',
    gaps: 'الفجوات المعلنة',
    none: 'لا يوجد',
    sealedBy: 'مختوم بواسطة {who} في {at}',
    sealHash: 'بصمة الختم',
    notSealed: 'غير مختوم',
    open: 'اليوم لم ينته بعد',
    sheetTotals: 'الإجماليات',
    reason: 'السبب',
    from: 'من',
    to: 'إلى',
    agency: 'الجهة',
    because: 'بسبب',
    by: 'بواسطة',
  },
  en: {
    title: 'Daily register',
    day: 'Day',
    page: 'Page {n} of {of}',
    totals: 'Totals',
    total: 'Registrations',
    byDirection: 'By register',
    byChannel: 'By channel',
    byClassification: 'By classification',
    firstLast: 'First and last number',
    annulments: 'Annulments',
    corrections: 'Corrections',
    gaps: 'Declared gaps',
    none: 'None',
    sealedBy: 'Sealed by {who} at {at}',
    sealHash: 'Seal hash',
    notSealed: 'Not sealed',
    open: 'The day has not ended yet',
    sheetTotals: 'Totals',
    reason: 'Reason',
    from: 'from',
    to: 'to',
    agency: 'Agency',
    because: 'because',
    by: 'by',
  },
} as const;

export function columnLabel(lang: ReportLang, key: ColumnKey): string {
  return COLUMNS[lang][key];
}

export function valueLabel(lang: ReportLang, v: Direction | Channel | Classification | Priority | 'yes' | 'no'): string {
  return VALUES[lang][v];
}

export function text(lang: ReportLang, key: keyof (typeof TEXT)['ar'], vars: Record<string, string | number> = {}): string {
  return TEXT[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
