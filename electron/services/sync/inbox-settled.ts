/**
 * Settling an inbox letter and reviewing likely duplicates: the journal event that takes a settled
 * letter off the agency's other desks' inboxes, and a duplicate flag as the contract shows it.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open.ts';
import type { DuplicateFlag, RegistrationSummary } from '../../../shared/contract/index.ts';
import { queueEvent } from './registrations.ts';

export type InboxOutcome = 'registered' | 'rejected' | 'forwarded';

/**
 * Queues `inbox.settled` for a letter this desk settled, so the agency's other desks take it off their
 * inbox (inside the settling transaction).
 */
export function queueInboxSettled(
  db: Db,
  identity: { agency: string; desk: string },
  letter: { messageId: string; sender: { agency: string } },
  outcome: InboxOutcome,
  x: { registrationUid?: string | null; registryNumber?: string | null; reasonCode?: 'not_ours' | 'unreadable' | 'wrong_hash' | 'invalid' | 'other' | null; toAgency?: string | null },
  at: string,
): void {
  queueEvent(
    db,
    {
      eventId: randomUUID(),
      agency: identity.agency,
      desk: identity.desk,
      at,
      kind: 'inbox.settled',
      payload: {
        messageId: letter.messageId,
        senderAgency: letter.sender.agency,
        outcome,
        registrationId: x.registrationUid ?? null,
        registryNumber: x.registryNumber ?? null,
        reasonCode: x.reasonCode ?? null,
        toAgency: x.toAgency ?? null,
      },
    },
    null,
  );
}

/** A likely-duplicate flag with both registrations' summaries (`summaryOf` reads one by id). */
export function duplicateFlagView(db: Db, id: number, summaryOf: (id: number) => RegistrationSummary): DuplicateFlag {
  const f = db.prepare('SELECT * FROM duplicate_flags WHERE id = ?').get(id) as {
    id: number;
    a_id: number;
    b_id: number;
    reason: 'same_document' | 'same_reference';
    flagged_at: string;
    resolution: 'distinct' | 'duplicate' | null;
  };
  return { id: f.id, reason: f.reason, a: summaryOf(f.a_id), b: summaryOf(f.b_id), flaggedAt: f.flagged_at, resolution: f.resolution };
}
