/**
 * The watched "scan to folder" directory: network scanners and copiers drop files into a folder;
 * each file is registered as an incoming paper letter exactly once.
 *
 * - Events come from chokidar (top level of the folder only; `registered/`, hidden and temporary
 *   names ignored), with its `awaitWriteFinish`, and our own check on top (busy.ts): the file must
 *   keep its size and modification time for `stabilityMs`, carry no write lock, open without a
 *   sharing error, and still be unchanged after it was read. A busy file is retried every
 *   `retryMs` until `maxBusyMs`, then reported as `file_busy` (and retried when it changes again).
 * - Exactly once: the ledger (ledger.ts, in the desk database) is consulted by (name, size, mtime)
 *   before reading and by content SHA-256 after; the same scan under two names, or one name
 *   delivered twice, is a `duplicate` of the first registration. A registration that committed just
 *   before a crash (ledger row not yet written) comes back from the registry as `duplicate_file` and
 *   is recorded then. Files are taken one at a time.
 * - Nothing is lost: a file that fails (empty, damaged, encrypted, too many pages…) stays where it is,
 *   untouched, and nothing of it is stored; it is tried again after a restart or when it changes.
 *   With `afterRegister: 'move'` a registered file is moved into `registered/` only after the blob
 *   store is checked to hold its bytes (a name already there gets a ` (2)` suffix; never overwritten).
 *   With `keep` the folder is left as it is and the ledger alone keeps files from being taken twice.
 * - Stack files: with `split` other than `none`, a file (a multi-page TIFF or PDF from a scanner's
 *   feeder) is split like a scanned stack (split.ts: at our separator sheet or at blank pages) and each
 *   part becomes its own letter, named `<file stem>-NNN.<ext>`. Each part taken is written to the
 *   ledger under `<name>/<split>/<n>` with the stack file's size and modification time (a `/` never
 *   occurs in a file name, so these rows cannot meet a real file), so a restart in the middle takes
 *   only the parts not yet registered; the stack file itself is written (and moved) once every part
 *   is taken. A file that splits into one part holding all its pages is registered as it is.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import type { ScanSplitMode } from '../../../shared/contract/scan.ts';
import { AppError, toErrorValue, type ErrorValue } from '../../../shared/errors.ts';
import { sha256Hex } from '../blobs/store.ts';
import { hasWriteLock, isBusyError, sameVersion } from './busy.ts';
import { checkUnattendedPages, MAX_UNATTENDED_PAGES, registerLetter, type ImportBytes } from './import.ts';
import type { FileKey, Ledger, LedgerEntry } from './ledger.ts';
import { expandPages, letterFile, type StackPage } from './pages.ts';
import { classifyPage, splitStack, type PageRole } from './split.ts';

/** The subfolder registered files are moved into. */
export const REGISTERED_DIR = 'registered';

/** For a letter cut from a stack file: the folder's file, the part's 0-based index and the number of parts. */
export interface StackPart {
  file: string;
  index: number;
  count: number;
}

/**
 * What happened to one file, or to one letter of a stack file (`name` is then the letter's own name,
 * `<stem>-NNN.<ext>`, and `part` says where it came from; `movedTo` is null, the stack file moves
 * with `taken`). `split` opens a stack file's letters; `taken` closes it once every letter is taken.
 */
export type WatchEvent =
  | { type: 'reading'; name: string; part?: StackPart }
  | { type: 'progress'; name: string; page: number; pages: number; part?: StackPart }
  | { type: 'registered'; name: string; sha256: string; registryNumber: string; register: string; movedTo: string | null; part?: StackPart }
  | { type: 'duplicate'; name: string; sha256: string; registryNumber: string | null; register: string | null; movedTo: string | null; part?: StackPart }
  | { type: 'busy'; name: string; reason: 'changing' | 'locked' | 'sharing' }
  | { type: 'failed'; name: string; error: ErrorValue; part?: StackPart }
  | { type: 'split'; name: string; pages: number; letters: number }
  | { type: 'taken'; name: string; letters: number; movedTo: string | null };

