/**
 * The dispatch list of paper copies (../shared/design/domain.md, "The parallel period": a letter to a
 * connected counterpart that still requires paper leaves electronically and as a printed copy
 * carrying the same registry number). Each copy moves to_print → printed → handed_over → delivered,
 * once each, in that order; every step is an audit event of the registration.
 * Rules: docs/parallel-period.md, "Paper copies and the dispatch list".
 */
import { z } from 'zod';

export const DISPATCH_STATES = ['to_print', 'printed', 'handed_over', 'delivered'] as const;
export type DispatchState = (typeof DISPATCH_STATES)[number];

/** Why a paper copy is made: the recipient requires paper, or the clerk said paper follows. */
export const DISPATCH_REASONS = ['requires_paper', 'paper_follows'] as const;
export type DispatchReason = (typeof DISPATCH_REASONS)[number];

/** How a paper copy travels (a subset of the registration transports). */
export const DISPATCH_TRANSPORTS = ['by_hand', 'courier', 'post'] as const;
export type DispatchTransport = (typeof DISPATCH_TRANSPORTS)[number];

/** One paper copy of an outgoing letter, for one recipient. Times are UTC ISO 8601. */
export interface DispatchItem {
  id: number;
  registrationId: number;
  registryNumber: string;
  register: string;
  registrationDate: string;
  subject: string;
  recipientCode: string;
  recipientName: string;
  role: 'to' | 'cc';
  reason: DispatchReason;
  state: DispatchState;
  createdAt: string;
  createdBy: string;
  printedAt: string | null;
  printedBy: string | null;
  handedOverAt: string | null;
  /** The operator who handed it over. */
  handedOverBy: string | null;
  /** Who took it (messenger, courier company and waybill, post office…). */
  carrier: string | null;
  transport: DispatchTransport | null;
  deliveredAt: string | null;
  /** Who received it at the recipient. */
  receivedBy: string | null;
  /** The operator who recorded the delivery. */
  deliveryRecordedBy: string | null;
  note: string | null;
}

const id = z.number().int().positive();

export const paperDispatchContract = {
  /** Paper copies, oldest first within the filter; `open` = not delivered yet. */
  'dispatch.list': {
    input: z.object({
      state: z.enum(['open', 'all', ...DISPATCH_STATES]).default('open'),
      registryNumber: z.string().trim().min(1).max(64).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    output: {} as { items: DispatchItem[] },
  },
  /** The copy was printed (the archival PDF with the stamp, `registry.archivalPdf`). */
  'dispatch.markPrinted': { input: z.object({ id }), output: {} as DispatchItem },
  /** The printed copy was handed to whoever carries it. */
  'dispatch.handOver': {
    input: z.object({ id, carrier: z.string().trim().min(1).max(300), transport: z.enum(DISPATCH_TRANSPORTS).default('by_hand') }),
    output: {} as DispatchItem,
  },
  /** The recipient received it: who signed for it and when (default now; not in the future). */
  'dispatch.recordDelivery': {
    input: z.object({
      id,
      receivedBy: z.string().trim().min(1).max(300),
      deliveredAt: z.iso.datetime({ offset: true }).optional(),
      note: z.string().trim().max(1000).optional(),
    }),
    output: {} as DispatchItem,
  },
} as const;
