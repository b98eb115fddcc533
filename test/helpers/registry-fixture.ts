/**
 * Test helpers for the registry: a temporary data folder with a real SQLite file, and documents
 * "read" by writing their analysis directly (the way intake caches one), so numbering and search
 * can be tested without OCR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../electron/services/db/open.ts';
import { sha256Hex } from '../../electron/services/blobs/store.ts';
import { createRegistry, type Registry, type RegistryOptions } from '../../electron/services/registry/index.ts';
import { dataLayout } from '../../electron/services/paths.ts';

export const TEST_FORMATS = { incoming: '{year}/{seq:6}', outgoing: 'ص/{year}/{seq:6}', internal: 'د/{year}/{seq:6}' };

/** Folders {@link tempDir} made in this test file, removed after its last test. */
const madeDirs: string[] = [];

/** Removes every folder {@link tempDir} made so far (missing ones are skipped). */
export function removeTempDirs(): void {
  for (const dir of madeDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

// Inside a test worker, the folders go after the file's last test: this hook is registered when the
// test file imports the helper, before the file's own hooks, and the default hook order ('stack') runs
// it after them, so a server or desk the file stops in its afterAll is gone by then. Elsewhere (a
// child process or a benchmark importing the helper) nothing is registered.
if ((globalThis as { __vitest_worker__?: unknown }).__vitest_worker__ !== undefined) {
  const { afterAll } = await import('vitest');
  afterAll(removeTempDirs);
}

/**
 * A new empty folder under the OS temp dir; inside a test file it is removed after the file's last
 * test (and its own afterAll hooks).
 */
export function tempDir(prefix = 'registry-desk-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** Opens the registry of `dataDir` (creating it), with the test number formats. */
export function openTestRegistry(dataDir: string, opts: RegistryOptions = {}): { db: Db; registry: Registry } {
  const db = openDatabase(dataLayout(dataDir).database);
  const registry = createRegistry(db, { operator: () => 'test-clerk', ...opts });
  const s = registry.getSettings();
  if (JSON.stringify(s.numberFormats) !== JSON.stringify(TEST_FORMATS)) registry.updateSettings({ numberFormats: TEST_FORMATS });
  return { db, registry };
}

/**
 * Caches an analysis of a one-page document whose text is `text` (as if intake had read it).
 * @returns the document's SHA-256 (of the text bytes plus `salt`).
 */
export function storeTextDocument(registry: Registry, text: string, fileName = 'letter.png', salt = ''): string {
  const bytes = Buffer.from(text + salt, 'utf8');
  const sha256 = sha256Hex(bytes);
  registry.putAnalysis({
    sha256,
    fileName,
    mediaType: 'image/png',
    byteLength: bytes.length,
    pages: [{ index: 0, source: 'ocr', text, confidence: 90, rotation: 0, segmentation: 'single_block', lowConfidenceWords: [], width: 100, height: 100 }],
    meanConfidence: 90,
    suggestions: { counterpart: null, referenceNumber: null, referenceDate: null, subject: null, attachmentsCount: null },
    durationMs: 1,
  });
  return sha256;
}

/** Registers a stored text document as an incoming paper letter with the given fields. */
export function registerText(
  registry: Registry,
  text: string,
  fields: { subject?: string; counterpart?: string; referenceNumber?: string | null; salt?: string } = {},
) {
  const sha = storeTextDocument(registry, text, 'letter.png', fields.salt ?? '');
  const r = registry.register({
    documentSha256: sha,
    counterpart: { code: null, name: fields.counterpart ?? 'وزارة الأشغال العامة' },
    subject: fields.subject ?? text.split('\n')[0] ?? 'موضوع',
    referenceNumber: fields.referenceNumber ?? null,
  });
  if (r.registration === null) throw new Error('not registered');
  return r.registration;
}

/** Row counts and counters: what must not change when a registration fails. */
export function registrySnapshot(db: Db) {
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    registrations: count('SELECT count(*) AS n FROM registrations'),
    documents: count('SELECT count(*) AS n FROM documents'),
    registrationDocuments: count('SELECT count(*) AS n FROM registration_documents'),
    links: count('SELECT count(*) AS n FROM links'),
    audit: db.prepare('SELECT id, hash FROM audit_log ORDER BY id').all(),
    counters: db.prepare('SELECT * FROM register_counters ORDER BY register, year').all(),
    fts: count("SELECT count(*) AS n FROM registrations_fts_docsize"),
  };
}
