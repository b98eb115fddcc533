/**
 * Desk accounts: signing in and out, the current user, and the admin's user management.
 *
 * The services hold one session per desk (one user per desk window). Roles (../design architecture,
 * "Who uses it"): a clerk registers and requests annulments; a supervisor approves annulments and
 * reads the audit trail; an admin sets up the desk and its users. Which role may call which method is
 * in ./access.ts.
 */
import { z } from 'zod';

export const ROLES = ['clerk', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Minimum and maximum password lengths (characters). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The sign-in key of a user name: NFKC, trimmed, lower case (so `Ali`, `ali` and a full-width `ａｌｉ`
 * are one account). Letters of any script, digits, `.`, `_`, `-`; 2–64 characters.
 */
export function normaliseUsername(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

const USERNAME = /^[\p{L}\p{N}._-]{2,64}$/u;

export const usernameSchema = z
  .string()
  .max(200)
  .transform(normaliseUsername)
  .refine((u) => USERNAME.test(u), { message: 'a user name has 2–64 letters, digits, ".", "_" or "-"' });

export const newPasswordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
const displayName = z.string().trim().min(1).max(200);

/** The signed-in user as the UI shows it. */
export interface SessionUser {
  username: string;
  displayName: string;
  role: Role;
}

export interface AuthStatus {
  /** False on a fresh desk: no account yet, calls run as the OS user until the first admin exists. */
  accountsExist: boolean;
  /** The signed-in user, or null. */
  user: SessionUser | null;
  /** The operating-system user (the operator while no account exists). */
  osUser: string;
}

/** An account as the admin's user list shows it (never the password hash). */
export interface UserView {
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  /** UTC ISO 8601 while the account is locked after repeated failed sign-ins, else null. */
  lockedUntil: string | null;
  createdAt: string;
}

export const authContract = {
  'auth.status': { input: z.object({}), output: {} as AuthStatus },
  /** @throws wrong_credentials (unknown user, wrong password or disabled account), account_locked. */
  'auth.signIn': {
    input: z.object({ username: usernameSchema, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
    output: {} as AuthStatus,
  },
  'auth.signOut': { input: z.object({}), output: {} as AuthStatus },
  /** Only on a desk without accounts: creates the first (admin) account and signs it in. */
  'auth.createFirstAdmin': {
    input: z.object({ username: usernameSchema, displayName, password: newPasswordSchema }),
    output: {} as AuthStatus,
  },
  /** The signed-in user's own password. @throws wrong_credentials when the current one is wrong. */
  'auth.changePassword': {
    input: z.object({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), newPassword: newPasswordSchema }),
    output: {} as { changed: true },
  },
  'users.list': { input: z.object({}), output: {} as UserView[] },
  'users.create': {
    input: z.object({ username: usernameSchema, displayName, role: z.enum(ROLES), password: newPasswordSchema }),
    output: {} as UserView,
  },
  /** @throws validation (rule `last_admin`) when it would leave no active admin. */
  'users.setRole': { input: z.object({ username: usernameSchema, role: z.enum(ROLES) }), output: {} as UserView },
  /** Disables (or enables again) an account; accounts are never deleted. */
  'users.setDisabled': { input: z.object({ username: usernameSchema, disabled: z.boolean() }), output: {} as UserView },
  /** Sets a new password and lifts a lockout. */
  'users.resetPassword': { input: z.object({ username: usernameSchema, password: newPasswordSchema }), output: {} as UserView },
} as const;
