/**
 * The desk's session and accounts: who is signed in, what they may call, and the `auth.*` / `users.*`
 * contract handlers.
 *
 * One session per services instance (one user per desk window). While no account exists (a fresh
 * desk) nobody signs in and every call runs as the OS user; once the first admin exists, every call
 * but the `public` ones (shared/contract/access.ts) needs a signed-in user with an allowed role.
 * Every account change and every sign-in, failed sign-in, lockout and sign-out is an audit event.
 */
import type { Db } from '../db/open.ts';
import {
  accessOf,
  roleAllows,
  type AuthStatus,
  type Handlers,
  normaliseUsername,
  type MethodName,
  type SessionUser,
} from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { appendAudit } from '../registry/audit.ts';
import {
  accountsExist,
  insertUser,
  isLocked,
  listUsers,
  recordFailure,
  recordSuccess,
  requireUser,
  setPasswordHash,
  toUserView,
  updateUser,
  userById,
  userByName,
  type UserRow,
} from './accounts.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

export type AuthHandlerName =
  | 'auth.status' | 'auth.signIn' | 'auth.signOut' | 'auth.createFirstAdmin' | 'auth.changePassword'
  | 'users.list' | 'users.create' | 'users.setRole' | 'users.setDisabled' | 'users.resetPassword';

export interface AuthOptions {
  clock: () => Date;
  /** The operator while nobody is signed in (no accounts yet): the OS user name. */
  fallbackOperator: () => string;
}

export interface Auth {
  handlers: Pick<Handlers, AuthHandlerName>;
  /**
   * Checks that the current session may call `name` (shared/contract/access.ts).
   * @throws AppError('unauthenticated') accounts exist and nobody is signed in;
   *         AppError('forbidden') the signed-in user's role is not allowed.
   */
  authorise(name: MethodName | string): void;
  /** Who acts now: the signed-in user name, else the fallback (OS user). */
  operator(): string;
  /** The signed-in user (re-read: a disabled account ends its session), or null. */
  currentUser(): SessionUser | null;
  accountsExist(): boolean;
}

