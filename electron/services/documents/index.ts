/**
 * Reading a document (scan or PDF) into page texts: sniff the bytes, decode or rasterise each page,
 * use a PDF's own text layer when it is real logical-order text, otherwise OCR the page image.
 */
import { AppError } from '../../../shared/errors.ts';
import type { PageAnalysis } from '../../../shared/contract/intake.ts';
import type { OcrPool } from '../ocr/pool.ts';
import sharp from 'sharp';
import { readPageImage, rotateGrey, scaleGrey, type GreyPage, type PageReadOptions } from '../ocr/page.ts';
import { decodeImagePage, imagePages, previewImagePage } from './images.ts';
import { PDF_RENDER_DPI } from './limits.ts';
import { openPdf, pdfPageText, renderPdfPage, type OpenPdf } from './pdf.ts';
import { sniffMediaType } from './sniff.ts';
import { judgeTextLayer } from './text-layer.ts';

export { sniffMediaType, SUPPORTED_MEDIA_TYPES, type SupportedMediaType } from './sniff.ts';
export { MAX_PAGES, MAX_PAGE_PIXELS } from './limits.ts';
export { judgeTextLayer } from './text-layer.ts';

/** What {@link readDocument} returns. */
export interface DocumentReading {
  mediaType: string;
  pages: PageAnalysis[];
  /** Mean OCR confidence (0..100) over the OCR'd pages; null when every page came from a text layer. */
  meanConfidence: number | null;
}

export interface ReadDocumentOptions {
  ocr: OcrPool;
  signal?: AbortSignal;
  /** Called after each page is read; `page` counts the pages done so far (1-based). */
  onProgress?: (p: { page: number; pages: number }) => void;
  /** OCR choices and tunables for every OCR'd page (ocr/page.ts); default: all chosen per page. */
  page?: Omit<PageReadOptions, 'signal'>;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const err = new Error('The operation was aborted');
    err.name = 'AbortError';
    throw err;
  }
}

/** Runs `task(i)` for i in [0, count) with at most `limit` running at once; results in index order. */
async function mapLimited<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, run));
  return results;
}

function textLayerPage(index: number, text: string): PageAnalysis {
  return { index, source: 'text-layer', text, confidence: null, rotation: 0, segmentation: null, lowConfidenceWords: [], width: 0, height: 0 };
}

/**
 * Reads a document's pages.
 * @param bytes the raw file.
 * @param fileName its name, for messages only (the type comes from the bytes).
 * @param opts `ocr` pool; optional abort `signal` (rejects with an `AbortError`); `onProgress` per page.
 * @returns the sniffed media type, one {@link PageAnalysis} per page in order, the mean OCR confidence.
 * @throws AppError: `empty_file`, `unsupported_format`, `corrupt_file`, `encrypted_pdf`, `image_too_large`,
 *   `too_many_pages`, `ocr_failed`.
 */
export async function readDocument(bytes: Uint8Array, fileName: string, opts: ReadDocumentOptions): Promise<DocumentReading> {
  try {
    return await readPages(bytes, opts);
  } catch (err) {
    // Name the file in the error, so a batch import can say which one failed.
    if (err instanceof AppError) throw new AppError(err.kind, err.message, { ...err.details, fileName });
    throw err;
  }
}

async function readPages(bytes: Uint8Array, opts: ReadDocumentOptions): Promise<DocumentReading> {
  const mediaType = sniffMediaType(bytes);
  const { ocr, signal, onProgress } = opts;
  const pageOpts: PageReadOptions = { ...opts.page, ...(signal ? { signal } : {}) };
  throwIfAborted(signal);
  let done = 0;
  let pages: PageAnalysis[];
  if (mediaType === 'application/pdf') {
    const pdf = await openPdf(bytes);
    try {
      pages = await mapLimited(pdf.pages, ocr.size, async (i) => {
        throwIfAborted(signal);
        const text = await pdfPageText(pdf, i);
        let page: PageAnalysis;
        if (judgeTextLayer(text).usable) page = textLayerPage(i, text);
        else page = await readPageImage(ocr, await renderPdfPage(pdf, i, PDF_RENDER_DPI), i, pageOpts);
        onProgress?.({ page: ++done, pages: pdf.pages });
        return page;
      });
    } finally {
      await pdf.close();
    }
  } else {
    const infos = await imagePages(bytes);
    pages = await mapLimited(infos.length, ocr.size, async (i) => {
      throwIfAborted(signal);
      const grey = await decodeImagePage(bytes, i, infos[i]!);
      const page = await readPageImage(ocr, grey, i, pageOpts);
      onProgress?.({ page: ++done, pages: infos.length });
      return page;
    });
  }
  const confidences = pages.flatMap((p) => (p.confidence === null ? [] : [p.confidence]));
  const meanConfidence = confidences.length === 0 ? null : Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 10) / 10;
  return { mediaType, pages, meanConfidence };
}

