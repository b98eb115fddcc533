/**
 * Who may call what (shared/contract/access.ts), checked in one place for every transport:
 * a direct handler call, `dispatch()` (IPC and the browser host), and a real HTTP request to the
 * browser-mode host. Table-driven over roles; a clerk can never approve an annulment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_ACCESS, METHOD_NAMES, type Handlers } from '../shared/contract/index.ts';
import { AppError } from '../shared/errors.ts';
import { startHost, type RunningHost } from '../electron/host/host.ts';
import { openDesk, PASSWORDS, type TestDesk } from './helpers/desk.ts';
import { tempDir } from './helpers/registry-fixture.ts';

type Who = 'nobody' | 'clerk' | 'supervisor' | 'admin';
const ACCOUNT: Record<Exclude<Who, 'nobody'>, [string, string]> = {
  clerk: ['karim', PASSWORDS.clerk],
  supervisor: ['sara', PASSWORDS.supervisor],
  admin: ['amal', PASSWORDS.admin],
};

/** method, input, who gets past the guard (others: forbidden; nobody: unauthenticated unless public). */
const CASES: Array<[string, unknown, Who[]]> = [
  ['registry.approveAnnulment', { requestId: 999, authorisingReference: 'قرار 5' }, ['supervisor']],
  ['registry.refuseAnnulment', { requestId: 999, reason: 'لا' }, ['supervisor']],
  ['registry.requestAnnulment', { registryNumber: '2026/999999', reason: 'خطأ في الجهة' }, ['clerk', 'supervisor']],
  ['registry.annulmentRequests', {}, ['clerk', 'supervisor', 'admin']],
  ['audit.verify', {}, ['supervisor', 'admin']],
  ['users.list', {}, ['admin']],
  ['users.setRole', { username: 'karim', role: 'clerk' }, ['admin']],
  ['settings.update', {}, ['admin']],
  ['directory.save', { agencies: [] }, ['admin']],
  ['registry.register', { documentSha256: 'a'.repeat(64), counterpart: { name: 'جهة' }, subject: 'موضوع', dryRun: true }, ['clerk', 'supervisor']],
  ['registry.page', { offset: 0 }, ['clerk', 'supervisor', 'admin']],
  ['registry.search', { query: 'كتاب' }, ['clerk', 'supervisor', 'admin']],
  ['auth.changePassword', { currentPassword: 'wrong-one', newPassword: 'whatever-1' }, ['clerk', 'supervisor', 'admin']],
  ['auth.status', {}, ['nobody', 'clerk', 'supervisor', 'admin']],
  ['settings.get', {}, ['nobody', 'clerk', 'supervisor', 'admin']],
];

const ROWS = CASES.flatMap(([method, input, allowed]) =>
  (['nobody', 'clerk', 'supervisor', 'admin'] as Who[]).map((who) => {
    const expected = allowed.includes(who) ? 'allowed' : who === 'nobody' ? 'unauthenticated' : 'forbidden';
    return { method, input, who, expected };
  }),
);

let d: TestDesk;
let host: RunningHost;
beforeAll(async () => {
  d = await openDesk({ accounts: true });
  const rendererDir = tempDir('registry-desk-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startHost({ handlers: d.services.handlers, rendererDir });
}, 60_000);
afterAll(async () => {
  await host?.close();
  await d?.services.close();
});

let signedIn: Who = 'nobody';
async function as(who: Who): Promise<void> {
  if (who === signedIn) return;
  await d.signOut();
  if (who !== 'nobody') await d.signIn(...ACCOUNT[who]);
  signedIn = who;
}

/** 'allowed' when the guard let the call through (the handler may still refuse it for its own reasons). */
function verdict(kind: string | null): string {
  return kind === 'unauthenticated' || kind === 'forbidden' ? kind : 'allowed';
}

describe('the access table', () => {
  it('lists every contract method', () => {
    expect(METHOD_NAMES.filter((n) => !(n in METHOD_ACCESS))).toEqual([]);
  });
});

describe.each(['direct', 'dispatch', 'http'] as const)('through %s calls', (transport) => {
  it.each(ROWS)('$method as $who: $expected', async ({ method, input, who, expected }) => {
    await as(who);
    let kind: string | null = null;
    if (transport === 'direct') {
      try {
        await (d.services.handlers[method as keyof Handlers] as (i: unknown) => Promise<unknown>)(input);
      } catch (err) {
        kind = err instanceof AppError ? err.kind : 'internal';
      }
    } else if (transport === 'dispatch') {
      const r = await d.call(method, input);
      kind = r.ok ? null : r.error.kind;
    } else {
      const res = await fetch(`${host.url}api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
        body: JSON.stringify(input),
      });
      expect(res.status).toBe(200);
      const r = (await res.json()) as { ok: boolean; error?: { kind: string; message: string } };
      kind = r.ok ? null : (r.error?.kind ?? 'internal');
      if (expected === 'forbidden') expect(r.error?.message).toContain(method);
    }
    expect(verdict(kind)).toBe(expected);
  });
});

describe('a clerk and an annulment', () => {
  it('may request one but never approve it, by any route; the supervisor approves', async () => {
    await as('clerk');
    const number = await d.registerLetter('كتاب يُطلب إلغاؤه');
    const req = await d.services.handlers['registry.requestAnnulment']({ registryNumber: number, register: null, reason: 'الجهة خطأ' });
    const forged = { requestId: req.id, authorisingReference: 'مزور' };
    await expect(d.services.handlers['registry.approveAnnulment'](forged)).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await d.call('registry.approveAnnulment', forged)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const res = await fetch(`${host.url}api/registry.approveAnnulment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
      body: JSON.stringify(forged),
    });
    expect(await res.json()).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect((await d.services.handlers['registry.show']({ registryNumber: number, register: null })).annulled).toBe(false);
    await as('supervisor');
    const done = await d.services.handlers['registry.approveAnnulment']({ requestId: req.id, authorisingReference: 'قرار 17/2026' });
    expect(done).toMatchObject({ status: 'approved', decidedBy: 'sara', requestedBy: 'karim' });
    expect((await d.services.handlers['registry.show']({ registryNumber: number, register: null })).annulled).toBe(true);
  });
});
