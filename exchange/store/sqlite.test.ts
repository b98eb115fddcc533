/** The exchange's SQLite file: pragmas, migrations, refusing a newer database, all-or-nothing writes. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './sqlite-migrations.ts';
import { openSqliteStore } from './sqlite.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exchange-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openSqliteStore', () => {
  it('creates the database with WAL, synchronous FULL and the latest migration; reopening changes nothing', async () => {
    const dir = tempDir();
    const store = openSqliteStore(dir);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    await store.putAgency({ code: 'MOH', nameAr: 'وزارة الصحة', nameEn: 'Ministry of Health', aliases: [], publicKey: null, connectedSince: null, requiresPaper: false });
    await store.close();
    const again = openSqliteStore(dir);
    expect((await again.listAgencies()).map((a) => a.code)).toEqual(['MOH']);
    await again.close();
  });

  it('migration versions are contiguous from 1', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('refuses a database written by a newer exchange, without touching it', () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, 'exchange.sqlite'));
    db.pragma('user_version = 99');
    db.close();
    expect(() => openSqliteStore(dir)).toThrow(/newer/);
    const check = new Database(path.join(dir, 'exchange.sqlite'));
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });
});

describe('appendJournal', () => {
  it('stores nothing of a push whose later event reuses an id with other content, and the counter does not move', async () => {
    const store = openSqliteStore(tempDir());
    const ev = (id: string, hash: string) => ({ eventId: id, desk: 'MOH-1', kind: 'inbox.settled', contentHash: hash, eventJson: '{}', numbered: null });
    expect(await store.appendJournal('MOH', [ev('a', 'h1')])).toEqual({ outcome: 'appended', accepted: [{ eventId: 'a', position: 1 }] });
    expect(await store.appendJournal('MOH', [ev('b', 'h2'), ev('a', 'other')])).toEqual({ outcome: 'conflict', eventId: 'a' });
    expect(await store.readJournal('MOH', 0, 10)).toHaveLength(1);
    expect(await store.appendJournal('MOH', [ev('b', 'h2')])).toEqual({ outcome: 'appended', accepted: [{ eventId: 'b', position: 2 }] });
    // another agency counts on its own
    expect(await store.appendJournal('MOE', [ev('a', 'h1')])).toEqual({ outcome: 'appended', accepted: [{ eventId: 'a', position: 1 }] });
    await store.close();
  });
});
