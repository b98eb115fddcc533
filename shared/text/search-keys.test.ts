import { describe, expect, it } from 'vitest';
import { normalise } from './normalise.ts';
import { indexKeys, queryKey, withoutArticle } from './search-keys.ts';

describe('search keys for the Arabic article', () => {
  it.each([
    ['الوزارة', 'وزاره'],
    ['بالوزارة', 'وزاره'],
    ['والوزارة', 'وزاره'],
    ['للشؤون', 'شوون'],
    ['فالأمر', 'امر'],
    ['كالعادة', 'عاده'],
  ])('%s loses its article', (raw, bare) => {
    expect(withoutArticle(normalise(raw))).toBe(bare);
  });

  it.each([['وزارة'], ['الى'], ['الله'], ['2026'], ['ministry'], ['بلدية']])('%s is left alone', (raw) => {
    expect(withoutArticle(normalise(raw))).toBeNull();
  });

  it('indexes the bare form beside the written one, once', () => {
    expect(indexKeys(normalise('الوزارة تخاطب الوزارة ووزارة الصحة'))).toBe('الوزاره تخاطب الوزاره ووزاره الصحه وزاره صحه');
    expect(indexKeys('وزاره 2026')).toBe('وزاره 2026');
  });

  it('a query with or without the article meets the indexed keys', () => {
    const indexed = indexKeys(normalise('إلى الوزارة')).split(' ');
    expect(indexed).toContain(queryKey(normalise('وزارة')));
    expect(indexed).toContain(queryKey(normalise('الوزارة')));
  });
});
