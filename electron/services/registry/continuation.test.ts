/**
 * Telling a re-scan from further pages (continuation.ts) over a real SQLite file, with the fixture
 * letters' ground-truth texts as what was read (no OCR): a page carrying the registration's page plus
 * a label or stamp is a re-scan; every other fixture letter, though built from the same pool of
 * sentences, is not; a page with too little text, or one page new among held ones, is a continuation;
 * the registered file itself is `attached`; a continuation once attached is held too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open.ts';
import { openTestRegistry, storeTextDocument, tempDir } from '../../../test/helpers/registry-fixture.ts';
import { relationTo } from './continuation.ts';

const LETTERS = path.resolve(import.meta.dirname, '../../../../shared/fixtures/letters');
if (!fs.existsSync(LETTERS)) throw new Error(`fixtures missing: ${LETTERS}`);
const truths = fs
  .readdirSync(LETTERS)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => (JSON.parse(fs.readFileSync(path.join(LETTERS, f), 'utf8')) as { text: string }).text);

const LABEL = 'وزارة الأشغال العامة\nسجل الوارد\nرقم القيد 2026/000001\nتاريخ القيد 29/11/2026 م\nالموافق 19 جمادى الآخرة 1448 هـ';

let dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs) db.close();
  dbs = [];
});

function registered(text: string) {
  const { db, registry } = openTestRegistry(tempDir());
  dbs.push(db);
  const sha256 = storeTextDocument(registry, text);
  const reg = registry.register({ documentSha256: sha256, counterpart: { code: null, name: 'وزارة الأشغال العامة' }, subject: 'كتاب' }).registration!;
  return { db, registry, sha256, detail: () => registry.show({ registryNumber: reg.registryNumber, register: reg.register }) };
}

describe('re-scan or continuation', () => {
  it('the same page with a label or stamp added is a re-scan; every other fixture letter is not', () => {
    expect(truths.length).toBeGreaterThanOrEqual(10);
    const { db, registry } = openTestRegistry(tempDir());
    dbs.push(db);
    const details = truths.map((text) => {
      const reg = registry.register({ documentSha256: storeTextDocument(registry, text), counterpart: { code: null, name: 'وزارة' }, subject: 'كتاب' }).registration!;
      return registry.show({ registryNumber: reg.registryNumber, register: reg.register });
    });
    for (const [i, text] of truths.entries()) {
      const detail = () => details[i]!;
      expect(relationTo(db, detail(), [{ text: `${text}\n${LABEL}` }]), `letter ${i} again`).toBe('rescan');
      expect(relationTo(db, detail(), [{ text: `${LABEL}\n${text}` }, { text: '' }]), `letter ${i} again, blank back`).toBe('rescan');
      for (const [j, other] of truths.entries()) {
        if (j !== i) expect(relationTo(db, detail(), [{ text: `${other}\n${LABEL}` }]), `letter ${j} against ${i}`).toBe('continuation');
      }
    }
  });

  it('a page with too little text to judge, or one new page among held ones, is a continuation; the file itself is attached', () => {
    const { db, registry, sha256, detail } = registered(truths[0]!);
    expect(relationTo(db, detail(), [{ text: LABEL.split('\n')[2]! }])).toBe('continuation');
    expect(relationTo(db, detail(), [])).toBe('continuation');
    expect(relationTo(db, detail(), [{ text: truths[0]! }, { text: truths[1]! }])).toBe('continuation');
    expect(relationTo(db, detail(), [{ text: truths[0]! }], sha256)).toBe('attached');
    // Once page 2 is attached, both pages scanned again are a re-scan.
    const second = storeTextDocument(registry, truths[1]!, 'page-2.png');
    registry.attach({ registrationId: detail().id, documentSha256: second, role: 'continuation' });
    expect(relationTo(db, detail(), [{ text: truths[0]! }, { text: `${truths[1]!}\n${LABEL}` }])).toBe('rescan');
    expect(relationTo(db, detail(), [{ text: truths[1]! }], second)).toBe('attached');
  });
});
