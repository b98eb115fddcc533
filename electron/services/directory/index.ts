/**
 * The counterpart directory shipped with the desk: Kuwaiti government bodies with Arabic and English
 * names and the aliases seen on letters (short forms, former names, abbreviations). An admin edits the
 * agency's own copy through `directory.save`; this is the starting point.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { agencySchema, type Agency } from '../../../shared/contract/directory.ts';
import { AppError } from '../../../shared/errors.ts';

/** Where the shipped directory lives (next to this module; unpacked beside it in a packaged app). */
export const DEFAULT_DIRECTORY_PATH = path.join(import.meta.dirname, 'kuwait-agencies.json');

/**
 * Reads and validates a directory file.
 * @param file path of a JSON array of agencies (shape: `agencySchema`).
 * @returns the agencies, in file order, with defaults applied.
 * @throws AppError('validation') when the file is not valid JSON, does not match `agencySchema`, or
 *   repeats a code; AppError('storage_failed') when it cannot be read.
 */
export function loadDirectory(file: string): Agency[] {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('storage_failed', `cannot read the directory file`, { file, cause: err instanceof Error ? err.message : String(err) });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError('validation', 'the directory file is not valid JSON', { file });
  }
  const parsed = z.array(agencySchema).safeParse(json);
  if (!parsed.success) {
    throw new AppError('validation', 'the directory file does not match the agency schema', {
      file,
      issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const seen = new Set<string>();
  for (const a of parsed.data) {
    if (seen.has(a.code)) throw new AppError('validation', `duplicate agency code ${a.code}`, { file });
    seen.add(a.code);
  }
  return parsed.data;
}

/** The shipped directory of Kuwaiti government bodies (a fresh copy per call; validated). */
export function defaultDirectory(): Agency[] {
  return loadDirectory(DEFAULT_DIRECTORY_PATH);
}
