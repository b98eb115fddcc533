/**
 * A scanned file that carries the registry code of an existing registration (our label or stamp QR,
 * electron/services/pdf/barcode.ts) is either a re-scan of paper the registration already holds, or
 * further pages of that letter — a continuation, attached to the registration without a new number
 * (attach.ts does the write; docs/archival-pdf.md, "Continuations and re-scans").
 *
 * Telling them apart: every page of the file is compared with every page of the registration's
 * documents by the text read from it. Text: normalised (shared/text/normalise.ts), letters and
 * digits only, cut into 4-character shingles, compared by the Dice coefficient — indifferent to the
 * line breaks, spacing and punctuation two OCR passes disagree on, while a misread character costs
 * only the shingles around it. A page is "held" when its best score reaches
 * {@link RESCAN_PAGE_SIMILARITY}; the file is a re-scan when it has at least one page with enough
 * text to judge ({@link MIN_JUDGED_CHARS}) and every such page is held.
 */
import type { Direction, RegistrationDetail } from '../../../shared/contract/index.ts';
import { normalise } from '../../../shared/text/normalise.ts';
import type { Db } from '../db/open.ts';
import { fromStored } from './document-text.ts';
import type { Registry } from './index.ts';

/**
 * Dice score from which a page counts as one the registration holds. Two OCR passes over scans of
 * the same page score 0.75–0.95 here; another page of the same letter shares at most its letterhead
 * and footer, well under 0.4.
 */
export const RESCAN_PAGE_SIMILARITY = 0.55;
/** Letters and digits a page needs to be judged (a page with less — a label alone, a blank back — is not). */
export const MIN_JUDGED_CHARS = 40;
const SHINGLE = 4;

/** How a file carrying a registration's code relates to that registration. */
export type CodeRelation = 'continuation' | 'rescan' | 'attached';

/** The text as compared: normalised, letters and digits only. */
function comparable(raw: string): string {
  return normalise(raw).replace(/[^\p{L}\p{N}]+/gu, '');
}

function shingles(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= s.length; i++) out.add(s.slice(i, i + SHINGLE));
  return out;
}

/** Dice coefficient 2·|A∩B| / (|A|+|B|) of two shingle sets, 0..1 (0 when either is empty). */
function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const s of small) if (large.has(s)) common += 1;
  return (2 * common) / (a.size + b.size);
}

/**
 * Page texts of every document of a registration (main, attachments, twins, continuations).
 * @returns one entry per stored page, in document then page order.
 */
function heldPages(db: Db, registrationId: number): string[] {
  const rows = db
    .prepare(
      `SELECT d.pages, d.text FROM registration_documents rd JOIN documents d ON d.id = rd.document_id
       WHERE rd.registration_id = ? ORDER BY rd.position`,
    )
    .all(registrationId) as Array<{ pages: string; text: string }>;
  return rows.flatMap((r) => fromStored(r.pages, r.text).map((p) => p.text));
}

/**
 * Judges a read file against the registration its code names.
 * @param pages the file's pages as read (logical-order text).
 * @param sha256 the file's SHA-256, when known (`attached` when it is already one of the documents).
 * @returns `attached`, `rescan` (every judged page is held) or `continuation`; never throws for a
 *   page without text.
 */
export function relationTo(db: Db, detail: Pick<RegistrationDetail, 'id' | 'documents'>, pages: ReadonlyArray<{ text: string }>, sha256?: string): CodeRelation {
  if (sha256 !== undefined && detail.documents.some((d) => d.sha256 === sha256)) return 'attached';
  const held = heldPages(db, detail.id).map((t) => shingles(comparable(t)));
  let judged = 0;
  for (const page of pages) {
    const text = comparable(page.text);
    if (text.length < MIN_JUDGED_CHARS) continue;
    judged += 1;
    const own = shingles(text);
    const best = Math.max(0, ...held.map((h) => dice(own, h)));
    if (best < RESCAN_PAGE_SIMILARITY) return 'continuation';
  }
  return judged > 0 ? 'rescan' : 'continuation';
}

/**
 * `registry.attachContinuation`: attaches a read document to the registration named by its number as
 * a `continuation` (attach.ts: one transaction with the search index, the audit event and the journal
 * event for the agency's other desks).
 * @returns the record after the change.
 * @throws AppError('not_found') no such registration or the document was never read;
 *   AppError('duplicate_file') the document is already registered; AppError('validation') the
 *   registration is annulled, or its number exists in several registers and none was named.
 */
export function attachContinuation(registry: Registry, q: { documentSha256: string; registryNumber: string; register: Direction | null }): RegistrationDetail {
  const detail = registry.show({ registryNumber: q.registryNumber, register: q.register });
  registry.attach({ registrationId: detail.id, documentSha256: q.documentSha256, role: 'continuation' });
  return registry.show({ registryNumber: detail.registryNumber, register: detail.register });
}
