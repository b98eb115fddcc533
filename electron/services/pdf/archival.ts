/**
 * The archival PDF of a registration: every page of the stored original as an image, an invisible
 * text layer in logical reading order over it (copy and search give the Arabic as read), and the
 * registry stamp with its QR code in a band above the first page (the scan itself is never covered).
 *
 * - Images (PNG, JPEG, TIFF, WebP): each page decoded (documents/images.ts), turned upright by the
 *   analysis's rotation, embedded as greyscale JPEG (quality 85) at its own resolution (at most
 *   300 dpi); the page size comes from the file's resolution, or A4 height when it says none.
 * - PDFs: each page rasterised by pdf.js (documents/pdf.ts) at 200 dpi.
 * - Text layer: an OCR page's lines (PageAnalysis.lines) are drawn one line at a time, each squeezed
 *   into its box, so selection follows the scan; a page without boxes (a PDF's own text layer, or an
 *   analysis older than the boxes) gets its text line by line down the page.
 * - The band also carries the registry code as invisible text, so a text-layer import finds it too.
 * - Continuations (further pages of the letter attached later) follow the original's pages, each
 *   document's pages in its own order, with their own text layer and no second stamp.
 *
 * Same registration, same analysis → same bytes (dates fixed to the registration, no random ids).
 */
import { PDFDocument, type PDFPage, rgb } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import type { OcrLine, PageAnalysis } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { decodeImagePage, imagePages } from '../documents/images.ts';
import { openPdf, renderPdfPage } from '../documents/pdf.ts';
import { sniffMediaType } from '../documents/sniff.ts';
import { type GreyPage, rotateGrey, scaleGrey } from '../ocr/page.ts';
import { encodeRegistryCode, qrPng } from './barcode.ts';
import { type StampData, drawStamp } from './stamp.ts';
import { type PdfTextWriter, createTextWriter } from './text.ts';

/** Resolution PDF pages are rasterised at, and the most an image page is kept at (dpi). */
export const ARCHIVAL_PDF_DPI = 200;
const MAX_IMAGE_DPI = 300;
/** Height of the stamp band above the first page (points). */
export const STAMP_BAND_PT = 100;

export type ArchivalInput = {
  /** The stored original (image or PDF). */
  original: Uint8Array;
  /** The analysis's pages (text, rotation, OCR line boxes), one per page of the original. */
  pages: PageAnalysis[];
  stamp: StampData;
  /** The registration instant (UTC ISO): the PDF's creation and modification date. */
  registeredAt: string;
  /** Continuation documents, in the order they were attached: their pages follow the original's. */
  continuations?: Array<{ original: Uint8Array; pages: PageAnalysis[] }>;
};

type PageImage = { grey: GreyPage; widthPt: number; heightPt: number };

async function imageOf(grey: GreyPage, rotation: 0 | 90 | 180 | 270, dpiIfUnknown: () => number): Promise<PageImage> {
  let img = await rotateGrey(grey, rotation);
  let dpi = img.dpi ?? dpiIfUnknown();
  if (dpi > MAX_IMAGE_DPI) {
    img = await scaleGrey(img, MAX_IMAGE_DPI / dpi);
    dpi = MAX_IMAGE_DPI;
  }
  return { grey: img, widthPt: (img.width / dpi) * 72, heightPt: (img.height / dpi) * 72 };
}

/** The page images of the original, upright, with their size in points. */
async function pageImages(original: Uint8Array, pages: PageAnalysis[]): Promise<AsyncGenerator<PageImage>> {
  const mediaType = sniffMediaType(original);
  if (mediaType === 'application/pdf') {
    const pdf = await openPdf(original);
    return (async function* () {
      try {
        for (let i = 0; i < pdf.pages; i++) {
          const grey = await renderPdfPage(pdf, i, ARCHIVAL_PDF_DPI);
          yield await imageOf(grey, pages[i]?.rotation ?? 0, () => ARCHIVAL_PDF_DPI);
        }
      } finally {
        await pdf.close();
      }
    })();
  }
  const infos = await imagePages(original);
  return (async function* () {
    for (let i = 0; i < infos.length; i++) {
      const grey = await decodeImagePage(original, i, infos[i]!);
      // No resolution in the file: take the page for A4 (11.69 in on its longer side).
      yield await imageOf(grey, pages[i]?.rotation ?? 0, () => Math.max(grey.width, grey.height) / 11.69);
    }
  })();
}

async function jpegOf(grey: GreyPage): Promise<Uint8Array> {
  return sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } }).jpeg({ quality: 85 }).toBuffer();
}

