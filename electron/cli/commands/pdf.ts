/**
 * `registry-desk pdf <registry-number> --out FILE`: the archival PDF of a registration (built and stored
 * on first request), and `registry-desk label <registry-number> --out FILE`: its 62 × 29 mm stamp label.
 * Writes the PDF to FILE and one JSON line (file, sha256, bytes, pages) to stdout.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { errorLine, jsonLine, type Io } from '../output.ts';
import { withServices } from './open.ts';

export interface PdfCommandOptions {
  out: string;
  register?: string;
  /** pdf only: build it again even when one is stored. */
  regenerate?: boolean;
}

export async function runPdf(kind: 'archival' | 'label', dataDir: string, registryNumber: string, opts: PdfCommandOptions, io: Io): Promise<number> {
  try {
    const register = opts.register === 'incoming' || opts.register === 'outgoing' || opts.register === 'internal' ? opts.register : null;
    const out = path.resolve(opts.out);
    const result = await withServices(dataDir, async (s) => {
      if (kind === 'label') {
        const l = await s.handlers['registry.label']({ registryNumber, register });
        return { bytes: Buffer.from(l.dataBase64, 'base64'), pageCount: 1, extra: { widthMm: l.widthMm, heightMm: l.heightMm } };
      }
      const a = await s.handlers['registry.archivalPdf']({ registryNumber, register, regenerate: opts.regenerate === true });
      return { bytes: Buffer.from(a.dataBase64, 'base64'), pageCount: a.pageCount, extra: { generated: a.generated } };
    });
    await fs.writeFile(out, result.bytes);
    io.out(
      jsonLine({
        file: out,
        sha256: createHash('sha256').update(result.bytes).digest('hex'),
        byteLength: result.bytes.byteLength,
        pageCount: result.pageCount,
        ...result.extra,
      }),
    );
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}
