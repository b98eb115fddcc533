/**
 * Media-type sniffing by magic bytes (never by file name: a text file named `.png` is not an image).
 * Signatures: PNG (RFC 2083 §3.1), JPEG (SOI FF D8 FF), TIFF (TIFF 6.0 §2, "II*\0" / "MM\0*"),
 * WebP (RIFF container with form type "WEBP"), PDF ("%PDF-", ISO 32000-1 §7.5.2; readers accept it
 * within the first 1024 bytes).
 */
import { AppError } from '../../../shared/errors.ts';

/** Media types this desk reads. */
export const SUPPORTED_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/tiff', 'image/webp', 'application/pdf'] as const;
export type SupportedMediaType = (typeof SUPPORTED_MEDIA_TYPES)[number];

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
}

const PDF_SIG = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/** Offset of "%PDF-" within the first 1024 bytes, or -1. */
export function pdfHeaderOffset(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length - PDF_SIG.length, 1024);
  for (let i = 0; i <= limit; i++) if (startsWith(bytes, PDF_SIG, i)) return i;
  return -1;
}

/**
 * The media type of a document from its first bytes.
 * @param bytes the whole file (only the first 1 KiB is looked at).
 * @returns one of {@link SUPPORTED_MEDIA_TYPES}.
 * @throws AppError('empty_file') for 0 bytes; AppError('unsupported_format') for anything else.
 */
export function sniffMediaType(bytes: Uint8Array): SupportedMediaType {
  if (bytes.length === 0) throw new AppError('empty_file', 'The file is empty');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (pdfHeaderOffset(bytes) >= 0) return 'application/pdf';
  throw new AppError('unsupported_format', 'The file is not a PNG, JPEG, TIFF, WebP image or a PDF', {
    firstBytes: Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' '),
  });
}
