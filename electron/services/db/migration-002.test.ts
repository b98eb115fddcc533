/**
 * Migration 002 (accounts, annulment requests): a version-1 file with a registration in it is
 * migrated, keeps its data, and gets the new tables, column and rules.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/registry-fixture.ts';
import { migrate } from './migrate.ts';
import { openDatabase } from './open.ts';

describe('migration 002', () => {
  it('adds accounts and annulment requests to a version-1 register without touching its rows', () => {
    const file = path.join(tempDir(), 'registry.sqlite');
    const db = openDatabase(file, { migrate: false });
    migrate(db, 1);
    db.prepare(
      `INSERT INTO registrations (register, year, seq, registry_number, registered_at, registration_date, direction, channel,
         counterpart_name, subject, classification, priority, operator)
       VALUES ('incoming', 2026, 1, '2026/000001', '2026-11-29T08:00:00.000Z', '2026-11-29', 'incoming', 'paper', 'وزارة الصحة', 'موضوع', 'ordinary', 'normal', 'clerk')`,
    ).run();
    expect(migrate(db, 2)).toEqual({ from: 1, to: 2 });
    expect(db.prepare('SELECT registry_number, annulled, annulment_reference FROM registrations').get()).toEqual({
      registry_number: '2026/000001',
      annulled: 0,
      annulment_reference: null,
    });
    // an annulment is set once and is final
    db.prepare("UPDATE registrations SET annulled = 1, annulled_at = 'x', annulment_reason = 'r', annulment_operator = 's', annulment_reference = 'ref' WHERE id = 1").run();
    expect(() => db.prepare('UPDATE registrations SET annulled = 0 WHERE id = 1').run()).toThrow(/annulment is final/);
    expect(() => db.prepare("UPDATE registrations SET annulment_reason = 'other' WHERE id = 1").run()).toThrow(/annulment is final/);
    // one pending request per registration; decided requests cannot change; nothing is deleted
    const ins = db.prepare("INSERT INTO annulment_requests (registration_id, reason, requested_by, requested_at) VALUES (1, 'r', 'c', 't')");
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
    db.prepare("UPDATE annulment_requests SET status = 'refused', decided_by = 's', decided_at = 't' WHERE id = 1").run();
    expect(() => db.prepare("UPDATE annulment_requests SET status = 'approved' WHERE id = 1").run()).toThrow(/cannot change/);
    expect(() => db.prepare('DELETE FROM annulment_requests').run()).toThrow(/never deleted/);
    db.prepare(
      "INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at) VALUES ('a', 'A', 'admin', 'h', 't', 't')",
    ).run();
    expect(() => db.prepare("INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at) VALUES ('b', 'B', 'root', 'h', 't', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare('DELETE FROM users').run()).toThrow(/never deleted/);
    db.close();
  });
});
