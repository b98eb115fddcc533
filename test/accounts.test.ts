/**
 * Desk accounts over the real services and SQLite file: the first run as the OS user, the first
 * admin, sign-in and out, the operator of every event, lockout (persisted across a restart), the
 * admin's user management and the last-admin rule.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { LOCKOUT_MINUTES, MAX_FAILED_SIGN_INS } from '../electron/services/auth/accounts.ts';
import { openDesk, PASSWORDS, type TestDesk } from './helpers/desk.ts';

const open: TestDesk[] = [];
async function desk(opts: Parameters<typeof openDesk>[0] = {}): Promise<TestDesk> {
  const d = await openDesk(opts);
  open.push(d);
  return d;
}
afterEach(async () => {
  for (const d of open.splice(0)) await d.services.close();
});

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.kind : `thrown: ${String(err)}`;
  }
}

describe('a fresh desk (no accounts)', () => {
  it('runs every call as the OS user until the first admin is created, then requires sign-in', async () => {
    const d = await desk();
    const h = d.services.handlers;
    expect(await h['auth.status']({})).toEqual({ accountsExist: false, user: null, osUser: 'os-user' });
    const number = await d.registerLetter('قبل الحسابات');
    expect((await h['registry.show']({ registryNumber: number, register: null })).history[0]).toMatchObject({ action: 'registered', operator: 'os-user' });

    // the first account can only be the admin
    expect(await kindOf(h['users.create']({ username: 'karim', displayName: 'كريم', role: 'clerk', password: 'clerk-pass-1' }))).toBe('validation');
    const st = await h['auth.createFirstAdmin']({ username: '  Amal ', displayName: 'أمل', password: PASSWORDS.admin });
    expect(st).toMatchObject({ accountsExist: true, user: { username: 'amal', displayName: 'أمل', role: 'admin' } });
    // only once
    expect(await kindOf(h['auth.createFirstAdmin']({ username: 'other', displayName: 'x', password: 'another-pass' }))).toBe('forbidden');

    await h['auth.signOut']({});
    const r = await d.call('registry.page', { offset: 0 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
    // the sign-in screen still reads the UI settings
    expect(await d.call('settings.get', {})).toMatchObject({ ok: true });
    expect(await d.call('auth.status', {})).toMatchObject({ ok: true, value: { accountsExist: true, user: null } });
  });
});

describe('signing in', () => {
  it('makes the signed-in user the operator of registrations and audit events', async () => {
    const d = await desk({ accounts: true });
    await d.signIn('KARIM', PASSWORDS.clerk); // user names are case-insensitive
    const number = await d.registerLetter('كتاب الموظف');
    const row = d.services.registry.db.prepare('SELECT operator FROM registrations WHERE registry_number = ?').get(number);
    expect(row).toEqual({ operator: 'karim' });
    const detail = await d.services.handlers['registry.show']({ registryNumber: number, register: null });
    expect(detail.history.map((e) => [e.action, e.operator])).toEqual([['registered', 'karim']]);
    const log = d.services.registry.db.prepare("SELECT action, operator FROM audit_log WHERE action IN ('signed_in', 'user_created') ORDER BY id").all();
    expect(log).toContainEqual({ action: 'signed_in', operator: 'karim' });
    expect(log).toContainEqual({ action: 'user_created', operator: 'amal' }); // the admin created karim
  });

  it('refuses a wrong password and an unknown name alike, and signs out', async () => {
    const d = await desk({ accounts: true });
    const h = d.services.handlers;
    expect(await kindOf(h['auth.signIn']({ username: 'karim', password: 'wrong' }))).toBe('wrong_credentials');
    expect(await kindOf(h['auth.signIn']({ username: 'nobody', password: 'wrong' }))).toBe('wrong_credentials');
    expect((await h['auth.status']({})).user).toBeNull();
    await d.signIn('karim', PASSWORDS.clerk);
    expect((await h['auth.status']({})).user?.username).toBe('karim');
    expect((await h['auth.signOut']({})).user).toBeNull();
    expect(await kindOf(h['registry.search']({ query: 'x', limit: 5, beforeId: null }))).toBe('unauthenticated');
  });

  it(`locks an account after ${MAX_FAILED_SIGN_INS} failures for ${LOCKOUT_MINUTES} minutes, across a restart`, async () => {
    const d = await desk({ accounts: true });
    const h = d.services.handlers;
    const attempts: string[] = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) attempts.push(await kindOf(h['auth.signIn']({ username: 'karim', password: `guess-${i}` })));
    expect(attempts).toEqual([...Array<string>(MAX_FAILED_SIGN_INS - 1).fill('wrong_credentials'), 'account_locked']);
    // the right password does not open a locked account
    expect(await kindOf(h['auth.signIn']({ username: 'karim', password: PASSWORDS.clerk }))).toBe('account_locked');
    // other accounts are not affected
    await d.signIn('sara', PASSWORDS.supervisor);
    await d.signOut();

    // the lock is in the database: a restarted desk still refuses
    await d.services.close();
    open.splice(open.indexOf(d), 1);
    const again = await desk({ dataDir: d.dataDir, start: new Date(d.clock.now.getTime() + (LOCKOUT_MINUTES - 1) * 60_000).toISOString() });
    expect(await kindOf(again.services.handlers['auth.signIn']({ username: 'karim', password: PASSWORDS.clerk }))).toBe('account_locked');
    again.clock.advance(61_000);
    await again.signIn('karim', PASSWORDS.clerk);
    const log = again.services.registry.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'account_locked'").get();
    expect(log).toEqual({ n: 1 });
    // a success resets the count: four more failures do not lock
    await again.signOut();
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) expect(await kindOf(again.services.handlers['auth.signIn']({ username: 'karim', password: 'x' }))).toBe('wrong_credentials');
    await again.signIn('karim', PASSWORDS.clerk);
  });
});

describe('user management (admin)', () => {
  it('creates, changes roles, disables (ending the session), resets passwords, and keeps one admin', async () => {
    const d = await desk({ accounts: true });
    const h = d.services.handlers;
    await d.signIn('amal', PASSWORDS.admin);
    expect((await h['users.list']({})).map((u) => [u.username, u.role, u.disabled])).toEqual([
      ['amal', 'admin', false],
      ['karim', 'clerk', false],
      ['sara', 'supervisor', false],
    ]);
    expect(await kindOf(h['users.create']({ username: 'karim', displayName: 'x', role: 'clerk', password: 'long-enough' }))).toBe('validation');
    expect(await kindOf(h['users.setRole']({ username: 'amal', role: 'clerk' }))).toBe('validation'); // the last admin
    expect(await kindOf(h['users.setDisabled']({ username: 'amal', disabled: true }))).toBe('validation');
    expect((await h['users.setRole']({ username: 'sara', role: 'admin' })).role).toBe('admin');
    expect((await h['users.setRole']({ username: 'sara', role: 'supervisor' })).role).toBe('supervisor');

    // a locked account is opened by a password reset
    await d.signOut();
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await kindOf(h['auth.signIn']({ username: 'karim', password: 'x' }));
    await d.signIn('amal', PASSWORDS.admin);
    expect((await h['users.list']({})).find((u) => u.username === 'karim')?.lockedUntil).not.toBeNull();
    expect((await h['users.resetPassword']({ username: 'karim', password: 'fresh-password' })).lockedUntil).toBeNull();
    await d.signOut();
    await d.signIn('karim', 'fresh-password');
    // the clerk changes their own password
    expect(await kindOf(h['auth.changePassword']({ currentPassword: 'nope', newPassword: 'another-one' }))).toBe('wrong_credentials');
    await h['auth.changePassword']({ currentPassword: 'fresh-password', newPassword: 'another-one' });

    // disabling an account ends its session at its next call (here a second desk window on the same file)
    const other = await desk({ dataDir: d.dataDir });
    await other.signIn('karim', 'another-one');
    expect(await kindOf(other.services.handlers['registry.page']({ register: null, offset: 0, limit: 5 }))).toBe('ok');
    await d.signOut();
    await d.signIn('amal', PASSWORDS.admin);
    await h['users.setDisabled']({ username: 'karim', disabled: true });
    expect(await kindOf(other.services.handlers['registry.page']({ register: null, offset: 0, limit: 5 }))).toBe('unauthenticated');
    await d.signOut();
    expect(await kindOf(h['auth.signIn']({ username: 'karim', password: 'another-one' }))).toBe('wrong_credentials');
    const actions = (d.services.registry.db.prepare('SELECT action FROM audit_log WHERE registration_id IS NULL ORDER BY id').pluck().all() as string[]);
    for (const a of ['user_created', 'user_role_changed', 'password_reset', 'password_changed', 'user_disabled', 'signed_out']) expect(actions).toContain(a);
    expect(d.services.registry.verifyAudit().ok).toBe(true);
  });
});
