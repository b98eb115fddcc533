/**
 * The services facade: opens a data folder (database, blob store, OCR pool) and implements every
 * contract handler (shared/contract) plus the CLI's `importFile`. Runs under plain Node (tests, CLI,
 * browser-mode host) and in Electron's services utility process; never imports 'electron'.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type {
  Analysis,
  Handlers,
  ParsedInput,
  RegistrationSummary,
  Suggestions,
} from '../../shared/contract/index.ts';
import { MAX_DOCUMENT_BYTES } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import { createBlobStore, sha256Hex } from './blobs/store.ts';
import { openDatabase } from './db/open.ts';
import { defaultDirectory } from './directory/index.ts';
import { readDocument, readDocumentPage, renderPagePreview } from './documents/index.ts';
import { createOcrPool } from './ocr/index.ts';
import { dataLayout } from './paths.ts';
import { createRegistry, type Registry } from './registry/index.ts';
import { createAuth } from './auth/index.ts';
import { guardHandlers } from './auth/guard.ts';
import { approveAnnulment, listAnnulmentRequests, refuseAnnulment, requestAnnulment, type AnnulmentContext } from './registry/annulment.ts';
import { auditVerification } from './registry/audit.ts';
import { attachContinuation } from './registry/continuation.ts';
import { osOperator } from './registry/operator.ts';
import { createSupervision, type SupervisionOptions } from './reports/supervision.ts';
import { createScanService, type ScanDeps, type ScanService } from './scan/jobs.ts';
import { suggestFields } from './suggest/index.ts';
import { createRegistrationPdfs } from './pdf/registration-pdfs.ts';
import { partialDirOf } from './sync/engine.ts';
import { createExchangeDesk, type SyncOptions } from './sync/handlers.ts';
import { createTwins } from './twins/index.ts';
import { createParallelHandlers } from './parallel/handlers.ts';

export interface ServicesOptions {
  /** The data folder (created if missing); see paths.ts for its layout. */
  dataDir: string;
  /** OCR workers (default: from CPUs and memory). */
  ocrPoolSize?: number;
  /** The registration instant source (default: the system clock). */
  clock?: () => Date;
  /** Who is registering (default: the OS user name). */
  operator?: () => string;
  /** Scan sources: folder-watcher timing, the environment of `scanimage`. */
  scan?: Pick<ScanDeps, 'watch' | 'saneEnv'>;
  /** The central exchange: background sync, block size, retry policy (see sync/handlers.ts). */
  sync?: SyncOptions;
  /** Automatic sealing of the daily register (grace hours, timer interval); see reports/supervision.ts. */
  autoSeal?: Pick<SupervisionOptions, 'autoSealGraceHours' | 'autoSealIntervalMs' | 'autoSealMaxDays'>;
}

/** The fields of an imported letter a clerk should check (missing, fallen back, or uncertain). */
export type ReviewField = 'counterpart' | 'referenceNumber' | 'referenceDate' | 'subject' | 'text';

/** What {@link Services.importFile} did with one file. */
export interface ImportResult {
  fileName: string;
  sha256: string;
  /** The registration made; null for a dry run. */
  registration: RegistrationSummary | null;
  /** For a dry run: the number the file would get. */
  preview: { registryNumber: string } | null;
  suggestions: Suggestions;
  meanConfidence: number | null;
  pageCount: number;
  mediaType: string;
  /** Fields registered from a fallback or a weak suggestion, for a clerk's review. */
  review: ReviewField[];
}

export interface ImportOptions {
  /** Deliberately register an already registered file again, linked to this earlier number. */
  reRegistrationOf?: string | null;
  /** Read and preview the number; register nothing. */
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: unknown) => void;
}

