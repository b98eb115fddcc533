/**
 * Bad input files for import tests, generated at run time: an empty file, a truncated PDF, a text
 * file named .png, a PNG whose header claims 30000×30000 pixels, and a password-protected PDF
 * (Standard security handler, revision 2, RC4 40-bit, user password "secret").
 */
import { createCipheriv, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface BadFile {
  name: string;
  path: string;
  kind: string; // the AppError kind expected
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A PNG whose IHDR says `w`×`h` (8-bit grey) with one tiny compressed row; a decoder bomb guard must refuse it. */
export function hugePngHeader(w = 30000, h = 30000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(w + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');
const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const rc4 = (key: Buffer, data: Buffer) => {
  const c = createCipheriv('rc4', key, null);
  return Buffer.concat([c.update(data), c.final()]);
};
const padded = (pw: string) => Buffer.concat([Buffer.from(pw, 'latin1'), PAD]).subarray(0, 32);

/** RC4 in pure JS, for OpenSSL builds without the legacy provider. */
function rc4js(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (s[i] as number) + (key[i % key.length] as number)) & 255;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + (s[i] as number)) & 255;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
    out[k] = (data[k] as number) ^ (s[((s[i] as number) + (s[j] as number)) & 255] as number);
  }
  return out;
}
function rc4any(key: Buffer, data: Buffer): Buffer {
  try {
    return rc4(key, data);
  } catch {
    return rc4js(key, data);
  }
}

/** A one-page PDF encrypted with the Standard security handler R2 (user password `secret`). */
export function encryptedPdf(userPassword = 'secret', ownerPassword = 'owner'): Buffer {
  const id = createHash('md5').update('registry-desk-test').digest();
  const P = -44; // print only
  const O = rc4any(md5(padded(ownerPassword)).subarray(0, 5), padded(userPassword));
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(P);
  const key = md5(padded(userPassword), O, pBytes, id).subarray(0, 5);
  const U = rc4any(key, PAD);
  const objKey = (n: number) => md5(key, Buffer.from([n & 255, (n >> 8) & 255, (n >> 16) & 255, 0, 0])).subarray(0, 10);
  const content = rc4any(objKey(4), Buffer.from('BT /F1 24 Tf 72 720 Td (Confidential) Tj ET', 'latin1'));
  const objs: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    Buffer.from(`<< /Filter /Standard /V 1 /R 2 /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${P} >>`),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  const offsets: number[] = [];
  let pos = parts[0]!.length;
  objs.forEach((o, i) => {
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    offsets.push(pos);
    pos += b.length;
    parts.push(b);
  });
  const xref = [`xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  const idHex = id.toString('hex');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Encrypt 6 0 R /ID [<${idHex}> <${idHex}>] >>\nstartxref\n${pos}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/**
 * Writes the bad files into `dir`.
 * @param goodPdf bytes of a valid PDF to truncate.
 */
export function writeBadFiles(dir: string, goodPdf: Buffer): BadFile[] {
  const files: Array<[string, Buffer, string]> = [
    ['empty.png', Buffer.alloc(0), 'empty_file'],
    ['truncated.pdf', goodPdf.subarray(0, Math.floor(goodPdf.length / 3)), 'corrupt_file'],
    ['notes.png', Buffer.from('This is a plain text file with a .png name.\nنص عادي وليس صورة.\n', 'utf8'), 'unsupported_format'],
    ['huge.png', hugePngHeader(), 'image_too_large'],
    ['locked.pdf', encryptedPdf(), 'encrypted_pdf'],
  ];
  return files.map(([name, bytes, kind]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return { name, path: p, kind };
  });
}
