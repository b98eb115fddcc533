/**
 * Decoding scanned images (PNG, JPEG, TIFF incl. multi-page and bilevel CCITT G4, WebP) with sharp/libvips.
 *
 * Every page's dimensions are read from its header before any pixel is decoded, and sharp's
 * `limitInputPixels` guards the decoder too, so a decompression bomb fails fast as `image_too_large`.
 */
import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../../../shared/errors.ts';
import type { GreyPage } from '../ocr/page.ts';
import { MAX_PAGE_PIXELS, MAX_PAGES } from './limits.ts';

/** Header facts about one image page. */
export interface ImagePageInfo {
  width: number;
  height: number;
  /** Pixels per inch when the file says so. */
  dpi: number | null;
}

function input(bytes: Uint8Array, page: number): Sharp {
  return sharp(bytes, { page, limitInputPixels: MAX_PAGE_PIXELS, failOn: 'truncated', sequentialRead: true });
}

function decodeError(err: unknown, page: number): AppError {
  if (err instanceof AppError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(msg)) return new AppError('image_too_large', 'The image has too many pixels', { page });
  return new AppError('corrupt_file', `The image cannot be decoded: ${msg}`, { page });
}

/** Plausible scan resolutions; scanners and generators often write nonsense (e.g. 5080 = 200 × 25.4). */
const MIN_PLAUSIBLE_DPI = 50;
const MAX_PLAUSIBLE_DPI = 1200;
/** A scanned page is between a small label (~1.5 in) and A2 (~24 in) on its longer side. */
const MIN_PAGE_INCHES = 1.5;
const MAX_PAGE_INCHES = 24;

/**
 * The page's declared resolution in pixels per inch, or null when the file says nothing or says
 * something implausible (outside 50–1200 dpi, or a page size that no scanner produces). A wrong
 * density would make OCR rescale the page to noise, so unknown is safer than wrong.
 */
export function densityDpi(meta: Pick<Metadata, 'density' | 'width' | 'height'>): number | null {
  const dpi = meta.density;
  if (!dpi || dpi < MIN_PLAUSIBLE_DPI || dpi > MAX_PLAUSIBLE_DPI) return null;
  const longSide = Math.max(meta.width ?? 0, meta.height ?? 0) / dpi;
  if (longSide < MIN_PAGE_INCHES || longSide > MAX_PAGE_INCHES) return null;
  return dpi;
}

/**
 * Reads every page's header.
 * @param bytes the image file.
 * @returns one entry per page (1 for single-page images).
 * @throws AppError('image_too_large') when a page exceeds {@link MAX_PAGE_PIXELS};
 *   AppError('too_many_pages') above {@link MAX_PAGES}; AppError('corrupt_file') when unreadable.
 */
export async function imagePages(bytes: Uint8Array): Promise<ImagePageInfo[]> {
  let first: Metadata;
  try {
    first = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw decodeError(err, 0);
  }
  const count = first.format === 'tiff' ? (first.pages ?? 1) : 1; // an animated WebP is one scan, its first frame
  if (count > MAX_PAGES) throw new AppError('too_many_pages', `The document has ${count} pages; the limit is ${MAX_PAGES}`, { pages: count, limit: MAX_PAGES });
  const pages: ImagePageInfo[] = [];
  for (let i = 0; i < count; i++) {
    let meta = first;
    if (i > 0) {
      try {
        meta = await sharp(bytes, { page: i, limitInputPixels: false }).metadata();
      } catch (err) {
        throw decodeError(err, i);
      }
    }
    const width = meta.autoOrient?.width ?? meta.width ?? 0;
    const height = meta.autoOrient?.height ?? meta.height ?? 0;
    if (width <= 0 || height <= 0) throw new AppError('corrupt_file', 'The image has no dimensions', { page: i });
    if (width * height > MAX_PAGE_PIXELS) {
      throw new AppError('image_too_large', `Page ${i + 1} is ${width}×${height} pixels; the limit is ${MAX_PAGE_PIXELS} pixels`, {
        page: i,
        width,
        height,
        limit: MAX_PAGE_PIXELS,
      });
    }
    pages.push({ width, height, dpi: densityDpi(meta) });
  }
  return pages;
}

/**
 * Decodes one page to 8-bit greyscale (alpha flattened on white, EXIF orientation applied).
 * @throws AppError('image_too_large' | 'corrupt_file').
 */
export async function decodeImagePage(bytes: Uint8Array, page: number, info: ImagePageInfo): Promise<GreyPage> {
  try {
    const { data, info: out } = await input(bytes, page)
      .autoOrient()
      .flatten({ background: '#ffffff' })
      .greyscale()
      .extractChannel(0)
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: out.width, height: out.height, dpi: info.dpi };
  } catch (err) {
    throw decodeError(err, page);
  }
}

/**
 * A PNG preview of one image page, scaled to at most `maxWidth` pixels wide and turned clockwise by `rotation`.
 * @throws AppError('not_found') for a page that does not exist, or a decoding error.
 */
export async function previewImagePage(bytes: Uint8Array, page: number, maxWidth: number, rotation: 0 | 90 | 180 | 270): Promise<{ png: Uint8Array; width: number; height: number }> {
  const pages = await imagePages(bytes);
  if (page < 0 || page >= pages.length) throw new AppError('not_found', `No page ${page + 1}`, { page, pages: pages.length });
  try {
    const { data, info } = await input(bytes, page)
      .autoOrient()
      .rotate(rotation)
      .flatten({ background: '#ffffff' })
      .resize({ width: maxWidth, withoutEnlargement: true })
      .png()
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch (err) {
    throw decodeError(err, page);
  }
}
