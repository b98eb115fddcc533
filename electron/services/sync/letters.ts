/**
 * Letters between agencies, desk side (docs/exchange-protocol.md, "Envelopes", "Desk side"):
 * signing and queueing envelopes, storing pulled letters in the inbox, applying receipts to the
 * status of each recipient of an outgoing letter, and reading both for the contract.
 */
import type { Db } from '../db/open.ts';
import type {
  InboxItem,
  InboxState,
  OutgoingStatus,
  RecipientState,
  RecipientStatus,
} from '../../../shared/contract/index.ts';
import {
  receiptMessageId,
  signEnvelope,
  type DirectoryAgency,
  type Envelope,
  type LetterEnvelope,
  type ReceiptEnvelope,
  type ReceiptKind,
} from '../../../shared/exchange/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ExchangeConfig } from './state.ts';
import { enqueue } from './state.ts';

/** How long a receipt is retried before it expires, milliseconds (30 days). */
export const RECEIPT_EXPIRY_MS = 30 * 24 * 3600_000;

export function messageKey(messageId: string): string {
  return `message:${messageId}`;
}

/**
 * Signs an envelope with the agency key and queues it (inside the caller's transaction). The signed
 * bytes are stored, so every retry sends exactly the same message.
 */
export function queueEnvelope(db: Db, cfg: ExchangeConfig, envelope: Envelope, at: string, o: { expiresAt: string | null; registrationId?: number | null }): boolean {
  const signed = signEnvelope(envelope, cfg.credentials.agencyPrivateKey);
  return enqueue(db, { kind: 'message', key: messageKey(envelope.messageId), payload: signed, registrationId: o.registrationId ?? null, at, expiresAt: o.expiresAt });
}

/** Queues a receipt of `kind` answering a letter of `senderAgency` (its id is derived, so desks agree). */
export function queueReceipt(
  db: Db,
  cfg: ExchangeConfig,
  letterId: string,
  body:
    | { kind: 'acknowledgement' }
    | { kind: 'confirmation'; registryNumber: string; registrationDate: string }
    | { kind: 'rejection'; reasonCode: 'not_ours' | 'unreadable' | 'wrong_hash' | 'invalid' | 'other'; reasonText: string }
    | { kind: 'forward'; toAgency: string; note: string },
  now: Date,
): string {
  const messageId = receiptMessageId(letterId, body.kind as ReceiptKind);
  const envelope = { messageId, sender: { agency: cfg.agency, desk: cfg.desk }, createdAt: now.toISOString(), of: letterId, ...body } as ReceiptEnvelope;
  queueEnvelope(db, cfg, envelope, now.toISOString(), { expiresAt: new Date(now.getTime() + RECEIPT_EXPIRY_MS).toISOString() });
  return messageId;
}

// ---------------------------------------------------------------- inbox

/**
 * Stores a pulled letter in the inbox (no-op when already there, e.g. pulled twice).
 * A letter another desk of the agency already registered (seen in the journal) is stored as registered.
 * @returns true when it is new.
 */
export function storeInboxLetter(db: Db, position: number, signed: { envelope: LetterEnvelope; signature: string }, at: string): boolean {
  const e = signed.envelope;
  const r = db
    .prepare(
      `INSERT INTO inbox (message_id, position, sender_agency, sender_desk, envelope, signature, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (message_id) DO NOTHING`,
    )
    .run(e.messageId, position, e.sender.agency, e.sender.desk, JSON.stringify(e), signed.signature, at);
  if (r.changes === 1) {
    const reg = db
      .prepare("SELECT id, origin_desk FROM registrations WHERE exchange_message_id = ? AND direction = 'incoming' ORDER BY id LIMIT 1")
      .get(e.messageId) as { id: number; origin_desk: string | null } | undefined;
    if (reg !== undefined) db.prepare("UPDATE inbox SET state = 'registered', registration_id = ?, settled_by = ?, settled_at = ? WHERE message_id = ?").run(reg.id, reg.origin_desk, at, e.messageId);
  }
  return r.changes === 1;
}

interface InboxRow {
  message_id: string;
  envelope: string;
  received_at: string;
  state: InboxState;
  registration_id: number | null;
  registry_number: string | null;
  register: string | null;
}

/** The stored letter's envelope. @throws AppError('not_found'). */
export function inboxLetter(db: Db, messageId: string): { envelope: LetterEnvelope; state: InboxState; registrationId: number | null } {
  const r = db.prepare('SELECT envelope, state, registration_id FROM inbox WHERE message_id = ?').get(messageId) as
    | { envelope: string; state: InboxState; registration_id: number | null }
    | undefined;
  if (r === undefined) throw new AppError('not_found', `no letter ${messageId} in the inbox`, { messageId });
  return { envelope: JSON.parse(r.envelope) as LetterEnvelope, state: r.state, registrationId: r.registration_id };
}

