/**
 * Twins: the paper and the electronic copy of the same letter (../shared/design/domain.md, glossary
 * and "The parallel period"; docs/parallel-period.md, "Twins"). When a clerk reads a document, the
 * desk offers the registrations that may be its twin; only the clerk's confirmation links it (no new
 * registry number, the channel becomes `both`), and the clerk may refuse a candidate.
 */
import { z } from 'zod';
import { DIRECTIONS, TRANSPORTS, type RegistrationSummary } from './registry.ts';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
export const TWIN_CHANNELS = ['paper', 'electronic'] as const;
export type TwinChannel = (typeof TWIN_CHANNELS)[number];

/** The parts of a twin score, each 0..1; null when it could not be computed (e.g. no date read). */
export interface TwinScoreParts {
  /** Character-shingle similarity of the two texts. */
  text: number | null;
  referenceNumber: number | null;
  referenceDate: number | null;
  counterpart: number | null;
}

/** One registration that may be the twin of the document. */
export interface TwinCandidate {
  registration: RegistrationSummary;
  /** 0..1: the weighted parts (weights in `TwinCandidates.weights`). */
  score: number;
  parts: TwinScoreParts;
  /** The registered letter's text, page by page (logical order), for the side-by-side view. */
  pages: Array<{ index: number; text: string }>;
}

export interface TwinCandidates {
  documentSha256: string;
  /** The channel the document came by (from the input, else: a text-layer PDF is electronic, anything else paper). */
  channel: TwinChannel;
  /** The score at and above which candidates are offered. */
  threshold: number;
  weights: { text: number; referenceNumber: number; referenceDate: number; counterpart: number };
  /** Best first; empty when none reaches the threshold or the document is already registered or linked. */
  candidates: TwinCandidate[];
  /** Set when the document is already registered or linked (then nothing is offered). */
  registeredAs: { register: string; registryNumber: string } | null;
}

const target = {
  documentSha256: sha256,
  registryNumber: z.string().trim().min(1).max(64),
  register: z.enum(DIRECTIONS),
};

export const twinsContract = {
  /** The registrations that may be the twin of a read document (`intake.analyse` first). Reads only. */
  'twins.candidates': {
    input: z.object({ documentSha256: sha256, channel: z.enum(TWIN_CHANNELS).nullable().default(null) }),
    output: {} as TwinCandidates,
  },
  /**
   * The clerk's confirmation: links the document to the registration as its twin (no new number;
   * channel `both`). `channel`: how the document came (default as in `twins.candidates`);
   * `transport`: how it travelled, when known.
   */
  'twins.link': {
    input: z.object({
      ...target,
      channel: z.enum(TWIN_CHANNELS).nullable().default(null),
      transport: z.enum(TRANSPORTS).nullable().default(null),
    }),
    output: {} as RegistrationSummary,
  },
  /** The clerk says the registration is not this document's twin; it is not offered again for it. */
  'twins.refuse': {
    input: z.object(target),
    output: {} as { refused: true },
  },
} as const;
