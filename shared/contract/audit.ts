/** The audit trail: verifying the hash chain (../design domain.md, "a changed or removed entry is detectable"). */
import { z } from 'zod';

/**
 * What broke the chain at the first broken entry:
 * - `changed`: the entry's content no longer matches its hash (edited in place);
 * - `link_broken`: the entry does not follow the one before it (entries reordered, inserted, or
 *   rewritten with a recomputed hash);
 * - `missing`: ids are missing before this entry (entries deleted); `missingFrom`..`id − 1`.
 */
export type AuditProblem = 'changed' | 'link_broken' | 'missing';

export type AuditVerification =
  | { ok: true; count: number; lastId: number | null; lastHash: string | null }
  | {
      ok: false;
      /** Entries read up to and including the broken one. */
      count: number;
      broken: { id: number; at: string; action: string; operator: string; problem: AuditProblem; missingFrom: number | null };
    };

export const auditContract = {
  'audit.verify': { input: z.object({}), output: {} as AuditVerification },
} as const;
