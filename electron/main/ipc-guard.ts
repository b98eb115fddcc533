/**
 * The checks main applies to every `desk:call` before relaying it to the services process:
 * the sender frame is the app's own origin (not a navigated-away or injected frame), the method is a
 * contract name, and the payload passes that method's zod input schema.
 *
 * Pure (no `electron` import): main passes `event.senderFrame?.url`. The services process validates
 * again in `dispatch()`; this first check keeps junk from ever crossing into it.
 */
import { contract, isMethodName, type MethodName } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { isAppUrl } from './app-origin.ts';

/** The single IPC channel the preload invokes. */
export const IPC_CHANNEL = 'desk:call';

export type GuardedCall =
  | { ok: true; name: MethodName; payload: unknown }
  | { ok: false; error: ErrorValue };

/**
 * @param senderUrl URL of the frame that sent the call (`event.senderFrame.url`); undefined when the
 *   frame is gone.
 * @param name the method name as received (untrusted).
 * @param payload the input as received (untrusted, already a structured clone).
 * @returns the call to relay (the payload as received, so the services' own parse sees the same
 *   value), or an error value: `unauthorised` for a foreign sender, `validation` for an unknown name
 *   or an invalid payload (with the zod issues' paths and messages, never the values).
 */
export function guardCall(senderUrl: string | undefined, name: unknown, payload: unknown): GuardedCall {
  if (!isAppUrl(senderUrl)) {
    return { ok: false, error: { kind: 'unauthorised', message: 'call from a frame outside the app origin' } };
  }
  if (!isMethodName(name)) {
    return { ok: false, error: { kind: 'validation', message: `unknown method: ${String(name).slice(0, 80)}` } };
  }
  const parsed = contract[name].input.safeParse(payload ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        kind: 'validation',
        message: `invalid input for ${name}`,
        details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      },
    };
  }
  return { ok: true, name, payload: payload ?? {} };
}
