/**
 * `POST /v1/number-blocks`: the exchange as the agency's number authority (docs/exchange-protocol.md,
 * "Number blocks"). Idempotent by requestId; the year must be the exchange's current Asia/Kuwait year
 * or the one before (a desk reconciling across the new year); a future year is refused.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { agencyDateParts } from '../../shared/dates/agency-time.ts';
import { numberBlockRequestSchema, type NumberBlockGrant } from '../../shared/exchange/api.ts';
import type { ExchangeContext } from '../app.ts';
import { ExchangeError } from '../errors.ts';

export function registerNumberBlockRoutes(app: FastifyInstance, ctx: ExchangeContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/v1/number-blocks', { schema: { body: numberBlockRequestSchema } }, async (request, reply) => {
    const { requestId, register, year, size } = request.body;
    const now = ctx.now();
    const current = agencyDateParts(now).year;
    if (year !== current && year !== current - 1) {
      throw new ExchangeError('invalid_year', `blocks are granted for ${current - 1} and ${current} (Asia/Kuwait), not ${year}`, { current });
    }
    const result = await ctx.store.grantBlock({
      agency: request.caller.agency,
      desk: request.caller.desk,
      requestId,
      register,
      year,
      size,
      blockId: randomUUID(),
      grantedAt: now.toISOString(),
    });
    if (result.outcome === 'conflict') throw new ExchangeError('request_id_reused', `request ${requestId} was already made with other parameters`);
    const grant: NumberBlockGrant = result.grant;
    return reply.code(result.outcome === 'granted' ? 201 : 200).send(grant);
  });
}
