/** `GET /v1/health` (no authentication), `GET /v1/whoami`, `GET /v1/directory` (with ETag). */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION, type DirectoryResponse, type HealthResponse, type WhoamiResponse } from '../../shared/exchange/api.ts';
import type { ExchangeContext } from '../app.ts';

export function registerDirectoryRoutes(app: FastifyInstance, ctx: ExchangeContext): void {
  app.get('/v1/health', { config: { auth: false } }, async (): Promise<HealthResponse> => {
    return { ok: true, time: ctx.now().toISOString(), version: PROTOCOL_VERSION };
  });

  app.get('/v1/whoami', async (request): Promise<WhoamiResponse> => {
    return { agency: request.caller.agency, desk: request.caller.desk };
  });

  app.get('/v1/directory', async (request, reply) => {
    const body: DirectoryResponse = { agencies: await ctx.store.listAgencies() };
    const text = JSON.stringify(body);
    const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(text);
  });
}
