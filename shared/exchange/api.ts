/**
 * Request and response bodies of the exchange's HTTP API (docs/exchange-protocol.md,
 * docs/exchange-openapi.yaml). The server validates every request with these schemas; the desk's client
 * may validate every response with them.
 */
import { z } from 'zod';
import { agencySchema } from '../contract/directory.ts';
import {
  agencyCodeSchema,
  deskIdSchema,
  instantSchema,
  keyBase64Schema,
  registerSchema,
  sha256Schema,
  signatureBase64Schema,
  uuidSchema,
  yearSchema,
} from './common.ts';
import { journalEventSchema } from './journal.ts';
import { envelopeSchema } from './messages.ts';

/** Protocol version, in `GET /v1/health`. */
export const PROTOCOL_VERSION = 'v1';

// ---------------------------------------------------------------- errors

/**
 * Every error code the exchange answers, with its HTTP status. A closed list: a client may switch on it.
 * - `invalid_request` 400: a query, header or body other than an envelope failed its schema.
 * - `invalid_envelope` 400: `POST /v1/messages` body failed the envelope schema.
 * - `unauthenticated` 401: no, malformed or wrong bearer token.
 * - `wrong_sender` 403: the envelope or event names another agency or desk than the caller's.
 * - `forbidden` 403: the caller's agency may not read this blob.
 * - `not_found` 404: no such blob or route.
 * - `message_id_reused` 409: the message id was used for a different envelope.
 * - `event_id_reused` 409: the event id was used for a different event.
 * - `request_id_reused` 409: the number-block request id was used with other parameters.
 * - `offset_mismatch` 409: `Upload-Offset` differs from the bytes held (`details.received`).
 * - `length_mismatch` 409: `Upload-Length` differs from the length of the upload in progress.
 * - `payload_too_large` 413: body over the limit.
 * - `range_not_satisfiable` 416: a `Range` outside the blob.
 * - `bad_signature` 422: the signature does not verify against the sender agency's key.
 * - `unknown_recipient` 422: a recipient agency is not in the directory or has no key (not connected).
 * - `unknown_message` 422: a receipt answers a letter the exchange never delivered to (or from) the caller's agency.
 * - `missing_document` 422: a document the letter names is not complete on the exchange with that size.
 * - `hash_mismatch` 422: the uploaded bytes do not hash to the URL's SHA-256 (the upload is discarded).
 * - `invalid_year` 422: a number block for a year other than the exchange's current or previous year.
 * - `internal` 500: a bug on the exchange.
 */
export const EXCHANGE_ERROR_STATUS = {
  invalid_request: 400,
  invalid_envelope: 400,
  unauthenticated: 401,
  wrong_sender: 403,
  forbidden: 403,
  not_found: 404,
  message_id_reused: 409,
  event_id_reused: 409,
  request_id_reused: 409,
  offset_mismatch: 409,
  length_mismatch: 409,
  payload_too_large: 413,
  range_not_satisfiable: 416,
  bad_signature: 422,
  unknown_recipient: 422,
  unknown_message: 422,
  missing_document: 422,
  hash_mismatch: 422,
  invalid_year: 422,
  internal: 500,
} as const;
export type ExchangeErrorCode = keyof typeof EXCHANGE_ERROR_STATUS;
export const EXCHANGE_ERROR_CODES = Object.keys(EXCHANGE_ERROR_STATUS) as ExchangeErrorCode[];

/** `{error: {code, message, details?}}`: every non-2xx answer. `message` is English, for logs. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(EXCHANGE_ERROR_CODES as [ExchangeErrorCode, ...ExchangeErrorCode[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.output<typeof errorBodySchema>;

// ---------------------------------------------------------------- paging

/** Longest long-poll wait, seconds. */
export const MAX_WAIT_SECONDS = 25;
/** Largest page of the mailbox or the journal. */
export const MAX_PAGE = 500;

/** Query of `GET /v1/mailbox` and `GET /v1/journal`: `after` (position, 0 = from the start), `limit`, `wait` (s). */
export const pageQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(0),
});
export type PageQuery = z.output<typeof pageQuerySchema>;

// ---------------------------------------------------------------- messages

