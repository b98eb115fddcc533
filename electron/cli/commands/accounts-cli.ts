/** The `users`, `annulments` and `audit` command groups of `registry-desk` (see accounts.ts). */
import { Option, type Command } from 'commander';
import { ROLES, type Role } from '../../../shared/contract/index.ts';
import type { Io } from '../output.ts';
import {
  annulmentApprove,
  annulmentRefuse,
  annulmentRequest,
  annulmentsList,
  auditVerify,
  usersAdd,
  usersList,
  usersResetPassword,
  usersSetDisabled,
  usersSetRole,
  type AccountsCli,
} from './accounts.ts';

export interface Wiring {
  dataDir: (cmd: Command) => string;
  io: Io;
  setCode: (code: number) => void;
}

/** Adds the command groups to `program`. */
export function registerAccountCommands(program: Command, w: Wiring): void {
  const ctx = (cmd: Command): AccountsCli => ({ dataDir: w.dataDir(cmd), io: w.io });
  const roleArg = () => new Option('--role <role>', 'clerk, supervisor or admin').choices([...ROLES]).makeOptionMandatory();

  const users = program.command('users').description('desk accounts (admin; the first account is created without --user)');
  users.command('list').description('the accounts as JSON').action(async (_o: unknown, cmd: Command) => w.setCode(await usersList(ctx(cmd))));
  users
    .command('add')
    .description('create an account; password from REGISTRY_DESK_NEW_PASSWORD or asked')
    .argument('<name>', 'user name (letters, digits, . _ -)')
    .addOption(roleArg())
    .option('--display-name <name>', 'the name shown in the header and the history')
    .action(async (name: string, o: { role: Role; displayName?: string }, cmd: Command) =>
      w.setCode(await usersAdd(ctx(cmd), name, { role: o.role, ...(o.displayName === undefined ? {} : { displayName: o.displayName }) })),
    );
  users
    .command('set-role')
    .argument('<name>')
    .argument('<role>', 'clerk, supervisor or admin')
    .action(async (name: string, role: string, _o: unknown, cmd: Command) => {
      if (!(ROLES as readonly string[]).includes(role)) {
        w.io.err(`role must be one of ${ROLES.join(', ')}\n`);
        w.setCode(2);
        return;
      }
      w.setCode(await usersSetRole(ctx(cmd), name, role as Role));
    });
  users.command('disable').argument('<name>').action(async (name: string, _o: unknown, cmd: Command) => w.setCode(await usersSetDisabled(ctx(cmd), name, true)));
  users.command('enable').argument('<name>').action(async (name: string, _o: unknown, cmd: Command) => w.setCode(await usersSetDisabled(ctx(cmd), name, false)));
  users
    .command('reset-password')
    .description('set a new password (REGISTRY_DESK_NEW_PASSWORD or asked) and lift a lockout')
    .argument('<name>')
    .action(async (name: string, _o: unknown, cmd: Command) => w.setCode(await usersResetPassword(ctx(cmd), name)));

  const annulments = program.command('annulments').description('annulment requests (clerk requests, supervisor decides)');
  annulments
    .command('list')
    .addOption(new Option('--status <status>').choices(['pending', 'approved', 'refused', 'all']).default('pending'))
    .action(async (o: { status: 'pending' | 'approved' | 'refused' | 'all' }, cmd: Command) => w.setCode(await annulmentsList(ctx(cmd), o.status)));
  annulments
    .command('request')
    .argument('<registry-number>')
    .requiredOption('--reason <text>', 'why the registration must be annulled')
    .addOption(new Option('--register <register>').choices(['incoming', 'outgoing', 'internal']))
    .action(async (n: string, o: { reason: string; register?: 'incoming' | 'outgoing' | 'internal' }, cmd: Command) =>
      w.setCode(await annulmentRequest(ctx(cmd), n, o.reason, o.register ?? null)),
    );
  annulments
    .command('approve')
    .argument('<request-id>', 'as `annulments list` shows it', (v) => Number.parseInt(v, 10))
    .requiredOption('--reference <text>', 'the authorising reference (decision number, minutes)')
    .action(async (id: number, o: { reference: string }, cmd: Command) => w.setCode(await annulmentApprove(ctx(cmd), id, o.reference)));
  annulments
    .command('refuse')
    .argument('<request-id>', 'as `annulments list` shows it', (v) => Number.parseInt(v, 10))
    .requiredOption('--reason <text>')
    .action(async (id: number, o: { reason: string }, cmd: Command) => w.setCode(await annulmentRefuse(ctx(cmd), id, o.reason)));

  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description('recompute the chain; exit 1 and name the first broken entry (id, time, action) when it is broken')
    .action(async (_o: unknown, cmd: Command) => w.setCode(await auditVerify(ctx(cmd))));
}
