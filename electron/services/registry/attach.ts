/**
 * Adding a document to an existing registration, without a new registry number:
 * - a twin: the same letter by the other channel (the paper copy of an electronic letter, or the
 *   electronic copy of a paper one); the registration's channel becomes `both`
 *   (../shared/design/domain.md, "The parallel period"; docs/parallel-period.md);
 * - a continuation: further pages of the letter scanned later, found by our label or QR code.
 * One write transaction: the document row, its link to the registration, the twin link, the
 * channel/documentation change, the search index, the audit event, and (through `onAttached`) the
 * journal event for the agency's other desks. Nothing else of the registration changes.
 */
import type { Db } from '../db/open.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Documentation, RegistrationSummary, Transport } from '../../../shared/contract/index.ts';
import { appendAudit } from './audit.ts';
import { toStored } from './document-text.ts';
import { SUMMARY_COLUMNS, toSummary, type RegistrationRow } from './records.ts';
import { documentText, registrationOfDocument } from './register.ts';
import { reindexRegistration } from './search.ts';

export type AttachRole = 'twin' | 'continuation';

export interface AttachRequest {
  registrationId: number;
  /** SHA-256 of a document already read (`intake.analyse`) or stored. */
  documentSha256: string;
  role: AttachRole;
  /** Required for a twin: how it came (the other channel than the registration's), and the match score when one was offered. */
  twin?: { channel: 'paper' | 'electronic'; transport: Transport | null; score: number | null; exchangeMessageId?: string | null };
}

/** What was attached, for the journal event (`registration.documentAdded`). */
export interface AttachedDocument {
  registrationId: number;
  role: AttachRole;
  sha256: string;
  fileName: string;
  mediaType: string;
  byteLength: number;
  /** Logical-order text, pages joined by form feeds. */
  text: string;
  twin: { channel: 'paper' | 'electronic'; transport: Transport | null; exchangeMessageId: string | null; score: number | null; documentation: Documentation } | null;
  operator: string;
  at: string;
}

export interface AttachContext {
  clock: () => Date;
  operator: () => string;
  /** Runs inside the transaction once everything is written (the sync outbox); a throw rolls it back. */
  onAttached?: (db: Db, attached: AttachedDocument) => void;
}

/**
 * Attaches a read document to registration `registrationId`.
 * For a twin, the registration's channel goes from `paper`/`electronic` to `both`; an electronic
 * registration whose paper copy arrives gets documentation `complementary_paper`.
 * @returns the registration's summary after the change.
 * @throws AppError('not_found') no such registration, or the document was never read;
 *         AppError('validation') the registration is annulled, a twin by the same channel as the
 *         registration, or a registration that already has its twin;
 *         AppError('duplicate_file') the document is already registered (as N, or on this registration);
 *         AppError('storage_failed') the database refused the write.
 */