/** Answer of `POST /v1/messages`: `202 {ack}` when accepted, `200 {ack}` (the original) for a duplicate. */
export const ackSchema = z.object({
  messageId: uuidSchema,
  acceptedAt: instantSchema,
  /** The agencies whose mailbox got the message. */
  recipients: z.array(agencyCodeSchema),
});
export type Ack = z.output<typeof ackSchema>;
export const postMessageResponseSchema = z.object({ ack: ackSchema });
export type PostMessageResponse = z.output<typeof postMessageResponseSchema>;

/** `GET /v1/mailbox` answer. `next` is the `after` for the following page (the last position, or `after`). */
export const mailboxItemSchema = z.object({
  position: z.number().int().min(1),
  envelope: envelopeSchema,
  signature: signatureBase64Schema,
});
export type MailboxItem = z.output<typeof mailboxItemSchema>;
export const mailboxPageSchema = z.object({ items: z.array(mailboxItemSchema), next: z.number().int().min(0) });
export type MailboxPage = z.output<typeof mailboxPageSchema>;

// ---------------------------------------------------------------- journal

/** Most events in one `POST /v1/journal`. */
export const MAX_EVENTS_PER_PUSH = 500;
export const journalPushSchema = z.strictObject({ events: z.array(journalEventSchema).min(1).max(MAX_EVENTS_PER_PUSH) });
export type JournalPush = z.output<typeof journalPushSchema>;
export const journalPushResponseSchema = z.object({
  accepted: z.array(z.object({ eventId: uuidSchema, position: z.number().int().min(1) })),
});
export type JournalPushResponse = z.output<typeof journalPushResponseSchema>;
export const journalPageSchema = z.object({
  events: z.array(z.object({ position: z.number().int().min(1), event: journalEventSchema })),
  next: z.number().int().min(0),
});
export type JournalPage = z.output<typeof journalPageSchema>;

// ---------------------------------------------------------------- documents

/** Path parameter `{sha256}` of the upload and blob routes. */
export const sha256ParamsSchema = z.strictObject({ sha256: sha256Schema });
/** `GET /v1/uploads/{sha256}` and the answer of a `PATCH`: bytes held, whether complete, and the declared length. */
export const uploadStatusSchema = z.object({
  sha256: sha256Schema,
  received: z.number().int().min(0),
  /** Declared by the first `PATCH` (`Upload-Length`); null before any. */
  length: z.number().int().min(0).nullable(),
  complete: z.boolean(),
});
export type UploadStatus = z.output<typeof uploadStatusSchema>;
/** Headers of `PATCH /v1/uploads/{sha256}` (numbers as decimal text). */
export const uploadHeadersSchema = z.object({
  'upload-offset': z.string().regex(/^\d{1,15}$/, 'a decimal byte offset'),
  'upload-length': z.string().regex(/^\d{1,15}$/, 'a decimal byte length'),
});

// ---------------------------------------------------------------- number blocks

/** Most numbers in one block. */
export const MAX_BLOCK_SIZE = 10_000;
export const numberBlockRequestSchema = z.strictObject({
  /** The desk's id for this request: the same on every retry. */
  requestId: uuidSchema,
  register: registerSchema,
  year: yearSchema,
  size: z.number().int().min(1).max(MAX_BLOCK_SIZE),
});
export type NumberBlockRequest = z.output<typeof numberBlockRequestSchema>;
export const numberBlockGrantSchema = z.object({
  blockId: uuidSchema,
  requestId: uuidSchema,
  agency: agencyCodeSchema,
  desk: deskIdSchema,
  register: registerSchema,
  year: yearSchema,
  first: z.number().int().min(1),
  last: z.number().int().min(1),
  grantedAt: instantSchema,
});
export type NumberBlockGrant = z.output<typeof numberBlockGrantSchema>;

// ---------------------------------------------------------------- directory, health, whoami

/** One agency of the exchange directory: the desk's directory entry plus the public key (null: not connected). */
export const directoryAgencySchema = agencySchema.extend({ publicKey: keyBase64Schema.nullable() });
export type DirectoryAgency = z.output<typeof directoryAgencySchema>;
export const directoryResponseSchema = z.object({ agencies: z.array(directoryAgencySchema) });
export type DirectoryResponse = z.output<typeof directoryResponseSchema>;

export const healthResponseSchema = z.object({ ok: z.literal(true), time: instantSchema, version: z.string() });
export type HealthResponse = z.output<typeof healthResponseSchema>;

export const whoamiResponseSchema = z.object({ agency: agencyCodeSchema, desk: deskIdSchema });
export type WhoamiResponse = z.output<typeof whoamiResponseSchema>;
