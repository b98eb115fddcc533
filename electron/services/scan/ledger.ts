/**
 * The watched folder's ledger (table `watched_files`, migration 005): which files were taken, so each
 * is taken exactly once. See the migration for the keys.
 */
import type { Db } from '../db/open.ts';

/** A file's identity without reading it. */
export interface FileKey {
  folder: string;
  name: string;
  size: number;
  mtimeMs: number;
}

/** A ledger row. */
export interface LedgerEntry {
  outcome: 'registered' | 'duplicate';
  register: string | null;
  registryNumber: string | null;
  sha256: string;
}

export interface Ledger {
  /** The entry for this exact file (same folder, name, size and modification time), if taken. */
  byKey(key: FileKey): LedgerEntry | null;
  /** An entry for the same content taken from this folder before, if any. */
  bySha(folder: string, sha256: string): LedgerEntry | null;
  /** Records a taken file (idempotent: a second record of the same key is ignored). */
  record(key: FileKey, entry: LedgerEntry, takenAt: Date): void;
  /** Notes where a taken file was moved. */
  moved(key: FileKey, to: string): void;
  /** Rows for a folder (tests, support). */
  count(folder: string): number;
}

/** The ledger over an open desk database. */
export function createLedger(db: Db): Ledger {
  const getKey = db.prepare('SELECT outcome, register, registry_number AS registryNumber, sha256 FROM watched_files WHERE folder = ? AND name = ? AND size = ? AND mtime_ms = ?');
  const getSha = db.prepare('SELECT outcome, register, registry_number AS registryNumber, sha256 FROM watched_files WHERE folder = ? AND sha256 = ? ORDER BY id LIMIT 1');
  const insert = db.prepare(`INSERT INTO watched_files (folder, name, size, mtime_ms, sha256, outcome, register, registry_number, taken_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (folder, name, size, mtime_ms) DO NOTHING`);
  const setMoved = db.prepare('UPDATE watched_files SET moved_to = ? WHERE folder = ? AND name = ? AND size = ? AND mtime_ms = ?');
  const countRows = db.prepare('SELECT count(*) AS n FROM watched_files WHERE folder = ?');
  const mtime = (k: FileKey) => Math.trunc(k.mtimeMs);
  return {
    byKey: (k) => (getKey.get(k.folder, k.name, k.size, mtime(k)) as LedgerEntry | undefined) ?? null,
    bySha: (folder, sha) => (getSha.get(folder, sha) as LedgerEntry | undefined) ?? null,
    record: (k, e, at) => void insert.run(k.folder, k.name, k.size, mtime(k), e.sha256, e.outcome, e.register, e.registryNumber, at.toISOString()),
    moved: (k, to) => void setMoved.run(to, k.folder, k.name, k.size, mtime(k)),
    count: (folder) => (countRows.get(folder) as { n: number }).n,
  };
}
