/**
 * The layer boundaries (docs/architecture.md, eslint.config.js) as a test: the whole tree is linted
 * with only the boundary rules, and planted violations prove each rule really fires.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BOUNDARY_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
    // Boundary rules need no type information: skip building the TypeScript program.
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  });
});

/**
 * Lints `code` as if it were `file`. The planted snippets spell the module `ELECTRON` so that no
 * source file of ours contains a literal electron import outside electron/main and preload.
 */
async function violations(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code.replaceAll('ELECTRON', 'electron'), { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

describe('layer boundaries', () => {
  it('hold across the tree', async () => {
    const results = await eslint.lintFiles(['.']);
    const found = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId))
        .map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.message}`),
    );
    expect(results.length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });

  it.each([
    ['electron/services/x.ts', "import { app } from 'ELECTRON';"],
    ['electron/services/x.ts', "const e = require('ELECTRON');"],
    ['electron/services/x.ts', "const e = await import('ELECTRON');"],
    ['electron/host/x.ts', "import { app } from 'ELECTRON';"],
    ['electron/cli/x.ts', "import { app } from 'ELECTRON';"],
    ['electron/main/services-process.ts', "import type { UtilityProcess } from 'ELECTRON';"],
    ['shared/x.ts', "import { app } from 'ELECTRON';"],
    ['test/x.test.ts', "import { app } from 'ELECTRON';"],
  ])('%s may not import electron: %s', async (file, code) => {
    expect((await violations(code, file)).join('\n')).toMatch(/electron/);
  });

  it.each([
    ['renderer/x.tsx', "import fs from 'node:fs';"],
    ['renderer/x.ts', "import path from 'path';"],
    ['renderer/x.ts', "import { readFile } from 'fs/promises';"],
    ['shared/x.ts', "import { createHash } from 'node:crypto';"],
    ['shared/x.ts', "import os from 'os';"],
  ])('%s may not use Node built-ins: %s', async (file, code) => {
    expect((await violations(code, file)).join('\n')).toMatch(/no Node built-ins/);
  });

  it.each([
    ['renderer/intake/x.tsx', "import { createServices } from '../../electron/services/services.ts';"],
    ['renderer/x.ts', "import { openDatabase } from '../electron/services/db/open.ts';"],
    ['renderer/x.ts', "import { startHost } from '../electron/host/main.ts';"],
  ])('%s may not reach the services directly: %s', async (file, code) => {
    expect((await violations(code, file)).join('\n')).toMatch(/typed contract/);
  });

  it('shared/ may not depend on our other layers', async () => {
    expect(await violations("import { x } from '../electron/services/paths.ts';", 'shared/x.ts')).not.toEqual([]);
    expect(await violations("import { x } from '../renderer/App.tsx';", 'shared/x.ts')).not.toEqual([]);
  });

  it.each([
    ['electron/main/x.ts', "import { app } from 'ELECTRON';"],
    ['electron/preload/x.ts', "import { contextBridge } from 'ELECTRON';"],
    ['renderer/x.ts', "import { contract } from '../shared/contract/index.ts';"],
    ['shared/x.ts', "import { z } from 'zod';"],
    ['electron/services/x.ts', "import fs from 'node:fs';"],
  ])('%s may: %s', async (file, code) => {
    expect(await violations(code, file)).toEqual([]);
  });
});
