/**
 * The daily register as a table file: CSV (RFC 4180) and XLSX (exceljs).
 *
 * - CSV: UTF-8 with a byte-order mark (Excel then reads Arabic correctly), CRLF line ends, every field
 *   quoted when it holds `"`, `,`, CR or LF (quotes doubled). A text field starting with `=`, `+`, `-`
 *   or `@` that is not a number gets a leading `'`, so a spreadsheet never runs it as a formula.
 * - XLSX: sheet 1 the registrations (right-to-left sheet view in Arabic, header row frozen), sheet 2
 *   the totals, first/last numbers, annulments, corrections and gaps.
 * Both list the registrations in the daily register's order (number order per register).
 */
import ExcelJS from 'exceljs';
import type { DailyItem, DailyRegister } from '../../../shared/contract/index.ts';
import { COLUMN_KEYS, columnLabel, text, valueLabel, type ColumnKey, type ReportLang } from './labels.ts';

/** One row of the table, as strings (numbers as written), in COLUMN_KEYS order. */
export function itemCells(it: DailyItem, lang: ReportLang): string[] {
  const cell: Record<ColumnKey, string> = {
    registryNumber: it.registryNumber,
    time: it.time,
    register: valueLabel(lang, it.direction),
    channel: valueLabel(lang, it.channel),
    counterpart: it.counterpartName,
    referenceNumber: it.referenceNumber ?? '',
    referenceDate: it.referenceDate ?? '',
    subject: it.subject,
    classification: valueLabel(lang, it.classification),
    priority: valueLabel(lang, it.priority),
    attachments: String(it.attachmentsCount),
    operator: it.operator,
    annulled: valueLabel(lang, it.annulled ? 'yes' : 'no'),
  };
  return COLUMN_KEYS.map((k) => cell[k]);
}

export function headerCells(lang: ReportLang): string[] {
  return COLUMN_KEYS.map((k) => columnLabel(lang, k));
}

/** A field that a spreadsheet would evaluate as a formula, made inert. */
export function inertField(value: string): string {
  return /^[=+\-@]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  const v = inertField(value);
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** @returns the CSV file's bytes (BOM + UTF-8). */
export function dailyCsv(reg: DailyRegister, lang: ReportLang): Uint8Array {
  const lines = [headerCells(lang), ...reg.items.map((it) => itemCells(it, lang))].map((row) => row.map(csvField).join(','));
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/** @returns the XLSX file's bytes. */
export async function dailyXlsx(reg: DailyRegister, lang: ReportLang): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Registry Desk';
  wb.created = new Date(`${reg.day}T00:00:00Z`);
  const rtl = lang === 'ar';
  const sheet = wb.addWorksheet(`${text(lang, 'title')} ${reg.day}`.slice(0, 31), {
    views: [{ rightToLeft: rtl, state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = COLUMN_KEYS.map((k) => ({
    header: columnLabel(lang, k),
    key: k,
    width: k === 'subject' ? 60 : k === 'counterpart' ? 36 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const it of reg.items) {
    const row = sheet.addRow(itemCells(it, lang));
    // Registry numbers, references and dates stay text (Excel would turn 2026/000125 into a date).
    row.eachCell((c) => {
      c.numFmt = '@';
    });
  }

  const totals = wb.addWorksheet(text(lang, 'sheetTotals'), { views: [{ rightToLeft: rtl }] });
  totals.getColumn(1).width = 30;
  totals.getColumn(2).width = 40;
  totals.getColumn(3).width = 30;
  const add = (cells: Array<string | number>, bold = false) => {
    const r = totals.addRow(cells);
    if (bold) r.font = { bold: true };
  };
  add([text(lang, 'day'), reg.day], true);
  add([text(lang, 'total'), reg.totals.registrations], true);
  add([]);
  add([text(lang, 'byDirection')], true);
  for (const [k, n] of Object.entries(reg.totals.byDirection)) add([valueLabel(lang, k as never), n]);
  add([text(lang, 'byChannel')], true);
  for (const [k, n] of Object.entries(reg.totals.byChannel)) add([valueLabel(lang, k as never), n]);
  add([text(lang, 'byClassification')], true);
  for (const [k, n] of Object.entries(reg.totals.byClassification)) add([valueLabel(lang, k as never), n]);
  add([text(lang, 'firstLast')], true);
  for (const r of reg.registers) add([valueLabel(lang, r.register as never), `${text(lang, 'from')} ${r.first} ${text(lang, 'to')} ${r.last}`, r.count]);
  add([text(lang, 'annulments')], true);
  for (const a of reg.annulments) add([a.registryNumber, a.reason, a.operator, a.authorisingReference ?? '']);
  add([text(lang, 'corrections')], true);
  for (const c of reg.corrections) add([c.registryNumber ?? '', c.action, c.operator]);
  add([text(lang, 'gaps')], true);
  for (const g of reg.gaps) add([`${valueLabel(lang, g.register as never)} ${g.year}: ${text(lang, 'from')} ${g.fromSeq} ${text(lang, 'to')} ${g.toSeq}`, g.reason, g.declaredBy]);
  add([]);
  add([text(lang, 'sealHash'), reg.seal?.hash ?? text(lang, 'notSealed')]);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
