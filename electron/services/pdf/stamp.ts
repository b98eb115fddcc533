/**
 * The registry stamp: the text and code a registration puts on its paper and its archival PDF.
 *
 * Lines (logical order, Arabic, right to left):
 *   1. the agency name (settings `agencyNameAr`; "السجل العام" when not set)
 *   2. the register: سجل الوارد / سجل الصادر / السجل الداخلي
 *   3. رقم القيد <registry number> (and the emergency number when there is one)
 *   4. تاريخ القيد <Gregorian> م (no colons: an extractor puts a colon beside a number on the wrong side)
 *   5. الموافق <Hijri (Umm al-Qura)> هـ — lines 4 and 5 are shared/dates formatDualDate's two halves (one line
 *      would need a 4 pt font on a 62 mm label); outside 1356–1500 AH line 5 is absent
 * plus a QR code of the registry code (barcode.ts).
 */
import type { PDFImage, PDFPage } from '@cantoo/pdf-lib';
import { rgb } from '@cantoo/pdf-lib';
import type { Direction } from '../../../shared/contract/index.ts';
import { formatDualDate } from '../../../shared/dates/index.ts';
import type { PdfTextWriter } from './text.ts';

/** What a stamp shows. */
export type StampData = {
  agencyName: string;
  register: Direction;
  registryNumber: string;
  /** The emergency number given before the ordinary one, if any. */
  emergencyNumber?: string | null;
  /** Agency-local registration date, `YYYY-MM-DD` (Gregorian). */
  registrationDate: string;
  /** Print digits as ٠–٩ (the desk's digit setting). The QR payload always uses the number as stored. */
  arabicIndicDigits?: boolean;
};

const REGISTER_NAMES: Record<Direction, string> = { incoming: 'سجل الوارد', outgoing: 'سجل الصادر', internal: 'السجل الداخلي' };
export const DEFAULT_AGENCY_NAME = 'السجل العام';

function digits(s: string, arabicIndic: boolean | undefined): string {
  return arabicIndic ? s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d))) : s;
}

/**
 * The stamp's lines exactly as drawn, in logical order.
 * @throws AppError('validation') for a malformed registration date (formatDualDate).
 */
export function stampLines(data: StampData): string[] {
  const agency = data.agencyName.trim() === '' ? DEFAULT_AGENCY_NAME : data.agencyName.trim().replace(/\s+/g, ' ');
  const emergency = data.emergencyNumber ? ` (${digits(data.emergencyNumber, data.arabicIndicDigits)})` : '';
  const [gregorian, hijri] = formatDualDate(data.registrationDate, 'ar', { arabicIndicDigits: data.arabicIndicDigits === true }).split(' — ');
  return [
    agency,
    REGISTER_NAMES[data.register],
    `رقم القيد ${digits(data.registryNumber, data.arabicIndicDigits)}${emergency}`,
    `تاريخ القيد ${gregorian}`,
    ...(hijri ? [`الموافق ${hijri}`] : []),
  ];
}

const ROW_STYLE: { weight: 'regular' | 'bold'; rel: number }[] = [
  { weight: 'bold', rel: 1 },
  { weight: 'regular', rel: 0.9 },
  { weight: 'bold', rel: 1.1 },
  { weight: 'regular', rel: 0.9 },
  { weight: 'regular', rel: 0.9 },
];

/**
 * Draws a stamp in a box: a thin frame, the QR code on the left, the lines right-aligned on the right,
 * each line shrunk (down to 45 % of its size) to fit its width.
 * @param box in points, bottom-left origin.
 * @param qr the QR image embedded in the same document.
 */
export function drawStamp(
  page: PDFPage,
  writer: PdfTextWriter,
  data: StampData,
  qr: PDFImage,
  box: { x: number; y: number; width: number; height: number },
  options: { frame?: boolean; padding?: number } = {},
): void {
  const lines = stampLines(data);
  const pad = options.padding ?? Math.max(2, box.height * 0.06);
  if (options.frame !== false) {
    page.drawRectangle({ x: box.x, y: box.y, width: box.width, height: box.height, borderColor: rgb(0.1, 0.1, 0.35), borderWidth: 0.8, color: rgb(1, 1, 1) });
  }
  const qrSide = box.height - 2 * pad;
  page.drawImage(qr, { x: box.x + pad, y: box.y + pad, width: qrSide, height: qrSide });
  const textLeft = box.x + pad + qrSide + pad * 1.5;
  const textRight = box.x + box.width - pad * 1.5;
  const textWidth = textRight - textLeft;
  const rows = lines.map((text, i) => ({ text, ...ROW_STYLE[Math.min(i, ROW_STYLE.length - 1)]! }));
  const totalRel = rows.reduce((s, r) => s + r.rel, 0);
  const lineBox = (box.height - 2 * pad) / totalRel;
  let top = box.y + box.height - pad;
  for (const row of rows) {
    const slot = lineBox * row.rel;
    let size = slot * 0.62;
    const width = writer.measure(row.text, size, { weight: row.weight, direction: 'rtl' });
    if (width > textWidth) size = Math.max(size * 0.6, (size * textWidth) / width);
    // Still too wide at 60 %: squeeze horizontally rather than run out of the stamp.
    const fit = writer.measure(row.text, size, { weight: row.weight, direction: 'rtl' }) > textWidth ? { fitWidth: textWidth } : {};
    const baseline = top - slot * 0.75;
    writer.drawLine(page, row.text, { x: textRight, y: baseline, size, align: 'right', direction: 'rtl', weight: row.weight, color: rgb(0.05, 0.05, 0.3), ...fit });
    top -= slot;
  }
}
