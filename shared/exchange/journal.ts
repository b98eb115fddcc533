/**
 * Journal events: what the desks of one agency tell each other through the agency journal on the
 * exchange (docs/exchange-protocol.md, "Journal events"). `{eventId, agency, desk, at, kind, payload}`;
 * a discriminated union on `kind`. Desks apply events by `eventId`, in position order.
 *
 * A registration is named across desks by its `registrationId` (a UUID the registering desk gives it),
 * because an emergency registration has no ordinary registry number until it is numbered.
 */
import { z } from 'zod';
import { CHANNELS, CLASSIFICATIONS, DIRECTIONS, DOCUMENTATIONS, PRIORITIES, TRANSPORTS } from '../contract/registry.ts';
import {
  agencyCodeSchema,
  calendarDateSchema,
  deskIdSchema,
  documentSchema,
  instantSchema,
  registerSchema,
  textSchema,
  uuidSchema,
  yearSchema,
} from './common.ts';
import { REJECTION_REASONS } from './messages.ts';

export const JOURNAL_EVENT_KINDS = ['registration.created', 'registration.numbered', 'registration.annulled', 'registration.documentAdded', 'inbox.settled'] as const;
export type JournalEventKind = (typeof JOURNAL_EVENT_KINDS)[number];

/** Longest text (OCR or text layer of the main document) carried by `registration.created`, in characters. */
export const MAX_REGISTRATION_TEXT = 1_000_000;
/** Most documents one registration may carry. */
export const MAX_REGISTRATION_DOCUMENTS = 200;

const registryNumberSchema = textSchema(64);
const seqSchema = z.number().int().min(1).max(999_999_999);

/**
 * The whole registration as the registering desk stored it. Either an ordinary number (`seq` and
 * `registryNumber`) or an emergency number (`emergencyNumber`, e.g. `ط-MOH-1-2026/3`), or both.
 */
export const registrationCreatedPayloadSchema = z
  .strictObject({
    registrationId: uuidSchema,
    register: registerSchema,
    /** Agency year of the registration (Asia/Kuwait). */
    year: yearSchema,
    /** Sequence in the register and year; null while only an emergency number exists. */
    seq: seqSchema.nullable(),
    registryNumber: registryNumberSchema.nullable(),
    emergencyNumber: registryNumberSchema.nullable(),
    /** The instant of registration (UTC). */
    registeredAt: instantSchema,
    /** Agency-local calendar date of registration. */
    registrationDate: calendarDateSchema,
    direction: z.enum(DIRECTIONS),
    channel: z.enum(CHANNELS),
    /** Physical documentation; null from desks that did not record it (read as the channel's default). */
    documentation: z.enum(DOCUMENTATIONS).nullable().default(null),
    /** Transport; null when not recorded. */
    transport: z.enum(TRANSPORTS).nullable().default(null),
    counterpart: z.strictObject({ code: agencyCodeSchema.nullable(), name: textSchema(300) }),
    referenceNumber: z.string().max(100).nullable(),
    referenceDate: calendarDateSchema.nullable(),
    subject: textSchema(1000),
    classification: z.enum(CLASSIFICATIONS),
    priority: z.enum(PRIORITIES),
    attachmentsCount: z.number().int().min(0).max(10_000),
    /** The clerk who registered it. */
    operator: textSchema(200),
    /** The documents (hashes and names; the bytes stay on the desk unless uploaded). */
    documents: z.array(documentSchema).max(MAX_REGISTRATION_DOCUMENTS),
    /** Text of the main document in logical order (pages joined by form feeds), or '' when none. */
    text: z.string().max(MAX_REGISTRATION_TEXT),
    /** The exchange message id of the letter this registration came from or went out as, else null. */
    exchangeMessageId: uuidSchema.nullable(),
    /** The registration this one deliberately re-registers, else null. */
    reRegistrationOf: uuidSchema.nullable(),
  })
  .refine((p) => (p.seq === null) === (p.registryNumber === null), { message: 'seq and registryNumber go together', path: ['seq'] })
  .refine((p) => p.registryNumber !== null || p.emergencyNumber !== null, {
    message: 'a registration has a registry number or an emergency number',
    path: ['registryNumber'],
  });
export type RegistrationCreatedPayload = z.output<typeof registrationCreatedPayloadSchema>;

