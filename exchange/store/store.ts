/**
 * The exchange's storage, behind one interface so a server database (PostgreSQL) can replace the
 * default SQLite file without touching the HTTP layer (shared/design/exchange.md, "Cursors that never
 * skip"). Every method is one transaction: it either stores everything it describes or nothing.
 *
 * Positions: each agency's mailbox and journal has its own counter, incremented in the transaction
 * that appends, so positions follow commit order and a reader after position N never skips a row.
 */
import type { Agency } from '../../shared/contract/directory.ts';
import type { Ack, DirectoryAgency, NumberBlockGrant } from '../../shared/exchange/api.ts';
import type { Register } from '../../shared/exchange/common.ts';

/** A desk as the exchange knows it. `secretHash` is the scrypt hash (see exchange/auth.ts). */
export interface DeskRecord {
  id: string;
  agency: string;
  secretHash: string;
  createdAt: string;
}

/** A message to store: already validated, verified and routed by the caller. */
export interface NewMessage {
  senderAgency: string;
  senderDesk: string;
  messageId: string;
  kind: string;
  /** SHA-256 (hex) of the envelope's canonical bytes: decides "identical" for deduplication. */
  contentHash: string;
  /** The envelope as JSON text, and its base64 signature, stored as received. */
  envelopeJson: string;
  signature: string;
  /** Agencies whose mailbox gets the message (distinct). */
  recipients: string[];
  /** For a letter: the SHA-256 of every document it names (grants the recipients read access). */
  documents: string[];
  acceptedAt: string;
}

/** Result of {@link ExchangeStore.acceptMessage}. */
export type AcceptResult =
  | { outcome: 'accepted'; ack: Ack }
  | { outcome: 'duplicate'; ack: Ack }
  | { outcome: 'conflict' };

/** A stored letter's routing, for receipts. */
export interface LetterRoute {
  senderAgency: string;
  messageId: string;
  recipients: string[];
}

/** One stored item of a mailbox. */
export interface StoredMailboxItem {
  position: number;
  envelopeJson: string;
  signature: string;
}

/** A journal event to append: already validated; `agency` is the caller's. */
export interface NewJournalEvent {
  eventId: string;
  desk: string;
  kind: string;
  contentHash: string;
  eventJson: string;
  /** For `registration.created` with a number and `registration.numbered`: the number it uses. */
  numbered: { register: Register; year: number; seq: number } | null;
}

export type AppendResult =
  | { outcome: 'appended'; accepted: Array<{ eventId: string; position: number }> }
  | { outcome: 'conflict'; eventId: string };

export interface StoredJournalEvent {
  position: number;
  eventJson: string;
}

/** A number-block request as the exchange received it (the caller checked the year). */
export interface BlockRequest {
  agency: string;
  desk: string;
  requestId: string;
  register: Register;
  year: number;
  size: number;
  /** Used when a new block is granted. */
  blockId: string;
  grantedAt: string;
}

export type GrantResult = { outcome: 'granted' | 'repeated'; grant: NumberBlockGrant } | { outcome: 'conflict' };

/** An upload in progress: the length the first `PATCH` declared. */
export interface UploadRecord {
  agency: string;
  sha256: string;
  length: number;
}

export interface ExchangeStore {
  // ------------------------------------------------------------ directory and desks
  /** Every agency, sorted by code. */
  listAgencies(): Promise<DirectoryAgency[]>;
  getAgency(code: string): Promise<DirectoryAgency | null>;
  /** Adds or replaces one agency, public key included. */
  putAgency(agency: DirectoryAgency): Promise<void>;
  /**
   * Imports the desk's directory (names, aliases, connection, paper): adds the new agencies without a
   * key and updates the others, keeping their keys. Agencies not in the list are kept.
   * @returns how many were added and updated.
   */
  importDirectory(agencies: Agency[]): Promise<{ added: number; updated: number }>;
  /** Adds a desk. @throws Error when the id exists or the agency does not. */
  addDesk(desk: DeskRecord): Promise<void>;
  getDesk(id: string): Promise<DeskRecord | null>;
  listDesks(): Promise<DeskRecord[]>;

  // ------------------------------------------------------------ messages and mailboxes
  /**
   * Stores a message and appends it to each recipient's mailbox, unless (senderAgency, messageId) is
   * already stored: then `duplicate` with the original ack when `contentHash` matches, else `conflict`.
   */
  acceptMessage(message: NewMessage): Promise<AcceptResult>;
  /** The stored message (senderAgency, messageId): its content hash and ack, or null. */
  findMessage(senderAgency: string, messageId: string): Promise<{ contentHash: string; ack: Ack } | null>;
  /** The letters with this message id: all of them, whatever their sender (ids are unique per sender). */
  findLetters(messageId: string): Promise<LetterRoute[]>;
  /** Items of an agency's mailbox with position > after, ascending, at most `limit`. */
  readMailbox(agency: string, after: number, limit: number): Promise<StoredMailboxItem[]>;

  // ------------------------------------------------------------ journal
  /** Appends events to an agency's journal, idempotent by eventId; all or nothing. */
  appendJournal(agency: string, events: NewJournalEvent[]): Promise<AppendResult>;
  readJournal(agency: string, after: number, limit: number): Promise<StoredJournalEvent[]>;

  // ------------------------------------------------------------ number blocks
  /**
   * Grants the next block of a register and year to the agency, idempotent by requestId: the block
   * starts after the highest number granted or used in the agency journal for that register and year.
   */
  grantBlock(request: BlockRequest): Promise<GrantResult>;

  // ------------------------------------------------------------ blobs
  /** Size of a complete blob, or null. */
  blobSize(sha256: string): Promise<number | null>;
  /** True when the agency uploaded the blob, or sent or received a letter naming it. */
  blobVisibleTo(sha256: string, agency: string): Promise<boolean>;
  getUpload(agency: string, sha256: string): Promise<UploadRecord | null>;
  /** Starts an upload (or keeps the existing one). */
  putUpload(upload: UploadRecord): Promise<void>;
  deleteUpload(agency: string, sha256: string): Promise<void>;
  /** Records a verified blob (kept if already there), grants the agency access and ends its upload. */
  completeBlob(agency: string, sha256: string, size: number, at: string): Promise<void>;

  close(): Promise<void>;
}