export interface Services {
  /** One async function per contract name, taking validated input (use shared/contract/dispatch). */
  handlers: Handlers;
  /** The registry over the open database (for tools such as the CLI and benchmarks). */
  registry: Registry;
  /**
   * Reads a file from disk and registers it as an incoming paper letter with the suggested fields.
   * @throws AppError: 'not_found' (no such file), 'empty_file', 'unsupported_format', 'corrupt_file',
   *         'encrypted_pdf', 'image_too_large', 'too_many_pages', 'ocr_failed', 'duplicate_file',
   *         'validation', 'storage_failed'. Nothing is registered when it throws.
   */
  importFile(filePath: string, opts?: ImportOptions): Promise<ImportResult>;
  /** As {@link Services.importFile}, for a file already in memory (scan batches, the watched folder). */
  importBytes(bytes: Uint8Array, fileName: string, opts?: ImportOptions): Promise<ImportResult>;
  /** Scanners, batches and the watched folder (scan/jobs.ts). */
  scan: ScanService;
  /** Stops the OCR workers and closes the database. */
  close(): Promise<void>;
}

/** Shown as the counterpart when none was recognised (a clerk corrects it by annulment later). */
export const UNKNOWN_COUNTERPART = 'غير محدد';
/** Below this a counterpart match is flagged for review. */
const COUNTERPART_REVIEW_SCORE = 0.8;
/** Below this OCR mean confidence the text is flagged for review. */
const TEXT_REVIEW_CONFIDENCE = 60;

/**
 * Opens the services over one data folder.
 * @throws AppError('database_too_new') or AppError('storage_failed') when the folder cannot be used.
 */