/** Inbox items for the contract, newest first. */
export function listInbox(db: Db, q: { state: 'new' | 'settled' | 'all'; limit: number; before?: string | undefined }, directory: DirectoryAgency[]): InboxItem[] {
  const where = q.state === 'new' ? "i.state = 'new'" : q.state === 'settled' ? "i.state <> 'new'" : '1';
  const rows = db
    .prepare(
      `SELECT i.message_id, i.envelope, i.received_at, i.state, i.registration_id, r.registry_number, r.register
       FROM inbox i LEFT JOIN registrations r ON r.id = i.registration_id
       WHERE ${where} AND i.received_at < ? ORDER BY i.received_at DESC, i.position DESC LIMIT ?`,
    )
    .all(q.before ?? '9999', q.limit) as InboxRow[];
  return rows.map((r) => toInboxItem(r, directory));
}

export function inboxItem(db: Db, messageId: string, directory: DirectoryAgency[]): InboxItem {
  const r = db
    .prepare(
      `SELECT i.message_id, i.envelope, i.received_at, i.state, i.registration_id, r.registry_number, r.register
       FROM inbox i LEFT JOIN registrations r ON r.id = i.registration_id WHERE i.message_id = ?`,
    )
    .get(messageId) as InboxRow | undefined;
  if (r === undefined) throw new AppError('not_found', `no letter ${messageId} in the inbox`, { messageId });
  return toInboxItem(r, directory);
}

function toInboxItem(r: InboxRow, directory: DirectoryAgency[]): InboxItem {
  const e = JSON.parse(r.envelope) as LetterEnvelope;
  const sender = directory.find((a) => a.code === e.sender.agency);
  return {
    messageId: r.message_id,
    senderAgency: e.sender.agency,
    senderName: sender?.nameAr ?? e.sender.agency,
    senderRegistryNumber: e.registryNumber,
    senderRegistrationDate: e.registrationDate,
    subject: e.subject,
    classification: e.classification,
    priority: e.priority,
    replyBy: e.replyBy,
    paperFollows: e.paperFollows,
    documents: e.documents.map((d) => ({ sha256: d.sha256, name: d.name, mediaType: d.mediaType, size: d.size, main: d.role === 'main' })),
    receivedAt: r.received_at,
    state: r.state,
    registration: r.registry_number !== null && r.register !== null ? { registryNumber: r.registry_number, register: r.register } : null,
  };
}

// ---------------------------------------------------------------- recipient status

const RANK: Record<RecipientState, number> = { queued: 0, sent: 1, acknowledged: 2, registered: 3, rejected: 3, forwarded: 3, expired: 3 };

/** Recipient rows of a new outgoing letter, all `queued`. */
export function insertRecipients(db: Db, messageId: string, registrationId: number, to: string[], cc: string[], at: string): void {
  const ins = db.prepare(
    "INSERT OR IGNORE INTO outgoing_recipients (message_id, registration_id, agency, role, state, updated_at) VALUES (?, ?, ?, ?, 'queued', ?)",
  );
  for (const a of to) ins.run(messageId, registrationId, a, 'to', at);
  for (const a of cc) ins.run(messageId, registrationId, a, 'cc', at);
}

/** Moves recipients of a letter forward (never back), e.g. all to `sent` once the exchange acknowledged it. */
export function advanceRecipients(
  db: Db,
  messageId: string,
  agency: string | null,
  state: RecipientState,
  at: string,
  extra: { registryNumber?: string; registrationDate?: string; reason?: string; forwardedTo?: string } = {},
): number {
  const rows = (
    agency === null
      ? db.prepare('SELECT agency, state FROM outgoing_recipients WHERE message_id = ?').all(messageId)
      : db.prepare('SELECT agency, state FROM outgoing_recipients WHERE message_id = ? AND agency = ?').all(messageId, agency)
  ) as Array<{ agency: string; state: RecipientState }>;
  const up = db.prepare(
    `UPDATE outgoing_recipients SET state = ?, updated_at = ?, registry_number = coalesce(?, registry_number), registration_date = coalesce(?, registration_date),
       reason = coalesce(?, reason), forwarded_to = coalesce(?, forwarded_to) WHERE message_id = ? AND agency = ?`,
  );
  let n = 0;
  for (const r of rows) {
    if (RANK[state] <= RANK[r.state]) continue; // only forward; a final state stays
    up.run(state, at, extra.registryNumber ?? null, extra.registrationDate ?? null, extra.reason ?? null, extra.forwardedTo ?? null, messageId, r.agency);
    n++;
  }
  return n;
}

