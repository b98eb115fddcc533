/**
 * The adoption report as files to hand to the central authority (docs/parallel-period.md):
 *
 * - CSV: RFC 4180, UTF-8 with a byte-order mark, CRLF, formula-looking text made inert (the daily
 *   register's rules, reports/daily-export.ts). One row per counterpart with its counts per direction
 *   and channel, its connection day, whether it requires paper, its paper letters after connection
 *   and up to the requested number of example registry numbers; a last row with the totals.
 * - PDF: A4 landscape, the agency's name, the title and the period (Gregorian and Hijri) on every
 *   page, "page n of m"; three tables laid out right to left in Arabic (left to right in English): the
 *   counterparts by channel, the connected counterparts that still send paper, and example letters.
 *   Text goes through the desk's Arabic text writer (../pdf/text.ts), so `pdftotext` reads it back in
 *   logical order; as in the daily register, no punctuation touches a figure.
 */
import { PDFDocument, rgb, type PDFPage } from '@cantoo/pdf-lib';
import type { AdoptionReport, ChannelCounts } from '../../../shared/contract/index.ts';
import { formatDualDate } from '../../../shared/dates/index.ts';
import { createTextWriter, type PdfTextWriter } from '../pdf/index.ts';
import { inertField } from '../reports/daily-export.ts';
import type { ReportLang } from '../reports/labels.ts';

const WORDS = {
  ar: {
    title: 'تقرير التحول إلى التبادل الإلكتروني',
    period: 'الفترة من {from} إلى {to}',
    page: 'صفحة {n} من {of}',
    generated: 'أُعد في {at}',
    counterparts: 'المراسلات حسب الجهة وقناة الورود',
    still: 'الجهات المتصلة بمنصة التبادل التي ما زالت ترسل كتبًا ورقية',
    examples: 'أمثلة من الكتب الورقية الواردة بعد الاتصال',
    none: 'لا يوجد',
    total: 'الإجمالي',
    counterpart: 'الجهة',
    code: 'الرمز',
    connectedSince: 'متصلة منذ',
    notConnected: 'غير متصلة',
    requiresPaper: 'تشترط الورق',
    yes: 'نعم',
    no: 'لا',
    receivedPaper: 'وارد ورقي',
    receivedElectronic: 'وارد إلكتروني',
    receivedBoth: 'وارد ورقي وإلكتروني',
    receivedTotal: 'مجموع الوارد',
    sentPaper: 'صادر ورقي',
    sentElectronic: 'صادر إلكتروني',
    sentBoth: 'صادر ورقي وإلكتروني',
    sentTotal: 'مجموع الصادر',
    paperAfter: 'ورقي بعد الاتصال',
    bothAfter: 'ورقي وإلكتروني بعد الاتصال',
    receivedAfter: 'كل الوارد بعد الاتصال',
    registryNumber: 'رقم القيد',
    registrationDate: 'تاريخ القيد',
    referenceNumber: 'رقم الكتاب',
    subject: 'الموضوع',
    exampleNumbers: 'أمثلة أرقام القيد',
  },
  en: {
    title: 'Exchange adoption report',
    period: 'Period from {from} to {to}',
    page: 'Page {n} of {of}',
    generated: 'Prepared {at}',
    counterparts: 'Letters by counterpart and channel',
    still: 'Counterparts connected to the exchange that still send paper',
    examples: 'Examples of paper letters received after connection',
    none: 'None',
    total: 'Total',
    counterpart: 'Counterpart',
    code: 'Code',
    connectedSince: 'Connected since',
    notConnected: 'Not connected',
    requiresPaper: 'Requires paper',
    yes: 'Yes',
    no: 'No',
    receivedPaper: 'Received paper',
    receivedElectronic: 'Received electronic',
    receivedBoth: 'Received both',
    receivedTotal: 'Received total',
    sentPaper: 'Sent paper',
    sentElectronic: 'Sent electronic',
    sentBoth: 'Sent both',
    sentTotal: 'Sent total',
    paperAfter: 'Paper after connection',
    bothAfter: 'Both after connection',
    receivedAfter: 'All received after connection',
    registryNumber: 'Registry number',
    registrationDate: 'Registration date',
    referenceNumber: 'Reference number',
    subject: 'Subject',
    exampleNumbers: 'Example registry numbers',
  },
} as const;

