/**
 * A scanned file that carries the registry code of an existing registration (our label or stamp QR,
 * electron/services/pdf/barcode.ts) is either a re-scan of paper the registration already holds, or
 * further pages of that letter — a continuation, attached to the registration without a new number
 * (attach.ts does the write; docs/archival-pdf.md, "Continuations and re-scans").
 *
 * Telling them apart: every page of the file is compared with every page of the registration's
 * documents by the text read from it. Text: normalised (shared/text/normalise.ts), letters and
 * digits only, cut into 4-character shingles — indifferent to the line breaks, spacing and
 * punctuation two OCR passes disagree on, while a misread character costs only the shingles around
 * it. A page is "held" when some page of the registration is contained in it — at least
 * {@link RESCAN_CONTAINMENT} of that page's shingles are on the new page, so a label, stamp or note
 * added to the paper does not matter — and the two are of comparable size (Dice coefficient at least
 * {@link RESCAN_MIN_DICE}, so a short page is not "contained" in any long one). The file is a re-scan
 * when it has at least one page with enough text to judge ({@link MIN_JUDGED_CHARS}) and every such
 * page is held; otherwise it is offered as a continuation, and the clerk decides.
 *
 * Measured on the 16 fixture letters (../shared/fixtures/letters; synthetic letters built from one
 * pool of sentences, so different letters share whole sentences — harder than the pages of one
 * letter): tesseract's reading of a scan against the page's ground truth, 0.77–0.98 contained (14 of
 * 16 from 0.85); a letter's reading against any other letter, at most 0.80 (OCR against OCR at most
 * 0.77), so no continuation is taken for a re-scan. A stamped archival PDF against its letter: 1.0.
 */
import type { Direction, RegistrationDetail } from '../../../shared/contract/index.ts';
import { normalise } from '../../../shared/text/normalise.ts';
import type { Db } from '../db/open.ts';
import { fromStored } from './document-text.ts';
import type { Registry } from './index.ts';

/** Share of a registration page's shingles found on a new page from which the new page is that page again. */
export const RESCAN_CONTAINMENT = 0.85;
/** Least Dice coefficient of the two pages' shingle sets for the containment to count (comparable sizes). */
export const RESCAN_MIN_DICE = 0.5;
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

/** |A∩B| of two shingle sets. */
function common(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const s of small) if (large.has(s)) n += 1;
  return n;
}

/** Whether `page` (a new page's shingles) holds `held` (a registration page's): see the module comment. */
function holds(page: Set<string>, held: Set<string>): boolean {
  if (page.size === 0 || held.size === 0) return false;
  const n = common(page, held);
  return n / held.size >= RESCAN_CONTAINMENT && (2 * n) / (page.size + held.size) >= RESCAN_MIN_DICE;
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
    if (!held.some((h) => holds(own, h))) return 'continuation';
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
