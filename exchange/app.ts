/**
 * The reference central exchange as a Fastify 5 application (docs/exchange-protocol.md,
 * docs/exchange-openapi.yaml). Every request is validated against the zod schemas of
 * shared/exchange (fastify-type-provider-zod); every route but `GET /v1/health` needs a desk's bearer
 * token; every error is `{error: {code, message, details?}}`.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, validatorCompiler } from 'fastify-type-provider-zod';
import { Authenticator, type Caller } from './auth.ts';
import { BlobFiles } from './blobs.ts';
import { ExchangeError } from './errors.ts';
import { registerDocumentRoutes } from './routes/documents.ts';
import { registerDirectoryRoutes } from './routes/directory.ts';
import { registerJournalRoutes } from './routes/journal.ts';
import { registerMessageRoutes } from './routes/messages.ts';
import { registerNumberBlockRoutes } from './routes/number-blocks.ts';
import type { ExchangeStore } from './store/store.ts';
import { Wakeups } from './wake.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated desk (set by the `onRequest` hook of every route with `config.auth`). */
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** false for the routes anyone may call (health). */
    auth?: boolean;
    /** Error code of a body that fails its schema (default `invalid_request`). */
    invalidBody?: 'invalid_envelope' | 'invalid_request';
  }
}

export interface ExchangeOptions {
  store: ExchangeStore;
  /** The data folder (blobs and partial uploads live under it). */
  dataDir: string;
  /** Fallback poll interval of long-polls, ms (default 500). */
  pollMs?: number;
  /** The exchange clock (default `() => new Date()`). */
  now?: () => Date;
  /** Log requests to stdout as JSON lines (default false). */
  logger?: boolean;
}

/** What the routes share. */
export interface ExchangeContext {
  store: ExchangeStore;
  files: BlobFiles;
  wakeups: Wakeups;
  pollMs: number;
  now: () => Date;
  /** Aborted when the server shuts down: long-polls answer at once. */
  shutdown: AbortSignal;
}

/** Body limit of JSON requests other than the journal, bytes. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Body limit of `POST /v1/journal` (events carry the documents' text), bytes. */
export const JOURNAL_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * Builds the exchange application (not listening yet).
 * @returns the Fastify instance and `routes`, the `METHOD /path` of every route registered (OpenAPI test).
 */
export function buildExchangeApp(opts: ExchangeOptions): { app: FastifyInstance; routes: string[]; context: ExchangeContext } {
  const app = Fastify({
    logger: opts.logger === true,
    bodyLimit: JSON_BODY_LIMIT,
    exposeHeadRoutes: false,
    return503OnClosing: true,
  });
  const shutdown = new AbortController();
  const context: ExchangeContext = {
    store: opts.store,
    files: new BlobFiles(opts.dataDir),
    wakeups: new Wakeups(),
    pollMs: opts.pollMs ?? 500,
    now: opts.now ?? (() => new Date()),
    shutdown: shutdown.signal,
  };
  const auth = new Authenticator(opts.store);
  const routes: string[] = [];

  app.setValidatorCompiler(validatorCompiler);
  // Upload chunks are streamed to disk, never buffered: the handler gets the raw request stream.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
  app.decorateRequest('caller', null as unknown as Caller);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) routes.push(`${m} ${route.url}`);
  });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.routeOptions.config.auth === false || request.routeOptions.url === undefined) return;
    request.caller = await auth.authenticate(request.headers.authorization);
  });
  // Before the server waits for in-flight requests: long-polls answer at once instead of holding the close.
  app.addHook('preClose', async () => {
    shutdown.abort();
    context.wakeups.wakeAll();
  });

  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const e = toExchangeError(err, request);
    if (e.code === 'internal') request.log.error(err);
    if (e.code === 'internal' && opts.logger !== true) console.error(err);
    return reply.code(e.status).send(e.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new ExchangeError('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
    return reply.code(e.status).send(e.toBody());
  });

  registerDirectoryRoutes(app, context);
  registerMessageRoutes(app, context);
  registerJournalRoutes(app, context);
  registerDocumentRoutes(app, context);
  registerNumberBlockRoutes(app, context);
  return { app, routes, context };
}

function toExchangeError(err: FastifyError, request: FastifyRequest): ExchangeError {
  if (err instanceof ExchangeError) return err;
  const invalid = request.routeOptions.config?.invalidBody ?? 'invalid_request';
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({ path: v.instancePath, message: v.message }));
    const code = err.validationContext === 'body' ? invalid : 'invalid_request';
    const first = issues[0];
    return new ExchangeError(code, `${err.validationContext ?? 'request'} failed validation${first ? `: ${first.path} ${first.message}` : ''}`, {
      issues: issues.slice(0, 20),
    });
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ExchangeError('payload_too_large', err.message);
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ExchangeError(request.method === 'POST' ? invalid : 'invalid_request', err.message);
  return new ExchangeError('internal', 'internal error');
}
