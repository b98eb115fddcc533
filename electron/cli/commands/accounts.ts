/**
 * Acting as a desk user on the command line, and the account, annulment and audit commands.
 *
 *   registry-desk [--user NAME] users list | add NAME --role R [--display-name N] | set-role NAME R
 *                               | disable NAME | enable NAME | reset-password NAME
 *   registry-desk [--user NAME] annulments list [--status S] | request NUMBER --reason R
 *                               | approve ID --reference REF | refuse ID --reason R
 *   registry-desk [--user NAME] audit verify
 *
 * `--user NAME` signs in before the command: the password comes from `REGISTRY_DESK_PASSWORD`, or is
 * asked on the terminal (not echoed). A new password (`users add`, `reset-password`) comes from
 * `REGISTRY_DESK_NEW_PASSWORD`, or is asked. While the desk has no account, commands run as the OS
 * user and `users add` creates the first account, which must be an admin.
 */
import type { AuditVerification, Role } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Services } from '../../services/services.ts';
import { errorLine, jsonLine, type Io } from '../output.ts';
import { call, readSecret } from '../actor.ts';
import { withServices } from './open.ts';

async function run(dataDir: string, _actor: unknown, io: Io, fn: (s: Services) => Promise<unknown>, exitCode: (v: unknown) => number = () => 0): Promise<number> {
  try {
    const value = await withServices(dataDir, fn); // signs in the `--user` first (open.ts)
    io.out(jsonLine(value));
    return exitCode(value);
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

export interface AccountsCli {
  dataDir: string;
  actor?: unknown;
  io: Io;
}

export const usersList = (c: AccountsCli) => run(c.dataDir, c.actor, c.io, (s) => call(s, 'users.list', {}));

export async function usersAdd(c: AccountsCli, username: string, opts: { role: Role; displayName?: string }): Promise<number> {
  return run(c.dataDir, c.actor, c.io, async (s) => {
    const password = await readSecret('REGISTRY_DESK_NEW_PASSWORD', `new password for ${username}: `, c.io);
    const displayName = opts.displayName ?? username;
    if (!(await call(s, 'auth.status', {})).accountsExist) {
      if (opts.role !== 'admin') throw new AppError('validation', 'the first account of a desk must be an admin (--role admin)', { rule: 'first_admin' });
      const st = await call(s, 'auth.createFirstAdmin', { username, displayName, password });
      return st.user;
    }
    return call(s, 'users.create', { username, displayName, role: opts.role, password });
  });
}

export const usersSetRole = (c: AccountsCli, username: string, role: Role) => run(c.dataDir, c.actor, c.io, (s) => call(s, 'users.setRole', { username, role }));
export const usersSetDisabled = (c: AccountsCli, username: string, disabled: boolean) =>
  run(c.dataDir, c.actor, c.io, (s) => call(s, 'users.setDisabled', { username, disabled }));
export const usersResetPassword = (c: AccountsCli, username: string) =>
  run(c.dataDir, c.actor, c.io, async (s) =>
    call(s, 'users.resetPassword', { username, password: await readSecret('REGISTRY_DESK_NEW_PASSWORD', `new password for ${username}: `, c.io) }),
  );

export const annulmentsList = (c: AccountsCli, status: 'pending' | 'approved' | 'refused' | 'all') =>
  run(c.dataDir, c.actor, c.io, (s) => call(s, 'registry.annulmentRequests', { status, limit: 500 }));
export const annulmentRequest = (c: AccountsCli, registryNumber: string, reason: string, register: 'incoming' | 'outgoing' | 'internal' | null) =>
  run(c.dataDir, c.actor, c.io, (s) => call(s, 'registry.requestAnnulment', { registryNumber, register, reason }));
export const annulmentApprove = (c: AccountsCli, requestId: number, authorisingReference: string) =>
  run(c.dataDir, c.actor, c.io, (s) => call(s, 'registry.approveAnnulment', { requestId, authorisingReference }));
export const annulmentRefuse = (c: AccountsCli, requestId: number, reason: string) =>
  run(c.dataDir, c.actor, c.io, (s) => call(s, 'registry.refuseAnnulment', { requestId, reason }));

/** Exit 0 when the chain is intact, 1 when an entry is broken (printed as JSON either way). */
export const auditVerify = (c: AccountsCli) =>
  run(c.dataDir, c.actor, c.io, (s) => call(s, 'audit.verify', {}), (v) => ((v as AuditVerification).ok ? 0 : 1));
