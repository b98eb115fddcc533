/**
 * `registry-desk directory export|import`: an admin edits the counterpart directory as JSON, and the
 * next suggestion uses the edit. Runs the command line in-process on a real data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Agency } from '../shared/contract/index.ts';
import { runCli } from './helpers/cli.ts';
import { tempDir } from './helpers/registry-fixture.ts';

const cli = runCli;

describe('registry-desk directory', () => {
  it('exports the shipped directory, imports an edited one, and refuses a broken file without changing anything', async () => {
    const dataDir = tempDir();
    const exported = await cli(['--data-dir', dataDir, 'directory', 'export']);
    expect(exported.code).toBe(0);
    const agencies = JSON.parse(exported.out) as Agency[];
    expect(agencies.length).toBeGreaterThanOrEqual(60);
    expect(agencies.find((a) => a.code === 'MPW')?.nameAr).toBe('وزارة الأشغال العامة');

    const edited = agencies.map((a) => (a.code === 'MPW' ? { ...a, aliases: [...a.aliases, 'الأشغال'] } : a));
    edited.push({ code: 'TEST-AG', nameAr: 'هيئة التجربة', nameEn: 'Test Authority', aliases: [], connectedSince: null, requiresPaper: false });
    const file = path.join(dataDir, 'edited.json');
    fs.writeFileSync(file, JSON.stringify(edited));
    const imported = await cli(['--data-dir', dataDir, 'directory', 'import', file]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toEqual({ count: agencies.length + 1 });

    const again = JSON.parse((await cli(['--data-dir', dataDir, 'directory', 'export'])).out) as Agency[];
    expect(again.find((a) => a.code === 'TEST-AG')?.nameEn).toBe('Test Authority');
    expect(again.find((a) => a.code === 'MPW')?.aliases).toContain('الأشغال');

    const broken = path.join(dataDir, 'broken.json');
    fs.writeFileSync(broken, JSON.stringify([{ code: '', nameAr: 'x' }]));
    const refused = await cli(['--data-dir', dataDir, 'directory', 'import', broken]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.err).error.kind).toBe('validation');
    const duplicated = path.join(dataDir, 'duplicated.json');
    fs.writeFileSync(duplicated, JSON.stringify([edited[0], edited[0]]));
    expect((await cli(['--data-dir', dataDir, 'directory', 'import', duplicated])).code).toBe(1);
    const after = JSON.parse((await cli(['--data-dir', dataDir, 'directory', 'export'])).out) as Agency[];
    expect(after).toEqual(again);
  });
});
