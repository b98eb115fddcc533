/**
 * Reading the register: rows to summaries, the register page by page (newest first), one record.
 */
import type { Db } from '../db/open.ts';
import { AppError } from '../../../shared/errors.ts';
import { toWesternDigits } from '../../../shared/text/normalise.ts';
import type {
  Channel,
  Classification,
  Direction,
  Documentation,
  DocumentRef,
  Priority,
  RegistrationDetail,
  RegistrationSummary,
  Transport,
} from '../../../shared/contract/index.ts';
import { defaultDocumentation } from '../../../shared/contract/registry.ts';
import { annulmentOf } from './annulment.ts';
import { historyOf } from './audit.ts';
import { fromStored } from './document-text.ts';

export interface RegistrationRow {
  id: number;
  register: string;
  year: number;
  seq: number;
  registry_number: string;
  registered_at: string;
  registration_date: string;
  direction: string;
  channel: string;
  documentation: string | null;
  transport: string | null;
  counterpart_code: string | null;
  counterpart_name: string;
  reference_number: string | null;
  reference_date: string | null;
  subject: string;
  classification: string;
  priority: string;
  attachments_count: number;
  operator: string;
  annulled: number;
  emergency_number: string | null;
  origin_desk: string | null;
}

/** The columns a summary needs, for SELECTs. */
export const SUMMARY_COLUMNS =
  'r.id, r.register, r.year, r.seq, r.registry_number, r.registered_at, r.registration_date, r.direction, r.channel, r.documentation, r.transport, r.counterpart_code, r.counterpart_name, r.reference_number, r.reference_date, r.subject, r.classification, r.priority, r.attachments_count, r.operator, r.annulled, r.emergency_number, r.origin_desk';

export function toSummary(r: RegistrationRow): RegistrationSummary {
  return {
    id: r.id,
    register: r.register,
    registryNumber: r.registry_number,
    registeredAt: r.registered_at,
    registrationDate: r.registration_date,
    direction: r.direction as Direction,
    channel: r.channel as Channel,
    documentation: (r.documentation ?? defaultDocumentation(r.channel as Channel)) as Documentation,
    transport: r.transport as Transport | null,
    counterpartName: r.counterpart_name,
    counterpartCode: r.counterpart_code,
    referenceNumber: r.reference_number,
    referenceDate: r.reference_date,
    subject: r.subject,
    classification: r.classification as Classification,
    priority: r.priority as Priority,
    annulled: r.annulled === 1,
    emergencyNumber: r.emergency_number,
    originDesk: r.origin_desk,
  };
}

/**
 * One page of the register, newest first. Without a register filter, ids are dense (nothing is ever
 * deleted and a rolled-back insert does not consume a rowid), so the page starts at
 * `id <= maxId - offset` instead of an OFFSET scan.
 * @returns the total count and the page's items.
 */
export function pageOfRegister(db: Db, q: { register: string | null; offset: number; limit: number }): { total: number; items: RegistrationSummary[] } {
  if (q.register === null) {
    const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM registrations').get() as { m: number }).m;
    const rows = db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM registrations r WHERE r.id <= ? ORDER BY r.id DESC LIMIT ?`)
      .all(maxId - q.offset, q.limit) as RegistrationRow[];
    return { total: maxId, items: rows.map(toSummary) };
  }
  // On a standalone desk the numbers of a register are dense per year, so the total is the sum of the
  // counters. A desk connected to the exchange holds only part of each agency sequence (blocks of
  // other desks, numbers not yet synced) plus emergency registrations, so it counts its rows.
  const synced = db.prepare('SELECT 1 FROM registrations WHERE origin_desk IS NOT NULL LIMIT 1').get() !== undefined;
  const total = synced
    ? (db.prepare('SELECT count(*) AS n FROM registrations WHERE register = ?').get(q.register) as { n: number }).n
    : (db.prepare('SELECT coalesce(sum(last_seq), 0) AS n FROM register_counters WHERE register = ?').get(q.register) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM registrations r WHERE r.register = ? ORDER BY r.id DESC LIMIT ? OFFSET ?`)
    .all(q.register, q.limit, q.offset) as RegistrationRow[];
  return { total, items: rows.map(toSummary) };
}

/**
 * Finds a registration by its registry number (digits in any script), optionally in one register.
 * @throws AppError('not_found'); AppError('validation') when the number exists in several registers
 *         and none was named.
 */
export function findByNumber(db: Db, registryNumber: string, register: string | null): RegistrationRow {
  const number = toWesternDigits(registryNumber.trim());
  const rows = (
    register === null
      ? db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM registrations r WHERE r.registry_number = ? OR r.emergency_number = ? ORDER BY r.id`).all(number, number)
      : db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM registrations r WHERE (r.registry_number = ? OR r.emergency_number = ?) AND r.register = ?`).all(number, number, register)
  ) as RegistrationRow[];
  const first = rows[0];
  if (first === undefined) throw new AppError('not_found', `no registration numbered ${number}`, { registryNumber: number, register });
  if (rows.length > 1) {
    throw new AppError('validation', `registry number ${number} exists in several registers; name the register`, {
      registryNumber: number,
      registers: rows.map((r) => r.register),
    });
  }
  return first;
}

interface DocRow {
  sha256: string;
  file_name: string;
  media_type: string;
  byte_length: number;
  page_count: number;
  pages: string;
  text: string;
  role: DocumentRef['role'];
}

/** The full record: summary, documents, text of the main document, links and history. */
export function showRegistration(db: Db, q: { registryNumber: string; register: string | null }): RegistrationDetail {
  const r = findByNumber(db, q.registryNumber, q.register);
  const docs = db
    .prepare(
      `SELECT d.sha256, rd.file_name, d.media_type, d.byte_length, d.page_count, d.pages, d.text, rd.role
       FROM registration_documents rd JOIN documents d ON d.id = rd.document_id
       WHERE rd.registration_id = ? ORDER BY rd.position`,
    )
    .all(r.id) as DocRow[];
  const documents: DocumentRef[] = docs.map((d) => ({
    sha256: d.sha256,
    fileName: d.file_name,
    mediaType: d.media_type,
    byteLength: d.byte_length,
    pageCount: d.page_count,
    role: d.role,
  }));
  const main = docs.find((d) => d.role === 'main');
  const pages = main === undefined ? [] : fromStored(main.pages, main.text);
  const links = db
    .prepare(
      `SELECT l.kind, t.registry_number AS registryNumber, t.register FROM links l JOIN registrations t ON t.id = l.to_id
       WHERE l.from_id = ? ORDER BY l.to_id`,
    )
    .all(r.id) as RegistrationDetail['links'];
  return { ...toSummary(r), attachmentsCount: r.attachments_count, documents, pages, links, history: historyOf(db, r.id), ...annulmentOf(db, r.id) };
}
