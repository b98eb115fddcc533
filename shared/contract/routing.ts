/**
 * Routing and follow-up (الإحالة والمتابعة): assigning a registration to an internal department with a
 * due date, changing it (an audit event each time), the overdue list, linking a reply to the letter it
 * answers; the departments list (admin). And the supervisor's dashboard figures.
 */
import { z } from 'zod';
import { DIRECTIONS, type Channel, type Direction } from './registry.ts';
import { isoDay } from './daily.ts';

export const departmentSchema = z.object({
  code: z.string().trim().min(1).max(32).regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, _ . -'),
  nameAr: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  active: z.boolean().default(true),
});
export type Department = z.output<typeof departmentSchema>;

const recordRef = {
  registryNumber: z.string().trim().min(1).max(64),
  register: z.enum(DIRECTIONS).nullable().default(null),
};

export interface Routing {
  registrationId: number;
  register: string;
  registryNumber: string;
  departmentCode: string;
  departmentNameAr: string;
  departmentNameEn: string;
  dueDate: string | null;
  note: string | null;
  routedAt: string;
  routedBy: string;
  changedAt: string;
  changedBy: string;
  doneAt: string | null;
  doneBy: string | null;
}

/** A routed letter on the follow-up list, with what a supervisor needs to chase it. */
export interface FollowUpItem extends Routing {
  registrationDate: string;
  counterpartName: string;
  subject: string;
  /** Whole days past the due date (Asia/Kuwait); 0 or less when not overdue. */
  daysOverdue: number;
}

export interface RecordLink {
  kind: 'reply_to' | 'replied_by' | 're_registration_of' | 're_registered_as';
  register: string;
  registryNumber: string;
}

export interface Dashboard {
  today: string;
  month: string; // YYYY-MM
  todayVolume: VolumeFigures;
  monthVolume: VolumeFigures;
  /** Incoming, not annulled, not yet routed. */
  backlog: number;
  /** Open routings whose due date has passed (not annulled). */
  overdue: number;
  /** Paper vs electronic over time, oldest bucket first. `both` counts a letter once, in its own column. */
  share: Array<{ bucket: string; from: string; to: string; paper: number; electronic: number; both: number }>;
  shareBy: 'week' | 'month';
  /** Milliseconds the figures took to compute. */
  tookMs: number;
}

export interface VolumeFigures {
  total: number;
  byDirection: Record<Direction, number>;
  byChannel: Record<Channel, number>;
}

export const routingContract = {
  'routing.departments': { input: z.object({ includeInactive: z.boolean().default(false) }), output: {} as Department[] },
  /** Replaces the departments list (admin). A department with routings is deactivated, never removed. */
  'routing.saveDepartments': { input: z.object({ departments: z.array(departmentSchema).max(500) }), output: {} as Department[] },
  /** The routing of one registration (null when not routed) and its links. */
  'routing.get': { input: z.object(recordRef), output: {} as { routing: Routing | null; links: RecordLink[] } },
  /** Routes (or re-routes) a registration; each call is an audit event with operator and time. */
  'routing.assign': {
    input: z.object({
      ...recordRef,
      departmentCode: z.string().trim().min(1).max(32),
      dueDate: isoDay.nullable().default(null),
      note: z.string().trim().max(1000).nullable().default(null),
    }),
    output: {} as Routing,
  },
  /** Closes (or reopens) the follow-up of a routed registration. */
  'routing.complete': { input: z.object({ ...recordRef, done: z.boolean().default(true) }), output: {} as Routing },
  /** Open routings past their due date, most overdue first. */
  'routing.overdue': {
    input: z.object({ departmentCode: z.string().max(32).nullable().default(null), limit: z.number().int().min(1).max(1000).default(200) }),
    output: {} as { total: number; items: FollowUpItem[] },
  },
  /** Links a reply (usually outgoing) to the letter it answers; the answered letter's follow-up closes. */
  'routing.linkReply': {
    input: z.object({
      reply: z.object(recordRef),
      answers: z.object(recordRef),
    }),
    output: {} as { links: RecordLink[] },
  },
  'dashboard.get': { input: z.object({ shareBy: z.enum(['week', 'month']).default('month'), buckets: z.number().int().min(1).max(104).default(12) }), output: {} as Dashboard },
} as const;
