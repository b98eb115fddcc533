/**
 * `POST /v1/journal` (append the caller desk's events to its agency journal, idempotent by eventId,
 * all or nothing) and `GET /v1/journal` (every desk's events of the agency after a position, long-poll).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { journalPushSchema, pageQuerySchema, type JournalPage, type JournalPushResponse } from '../../shared/exchange/api.ts';
import type { JournalEvent } from '../../shared/exchange/journal.ts';
import { canonicalBytes } from '../../shared/exchange/signing.ts';
import type { ExchangeContext } from '../app.ts';
import { JOURNAL_BODY_LIMIT } from '../app.ts';
import { ExchangeError } from '../errors.ts';
import type { NewJournalEvent } from '../store/store.ts';
import { longPoll } from '../wake.ts';

function numberOf(event: JournalEvent): NewJournalEvent['numbered'] {
  if (event.kind === 'registration.created' && event.payload.seq !== null) {
    return { register: event.payload.register, year: event.payload.year, seq: event.payload.seq };
  }
  if (event.kind === 'registration.numbered') return { register: event.payload.register, year: event.payload.year, seq: event.payload.seq };
  return null;
}

export function registerJournalRoutes(app: FastifyInstance, ctx: ExchangeContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/v1/journal', { schema: { body: journalPushSchema }, bodyLimit: JOURNAL_BODY_LIMIT }, async (request): Promise<JournalPushResponse> => {
    const caller = request.caller;
    const events: NewJournalEvent[] = [];
    for (const event of request.body.events) {
      if (event.agency !== caller.agency || event.desk !== caller.desk) {
        throw new ExchangeError('wrong_sender', `event ${event.eventId} names ${event.desk} of ${event.agency}, not the caller ${caller.desk} of ${caller.agency}`, {
          eventId: event.eventId,
        });
      }
      const bytes = canonicalBytes(event);
      events.push({
        eventId: event.eventId,
        desk: event.desk,
        kind: event.kind,
        contentHash: createHash('sha256').update(bytes).digest('hex'),
        eventJson: new TextDecoder().decode(bytes),
        numbered: numberOf(event),
      });
    }
    const result = await ctx.store.appendJournal(caller.agency, events);
    if (result.outcome === 'conflict') {
      throw new ExchangeError('event_id_reused', `event ${result.eventId} was already pushed with different content`, { eventId: result.eventId });
    }
    ctx.wakeups.notify('journal', caller.agency);
    return { accepted: result.accepted };
  });

  r.get('/v1/journal', { schema: { querystring: pageQuerySchema } }, async (request, reply): Promise<JournalPage> => {
    const { after, limit, wait } = request.query;
    const agency = request.caller.agency;
    const gone = new AbortController();
    reply.raw.on('close', () => gone.abort());
    const rows = await longPoll(() => ctx.store.readJournal(agency, after, limit), {
      wakeups: ctx.wakeups,
      stream: 'journal',
      agency,
      waitMs: wait * 1000,
      pollMs: ctx.pollMs,
      signal: AbortSignal.any([gone.signal, ctx.shutdown]),
    });
    return {
      events: rows.map((e) => ({ position: e.position, event: JSON.parse(e.eventJson) as JournalEvent })),
      next: rows.at(-1)?.position ?? after,
    };
  });
}
