/**
 * `POST /v1/messages` (send a signed envelope) and `GET /v1/mailbox` (the caller agency's mailbox,
 * long-poll). Checks, in order: token, envelope schema, sender = caller, signature against the
 * directory, deduplication on (sender agency, messageId), routing (recipients in the directory,
 * documents complete; a receipt's letter), then one transaction stores the message and appends it to
 * every recipient's mailbox. A refused request stores nothing.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { pageQuerySchema, type MailboxPage, type PostMessageResponse } from '../../shared/exchange/api.ts';
import { signedEnvelopeSchema, type Envelope, type LetterEnvelope, type ReceiptEnvelope } from '../../shared/exchange/messages.ts';
import { canonicalBytes, verifyEnvelope } from '../../shared/exchange/signing.ts';
import type { ExchangeContext } from '../app.ts';
import type { Caller } from '../auth.ts';
import { ExchangeError } from '../errors.ts';
import { longPoll } from '../wake.ts';

export function registerMessageRoutes(app: FastifyInstance, ctx: ExchangeContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/v1/messages', { schema: { body: signedEnvelopeSchema }, config: { invalidBody: 'invalid_envelope' } }, async (request, reply) => {
    const { envelope, signature } = request.body;
    const caller = request.caller;
    if (envelope.sender.agency !== caller.agency || envelope.sender.desk !== caller.desk) {
      throw new ExchangeError('wrong_sender', `desk ${caller.desk} of ${caller.agency} cannot send as ${envelope.sender.desk} of ${envelope.sender.agency}`);
    }
    const sender = await ctx.store.getAgency(caller.agency);
    if (!sender?.publicKey || !verifyEnvelope({ envelope, signature }, sender.publicKey)) {
      throw new ExchangeError('bad_signature', `the signature does not verify against the key of ${caller.agency}`);
    }
    const bytes = canonicalBytes(envelope);
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    const earlier = await ctx.store.findMessage(caller.agency, envelope.messageId);
    if (earlier) return answerEarlier(earlier.contentHash === contentHash, earlier.ack, reply, envelope.messageId);

    const { recipients, documents } = envelope.kind === 'letter' ? await routeLetter(ctx, caller, envelope) : await routeReceipt(ctx, caller, envelope);
    const result = await ctx.store.acceptMessage({
      senderAgency: caller.agency,
      senderDesk: caller.desk,
      messageId: envelope.messageId,
      kind: envelope.kind,
      contentHash,
      envelopeJson: new TextDecoder().decode(bytes),
      signature,
      recipients,
      documents,
      acceptedAt: ctx.now().toISOString(),
    });
    if (result.outcome === 'conflict') return answerEarlier(false, null, reply, envelope.messageId);
    if (result.outcome === 'accepted') for (const agency of recipients) ctx.wakeups.notify('mailbox', agency);
    const body: PostMessageResponse = { ack: result.ack };
    return reply.code(result.outcome === 'accepted' ? 202 : 200).send(body);
  });

  r.get('/v1/mailbox', { schema: { querystring: pageQuerySchema } }, async (request, reply): Promise<MailboxPage> => {
    const { after, limit, wait } = request.query;
    const agency = request.caller.agency;
    const gone = new AbortController();
    reply.raw.on('close', () => gone.abort());
    const items = await longPoll(() => ctx.store.readMailbox(agency, after, limit), {
      wakeups: ctx.wakeups,
      stream: 'mailbox',
      agency,
      waitMs: wait * 1000,
      pollMs: ctx.pollMs,
      signal: AbortSignal.any([gone.signal, ctx.shutdown]),
    });
    return {
      items: items.map((i) => ({ position: i.position, envelope: JSON.parse(i.envelopeJson) as Envelope, signature: i.signature })),
      next: items.at(-1)?.position ?? after,
    };
  });
}

function answerEarlier(identical: boolean, ack: PostMessageResponse['ack'] | null, reply: FastifyReply, messageId: string) {
  if (!identical || !ack) throw new ExchangeError('message_id_reused', `message ${messageId} was already sent with different content`);
  const body: PostMessageResponse = { ack };
  return reply.code(200).send(body);
}

async function routeLetter(ctx: ExchangeContext, caller: Caller, letter: LetterEnvelope): Promise<{ recipients: string[]; documents: string[] }> {
  const recipients = [...letter.to, ...letter.cc];
  const unknown: string[] = [];
  for (const code of recipients) {
    const agency = await ctx.store.getAgency(code);
    if (!agency?.publicKey) unknown.push(code);
  }
  if (unknown.length > 0) {
    throw new ExchangeError('unknown_recipient', `not connected to the exchange: ${unknown.join(', ')}`, { agencies: unknown });
  }
  const missing: string[] = [];
  for (const doc of letter.documents) {
    const size = await ctx.store.blobSize(doc.sha256);
    if (size !== doc.size || !(await ctx.store.blobVisibleTo(doc.sha256, caller.agency))) missing.push(doc.sha256);
  }
  if (missing.length > 0) {
    throw new ExchangeError('missing_document', `documents not complete on the exchange with the stated size: ${missing.join(', ')}`, {
      documents: missing,
    });
  }
  return { recipients, documents: letter.documents.map((d) => d.sha256) };
}

async function routeReceipt(ctx: ExchangeContext, caller: Caller, receipt: ReceiptEnvelope): Promise<{ recipients: string[]; documents: string[] }> {
  const letters = await ctx.store.findLetters(receipt.of);
  const recipients =
    receipt.kind === 'annulment'
      ? letters.filter((l) => l.senderAgency === caller.agency).flatMap((l) => l.recipients)
      : letters.filter((l) => l.recipients.includes(caller.agency)).map((l) => l.senderAgency);
  const distinct = [...new Set(recipients)];
  if (distinct.length === 0) {
    const role = receipt.kind === 'annulment' ? 'sent by' : 'delivered to';
    throw new ExchangeError('unknown_message', `no letter ${receipt.of} was ${role} ${caller.agency}`, { of: receipt.of });
  }
  return { recipients: distinct, documents: [] };
}
