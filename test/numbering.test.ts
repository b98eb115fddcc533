/**
 * Numbering rules (../shared/design/domain.md, "Registry rules") in one process against a real
 * SQLite file: what consumes a number and what does not, the Kuwait year, the year change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../electron/services/db/open.ts';
import type { Registry } from '../electron/services/registry/index.ts';
import { AppError } from '../shared/errors.ts';
import { openTestRegistry, registerText, registrySnapshot, storeTextDocument, tempDir } from './helpers/registry-fixture.ts';

let open: Array<{ db: Db }> = [];
function fresh(clock?: () => Date): { db: Db; registry: Registry } {
  const r = openTestRegistry(tempDir(), clock === undefined ? {} : { clock });
  open.push(r);
  return r;
}
afterEach(() => {
  for (const r of open) r.db.close();
  open = [];
});

const at = (iso: string) => () => new Date(iso);

function expectAppError(fn: () => unknown, kind: string): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe(kind);
    return err as AppError;
  }
  throw new Error(`expected AppError(${kind})`);
}

describe('registry numbers', () => {
  it('are sequential per register and formatted per register', () => {
    const { registry } = fresh(at('2026-03-01T08:00:00Z'));
    expect(registerText(registry, 'كتاب أول').registryNumber).toBe('2026/000001');
    expect(registerText(registry, 'كتاب ثان').registryNumber).toBe('2026/000002');
    const sha = storeTextDocument(registry, 'كتاب صادر');
    const out = registry.register({ documentSha256: sha, direction: 'outgoing', counterpart: { code: null, name: 'ديوان الخدمة المدنية' }, subject: 'صادر' });
    expect(out.registration?.registryNumber).toBe('ص/2026/000001');
    expect(out.registration?.register).toBe('outgoing');
    expect(registerText(registry, 'كتاب ثالث').registryNumber).toBe('2026/000003');
  });

  it('a validation failure consumes no number and changes nothing', () => {
    const { db, registry } = fresh(at('2026-03-01T08:00:00Z'));
    registerText(registry, 'الأول');
    const before = registrySnapshot(db);
    const sha = storeTextDocument(registry, 'الثاني');
    // not a calendar date
    expectAppError(() => registry.register({ documentSha256: sha, counterpart: { code: null, name: 'جهة' }, subject: 'س', referenceDate: '2026-02-31' }), 'validation');
    // empty subject (schema)
    expectAppError(() => registry.register({ documentSha256: sha, counterpart: { code: null, name: 'جهة' }, subject: '   ' }), 'validation');
    // re-registration of a number that is not this document's
    expectAppError(() => registry.register({ documentSha256: sha, counterpart: { code: null, name: 'جهة' }, subject: 'س', reRegistrationOf: '2026/000001' }), 'validation');
    // a document never read
    expectAppError(() => registry.register({ documentSha256: 'a'.repeat(64), counterpart: { code: null, name: 'جهة' }, subject: 'س' }), 'not_found');
    expect(registrySnapshot(db)).toEqual(before);
    expect(registry.register({ documentSha256: sha, counterpart: { code: null, name: 'جهة' }, subject: 'س' }).registration?.registryNumber).toBe('2026/000002');
  });

  it('an error thrown mid-transaction (after the number was taken) rolls everything back', () => {
    const { db, registry } = fresh(at('2026-03-01T08:00:00Z'));
    registerText(registry, 'الأول');
    const before = registrySnapshot(db);
    // Fails on the audit insert: the counter, record, documents and index row are already written.
    db.exec("CREATE TEMP TRIGGER fail_audit BEFORE INSERT ON main.audit_log BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    const err = expectAppError(() => registerText(registry, 'الثاني'), 'storage_failed');
    expect(err.message).toContain('disk on fire');
    expect(registrySnapshot(db)).toEqual(before);
    db.exec('DROP TRIGGER fail_audit');
    expect(registerText(registry, 'الثالث').registryNumber).toBe('2026/000002');
    expect(registry.verifyAudit()).toEqual({ ok: true, count: 3 }); // settings change + 2 registrations
  });

  it('a dry run previews the next number and consumes nothing', () => {
    const { db, registry } = fresh(at('2026-03-01T08:00:00Z'));
    registerText(registry, 'الأول');
    const sha = storeTextDocument(registry, 'الثاني');
    const before = registrySnapshot(db);
    const input = { documentSha256: sha, counterpart: { code: null, name: 'جهة' }, subject: 'س', dryRun: true };
    expect(registry.register(input)).toEqual({ registration: null, preview: { registryNumber: '2026/000002' } });
    expect(registry.register(input).preview?.registryNumber).toBe('2026/000002');
    expect(registrySnapshot(db)).toEqual(before);
    expect(registry.register({ ...input, dryRun: false }).registration?.registryNumber).toBe('2026/000002');
  });

  it('23:30 UTC on 31 December is already the next year in Kuwait', () => {
    const { registry } = fresh(at('2025-12-31T23:30:00Z'));
    const r = registerText(registry, 'رسالة ليلة رأس السنة');
    expect(r.registryNumber).toBe('2026/000001');
    expect(r.registrationDate).toBe('2026-01-01');
    expect(r.registeredAt).toBe('2025-12-31T23:30:00.000Z');
  });

  it('a new year restarts the sequence at 1', () => {
    let now = new Date('2026-12-31T20:59:00Z'); // 23:59 in Kuwait
    const { registry, db } = fresh(() => now);
    expect(registerText(registry, 'أ').registryNumber).toBe('2026/000001');
    expect(registerText(registry, 'ب').registryNumber).toBe('2026/000002');
    now = new Date('2026-12-31T21:00:00Z'); // 00:00 on 1 January 2027 in Kuwait
    expect(registerText(registry, 'ج').registryNumber).toBe('2027/000001');
    expect(db.prepare('SELECT register, year, last_seq FROM register_counters ORDER BY year').all()).toEqual([
      { register: 'incoming', year: 2026, last_seq: 2 },
      { register: 'incoming', year: 2027, last_seq: 1 },
    ]);
  });

  it('a changed number format applies to new numbers only', () => {
    const { registry } = fresh(at('2026-03-01T08:00:00Z'));
    const first = registerText(registry, 'أ');
    registry.updateSettings({ numberFormats: { incoming: 'و/{year}/{seq:4}', outgoing: 'ص/{year}/{seq:6}', internal: 'د/{year}/{seq:6}' } });
    expect(registerText(registry, 'ب').registryNumber).toBe('و/2026/0002');
    expect(registry.show({ registryNumber: first.registryNumber, register: null }).registryNumber).toBe('2026/000001');
  });

  it('the database refuses to change a registry number or delete a registration', () => {
    const { db, registry } = fresh(at('2026-03-01T08:00:00Z'));
    registerText(registry, 'أ');
    expect(() => db.prepare("UPDATE registrations SET registry_number = 'x'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM registrations').run()).toThrow(/never deleted/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('the audit chain detects an edited entry', () => {
    const { db, registry } = fresh(at('2026-03-01T08:00:00Z'));
    registerText(registry, 'أ');
    registerText(registry, 'ب');
    expect(registry.verifyAudit().ok).toBe(true);
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit_log SET operator = 'someone else' WHERE id = 2").run();
    expect(registry.verifyAudit()).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
