/**
 * Audit-trail verification (`audit.verify`, `registry-desk audit verify`) on a real SQLite file
 * tampered with through a second connection that drops the append-only triggers: an edited entry, a
 * deleted entry and two swapped entries are each reported at exactly the entry concerned.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditVerification } from '../shared/contract/index.ts';
import { dataLayout } from '../electron/services/paths.ts';
import { runCli } from './helpers/cli.ts';
import { openDesk, type TestDesk } from './helpers/desk.ts';

const open: TestDesk[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.services.close();
});

/** A desk with a few events: settings, three registrations, one annulment request. */
async function deskWithEvents(): Promise<TestDesk> {
  const d = await openDesk();
  open.push(d);
  for (const s of ['كتاب أول', 'كتاب ثان', 'كتاب ثالث']) {
    await d.registerLetter(s);
    d.clock.advance(60_000);
  }
  await d.services.handlers['registry.requestAnnulment']({ registryNumber: '2026/000002', register: null, reason: 'خطأ' });
  return d;
}

/** Runs `sql` through a connection of the test's own, without the audit log's triggers. */
function tamper(d: TestDesk, sql: string): void {
  const db = new Database(path.join(dataLayout(d.dataDir).database));
  db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  db.exec(sql);
  db.close();
}

const entry = (d: TestDesk, id: number) =>
  d.services.registry.db.prepare('SELECT id, at, action, operator FROM audit_log WHERE id = ?').get(id) as { id: number; at: string; action: string; operator: string };

describe('audit verification', () => {
  it('passes an intact log and names its last entry', async () => {
    const d = await deskWithEvents();
    const v = await d.services.handlers['audit.verify']({});
    const last = d.services.registry.db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
    expect(v).toEqual({ ok: true, count: last.id, lastId: last.id, lastHash: last.hash });
  });

  it('names exactly the entry whose content was changed', async () => {
    const d = await deskWithEvents();
    const target = entry(d, 3);
    tamper(d, `UPDATE audit_log SET details = json_set(details, '$.registryNumber', '2026/000099') WHERE id = 3`);
    const v = await d.services.handlers['audit.verify']({});
    expect(v).toEqual({ ok: false, count: 3, broken: { ...target, problem: 'changed', missingFrom: null } } satisfies AuditVerification);
  });

  it('names the operator edited on an entry', async () => {
    const d = await deskWithEvents();
    tamper(d, `UPDATE audit_log SET operator = 'someone-else' WHERE id = 4`);
    expect(await d.services.handlers['audit.verify']({})).toMatchObject({ ok: false, broken: { id: 4, problem: 'changed', operator: 'someone-else' } });
  });

  it('reports a deleted entry at the gap it leaves', async () => {
    const d = await deskWithEvents();
    const next = entry(d, 3);
    tamper(d, 'DELETE FROM audit_log WHERE id = 2');
    expect(await d.services.handlers['audit.verify']({})).toEqual({ ok: false, count: 2, broken: { ...next, problem: 'missing', missingFrom: 2 } });
  });

  it('reports two swapped entries at the first of them', async () => {
    const d = await deskWithEvents();
    // swap entries 2 and 3 (ids kept in place, contents exchanged)
    tamper(
      d,
      `UPDATE audit_log SET id = -2 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = -2;`,
    );
    const v = await d.services.handlers['audit.verify']({});
    expect(v).toMatchObject({ ok: false, broken: { id: 2, problem: 'link_broken' } });
  });

  it('is on the command line: exit 0 and the summary when intact, 1 and the broken entry otherwise', async () => {
    const d = await deskWithEvents();
    const ok = await runCli(['--data-dir', d.dataDir, 'audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true });
    tamper(d, `UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE id = 5`);
    const bad = await runCli(['--data-dir', d.dataDir, 'audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, broken: { id: 5, at: '2020-01-01T00:00:00.000Z', problem: 'changed' } });
  });
});
