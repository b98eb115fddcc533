/**
 * Browser mode: serves the built renderer and the contract over HTTP on loopback.
 *
 * `POST /api/<method>` with a JSON body and `Authorization: Bearer <token>` runs `dispatch()` and
 * answers its `Result` as JSON (HTTP 200 for both ok and error values; 401 without the token; 403 for a
 * foreign Host header). Everything else is a static file from `rendererDir`.
 */
import fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../../shared/contract/dispatch.ts';
import type { Handlers } from '../../shared/contract/index.ts';
import { MAX_DOCUMENT_BYTES } from '../../shared/contract/intake.ts';
import { SECURITY_HEADERS, bearerMatches, isLoopbackHost, makeToken } from './security.ts';

export interface HostOptions {
  handlers: Handlers;
  /** Folder of the built renderer (index.html and assets), e.g. `<repo>/out/renderer`. */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Loopback address to bind; anything other than a loopback address is refused. */
  host?: '127.0.0.1' | 'localhost' | '::1';
}

export interface RunningHost {
  /** Origin with a trailing slash, e.g. `http://127.0.0.1:41234/` (without the token). */
  url: string;
  /** The per-run bearer token the UI reads from `#token=…`. */
  token: string;
  /** The URL a browser opens: `url` + `#token=…`. */
  openUrl: string;
  close(): Promise<void>;
}

/** Large enough for a 100 MB document in base64 plus JSON overhead. */
export const BODY_LIMIT_BYTES = Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 1024 * 1024;

/**
 * Starts the host.
 * @throws Error when the port is taken or the address is not loopback.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error(`refusing to bind a non-loopback address: ${host}`);
  const token = makeToken();
  const app: FastifyInstance = fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, trustProxy: false });
  let port = 0;

  app.addHook('onRequest', async (request, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (!isLoopbackHost(request.headers.host, port)) {
      return reply.code(403).send({ ok: false, error: { kind: 'unauthorised', message: 'unexpected Host header' } });
    }
    if (request.url.startsWith('/api/')) {
      reply.header('cache-control', 'no-store');
      if (!bearerMatches(request.headers.authorization, token)) {
        return reply.code(401).send({ ok: false, error: { kind: 'unauthorised', message: 'missing or wrong token' } });
      }
    }
    return undefined;
  });

  app.post<{ Params: { method: string }; Body: unknown }>('/api/:method', async (request) => {
    return dispatch(options.handlers, request.params.method, request.body);
  });

  await app.register(fastifyStatic, { root: options.rendererDir, prefix: '/', index: 'index.html', dotfiles: 'deny' });

  await app.listen({ port: options.port ?? 0, host });
  port = (app.server.address() as AddressInfo).port;
  const hostName = host === '::1' ? '[::1]' : host;
  const url = `http://${hostName}:${port}/`;
  return {
    url,
    token,
    openUrl: `${url}#token=${token}`,
    close: async () => {
      await app.close();
    },
  };
}