export function attachDocument(db: Db, req: AttachRequest, ctx: AttachContext): RegistrationSummary {
  const work = (): RegistrationSummary => {
    const reg = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM registrations r WHERE r.id = ?`).get(req.registrationId) as RegistrationRow | undefined;
    if (reg === undefined) throw new AppError('not_found', `no registration with id ${req.registrationId}`, { registrationId: req.registrationId });
    if (reg.annulled === 1) {
      throw new AppError('validation', `registration ${reg.registry_number} is annulled; nothing can be attached to it`, { registryNumber: reg.registry_number });
    }
    const doc = documentText(db, req.documentSha256);
    const existing = registrationOfDocument(db, req.documentSha256);
    if (existing !== null) {
      throw new AppError('duplicate_file', `already registered as ${existing.registryNumber}`, { registryNumber: existing.registryNumber, register: existing.register });
    }
    const at = ctx.clock().toISOString();
    const operator = ctx.operator();
    let twin: AttachedDocument['twin'] = null;
    if (req.role === 'twin') {
      if (req.twin === undefined) throw new AppError('validation', 'a twin needs its channel', { field: 'twin' });
      if (reg.channel === 'both') {
        throw new AppError('validation', `registration ${reg.registry_number} already has its twin`, { registryNumber: reg.registry_number });
      }
      if (reg.channel === req.twin.channel) {
        throw new AppError('validation', `registration ${reg.registry_number} came by ${reg.channel} too; a twin comes by the other channel`, {
          registryNumber: reg.registry_number,
          channel: reg.channel,
        });
      }
      const documentation: Documentation = reg.channel === 'electronic' ? 'complementary_paper' : ((reg.documentation ?? 'paper_original') as Documentation);
      db.prepare("UPDATE registrations SET channel = 'both', documentation = ? WHERE id = ?").run(documentation, reg.id);
      twin = {
        channel: req.twin.channel,
        transport: req.twin.transport,
        exchangeMessageId: req.twin.exchangeMessageId ?? null,
        score: req.twin.score,
        documentation,
      };
      db.prepare(
        `INSERT INTO twin_links (registration_id, channel, transport, document_sha256, exchange_message_id, score, linked_at, operator)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(reg.id, twin.channel, twin.transport, req.documentSha256, twin.exchangeMessageId, twin.score, at, operator);
    }
    const stored = toStored(doc.pages);
    storeDocumentRow(db, reg.id, req.role, { sha256: req.documentSha256, fileName: doc.fileName, mediaType: doc.mediaType, byteLength: doc.byteLength, pageCount: doc.pages.length, meta: stored.meta, text: stored.text });
    reindexRegistration(db, reg.id);
    appendAudit(db, {
      at,
      operator,
      action: req.role === 'twin' ? 'twin_linked' : 'continuation_attached',
      registrationId: reg.id,
      details: {
        documentSha256: req.documentSha256,
        fileName: doc.fileName,
        ...(twin !== null ? { channel: twin.channel, transport: twin.transport, score: twin.score, documentation: twin.documentation } : {}),
      },
    });
    const attached: AttachedDocument = {
      registrationId: reg.id,
      role: req.role,
      sha256: req.documentSha256,
      fileName: doc.fileName,
      mediaType: doc.mediaType,
      byteLength: doc.byteLength,
      text: stored.text,
      twin,
      operator,
      at,
    };
    ctx.onAttached?.(db, attached);
    return toSummary(db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM registrations r WHERE r.id = ?`).get(reg.id) as RegistrationRow);
  };
  try {
    return db.transaction(work).immediate();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('storage_failed', `the document was not attached: ${(err as Error).message}`);
  }
}

/**
 * Writes the document row (once per hash) and links it to the registration after its other
 * documents, with `role`. Inside a write transaction. Used here and when another desk's
 * `registration.documentAdded` event is applied.
 */
export function storeDocumentRow(
  db: Db,
  registrationId: number,
  role: AttachRole,
  d: { sha256: string; fileName: string; mediaType: string; byteLength: number; pageCount: number; meta: string; text: string },
): void {
  db.prepare(
    'INSERT INTO documents (sha256, file_name, media_type, byte_length, page_count, pages, text) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
  ).run(d.sha256, d.fileName, d.mediaType, d.byteLength, d.pageCount, d.meta, d.text);
  const documentId = db.prepare('SELECT id FROM documents WHERE sha256 = ?').pluck().get(d.sha256) as number;
  const position = db.prepare('SELECT coalesce(max(position), -1) + 1 FROM registration_documents WHERE registration_id = ?').pluck().get(registrationId) as number;
  db.prepare('INSERT OR IGNORE INTO registration_documents (registration_id, document_id, role, file_name, position) VALUES (?, ?, ?, ?, ?)').run(
    registrationId,
    documentId,
    role,
    d.fileName,
    position,
  );
}

/**
 * Records that the clerk said document `documentSha256` is not a twin of registration
 * `registrationId`, so it is not offered again. Idempotent.
 * @throws AppError('not_found') no such registration.
 */
export function refuseTwin(db: Db, q: { documentSha256: string; registrationId: number }, ctx: { clock: () => Date; operator: () => string }): void {
  db.transaction(() => {
    const reg = db.prepare('SELECT registry_number FROM registrations WHERE id = ?').pluck().get(q.registrationId) as string | undefined;
    if (reg === undefined) throw new AppError('not_found', `no registration with id ${q.registrationId}`, { registrationId: q.registrationId });
    const at = ctx.clock().toISOString();
    const operator = ctx.operator();
    const added = db
      .prepare('INSERT OR IGNORE INTO twin_refusals (document_sha256, registration_id, operator, at) VALUES (?, ?, ?, ?)')
      .run(q.documentSha256, q.registrationId, operator, at).changes;
    if (added === 1) {
      appendAudit(db, { at, operator, action: 'twin_refused', registrationId: q.registrationId, details: { documentSha256: q.documentSha256 } });
    }
  }).immediate();
}