export async function createServices(opts: ServicesOptions): Promise<Services> {
  const layout = dataLayout(opts.dataDir);
  const db = openDatabase(layout.database);
  // Accounts and the session: the signed-in user is the operator of every event (auth/index.ts).
  const auth = createAuth(db, { clock: opts.clock ?? (() => new Date()), fallbackOperator: opts.operator ?? osOperator });
  const annulments: AnnulmentContext = { clock: opts.clock ?? (() => new Date()), operator: auth.operator, distinctApprover: auth.accountsExist };
  const blobs = createBlobStore(layout.blobs);
  const exchange = createExchangeDesk({
    db,
    blobs,
    partialDir: partialDirOf(layout.dataDir),
    clock: opts.clock ?? (() => new Date()),
    analyse: (bytes, fileName) => analyse(bytes, fileName),
    ...(opts.sync ? { options: opts.sync } : {}),
  });
  // Connected to the exchange, the registration clock is the exchange's (measured offset) and numbers
  // come from its blocks; a desk never connected keeps its own clock and counters (sync/handlers.ts).
  const registry = createRegistry(db, {
    clock: exchange.clock,
    operator: auth.operator,
    numbers: exchange.numbers,
    onRegistered: exchange.onRegistered,
    onAttached: exchange.onAttached,
  });
  exchange.bind(registry);
  registry.seedDirectory(defaultDirectory);
  const supervision = createSupervision(db, { clock: opts.clock ?? (() => new Date()), operator: auth.operator, ...opts.autoSeal });
  const ocr = createOcrPool(opts.ocrPoolSize === undefined ? {} : { size: opts.ocrPoolSize });
  // The archival PDF, the stamp label, and our registry codes on scanned files (pdf/registration-pdfs.ts).
  const pdfs = createRegistrationPdfs({ registry, blobs, clock: opts.clock ?? (() => new Date()), operator: auth.operator });
  // Twins: candidates for a read document; linking only on the clerk's confirmation (twins/index.ts).
  const twins = createTwins({ db, registry, clock: exchange.clock });
  const scan = createScanService({
    db,
    importBytes: (bytes, fileName, o) =>
      importBytes(bytes, fileName, { ...(o.signal ? { signal: o.signal } : {}), ...(o.onProgress ? { onProgress: (p) => o.onProgress?.(p as { page: number; pages: number }) } : {}) }),
    hasBlob: (sha256) => blobs.has(sha256),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...opts.scan,
  });

  async function analyse(bytes: Uint8Array, fileName: string, extra: Pick<ImportOptions, 'signal' | 'onProgress'> = {}): Promise<Analysis> {
    if (bytes.byteLength === 0) throw new AppError('empty_file', `${fileName} is empty`, { fileName });
    if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
      throw new AppError('validation', `${fileName} is larger than ${MAX_DOCUMENT_BYTES} bytes`, { fileName, byteLength: bytes.byteLength });
    }
    const sha256 = sha256Hex(bytes);
    const cached = registry.getAnalysis(sha256);
    if (cached !== null && (await blobs.has(sha256))) {
      return { ...cached, fileName, alreadyRegistered: registry.registrationOfDocument(sha256), matchesRegistration: pdfs.matchOf(cached.pages, sha256) };
    }
    const started = performance.now();
    // Read before storing: a file we cannot read is reported and never kept.
    const read = await readDocument(bytes, fileName, { ocr, ...(extra.signal ? { signal: extra.signal } : {}), ...(extra.onProgress ? { onProgress: extra.onProgress } : {}) });
    await pdfs.findCodes(bytes, read.pages);
    const suggestions = suggestFields(
      read.pages.map((p) => ({ index: p.index, text: p.text })),
      registry.listAgencies(),
    );
    await blobs.put(bytes);
    const analysis = {
      sha256,
      fileName,
      mediaType: read.mediaType,
      byteLength: bytes.byteLength,
      pages: read.pages,
      meanConfidence: read.meanConfidence,
      suggestions,
      durationMs: Math.round(performance.now() - started),
    };
    registry.putAnalysis(analysis);
    return { ...analysis, alreadyRegistered: registry.registrationOfDocument(sha256), matchesRegistration: pdfs.matchOf(analysis.pages, sha256) };
  }

  /**
   * Re-reads one page of an analysed document with the clerk's choices (contract `intake.rerunOcr`) and
   * updates the cached analysis: that page, the mean confidence and the suggestions.
   * @throws AppError('not_analysed') when no analysis (or no stored file) exists for `sha256`;
   *   AppError('page_out_of_range') for a page the analysis does not have; `ocr_failed` from the engine.
   */
  async function rerunOcr(q: ParsedInput<'intake.rerunOcr'>): Promise<Analysis> {
    const cached = registry.getAnalysis(q.sha256);
    if (cached === null || !(await blobs.has(q.sha256))) throw new AppError('not_analysed', 'the document has not been analysed on this desk', { sha256: q.sha256 });
    const old = cached.pages[q.page];
    if (old === undefined) throw new AppError('page_out_of_range', `the document has no page ${q.page + 1}`, { sha256: q.sha256, page: q.page, pages: cached.pages.length });
    const started = performance.now();
    const read = await readDocumentPage(await blobs.get(q.sha256), q.page, {
      ocr,
      page: { ...(q.languages ? { languages: q.languages } : {}), ...(q.segmentation ? { segmentation: q.segmentation } : {}), ...(q.rotation !== undefined ? { rotation: q.rotation } : {}) },
    });
    // Registry codes come from the barcode reader, not OCR: the page keeps those it had.
    const page = old.registryCodes ? { ...read, registryCodes: old.registryCodes } : read;
    const pages = cached.pages.map((p) => (p.index === q.page ? page : p));
    const confidences = pages.flatMap((p) => (p.confidence === null ? [] : [p.confidence]));
    const analysis = {
      ...cached,
      pages,
      meanConfidence: confidences.length === 0 ? null : Math.round((confidences.reduce((a, b) => a + b, 0) / confidences.length) * 10) / 10,
      suggestions: suggestFields(
        pages.map((p) => ({ index: p.index, text: p.text })),
        registry.listAgencies(),
      ),
      durationMs: Math.round(performance.now() - started),
    };
    registry.putAnalysis(analysis);
    return { ...analysis, alreadyRegistered: registry.registrationOfDocument(q.sha256), matchesRegistration: pdfs.matchOf(pages) };
  }

  const handlers: Handlers = {
    'intake.analyse': async ({ fileName, dataBase64 }) => analyse(Buffer.from(dataBase64, 'base64'), baseName(fileName)),
    'intake.rerunOcr': async (q) => rerunOcr(q),
    'intake.pagePreview': async ({ sha256, page, maxWidth }) => {
      const analysis = registry.getAnalysis(sha256);
      if (analysis === null) throw new AppError('not_found', 'no such document', { sha256 });
      const p = analysis.pages[page];
      if (p === undefined) throw new AppError('not_found', `the document has no page ${page + 1}`, { sha256, page });
      const bytes = await blobs.get(sha256);
      const img = await renderPagePreview(bytes, page, maxWidth, p.rotation);
      return { dataUrl: `data:image/png;base64,${Buffer.from(img.png).toString('base64')}`, width: img.width, height: img.height };
    },
    'registry.register': async (input) => registry.register(input),
    'registry.page': async (q) => registry.page(q),
    'registry.search': async (q) => registry.search(q),
    'registry.show': async (q) => registry.show(q),
    'registry.archivalPdf': async (q) => pdfs.archivalPdf(q),
    'registry.label': async (q) => pdfs.label(q),
    'registry.attachContinuation': async (q) => attachContinuation(registry, q),
    'directory.list': async () => registry.listAgencies(),
    'directory.save': async ({ agencies }) => ({ count: registry.saveAgencies(agencies) }),
    'settings.get': async () => registry.getSettings(),
    'settings.update': async (patch) => registry.updateSettings(patch),
    ...auth.handlers,
    'registry.requestAnnulment': async (q) => requestAnnulment(db, q, annulments),
    'registry.approveAnnulment': async (q) => approveAnnulment(db, q, annulments),
    'registry.refuseAnnulment': async (q) => refuseAnnulment(db, q, annulments),
    'registry.annulmentRequests': async (q) => ({ items: listAnnulmentRequests(db, q) }),
    'audit.verify': async () => auditVerification(db),
    ...supervision.handlers,
    ...exchange.handlers,
    ...scan.handlers,
    ...twins.handlers,
    ...createParallelHandlers(db, { clock: exchange.clock, operator: auth.operator }),
  };

  async function importFile(filePath: string, o: ImportOptions = {}): Promise<ImportResult> {
    auth.authorise('registry.register');
    const fileName = path.basename(filePath);
    const bytes = await readFileForImport(filePath);
    return importBytes(bytes, fileName, o);
  }

  async function importBytes(bytes: Uint8Array, fileName: string, o: ImportOptions = {}): Promise<ImportResult> {
    const analysis = await analyse(bytes, fileName, o);
    if ((o.reRegistrationOf ?? null) === null && !analysis.alreadyRegistered) await holdForClerk(analysis);
    const { fields, review } = fieldsFromSuggestions(analysis);
    const out = registry.register({
      documentSha256: analysis.sha256,
      direction: 'incoming',
      channel: 'paper',
      ...fields,
      reRegistrationOf: o.reRegistrationOf ?? null,
      dryRun: o.dryRun === true,
    });
    return {
      fileName,
      sha256: analysis.sha256,
      registration: out.registration,
      preview: out.preview,
      suggestions: analysis.suggestions,
      meanConfidence: analysis.meanConfidence,
      pageCount: analysis.pages.length,
      mediaType: analysis.mediaType,
      review,
    };
  }

  /**
   * Unattended intake (import, batch scans, the watched folder) registers nothing a clerk must judge:
   * a scan carrying the code of a registration (a re-scan or further pages: attach in intake), or a
   * letter whose twin by the other channel is registered (link in intake). The file stays stored and
   * read; intake offers the choice when it is opened.
   * @throws AppError('held_for_clerk', …, { reason, registryNumber, register }).
   */
  async function holdForClerk(analysis: Analysis): Promise<void> {
    const m = analysis.matchesRegistration;
    if (m) {
      throw new AppError('held_for_clerk', `carries the code of registration ${m.registryNumber} (${m.relation ?? 'continuation'}); open it in intake`, {
        reason: m.relation ?? 'continuation',
        registryNumber: m.registryNumber,
        register: m.register,
        fileName: analysis.fileName,
      });
    }
    const twin = (await twins.handlers['twins.candidates']({ documentSha256: analysis.sha256, channel: null })).candidates[0];
    if (twin) {
      const r = twin.registration;
      throw new AppError('held_for_clerk', `may be the twin of registration ${r.registryNumber} (score ${twin.score}); open it in intake`, {
        reason: 'twin',
        registryNumber: r.registryNumber,
        register: r.register,
        score: twin.score,
        fileName: analysis.fileName,
      });
    }
  }

  let closed = false;
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    try {
      supervision.stop();
      await exchange.stop();
      await scan.close();
      await ocr.close();
    } finally {
      db.close();
    }
  }

  exchange.start(); // background sync when `sync.auto`

  // Every transport calls these: the access check (shared/contract/access.ts) happens here, once.
  return { handlers: guardHandlers(handlers, auth.authorise), registry, importFile, importBytes, scan, close };
}