type Word = keyof (typeof WORDS)['ar'];

function w(lang: ReportLang, key: Word, vars: Record<string, string | number> = {}): string {
  return WORDS[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

const counts = (c: ChannelCounts): string[] => [c.paper, c.electronic, c.both, c.total].map(String);

// ---------------------------------------------------------------- CSV

function csvField(value: string): string {
  const v = inertField(value);
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** @returns the CSV file's bytes (BOM + UTF-8, CRLF). */
export function adoptionCsv(r: AdoptionReport, lang: ReportLang): Uint8Array {
  const still = new Map(r.stillSendingPaper.map((s) => [s.code, s]));
  const header: Word[] = [
    'code', 'counterpart', 'connectedSince', 'requiresPaper',
    'receivedPaper', 'receivedElectronic', 'receivedBoth', 'receivedTotal',
    'sentPaper', 'sentElectronic', 'sentBoth', 'sentTotal',
    'paperAfter', 'exampleNumbers',
  ];
  const rows: string[][] = [header.map((k) => w(lang, k))];
  for (const c of r.counterparts) {
    const s = c.code !== null ? still.get(c.code) : undefined;
    rows.push([
      c.code ?? '',
      lang === 'ar' ? c.nameAr : c.nameEn,
      c.connectedSince ?? '',
      w(lang, c.requiresPaper ? 'yes' : 'no'),
      ...counts(c.received),
      ...counts(c.sent),
      String(s?.paperCount ?? 0),
      (s?.examples ?? []).map((e) => e.registryNumber).join(' '),
    ]);
  }
  rows.push(['', w(lang, 'total'), '', '', ...counts(r.totals.received), ...counts(r.totals.sent), String(r.stillSendingPaper.reduce((n, s) => n + s.paperCount, 0)), '']);
  return new TextEncoder().encode(`\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`);
}

// ---------------------------------------------------------------- PDF

const PAGE_W = 841.89;
const PAGE_H = 595.28;
const MARGIN = 32;
const SIZE = 7.5;
const LINE = 10;
const PAD = 3;
const HEADER_H = 62;
const FOOTER_H = 24;
const TITLE_H = 22;

interface Table {
  title: string;
  columns: Array<{ label: string; width: number }>;
  rows: string[][];
  /** Rows drawn bold (totals). */
  boldRows?: Set<number>;
}

interface LaidRow {
  cells: string[][];
  height: number;
  bold: boolean;
}

/**
 * @returns the PDF's bytes.
 * @throws if the font packages are missing.
 */
export async function adoptionPdf(r: AdoptionReport, lang: ReportLang): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const stamp = new Date(r.generatedAt);
  doc.setTitle(`${w(lang, 'title')} ${r.from} ${r.to}`);
  doc.setCreator('Registry Desk');
  doc.setProducer('Registry Desk');
  doc.setCreationDate(stamp);
  doc.setModificationDate(stamp);
  const tw = await createTextWriter(doc);
  const rtl = lang === 'ar';
  const name = (x: { nameAr: string; nameEn: string }) => (rtl ? x.nameAr : x.nameEn);
  const since = (d: string | null) => d ?? w(lang, 'notConnected');

  const tables: Table[] = [
    {
      title: w(lang, 'counterparts'),
      columns: [
        { label: w(lang, 'counterpart'), width: 157.89 },
        { label: w(lang, 'code'), width: 50 },
        { label: w(lang, 'connectedSince'), width: 62 },
        { label: w(lang, 'requiresPaper'), width: 44 },
        ...(['receivedPaper', 'receivedElectronic', 'receivedBoth', 'receivedTotal', 'sentPaper', 'sentElectronic', 'sentBoth', 'sentTotal'] as const).map((k) => ({ label: w(lang, k), width: 58 })),
      ],
      rows: [
        ...r.counterparts.map((c) => [name(c), c.code ?? '', since(c.connectedSince), w(lang, c.requiresPaper ? 'yes' : 'no'), ...counts(c.received), ...counts(c.sent)]),
        [w(lang, 'total'), '', '', '', ...counts(r.totals.received), ...counts(r.totals.sent)],
      ],
      boldRows: new Set([r.counterparts.length]),
    },
    {
      title: w(lang, 'still'),
      columns: [
        { label: w(lang, 'counterpart'), width: 237.89 },
        { label: w(lang, 'code'), width: 70 },
        { label: w(lang, 'connectedSince'), width: 80 },
        { label: w(lang, 'requiresPaper'), width: 70 },
        { label: w(lang, 'paperAfter'), width: 110 },
        { label: w(lang, 'bothAfter'), width: 110 },
        { label: w(lang, 'receivedAfter'), width: 100 },
      ],
      rows: r.stillSendingPaper.map((s) => [name(s), s.code, s.connectedSince, w(lang, s.requiresPaper ? 'yes' : 'no'), String(s.paperCount), String(s.bothCount), String(s.receivedCount)]),
    },
    {
      title: w(lang, 'examples'),
      columns: [
        { label: w(lang, 'counterpart'), width: 160 },
        { label: w(lang, 'registryNumber'), width: 80 },
        { label: w(lang, 'registrationDate'), width: 70 },
        { label: w(lang, 'referenceNumber'), width: 90 },
        { label: w(lang, 'subject'), width: 377.89 },
      ],
      rows: r.stillSendingPaper.flatMap((s) => s.examples.map((e) => [name(s), e.registryNumber, e.registrationDate, e.referenceNumber ?? '', e.subject])),
    },
  ];

  const layout = (cols: Table['columns'], values: string[], bold: boolean): LaidRow => {
    const weight = bold ? 'bold' : 'regular';
    const cells = cols.map((c, i) => {
      const v = values[i] ?? '';
      if (v === '') return [];
      return tw.measure(v, SIZE, { weight }) <= c.width - 2 * PAD ? [v] : tw.wrap(v, SIZE, c.width - 2 * PAD, { weight });
    });
    return { cells, height: Math.max(1, ...cells.map((c) => c.length)) * LINE + 2 * PAD, bold };
  };

  // Plan the pages first (the footer needs the page count).
  type Op = { kind: 'title'; text: string; y: number } | { kind: 'row'; table: number; row: LaidRow; y: number; header: boolean } | { kind: 'line'; text: string; y: number };
  const pages: Op[][] = [[]];
  const top = PAGE_H - MARGIN - HEADER_H;
  const bottom = MARGIN + FOOTER_H;
  let y = top;
  const ensure = (h: number): boolean => {
    if (y - h >= bottom) return false;
    pages.push([]);
    y = top;
    return true;
  };
  tables.forEach((t, ti) => {
    const header = layout(t.columns, t.columns.map((c) => c.label), true);
    ensure(TITLE_H + header.height + LINE * 2);
    pages[pages.length - 1]!.push({ kind: 'title', text: t.title, y: y - 12 });
    y -= TITLE_H;
    pages[pages.length - 1]!.push({ kind: 'row', table: ti, row: header, y, header: true });
    y -= header.height;
    if (t.rows.length === 0) {
      pages[pages.length - 1]!.push({ kind: 'line', text: w(lang, 'none'), y: y - LINE - PAD });
      y -= LINE * 2;
    }
    t.rows.forEach((values, ri) => {
      const row = layout(t.columns, values, t.boldRows?.has(ri) === true);
      if (ensure(row.height)) {
        pages[pages.length - 1]!.push({ kind: 'row', table: ti, row: header, y, header: true });
        y -= header.height;
      }
      pages[pages.length - 1]!.push({ kind: 'row', table: ti, row, y, header: false });
      y -= row.height;
    });
    y -= LINE;
  });

  const colsOf = tables.map((t) => {
    const out: Array<{ x0: number; x1: number }> = [];
    let edge = rtl ? PAGE_W - MARGIN : MARGIN;
    for (const c of t.columns) {
      const x0 = rtl ? edge - c.width : edge;
      out.push({ x0, x1: x0 + c.width });
      edge = rtl ? edge - c.width : edge + c.width;
    }
    return out;
  });
  const dir = rtl ? 'rtl' : 'ltr';
  pages.forEach((ops, p) => {
    const page = doc.addPage([PAGE_W, PAGE_H]);
    drawPageHeader(page, tw, r, lang);
    tw.drawLine(page, w(lang, 'page', { n: p + 1, of: pages.length }), { x: PAGE_W / 2, y: MARGIN, size: 8, align: 'center', direction: dir });
    for (const op of ops) {
      if (op.kind === 'title') tw.drawLine(page, op.text, { x: rtl ? PAGE_W - MARGIN : MARGIN, y: op.y, size: 10, align: rtl ? 'right' : 'left', direction: dir, weight: 'bold' });
      else if (op.kind === 'line') tw.drawLine(page, op.text, { x: rtl ? PAGE_W - MARGIN - PAD : MARGIN + PAD, y: op.y, size: 9, align: rtl ? 'right' : 'left', direction: dir });
      else drawRow(page, tw, colsOf[op.table]!, op.row, op.y, rtl, op.header);
    }
  });
  return doc.save({ useObjectStreams: false });
}

function drawPageHeader(page: PDFPage, tw: PdfTextWriter, r: AdoptionReport, lang: ReportLang): void {
  const rtl = lang === 'ar';
  const dir = rtl ? 'rtl' : 'ltr';
  const agency = (rtl ? r.agencyNameAr || r.agencyNameEn : r.agencyNameEn || r.agencyNameAr).trim();
  let y = PAGE_H - MARGIN - 12;
  if (agency !== '') tw.drawLine(page, agency, { x: PAGE_W / 2, y, size: 13, align: 'center', weight: 'bold', direction: dir });
  y -= 20;
  tw.drawLine(page, w(lang, 'title'), { x: PAGE_W / 2, y, size: 11, align: 'center', weight: 'bold', direction: dir });
  y -= 16;
  tw.drawLine(page, w(lang, 'period', { from: formatDualDate(r.from, lang), to: formatDualDate(r.to, lang) }), { x: PAGE_W / 2, y, size: 8, align: 'center', direction: dir });
}

function drawRow(page: PDFPage, tw: PdfTextWriter, cols: Array<{ x0: number; x1: number }>, row: LaidRow, top: number, rtl: boolean, shaded: boolean): void {
  const grey = rgb(0.6, 0.6, 0.6);
  const left = Math.min(...cols.map((c) => c.x0));
  const right = Math.max(...cols.map((c) => c.x1));
  if (shaded) {
    page.drawRectangle({ x: left, y: top - row.height, width: right - left, height: row.height, color: rgb(0.92, 0.92, 0.92) });
    page.drawLine({ start: { x: left, y: top }, end: { x: right, y: top }, thickness: 0.4, color: grey });
  }
  page.drawLine({ start: { x: left, y: top - row.height }, end: { x: right, y: top - row.height }, thickness: 0.4, color: grey });
  cols.forEach((c, i) => {
    (row.cells[i] ?? []).forEach((line, j) => {
      tw.drawLine(page, line, {
        x: rtl ? c.x1 - PAD : c.x0 + PAD,
        y: top - PAD - (j + 1) * LINE + 2.5,
        size: SIZE,
        align: rtl ? 'right' : 'left',
        direction: 'auto',
        weight: shaded || row.bold ? 'bold' : 'regular',
      });
    });
  });
}