export interface WatchFolderOptions {
  /** Absolute path of the folder. */
  folder: string;
  afterRegister: 'move' | 'keep';
  /** How a file holding several letters is split (default `none`: each file is one letter). */
  split?: ScanSplitMode;
  ledger: Ledger;
  importBytes: ImportBytes;
  /** True when the desk's blob store holds these bytes (checked before moving a file). */
  hasBlob: (sha256: string) => Promise<boolean>;
  onEvent?: (e: WatchEvent) => void;
  /** A file must stay unchanged this long before it is read (ms, default 1000). */
  stabilityMs?: number;
  /** A busy file is looked at again after this (ms, default 1000). */
  retryMs?: number;
  /** A file busy for longer is reported `file_busy` (ms, default 10 minutes). */
  maxBusyMs?: number;
  /** Poll instead of inotify (network shares). */
  usePolling?: boolean;
  clock?: () => Date;
}

/** A running watcher. */
export interface FolderWatcher {
  readonly folder: string;
  /** Resolves once the initial scan of the folder is done (existing files are queued). */
  ready: Promise<void>;
  /** Resolves when every queued file has been handled (for tests and the CLI). */
  idle(): Promise<void>;
  /** Stops watching; a file being read is aborted (and taken again on the next start). */
  stop(): Promise<void>;
}

const IGNORED_NAME = /^\.|~$|\.(part|tmp|crdownload|partial|swp)$/i;

/**
 * Checks a folder from the settings: absolute, an existing directory (symbolic links resolved).
 * @returns its real path.
 * @throws AppError('validation' | 'not_found').
 */
