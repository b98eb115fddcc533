/**
 * Letter documents for the exchange benchmark and tests: real letter PDFs from the shared fixtures
 * (`../shared/fixtures/letters/*.electronic.pdf`, about 85 KB each), each extended to the wanted size by
 * an appended incremental update that carries one unreferenced stream of seeded pseudo-random bytes
 * (what a scanned page image looks like to a transfer: incompressible). Every (seed, index) gives other
 * bytes, so every document has its own SHA-256; the same (seed, index) always gives the same bytes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface GeneratedDocument {
  name: string;
  bytes: Buffer;
  sha256: string;
}

/** Pseudo-random bytes from a seed: AES-128-CTR over zeros (fast, deterministic). */
export function seededBytes(size: number, seed: string): Buffer {
  const key = crypto.createHash('sha256').update(`key:${seed}`).digest().subarray(0, 16);
  const iv = crypto.createHash('sha256').update(`iv:${seed}`).digest().subarray(0, 16);
  const cipher = crypto.createCipheriv('aes-128-ctr', key, iv);
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

/** The fixture letter PDFs, sorted by name. @throws Error when the fixtures folder is absent. */
export function fixturePdfs(fixturesDir: string): Array<{ name: string; bytes: Buffer }> {
  const dir = path.join(fixturesDir, 'letters');
  if (!fs.existsSync(dir)) throw new Error(`the letter fixtures are missing: ${dir}`);
  const names = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.electronic.pdf'))
    .sort();
  if (names.length === 0) throw new Error(`no *.electronic.pdf in ${dir}`);
  return names.map((name) => ({ name, bytes: fs.readFileSync(path.join(dir, name)) }));
}

/**
 * A PDF of exactly `size` bytes (or the fixture's own size plus a small update, when larger): the fixture,
 * then a valid incremental update (PDF 32000-1 §7.5.6) with one unreferenced stream object of seeded
 * random bytes, its xref section and a trailer chained to the fixture's (`/Prev`, same `/Root`).
 * @param base the fixture PDF bytes (a classic xref table and trailer).
 * @param size total bytes wanted.
 * @param seed makes the padding (and so the hash) unique.
 * @throws Error when the fixture has no `startxref`/`/Root`.
 */
export function padPdf(base: Buffer, size: number, seed: string): Buffer {
  const tailText = base.subarray(Math.max(0, base.length - 2048)).toString('latin1');
  const prev = [...tailText.matchAll(/startxref\s+(\d+)/g)].at(-1)?.[1];
  const root = [...tailText.matchAll(/\/Root\s+(\d+\s+\d+\s+R)/g)].at(-1)?.[1];
  const sizeMatch = [...tailText.matchAll(/\/Size\s+(\d+)/g)].at(-1)?.[1];
  if (prev === undefined || root === undefined || sizeMatch === undefined) throw new Error('the fixture PDF has no classic trailer');
  const objNum = Math.max(Number(sizeMatch), 1);
  const objOffset = base.length + 1; // after the leading newline
  const build = (len: number, random: Buffer | null) => {
    const head = Buffer.from(`\n${objNum} 0 obj\n<< /Length ${len} >>\nstream\n`, 'latin1');
    const afterStream = Buffer.from('\nendstream\nendobj\n', 'latin1');
    const xrefOffset = base.length + head.length + len + afterStream.length;
    const tail = Buffer.from(
      `xref\n0 1\n0000000000 65535 f \n${objNum} 1\n${String(objOffset).padStart(10, '0')} 00000 n \n` +
        `trailer\n<< /Size ${objNum + 1} /Root ${root} /Prev ${prev} >>\nstartxref\n${xrefOffset}\n%%EOF\n`,
      'latin1',
    );
    return { parts: [head, random ?? Buffer.alloc(0), afterStream, tail], total: base.length + head.length + len + afterStream.length + tail.length };
  };
  // At least 64 random bytes, so a small document is unique too.
  let len = Math.max(64, size - base.length - 200);
  for (let i = 0; i < 4; i++) len = Math.max(64, len + (size - build(len, null).total));
  return Buffer.concat([base, ...build(len, seededBytes(len, seed)).parts]);
}

/**
 * Document number `index` of a series: fixture `index mod count`, padded to `size` bytes.
 * @returns name (`<fixture>-<index>.pdf`), bytes and SHA-256 (hex).
 */
export function makeDocument(pdfs: Array<{ name: string; bytes: Buffer }>, index: number, size: number, seed: string): GeneratedDocument {
  const base = pdfs[index % pdfs.length]!;
  const bytes = padPdf(base.bytes, size, `${seed}/${index}`);
  const name = `${base.name.replace(/\.electronic\.pdf$/, '')}-${index}.pdf`;
  return { name, bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}
