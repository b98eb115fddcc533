/**
 * Twins service: the `twins.*` contract handlers over the registry (shared/contract/twins.ts), and
 * {@link candidatesForLetter} for an electronic letter that has no read document yet (the exchange
 * inbox). Matching is in match.ts; linking is the registry's `attach` (registry/attach.ts), called
 * only on a clerk's `twins.link`.
 */
import type { Db } from '../db/open.ts';
import type { Handlers, RegistrationSummary, TwinCandidate, TwinCandidates, TwinChannel } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { agencyDateParts, AGENCY_TIME_ZONE } from '../../../shared/dates/index.ts';
import type { Registry } from '../registry/index.ts';
import type { CachedAnalysis } from '../registry/analyses.ts';
import { fromStored } from '../registry/document-text.ts';
import { findByNumber, SUMMARY_COLUMNS, toSummary, type RegistrationRow } from '../registry/records.ts';
import { findTwinCandidates, TWIN_THRESHOLD, WEIGHTS, type TwinMatch, type TwinProbe } from './match.ts';

export { findTwinCandidates, TWIN_THRESHOLD, WEIGHTS, combine, referenceTokens } from './match.ts';
export type { TwinMatch, TwinParts, TwinProbe } from './match.ts';

type TwinHandlers = Pick<Handlers, 'twins.candidates' | 'twins.link' | 'twins.refuse'>;

/**
 * The channel a read document came by: a PDF whose every page has a usable text layer is
 * electronic (born digital); a scan or a scanned PDF is paper.
 */
export function channelOfAnalysis(a: Pick<CachedAnalysis, 'pages'>): TwinChannel {
  return a.pages.length > 0 && a.pages.every((p) => p.source === 'text-layer') ? 'electronic' : 'paper';
}

/**
 * What the matcher knows of a read document: its text and its suggested counterpart, reference
 * number and date (an ambiguous date with its readings).
 * @param today the agency-local date `YYYY-MM-DD`.
 */
export function probeOfAnalysis(a: CachedAnalysis, channel: TwinChannel, today: string): TwinProbe {
  const s = a.suggestions;
  const ev = s.referenceNumber?.evidence ?? null;
  const page = ev === null ? undefined : a.pages.find((p) => p.index === ev.page);
  // OCR marked a word of the number low-confidence: Arabic-Indic digits are often misread.
  const uncertain = ev !== null && page !== undefined && page.lowConfidenceWords.some((w) => w.end > ev.start && w.start < ev.end);
  return {
    text: a.pages.map((p) => p.text).join('\n'),
    channel,
    counterpartCode: s.counterpart?.code ?? null,
    counterpartName: s.counterpart?.nameAr ?? null,
    referenceNumber: s.referenceNumber?.value ?? null,
    referenceNumberUncertain: uncertain,
    referenceDate: s.referenceDate?.gregorian ?? null,
    referenceDateAlternatives: s.referenceDate?.alternatives ?? [],
    documentSha256: a.sha256,
    today,
  };
}

/**
 * Candidates among paper registrations for an electronic letter known by its text and fields (an
 * exchange inbox letter before it is registered). Reads only the local database.
 * @param letter its text (all documents' text, logical order) and the fields its envelope carries.
 * @param now the instant that fixes "today" in the agency's time zone (the window of a letter without date).
 * @returns candidates at or above {@link TWIN_THRESHOLD}, best first (registration ids with score and parts).
 */
export function candidatesForLetter(
  db: Db,
  letter: { text: string; counterpartCode: string | null; counterpartName: string | null; referenceNumber: string | null; referenceDate: string | null },
  now: Date,
): TwinMatch[] {
  return findTwinCandidates(db, { ...letter, channel: 'electronic', today: agencyDateParts(now, AGENCY_TIME_ZONE).date });
}

/** A match as the contract shows it: the registration's summary, score, parts and its main document's pages. */
export function candidateView(db: Db, m: TwinMatch): TwinCandidate {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM registrations r WHERE r.id = ?`).get(m.registrationId) as RegistrationRow;
  const main = db
    .prepare(
      `SELECT d.pages, d.text FROM registration_documents rd JOIN documents d ON d.id = rd.document_id
       WHERE rd.registration_id = ? AND rd.role = 'main' LIMIT 1`,
    )
    .get(m.registrationId) as { pages: string; text: string } | undefined;
  const pages = main === undefined ? [] : fromStored(main.pages, main.text).map((p) => ({ index: p.index, text: p.text }));
  return { registration: toSummary(row), score: m.score, parts: m.parts, pages };
}

export interface TwinsDeps {
  db: Db;
  registry: Registry;
  clock: () => Date;
}

/** Builds the `twins.*` handlers. */
export function createTwins(deps: TwinsDeps): { handlers: TwinHandlers } {
  const { db, registry } = deps;

  function analysisOf(sha256: string): CachedAnalysis {
    const a = registry.getAnalysis(sha256);
    if (a === null) throw new AppError('not_found', 'the document has not been read yet (analyse it first)', { sha256 });
    return a;
  }

  function registrationOfTarget(q: { registryNumber: string; register: string }): RegistrationRow {
    return findByNumber(db, q.registryNumber, q.register);
  }

  const view = (m: TwinMatch): TwinCandidate => candidateView(db, m);

  function matches(a: CachedAnalysis, channel: TwinChannel, threshold?: number): TwinMatch[] {
    const today = agencyDateParts(deps.clock(), AGENCY_TIME_ZONE).date;
    return findTwinCandidates(db, probeOfAnalysis(a, channel, today), threshold === undefined ? {} : { threshold, limit: 50 });
  }

  const handlers: TwinHandlers = {
    'twins.candidates': async ({ documentSha256, channel }) => {
      const a = analysisOf(documentSha256);
      const ch = channel ?? channelOfAnalysis(a);
      const registeredAs = registry.registrationOfDocument(documentSha256);
      const out: TwinCandidates = {
        documentSha256,
        channel: ch,
        threshold: TWIN_THRESHOLD,
        weights: { ...WEIGHTS },
        candidates: registeredAs === null ? matches(a, ch).map(view) : [],
        registeredAs,
      };
      return out;
    },
    'twins.link': async ({ documentSha256, registryNumber, register, channel, transport }): Promise<RegistrationSummary> => {
      const a = analysisOf(documentSha256);
      const ch = channel ?? channelOfAnalysis(a);
      const target = registrationOfTarget({ registryNumber, register });
      // The score this pair was offered with (recorded with the link); null when it scores below any offer.
      const scored = matches(a, ch, 0).find((m) => m.registrationId === target.id);
      return registry.attach({
        registrationId: target.id,
        documentSha256,
        role: 'twin',
        twin: { channel: ch, transport: transport ?? null, score: scored?.score ?? null },
      });
    },
    'twins.refuse': async ({ documentSha256, registryNumber, register }) => {
      analysisOf(documentSha256);
      const target = registrationOfTarget({ registryNumber, register });
      registry.refuseTwin({ documentSha256, registrationId: target.id });
      return { refused: true as const };
    },
  };
  return { handlers };
}
