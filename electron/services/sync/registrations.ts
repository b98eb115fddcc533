/**
 * Registrations and the agency journal (docs/exchange-protocol.md, "Journal events"):
 * - out: the `registration.created` / `registration.numbered` / `inbox.settled` events of this desk,
 *   queued in the outbox inside the transaction of the change;
 * - in: other desks' events applied idempotently (by event id), so every desk shows the whole agency
 *   register; likely duplicates (one document, or one counterpart + reference number + date,
 *   registered twice) are flagged for a clerk, never merged silently.
 *
 * A registration is named across desks by its `registrationId` (UUID), stored in `registrations.event_id`.
 */
import { randomUUID } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import type { Db } from '../db/open.ts';
import {
  agencyCodeSchema,
  MAX_REGISTRATION_TEXT,
  type JournalEvent,
  type JournalEventOf,
  type RegistrationCreatedPayload,
} from '../../../shared/exchange/index.ts';
import { defaultDocumentation, type Documentation, type Transport } from '../../../shared/contract/index.ts';
import type { AttachedDocument } from '../registry/attach.ts';
import { storeDocumentRow } from '../registry/attach.ts';
import { appendAudit } from '../registry/audit.ts';
import { toStored } from '../registry/document-text.ts';
import { reindexRegistration } from '../registry/search.ts';
import { applyOrdinaryNumber, bumpCounter, EMERGENCY_SEQ_BASE, placeholderSeq } from './numbers.ts';
import { enqueue } from './state.ts';

interface RegRow {
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
  emergency_number: string | null;
  numbered_at: string | null;
  origin_desk: string | null;
  event_id: string | null;
  exchange_message_id: string | null;
}

function row(db: Db, id: number): RegRow {
  return db.prepare('SELECT * FROM registrations WHERE id = ?').get(id) as RegRow;
}

function eventKey(eventId: string): string {
  return `event:${eventId}`;
}

/** Queues a journal event (inside the caller's transaction). */
export function queueEvent(db: Db, event: JournalEvent, registrationId: number | null): void {
  enqueue(db, { kind: 'event', key: eventKey(event.eventId), payload: event, registrationId, at: event.at });
}

/**
 * Names a local registration for the agency (registration id, origin desk) and queues its
 * `registration.created` event. Inside the registration's transaction; no-op when already named.
 */
export function publishRegistration(db: Db, registrationId: number, identity: { agency: string; desk: string }, at: string): void {
  const r = row(db, registrationId);
  if (r.event_id !== null) return;
  const uid = randomUUID();
  db.prepare('UPDATE registrations SET event_id = ?, origin_desk = ? WHERE id = ?').run(uid, identity.desk, registrationId);
  const payload = createdPayload(db, { ...r, event_id: uid });
  // A registration numbered before it was ever published carries both numbers in this one event.
  queueEvent(db, { eventId: randomUUID(), agency: identity.agency, desk: identity.desk, at, kind: 'registration.created', payload }, registrationId);
  // Twins and continuations added before the registration was published follow as their own events.
  const added = db
    .prepare(
      `SELECT d.sha256, rd.file_name, d.media_type, d.byte_length, rd.role, d.text, t.channel, t.transport, t.exchange_message_id, t.score, t.operator, t.linked_at
       FROM registration_documents rd JOIN documents d ON d.id = rd.document_id
       LEFT JOIN twin_links t ON t.registration_id = rd.registration_id AND t.document_sha256 = d.sha256
       WHERE rd.registration_id = ? AND rd.role IN ('twin','continuation') ORDER BY rd.position`,
    )
    .all(registrationId) as Array<{
    sha256: string;
    file_name: string;
    media_type: string;
    byte_length: number;
    role: 'twin' | 'continuation';
    text: string;
    channel: 'paper' | 'electronic' | null;
    transport: string | null;
    exchange_message_id: string | null;
    score: number | null;
    operator: string | null;
    linked_at: string | null;
  }>;
  for (const a of added) {
    publishAttached(
      db,
      {
        registrationId,
        role: a.role,
        sha256: a.sha256,
        fileName: a.file_name,
        mediaType: a.media_type,
        byteLength: a.byte_length,
        text: a.text,
        twin:
          a.role === 'twin' && a.channel !== null
            ? { channel: a.channel, transport: a.transport as Transport | null, exchangeMessageId: a.exchange_message_id, score: a.score, documentation: (r.documentation ?? 'paper_original') as Documentation }
            : null,
        operator: a.operator ?? r.operator,
        at: a.linked_at ?? at,
      },
      identity,
    );
  }
}

