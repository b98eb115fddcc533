/**
 * `registry-desk import <files…>`: registers each file as an incoming paper letter, in the order
 * given, and prints one JSON line per file (or `{ fileName, error }`); a failed file does not stop
 * the others. Exit code 1 if any failed.
 */
import path from 'node:path';
import { toErrorValue } from '../../../shared/errors.ts';
import type { ImportResult } from '../../services/services.ts';
import { jsonLine, type Io } from '../output.ts';
import { withServices } from './open.ts';

/** The JSON line printed for one imported file. */
export function importLine(r: ImportResult) {
  const reg = r.registration;
  return {
    fileName: r.fileName,
    registryNumber: reg?.registryNumber ?? r.preview?.registryNumber ?? null,
    register: reg?.register ?? 'incoming',
    registeredAt: reg?.registeredAt ?? null,
    registrationDate: reg?.registrationDate ?? null,
    ...(reg === null ? { dryRun: true } : {}),
    sha256: r.sha256,
    mediaType: r.mediaType,
    pageCount: r.pageCount,
    meanConfidence: r.meanConfidence === null ? null : Math.round(r.meanConfidence * 10) / 10,
    suggestions: r.suggestions,
    review: r.review,
  };
}

export async function runImport(dataDir: string, files: string[], opts: { reRegistrationOf: string | null; dryRun: boolean }, io: Io): Promise<number> {
  let failed = 0;
  await withServices(dataDir, async (services) => {
    for (const [i, file] of files.entries()) {
      const fileName = path.basename(file);
      const started = performance.now();
      io.err(`[${i + 1}/${files.length}] ${fileName} …\n`);
      try {
        const r = await services.importFile(file, opts);
        io.out(jsonLine(importLine(r)));
        const number = r.registration?.registryNumber ?? `(dry run) ${r.preview?.registryNumber ?? ''}`;
        io.err(`[${i + 1}/${files.length}] ${fileName} → ${number} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      } catch (err) {
        failed++;
        const e = toErrorValue(err);
        io.out(jsonLine({ fileName, error: e }));
        io.err(`[${i + 1}/${files.length}] ${fileName} failed: ${e.kind}: ${e.message}\n`);
      }
    }
  });
  return failed > 0 ? 1 : 0;
}
