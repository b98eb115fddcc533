import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { normalise } from '../../../shared/text/normalise.ts';
import { defaultDirectory, loadDirectory } from './index.ts';

const lettersDir = path.resolve(import.meta.dirname, '../../../../shared/fixtures/letters');

describe('defaultDirectory', () => {
  const dir = defaultDirectory();

  it('ships at least 60 Kuwaiti bodies with unique codes and names', () => {
    expect(dir.length).toBeGreaterThanOrEqual(60);
    expect(new Set(dir.map((a) => a.code)).size).toBe(dir.length);
    expect(new Set(dir.map((a) => normalise(a.nameAr))).size).toBe(dir.length);
    for (const a of dir) {
      expect(a.connectedSince).toBeNull();
      expect(a.requiresPaper).toBe(false);
    }
  });

  it('includes the core bodies', () => {
    const codes = new Set(dir.map((a) => a.code));
    for (const c of ['AD', 'GSCM', 'FLD', 'CSC', 'KM', 'PACI', 'KFF', 'KNA', 'SAB', 'CBK', 'KPC', 'KU', 'MOH', 'MOI', 'MOF']) {
      expect(codes, c).toContain(c);
    }
  });

  it('knows every sender and recipient of the fixture letters, with their codes', () => {
    if (!fs.existsSync(lettersDir)) throw new Error(`fixtures missing: ${lettersDir}`);
    const byName = new Map(dir.flatMap((a) => [a.nameAr, ...a.aliases].map((n) => [normalise(n), a.code] as const)));
    const files = fs.readdirSync(lettersDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const letter = JSON.parse(fs.readFileSync(path.join(lettersDir, f), 'utf8')) as { sender_ar: string; sender_en: string; sender_code: string; recipient_ar: string };
      expect(byName.get(normalise(letter.sender_ar)), f).toBe(letter.sender_code);
      expect(dir.find((a) => a.code === letter.sender_code)?.nameEn, f).toBe(letter.sender_en);
      expect(byName.has(normalise(letter.recipient_ar)), `${f} recipient ${letter.recipient_ar}`).toBe(true);
    }
  });
});

describe('loadDirectory', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'directory-'));
  const write = (name: string, body: string): string => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, body);
    return p;
  };

  it('rejects bad files with typed errors', () => {
    expect(() => loadDirectory(path.join(tmp, 'absent.json'))).toThrow(expect.objectContaining({ kind: 'storage_failed' }) as AppError);
    expect(() => loadDirectory(write('bad.json', '{'))).toThrow(expect.objectContaining({ kind: 'validation' }) as AppError);
    expect(() => loadDirectory(write('shape.json', '[{"code":""}]'))).toThrow(expect.objectContaining({ kind: 'validation' }) as AppError);
    const one = { code: 'X', nameAr: 'س', nameEn: 'X' };
    expect(() => loadDirectory(write('dup.json', JSON.stringify([one, one])))).toThrow(/duplicate agency code X/);
  });

  it('applies defaults', () => {
    expect(loadDirectory(write('ok.json', JSON.stringify([{ code: 'X', nameAr: 'س', nameEn: 'X' }])))).toEqual([
      { code: 'X', nameAr: 'س', nameEn: 'X', aliases: [], connectedSince: null, requiresPaper: false },
    ]);
  });
});