/**
 * OCRs one page of a document again, always from its image (a PDF page's text layer is not used).
 * @param bytes the raw file.
 * @param index 0-based page index.
 * @param opts `ocr` pool; choices that replace the automatic ones (`page`: languages, rotation,
 *   segmentation…); optional abort `signal`.
 * @returns the page's new analysis.
 * @throws AppError('not_found') when the document has no page `index`; the decoding errors of
 *   {@link readDocument}; `ocr_failed`.
 */
export async function readDocumentPage(bytes: Uint8Array, index: number, opts: Omit<ReadDocumentOptions, 'onProgress'>): Promise<PageAnalysis> {
  const { ocr, signal } = opts;
  const pageOpts: PageReadOptions = { ...opts.page, ...(signal ? { signal } : {}) };
  throwIfAborted(signal);
  const outOfRange = (pages: number) => !Number.isInteger(index) || index < 0 || index >= pages;
  if (sniffMediaType(bytes) === 'application/pdf') {
    const pdf = await openPdf(bytes);
    try {
      if (outOfRange(pdf.pages)) throw new AppError('not_found', `No page ${index + 1}`, { page: index, pages: pdf.pages });
      return await readPageImage(ocr, await renderPdfPage(pdf, index, PDF_RENDER_DPI), index, pageOpts);
    } finally {
      await pdf.close();
    }
  }
  const infos = await imagePages(bytes);
  if (outOfRange(infos.length)) throw new AppError('not_found', `No page ${index + 1}`, { page: index, pages: infos.length });
  return readPageImage(ocr, await decodeImagePage(bytes, index, infos[index]!), index, pageOpts);
}

/**
 * The number of pages of a document (images: TIFF pages, else 1).
 * @throws the same AppErrors as {@link readDocument} for unreadable files.
 */
export async function pageCount(bytes: Uint8Array): Promise<number> {
  const mediaType = sniffMediaType(bytes);
  if (mediaType === 'application/pdf') {
    const pdf = await openPdf(bytes);
    await pdf.close();
    return pdf.pages;
  }
  return (await imagePages(bytes)).length;
}

async function greyToPng(page: GreyPage): Promise<{ png: Uint8Array; width: number; height: number }> {
  const png = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).png().toBuffer();
  return { png, width: page.width, height: page.height };
}

/**
 * A PNG image of one page for the intake screen.
 * @param page 0-based page index.
 * @param maxWidth most pixels wide (before rotation for PDFs the page is rendered to fit after rotation).
 * @param rotation clockwise turn to apply (e.g. `PageAnalysis.rotation`, so the page shows upright).
 * @throws AppError('not_found') for a page out of range, and the decoding errors of {@link readDocument}.
 */
export async function renderPagePreview(
  bytes: Uint8Array,
  page: number,
  maxWidth: number,
  rotation: 0 | 90 | 180 | 270 = 0,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  const mediaType = sniffMediaType(bytes);
  if (mediaType !== 'application/pdf') return previewImagePage(bytes, page, maxWidth, rotation);
  const pdf: OpenPdf = await openPdf(bytes);
  try {
    if (!Number.isInteger(page) || page < 0 || page >= pdf.pages) throw new AppError('not_found', `No page ${page + 1}`, { page, pages: pdf.pages });
    // Rendered at 150 dpi at most, then fitted to maxWidth once turned.
    let grey = await renderPdfPage(pdf, page, 150, rotation === 90 || rotation === 270 ? undefined : maxWidth);
    grey = await rotateGrey(grey, rotation);
    if (grey.width > maxWidth) {
      grey = await scaleGrey(grey, maxWidth / grey.width);
    }
    return await greyToPng(grey);
  } finally {
    await pdf.close();
  }
}
