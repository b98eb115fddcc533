import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/registry-fixture.ts';
import { migrate } from '../migrate.ts';
import { openDatabase } from '../open.ts';

const insert = `INSERT INTO registrations (register, year, seq, registry_number, registered_at, registration_date, direction, channel,
  counterpart_name, subject, classification, priority, operator) VALUES ('incoming', 2026, ?, ?, '2026-03-01T08:00:00.000Z', '2026-03-01',
  'incoming', ?, 'وزارة الصحة', 'موضوع', 'ordinary', 'normal', 'clerk')`;

describe('migration 006 (parallel period)', () => {
  it('fills documentation and transport from the channel and keeps every document link', () => {
    const db = openDatabase(path.join(tempDir(), 'registry.sqlite'), { migrate: false });
    migrate(db, 5);
    const paper = Number(db.prepare(insert).run(1, '2026/000001', 'paper').lastInsertRowid);
    const electronic = Number(db.prepare(insert).run(2, '2026/000002', 'electronic').lastInsertRowid);
    const doc = Number(
      db.prepare("INSERT INTO documents (sha256, file_name, media_type, byte_length, page_count, pages, text) VALUES (?, 'a.png', 'image/png', 1, 1, '[]', 'x')").run('a'.repeat(64))
        .lastInsertRowid,
    );
    db.prepare("INSERT INTO registration_documents (registration_id, document_id, role, file_name, position) VALUES (?, ?, 'main', 'a.png', 0)").run(paper, doc);
    expect(migrate(db, 6)).toEqual({ from: 5, to: 6 });
    expect(db.prepare('SELECT id, documentation, transport FROM registrations ORDER BY id').all()).toEqual([
      { id: paper, documentation: 'paper_original', transport: null },
      { id: electronic, documentation: 'no_paper', transport: 'exchange' },
    ]);
    expect(db.prepare('SELECT registration_id, document_id, role, position FROM registration_documents').all()).toEqual([
      { registration_id: paper, document_id: doc, role: 'main', position: 0 },
    ]);
    // the new roles are accepted, others still refused
    db.prepare("INSERT INTO registration_documents (registration_id, document_id, role, file_name, position) VALUES (?, ?, 'twin', 'a.png', 1)").run(electronic, doc);
    expect(() =>
      db.prepare("INSERT INTO registration_documents (registration_id, document_id, role, file_name, position) VALUES (?, ?, 'cover', 'a.png', 1)").run(paper, doc),
    ).toThrow(/CHECK/);
    // channel goes to both once; every other immutable field stays immutable
    db.prepare("UPDATE registrations SET channel = 'both' WHERE id = ?").run(paper);
    expect(() => db.prepare("UPDATE registrations SET channel = 'paper' WHERE id = ?").run(paper)).toThrow(/immutable/);
    expect(() => db.prepare("UPDATE registrations SET subject = 'آخر', channel = 'both' WHERE id = ?").run(electronic)).toThrow(/immutable/);
    expect(() => db.prepare("UPDATE registrations SET transport = 'pigeon' WHERE id = ?").run(paper)).toThrow(/CHECK/);
    db.close();
  });
});
