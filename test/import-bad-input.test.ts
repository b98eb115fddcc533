/**
 * Bad input (issue: "Bad input"): an empty file, a truncated PDF, a text file named .png, a
 * 30000×30000 image, a password-protected PDF — each a clear error, and the database unchanged:
 * the SQLite file byte for byte, and registrations, counters, audit log and search index row for row.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../electron/services/services.ts';
import { dataLayout } from '../electron/services/paths.ts';
import { AppError } from '../shared/errors.ts';
import { writeBadFiles, type BadFile } from './helpers/bad-files.ts';
import { registrySnapshot, tempDir } from './helpers/registry-fixture.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const letters = path.resolve(repoRoot, '../shared/fixtures/letters');

describe('importing bad files', () => {
  let services: Services;
  let dataDir: string;
  let bad: BadFile[];

  beforeAll(async () => {
    if (!fs.existsSync(letters)) throw new Error(`fixtures missing: ${letters}`);
    dataDir = tempDir();
    bad = writeBadFiles(tempDir(), fs.readFileSync(path.join(letters, 'letter-11-00.electronic.pdf')));
    services = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'test-clerk' });
    // one good registration first, so "unchanged" is checked against a non-empty register
    const r = await services.importFile(path.join(letters, 'letter-11-00.electronic.pdf'));
    expect(r.registration?.registryNumber).toMatch(/^\d{4}\/000001$/);
  }, 180_000);

  afterAll(async () => {
    await services?.close();
  });

  it('gives each a clear error and leaves the database unchanged', async () => {
    const db = services.registry.db;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const before = registrySnapshot(db);
    const fileBefore = fs.readFileSync(dataLayout(dataDir).database);
    const analysesBefore = db.prepare('SELECT count(*) AS n FROM analyses').get();
    for (const f of bad) {
      let err: unknown;
      try {
        await services.importFile(f.path);
      } catch (e) {
        err = e;
      }
      expect(err, f.name).toBeInstanceOf(AppError);
      expect({ file: f.name, kind: (err as AppError).kind }).toEqual({ file: f.name, kind: f.kind });
      expect((err as AppError).message.length, f.name).toBeGreaterThan(5);
    }
    expect(registrySnapshot(db)).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM analyses').get()).toEqual(analysesBefore);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(dataLayout(dataDir).database).equals(fileBefore)).toBe(true);
    // and no bad file was kept in the blob store
    const blobs = fs.readdirSync(dataLayout(dataDir).blobs, { recursive: true }).filter((p) => /[0-9a-f]{64}$/.test(String(p)));
    expect(blobs).toHaveLength(1);
  }, 180_000);

  it('a missing file is not_found', async () => {
    await expect(services.importFile(path.join(dataDir, 'nope.png'))).rejects.toMatchObject({ kind: 'not_found' });
  });
});
