/**
 * The printable separator sheet (A4 PDF): the separator QR code (separator.ts) with a caption in
 * Arabic and English. Put one sheet before each letter of a stack and scan with split `separator`.
 */
import { PDFDocument } from '@cantoo/pdf-lib';
import { createTextWriter } from '../pdf/text.ts';
import { separatorQrPng } from './separator.ts';

const A4 = { width: 595.28, height: 841.89 }; // points
/** Side of the printed code (points; 200 pt ≈ 7 cm, read easily at 150 dpi). */
const CODE_SIDE = 200;

/** @returns the PDF's bytes. */
export async function separatorSheetPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('ورقة فاصلة — Separator sheet');
  doc.setCreator('Registry Desk');
  const page = doc.addPage([A4.width, A4.height]);
  const text = await createTextWriter(doc);
  const cx = A4.width / 2;
  text.drawLine(page, 'ورقة فاصلة', { x: cx, y: 740, size: 44, align: 'center', weight: 'bold' });
  text.drawLine(page, 'Separator sheet', { x: cx, y: 695, size: 24, align: 'center', direction: 'ltr' });
  const code = await doc.embedPng(await separatorQrPng(10));
  page.drawImage(code, { x: cx - CODE_SIDE / 2, y: 440, width: CODE_SIDE, height: CODE_SIDE });
  text.drawParagraph(page, 'ضع هذه الورقة قبل كل كتاب في رزمة المسح، ثم امسح الرزمة مع اختيار الفصل بالأوراق الفاصلة. لا تُقيَّد هذه الورقة.', {
    x: 70, y: 380, width: A4.width - 140, size: 15, align: 'center',
  });
  text.drawParagraph(page, 'Put this sheet before each letter of a stack, then scan the stack with "split at separator sheets". This sheet is not registered.', {
    x: 70, y: 300, width: A4.width - 140, size: 12, align: 'center', direction: 'ltr',
  });
  return doc.save();
}
