import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/registry-fixture.ts';
import { createLedger } from '../../scan/ledger.ts';
import { migrate } from '../migrate.ts';
import { openDatabase } from '../open.ts';

const sha = (c: string) => c.repeat(64);

describe('migration 005 (watched-folder ledger)', () => {
  it('adds an empty ledger to a version-4 database and keeps its settings', () => {
    const db = openDatabase(path.join(tempDir(), 'registry.sqlite'), { migrate: false });
    migrate(db, 4);
    db.prepare("INSERT INTO settings (key, value) VALUES ('language', '\"en\"')").run();
    expect(migrate(db, 5)).toEqual({ from: 4, to: 5 });
    expect(db.prepare('SELECT count(*) AS n FROM watched_files').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT value FROM settings WHERE key = 'language'").get()).toEqual({ value: '"en"' });
    db.close();
  });

  it('one row per (folder, name, size, mtime); found again by content', () => {
    const db = openDatabase(path.join(tempDir(), 'registry.sqlite'));
    const ledger = createLedger(db);
    const key = { folder: '/scans', name: 'a.pdf', size: 10, mtimeMs: 1700000000123.7 };
    const entry = { outcome: 'registered' as const, register: 'incoming', registryNumber: '2026/000001', sha256: sha('a') };
    ledger.record(key, entry, new Date());
    ledger.record(key, { ...entry, registryNumber: '2026/000002' }, new Date()); // a repeated event: ignored
    expect(ledger.byKey(key)).toEqual(entry);
    expect(ledger.byKey({ ...key, size: 11 })).toBeNull();
    expect(ledger.bySha('/scans', sha('a'))).toEqual(entry);
    expect(ledger.bySha('/other', sha('a'))).toBeNull();
    expect(ledger.count('/scans')).toBe(1);
    expect(() => db.prepare("INSERT INTO watched_files (folder, name, size, mtime_ms, sha256, outcome, taken_at) VALUES ('/s', 'b', 1, 1, 'short', 'registered', 'x')").run()).toThrow();
    db.close();
  });
});
