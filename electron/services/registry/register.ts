/**
 * Registering a letter: one write transaction (`BEGIN IMMEDIATE`) allocates the registry number and
 * writes the record, its document rows, its search index row, any re-registration links and the
 * audit event. Anything thrown inside rolls all of it back, number included.
 */
import type { Db } from '../db/open.ts';
import { AppError } from '../../../shared/errors.ts';
import { defaultDocumentation, registerInput, type RegisterInput, type RegistrationSummary } from '../../../shared/contract/index.ts';
import { toWesternDigits } from '../../../shared/text/normalise.ts';
import { agencyDateParts } from '../../../shared/dates/index.ts';
import { formatRegistryNumber } from '../../../shared/registry/number-format.ts';
import { getAnalysis } from './analyses.ts';
import { fromStored, toStored, type StoredPage } from './document-text.ts';
import { appendAudit } from './audit.ts';
import { AGENCY_TIME_ZONE, allocateSeq, peekSeq } from './numbering.ts';
import { SUMMARY_COLUMNS, toSummary, type RegistrationRow } from './records.ts';
import { indexRow } from './search.ts';
import { getSettings } from './settings.ts';

export interface RegisterContext {
  clock: () => Date;
  operator: () => string;
  /** Numbers from elsewhere than the local counters (the exchange's blocks, emergency numbers). */
  numbers?: NumberSource;
  /**
   * Called inside the registration's transaction once the record, its documents, index row and
   * audit event are written (the sync outbox hooks in here); a throw rolls the registration back.
   */
  onRegistered?: (db: Db, registrationId: number) => void;
}

/** A registry number given by a {@link NumberSource}. */
export interface AllocatedNumber {
  seq: number;
  registryNumber: string;
  /** Set for an emergency number (then `registryNumber` is the same string until it is renumbered). */
  emergencyNumber: string | null;
}

/**
 * Where registry numbers come from when the desk is connected to the exchange
 * (electron/services/sync/numbers.ts). Both return null to use the local counters.
 */
export interface NumberSource {
  /** Takes a number; called inside the registration's write transaction. */
  take(db: Db, register: string, year: number, format: string): AllocatedNumber | null;
  /** The number the next registration would get, consuming nothing. */
  peek(db: Db, register: string, year: number, format: string): string | null;
}

/** What a registration through the exchange adds to the contract's input. */
export interface RegisterExtras {
  /** The exchange message the letter came from or goes out as. */
  exchangeMessageId?: string | null;
  /** Further documents (already read, like the main one), registered as attachments in this order. */
  attachments?: string[];
}

export interface RegisterResult {
  registration: RegistrationSummary | null;
  preview: { registryNumber: string } | null;
}

export interface DocumentText {
  fileName: string;
  mediaType: string;
  byteLength: number;
  pages: StoredPage[];
}

/** The registration that first registered a document, if any. */
export function registrationOfDocument(db: Db, sha256: string): { id: number; register: string; registryNumber: string } | null {
  const r = db
    .prepare(
      `SELECT r.id, r.register, r.registry_number AS registryNumber FROM registration_documents rd
       JOIN documents d ON d.id = rd.document_id
       JOIN registrations r ON r.id = rd.registration_id WHERE d.sha256 = ? ORDER BY r.id LIMIT 1`,
    )
    .get(sha256) as { id: number; register: string; registryNumber: string } | undefined;
  return r ?? null;
}

/**
 * Registers a letter (or, with `dryRun`, previews its number and consumes nothing).
 * @param input contract input of `registry.register` (validated here again).
 * @throws AppError('validation') invalid input, a reference date that is no calendar date, or a
 *         `reRegistrationOf` that is not a registration of this document;
 *         AppError('not_found') the document was never analysed;
 *         AppError('duplicate_file', 'already registered as N', { registryNumber, register });
 *         AppError('storage_failed') the database refused the write.
 */
