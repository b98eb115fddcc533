import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open.ts';
import { openTestRegistry, registerText, tempDir } from '../../../test/helpers/registry-fixture.ts';
import { matchExpression } from './search-text.ts';

let dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs) db.close();
  dbs = [];
});

function seeded() {
  let t = Date.parse('2026-02-01T08:00:00Z');
  const { db, registry } = openTestRegistry(tempDir(), { clock: () => new Date((t += 60_000)) });
  dbs.push(db);
  registerText(registry, 'نرجو إفادتنا بالإجراءات المتخذة بشأن المشروع', { subject: 'الإجراءات المتخذة', counterpart: 'وزارة الأشغال العامة', referenceNumber: 'ص/٧٧٠٨٩/٢٠٢٦' });
  registerText(registry, 'تعميم بشأن أسماء الموظفين المؤهلين للترقية', { subject: 'أسماء المؤهلين للترقية', counterpart: 'ديوان الخدمة المدنية', referenceNumber: '2026/4411' });
  registerText(registry, 'طلب تزويدنا بالبيانات المالية للسنة المالية', { subject: 'البيانات المالية', counterpart: 'وزارة المالية', referenceNumber: 'م ع/123' });
  return registry;
}

describe('registry search', () => {
  it('finds a word typed without hamza', () => {
    const registry = seeded();
    const hits = registry.search({ query: 'اسماء', limit: 10, beforeId: null }).items;
    expect(hits.map((h) => h.registryNumber)).toEqual(['2026/000002']);
    expect(hits[0]?.snippet).toContain('أسماء'); // the snippet shows the raw text as written
  });

  it('finds a body word with tashkeel and tatweel in the query', () => {
    const registry = seeded();
    expect(registry.search({ query: 'الإجـــراءَات', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([1]);
  });

  it('finds a reference number typed with Arabic-Indic or Western digits', () => {
    const registry = seeded();
    expect(registry.search({ query: 'ص/77089/2026', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([1]);
    expect(registry.search({ query: '٤٤١١', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([2]);
    expect(registry.search({ query: '٢٠٢٦/٤٤١١', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([2]);
  });

  it('finds a word with or without the Arabic article', () => {
    const registry = seeded();
    // "المالية" is written with the article; "مالية" and "بالمالية" find it, "الأشغال" finds "الأشغال" only.
    expect(registry.search({ query: 'مالية', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([3]);
    expect(registry.search({ query: 'بالمالية', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([3]);
    expect(registry.search({ query: 'اشغال', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([1]);
    expect(registry.search({ query: 'الموظفين', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([2]);
    expect(registry.search({ query: 'موظفين', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([2]);
  });

  it('finds by counterpart and by our own registry number', () => {
    const registry = seeded();
    expect(registry.search({ query: 'ديوان الخدمه', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([2]);
    expect(registry.search({ query: '2026/000003', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([3]);
  });

  it('returns newest first with keyset pagination', () => {
    let t = Date.parse('2026-02-01T08:00:00Z');
    const { db, registry } = openTestRegistry(tempDir(), { clock: () => new Date((t += 60_000)) });
    dbs.push(db);
    for (let i = 1; i <= 7; i++) registerText(registry, `كتاب بشأن المناقصة رقم ${i}`, { subject: `مناقصة ${i}` });
    registerText(registry, 'كتاب آخر لا علاقة له', { subject: 'أخرى' });
    const p1 = registry.search({ query: 'المناقصه', limit: 3, beforeId: null });
    expect(p1.items.map((h) => h.id)).toEqual([7, 6, 5]);
    expect(p1.nextBeforeId).toBe(5);
    const p2 = registry.search({ query: 'المناقصه', limit: 3, beforeId: p1.nextBeforeId });
    expect(p2.items.map((h) => h.id)).toEqual([4, 3, 2]);
    const p3 = registry.search({ query: 'المناقصه', limit: 3, beforeId: p2.nextBeforeId });
    expect(p3.items.map((h) => h.id)).toEqual([1]);
    expect(p3.nextBeforeId).toBeNull();
  });

  it('treats FTS syntax in a query as plain text', () => {
    const registry = seeded();
    expect(matchExpression('"المالية" OR NEAR(* -')).toBe('"ماليه" AND "or" AND "near"');
    expect(registry.search({ query: '*** ---', limit: 10, beforeId: null })).toEqual({ items: [], nextBeforeId: null });
    expect(registry.search({ query: '"المالية"', limit: 10, beforeId: null }).items.map((h) => h.id)).toEqual([3]);
  });

  it('pages through the register newest first', () => {
    const registry = seeded();
    expect(registry.page({ register: null, offset: 0, limit: 2 })).toMatchObject({ total: 3, items: [{ id: 3 }, { id: 2 }] });
    expect(registry.page({ register: null, offset: 2, limit: 2 }).items.map((i) => i.id)).toEqual([1]);
    expect(registry.page({ register: 'incoming', offset: 1, limit: 5 })).toMatchObject({ total: 3, items: [{ id: 2 }, { id: 1 }] });
    expect(registry.page({ register: 'outgoing', offset: 0, limit: 5 })).toEqual({ total: 0, items: [] });
  });
});
