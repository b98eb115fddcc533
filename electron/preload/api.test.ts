import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract/index.ts';
import { createDeskApi } from './api.ts';

describe('createDeskApi', () => {
  it('has exactly one function per contract method', () => {
    const api = createDeskApi(() => Promise.resolve(null));
    expect(Object.keys(api).sort()).toEqual([...METHOD_NAMES].sort());
    for (const fn of Object.values(api)) expect(typeof fn).toBe('function');
  });

  it('sends each call over desk:call with its own name and the input untouched', async () => {
    const seen: unknown[][] = [];
    const api = createDeskApi((...args) => {
      seen.push(args);
      return Promise.resolve({ ok: true, value: args[1] });
    });
    const input = { query: 'وزارة' };
    await expect(api['registry.search'](input)).resolves.toEqual({ ok: true, value: 'registry.search' });
    for (const name of METHOD_NAMES) await (api[name] as (i: unknown) => Promise<unknown>)({});
    expect(seen[0]).toEqual(['desk:call', 'registry.search', input]);
    expect(seen.slice(1).map((s) => s[1])).toEqual(METHOD_NAMES);
    expect(seen.every((s) => s[0] === 'desk:call')).toBe(true);
  });

  it('the preload exposes only `desk` and never ipcRenderer itself', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const src = fs.readFileSync(path.join(here, 'preload.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(src.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(src).toMatch(/exposeInMainWorld\('desk', createDeskApi\(/);
    expect(src).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
    expect(src).not.toMatch(/\bipcRenderer\.(send|sendSync|on|postMessage)\b/);
  });
});