/** Applies a pulled receipt to the recipient status of our letter. @returns rows changed. */
export function applyReceipt(db: Db, e: ReceiptEnvelope, at: string): number {
  switch (e.kind) {
    case 'acknowledgement':
      return advanceRecipients(db, e.of, e.sender.agency, 'acknowledged', at);
    case 'confirmation':
      return advanceRecipients(db, e.of, e.sender.agency, 'registered', at, { registryNumber: e.registryNumber, registrationDate: e.registrationDate });
    case 'rejection':
      return advanceRecipients(db, e.of, e.sender.agency, 'rejected', at, { reason: `${e.reasonCode}: ${e.reasonText}` });
    case 'forward':
      return advanceRecipients(db, e.of, e.sender.agency, 'forwarded', at, { forwardedTo: e.toAgency, ...(e.note !== '' ? { reason: e.note } : {}) });
    case 'annulment':
      return 0;
  }
}

/** The status of every recipient of the letter registration `registrationId` went out as. @throws AppError('not_found'). */
export function outgoingStatus(db: Db, registrationId: number, directory: DirectoryAgency[]): OutgoingStatus {
  const rows = db
    .prepare('SELECT * FROM outgoing_recipients WHERE registration_id = ? ORDER BY role DESC, agency')
    .all(registrationId) as Array<{
    message_id: string;
    agency: string;
    role: 'to' | 'cc';
    state: RecipientState;
    registry_number: string | null;
    registration_date: string | null;
    reason: string | null;
    forwarded_to: string | null;
    updated_at: string;
  }>;
  const first = rows[0];
  if (first === undefined) throw new AppError('not_found', 'this registration was not sent through the exchange', { registrationId });
  const recipients: RecipientStatus[] = rows.map((r) => ({
    agency: r.agency,
    name: directory.find((a) => a.code === r.agency)?.nameAr ?? r.agency,
    role: r.role,
    state: r.state,
    ...(r.registry_number !== null ? { registryNumber: r.registry_number } : {}),
    ...(r.registration_date !== null ? { registrationDate: r.registration_date } : {}),
    ...(r.reason !== null ? { reason: r.reason } : {}),
    ...(r.forwarded_to !== null ? { forwardedTo: r.forwarded_to } : {}),
    updatedAt: r.updated_at,
  }));
  return { messageId: first.message_id, aggregate: aggregateOf(recipients.map((r) => r.state)), recipients };
}

/** 'expired' or 'rejected' when any recipient is; else the least advanced state. */
export function aggregateOf(states: RecipientState[]): RecipientState {
  if (states.includes('expired')) return 'expired';
  if (states.includes('rejected')) return 'rejected';
  let min: RecipientState = 'registered';
  for (const s of states) if (RANK[s] < RANK[min] || (RANK[s] === RANK[min] && s === 'forwarded')) min = s;
  return min;
}

/**
 * A letter registered under an emergency number waits in the outbox until the registration has its
 * ordinary number: the recipient is told the agency's number, not a desk-scoped one.
 * @returns true while `registrationId` still has only its emergency number.
 */
export function awaitsOrdinaryNumber(db: Db, registrationId: number | null): boolean {
  if (registrationId === null) return false;
  const r = db.prepare('SELECT 1 FROM registrations WHERE id = ? AND emergency_number IS NOT NULL AND numbered_at IS NULL').get(registrationId);
  return r !== undefined;
}

/**
 * After an emergency registration got its ordinary number (inside that transaction): its letter, never
 * attempted (it waited, see {@link awaitsOrdinaryNumber}), is signed again carrying the ordinary number,
 * under the same message id.
 * @returns how many queued letters were updated (0 or 1).
 */
export function renumberQueuedLetter(db: Db, cfg: ExchangeConfig, registrationId: number, registryNumber: string): number {
  const rows = db
    .prepare("SELECT id, payload FROM outbox WHERE registration_id = ? AND kind = 'message' AND state = 'pending' AND attempts = 0")
    .all(registrationId) as Array<{ id: number; payload: string }>;
  let n = 0;
  for (const row of rows) {
    const signed = JSON.parse(row.payload) as { envelope: Envelope };
    if (signed.envelope.kind !== 'letter') continue;
    const again = signEnvelope({ ...signed.envelope, registryNumber }, cfg.credentials.agencyPrivateKey);
    db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run(JSON.stringify(again), row.id);
    n++;
  }
  return n;
}
