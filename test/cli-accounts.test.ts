/**
 * `registry-desk users …`, `--user NAME` and `annulments …` on a real data folder: the first admin
 * is created without signing in, later commands need a user with the right role, the password comes
 * from REGISTRY_DESK_PASSWORD (a new one from REGISTRY_DESK_NEW_PASSWORD).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { openDesk } from './helpers/desk.ts';
import { tempDir } from './helpers/registry-fixture.ts';

const saved = { ...process.env };
beforeEach(() => {
  delete process.env.REGISTRY_DESK_PASSWORD;
  delete process.env.REGISTRY_DESK_NEW_PASSWORD;
});
afterEach(() => {
  process.env = { ...saved };
});

const json = (s: string) => JSON.parse(s.trim().split('\n').pop() ?? 'null') as Record<string, unknown>;

describe('registry-desk users and --user', () => {
  it('creates the first admin, then the others as that admin; refuses the wrong role and password', async () => {
    const dir = tempDir();
    process.env.REGISTRY_DESK_NEW_PASSWORD = 'short';
    const weak = await runCli(['--data-dir', dir, 'users', 'add', 'amal', '--role', 'admin']);
    expect(weak.code).toBe(1);
    expect(json(weak.err)).toMatchObject({ error: { kind: 'validation' } }); // under 8 characters
    process.env.REGISTRY_DESK_NEW_PASSWORD = 'admin-pass-1';
    expect((await runCli(['--data-dir', dir, 'users', 'add', 'karim', '--role', 'clerk'])).code).toBe(1); // first must be admin
    const first = await runCli(['--data-dir', dir, 'users', 'add', 'Amal', '--role', 'admin', '--display-name', 'أمل']);
    expect(first.code).toBe(0);
    expect(json(first.out)).toEqual({ username: 'amal', displayName: 'أمل', role: 'admin' });

    // now everything needs a user
    const anon = await runCli(['--data-dir', dir, 'users', 'list']);
    expect(anon.code).toBe(1);
    expect(json(anon.err)).toMatchObject({ error: { kind: 'unauthenticated' } });
    process.env.REGISTRY_DESK_PASSWORD = 'wrong-password';
    expect(json((await runCli(['--data-dir', dir, '--user', 'amal', 'users', 'list'])).err)).toMatchObject({ error: { kind: 'wrong_credentials' } });
    process.env.REGISTRY_DESK_PASSWORD = 'admin-pass-1';
    process.env.REGISTRY_DESK_NEW_PASSWORD = 'clerk-pass-1';
    expect((await runCli(['--data-dir', dir, '--user', 'amal', 'users', 'add', 'karim', '--role', 'clerk'])).code).toBe(0);
    process.env.REGISTRY_DESK_NEW_PASSWORD = 'super-pass-1';
    expect((await runCli(['--data-dir', dir, '--user', 'amal', 'users', 'add', 'sara', '--role', 'supervisor'])).code).toBe(0);
    const list = await runCli(['--data-dir', dir, '--user', 'amal', 'users', 'list']);
    expect((JSON.parse(list.out) as Array<{ username: string; role: string }>).map((u) => `${u.username}:${u.role}`)).toEqual(['amal:admin', 'karim:clerk', 'sara:supervisor']);

    // a clerk cannot read the audit verification nor manage users
    process.env.REGISTRY_DESK_PASSWORD = 'clerk-pass-1';
    const clerkAudit = await runCli(['--data-dir', dir, '--user', 'karim', 'audit', 'verify']);
    expect(clerkAudit.code).toBe(1);
    expect(json(clerkAudit.err)).toMatchObject({ error: { kind: 'forbidden' } });
    expect(json((await runCli(['--data-dir', dir, '--user', 'karim', 'users', 'disable', 'sara'])).err)).toMatchObject({ error: { kind: 'forbidden' } });
    process.env.REGISTRY_DESK_PASSWORD = 'super-pass-1';
    const ok = await runCli(['--data-dir', dir, '--user', 'sara', 'audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(json(ok.out)).toMatchObject({ ok: true });

    // the last admin stays
    process.env.REGISTRY_DESK_PASSWORD = 'admin-pass-1';
    expect(json((await runCli(['--data-dir', dir, '--user', 'amal', 'users', 'set-role', 'amal', 'clerk'])).err)).toMatchObject({ error: { kind: 'validation', details: { rule: 'last_admin' } } });
    expect((await runCli(['--data-dir', dir, '--user', 'amal', 'users', 'set-role', 'amal', 'root'])).code).toBe(2);
  });

  it('requests and approves an annulment from the command line, as two users', async () => {
    const d = await openDesk({ accounts: true });
    await d.signIn('karim', 'clerk-pass-1');
    const number = await d.registerLetter('كتاب للإلغاء');
    await d.services.close();
    process.env.REGISTRY_DESK_PASSWORD = 'clerk-pass-1';
    const req = await runCli(['--data-dir', d.dataDir, '--user', 'karim', 'annulments', 'request', number, '--reason', 'مكرر']);
    expect(req.code).toBe(0);
    const id = json(req.out).id as number;
    expect(json((await runCli(['--data-dir', d.dataDir, '--user', 'karim', 'annulments', 'approve', String(id), '--reference', 'x'])).err)).toMatchObject({ error: { kind: 'forbidden' } });
    process.env.REGISTRY_DESK_PASSWORD = 'super-pass-1';
    const pending = await runCli(['--data-dir', d.dataDir, '--user', 'sara', 'annulments', 'list']);
    expect((JSON.parse(pending.out) as { items: Array<{ id: number }> }).items.map((r) => r.id)).toEqual([id]);
    const ok = await runCli(['--data-dir', d.dataDir, '--user', 'sara', 'annulments', 'approve', String(id), '--reference', 'قرار 9']);
    expect(ok.code).toBe(0);
    expect(json(ok.out)).toMatchObject({ status: 'approved', decidedBy: 'sara', requestedBy: 'karim' });
    const shown = await runCli(['--data-dir', d.dataDir, '--user', 'sara', 'show', number]);
    expect(json(shown.out)).toMatchObject({ annulled: true, annulment: { authorisingReference: 'قرار 9' } });
  });
});