export async function resolveWatchFolder(folder: string): Promise<string> {
  if (!path.isAbsolute(folder) || folder.includes('\0')) throw new AppError('validation', 'the scan folder must be an absolute path', { field: 'watchFolder' });
  let real: string;
  try {
    real = await fs.realpath(folder);
  } catch {
    throw new AppError('not_found', `the scan folder ${folder} does not exist`, { field: 'watchFolder', path: folder });
  }
  const st = await fs.stat(real);
  if (!st.isDirectory()) throw new AppError('validation', `${folder} is not a folder`, { field: 'watchFolder', path: folder });
  return real;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Moves `from` into `dir` under its name, never overwriting: link, then unlink the original. */
async function moveNoClobber(from: string, dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const ext = path.extname(from);
  const stem = path.basename(from, ext);
  for (let n = 1; n < 1000; n++) {
    const to = path.join(dir, n === 1 ? `${stem}${ext}` : `${stem} (${n})${ext}`);
    try {
      await fs.link(from, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      // No hard links (some network shares): rename, which cannot clobber since `to` was free a moment ago.
      await fs.rename(from, to);
      return to;
    }
    await fs.unlink(from);
    return to;
  }
  throw new AppError('storage_failed', `cannot find a free name in ${dir}`);
}

/**
 * Starts watching a folder (the folder must exist: see {@link resolveWatchFolder}).
 * Files already there are taken too (those in the ledger are skipped without being read).
 */
export function watchFolder(o: WatchFolderOptions): FolderWatcher {
  const folder = o.folder;
  const stabilityMs = o.stabilityMs ?? 1000;
  const retryMs = o.retryMs ?? 1000;
  const maxBusyMs = o.maxBusyMs ?? 10 * 60_000;
  const clock = o.clock ?? (() => new Date());
  const split: ScanSplitMode = o.split ?? 'none';
  const emit = (e: WatchEvent) => o.onEvent?.(e);
  const controller = new AbortController();
  const queue: string[] = [];
  const queued = new Set<string>();
  const busySince = new Map<string, number>();
  const retryTimers = new Set<NodeJS.Timeout>();
  /** Versions that failed this run ("name\0size\0mtime"): not retried until they change. */
  const failed = new Set<string>();
  let running: Promise<void> | null = null;
  let idleWaiters: Array<() => void> = [];
  let stopped = false;

  const versionKey = (name: string, st: { size: number; mtimeMs: number }) => `${name}\0${st.size}\0${Math.trunc(st.mtimeMs)}`;

  const enqueue = (name: string) => {
    if (stopped || queued.has(name)) return;
    queued.add(name);
    queue.push(name);
    running ??= drain().finally(() => {
      running = null;
      if (queue.length > 0 && !stopped) enqueue(queue.shift()!); // raced in while finishing
      else if (retryTimers.size === 0) for (const w of idleWaiters.splice(0)) w();
    });
  };

  const retryLater = (name: string) => {
    const t = setTimeout(() => {
      retryTimers.delete(t);
      enqueue(name);
    }, retryMs);
    retryTimers.add(t);
  };

  async function drain(): Promise<void> {
    while (queue.length > 0 && !stopped) {
      const name = queue.shift()!;
      queued.delete(name);
      try {
        await handle(name);
      } catch (err) {
        emit({ type: 'failed', name, error: toErrorValue(err) });
      }
    }
  }

  /** Marks a file busy; gives up with `file_busy` after maxBusyMs. */
  const busy = (name: string, reason: 'changing' | 'locked' | 'sharing', st: { size: number; mtimeMs: number } | null) => {
    const since = busySince.get(name) ?? Date.now();
    busySince.set(name, since);
    if (Date.now() - since > maxBusyMs) {
      busySince.delete(name);
      if (st) failed.add(versionKey(name, st));
      emit({ type: 'failed', name, error: { kind: 'file_busy', message: `${name} stayed busy (${reason}) for ${Math.round(maxBusyMs / 1000)} s`, details: { fileName: name, reason } } });
      return;
    }
    emit({ type: 'busy', name, reason });
    retryLater(name);
  };

  async function handle(name: string): Promise<void> {
    const file = path.join(folder, name);
    let st1;
    try {
      st1 = await fs.lstat(file);
    } catch (err) {
      if (isBusyError(err)) return busy(name, 'sharing', null);
      busySince.delete(name);
      return; // gone (moved away, deleted by its owner): nothing to do
    }
    if (!st1.isFile()) return; // folders, symbolic links, devices: never followed
    const key: FileKey = { folder, name, size: st1.size, mtimeMs: st1.mtimeMs };
    if (o.ledger.byKey(key) !== null) {
      busySince.delete(name);
      return; // taken before
    }
    if (failed.has(versionKey(name, st1))) return;
    // Our own stability check, on top of the watcher's.
    const age = Date.now() - st1.mtimeMs;
    if (age < stabilityMs) await sleep(stabilityMs - age);
    if (stopped) return;
    let st2;
    try {
      st2 = await fs.lstat(file);
    } catch {
      return;
    }
    if (!sameVersion(st1, st2)) return busy(name, 'changing', st2);
    if (await hasWriteLock(st2)) return busy(name, 'locked', st2);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (err) {
      if (isBusyError(err)) return busy(name, 'sharing', st2);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new AppError('storage_failed', `cannot read ${name}: ${(err as Error).message}`, { fileName: name });
    }
    const st3 = await fs.lstat(file).catch(() => null);
    if (st3 === null) return;
    if (!sameVersion(st2, st3) || bytes.length !== st3.size) return busy(name, 'changing', st3);
    busySince.delete(name);

    const sha256 = sha256Hex(bytes);
    const seen = o.ledger.bySha(folder, sha256);
    if (seen !== null) {
      o.ledger.record(key, { outcome: 'duplicate', register: seen.register, registryNumber: seen.registryNumber, sha256 }, clock());
      const movedTo = await afterTaken(file, key, sha256);
      emit({ type: 'duplicate', name, sha256, registryNumber: seen.registryNumber, register: seen.register, movedTo });
      return;
    }
    emit({ type: 'reading', name });
    if (split !== 'none' && (await takeStack(name, file, key, bytes, sha256, st3)) === 'taken') return;
    try {
      await checkUnattendedPages(bytes);
    } catch (err) {
      failed.add(versionKey(name, st3));
      emit({ type: 'failed', name, error: toErrorValue(err instanceof AppError ? new AppError(err.kind, err.message, { ...err.details, fileName: name }) : err) });
      return;
    }
    const out = await registerLetter(o.importBytes, bytes, name, { signal: controller.signal, onProgress: (p) => emit({ type: 'progress', name, ...p }) });
    if (out.state === 'cancelled') return; // stopped: taken again next time
    if (out.state === 'failed') {
      failed.add(versionKey(name, st3));
      emit({ type: 'failed', name, error: out.error });
      return;
    }
    if (out.state === 'duplicate') {
      o.ledger.record(key, { outcome: 'duplicate', register: out.register, registryNumber: out.registryNumber, sha256 }, clock());
      const movedTo = await afterTaken(file, key, sha256);
      emit({ type: 'duplicate', name, sha256, registryNumber: out.registryNumber, register: out.register, movedTo });
      return;
    }
    o.ledger.record(key, { outcome: 'registered', register: out.register, registryNumber: out.registryNumber, sha256 }, clock());
    const movedTo = await afterTaken(file, key, sha256);
    emit({ type: 'registered', name, sha256, registryNumber: out.registryNumber, register: out.register, movedTo });
  }

  const withFileName = (err: unknown, fileName: string): ErrorValue =>
    toErrorValue(err instanceof AppError ? new AppError(err.kind, err.message, { ...err.details, fileName }) : err);

  /**
   * Splits a stack file and registers each of its letters (see the module comment).
   * @returns `single` when the file is one letter with all its pages (the caller registers the file
   *   as it is), `taken` when it was handled here: every letter taken, or a failure reported (the
   *   file then stays where it is, out of the ledger, and is tried again after a restart or a change;
   *   letters already registered are not taken twice).
   */
  async function takeStack(name: string, file: string, key: FileKey, bytes: Uint8Array, sha256: string, version: { size: number; mtimeMs: number }): Promise<'single' | 'taken'> {
    const fail = (error: ErrorValue, letter?: { name: string; part: StackPart }) => {
      if (!stopped) failed.add(versionKey(name, version));
      emit(letter ? { type: 'failed', name: letter.name, error, part: letter.part } : { type: 'failed', name, error });
      return 'taken' as const;
    };
    const roles: PageRole[] = [];
    let pages: StackPage[];
    try {
      if (bytes.byteLength === 0) throw new AppError('empty_file', 'The file is empty');
      pages = await expandPages(bytes, async (grey) => void roles.push(await classifyPage(grey, split)), controller.signal);
    } catch (err) {
      return fail(withFileName(err, name));
    }
    if (stopped) return 'taken';
    const parts = splitStack(roles, split);
    if (parts.length === 1 && parts[0]!.length === pages.length) return 'single';
    if (parts.length === 0) return fail({ kind: 'empty_file', message: `${name} holds only blank pages or separator sheets`, details: { fileName: name } });
    emit({ type: 'split', name, pages: pages.length, letters: parts.length });
    const stem = name.replace(/\.[^.]*$/, '');
    const taken: LedgerEntry[] = [];
    let complete = true;
    for (const [i, p] of parts.entries()) {
      if (stopped) return 'taken';
      const partKey: FileKey = { ...key, name: `${name}/${split}/${i + 1}` };
      const before = o.ledger.byKey(partKey);
      if (before !== null) {
        taken.push(before); // registered before a restart
        continue;
      }
      const part: StackPart = { file: name, index: i, count: parts.length };
      const base = `${stem}-${String(i + 1).padStart(3, '0')}`;
      if (p.length > MAX_UNATTENDED_PAGES) {
        complete = false;
        fail({ kind: 'too_many_pages', message: `The letter has ${p.length} pages; unattended intake takes at most ${MAX_UNATTENDED_PAGES}`, details: { pages: p.length, limit: MAX_UNATTENDED_PAGES, fileName: base } }, { name: base, part });
        continue;
      }
      let letter: { bytes: Uint8Array; ext: string };
      try {
        letter = await letterFile(p.map((k) => pages[k]!));
      } catch (err) {
        complete = false;
        fail(withFileName(err, base), { name: base, part });
        continue;
      }
      const partName = `${base}.${letter.ext}`;
      const partSha = sha256Hex(letter.bytes);
      const seen = o.ledger.bySha(folder, partSha);
      if (seen !== null) {
        const entry: LedgerEntry = { outcome: 'duplicate', register: seen.register, registryNumber: seen.registryNumber, sha256: partSha };
        o.ledger.record(partKey, entry, clock());
        taken.push(entry);
        emit({ type: 'duplicate', name: partName, sha256: partSha, registryNumber: seen.registryNumber, register: seen.register, movedTo: null, part });
        continue;
      }
      emit({ type: 'reading', name: partName, part });
      const out = await registerLetter(o.importBytes, letter.bytes, partName, { signal: controller.signal, onProgress: (pr) => emit({ type: 'progress', name: partName, ...pr, part }) });
      if (out.state === 'cancelled') return 'taken'; // stopped: the rest is taken next time
      if (out.state === 'failed') {
        complete = false;
        fail(out.error, { name: partName, part });
        continue;
      }
      const entry: LedgerEntry = { outcome: out.state, register: out.register, registryNumber: out.registryNumber, sha256: partSha };
      o.ledger.record(partKey, entry, clock());
      taken.push(entry);
      if (out.state === 'registered') emit({ type: 'registered', name: partName, sha256: partSha, registryNumber: out.registryNumber, register: out.register, movedTo: null, part });
      else emit({ type: 'duplicate', name: partName, sha256: partSha, registryNumber: out.registryNumber, register: out.register, movedTo: null, part });
    }
    if (!complete) return 'taken';
    o.ledger.record(key, { outcome: taken.some((t) => t.outcome === 'registered') ? 'registered' : 'duplicate', register: null, registryNumber: null, sha256 }, clock());
    const movedTo = await afterTaken(file, key, taken.map((t) => t.sha256));
    emit({ type: 'taken', name, letters: taken.length, movedTo });
    return 'taken';
  }

  /**
   * Moves a taken file into registered/ when asked to and its bytes (for a stack file: every letter
   * cut from it) are safe in the blob store.
   */
  async function afterTaken(file: string, key: FileKey, sha256: string | readonly string[]): Promise<string | null> {
    if (o.afterRegister !== 'move') return null;
    for (const sha of typeof sha256 === 'string' ? [sha256] : sha256) {
      if (!(await o.hasBlob(sha))) return null; // keep the only copy where it is
    }
    try {
      const to = await moveNoClobber(file, path.join(folder, REGISTERED_DIR));
      o.ledger.moved(key, to);
      return to;
    } catch {
      return null; // left in place; the ledger keeps it from being taken again
    }
  }

  const watcher: FSWatcher = chokidar.watch(folder, {
    depth: 0,
    ignoreInitial: false,
    persistent: true,
    usePolling: o.usePolling === true,
    interval: 500,
    awaitWriteFinish: { stabilityThreshold: Math.max(100, Math.round(stabilityMs / 2)), pollInterval: 100 },
    ignored: (p: string) => {
      if (p === folder) return false;
      const rel = path.relative(folder, p);
      return rel === REGISTERED_DIR || rel.startsWith(`${REGISTERED_DIR}${path.sep}`) || IGNORED_NAME.test(path.basename(p));
    },
  });
  const onFile = (p: string) => {
    if (path.dirname(p) !== folder) return; // top level only
    enqueue(path.basename(p));
  };
  watcher.on('add', onFile);
  watcher.on('change', onFile);
  watcher.on('error', () => undefined); // a vanished file mid-scan; the next event tells the truth
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    folder,
    ready,
    idle: () =>
      new Promise<void>((resolve) => {
        if (running === null && queue.length === 0 && retryTimers.size === 0) resolve();
        else idleWaiters.push(resolve);
      }),
    async stop() {
      stopped = true;
      controller.abort();
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
      await watcher.close();
      await running?.catch(() => undefined);
      for (const w of idleWaiters.splice(0)) w();
      idleWaiters = [];
    },
  };
}
