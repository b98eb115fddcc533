/**
 * PDFs with pdf.js (pdfjs-dist, legacy build for Node): page count, text layer, rasterising with
 * @napi-rs/canvas. Fonts, CMaps and the JBIG2/JPEG 2000 decoders come from the pdfjs-dist package
 * folder (absolute paths, nothing fetched).
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { createCanvas } from '@napi-rs/canvas';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError } from '../../../shared/errors.ts';
import type { GreyPage } from '../ocr/page.ts';
import { MAX_PAGES, MAX_RENDER_PIXELS } from './limits.ts';

const require = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/package.json'));

type PdfDocument = Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;

/** An open PDF; call `close()` when done. */
export interface OpenPdf {
  doc: PdfDocument;
  pages: number;
  close(): Promise<void>;
}

function pdfError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const name = err instanceof Error ? err.name : '';
  const msg = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return new AppError('encrypted_pdf', 'The PDF is protected by a password');
  return new AppError('corrupt_file', `The PDF cannot be read: ${msg}`);
}

/**
 * Opens a PDF.
 * @param bytes the file (copied: pdf.js takes ownership of what it is given).
 * @throws AppError('encrypted_pdf') when a password is needed; AppError('corrupt_file') when damaged or
 *   truncated; AppError('too_many_pages') above {@link MAX_PAGES}.
 */
export async function openPdf(bytes: Uint8Array): Promise<OpenPdf> {
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: path.join(PDFJS_DIR, 'cmaps') + path.sep,
    cMapPacked: true,
    standardFontDataUrl: path.join(PDFJS_DIR, 'standard_fonts') + path.sep,
    wasmUrl: path.join(PDFJS_DIR, 'wasm') + path.sep,
    enableXfa: false,
    stopAtErrors: true,
    verbosity: 0,
  });
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw pdfError(err);
  }
  const close = () => task.destroy().catch(() => undefined);
  if (doc.numPages > MAX_PAGES) {
    await close();
    throw new AppError('too_many_pages', `The document has ${doc.numPages} pages; the limit is ${MAX_PAGES}`, { pages: doc.numPages, limit: MAX_PAGES });
  }
  if (doc.numPages < 1) {
    await close();
    throw new AppError('corrupt_file', 'The PDF has no pages');
  }
  return { doc, pages: doc.numPages, close };
}

/**
 * The text pdf.js extracts from a page, items in content order, a line break where pdf.js marks one.
 * @param index 0-based page.
 * @throws AppError('corrupt_file').
 */
export async function pdfPageText(pdf: OpenPdf, index: number): Promise<string> {
  try {
    const page = await pdf.doc.getPage(index + 1);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str;
      if (item.hasEOL) text += '\n';
    }
    return text.trim();
  } catch (err) {
    throw pdfError(err);
  }
}

/**
 * Rasterises a page to 8-bit greyscale on white.
 * @param index 0-based page.
 * @param dpi wanted resolution; lowered so the page stays under {@link MAX_RENDER_PIXELS}, or to fit `maxWidth`.
 * @param maxWidth optional cap on the output width (pixels).
 * @throws AppError('corrupt_file').
 */
export async function renderPdfPage(pdf: OpenPdf, index: number, dpi: number, maxWidth?: number): Promise<GreyPage> {
  try {
    const page = await pdf.doc.getPage(index + 1);
    const base = page.getViewport({ scale: 1 }); // 72 dpi, with the page's /Rotate applied
    let scale = dpi / 72;
    const pixels = base.width * base.height * scale * scale;
    if (pixels > MAX_RENDER_PIXELS) scale *= Math.sqrt(MAX_RENDER_PIXELS / pixels);
    if (maxWidth !== undefined && base.width * scale > maxWidth) scale = maxWidth / base.width;
    const viewport = page.getViewport({ scale });
    const width = Math.max(1, Math.ceil(viewport.width));
    const height = Math.max(1, Math.ceil(viewport.height));
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport }).promise;
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const grey = new Uint8Array(width * height);
    for (let i = 0, j = 0; j < grey.length; i += 4, j++) {
      // ITU-R BT.601 luma, integer weights summing to 256.
      grey[j] = ((rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8) & 0xff;
    }
    page.cleanup();
    return { data: grey, width, height, dpi: scale * 72 };
  } catch (err) {
    throw pdfError(err);
  }
}
