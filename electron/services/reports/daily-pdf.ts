/**
 * The daily register as an A4 PDF, as officials print it: the agency's name and the title at the top
 * of every page, the day in Gregorian and Hijri, the table laid out right to left in Arabic (the
 * registry number in the rightmost column; left to right in English), long subjects wrapped in their
 * cell, page numbers ("page n of m"), then the totals, first and last numbers, annulments,
 * corrections, declared gaps and the seal.
 *
 * Text is drawn by the desk's shared Arabic text writer (../pdf/text.ts: bidi runs, shaping, fonts
 * from npm), so `pdftotext` reads it back in logical order. Landscape A4 (841.89 × 595.28 pt).
 */
import { PDFDocument, rgb, type PDFPage } from '@cantoo/pdf-lib';
import type { DailyRegister } from '../../../shared/contract/index.ts';
import { formatDualDate } from '../../../shared/dates/index.ts';
import { createTextWriter, type PdfTextWriter } from '../pdf/index.ts';
import { itemCells } from './daily-export.ts';
import { COLUMN_KEYS, columnLabel, text, valueLabel, type ColumnKey, type ReportLang } from './labels.ts';

const PAGE_W = 841.89;
const PAGE_H = 595.28;
const MARGIN = 32;
const SIZE = 7.5;
const LINE = 10;
const PAD = 3;
const HEADER_H = 62;
const FOOTER_H = 24;

/** Printed columns and their widths in points (sum = the printable width, 777.89). */
const COLUMNS: Array<{ key: ColumnKey; width: number }> = [
  { key: 'registryNumber', width: 66 },
  { key: 'time', width: 30 },
  { key: 'register', width: 38 },
  { key: 'channel', width: 52 },
  { key: 'counterpart', width: 118 },
  { key: 'referenceNumber', width: 78 },
  { key: 'referenceDate', width: 54 },
  { key: 'subject', width: 227.89 },
  { key: 'classification', width: 46 },
  { key: 'priority', width: 40 },
  { key: 'annulled', width: 28 },
];

interface Row {
  cells: string[][]; // wrapped lines per printed column
  height: number;
}

/**
 * @returns the PDF's bytes.
 * @throws if the font packages are missing.
 */
