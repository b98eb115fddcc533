/**
 * The one place where access is checked: every handler of the services is wrapped so that it first
 * asks {@link Auth.authorise}. `dispatch()` (IPC, browser host) and direct calls (CLI, tests) all call
 * these wrapped handlers, so no transport can skip the check.
 */
import type { Handlers, MethodName } from '../../../shared/contract/index.ts';

/**
 * @param handlers the unguarded handler table.
 * @param authorise throws AppError('unauthenticated' | 'forbidden') when the call is not allowed.
 * @returns a table with the same names whose handlers check first.
 */
export function guardHandlers(handlers: Handlers, authorise: (name: MethodName) => void): Handlers {
  const out: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(handlers) as MethodName[]) {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    out[name] = async (input: unknown) => {
      authorise(name);
      return handler(input);
    };
  }
  return out as Handlers;
}
