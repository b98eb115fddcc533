/**
 * Validates and dispatches one contract call: used by every transport (IPC relay, HTTP host, tests),
 * so the rules for unknown names, invalid input and thrown errors are the same everywhere.
 */
import { AppError, toErrorValue, type Result } from '../errors.ts';
import { contract, isMethodName, type Handlers, type MethodName, type Output } from './index.ts';

/**
 * @param handlers the services' handler table.
 * @param name the method name as received (untrusted).
 * @param payload the input as received (untrusted JSON value).
 * @returns `{ok:true,value}` or `{ok:false,error}`; never throws.
 */
export async function dispatch(handlers: Handlers, name: unknown, payload: unknown): Promise<Result<Output<MethodName>>> {
  try {
    if (!isMethodName(name)) throw new AppError('validation', `unknown method: ${String(name).slice(0, 80)}`);
    const parsed = contract[name].input.safeParse(payload ?? {});
    if (!parsed.success) {
      throw new AppError('validation', `invalid input for ${name}`, {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const handler = handlers[name] as (input: unknown) => Promise<Output<MethodName>>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorValue(err) };
  }
}
