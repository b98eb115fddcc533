/**
 * `registry-desk directory export|import`: the counterpart directory as a JSON file an admin edits.
 *
 * `export` writes the desk's directory (an array of agencies, shape `agencySchema` in
 * shared/contract/directory.ts) to stdout or `--out FILE`; `import FILE` validates the whole file and
 * replaces the directory in one transaction, or changes nothing and prints the first problems.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { agencySchema } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { errorLine, jsonLine, type Io } from '../output.ts';
import { withServices } from './open.ts';

/** Writes the directory as pretty JSON to `out` (a file path) or to stdout. */
export async function runDirectoryExport(dataDir: string, opts: { out?: string }, io: Io): Promise<number> {
  try {
    const agencies = await withServices(dataDir, (s) => s.handlers['directory.list']({}));
    const text = `${JSON.stringify(agencies, null, 2)}\n`;
    if (opts.out === undefined) io.out(text);
    else {
      fs.writeFileSync(opts.out, text);
      io.err(`${agencies.length} agencies written to ${opts.out}\n`);
    }
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

/** Replaces the directory with the agencies in `file` (a JSON array); prints `{ count }`. */
export async function runDirectoryImport(dataDir: string, file: string, io: Io): Promise<number> {
  try {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new AppError('validation', `${file} is not a readable JSON file: ${(err as Error).message}`);
    }
    const parsed = z.array(agencySchema).min(1).max(5000).safeParse(raw);
    if (!parsed.success) {
      throw new AppError('validation', `${file} is not a valid directory`, {
        issues: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const codes = new Set<string>();
    for (const a of parsed.data) {
      if (codes.has(a.code)) throw new AppError('validation', `agency code ${a.code} appears twice`, { code: a.code });
      codes.add(a.code);
    }
    const result = await withServices(dataDir, (s) => s.handlers['directory.save']({ agencies: parsed.data }));
    io.out(jsonLine(result));
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}
