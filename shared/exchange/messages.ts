/**
 * Envelopes: what one agency sends another through the exchange (docs/exchange-protocol.md,
 * "Envelopes"). A discriminated union on `kind`; every envelope carries `messageId` (the same on every
 * retry), `kind`, `sender` and `createdAt`. Sent signed as `{ envelope, signature }`.
 *
 * Routing: a `letter` goes to each `to` and `cc` agency; `acknowledgement`, `confirmation`,
 * `rejection` and `forward` go from a recipient agency back to the letter's sender agency; an
 * `annulment` goes from the letter's sender agency to every agency the letter went to.
 */
import { z } from 'zod';
import { CLASSIFICATIONS, PRIORITIES } from '../contract/registry.ts';
import {
  agencyCodeSchema,
  calendarDateSchema,
  deskIdSchema,
  documentListSchema,
  instantSchema,
  signatureBase64Schema,
  textSchema,
  uuidSchema,
} from './common.ts';

export const ENVELOPE_KINDS = ['letter', 'acknowledgement', 'confirmation', 'rejection', 'forward', 'annulment'] as const;
export type EnvelopeKind = (typeof ENVELOPE_KINDS)[number];
/** The kinds that answer a letter (every kind but `letter`). Their message ids are derived: see receipts.ts. */
export const RECEIPT_KINDS = ['acknowledgement', 'confirmation', 'rejection', 'forward', 'annulment'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

export const REJECTION_REASONS = ['not_ours', 'unreadable', 'wrong_hash', 'invalid', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Most agencies one letter may name in `to` and `cc` together. */
export const MAX_RECIPIENTS = 50;
/** Most documents one letter may carry. */
export const MAX_LETTER_DOCUMENTS = 100;

export const senderSchema = z.strictObject({ agency: agencyCodeSchema, desk: deskIdSchema });
export type Sender = z.output<typeof senderSchema>;

const base = {
  messageId: uuidSchema,
  sender: senderSchema,
  createdAt: instantSchema,
};

export const letterEnvelopeSchema = z
  .strictObject({
    ...base,
    kind: z.literal('letter'),
    to: z.array(agencyCodeSchema).min(1).max(MAX_RECIPIENTS),
    cc: z.array(agencyCodeSchema).max(MAX_RECIPIENTS),
    /** The sender's registry number of this letter (outgoing register), as printed. */
    registryNumber: textSchema(64),
    /** The sender's registration date (agency-local). */
    registrationDate: calendarDateSchema,
    subject: textSchema(1000),
    classification: z.enum(CLASSIFICATIONS),
    priority: z.enum(PRIORITIES),
    replyBy: calendarDateSchema.nullable(),
    /** A paper copy with the same registry number follows (parallel period). */
    paperFollows: z.boolean(),
    documents: documentListSchema(MAX_LETTER_DOCUMENTS),
    /** The message id of the letter this one answers, or null. */
    inReplyTo: uuidSchema.nullable(),
    /** When this letter forwards another: that letter's message id, else null. */
    forwardOf: uuidSchema.nullable(),
  })
  .refine((l) => new Set([...l.to, ...l.cc]).size === l.to.length + l.cc.length, {
    message: 'an agency is named twice in to/cc',
    path: ['cc'],
  })
  .refine((l) => l.to.length + l.cc.length <= MAX_RECIPIENTS, { message: `at most ${MAX_RECIPIENTS} recipients`, path: ['to'] })
  .refine((l) => !l.to.includes(l.sender.agency) && !l.cc.includes(l.sender.agency), {
    message: 'a letter is not sent to its own agency',
    path: ['to'],
  });
export type LetterEnvelope = z.output<typeof letterEnvelopeSchema>;

export const acknowledgementEnvelopeSchema = z.strictObject({
  ...base,
  kind: z.literal('acknowledgement'),
  /** The letter's message id. */
  of: uuidSchema,
});
export type AcknowledgementEnvelope = z.output<typeof acknowledgementEnvelopeSchema>;

export const confirmationEnvelopeSchema = z.strictObject({
  ...base,
  kind: z.literal('confirmation'),
  of: uuidSchema,
  /** The recipient's registry number (incoming register). */
  registryNumber: textSchema(64),
  registrationDate: calendarDateSchema,
});
export type ConfirmationEnvelope = z.output<typeof confirmationEnvelopeSchema>;

export const rejectionEnvelopeSchema = z.strictObject({
  ...base,
  kind: z.literal('rejection'),
  of: uuidSchema,
  reasonCode: z.enum(REJECTION_REASONS),
  reasonText: z.string().max(2000),
});
export type RejectionEnvelope = z.output<typeof rejectionEnvelopeSchema>;

export const forwardEnvelopeSchema = z.strictObject({
  ...base,
  kind: z.literal('forward'),
  of: uuidSchema,
  /** The agency the letter was sent on to (in a fresh `letter` whose `forwardOf` is `of`). */
  toAgency: agencyCodeSchema,
  note: z.string().max(2000),
});
export type ForwardEnvelope = z.output<typeof forwardEnvelopeSchema>;

export const annulmentEnvelopeSchema = z.strictObject({
  ...base,
  kind: z.literal('annulment'),
  of: uuidSchema,
  reason: textSchema(2000),
});
export type AnnulmentEnvelope = z.output<typeof annulmentEnvelopeSchema>;

/** Any envelope; `kind` selects the shape. */
export const envelopeSchema = z.discriminatedUnion('kind', [
  letterEnvelopeSchema,
  acknowledgementEnvelopeSchema,
  confirmationEnvelopeSchema,
  rejectionEnvelopeSchema,
  forwardEnvelopeSchema,
  annulmentEnvelopeSchema,
]);
export type Envelope = z.output<typeof envelopeSchema>;
export type ReceiptEnvelope = Exclude<Envelope, LetterEnvelope>;

/** What travels: the envelope and the base64 Ed25519 signature over its canonical bytes (signing.ts). */
export const signedEnvelopeSchema = z.strictObject({
  envelope: envelopeSchema,
  signature: signatureBase64Schema,
});
export type SignedEnvelope = z.output<typeof signedEnvelopeSchema>;
/** A signed envelope of a given kind. */
export type Signed<E extends Envelope = Envelope> = { envelope: E; signature: string };

/** True for the kinds that answer a letter. */
export function isReceipt(envelope: Envelope): envelope is ReceiptEnvelope {
  return envelope.kind !== 'letter';
}