export function registerLetter(db: Db, input: RegisterInput, ctx: RegisterContext, extras: RegisterExtras = {}): RegisterResult {
  const parsed = registerInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError('validation', 'invalid registration', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  const q = parsed.data;
  if (q.referenceDate !== null && !isCalendarDate(q.referenceDate)) {
    throw new AppError('validation', `reference date ${q.referenceDate} is not a calendar date`, { field: 'referenceDate' });
  }
  const register = q.direction; // one register per direction

  const work = (): RegisterResult => {
    const doc = documentText(db, q.documentSha256);
    const existing = registrationOfDocument(db, q.documentSha256);
    let earlier: { id: number; registryNumber: string; register: string } | null = null;
    if (q.reRegistrationOf !== null) {
      const number = toWesternDigits(q.reRegistrationOf.trim());
      const r = db
        .prepare(
          `SELECT r.id, r.registry_number AS registryNumber, r.register FROM registrations r
           JOIN registration_documents rd ON rd.registration_id = r.id
           JOIN documents d ON d.id = rd.document_id
           WHERE r.registry_number = ? AND d.sha256 = ? ORDER BY r.id LIMIT 1`,
        )
        .get(number, q.documentSha256) as { id: number; registryNumber: string; register: string } | undefined;
      if (r === undefined) {
        throw new AppError('validation', `${number} is not a registration of this document`, { field: 'reRegistrationOf', registryNumber: number });
      }
      earlier = r;
    } else if (existing !== null) {
      throw new AppError('duplicate_file', `already registered as ${existing.registryNumber}`, {
        registryNumber: existing.registryNumber,
        register: existing.register,
      });
    }

    const now = ctx.clock();
    const parts = agencyDateParts(now, AGENCY_TIME_ZONE);
    const year = Number(parts.year);
    const format = getSettings(db).numberFormats[register];
    if (q.dryRun) {
      const external = ctx.numbers?.peek(db, register, year, format) ?? null;
      return { registration: null, preview: { registryNumber: external ?? formatRegistryNumber(format, { year, seq: peekSeq(db, register, year), register }) } };
    }

    const given = ctx.numbers?.take(db, register, year, format) ?? null;
    const seq = given?.seq ?? allocateSeq(db, register, year);
    const registryNumber = given?.registryNumber ?? formatRegistryNumber(format, { year, seq, register });
    const operator = ctx.operator();
    const at = now.toISOString();
    const clash = db.prepare('SELECT 1 FROM registrations WHERE register = ? AND registry_number = ?').get(register, registryNumber);
    if (clash !== undefined) {
      throw new AppError('validation', `the number format gives ${registryNumber}, which is already used; include {year} in the format`, { registryNumber });
    }
    const row = db
      .prepare(
        `INSERT INTO registrations (register, year, seq, registry_number, registered_at, registration_date, direction, channel,
           documentation, transport, counterpart_code, counterpart_name, reference_number, reference_date, subject, classification, priority,
           attachments_count, operator, emergency_number, exchange_message_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING ${SUMMARY_COLUMNS.replaceAll('r.', '')}`,
      )
      .get(
        register, year, seq, registryNumber, at, parts.date, q.direction, q.channel,
        q.documentation ?? defaultDocumentation(q.channel), q.transport ?? (q.channel === 'electronic' ? 'exchange' : null),
        q.counterpart.code, q.counterpart.name, q.referenceNumber === null ? null : toWesternDigits(q.referenceNumber), q.referenceDate,
        q.subject, q.classification, q.priority, q.attachmentsCount, operator, given?.emergencyNumber ?? null, extras.exchangeMessageId ?? null,
      ) as RegistrationRow;

    const stored = toStored(doc.pages);
    db.prepare(
      'INSERT INTO documents (sha256, file_name, media_type, byte_length, page_count, pages, text) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
    ).run(q.documentSha256, doc.fileName, doc.mediaType, doc.byteLength, doc.pages.length, stored.meta, stored.text);
    const documentId = (db.prepare('SELECT id FROM documents WHERE sha256 = ?').pluck().get(q.documentSha256)) as number;
    db.prepare('INSERT INTO registration_documents (registration_id, document_id, role, file_name, position) VALUES (?, ?, ?, ?, 0)').run(
      row.id, documentId, 'main', doc.fileName,
    );
    for (const [i, sha] of (extras.attachments ?? []).entries()) {
      if (sha === q.documentSha256) continue;
      const a = documentText(db, sha);
      const st = toStored(a.pages);
      db.prepare(
        'INSERT INTO documents (sha256, file_name, media_type, byte_length, page_count, pages, text) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
      ).run(sha, a.fileName, a.mediaType, a.byteLength, a.pages.length, st.meta, st.text);
      const aid = db.prepare('SELECT id FROM documents WHERE sha256 = ?').pluck().get(sha) as number;
      db.prepare('INSERT OR IGNORE INTO registration_documents (registration_id, document_id, role, file_name, position) VALUES (?, ?, ?, ?, ?)').run(
        row.id, aid, 'attachment', a.fileName, i + 1,
      );
    }

    indexRow(db, row.id, {
      subject: q.subject,
      counterpart: [q.counterpart.name, q.counterpart.code ?? ''].join(' '),
      reference: [row.reference_number ?? '', registryNumber].join(' '),
      body: stored.text,
    });

    if (earlier !== null) {
      const link = db.prepare('INSERT INTO links (from_id, to_id, kind, at) VALUES (?, ?, ?, ?)');
      link.run(row.id, earlier.id, 're_registration_of', at);
      link.run(earlier.id, row.id, 're_registered_as', at);
      appendAudit(db, { at, operator, action: 'linked', registrationId: earlier.id, details: { kind: 're_registered_as', registryNumber, register } });
    }
    appendAudit(db, {
      at,
      operator,
      action: 'registered',
      registrationId: row.id,
      details: {
        registryNumber,
        register,
        documentSha256: q.documentSha256,
        ...(earlier !== null ? { reRegistrationOf: earlier.registryNumber } : {}),
      },
    });
    ctx.onRegistered?.(db, row.id);
    return { registration: toSummary(row), preview: null };
  };

  try {
    return q.dryRun ? db.transaction(work).deferred() : db.transaction(work).immediate();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('storage_failed', `the registration was not saved: ${(err as Error).message}`);
  }
}

/**
 * The text of a document to register: its cached analysis, or its row from an earlier registration.
 * @throws AppError('not_found') when the document was never read.
 */
export function documentText(db: Db, sha256: string): DocumentText {
  const a = getAnalysis(db, sha256);
  if (a !== null) {
    return {
      fileName: a.fileName,
      mediaType: a.mediaType,
      byteLength: a.byteLength,
      pages: a.pages.map((p) => ({ index: p.index, text: p.text, source: p.source, confidence: p.confidence })),
    };
  }
  const d = db.prepare('SELECT file_name, media_type, byte_length, pages, text FROM documents WHERE sha256 = ?').get(sha256) as
    | { file_name: string; media_type: string; byte_length: number; pages: string; text: string }
    | undefined;
  if (d === undefined) throw new AppError('not_found', 'the document has not been read yet (analyse it first)', { sha256 });
  return { fileName: d.file_name, mediaType: d.media_type, byteLength: d.byte_length, pages: fromStored(d.pages, d.text) };
}

function isCalendarDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
