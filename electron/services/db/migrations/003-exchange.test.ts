import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/registry-fixture.ts';
import { migrate } from '../migrate.ts';
import { openDatabase } from '../open.ts';

const insert = `INSERT INTO registrations (register, year, seq, registry_number, registered_at, registration_date, direction, channel,
  counterpart_name, subject, classification, priority, operator) VALUES ('incoming', 2026, ?, ?, '2026-03-01T08:00:00.000Z', '2026-03-01',
  'incoming', 'paper', 'وزارة الصحة', 'موضوع', 'ordinary', 'normal', 'clerk')`;

describe('migration 003 (exchange)', () => {
  it('keeps version-2 registrations and adds the exchange columns empty', () => {
    const db = openDatabase(path.join(tempDir(), 'registry.sqlite'), { migrate: false });
    migrate(db, 2);
    db.prepare(insert).run(1, '2026/000001');
    expect(migrate(db, 3)).toEqual({ from: 2, to: 3 });
    expect(db.prepare('SELECT registry_number, emergency_number, origin_desk, event_id, exchange_message_id, numbered_at FROM registrations').get()).toEqual({
      registry_number: '2026/000001', emergency_number: null, origin_desk: null, event_id: null, exchange_message_id: null, numbered_at: null,
    });
    for (const t of ['exchange_config', 'outbox', 'inbox', 'cursors', 'number_blocks', 'outgoing_recipients', 'duplicate_flags']) {
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = ?").get(t)).toEqual({ n: 1 });
    }
    db.close();
  });

  it('immutable fields stay immutable; the sync columns are set once', () => {
    const db = openDatabase(path.join(tempDir(), 'registry.sqlite'));
    const id = Number(db.prepare(insert).run(1, '2026/000001').lastInsertRowid);
    expect(() => db.prepare('UPDATE registrations SET subject = ? WHERE id = ?').run('آخر', id)).toThrow(/immutable/);
    expect(() => db.prepare('UPDATE registrations SET registry_number = ? WHERE id = ?').run('2026/000009', id)).toThrow(/immutable/);
    db.prepare('UPDATE registrations SET event_id = ?, origin_desk = ? WHERE id = ?').run('e-1', 'MOH-1', id);
    expect(() => db.prepare('UPDATE registrations SET event_id = ? WHERE id = ?').run('e-2', id)).toThrow(/immutable/);
    expect(() => db.prepare('UPDATE registrations SET origin_desk = ? WHERE id = ?').run('MOH-2', id)).toThrow(/immutable/);
    // an ordinary registration cannot be "renumbered"
    expect(() => db.prepare("UPDATE registrations SET registry_number = '2026/000002', seq = 2, numbered_at = 'x' WHERE id = ?").run(id)).toThrow(/immutable/);
    db.close();
  });

  it('an emergency registration gets its ordinary number exactly once, and keeps its emergency number', () => {
    const db = openDatabase(path.join(tempDir(), 'registry.sqlite'));
    const id = Number(
      db
        .prepare(insert.replace("'clerk')", "'clerk')").replace('operator)', 'operator, emergency_number)').replace("'clerk')", "'clerk', ?)"))
        .run(1_000_000_001, 'ط-MOH-1-2026/1', 'ط-MOH-1-2026/1').lastInsertRowid,
    );
    const renumber = db.prepare("UPDATE registrations SET registry_number = ?, seq = ?, numbered_at = '2026-03-02T08:00:00.000Z' WHERE id = ?");
    expect(() => db.prepare("UPDATE registrations SET emergency_number = 'ط-MOH-1-2026/9' WHERE id = ?").run(id)).toThrow(/immutable/);
    expect(() => db.prepare("UPDATE registrations SET registry_number = '2026/000007', seq = 1000000001 WHERE id = ?").run(id)).toThrow(/immutable/);
    renumber.run('2026/000007', 7, id);
    expect(db.prepare('SELECT registry_number, seq, emergency_number FROM registrations WHERE id = ?').get(id)).toEqual({
      registry_number: '2026/000007', seq: 7, emergency_number: 'ط-MOH-1-2026/1',
    });
    expect(() => renumber.run('2026/000008', 8, id)).toThrow(/immutable/);
    expect(() => db.prepare("UPDATE registrations SET numbered_at = NULL WHERE id = ?").run(id)).toThrow(/immutable/);
    db.close();
  });
});
