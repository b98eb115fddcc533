/**
 * The registry service: numbering, registration, the register, search, records, audit, settings and
 * the counterpart directory over one open database. Synchronous (better-sqlite3); the services
 * facade (../services.ts) wraps it in the contract's async handlers.
 */
import type { Db } from '../db/open.ts';
import type {
  Agency,
  RegisterInput,
  RegistrationDetail,
  RegistrationSummary,
  SearchHit,
  Settings,
} from '../../../shared/contract/index.ts';
import { getAnalysis, putAnalysis, type CachedAnalysis } from './analyses.ts';
import { attachDocument, refuseTwin, type AttachedDocument, type AttachRequest } from './attach.ts';
import { appendAudit, verifyAuditChain } from './audit.ts';
import { listAgencies, replaceAgencies, seedDirectoryOnce } from './directory.ts';
import { osOperator } from './operator.ts';
import { pageOfRegister, showRegistration } from './records.ts';
import { registerLetter, registrationOfDocument, type NumberSource, type RegisterExtras, type RegisterResult } from './register.ts';
import { searchRegister } from './search.ts';
import { getSettings, updateSettings } from './settings.ts';

export interface RegistryOptions {
  /** The registration instant source (default: the system clock). */
  clock?: () => Date;
  /** Who is registering (default: the OS user name). */
  operator?: () => string;
  /** Numbers from the exchange's blocks or the emergency register (default: the local counters). */
  numbers?: NumberSource;
  /** Runs inside each registration's transaction (the sync outbox). */
  onRegistered?: (db: Db, registrationId: number) => void;
  /** Runs inside the transaction that adds a twin or continuation to a registration (the sync outbox). */
  onAttached?: (db: Db, attached: AttachedDocument) => void;
}

export interface Registry {
  readonly db: Db;
  /** See registerLetter in register.ts for errors. */
  register(input: RegisterInput, extras?: RegisterExtras): RegisterResult;
  page(q: { register: string | null; offset: number; limit: number }): { total: number; items: RegistrationSummary[] };
  search(q: { query: string; limit: number; beforeId: number | null }): { items: SearchHit[]; nextBeforeId: number | null };
  show(q: { registryNumber: string; register: string | null }): RegistrationDetail;
  /** Adds a twin or a continuation to a registration; see attachDocument in attach.ts for errors. */
  attach(req: AttachRequest): RegistrationSummary;
  /** The clerk says a document is not the twin of a registration (not offered again). */
  refuseTwin(q: { documentSha256: string; registrationId: number }): void;
  /** The registration a document first got, or null. */
  registrationOfDocument(sha256: string): { register: string; registryNumber: string } | null;
  getAnalysis(sha256: string): CachedAnalysis | null;
  putAnalysis(a: CachedAnalysis): void;
  getSettings(): Settings;
  updateSettings(patch: Partial<Settings>): Settings;
  listAgencies(): Agency[];
  saveAgencies(agencies: Agency[]): number;
  /** Seeds the directory on a new database only. */
  seedDirectory(defaults: () => Agency[]): boolean;
  verifyAudit(): ReturnType<typeof verifyAuditChain>;
}

/** Builds the registry over an open, migrated database (db/open.ts). */
export function createRegistry(db: Db, opts: RegistryOptions = {}): Registry {
  const clock = opts.clock ?? (() => new Date());
  const operator = opts.operator ?? osOperator;
  return {
    db,
    register: (input, extras) =>
      registerLetter(
        db,
        input,
        { clock, operator, ...(opts.numbers ? { numbers: opts.numbers } : {}), ...(opts.onRegistered ? { onRegistered: opts.onRegistered } : {}) },
        extras,
      ),
    attach: (req) => attachDocument(db, req, { clock, operator, ...(opts.onAttached ? { onAttached: opts.onAttached } : {}) }),
    refuseTwin: (q) => refuseTwin(db, q, { clock, operator }),
    page: (q) => pageOfRegister(db, q),
    search: (q) => searchRegister(db, q),
    show: (q) => showRegistration(db, q),
    registrationOfDocument: (sha256) => {
      const r = registrationOfDocument(db, sha256);
      return r === null ? null : { register: r.register, registryNumber: r.registryNumber };
    },
    getAnalysis: (sha256) => getAnalysis(db, sha256),
    putAnalysis: (a) => putAnalysis(db, a, clock()),
    getSettings: () => getSettings(db),
    updateSettings: (patch) =>
      db
        .transaction(() => {
          const s = updateSettings(db, patch);
          appendAudit(db, { at: clock().toISOString(), operator: operator(), action: 'settings_changed', registrationId: null, details: { changed: Object.keys(patch) } });
          return s;
        })
        .immediate(),
    listAgencies: () => listAgencies(db),
    saveAgencies: (agencies) =>
      db
        .transaction(() => {
          const n = replaceAgencies(db, agencies);
          appendAudit(db, { at: clock().toISOString(), operator: operator(), action: 'directory_saved', registrationId: null, details: { count: n } });
          return n;
        })
        .immediate(),
    seedDirectory: (defaults) => seedDirectoryOnce(db, defaults),
    verifyAudit: () => verifyAuditChain(db),
  };
}

export type { CachedAnalysis } from './analyses.ts';
export type { AttachedDocument, AttachRequest, AttachRole } from './attach.ts';
export type { AllocatedNumber, NumberSource, RegisterExtras, RegisterResult } from './register.ts';
export { verifyAuditChain } from './audit.ts';
export { SEARCH_SQL } from './search.ts';
export { matchExpression } from './search-text.ts';
