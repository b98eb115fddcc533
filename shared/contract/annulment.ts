/**
 * Annulment (../design domain.md: "the only way to correct an immutable field: the record stays,
 * marked annulled, with reason, authorising reference, operator and time"). A clerk requests it with
 * a reason; a supervisor approves it with the authorising reference, or refuses it. The registry
 * number is never given again.
 */
import { z } from 'zod';
import { DIRECTIONS } from './registry.ts';

export const ANNULMENT_STATUSES = ['pending', 'approved', 'refused'] as const;
export type AnnulmentStatus = (typeof ANNULMENT_STATUSES)[number];

export interface AnnulmentRequestView {
  id: number;
  registryNumber: string;
  register: string;
  subject: string;
  counterpartName: string;
  reason: string;
  requestedBy: string;
  requestedAt: string; // UTC ISO 8601
  status: AnnulmentStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  authorisingReference: string | null;
  refusalReason: string | null;
}

/** An approved annulment as a record shows it. */
export interface AnnulmentView {
  at: string; // UTC ISO 8601
  reason: string;
  operator: string; // who approved
  authorisingReference: string | null;
  requestedBy: string | null;
}

export const annulmentContract = {
  /** @throws not_found; validation (rule `already_annulled` or `annulment_pending`). */
  'registry.requestAnnulment': {
    input: z.object({
      registryNumber: z.string().trim().min(1).max(64),
      register: z.enum(DIRECTIONS).nullable().default(null),
      reason: z.string().trim().min(3).max(1000),
    }),
    output: {} as AnnulmentRequestView,
  },
  /**
   * Annuls the registration in one transaction with its audit event.
   * @throws not_found; validation (rule `already_decided`); forbidden (rule `four_eyes`: the
   *         requester cannot approve their own request).
   */
  'registry.approveAnnulment': {
    input: z.object({ requestId: z.number().int().positive(), authorisingReference: z.string().trim().min(1).max(200) }),
    output: {} as AnnulmentRequestView,
  },
  /** @throws not_found; validation (rule `already_decided`). */
  'registry.refuseAnnulment': {
    input: z.object({ requestId: z.number().int().positive(), reason: z.string().trim().min(1).max(1000) }),
    output: {} as AnnulmentRequestView,
  },
  /** Requests, newest first; `pending` by default. */
  'registry.annulmentRequests': {
    input: z.object({
      status: z.enum([...ANNULMENT_STATUSES, 'all']).default('pending'),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: {} as { items: AnnulmentRequestView[] },
  },
} as const;
