/**
 * Separator sheets: a page carrying a QR code with the fixed payload {@link SEPARATOR_PAYLOAD} marks
 * the start of the next letter in a scanned stack. The sheet itself is not part of any letter.
 *
 * Barcodes are read and written with zxing-wasm (ZXing C++ in WebAssembly); its wasm binaries are
 * loaded from the installed package, never fetched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { prepareZXingModule as prepareReader, readBarcodes } from 'zxing-wasm/reader';
import { prepareZXingModule as prepareWriter, writeBarcode } from 'zxing-wasm/writer';
import type { GreyPage } from '../ocr/page.ts';

/** The text of a separator sheet's QR code (fixed; versioned so a later sheet can differ). */
export const SEPARATOR_PAYLOAD = 'REGISTRY-DESK:SEPARATOR:1';
/** Pages are scanned for the code on a copy whose longer side is at most this (pixels). */
const DETECT_SIDE = 1600;

const require = createRequire(import.meta.url);
// …/zxing-wasm/dist/cjs/reader/index.js → …/zxing-wasm/dist
const ZXING_DIST = path.resolve(path.dirname(require.resolve('zxing-wasm/reader')), '..', '..');
let prepared = false;

function prepare(): void {
  if (prepared) return;
  prepared = true;
  const wasm = (name: string) => new Uint8Array(fs.readFileSync(path.join(ZXING_DIST, name)));
  prepareReader({ overrides: { wasmBinary: wasm('reader/zxing_reader.wasm').buffer as ArrayBuffer } });
  prepareWriter({ overrides: { wasmBinary: wasm('writer/zxing_writer.wasm').buffer as ArrayBuffer } });
}

/**
 * True when the page carries a QR code whose text is exactly {@link SEPARATOR_PAYLOAD}.
 * @param page 8-bit greyscale pixels (any orientation: QR codes read at any angle).
 */
export async function isSeparatorPage(page: GreyPage): Promise<boolean> {
  prepare();
  const scale = Math.min(1, DETECT_SIDE / Math.max(page.width, page.height));
  const w = Math.max(1, Math.round(page.width * scale));
  const h = Math.max(1, Math.round(page.height * scale));
  const rgba = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .resize(w, h, { fit: 'fill' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer();
  const image = { data: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), width: w, height: h, colorSpace: 'srgb' } as unknown as ImageData;
  const found = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 4 });
  return found.some((r) => r.isValid && r.text === SEPARATOR_PAYLOAD);
}

/**
 * A PNG of the separator's QR code.
 * @param moduleSize pixels per QR module.
 * @returns PNG bytes.
 */
export async function separatorQrPng(moduleSize = 12): Promise<Uint8Array> {
  prepare();
  const out = await writeBarcode(SEPARATOR_PAYLOAD, { format: 'QRCode', scale: moduleSize, options: 'ecLevel=H' });
  if (out.error !== '' || out.image === null) throw new Error(`cannot draw the separator code: ${out.error}`);
  return new Uint8Array(await out.image.arrayBuffer());
}
