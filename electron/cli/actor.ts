/**
 * Who a command line acts as: `--user NAME` signs in on the services before the command runs
 * (electron/cli/commands/open.ts), with the password from `REGISTRY_DESK_PASSWORD` or typed on the
 * terminal without echo. Without `--user`, commands run unsigned: fine on a desk without accounts
 * (the OS user), refused with `unauthenticated` once accounts exist.
 */
import { createInterface } from 'node:readline';
import { dispatch } from '../../shared/contract/dispatch.ts';
import type { Input, MethodName, Output } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { Services } from '../services/services.ts';
import type { Io } from './output.ts';

/** Who the command acts as (set from `--user` before the command runs). */
export interface Actor {
  username: string;
  password: () => Promise<string>;
}

/**
 * Reads a secret: from `envName` when set, else from the terminal without echo, else one line of
 * standard input. @throws AppError('validation') when none is available.
 */
export async function readSecret(envName: string, prompt: string, io: Io): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const input = process.stdin;
  if (input.isTTY !== true && input.readable !== true) throw new AppError('validation', `set ${envName} or type the password`);
  io.err(prompt);
  const rl = createInterface({ input, terminal: input.isTTY === true });
  // Mute the echo of typed characters on a terminal.
  const out = rl as unknown as { _writeToOutput?: (s: string) => void };
  out._writeToOutput = () => undefined;
  try {
    const line = await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      rl.once('close', () => reject(new AppError('validation', `no password given (set ${envName})`)));
    });
    io.err('\n');
    return line;
  } finally {
    rl.close();
  }
}

/** One call validated by the contract (as every transport makes it). @throws AppError from its error value. */
export async function call<K extends MethodName>(s: Services, name: K, input: Input<K>): Promise<Output<K>> {
  const r = await dispatch(s.handlers, name, input);
  if (!r.ok) throw new AppError(r.error.kind, r.error.message, r.error.details);
  return r.value as Output<K>;
}

let current: Actor | null = null;

/** Sets who the next commands act as (null: nobody signs in). */
export function setActor(actor: Actor | null): void {
  current = actor;
}

/** Signs the current actor in on `s` (no-op without one). @throws AppError('wrong_credentials' | 'account_locked'). */
export async function signInActor(s: Services, actor: Actor | null = current): Promise<void> {
  if (actor === null) return;
  await call(s, 'auth.signIn', { username: actor.username, password: await actor.password() });
}

