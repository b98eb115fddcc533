/** Test helpers for PDFs: poppler's pdftotext, and comparing extracted text without blanks. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What poppler's `pdftotext` gives back for a PDF (the bidi embedding marks it inserts are dropped). */
export function pdftotext(bytes: Uint8Array, args: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-text-'));
  try {
    const file = path.join(dir, 'in.pdf');
    fs.writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, file, '-']).toString('utf8').replace(/[\u200e\u200f\u202a-\u202e]/g, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Text without blanks. poppler writes the gap next to a left-to-right number inside an Arabic line on
 * the wrong side of it (`رقم  2026/000125بتاريخ`), whoever made the PDF; characters and their order
 * must still match exactly.
 */
export const squeeze = (s: string): string => s.replace(/\s+/g, '');