/**
 * Queues `registration.documentAdded` for a twin or continuation added on this desk (inside the
 * attaching transaction). No-op while the registration is not published: publishing it sends its
 * added documents after its `registration.created`.
 */
export function publishAttached(db: Db, a: AttachedDocument, identity: { agency: string; desk: string }): void {
  const uid = db.prepare('SELECT event_id FROM registrations WHERE id = ?').pluck().get(a.registrationId) as string | null | undefined;
  if (uid === null || uid === undefined) return;
  queueEvent(
    db,
    {
      eventId: randomUUID(),
      agency: identity.agency,
      desk: identity.desk,
      at: a.at,
      kind: 'registration.documentAdded',
      payload: {
        registrationId: uid,
        role: a.role,
        document: { sha256: a.sha256, name: a.fileName.slice(0, 255) || 'document', mediaType: a.mediaType, size: a.byteLength, role: 'attachment' },
        text: a.text.slice(0, MAX_REGISTRATION_TEXT),
        twin: a.twin,
        operator: a.operator.trim() === '' ? 'unknown' : a.operator.slice(0, 200),
      },
    },
    a.registrationId,
  );
}

/** Publishes every registration made before the desk was connected, in registration order. */
export function publishUnpublished(db: Db, identity: { agency: string; desk: string }, at: string): number {
  const ids = db.prepare('SELECT id FROM registrations WHERE event_id IS NULL ORDER BY id').pluck().all() as number[];
  for (const id of ids) publishRegistration(db, id, identity, at);
  return ids.length;
}

function createdPayload(db: Db, r: RegRow): RegistrationCreatedPayload {
  const docs = db
    .prepare(
      `SELECT d.sha256, rd.file_name, d.media_type, d.byte_length, rd.role, d.text FROM registration_documents rd
       JOIN documents d ON d.id = rd.document_id WHERE rd.registration_id = ? AND rd.role IN ('main','attachment') ORDER BY rd.position`,
    )
    .all(r.id) as Array<{ sha256: string; file_name: string; media_type: string; byte_length: number; role: 'main' | 'attachment'; text: string }>;
  const main = docs.find((d) => d.role === 'main');
  const earlier = db
    .prepare(`SELECT t.event_id FROM links l JOIN registrations t ON t.id = l.to_id WHERE l.from_id = ? AND l.kind = 're_registration_of'`)
    .pluck()
    .get(r.id) as string | null | undefined;
  const code = r.counterpart_code !== null && agencyCodeSchema.safeParse(r.counterpart_code).success ? r.counterpart_code : null;
  const ordinary = r.emergency_number === null || r.numbered_at !== null;
  return {
    registrationId: r.event_id as string,
    register: r.register as RegistrationCreatedPayload['register'],
    year: r.year,
    seq: ordinary ? r.seq : null,
    registryNumber: ordinary ? r.registry_number : null,
    emergencyNumber: r.emergency_number,
    registeredAt: r.registered_at,
    registrationDate: r.registration_date,
    direction: r.direction as RegistrationCreatedPayload['direction'],
    channel: r.channel as RegistrationCreatedPayload['channel'],
    documentation: r.documentation as RegistrationCreatedPayload['documentation'],
    transport: r.transport as RegistrationCreatedPayload['transport'],
    counterpart: { code, name: r.counterpart_name },
    referenceNumber: r.reference_number,
    referenceDate: r.reference_date,
    subject: r.subject,
    classification: r.classification as RegistrationCreatedPayload['classification'],
    priority: r.priority as RegistrationCreatedPayload['priority'],
    attachmentsCount: r.attachments_count,
    operator: r.operator.trim() === '' ? 'unknown' : r.operator.slice(0, 200),
    documents: docs.map((d) => ({ sha256: d.sha256, name: d.file_name.slice(0, 255) || 'document', mediaType: d.media_type, size: d.byte_length, role: d.role })),
    text: (main?.text ?? '').slice(0, MAX_REGISTRATION_TEXT),
    exchangeMessageId: r.exchange_message_id,
    reRegistrationOf: earlier ?? null,
  };
}