/** An emergency registration got its ordinary number from a block. */
export const registrationNumberedPayloadSchema = z.strictObject({
  registrationId: uuidSchema,
  register: registerSchema,
  year: yearSchema,
  seq: seqSchema,
  registryNumber: registryNumberSchema,
  emergencyNumber: registryNumberSchema,
});
export type RegistrationNumberedPayload = z.output<typeof registrationNumberedPayloadSchema>;

/** A registration was annulled (it stays, marked annulled; its number is never reused). */
export const registrationAnnulledPayloadSchema = z.strictObject({
  registrationId: uuidSchema,
  registryNumber: registryNumberSchema.nullable(),
  emergencyNumber: registryNumberSchema.nullable(),
  reason: textSchema(2000),
  /** The reference of the decision that authorised it, if any. */
  authorisingReference: z.string().max(200).nullable(),
  operator: textSchema(200),
});
export type RegistrationAnnulledPayload = z.output<typeof registrationAnnulledPayloadSchema>;

/**
 * A document was added to an existing registration: its twin (the same letter by the other channel,
 * after which the registration's channel is `both`) or a continuation (further pages scanned later).
 */
export const registrationDocumentAddedPayloadSchema = z.strictObject({
  registrationId: uuidSchema,
  role: z.enum(['twin', 'continuation']),
  /** The document (its role in `documentSchema` terms is `attachment`; `role` above says what it is). */
  document: documentSchema,
  /** Its text in logical order (pages joined by form feeds), or ''. */
  text: z.string().max(MAX_REGISTRATION_TEXT),
  /** For a twin: how it came, and the registration's channel and documentation after the link. */
  twin: z
    .strictObject({
      channel: z.enum(['paper', 'electronic']),
      transport: z.enum(TRANSPORTS).nullable(),
      exchangeMessageId: uuidSchema.nullable(),
      score: z.number().min(0).max(1).nullable(),
      documentation: z.enum(DOCUMENTATIONS),
    })
    .nullable(),
  operator: textSchema(200),
});
export type RegistrationDocumentAddedPayload = z.output<typeof registrationDocumentAddedPayloadSchema>;

/** An inbox letter was settled by this desk, so the agency's other desks take it off their inbox. */
export const inboxSettledPayloadSchema = z
  .strictObject({
    /** The letter's message id and its sender agency (together they name the letter). */
    messageId: uuidSchema,
    senderAgency: agencyCodeSchema,
    outcome: z.enum(['registered', 'rejected', 'forwarded']),
    /** For `registered`: the registration made of it. */
    registrationId: uuidSchema.nullable(),
    registryNumber: registryNumberSchema.nullable(),
    /** For `rejected`. */
    reasonCode: z.enum(REJECTION_REASONS).nullable(),
    /** For `forwarded`. */
    toAgency: agencyCodeSchema.nullable(),
  })
  .refine((p) => p.outcome !== 'registered' || p.registrationId !== null, { message: 'registered needs registrationId', path: ['registrationId'] })
  .refine((p) => p.outcome !== 'rejected' || p.reasonCode !== null, { message: 'rejected needs reasonCode', path: ['reasonCode'] })
  .refine((p) => p.outcome !== 'forwarded' || p.toAgency !== null, { message: 'forwarded needs toAgency', path: ['toAgency'] });
export type InboxSettledPayload = z.output<typeof inboxSettledPayloadSchema>;

const eventBase = {
  eventId: uuidSchema,
  agency: agencyCodeSchema,
  desk: deskIdSchema,
  /** When the desk made the change (UTC). */
  at: instantSchema,
};

export const journalEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...eventBase, kind: z.literal('registration.created'), payload: registrationCreatedPayloadSchema }),
  z.strictObject({ ...eventBase, kind: z.literal('registration.numbered'), payload: registrationNumberedPayloadSchema }),
  z.strictObject({ ...eventBase, kind: z.literal('registration.annulled'), payload: registrationAnnulledPayloadSchema }),
  z.strictObject({ ...eventBase, kind: z.literal('registration.documentAdded'), payload: registrationDocumentAddedPayloadSchema }),
  z.strictObject({ ...eventBase, kind: z.literal('inbox.settled'), payload: inboxSettledPayloadSchema }),
]);
export type JournalEvent = z.output<typeof journalEventSchema>;
/** A journal event of one kind. */
export type JournalEventOf<K extends JournalEventKind> = Extract<JournalEvent, { kind: K }>;
