import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open.ts';
import { AppError } from '../../../shared/errors.ts';
import { openTestRegistry, registrySnapshot, storeTextDocument, tempDir } from '../../../test/helpers/registry-fixture.ts';

let dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs) db.close();
  dbs = [];
});

describe('registering a document twice', () => {
  it('answers "already registered as N" and gives no second number', () => {
    const { db, registry } = openTestRegistry(tempDir(), { clock: () => new Date('2026-05-01T09:00:00Z') });
    dbs.push(db);
    const sha = storeTextDocument(registry, 'كتاب وزارة الصحة');
    const input = { documentSha256: sha, counterpart: { code: 'MOH', name: 'وزارة الصحة' }, subject: 'تعميم' };
    expect(registry.register(input).registration?.registryNumber).toBe('2026/000001');
    expect(registry.registrationOfDocument(sha)).toEqual({ register: 'incoming', registryNumber: '2026/000001' });
    const before = registrySnapshot(db);
    let err: unknown;
    try {
      registry.register(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('duplicate_file');
    expect((err as AppError).message).toBe('already registered as 2026/000001');
    expect((err as AppError).details).toEqual({ registryNumber: '2026/000001', register: 'incoming' });
    // a dry run says so too
    expect(() => registry.register({ ...input, dryRun: true })).toThrow('already registered as 2026/000001');
    expect(registrySnapshot(db)).toEqual(before);
  });

  it('an explicit re-registration gets a new number and links both ways', () => {
    const { db, registry } = openTestRegistry(tempDir(), { clock: () => new Date('2026-05-01T09:00:00Z') });
    dbs.push(db);
    const sha = storeTextDocument(registry, 'كتاب وزارة الصحة');
    const input = { documentSha256: sha, counterpart: { code: 'MOH', name: 'وزارة الصحة' }, subject: 'تعميم' };
    registry.register(input);
    const second = registry.register({ ...input, reRegistrationOf: '٢٠٢٦/٠٠٠٠٠١' }).registration;
    expect(second?.registryNumber).toBe('2026/000002');
    const newer = registry.show({ registryNumber: '2026/000002', register: null });
    const older = registry.show({ registryNumber: '2026/000001', register: null });
    expect(newer.links).toEqual([{ kind: 're_registration_of', registryNumber: '2026/000001', register: 'incoming' }]);
    expect(older.links).toEqual([{ kind: 're_registered_as', registryNumber: '2026/000002', register: 'incoming' }]);
    expect(older.history.map((h) => h.action)).toEqual(['registered', 'linked']);
    expect(newer.history[0]?.details).toMatchObject({ reRegistrationOf: '2026/000001' });
    expect(newer.documents).toEqual([older.documents[0]]);
    expect(registry.verifyAudit().ok).toBe(true);
  });

  it('show returns the record, its document and page text', () => {
    const { db, registry } = openTestRegistry(tempDir(), { clock: () => new Date('2026-05-01T09:00:00Z') });
    dbs.push(db);
    const sha = storeTextDocument(registry, 'نص الصفحة الأولى', 'scan.png');
    registry.register({ documentSha256: sha, counterpart: { code: null, name: 'جهة' }, subject: 'موضوع', referenceNumber: 'ص/٧٧٠٨٩/٢٠٢٦', referenceDate: '2026-08-17', attachmentsCount: 3 });
    const d = registry.show({ registryNumber: '2026/000001', register: 'incoming' });
    expect(d).toMatchObject({ referenceNumber: 'ص/77089/2026', referenceDate: '2026-08-17', attachmentsCount: 3, registrationDate: '2026-05-01', annulled: false });
    expect(d.documents).toEqual([{ sha256: sha, fileName: 'scan.png', mediaType: 'image/png', byteLength: expect.any(Number), pageCount: 1, role: 'main' }]);
    expect(d.pages).toEqual([{ index: 0, text: 'نص الصفحة الأولى', source: 'ocr', confidence: 90 }]);
    expect(() => registry.show({ registryNumber: '2026/000009', register: null })).toThrow(/no registration/);
  });
});
