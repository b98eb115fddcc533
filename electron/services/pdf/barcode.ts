/**
 * The registry code: what our stamps and labels print as a QR code, and reading it back from a page.
 *
 * Payload (ASCII, so every reader and every QR mode carries it unchanged):
 *   `RD1:<register>:<number>:<check>`
 *   - `RD1` names the scheme and its version ("Registry Desk", 1);
 *   - `<register>` is `I` (incoming), `O` (outgoing) or `N` (internal);
 *   - `<number>` is the registry number as stored, with every character outside `A–Z a–z 0–9 / - . _`
 *     percent-encoded as UTF-8 (an Arabic register prefix stays exact);
 *   - `<check>` is the first 6 hex digits (upper case) of SHA-256 over `RD1:<register>:<number>`.
 * A code without the prefix, with a wrong check, or with a malformed part is not ours and is ignored:
 * a parcel barcode or another system's long number is never taken for a registry number.
 *
 * Symbology: QR (ISO/IEC 18004), error correction M, drawn by `bwip-js`; read by `zxing-wasm`
 * (ZXing C++ compiled to WebAssembly; its .wasm is read from node_modules, never fetched).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import bwipjs from 'bwip-js';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { Direction } from '../../../shared/contract/index.ts';
import { type GreyPage, scaleGrey } from '../ocr/page.ts';

const require = createRequire(import.meta.url);

/** What a registry code identifies. */
export type RegistryCode = { register: Direction; registryNumber: string };

const REGISTER_LETTER: Record<Direction, string> = { incoming: 'I', outgoing: 'O', internal: 'N' };
const LETTER_REGISTER: Record<string, Direction> = { I: 'incoming', O: 'outgoing', N: 'internal' };
const PAYLOAD = /^RD1:([ION]):([A-Za-z0-9/\-._%]{1,190}):([0-9A-F]{6})$/;

function escapeNumber(n: string): string {
  return Array.from(n)
    .map((ch) => (/^[A-Za-z0-9/\-._]$/.test(ch) ? ch : encodeURIComponent(ch).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)))
    .join('');
}

function checkOf(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 6).toUpperCase();
}

/**
 * The payload for a registration.
 * @throws Error for an empty number or one longer than 64 characters (the contract's limit).
 */
export function encodeRegistryCode(code: RegistryCode): string {
  if (code.registryNumber.length === 0 || code.registryNumber.length > 64) throw new Error('registry number length out of range');
  const body = `RD1:${REGISTER_LETTER[code.register]}:${escapeNumber(code.registryNumber)}`;
  return `${body}:${checkOf(body)}`;
}

/** The registration a payload names, or null when the text is not one of our codes (or is damaged). */
export function parseRegistryCode(text: string): RegistryCode | null {
  const m = PAYLOAD.exec(text.trim());
  if (!m) return null;
  const body = `RD1:${m[1]}:${m[2]}`;
  if (checkOf(body) !== m[3]) return null;
  let registryNumber: string;
  try {
    registryNumber = decodeURIComponent(m[2]!);
  } catch {
    return null;
  }
  if (escapeNumber(registryNumber) !== m[2]) return null; // one spelling per number
  return { register: LETTER_REGISTER[m[1]!]!, registryNumber };
}

/** Our payloads written out as text inside `text` (an archival PDF's text layer carries its code). */
export function registryCodesInText(text: string): RegistryCode[] {
  const out: RegistryCode[] = [];
  for (const m of text.matchAll(/RD1:[ION]:[A-Za-z0-9/\-._%]{1,190}:[0-9A-F]{6}/g)) {
    const code = parseRegistryCode(m[0]);
    if (code) out.push(code);
  }
  return out;
}

/**
 * A QR code of `payload` as PNG, black on white with the 4-module quiet zone the standard asks for.
 * @param moduleSize pixels per module (default 4).
 */
export async function qrPng(payload: string, moduleSize = 4): Promise<Uint8Array> {
  return bwipjs.toBuffer({
    bcid: 'qrcode',
    text: payload,
    eclevel: 'M',
    scale: moduleSize,
    paddingwidth: 4,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  } as Parameters<typeof bwipjs.toBuffer>[0]);
}

let reader: Promise<unknown> | null = null;
const READ_MAX_SIDE = 2600;

function prepareReader(): Promise<unknown> {
  reader ??= Promise.resolve(
    prepareZXingModule({
      overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')).buffer as ArrayBuffer },
      fireImmediately: true,
    }),
  );
  return reader;
}

/**
 * Every QR code and Data Matrix on a page, decoded; then only our registry codes.
 * @param page greyscale pixels (any resolution where a module is at least ~2 pixels).
 * @returns the registry codes found (duplicates removed), and how many other codes were seen and ignored.
 */
export async function readRegistryCodes(input: GreyPage): Promise<{ codes: RegistryCode[]; foreign: number }> {
  await prepareReader();
  // A 600 dpi page is 35 MP; ~2600 px on the longer side (about 220 dpi for A4) still gives a 26 mm
  // code 8 px per module, at an eighth of the memory.
  const longer = Math.max(input.width, input.height);
  const page = longer > READ_MAX_SIDE ? await scaleGrey(input, READ_MAX_SIDE / longer) : input;
  const rgba = new Uint8ClampedArray(page.width * page.height * 4);
  for (let i = 0, j = 0; i < page.data.length; i++, j += 4) {
    const v = page.data[i]!;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  const image = { data: rgba, width: page.width, height: page.height, colorSpace: 'srgb' } as ImageData;
  const results = await readBarcodes(image, { formats: ['QRCode', 'MicroQRCode', 'DataMatrix', 'Code128'], tryHarder: true, maxNumberOfSymbols: 8 });
  const codes: RegistryCode[] = [];
  let foreign = 0;
  for (const r of results) {
    if (!r.isValid) continue;
    const code = parseRegistryCode(r.text);
    if (!code) {
      foreign++;
      continue;
    }
    if (!codes.some((c) => c.register === code.register && c.registryNumber === code.registryNumber)) codes.push(code);
  }
  return { codes, foreign };
}
