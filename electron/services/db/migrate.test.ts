import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { tempDir } from '../../../test/helpers/registry-fixture.ts';
import { LATEST_VERSION, migrate } from './migrate.ts';
import { openDatabase } from './open.ts';

describe('database migrations', () => {
  it('001 turns an empty (version 0) file into the registry schema', () => {
    const file = path.join(tempDir(), 'registry.sqlite');
    // the previous shape: a file some other tool created, version 0, with an unrelated table
    const seed = new Database(file);
    seed.exec('CREATE TABLE scratch (x INTEGER); INSERT INTO scratch VALUES (1);');
    seed.close();
    const db = openDatabase(file, { migrate: false });
    expect(migrate(db, 1)).toEqual({ from: 0, to: 1 });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table') ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    for (const t of ['registrations', 'documents', 'registration_documents', 'analyses', 'register_counters', 'links', 'audit_log', 'settings', 'agencies', 'registrations_fts', 'scratch']) {
      expect(tables).toContain(t);
    }
    expect(db.prepare('SELECT x FROM scratch').get()).toEqual({ x: 1 });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    db.close();
  });

  it('is idempotent: reopening a current database applies nothing', () => {
    const file = path.join(tempDir(), 'registry.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file, { migrate: false });
    expect(migrate(db)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION });
    db.close();
  });

  it('refuses a database written by a newer Registry Desk, and leaves it alone', () => {
    const file = path.join(tempDir(), 'registry.sqlite');
    const seed = new Database(file);
    seed.pragma(`user_version = ${LATEST_VERSION + 1}`);
    seed.close();
    const before = fs.readFileSync(file);
    let err: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('database_too_new');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a failing migration leaves the file at its old version', () => {
    const file = path.join(tempDir(), 'registry.sqlite');
    const seed = new Database(file);
    seed.exec('CREATE TABLE registrations (x INTEGER)'); // clashes with 001
    seed.close();
    expect(() => openDatabase(file)).toThrow(/already exists/);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'audit_log'").get()).toEqual({ n: 0 });
    db.close();
  });
});
