import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open.ts';
import { AppError } from '../../../shared/errors.ts';
import { openTestRegistry, registrySnapshot, storeTextDocument, tempDir } from '../../../test/helpers/registry-fixture.ts';
import type { AttachedDocument } from './attach.ts';

let dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs) db.close();
  dbs = [];
});

const clock = () => new Date('2026-05-01T09:00:00Z');

function errorOf(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

function setup(onAttached?: (db: Db, a: AttachedDocument) => void) {
  const { db, registry } = openTestRegistry(tempDir(), { clock, ...(onAttached ? { onAttached } : {}) });
  dbs.push(db);
  const electronic = storeTextDocument(registry, 'وزارة الصحة كتاب رقم 125 بشأن تعميم اللقاحات', 'letter.pdf');
  const reg = registry.register({
    documentSha256: electronic,
    channel: 'electronic',
    counterpart: { code: 'MOH', name: 'وزارة الصحة' },
    referenceNumber: '125',
    referenceDate: '2026-04-30',
    subject: 'تعميم اللقاحات',
  }).registration!;
  return { db, registry, reg };
}

describe('linking a twin', () => {
  it('the paper copy of an electronic letter joins its registration: channel both, complementary paper, no new number', () => {
    const events: AttachedDocument[] = [];
    const { db, registry, reg } = setup((_db, a) => events.push(a));
    expect(reg.channel).toBe('electronic');
    expect(reg.documentation).toBe('no_paper');
    expect(reg.transport).toBe('exchange');
    const paper = storeTextDocument(registry, 'وزاره الصحه كتاب رقم ١٢٥ بشان تعميم اللقاحات الورقي', 'scan.png');
    const after = registry.attach({ registrationId: reg.id, documentSha256: paper, role: 'twin', twin: { channel: 'paper', transport: 'courier', score: 0.93 } });
    expect(after).toMatchObject({ registryNumber: reg.registryNumber, channel: 'both', documentation: 'complementary_paper', transport: 'exchange' });
    expect(db.prepare('SELECT count(*) FROM registrations').pluck().get()).toBe(1);
    const detail = registry.show({ registryNumber: reg.registryNumber, register: null });
    expect(detail.documents.map((d) => d.role)).toEqual(['main', 'twin']);
    expect(detail.history.map((h) => h.action)).toEqual(['registered', 'twin_linked']);
    expect(db.prepare('SELECT channel, transport, score FROM twin_links').get()).toEqual({ channel: 'paper', transport: 'courier', score: 0.93 });
    // the paper's own words are now searchable under the one registration
    expect(registry.search({ query: 'الورقي', limit: 10, beforeId: null }).items.map((i) => i.registryNumber)).toEqual([reg.registryNumber]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ role: 'twin', sha256: paper, twin: { channel: 'paper', documentation: 'complementary_paper' } });
    // the paper copy cannot be registered again on its own
    expect(errorOf(() => registry.register({ documentSha256: paper, counterpart: { code: null, name: 'x' }, subject: 'y' })).kind).toBe('duplicate_file');
  });

  it('refuses a second twin, a twin by the same channel, an annulled registration and an unknown one, and changes nothing', () => {
    const { db, registry, reg } = setup();
    const sameChannel = storeTextDocument(registry, 'نسخة الكترونية ثانية', 'again.pdf');
    const before = registrySnapshot(db);
    expect(errorOf(() => registry.attach({ registrationId: reg.id, documentSha256: sameChannel, role: 'twin', twin: { channel: 'electronic', transport: 'exchange', score: null } })).kind).toBe(
      'validation',
    );
    expect(errorOf(() => registry.attach({ registrationId: 999, documentSha256: sameChannel, role: 'continuation' })).kind).toBe('not_found');
    expect(errorOf(() => registry.attach({ registrationId: reg.id, documentSha256: 'a'.repeat(64), role: 'continuation' })).kind).toBe('not_found');
    expect(registrySnapshot(db)).toEqual(before);

    const paper = storeTextDocument(registry, 'النسخة الورقية', 'scan.png');
    registry.attach({ registrationId: reg.id, documentSha256: paper, role: 'twin', twin: { channel: 'paper', transport: 'by_hand', score: null } });
    const second = storeTextDocument(registry, 'نسخة ورقية أخرى', 'scan2.png');
    expect(errorOf(() => registry.attach({ registrationId: reg.id, documentSha256: second, role: 'twin', twin: { channel: 'paper', transport: 'by_hand', score: null } })).message).toMatch(
      /already has its twin/,
    );
    // the same paper twice: already registered
    expect(errorOf(() => registry.attach({ registrationId: reg.id, documentSha256: paper, role: 'continuation' })).kind).toBe('duplicate_file');

    db.prepare("UPDATE registrations SET annulled = 1, annulled_at = '2026-05-01T10:00:00Z', annulment_reason = 'x', annulment_operator = 'y' WHERE id = ?").run(reg.id);
    expect(errorOf(() => registry.attach({ registrationId: reg.id, documentSha256: second, role: 'continuation' })).message).toMatch(/annulled/);
  });

  it('the database refuses any other channel change', () => {
    const { db, reg } = setup();
    expect(() => db.prepare("UPDATE registrations SET channel = 'paper' WHERE id = ?").run(reg.id)).toThrow(/immutable/);
    db.prepare("UPDATE registrations SET channel = 'both' WHERE id = ?").run(reg.id);
    expect(() => db.prepare("UPDATE registrations SET channel = 'electronic' WHERE id = ?").run(reg.id)).toThrow(/immutable/);
  });

  it('a throw in the hook rolls the whole link back', () => {
    const { db, registry, reg } = setup(() => {
      throw new Error('outbox full');
    });
    const paper = storeTextDocument(registry, 'الورقة', 'scan.png');
    const before = registrySnapshot(db);
    expect(errorOf(() => registry.attach({ registrationId: reg.id, documentSha256: paper, role: 'twin', twin: { channel: 'paper', transport: 'post', score: null } })).kind).toBe(
      'storage_failed',
    );
    expect(registrySnapshot(db)).toEqual(before);
    expect(db.prepare('SELECT channel FROM registrations').pluck().get()).toBe('electronic');
  });

  it('a refused candidate is recorded once', () => {
    const { db, registry, reg } = setup();
    const paper = storeTextDocument(registry, 'كتاب آخر', 'scan.png');
    registry.refuseTwin({ documentSha256: paper, registrationId: reg.id });
    registry.refuseTwin({ documentSha256: paper, registrationId: reg.id });
    expect(db.prepare('SELECT count(*) FROM twin_refusals').pluck().get()).toBe(1);
    expect(registry.show({ registryNumber: reg.registryNumber, register: null }).history.map((h) => h.action)).toEqual(['registered', 'twin_refused']);
  });
});

describe('a continuation', () => {
  it('adds pages without touching the channel', () => {
    const { registry, reg } = setup();
    const more = storeTextDocument(registry, 'الصفحة الثانية من الكتاب', 'page2.png');
    const after = registry.attach({ registrationId: reg.id, documentSha256: more, role: 'continuation' });
    expect(after.channel).toBe('electronic');
    expect(registry.show({ registryNumber: reg.registryNumber, register: null }).documents.map((d) => d.role)).toEqual(['main', 'continuation']);
    expect(errorOf(() => registry.attach({ registrationId: reg.id, documentSha256: more, role: 'twin' })).kind).toBe('duplicate_file');
  });
});
