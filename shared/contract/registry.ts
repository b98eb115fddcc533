/**
 * The register: registering a letter, reading the register, one record.
 * Terms as in ../shared/design/domain.md.
 */
import { z } from 'zod';

export const DIRECTIONS = ['incoming', 'outgoing', 'internal'] as const;
export const CLASSIFICATIONS = ['ordinary', 'confidential', 'secret'] as const;
export const PRIORITIES = ['normal', 'urgent', 'very_urgent'] as const;
export const CHANNELS = ['paper', 'electronic', 'both'] as const;
/** How the letter is documented on paper (domain.md, glossary "physical documentation"). */
export const DOCUMENTATIONS = ['paper_original', 'complementary_paper', 'no_paper'] as const;
/** How the letter travelled (domain.md, glossary "transport"). */
export const TRANSPORTS = ['by_hand', 'courier', 'post', 'fax', 'email', 'exchange'] as const;

export type Direction = (typeof DIRECTIONS)[number];
export type Classification = (typeof CLASSIFICATIONS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type Documentation = (typeof DOCUMENTATIONS)[number];
export type Transport = (typeof TRANSPORTS)[number];

/**
 * The physical documentation a registration gets when the clerk names none: an electronic letter has
 * no paper, a paper one (or one that came both ways) has its paper original.
 */
export function defaultDocumentation(channel: Channel): Documentation {
  return channel === 'electronic' ? 'no_paper' : 'paper_original';
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const registerInput = z.object({
  /** SHA-256 of a document already stored by `intake.analyse`. */
  documentSha256: sha256,
  direction: z.enum(DIRECTIONS).default('incoming'),
  channel: z.enum(CHANNELS).default('paper'),
  /** Default: from the channel ({@link defaultDocumentation}). */
  documentation: z.enum(DOCUMENTATIONS).nullable().default(null),
  /** Default: `exchange` for an electronic letter, else unknown (null). */
  transport: z.enum(TRANSPORTS).nullable().default(null),
  counterpart: z.object({
    code: z.string().max(32).nullable().default(null),
    name: z.string().trim().min(1).max(300),
  }),
  referenceNumber: z.string().trim().max(100).nullable().default(null),
  referenceDate: isoDate.nullable().default(null), // Gregorian
  subject: z.string().trim().min(1).max(1000),
  classification: z.enum(CLASSIFICATIONS).default('ordinary'),
  priority: z.enum(PRIORITIES).default('normal'),
  attachmentsCount: z.number().int().min(0).max(10_000).default(0),
  /** Deliberate re-registration of an already registered file: the earlier registry number, linked. */
  reRegistrationOf: z.string().max(64).nullable().default(null),
  /** Validate and preview the number without registering (consumes nothing). */
  dryRun: z.boolean().default(false),
});
export type RegisterInput = z.input<typeof registerInput>;

export interface DocumentRef {
  sha256: string;
  fileName: string;
  mediaType: string;
  byteLength: number;
  pageCount: number;
  /** `twin`: a document of the same letter by the other channel; `continuation`: further pages scanned later. */
  role: 'main' | 'attachment' | 'twin' | 'continuation';
}

export interface RegistrationSummary {
  id: number;
  register: string; // 'incoming' | 'outgoing' | 'internal'
  registryNumber: string; // formatted, immutable
  registeredAt: string; // UTC ISO 8601
  registrationDate: string; // agency-local (Asia/Kuwait) calendar date YYYY-MM-DD
  direction: Direction;
  channel: Channel;
  documentation: Documentation;
  /** null: not recorded (registrations made before transports were recorded). */
  transport: Transport | null;
  counterpartName: string;
  counterpartCode: string | null;
  referenceNumber: string | null;
  referenceDate: string | null;
  subject: string;
  classification: Classification;
  priority: Priority;
  annulled: boolean;
  /** The emergency number given while the desk had no number from the exchange (`ط-{desk}-{year}/{seq}`); kept after the ordinary one. */
  emergencyNumber: string | null;
  /** The desk of the agency that registered it (null on a desk never connected to the exchange). */
  originDesk: string | null;
}

export interface AuditEventView {
  id: number;
  at: string; // UTC ISO
  operator: string;
  action: string; // e.g. 'registered', 'linked'
  details: Record<string, unknown>;
}

export interface RegistrationDetail extends RegistrationSummary {
  attachmentsCount: number;
  documents: DocumentRef[];
  /** Text of the main document, page by page, logical order. */
  pages: Array<{ index: number; text: string; source: 'text-layer' | 'ocr'; confidence: number | null }>;
  links: Array<{ kind: 're_registration_of' | 're_registered_as'; registryNumber: string; register: string }>;
  history: AuditEventView[];
  /** The approved annulment (reason, authorising reference, who, when), or null. */
  annulment: import('./annulment.ts').AnnulmentView | null;
  /** An annulment request waiting for a supervisor, or null. */
  pendingAnnulment: import('./annulment.ts').AnnulmentRequestView | null;
}

/** A search hit: the summary plus a short snippet of raw text around the first match. */
export interface SearchHit extends RegistrationSummary {
  snippet: string | null;
}

export const registryContract = {
  'registry.register': {
    input: registerInput,
    output: {} as { registration: RegistrationSummary | null; preview: { registryNumber: string } | null },
  },
  /** The register page by page, newest first. `offset` 0 is the newest registration. */
  'registry.page': {
    input: z.object({
      register: z.enum(DIRECTIONS).nullable().default(null),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: {} as { total: number; items: RegistrationSummary[] },
  },
  /** Full-text search, newest first, keyset-paginated by `beforeId`. */
  'registry.search': {
    input: z.object({
      query: z.string().trim().min(1).max(500),
      limit: z.number().int().min(1).max(200).default(50),
      beforeId: z.number().int().positive().nullable().default(null),
    }),
    output: {} as { items: SearchHit[]; nextBeforeId: number | null },
  },
  'registry.show': {
    input: z.object({
      registryNumber: z.string().trim().min(1).max(64),
      register: z.enum(DIRECTIONS).nullable().default(null),
    }),
    output: {} as RegistrationDetail,
  },
} as const;
