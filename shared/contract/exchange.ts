/**
 * The central exchange, desk side: the connection, sync rounds, the electronic inbox, sending
 * outgoing letters, per-recipient status, and likely duplicates found while pulling the agency
 * journal. Protocol: docs/exchange-protocol.md; terms as in ../shared/design/domain.md.
 */
import { z } from 'zod';
import { CLASSIFICATIONS, DIRECTIONS, PRIORITIES, type Classification, type Priority, type RegistrationSummary } from './registry.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const agencyCode = z.string().trim().min(1).max(32);
const messageId = z.uuid();

/** What went wrong in the last round, by kind (an AppError kind: `exchange_unreachable`, `exchange_refused`, …). */
export interface SyncErrorView {
  kind: string;
  message: string;
}

/** A phase of a sync round, in the order a round runs them. */
export const SYNC_PHASES = ['clock', 'directory', 'uploads', 'messages', 'journal_push', 'mailbox', 'journal_pull', 'reconcile', 'blocks'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

export interface ExchangeStatus {
  /** Credentials are stored on this desk. */
  configured: boolean;
  url: string | null;
  agency: string | null;
  desk: string | null;
  /** The last request to the exchange succeeded. */
  online: boolean;
  /** UTC ISO 8601 of the end of the last complete round, or null. */
  lastSyncAt: string | null;
  lastError: SyncErrorView | null;
  /** Outbox items (letters, receipts, journal events, uploads) the exchange has not acknowledged yet. */
  waiting: number;
  /** A round is running now. */
  syncing: boolean;
  progress: { phase: SyncPhase; done: number; total: number } | null;
  /** Numbers left in this desk's granted blocks, per register and year. */
  blocks: Array<{ register: string; year: number; remaining: number }>;
  /** Emergency registrations still waiting for their ordinary number. */
  emergencyPending: number;
}

/** What one sync round moved. Sizes in bytes. */
export interface SyncSummary {
  pushedEvents: number;
  pulledEvents: number;
  sentMessages: number;
  receivedMessages: number;
  uploadedBytes: number;
  downloadedBytes: number;
  /** Emergency registrations that got their ordinary number in this round. */
  renumbered: number;
  errors: SyncErrorView[];
}

export const INBOX_STATES = ['new', 'registered', 'rejected', 'forwarded'] as const;
export type InboxState = (typeof INBOX_STATES)[number];

export interface InboxDocument {
  sha256: string;
  name: string;
  mediaType: string;
  /** Bytes. */
  size: number;
  main: boolean;
}

/** A letter received from the exchange, as the inbox shows it. */
export interface InboxItem {
  messageId: string;
  senderAgency: string;
  /** The sender's name from the directory (Arabic), or its code when unknown. */
  senderName: string;
  senderRegistryNumber: string;
  senderRegistrationDate: string; // YYYY-MM-DD
  subject: string;
  classification: Classification;
  priority: Priority;
  replyBy: string | null; // YYYY-MM-DD
  paperFollows: boolean;
  documents: InboxDocument[];
  receivedAt: string; // UTC ISO 8601
  state: InboxState;
  /** This desk's (or another desk of the agency's) registration of it. */
  registration: { registryNumber: string; register: string } | null;
}

export const REJECTION_REASONS = ['not_ours', 'unreadable', 'wrong_hash', 'invalid', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const RECIPIENT_STATES = ['queued', 'sent', 'acknowledged', 'registered', 'rejected', 'forwarded', 'expired'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export interface RecipientStatus {
  agency: string;
  name: string;
  role: 'to' | 'cc';
  state: RecipientState;
  /** The recipient's registry number and date, once it registered the letter. */
  registryNumber?: string;
  registrationDate?: string;
  /** Rejection: `{code}: {text}`. */
  reason?: string;
  forwardedTo?: string;
  updatedAt: string; // UTC ISO 8601
}

export interface OutgoingStatus {
  messageId: string;
  /** The least advanced recipient state ('expired' or 'rejected' when any recipient is). */
  aggregate: RecipientState;
  recipients: RecipientStatus[];
}

/** A pair of registrations that look like one letter registered twice (flagged at sync). */
export interface DuplicateFlag {
  id: number;
  /** 'same_document' (one SHA-256) or 'same_reference' (counterpart, reference number and date). */
  reason: 'same_document' | 'same_reference';
  a: RegistrationSummary;
  b: RegistrationSummary;
  flaggedAt: string;
  resolution: 'distinct' | 'duplicate' | null;
}

/**
 * The desk credentials file the exchange admin wrote (exchange URL, agency, desk id, secret,
 * agency private key); validated in full by the services against shared/exchange's schema.
 */
export const credentialsInput = z.record(z.string().max(64), z.unknown()).refine((o) => Object.keys(o).length <= 32, 'too many fields');

const inboxOverrides = z
  .object({
    subject: z.string().trim().min(1).max(1000),
    classification: z.enum(CLASSIFICATIONS),
    priority: z.enum(PRIORITIES),
    attachmentsCount: z.number().int().min(0).max(10_000),
  })
  .partial();

export const exchangeContract = {
  'exchange.status': { input: z.object({}), output: {} as ExchangeStatus },
  /** Checks the credentials against the exchange (whoami) and stores them; queues earlier registrations for the journal. */
  'exchange.connect': { input: z.object({ credentials: credentialsInput }), output: {} as ExchangeStatus },
  /** Forgets the credentials; the outbox is kept for a later connection. */
  'exchange.disconnect': { input: z.object({}), output: {} as ExchangeStatus },
  /** Runs one sync round now (or joins the one running). */
  'exchange.sync': { input: z.object({}), output: {} as SyncSummary },

  /** Letters received, newest first; keyset by `before` (a receivedAt from the previous page). */
  'inbox.list': {
    input: z.object({
      state: z.enum(['new', 'settled', 'all']).default('new'),
      limit: z.number().int().min(1).max(500).default(100),
      before: z.string().max(40).optional(),
    }),
    output: {} as { items: InboxItem[] },
  },
  /**
   * Registers an inbox letter as incoming (channel electronic); queues the confirmation receipt with it.
   * With `twinOf`, the letter is the electronic twin of that paper registration: it joins it (channel
   * both, no new number) and the confirmation carries the existing registry number.
   */
  'inbox.register': {
    input: z.object({
      messageId,
      overrides: inboxOverrides.optional(),
      twinOf: z
        .object({ registryNumber: z.string().trim().min(1).max(64), register: z.enum(['incoming', 'outgoing', 'internal']).nullable().default(null), score: z.number().min(0).max(1).nullable().default(null) })
        .optional(),
    }),
    output: {} as RegistrationSummary,
  },
  /**
   * Paper registrations that may be this inbox letter's twin (the same letter registered on paper
   * before it arrived), best first; read only. Joining one is `inbox.register` with `twinOf`.
   */
  'inbox.twinCandidates': {
    input: z.object({ messageId }),
    output: {} as { candidates: import('./twins.ts').TwinCandidate[] },
  },
  /** Refuses an inbox letter; queues the rejection receipt. */
  'inbox.reject': {
    input: z.object({ messageId, reasonCode: z.enum(REJECTION_REASONS), reasonText: z.string().trim().min(1).max(1000) }),
    output: {} as InboxItem,
  },
  /** Sends an inbox letter on to the competent agency; queues the forward receipt and the new letter. */
  'inbox.forward': {
    input: z.object({ messageId, toAgency: agencyCode, note: z.string().trim().max(1000).default('') }),
    output: {} as InboxItem,
  },

  /**
   * Registers an outgoing letter (documents already stored by `intake.analyse`) and queues it for
   * the exchange with its uploads, in one transaction.
   */
  'outgoing.send': {
    input: z.object({
      documents: z
        .array(z.object({ sha256, main: z.boolean() }))
        .min(1)
        .max(50)
        .refine((d) => d.filter((x) => x.main).length === 1, 'exactly one main document'),
      to: z.array(agencyCode).min(1).max(50),
      cc: z.array(agencyCode).max(50).default([]),
      subject: z.string().trim().min(1).max(1000),
      classification: z.enum(CLASSIFICATIONS).default('ordinary'),
      priority: z.enum(PRIORITIES).default('normal'),
      replyBy: isoDate.nullable().default(null),
      paperFollows: z.boolean().default(false),
      inReplyTo: messageId.nullable().default(null),
    }),
    output: {} as { registration: RegistrationSummary; messageId: string },
  },
  'outgoing.status': {
    input: z.object({ registryNumber: z.string().trim().min(1).max(64), register: z.enum(DIRECTIONS).nullable().default(null) }),
    output: {} as OutgoingStatus,
  },

  'duplicates.list': { input: z.object({}), output: {} as { items: DuplicateFlag[] } },
  'duplicates.resolve': {
    input: z.object({ id: z.number().int().positive(), resolution: z.enum(['distinct', 'duplicate']) }),
    output: {} as DuplicateFlag,
  },
} as const;