/** Draws an OCR page's lines invisibly over the image, each squeezed into its box. */
function drawOcrLines(page: PDFPage, writer: PdfTextWriter, analysis: PageAnalysis, lines: OcrLine[], area: { widthPt: number; heightPt: number }): void {
  const sx = area.widthPt / analysis.width;
  const sy = area.heightPt / analysis.height;
  for (const line of lines) {
    const first = line.words[0];
    const last = line.words[line.words.length - 1];
    if (!first || !last) continue;
    const text = analysis.text.slice(first.start, last.end);
    const boxes = [line.box, ...line.words.map((w) => w.box)].filter((b) => b !== null);
    if (text.trim() === '' || boxes.length === 0) continue;
    const raw = line.box ?? {
      x0: Math.min(...boxes.map((b) => b.x0)),
      y0: Math.min(...boxes.map((b) => b.y0)),
      x1: Math.max(...boxes.map((b) => b.x1)),
      y1: Math.max(...boxes.map((b) => b.y1)),
    };
    // Kept on the page whatever the analysis says: a box partly or wholly outside the image is moved in.
    const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
    const minSide = Math.max(4, analysis.height / 200);
    const y1 = clamp(raw.y1, analysis.height);
    const x0 = clamp(raw.x0, analysis.width - minSide);
    const box = { x0, x1: Math.max(x0 + minSide, clamp(raw.x1, analysis.width)), y0: Math.min(clamp(raw.y0, analysis.height), Math.max(0, y1 - minSide)), y1: Math.max(y1, minSide) };
    const height = (box.y1 - box.y0) * sy;
    const size = Math.max(2, height * 0.8);
    writer.drawLine(page, text, {
      x: box.x0 * sx,
      y: area.heightPt - box.y1 * sy + height * 0.2,
      size,
      align: 'left',
      invisible: true,
      fitWidth: Math.max(1, (box.x1 - box.x0) * sx),
    });
  }
}

/** Draws a page's text invisibly, line by line from the top, for pages without OCR boxes. */
function drawPlainText(page: PDFPage, writer: PdfTextWriter, text: string, area: { widthPt: number; heightPt: number }): void {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return;
  const margin = area.widthPt * 0.06;
  const usable = area.widthPt - 2 * margin;
  const step = Math.min(16, (area.heightPt - 2 * margin) / lines.length);
  let y = area.heightPt - margin - step;
  for (const line of lines) {
    const size = Math.max(2, Math.min(step * 0.8, (usable / Math.max(1, writer.measure(line, 1))) * 0.98));
    writer.drawLine(page, line, { x: area.widthPt - margin, y, size, align: 'start', invisible: true, ...(writer.measure(line, size) > usable ? { fitWidth: usable } : {}) });
    y -= step;
  }
}

/**
 * Builds the archival PDF.
 * @returns the PDF bytes and its page count.
 * @throws AppError('corrupt_file' | 'unsupported_format' | 'encrypted_pdf' | 'image_too_large') from
 *   reading the original; AppError('validation') when the analysis does not match the original.
 */
export async function buildArchivalPdf(input: ArchivalInput): Promise<{ bytes: Uint8Array; pageCount: number }> {
  const when = new Date(input.registeredAt);
  const doc = await PDFDocument.create();
  const title = `${input.stamp.registryNumber}`;
  doc.setTitle(title);
  doc.setSubject('قيد في السجل العام');
  doc.setLanguage('ar');
  doc.setProducer('Registry Desk');
  doc.setCreator('Registry Desk');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const writer = await createTextWriter(doc);
  const payload = encodeRegistryCode({ register: input.stamp.register, registryNumber: input.stamp.registryNumber });
  const qr = await doc.embedPng(await qrPng(payload, 6));
  let total = 0;
  for (const [d, part] of [{ original: input.original, pages: input.pages }, ...(input.continuations ?? [])].entries()) {
    let index = 0;
    for await (const img of await pageImages(part.original, part.pages)) {
      const analysis = part.pages[index];
      if (!analysis) throw new AppError('validation', 'the analysis has fewer pages than the document', { pages: part.pages.length, document: d });
      const stamped = d === 0 && index === 0;
      const band = stamped ? STAMP_BAND_PT : 0;
      const page = doc.addPage([img.widthPt, img.heightPt + band]);
      const jpeg = await doc.embedJpg(await jpegOf(img.grey));
      page.drawImage(jpeg, { x: 0, y: 0, width: img.widthPt, height: img.heightPt });
      if (analysis.lines && analysis.lines.length > 0 && analysis.width > 0 && analysis.height > 0) {
        drawOcrLines(page, writer, analysis, analysis.lines, img);
      } else {
        drawPlainText(page, writer, analysis.text, img);
      }
      if (stamped) {
        page.drawRectangle({ x: 0, y: img.heightPt, width: img.widthPt, height: band, color: rgb(1, 1, 1) });
        const margin = 12;
        const box = { x: margin, y: img.heightPt + 8, width: Math.min(img.widthPt - 2 * margin, 360), height: band - 16 };
        drawStamp(page, writer, input.stamp, qr, box);
        writer.drawLine(page, payload, { x: box.x + 4, y: box.y + 2, size: 3, align: 'left', direction: 'ltr', invisible: true });
      }
      index++;
    }
    if (index !== part.pages.length) throw new AppError('validation', 'the analysis has more pages than the document', { pages: part.pages.length, read: index, document: d });
    total += index;
  }
  return { bytes: await doc.save(), pageCount: total };
}