/**
 * Gives this desk's emergency registration its ordinary number and queues `registration.numbered`.
 * Inside a write transaction.
 */
export function numberEmergency(db: Db, id: number, seq: number, registryNumber: string, identity: { agency: string; desk: string }, at: string): void {
  if (!applyOrdinaryNumber(db, id, seq, registryNumber, at)) return;
  const r = row(db, id);
  reindexRegistration(db, id);
  appendAudit(db, { at, operator: r.operator, action: 'numbered', registrationId: id, details: { registryNumber, emergencyNumber: r.emergency_number } });
  if (r.event_id !== null) {
    queueEvent(
      db,
      {
        eventId: randomUUID(),
        agency: identity.agency,
        desk: identity.desk,
        at,
        kind: 'registration.numbered',
        payload: { registrationId: r.event_id, register: r.register as 'incoming', year: r.year, seq, registryNumber, emergencyNumber: r.emergency_number as string },
      },
      id,
    );
  }
}

/** Namespace of the derived event ids of annulments (fixed for ever). */
const ANNULMENT_EVENT_NAMESPACE = '3b0f6c1e-5a2d-5c7e-8f90-1a2b3c4d5e6f';

/**
 * Queues a `registration.annulled` event for every annulment approved on this desk (the annulment
 * requests a supervisor approved here). The event id is derived from the registration, so queueing
 * again is a no-op; run at each round, inside a write transaction.
 * @returns how many were newly queued.
 */
export function publishAnnulments(db: Db, identity: { agency: string; desk: string }, at: string): number {
  const rows = db
    .prepare(
      `SELECT r.id, r.event_id, r.registry_number, r.emergency_number, r.numbered_at, ar.reason, ar.authorising_reference, ar.decided_by, ar.decided_at
       FROM annulment_requests ar JOIN registrations r ON r.id = ar.registration_id
       WHERE ar.status = 'approved' AND r.annulled = 1 AND r.event_id IS NOT NULL ORDER BY ar.id LIMIT 1000`,
    )
    .all() as Array<{
    id: number;
    event_id: string;
    registry_number: string;
    emergency_number: string | null;
    numbered_at: string | null;
    reason: string;
    authorising_reference: string | null;
    decided_by: string | null;
    decided_at: string | null;
  }>;
  let n = 0;
  for (const r of rows) {
    const eventId = uuidv5(`${r.event_id}/annulled`, ANNULMENT_EVENT_NAMESPACE);
    const ordinary = r.emergency_number === null || r.numbered_at !== null;
    const added = enqueue(db, {
      kind: 'event',
      key: eventKey(eventId),
      registrationId: r.id,
      at,
      payload: {
        eventId,
        agency: identity.agency,
        desk: identity.desk,
        at: r.decided_at ?? at,
        kind: 'registration.annulled',
        payload: {
          registrationId: r.event_id,
          registryNumber: ordinary ? r.registry_number : null,
          emergencyNumber: r.emergency_number,
          reason: r.reason.trim() === '' ? 'annulled' : r.reason.slice(0, 2000),
          authorisingReference: r.authorising_reference === null ? null : r.authorising_reference.slice(0, 200),
          operator: (r.decided_by ?? '').trim() === '' ? 'supervisor' : (r.decided_by as string).slice(0, 200),
        },
      } satisfies JournalEvent,
    });
    if (added) {
      // applied here already: never apply it again when it comes back in the journal
      db.prepare('INSERT OR IGNORE INTO journal_seen (event_id, position, kind) VALUES (?, 0, ?)').run(eventId, 'registration.annulled');
      n++;
    }
  }
  return n;
}

