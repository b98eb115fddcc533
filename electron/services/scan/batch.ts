/**
 * Batch jobs: one stack scanned at once (or a list of files) becomes letters, each registered through
 * the ordinary analyse → register path, with progress (pages scanned, pages read, per letter) and
 * cancellation (an AbortSignal that reaches the OCR). A letter that fails does not stop the others.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ScanJob, ScanLetter, ScanSplitMode } from '../../../shared/contract/scan.ts';
import { AppError, toErrorValue } from '../../../shared/errors.ts';
import { checkUnattendedPages, MAX_UNATTENDED_PAGES, registerLetter, type ImportBytes } from './import.ts';
import { expandPages, letterFile, type StackPage } from './pages.ts';
import { isAbortError, type ScanSource } from './source.ts';
import { classifyPage, splitStack, type PageRole } from './split.ts';

/** A job's state, changed in place as it runs; `snapshot` copies it for the contract. */
export type JobState = ScanJob;

export function newJob(id: string, source: ScanJob['source'], label: string, split: ScanSplitMode, now: Date): JobState {
  return { id, source, label, split, state: 'scanning', pagesScanned: 0, pagesTotal: null, pagesRead: 0, letters: [], error: null, startedAt: now.toISOString(), finishedAt: null };
}

export function snapshot(job: JobState): ScanJob {
  return { ...job, letters: job.letters.map((l) => ({ ...l })) };
}

function newLetter(index: number, fileName: string, pages: number): ScanLetter {
  return { index, fileName, pages, pagesRead: 0, state: 'waiting', registryNumber: null, register: null, error: null };
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Registers the letters of `job` in order; each `pages` list becomes one file. */
async function registerLetters(job: JobState, parts: Array<() => Promise<{ bytes: Uint8Array }>>, importBytes: ImportBytes, signal: AbortSignal): Promise<void> {
  job.state = 'reading';
  let before = 0;
  for (const [i, make] of parts.entries()) {
    const letter = job.letters[i]!;
    if (signal.aborted) {
      letter.state = 'cancelled';
      continue;
    }
    letter.state = 'reading';
    let bytes: Uint8Array;
    try {
      bytes = (await make()).bytes;
      if (letter.pages === 0) letter.pages = await checkUnattendedPages(bytes);
      else if (letter.pages > MAX_UNATTENDED_PAGES) await checkUnattendedPages(bytes);
    } catch (err) {
      letter.state = 'failed';
      letter.error = toErrorValue(err instanceof AppError ? new AppError(err.kind, err.message, { ...err.details, fileName: letter.fileName }) : err);
      before += letter.pages;
      job.pagesRead = before;
      continue;
    }
    const base = before;
    const out = await registerLetter(importBytes, bytes, letter.fileName, {
      signal,
      onProgress: (p) => {
        letter.pagesRead = p.page;
        job.pagesRead = base + p.page;
      },
    });
    before += letter.pages;
    job.pagesRead = before;
    if (out.state === 'registered') {
      Object.assign(letter, { state: 'registered', registryNumber: out.registryNumber, register: out.register, pagesRead: letter.pages });
    } else if (out.state === 'duplicate') {
      Object.assign(letter, { state: 'duplicate', registryNumber: out.registryNumber, register: out.register });
    } else if (out.state === 'cancelled') {
      letter.state = 'cancelled';
    } else {
      Object.assign(letter, { state: 'failed', error: out.error });
    }
  }
}

function finish(job: JobState, signal: AbortSignal, now: () => Date): void {
  job.state = signal.aborted ? 'cancelled' : 'done';
  job.finishedAt = now().toISOString();
}

/**
 * Scans a stack from `source`, splits it and registers each letter.
 * Never rejects: a scanner failure sets `job.state = 'failed'` and `job.error`.
 */
export async function runStackJob(job: JobState, source: ScanSource, importBytes: ImportBytes, signal: AbortSignal, now: () => Date = () => new Date()): Promise<void> {
  try {
    job.state = 'scanning';
    const scanned = await source.scan({ signal, onPage: () => void (job.pagesScanned += 1) });
    job.pagesScanned = scanned.length;
    job.state = 'splitting';
    const pages: StackPage[] = [];
    const roles: PageRole[] = [];
    for (const item of scanned) {
      const expanded = await expandPages(item.bytes, async (grey) => void roles.push(await classifyPage(grey, job.split)), signal);
      pages.push(...expanded);
      if (signal.aborted) break;
    }
    const parts = splitStack(roles, job.split);
    const base = stamp(now());
    job.letters = parts.map((p, i) => newLetter(i, `scan-${base}-${String(i + 1).padStart(3, '0')}`, p.length));
    job.pagesTotal = parts.reduce((n, p) => n + p.length, 0);
    const makers = parts.map((p, i) => async () => {
      const file = await letterFile(p.map((k) => pages[k]!));
      job.letters[i]!.fileName = `${job.letters[i]!.fileName}.${file.ext}`;
      return file;
    });
    await registerLetters(job, makers, importBytes, signal);
    finish(job, signal, now);
  } catch (err) {
    if (isAbortError(err) || signal.aborted) {
      finish(job, signal, now);
      return;
    }
    job.state = 'failed';
    job.error = toErrorValue(err);
    job.finishedAt = now().toISOString();
  }
}

/**
 * A batch import of files: with split `none` each file is one letter (its bytes registered as they
 * are); otherwise each file's pages are a stack split into letters. A file that cannot be read is a
 * failed letter; the others go on. Files are only read, never moved or changed.
 */
export async function runFileJob(job: JobState, files: string[], importBytes: ImportBytes, signal: AbortSignal, now: () => Date = () => new Date()): Promise<void> {
  job.state = 'reading';
  const makers: Array<() => Promise<{ bytes: Uint8Array }>> = [];
  for (const file of files) {
    const name = path.basename(file);
    if (job.split === 'none') {
      const letter = newLetter(job.letters.length, name, 0);
      job.letters.push(letter);
      makers.push(async () => ({ bytes: await readFileForBatch(file) }));
      continue;
    }
    // Split: read and split the file now; its parts become letters.
    try {
      const bytes = await readFileForBatch(file);
      const roles: PageRole[] = [];
      const pages = await expandPages(bytes, async (grey) => void roles.push(await classifyPage(grey, job.split)), signal);
      const parts = splitStack(roles, job.split);
      const stem = name.replace(/\.[^.]*$/, '');
      for (const [i, p] of parts.entries()) {
        const letter = newLetter(job.letters.length, `${stem}-${String(i + 1).padStart(3, '0')}`, p.length);
        job.letters.push(letter);
        makers.push(async () => {
          const f = await letterFile(p.map((k) => pages[k]!));
          letter.fileName = `${letter.fileName}.${f.ext}`;
          return f;
        });
      }
    } catch (err) {
      const letter = newLetter(job.letters.length, name, 0);
      job.letters.push(letter);
      makers.push(async () => {
        throw err;
      });
    }
  }
  job.pagesScanned = job.letters.reduce((n, l) => n + l.pages, 0);
  await registerLetters(job, makers, importBytes, signal);
  job.pagesTotal = job.letters.reduce((n, l) => n + l.pages, 0);
  finish(job, signal, now);
}

async function readFileForBatch(file: string): Promise<Uint8Array> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) throw new AppError('validation', `${file} is not a file`, { path: file });
    return await fs.readFile(file);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', `no such file: ${file}`, { path: file });
    throw new AppError('storage_failed', `cannot read ${file}: ${(err as Error).message}`, { path: file });
  }
}
