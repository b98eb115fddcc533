/**
 * The stamp label: a one-page PDF for a label printer with the registry stamp and its QR code, to
 * stick on the paper letter.
 *
 * Size: 62 × 29 mm, landscape — the standard die-cut address label of 62 mm label printers (Brother
 * QL DK-11209, and 62 mm continuous tape cut at 29 mm), the most common desk label printers. The QR
 * code is 26 mm square (0.8 mm modules for a 25-module code: reads from a phone or a 2D hand scanner
 * and from a 200 dpi scan of the letter); the five stamp lines are right-aligned beside it.
 */
import { PDFDocument } from '@cantoo/pdf-lib';
import { encodeRegistryCode, qrPng } from './barcode.ts';
import { type StampData, drawStamp, stampLines } from './stamp.ts';
import { createTextWriter } from './text.ts';

/** The label's size in millimetres. */
export const LABEL_SIZE_MM = { width: 62, height: 29 } as const;
const MM = 72 / 25.4;

/**
 * Builds the label PDF of one registration.
 * @param data the stamp's content.
 * @param at the document's creation date (default the registration date at midnight UTC), so the
 *   same registration always gives the same bytes.
 * @returns the PDF bytes.
 * @throws AppError('validation') for a malformed registration date.
 */
export async function buildLabelPdf(data: StampData, at?: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const when = at ?? new Date(`${data.registrationDate}T00:00:00Z`);
  doc.setTitle(`${stampLines(data)[2] ?? data.registryNumber}`);
  doc.setLanguage('ar');
  doc.setProducer('Registry Desk');
  doc.setCreator('Registry Desk');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const width = LABEL_SIZE_MM.width * MM;
  const height = LABEL_SIZE_MM.height * MM;
  const page = doc.addPage([width, height]);
  const writer = await createTextWriter(doc);
  const payload = encodeRegistryCode({ register: data.register, registryNumber: data.registryNumber });
  const qr = await doc.embedPng(await qrPng(payload, 8));
  drawStamp(page, writer, data, qr, { x: 0, y: 0, width, height }, { frame: false, padding: 1.5 * MM });
  return doc.save();
}