// ---------------------------------------------------------------- applying pulled events

export interface ApplyOutcome {
  applied: boolean;
  /** A registration inserted or changed. */
  registrationId: number | null;
  flagged: number;
  problem: string | null;
}

/**
 * Applies one journal event of the agency (any desk's, this desk's own included: those are known
 * and skipped). Idempotent by event id. Inside a write transaction.
 */
export function applyEvent(db: Db, position: number, event: JournalEvent, own: { desk: string }, at: string): ApplyOutcome {
  const seen = db.prepare('SELECT 1 FROM journal_seen WHERE event_id = ?').get(event.eventId);
  if (seen !== undefined) return { applied: false, registrationId: null, flagged: 0, problem: null };
  db.prepare('INSERT INTO journal_seen (event_id, position, kind) VALUES (?, ?, ?)').run(event.eventId, position, event.kind);
  if (event.desk === own.desk) return { applied: false, registrationId: null, flagged: 0, problem: null };
  switch (event.kind) {
    case 'registration.created':
      return applyCreated(db, event, at);
    case 'registration.numbered':
      return applyNumbered(db, event);
    case 'inbox.settled':
      return applySettled(db, event);
    case 'registration.annulled':
      return applyAnnulled(db, event, at);
    case 'registration.documentAdded':
      return applyDocumentAdded(db, event, at);
  }
}