/** The registration fields an import takes from the suggestions, and what a clerk should review. */
export function fieldsFromSuggestions(a: Pick<Analysis, 'suggestions' | 'pages' | 'meanConfidence'>): {
  fields: {
    counterpart: { code: string | null; name: string };
    referenceNumber: string | null;
    referenceDate: string | null;
    subject: string;
    attachmentsCount: number;
  };
  review: ReviewField[];
} {
  const s = a.suggestions;
  const review: ReviewField[] = [];
  const counterpartName = s.counterpart?.nameAr.trim().slice(0, 300) ?? '';
  if (s.counterpart === null || s.counterpart.code === null || s.counterpart.score < COUNTERPART_REVIEW_SCORE || counterpartName === '') review.push('counterpart');
  const referenceNumber = s.referenceNumber?.value.trim().slice(0, 100) || null;
  if (referenceNumber === null) review.push('referenceNumber');
  const referenceDate = s.referenceDate?.gregorian ?? null;
  if (referenceDate === null || s.referenceDate?.problem != null) review.push('referenceDate');
  let subject = s.subject?.value.trim().slice(0, 1000) ?? '';
  if (subject === '') {
    review.push('subject');
    subject = firstLine(a.pages.map((p) => p.text).join('\n')) ?? 'بدون موضوع';
  }
  if (a.meanConfidence !== null && a.meanConfidence < TEXT_REVIEW_CONFIDENCE) review.push('text');
  const attachments = s.attachmentsCount?.value ?? 0;
  return {
    fields: {
      counterpart: { code: s.counterpart?.code ?? null, name: counterpartName === '' ? UNKNOWN_COUNTERPART : counterpartName },
      referenceNumber,
      referenceDate,
      subject,
      attachmentsCount: Number.isInteger(attachments) ? Math.min(10_000, Math.max(0, attachments)) : 0,
    },
    review,
  };
}

function firstLine(text: string): string | null {
  for (const line of text.split('\n')) {
    const t = line.replace(/[\u200E\u200F]/g, '').trim();
    if (t !== '') return t.slice(0, 1000);
  }
  return null;
}

/** A file name as given by a client, without any folder part (it is only ever metadata). */
function baseName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  return last.trim() === '' ? 'document' : last.slice(0, 255);
}

async function readFileForImport(filePath: string): Promise<Buffer> {
  try {
    const st = await fs.stat(filePath);
    if (!st.isFile()) throw new AppError('validation', `${filePath} is not a file`, { path: filePath });
    if (st.size > MAX_DOCUMENT_BYTES) throw new AppError('validation', `${filePath} is larger than ${MAX_DOCUMENT_BYTES} bytes`, { path: filePath });
    return await fs.readFile(filePath);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not_found', `no such file: ${filePath}`, { path: filePath });
    throw new AppError('storage_failed', `cannot read ${filePath}: ${(err as Error).message}`, { path: filePath });
  }
}
