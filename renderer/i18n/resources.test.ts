import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS } from '../../shared/errors.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';

type Tree = { [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Flattened keys with plural suffixes folded, e.g. `register.total`. */
function keys(tree: Tree, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = `${prefix}${k.replace(PLURAL, '')}`;
    if (typeof v === 'string') out.add(key);
    else for (const sub of keys(v, `${key}.`)) out.add(sub);
  }
  return out;
}

describe('UI strings', () => {
  it('Arabic and English have the same keys', () => {
    expect([...keys(ar as Tree)].sort()).toEqual([...keys(en as Tree)].sort());
  });

  it.each(ERROR_KINDS)('error kind %s is explained in both languages', (kind) => {
    expect((ar.errors.kind as Record<string, string>)[kind]).toMatch(/[\u0600-\u06FF]/);
    expect((en.errors.kind as Record<string, string>)[kind]).toMatch(/[A-Za-z]/);
  });

  it('uses the six Arabic plural forms', async () => {
    const i = i18next.createInstance();
    await i.init({ lng: 'ar', resources: { ar: { translation: ar }, en: { translation: en } }, interpolation: { escapeValue: false } });
    const total = (count: number) => i.t('register.total', { count });
    expect(total(0)).toBe('لا قيود');
    expect(total(1)).toBe('قيد واحد');
    expect(total(2)).toBe('قيدان');
    expect(total(3)).toBe('3 قيود');
    expect(total(11)).toBe('11 قيدًا');
    expect(total(100)).toBe('100 قيد');
    await i.changeLanguage('en');
    expect(i.t('register.total', { count: 1 })).toBe('1 registration');
    expect(i.t('register.total', { count: 1000000 })).toBe('1000000 registrations');
  });
});
