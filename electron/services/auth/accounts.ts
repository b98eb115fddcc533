/**
 * Desk accounts in SQLite (`users`, migration 002): rows, lockout bookkeeping, the last-admin rule.
 * Synchronous (better-sqlite3); callers run writes inside their own transaction with the audit event.
 */
import type { Db } from '../db/open.ts';
import { normaliseUsername, type Role, type UserView } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';

/** Consecutive failed sign-ins that lock an account. */
export const MAX_FAILED_SIGN_INS = 5;
/** How long a locked account stays locked, in minutes. */
export const LOCKOUT_MINUTES = 15;

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  password_changed_at: string;
}

export function accountsExist(db: Db): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM users) AS e').pluck().get() === 1;
}

export function userByName(db: Db, username: string): UserRow | null {
  return (db.prepare('SELECT * FROM users WHERE username = ?').get(normaliseUsername(username)) as UserRow | undefined) ?? null;
}

export function userById(db: Db, id: number): UserRow | null {
  return (db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined) ?? null;
}

/** @throws AppError('not_found') */
export function requireUser(db: Db, username: string): UserRow {
  const u = userByName(db, username);
  if (u === null) throw new AppError('not_found', `no account named ${username}`, { username });
  return u;
}

export function toUserView(u: UserRow, now: Date): UserView {
  return {
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    disabled: u.disabled === 1,
    lockedUntil: isLocked(u, now) ? u.locked_until : null,
    createdAt: u.created_at,
  };
}

export function isLocked(u: UserRow, now: Date): boolean {
  return u.locked_until !== null && Date.parse(u.locked_until) > now.getTime();
}

export function listUsers(db: Db): UserRow[] {
  return db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
}

/** @throws AppError('validation', rule `username_taken`) */
export function insertUser(db: Db, u: { username: string; displayName: string; role: Role; passwordHash: string; at: string }): UserRow {
  if (userByName(db, u.username) !== null) {
    throw new AppError('validation', `the user name ${u.username} is taken`, { rule: 'username_taken', field: 'username' });
  }
  return db
    .prepare(
      `INSERT INTO users (username, display_name, role, password_hash, created_at, password_changed_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(u.username, u.displayName, u.role, u.passwordHash, u.at, u.at) as UserRow;
}

/**
 * Records one failed sign-in; the {@link MAX_FAILED_SIGN_INS}th in a row locks the account for
 * {@link LOCKOUT_MINUTES} minutes (and starts the count again).
 * @returns the lock's end (UTC ISO) when this failure locked the account, else null.
 */
export function recordFailure(db: Db, u: UserRow, now: Date): string | null {
  // An expired lock starts a fresh count.
  const base = u.locked_until !== null && !isLocked(u, now) ? 0 : u.failed_attempts;
  const failures = base + 1;
  if (failures >= MAX_FAILED_SIGN_INS) {
    const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
    db.prepare('UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?').run(until, u.id);
    return until;
  }
  db.prepare('UPDATE users SET failed_attempts = ?, locked_until = NULL WHERE id = ?').run(failures, u.id);
  return null;
}

export function recordSuccess(db: Db, u: UserRow): void {
  if (u.failed_attempts !== 0 || u.locked_until !== null) db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(u.id);
}

export function setPasswordHash(db: Db, id: number, passwordHash: string, at: string): void {
  db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?').run(passwordHash, at, id);
}

/**
 * Changes role and/or disabled flag.
 * @throws AppError('validation', rule `last_admin`) when no enabled admin would remain.
 */
export function updateUser(db: Db, u: UserRow, change: { role?: Role; disabled?: boolean }): UserRow {
  const role = change.role ?? u.role;
  const disabled = change.disabled === undefined ? u.disabled : change.disabled ? 1 : 0;
  if (u.role === 'admin' && u.disabled === 0 && (role !== 'admin' || disabled === 1)) {
    const others = db.prepare("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?").pluck().get(u.id) as number;
    if (others === 0) throw new AppError('validation', 'the desk must keep at least one enabled admin', { rule: 'last_admin', username: u.username });
  }
  return db.prepare('UPDATE users SET role = ?, disabled = ? WHERE id = ? RETURNING *').get(role, disabled, u.id) as UserRow;
}
