/**
 * Turning scanned pages into what splitting and registration need: a grey raster per page (to look
 * for blank pages and separator sheets, then dropped) and one document file per letter.
 */
import sharp from 'sharp';
import { AppError } from '../../../shared/errors.ts';
import { decodeImagePage, imagePages } from '../documents/images.ts';
import { sniffMediaType } from '../documents/sniff.ts';
import { openPdf, renderPdfPage } from '../documents/pdf.ts';
import type { GreyPage } from '../ocr/page.ts';

/** Resolution PDF pages are rendered at for splitting and for the letter's file (dpi). */
const PDF_PAGE_DPI = 200;

/** One page of a stack: its own encoded image, for building the letter's file. */
export interface StackPage {
  /** An encoded single-page image (PNG/JPEG/TIFF/WebP). */
  image: Uint8Array;
}

/**
 * Expands a scanned item (an image, a multi-page TIFF or a PDF) into pages, calling `visit` with
 * each page's grey raster in order (the raster is not kept).
 * @returns the pages' encoded images.
 * @throws the documents module's AppErrors (`corrupt_file`, `encrypted_pdf`, `image_too_large`, …).
 */
export async function expandPages(bytes: Uint8Array, visit: (grey: GreyPage, index: number) => Promise<void>, signal?: AbortSignal): Promise<StackPage[]> {
  const out: StackPage[] = [];
  const type = sniffMediaType(bytes);
  if (type === 'application/pdf') {
    const pdf = await openPdf(bytes);
    try {
      for (let i = 0; i < pdf.pages; i++) {
        if (signal?.aborted) break;
        const grey = await renderPdfPage(pdf, i, PDF_PAGE_DPI);
        await visit(grey, i);
        out.push({ image: await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } }).withMetadata({ density: grey.dpi ?? PDF_PAGE_DPI }).png().toBuffer() });
      }
    } finally {
      await pdf.close();
    }
    return out;
  }
  const infos = await imagePages(bytes);
  for (const [i, info] of infos.entries()) {
    if (signal?.aborted) break;
    const grey = await decodeImagePage(bytes, i, info);
    await visit(grey, i);
    out.push({ image: infos.length === 1 ? bytes : await sharp(bytes, { page: i }).png().toBuffer() });
  }
  return out;
}

/**
 * One letter's file from its pages: the page itself for a one-page letter, else a multi-page TIFF
 * (lossless, LZW), pages padded on white to the largest page's size.
 * @returns the file's bytes and an extension for its name (`png`, `jpg`, `tif`, `webp`).
 * @throws AppError('corrupt_file') when a page cannot be re-encoded.
 */
export async function letterFile(pages: readonly StackPage[]): Promise<{ bytes: Uint8Array; ext: string }> {
  if (pages.length === 0) throw new AppError('validation', 'a letter needs at least one page');
  if (pages.length === 1) {
    const type = sniffMediaType(pages[0]!.image);
    const ext = type === 'image/jpeg' ? 'jpg' : type === 'image/tiff' ? 'tif' : type === 'image/webp' ? 'webp' : 'png';
    return { bytes: pages[0]!.image, ext };
  }
  try {
    const metas = await Promise.all(pages.map((p) => sharp(p.image).metadata()));
    const width = Math.max(...metas.map((m) => m.autoOrient?.width ?? m.width ?? 1));
    const height = Math.max(...metas.map((m) => m.autoOrient?.height ?? m.height ?? 1));
    const density = metas[0]?.density;
    const frames = await Promise.all(
      pages.map(async (p, i) => {
        const m = metas[i]!;
        const w = m.autoOrient?.width ?? m.width ?? width;
        const h = m.autoOrient?.height ?? m.height ?? height;
        return sharp(p.image)
          .autoOrient()
          .flatten({ background: '#ffffff' })
          .extend({ right: width - w, bottom: height - h, background: '#ffffff' })
          .toColourspace('srgb')
          .png()
          .toBuffer();
      }),
    );
    const tiff = await sharp(frames, { join: { animated: true } })
      .withMetadata(density ? { density } : {})
      .tiff({ compression: 'lzw' })
      .toBuffer();
    return { bytes: tiff, ext: 'tif' };
  } catch (err) {
    throw new AppError('corrupt_file', `cannot assemble the letter's pages: ${(err as Error).message}`);
  }
}
