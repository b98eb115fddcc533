/**
 * docs/exchange-openapi.yaml describes exactly the routes the exchange registers, and its error codes
 * are the closed list of shared/exchange/api.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXCHANGE_ERROR_CODES } from '../shared/exchange/api.ts';
import { buildExchangeApp } from './app.ts';
import { openSqliteStore } from './store/sqlite.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exchange-openapi-'));
const store = openSqliteStore(dataDir);
afterAll(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const spec = parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'docs', 'exchange-openapi.yaml'), 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: { Error: { properties: { error: { properties: { code: { enum: string[] } } } } } } };
};

describe('docs/exchange-openapi.yaml', () => {
  it('lists exactly the routes the server registers', async () => {
    const { app, routes } = buildExchangeApp({ store, dataDir });
    await app.ready();
    const methods = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);
    const documented = Object.entries(spec.paths).flatMap(([p, item]) =>
      Object.keys(item)
        .filter((k) => methods.has(k))
        .map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect([...routes].sort()).toEqual([...documented].sort());
    await app.close();
  });

  it('lists exactly the error codes of shared/exchange/api.ts', () => {
    expect([...spec.components.schemas.Error.properties.error.properties.code.enum].sort()).toEqual([...EXCHANGE_ERROR_CODES].sort());
  });
});