function applyDocumentAdded(db: Db, e: JournalEventOf<'registration.documentAdded'>, at: string): ApplyOutcome {
  const p = e.payload;
  const reg = db.prepare('SELECT id, channel FROM registrations WHERE event_id = ?').get(p.registrationId) as { id: number; channel: string } | undefined;
  if (reg === undefined) return { applied: false, registrationId: null, flagged: 0, problem: `a document added to an unknown registration ${p.registrationId}` };
  const pages = p.text === '' ? [] : p.text.split('\f').map((t, index) => ({ index, text: t, source: 'ocr' as const, confidence: null }));
  const st = toStored(pages);
  storeDocumentRow(db, reg.id, p.role, { sha256: p.document.sha256, fileName: p.document.name, mediaType: p.document.mediaType, byteLength: p.document.size, pageCount: pages.length, meta: st.meta, text: st.text });
  if (p.twin !== null) {
    if (reg.channel !== 'both') db.prepare("UPDATE registrations SET channel = 'both' WHERE id = ?").run(reg.id);
    db.prepare('UPDATE registrations SET documentation = ? WHERE id = ?').run(p.twin.documentation, reg.id);
    db.prepare(
      `INSERT OR IGNORE INTO twin_links (registration_id, channel, transport, document_sha256, exchange_message_id, score, linked_at, operator, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(reg.id, p.twin.channel, p.twin.transport, p.document.sha256, p.twin.exchangeMessageId, p.twin.score, e.at, p.operator, e.eventId);
  }
  reindexRegistration(db, reg.id);
  appendAudit(db, {
    at,
    operator: p.operator,
    action: p.role === 'twin' ? 'twin_linked' : 'continuation_attached',
    registrationId: reg.id,
    details: { documentSha256: p.document.sha256, fileName: p.document.name, desk: e.desk, eventId: e.eventId, fromJournal: true },
  });
  return { applied: true, registrationId: reg.id, flagged: 0, problem: null };
}

function applyCreated(db: Db, e: JournalEventOf<'registration.created'>, at: string): ApplyOutcome {
  const p = e.payload;
  if (db.prepare('SELECT 1 FROM registrations WHERE event_id = ?').get(p.registrationId) !== undefined) {
    return { applied: false, registrationId: null, flagged: 0, problem: null };
  }
  const number = p.registryNumber ?? (p.emergencyNumber as string);
  const clash = db.prepare('SELECT id FROM registrations WHERE register = ? AND (registry_number = ? OR (seq = ? AND year = ?))').get(p.register, number, p.seq ?? -1, p.year) as
    | { id: number }
    | undefined;
  if (clash !== undefined) {
    return { applied: false, registrationId: null, flagged: 0, problem: `${e.desk}'s registration ${number} clashes with a registration of this desk` };
  }
  const seq = p.seq ?? placeholderSeq(db);
  const numberedAt = p.emergencyNumber !== null && p.registryNumber !== null ? e.at : null;
  const id = Number(
    db
      .prepare(
        `INSERT INTO registrations (register, year, seq, registry_number, registered_at, registration_date, direction, channel,
           documentation, transport, counterpart_code, counterpart_name, reference_number, reference_date, subject, classification, priority,
           attachments_count, operator, emergency_number, numbered_at, origin_desk, event_id, exchange_message_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.register, p.year, seq, number, p.registeredAt, p.registrationDate, p.direction, p.channel,
        p.documentation ?? defaultDocumentation(p.channel), p.transport ?? (p.channel === 'electronic' ? 'exchange' : null),
        p.counterpart.code, p.counterpart.name, p.referenceNumber, p.referenceDate, p.subject, p.classification, p.priority,
        p.attachmentsCount, p.operator, p.emergencyNumber, numberedAt, e.desk, p.registrationId, p.exchangeMessageId,
      ).lastInsertRowid,
  );
  if (seq < EMERGENCY_SEQ_BASE) bumpCounter(db, p.register, p.year, seq);
  for (const [i, d] of p.documents.entries()) {
    const text = d.role === 'main' ? p.text : '';
    const pages = text === '' ? [] : text.split('\f').map((t, index) => ({ index, text: t, source: 'ocr' as const, confidence: null }));
    const st = toStored(pages);
    db.prepare(
      'INSERT INTO documents (sha256, file_name, media_type, byte_length, page_count, pages, text) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
    ).run(d.sha256, d.name, d.mediaType, d.size, pages.length, st.meta, st.text);
    const docId = db.prepare('SELECT id FROM documents WHERE sha256 = ?').pluck().get(d.sha256) as number;
    db.prepare('INSERT OR IGNORE INTO registration_documents (registration_id, document_id, role, file_name, position) VALUES (?, ?, ?, ?, ?)').run(id, docId, d.role, d.name, i);
  }
  if (p.reRegistrationOf !== null) {
    const earlier = db.prepare('SELECT id FROM registrations WHERE event_id = ?').pluck().get(p.reRegistrationOf) as number | undefined;
    if (earlier !== undefined) {
      db.prepare('INSERT OR IGNORE INTO links (from_id, to_id, kind, at) VALUES (?, ?, ?, ?)').run(id, earlier, 're_registration_of', at);
      db.prepare('INSERT OR IGNORE INTO links (from_id, to_id, kind, at) VALUES (?, ?, ?, ?)').run(earlier, id, 're_registered_as', at);
    }
  }
  reindexRegistration(db, id);
  appendAudit(db, {
    at,
    operator: p.operator,
    action: 'registered',
    registrationId: id,
    details: { registryNumber: number, register: p.register, desk: e.desk, eventId: e.eventId, fromJournal: true },
  });
  if (p.exchangeMessageId !== null && p.direction === 'incoming') {
    db.prepare("UPDATE inbox SET state = 'registered', registration_id = ?, settled_by = ?, settled_at = ? WHERE message_id = ? AND state = 'new'").run(id, e.desk, e.at, p.exchangeMessageId);
  }
  const flagged = flagDuplicates(db, id, p.reRegistrationOf === null, at);
  return { applied: true, registrationId: id, flagged, problem: null };
}

/**
 * Flags likely duplicates of registration `id`: another registration of one of its documents
 * (unless it is a deliberate re-registration), or of the same counterpart, reference number and
 * reference date. @returns how many flags were added.
 */
export function flagDuplicates(db: Db, id: number, byDocument: boolean, at: string): number {
  let n = 0;
  const add = db.prepare('INSERT OR IGNORE INTO duplicate_flags (a_id, b_id, reason, flagged_at) VALUES (?, ?, ?, ?)');
  if (byDocument) {
    const others = db
      .prepare(
        `SELECT DISTINCT o.registration_id FROM registration_documents mine
         JOIN registration_documents o ON o.document_id = mine.document_id AND o.registration_id <> mine.registration_id
         WHERE mine.registration_id = ? AND NOT EXISTS (SELECT 1 FROM links l WHERE l.from_id = ? AND l.to_id = o.registration_id)`,
      )
      .pluck()
      .all(id, id) as number[];
    for (const o of others) n += add.run(Math.min(o, id), Math.max(o, id), 'same_document', at).changes;
  }
  const r = row(db, id);
  if (r.reference_number !== null && r.reference_number !== '' && r.reference_date !== null) {
    const others = db
      .prepare(
        `SELECT id FROM registrations WHERE id <> ? AND direction = ? AND reference_number = ? AND reference_date = ?
         AND (counterpart_code = ? OR (counterpart_code IS NULL OR ? IS NULL) AND counterpart_name = ?)`,
      )
      .pluck()
      .all(id, r.direction, r.reference_number, r.reference_date, r.counterpart_code, r.counterpart_code, r.counterpart_name) as number[];
    for (const o of others) n += add.run(Math.min(o, id), Math.max(o, id), 'same_reference', at).changes;
  }
  return n;
}

function applyNumbered(db: Db, e: JournalEventOf<'registration.numbered'>): ApplyOutcome {
  const p = e.payload;
  const id = db.prepare('SELECT id FROM registrations WHERE event_id = ?').pluck().get(p.registrationId) as number | undefined;
  if (id === undefined) return { applied: false, registrationId: null, flagged: 0, problem: `numbered event for an unknown registration ${p.registrationId}` };
  if (!applyOrdinaryNumber(db, id, p.seq, p.registryNumber, e.at)) return { applied: false, registrationId: id, flagged: 0, problem: null };
  bumpCounter(db, p.register, p.year, p.seq);
  reindexRegistration(db, id);
  return { applied: true, registrationId: id, flagged: 0, problem: null };
}

function applySettled(db: Db, e: JournalEventOf<'inbox.settled'>): ApplyOutcome {
  const p = e.payload;
  const regId =
    p.registrationId === null ? null : ((db.prepare('SELECT id FROM registrations WHERE event_id = ?').pluck().get(p.registrationId) as number | undefined) ?? null);
  const settlement = p.outcome === 'rejected' ? { reasonCode: p.reasonCode } : p.outcome === 'forwarded' ? { toAgency: p.toAgency } : { registryNumber: p.registryNumber };
  const r = db
    .prepare("UPDATE inbox SET state = ?, registration_id = coalesce(?, registration_id), settled_by = ?, settled_at = ?, settlement = ? WHERE message_id = ? AND state = 'new'")
    .run(p.outcome, regId, e.desk, e.at, JSON.stringify(settlement), p.messageId);
  return { applied: r.changes === 1, registrationId: regId, flagged: 0, problem: null };
}

function applyAnnulled(db: Db, e: JournalEventOf<'registration.annulled'>, at: string): ApplyOutcome {
  const p = e.payload;
  const id = db.prepare('SELECT id FROM registrations WHERE event_id = ?').pluck().get(p.registrationId) as number | undefined;
  if (id === undefined) return { applied: false, registrationId: null, flagged: 0, problem: null };
  const r = db
    .prepare('UPDATE registrations SET annulled = 1, annulled_at = ?, annulment_reason = ?, annulment_operator = ?, annulment_reference = ? WHERE id = ? AND annulled = 0')
    .run(e.at, p.reason, p.operator, p.authorisingReference, id);
  if (r.changes === 1) appendAudit(db, { at, operator: p.operator, action: 'annulled', registrationId: id, details: { reason: p.reason, desk: e.desk } });
  return { applied: r.changes === 1, registrationId: id, flagged: 0, problem: null };
}