export function createAuth(db: Db, opts: AuthOptions): Auth {
  const { clock, fallbackOperator } = opts;
  let sessionUserId: number | null = null;

  function currentRow(): UserRow | null {
    if (sessionUserId === null) return null;
    const u = userById(db, sessionUserId);
    if (u === null || u.disabled === 1) {
      sessionUserId = null;
      return null;
    }
    return u;
  }
  const sessionUser = (u: UserRow): SessionUser => ({ username: u.username, displayName: u.display_name, role: u.role });
  const currentUser = (): SessionUser | null => {
    const u = currentRow();
    return u === null ? null : sessionUser(u);
  };
  const operator = (): string => currentRow()?.username ?? fallbackOperator();
  const status = (): AuthStatus => ({ accountsExist: accountsExist(db), user: currentUser(), osUser: fallbackOperator() });
  const audit = (action: string, details: Record<string, unknown>, who: string = operator()) =>
    appendAudit(db, { at: clock().toISOString(), operator: who, action, registrationId: null, details });
  const write = <T>(fn: () => T): T => db.transaction(fn).immediate();

  function authorise(name: string): void {
    const access = accessOf(name);
    if (access === 'public') return;
    if (!accountsExist(db)) return; // first run: the OS user, until the first admin exists
    const u = currentRow();
    if (u === null) throw new AppError('unauthenticated', `sign in to use ${name}`, { method: name });
    if (!roleAllows(access, u.role)) {
      throw new AppError('forbidden', `${name} is not allowed for the role ${u.role}`, {
        method: name,
        role: u.role,
        allowed: access === 'signed_in' ? [] : [...access],
      });
    }
  }

  const handlers: Pick<Handlers, AuthHandlerName> = {
    'auth.status': async () => status(),

    'auth.signIn': async (input) => {
      const username = normaliseUsername(input.username); // the handlers may be called without dispatch's parse
      const password = input.password;
      const found = userByName(db, username);
      if (found === null) {
        await verifyPassword(await dummyHash(), password); // same cost as a known name
        write(() => audit('sign_in_failed', { username }, fallbackOperator()));
        throw new AppError('wrong_credentials', 'wrong user name or password');
      }
      if (isLocked(found, clock())) {
        throw new AppError('account_locked', `${username} is locked until ${found.locked_until}`, { lockedUntil: found.locked_until });
      }
      const ok = await verifyPassword(found.password_hash, password);
      const rehash = ok && needsRehash(found.password_hash) ? await hashPassword(password) : null;
      const outcome = write(() => {
        const u = userById(db, found.id) as UserRow; // re-read: another attempt may have run meanwhile
        const now = clock();
        if (isLocked(u, now)) return { kind: 'locked' as const, until: u.locked_until };
        if (!ok || u.disabled === 1) {
          audit('sign_in_failed', { username }, fallbackOperator());
          if (u.disabled === 1) return { kind: 'wrong' as const };
          const until = recordFailure(db, u, now);
          if (until !== null) {
            audit('account_locked', { username, lockedUntil: until }, fallbackOperator());
            return { kind: 'locked' as const, until };
          }
          return { kind: 'wrong' as const };
        }
        recordSuccess(db, u);
        if (rehash !== null) setPasswordHash(db, u.id, rehash, now.toISOString());
        sessionUserId = u.id;
        audit('signed_in', { username }, u.username);
        return { kind: 'ok' as const };
      });
      if (outcome.kind === 'locked') throw new AppError('account_locked', `${username} is locked until ${outcome.until}`, { lockedUntil: outcome.until });
      if (outcome.kind === 'wrong') throw new AppError('wrong_credentials', 'wrong user name or password');
      return status();
    },

    'auth.signOut': async () => {
      const u = currentRow();
      if (u !== null) write(() => audit('signed_out', { username: u.username }, u.username));
      sessionUserId = null;
      return status();
    },

    'auth.createFirstAdmin': async ({ username: typed, displayName, password }) => {
      const username = normaliseUsername(typed);
      const passwordHash = await hashPassword(password);
      write(() => {
        if (accountsExist(db)) throw new AppError('forbidden', 'the desk has accounts already; an admin creates the others', { rule: 'first_admin_exists' });
        const u = insertUser(db, { username, displayName, role: 'admin', passwordHash, at: clock().toISOString() });
        audit('user_created', { username, role: 'admin', first: true }, fallbackOperator());
        sessionUserId = u.id;
        audit('signed_in', { username }, username);
      });
      return status();
    },

    'auth.changePassword': async ({ currentPassword, newPassword }) => {
      const u = currentRow();
      if (u === null) throw new AppError('unauthenticated', 'sign in to change your password');
      if (!(await verifyPassword(u.password_hash, currentPassword))) throw new AppError('wrong_credentials', 'the current password is wrong');
      const passwordHash = await hashPassword(newPassword);
      write(() => {
        setPasswordHash(db, u.id, passwordHash, clock().toISOString());
        audit('password_changed', { username: u.username });
      });
      return { changed: true };
    },

    'users.list': async () => {
      const now = clock();
      return listUsers(db).map((u) => toUserView(u, now));
    },

    'users.create': async ({ username: typed, displayName, role, password }) => {
      const username = normaliseUsername(typed);
      const passwordHash = await hashPassword(password);
      return write(() => {
        // A desk's first account is its admin (auth.createFirstAdmin); a clerk first would leave nobody to administer.
        if (!accountsExist(db)) throw new AppError('validation', 'create the first admin first (auth.createFirstAdmin)', { rule: 'first_admin' });
        const u = insertUser(db, { username, displayName, role, passwordHash, at: clock().toISOString() });
        audit('user_created', { username, role });
        return toUserView(u, clock());
      });
    },

    'users.setRole': async ({ username, role }) =>
      write(() => {
        const before = requireUser(db, username);
        const u = updateUser(db, before, { role });
        if (before.role !== role) audit('user_role_changed', { username, from: before.role, to: role });
        return toUserView(u, clock());
      }),

    'users.setDisabled': async ({ username, disabled }) =>
      write(() => {
        const before = requireUser(db, username);
        const u = updateUser(db, before, { disabled });
        if ((before.disabled === 1) !== disabled) audit(disabled ? 'user_disabled' : 'user_enabled', { username });
        return toUserView(u, clock());
      }),

    'users.resetPassword': async ({ username, password }) => {
      const passwordHash = await hashPassword(password);
      return write(() => {
        const u = requireUser(db, username);
        setPasswordHash(db, u.id, passwordHash, clock().toISOString());
        audit('password_reset', { username });
        return toUserView(userById(db, u.id) as UserRow, clock());
      });
    },
  };

  return { handlers, authorise, operator, currentUser, accountsExist: () => accountsExist(db) };
}