export async function dailyPdf(reg: DailyRegister, lang: ReportLang): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${text(lang, 'title')} ${reg.day}`);
  doc.setCreator('Registry Desk');
  doc.setProducer('Registry Desk');
  doc.setCreationDate(new Date(`${reg.day}T00:00:00Z`));
  doc.setModificationDate(new Date(`${reg.day}T00:00:00Z`));
  const w = await createTextWriter(doc);
  const rtl = lang === 'ar';
  const keyIndex = new Map(COLUMN_KEYS.map((k, i) => [k, i]));

  // x of each column's start edge (right edge in Arabic, left edge in English) and its width.
  const cols: Array<{ key: ColumnKey; x0: number; x1: number; width: number }> = [];
  let edge = rtl ? PAGE_W - MARGIN : MARGIN;
  for (const c of COLUMNS) {
    const x0 = rtl ? edge - c.width : edge;
    cols.push({ key: c.key, x0, x1: x0 + c.width, width: c.width });
    edge = rtl ? edge - c.width : edge + c.width;
  }

  const layoutRow = (values: string[], weight: 'regular' | 'bold'): Row => {
    const cells = cols.map((c, i) => {
      const v = values[i] ?? '';
      if (v === '') return [];
      // Most cells fit on one line: measure once, wrap only the long ones.
      return w.measure(v, SIZE, { weight }) <= c.width - 2 * PAD ? [v] : w.wrap(v, SIZE, c.width - 2 * PAD, { weight });
    });
    const lines = Math.max(1, ...cells.map((c) => c.length));
    return { cells, height: lines * LINE + 2 * PAD };
  };
  const header = layoutRow(
    COLUMNS.map((c) => columnLabel(lang, c.key)),
    'bold',
  );
  const rows = reg.items.map((it) => {
    const all = itemCells(it, lang);
    return layoutRow(
      COLUMNS.map((c) => all[keyIndex.get(c.key) ?? 0] ?? ''),
      'regular',
    );
  });

  // Paginate: the table header repeats on every page.
  const tableTop = PAGE_H - MARGIN - HEADER_H;
  const bottom = MARGIN + FOOTER_H;
  const pages: Row[][] = [[]];
  let y = tableTop - header.height;
  for (const r of rows) {
    if (y - r.height < bottom && pages[pages.length - 1]!.length > 0) {
      pages.push([]);
      y = tableTop - header.height;
    }
    pages[pages.length - 1]!.push(r);
    y -= r.height;
  }
  const summary = summaryLines(reg, lang);
  // Summary lines after the table, on the last page or on pages of their own.
  const summaryPages: string[][] = [[]];
  let sy = y - 2 * LINE;
  for (const line of summary) {
    if (sy - LINE * 1.4 < bottom) {
      summaryPages.push([]);
      sy = tableTop;
    }
    summaryPages[summaryPages.length - 1]!.push(line);
    sy -= LINE * 1.4;
  }
  const total = pages.length + summaryPages.length - 1;

  let pageNo = 0;
  const newPage = (): PDFPage => {
    pageNo++;
    const page = doc.addPage([PAGE_W, PAGE_H]);
    drawPageHeader(page, w, reg, lang);
    w.drawLine(page, text(lang, 'page', { n: pageNo, of: total }), { x: PAGE_W / 2, y: MARGIN, size: 8, align: 'center', direction: rtl ? 'rtl' : 'ltr' });
    return page;
  };

  let page: PDFPage = newPage();
  for (let p = 0; p < pages.length; p++) {
    if (p > 0) page = newPage();
    let top = tableTop;
    drawRow(page, w, cols, header, top, 'bold', rtl, true);
    top -= header.height;
    for (const r of pages[p]!) {
      drawRow(page, w, cols, r, top, 'regular', rtl, false);
      top -= r.height;
    }
    y = top;
  }
  let ly = y - 2 * LINE;
  summaryPages.forEach((lines, i) => {
    if (i > 0) {
      page = newPage();
      ly = tableTop;
    }
    for (const line of lines) {
      const bold = line.startsWith('\u0001');
      const t = bold ? line.slice(1) : line;
      if (t !== '') {
        w.drawLine(page, t, { x: rtl ? PAGE_W - MARGIN : MARGIN, y: ly, size: 9, align: rtl ? 'right' : 'left', direction: rtl ? 'rtl' : 'ltr', weight: bold ? 'bold' : 'regular' });
      }
      ly -= LINE * 1.4;
    }
  });
  return doc.save({ useObjectStreams: false });
}

function drawPageHeader(page: PDFPage, w: PdfTextWriter, reg: DailyRegister, lang: ReportLang): void {
  const rtl = lang === 'ar';
  const dir = rtl ? 'rtl' : 'ltr';
  const agency = (rtl ? reg.agencyNameAr || reg.agencyNameEn : reg.agencyNameEn || reg.agencyNameAr).trim();
  let y = PAGE_H - MARGIN - 12;
  if (agency !== '') {
    w.drawLine(page, agency, { x: PAGE_W / 2, y, size: 13, align: 'center', weight: 'bold', direction: dir });
  }
  y -= 20;
  w.drawLine(page, `${text(lang, 'title')} — ${formatDualDate(reg.day, lang)}`, { x: PAGE_W / 2, y, size: 11, align: 'center', weight: 'bold', direction: dir });
  y -= 16;
  const status =
    reg.seal !== null
      ? text(lang, 'sealedBy', { who: reg.seal.sealedBy, at: reg.seal.sealedAt.replace('T', ' ').slice(0, 16) + ' UTC' })
      : reg.state === 'open'
        ? text(lang, 'open')
        : text(lang, 'notSealed');
  w.drawLine(page, status, { x: PAGE_W / 2, y, size: 8, align: 'center', direction: dir });
}

function drawRow(
  page: PDFPage,
  w: PdfTextWriter,
  cols: Array<{ x0: number; x1: number; width: number }>,
  row: Row,
  top: number,
  weight: 'regular' | 'bold',
  rtl: boolean,
  shaded: boolean,
): void {
  const grey = rgb(0.6, 0.6, 0.6);
  const left = Math.min(...cols.map((c) => c.x0));
  const right = Math.max(...cols.map((c) => c.x1));
  if (shaded) page.drawRectangle({ x: left, y: top - row.height, width: right - left, height: row.height, color: rgb(0.92, 0.92, 0.92) });
  page.drawLine({ start: { x: left, y: top - row.height }, end: { x: right, y: top - row.height }, thickness: 0.4, color: grey });
  if (shaded) page.drawLine({ start: { x: left, y: top }, end: { x: right, y: top }, thickness: 0.4, color: grey });
  cols.forEach((c, i) => {
    const lines = row.cells[i] ?? [];
    lines.forEach((line, j) => {
      w.drawLine(page, line, {
        x: rtl ? c.x1 - PAD : c.x0 + PAD,
        y: top - PAD - (j + 1) * LINE + 2.5,
        size: SIZE,
        align: rtl ? 'right' : 'left',
        // Each cell's direction comes from its first strong letter (as `dir="auto"` in the UI), so a
        // subject written in English reads from the left even in the Arabic register.
        direction: 'auto',
        weight,
      });
    });
  });
}

/**
 * The lines after the table; a leading U+0001 marks a bold heading. No punctuation touches a number
 * (only spaces and words): a comma or colon next to a number sits between two directions, and
 * readers (pdftotext among them) put it on either side of the number.
 */
export function summaryLines(reg: DailyRegister, lang: ReportLang): string[] {
  const H = (s: string) => `\u0001${s}`;
  const out: string[] = [];
  const t = reg.totals;
  const label = (k: string) => valueLabel(lang, k as never);
  out.push(H(text(lang, 'totals')));
  out.push(`${text(lang, 'total')} ${t.registrations}`);
  out.push(H(text(lang, 'byDirection')));
  for (const [k, n] of Object.entries(t.byDirection)) out.push(`${label(k)} ${n}`);
  out.push(H(text(lang, 'byChannel')));
  for (const [k, n] of Object.entries(t.byChannel)) out.push(`${label(k)} ${n}`);
  out.push(H(text(lang, 'byClassification')));
  for (const [k, n] of Object.entries(t.byClassification)) out.push(`${label(k)} ${n}`);
  out.push(H(text(lang, 'firstLast')));
  if (reg.registers.length === 0) out.push(text(lang, 'none'));
  for (const r of reg.registers) out.push(`${label(r.register)}: ${text(lang, 'from')} ${r.first} ${text(lang, 'to')} ${r.last}`);
  out.push(H(text(lang, 'annulments')));
  if (reg.annulments.length === 0) out.push(text(lang, 'none'));
  for (const a of reg.annulments) {
    out.push(`${a.registryNumber} ${text(lang, 'because')}: ${a.reason} ${text(lang, 'by')} ${a.operator}${a.authorisingReference ? ` (${a.authorisingReference})` : ''}`);
  }
  out.push(H(text(lang, 'corrections')));
  if (reg.corrections.length === 0) out.push(text(lang, 'none'));
  for (const c of reg.corrections) out.push(`${c.registryNumber ?? ''} ${c.action} ${text(lang, 'by')} ${c.operator}`);
  out.push(H(text(lang, 'gaps')));
  if (reg.gaps.length === 0) out.push(text(lang, 'none'));
  for (const g of reg.gaps) {
    out.push(`${label(g.register)} ${g.year} ${text(lang, 'from')} ${g.fromSeq} ${text(lang, 'to')} ${g.toSeq} ${text(lang, 'because')}: ${g.reason}`);
  }
  out.push(H(text(lang, 'sealHash')));
  out.push(reg.seal?.hash ?? text(lang, 'notSealed'));
  return out;
}
