/**
 * A separate desk process for the numbering tests: registers against a shared data folder.
 *   node register-child.ts <dataDir> loop <count|forever> <tag>   prints each registry number on a line
 *   node register-child.ts <dataDir> pause <tag>                  stops inside the write transaction
 *                                                                 (after the number was taken), prints
 *                                                                 "paused" and waits to be killed
 */
import fs from 'node:fs';
import { openDatabase } from '../../electron/services/db/open.ts';
import { createRegistry } from '../../electron/services/registry/index.ts';
import { dataLayout } from '../../electron/services/paths.ts';
import { storeTextDocument } from './registry-fixture.ts';

const [dataDir, mode, ...rest] = process.argv.slice(2);
if (dataDir === undefined || mode === undefined) throw new Error('usage: register-child <dataDir> loop|pause …');
const db = openDatabase(dataLayout(dataDir).database);
const registry = createRegistry(db, { operator: () => `child-${process.pid}` });

function registerOne(tag: string, i: number): string {
  const sha = storeTextDocument(registry, `كتاب رقم ${i} من ${tag}`, 'letter.png', `${process.pid}-${i}`);
  const r = registry.register({ documentSha256: sha, counterpart: { code: null, name: 'جهة' }, subject: `موضوع ${tag} ${i}` });
  return r.registration?.registryNumber ?? 'none';
}

if (mode === 'loop') {
  const [countArg, tag = 'x'] = rest;
  const count = countArg === 'forever' ? Number.POSITIVE_INFINITY : Number(countArg);
  for (let i = 0; i < count; i++) fs.writeSync(1, `${registerOne(tag, i)}\n`);
} else if (mode === 'pause') {
  const [tag = 'x'] = rest;
  const wait = new Int32Array(new SharedArrayBuffer(4));
  db.function('pause_inside_transaction', () => {
    fs.writeSync(1, 'paused\n');
    Atomics.wait(wait, 0, 0, 60_000);
    return null;
  });
  db.exec('CREATE TEMP TRIGGER pause_after_audit AFTER INSERT ON main.audit_log BEGIN SELECT pause_inside_transaction(); END');
  registerOne(tag, 0);
  fs.writeSync(1, 'not killed\n');
}
db.close();
