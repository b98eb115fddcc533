/**
 * `DeskApi` over HTTP for browser mode: each call is `POST /api/<method>` with a JSON body and
 * `Authorization: Bearer <token>`; the host answers the contract's `Result` JSON.
 * Transport failures become error values too (kind `unauthorised` for 401/403, `internal` otherwise,
 * with `details.transport` saying what happened), so callers handle one shape.
 */
import type { DeskApi, MethodName } from '../../shared/contract/index.ts';
import type { ErrorValue, Result } from '../../shared/errors.ts';

export interface HttpClientOptions {
  /** Origin the UI was served from, e.g. `http://127.0.0.1:41234` (default: `location.origin`). */
  baseUrl?: string;
  token: string | null;
  fetchImpl?: typeof fetch;
}

function transportError(kind: ErrorValue['kind'], message: string, details: Record<string, unknown>): Result<never> {
  return { ok: false, error: { kind, message, details: { transport: true, ...details } } };
}

/** Builds the client. Method names are not listed here: any contract name is forwarded as is. */
export function createHttpClient(options: HttpClientOptions): DeskApi {
  const base = (options.baseUrl ?? window.location.origin).replace(/\/$/, '');
  const doFetch = options.fetchImpl ?? window.fetch.bind(window);
  async function call(method: MethodName, input: unknown): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify(input ?? {}),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (err) {
      return transportError('internal', 'the desk service did not answer', { cause: String(err) });
    }
    if (response.status === 401 || response.status === 403) {
      return transportError('unauthorised', 'the desk service refused the request (token)', { status: response.status });
    }
    try {
      const body = (await response.json()) as Result<unknown>;
      if (body && typeof body === 'object' && 'ok' in body) return body;
      return transportError('internal', 'unexpected answer from the desk service', { status: response.status });
    } catch (err) {
      return transportError('internal', 'unreadable answer from the desk service', { status: response.status, cause: String(err) });
    }
  }
  return new Proxy({} as DeskApi, {
    get: (_target, name) => (typeof name === 'string' ? (input: unknown) => call(name as MethodName, input) : undefined),
  });
}
