/**
 * The PDFs of a registration as services: the archival PDF (built once, stored content-addressed in
 * the blob store, linked to the registration by an `archival_pdf` audit event that names its SHA-256),
 * the stamp label (built on request, not stored), and finding our registry codes on an analysed file
 * (and whether the file is a re-scan of that registration or a continuation of it).
 */
import type { Direction, PageAnalysis, RegistrationDetail } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { BlobStore } from '../blobs/store.ts';
import { decodeImagePage, imagePages } from '../documents/images.ts';
import { openPdf, renderPdfPage } from '../documents/pdf.ts';
import { sniffMediaType } from '../documents/sniff.ts';
import type { Registry } from '../registry/index.ts';
import { appendAudit } from '../registry/audit.ts';
import { relationTo, type CodeRelation } from '../registry/continuation.ts';
import { fromStored } from '../registry/document-text.ts';
import { buildArchivalPdf } from './archival.ts';
import { type RegistryCode, readRegistryCodes, registryCodesInText } from './barcode.ts';
import { LABEL_SIZE_MM, buildLabelPdf } from './label.ts';
import type { StampData } from './stamp.ts';

/** Pages of a file searched for a registry code (a stamp or label sits on the first page or two). */
export const CODE_SCAN_PAGES = 2;
/** Resolution PDF pages are rendered at for the code search (dpi). */
const CODE_SCAN_DPI = 150;

export type ArchivalPdfResult = { sha256: string; byteLength: number; pageCount: number; fileName: string; dataBase64: string; generated: boolean };
export type LabelResult = { fileName: string; dataBase64: string; widthMm: number; heightMm: number };

export interface RegistrationPdfsDeps {
  registry: Registry;
  blobs: BlobStore;
  clock: () => Date;
  operator: () => string;
}

function safeFilePart(registryNumber: string): string {
  return registryNumber.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'registration';
}

/**
 * The archival PDF recorded for a registration (the latest `archival_pdf` event), or null; with the
 * continuation documents it was built with (`continuations` in the event, absent = none).
 */
function recordedArchival(registry: Registry, registrationId: number): { sha256: string; pageCount: number; continuations: string[] } | null {
  const row = registry.db
    .prepare("SELECT details FROM audit_log WHERE registration_id = ? AND action = 'archival_pdf' ORDER BY id DESC LIMIT 1")
    .get(registrationId) as { details: string } | undefined;
  if (!row) return null;
  const d = JSON.parse(row.details) as { sha256?: unknown; pageCount?: unknown; continuations?: unknown };
  const continuations = Array.isArray(d.continuations) ? d.continuations.filter((c): c is string => typeof c === 'string') : [];
  return typeof d.sha256 === 'string' && typeof d.pageCount === 'number' ? { sha256: d.sha256, pageCount: d.pageCount, continuations } : null;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function createRegistrationPdfs(deps: RegistrationPdfsDeps) {
  const { registry, blobs } = deps;

  function stampOf(detail: RegistrationDetail): StampData {
    const settings = registry.getSettings();
    return {
      agencyName: settings.agencyNameAr,
      register: detail.register as Direction,
      registryNumber: detail.registryNumber,
      emergencyNumber: detail.emergencyNumber,
      registrationDate: detail.registrationDate,
      arabicIndicDigits: settings.language === 'ar' && settings.arabicIndicDigits,
    };
  }

  /** A document's pages for the archival PDF: its analysis, else the text stored at registration. */
  function pagesOf(sha256: string): PageAnalysis[] {
    const cached = registry.getAnalysis(sha256)?.pages;
    if (cached) return cached;
    const row = registry.db.prepare('SELECT pages, text FROM documents WHERE sha256 = ?').get(sha256) as { pages: string; text: string } | undefined;
    return (row ? fromStored(row.pages, row.text) : []).map((p) => ({ index: p.index, source: p.source, text: p.text, confidence: p.confidence, rotation: 0, segmentation: null, lowConfidenceWords: [], width: 0, height: 0 }));
  }

  /**
   * The archival PDF of a registration: the stored one, or built now from the stored original and
   * its analysis, stored and recorded. Continuation documents whose files this desk holds follow the
   * original's pages; a stored PDF built without a continuation attached since is built again.
   * @throws AppError('not_found') for an unknown number or a registration without a stored document;
   *   the reading errors of the original (documents/); AppError('storage_failed').
   */
  async function archivalPdf(q: { registryNumber: string; register: Direction | null; regenerate?: boolean }): Promise<ArchivalPdfResult> {
    const detail = registry.show({ registryNumber: q.registryNumber, register: q.register });
    const fileName = `${safeFilePart(detail.registryNumber)}.pdf`;
    const continuations: string[] = [];
    for (const d of detail.documents) if (d.role === 'continuation' && (await blobs.has(d.sha256))) continuations.push(d.sha256);
    const recorded = q.regenerate ? null : recordedArchival(registry, detail.id);
    if (recorded && sameList(recorded.continuations, continuations) && (await blobs.has(recorded.sha256))) {
      const bytes = await blobs.get(recorded.sha256);
      return { sha256: recorded.sha256, byteLength: bytes.byteLength, pageCount: recorded.pageCount, fileName, dataBase64: bytes.toString('base64'), generated: false };
    }
    const main = detail.documents.find((d) => d.role === 'main');
    if (!main) throw new AppError('not_found', 'the registration has no stored document', { registryNumber: detail.registryNumber });
    const original = await blobs.get(main.sha256);
    const pages: PageAnalysis[] =
      registry.getAnalysis(main.sha256)?.pages ??
      detail.pages.map((p) => ({ index: p.index, source: p.source, text: p.text, confidence: p.confidence, rotation: 0, segmentation: null, lowConfidenceWords: [], width: 0, height: 0 }));
    const more = await Promise.all(continuations.map(async (sha) => ({ original: await blobs.get(sha), pages: pagesOf(sha) })));
    const built = await buildArchivalPdf({ original, pages, stamp: stampOf(detail), registeredAt: detail.registeredAt, ...(more.length > 0 ? { continuations: more } : {}) });
    const { sha256 } = await blobs.put(built.bytes);
    if (recordedArchival(registry, detail.id)?.sha256 !== sha256) {
      registry.db
        .transaction(() =>
          appendAudit(registry.db, {
            at: deps.clock().toISOString(),
            operator: deps.operator(),
            action: 'archival_pdf',
            registrationId: detail.id,
            details: { sha256, byteLength: built.bytes.byteLength, pageCount: built.pageCount, source: main.sha256, ...(continuations.length > 0 ? { continuations } : {}) },
          }),
        )
        .immediate();
    }
    return { sha256, byteLength: built.bytes.byteLength, pageCount: built.pageCount, fileName, dataBase64: Buffer.from(built.bytes).toString('base64'), generated: true };
  }

  /**
   * The stamp label PDF of a registration (62 × 29 mm).
   * @throws AppError('not_found') for an unknown number.
   */
  async function label(q: { registryNumber: string; register: Direction | null }): Promise<LabelResult> {
    const detail = registry.show({ registryNumber: q.registryNumber, register: q.register });
    const bytes = await buildLabelPdf(stampOf(detail), new Date(detail.registeredAt));
    return {
      fileName: `${safeFilePart(detail.registryNumber)}-label.pdf`,
      dataBase64: Buffer.from(bytes).toString('base64'),
      widthMm: LABEL_SIZE_MM.width,
      heightMm: LABEL_SIZE_MM.height,
    };
  }

  /**
   * Looks for our registry codes on the first {@link CODE_SCAN_PAGES} pages of an analysed file (a
   * text layer's written payload, else the QR code on the page image) and records them on the pages.
   * Reading failures are not the analysis's failure: a page that cannot be searched is skipped.
   */
  async function findCodes(bytes: Uint8Array, pages: PageAnalysis[]): Promise<void> {
    const wanted = pages.slice(0, CODE_SCAN_PAGES);
    const needImage: number[] = [];
    for (const page of wanted) {
      const inText = registryCodesInText(page.text);
      if (inText.length > 0) page.registryCodes = inText;
      else needImage.push(page.index);
    }
    if (needImage.length === 0) return;
    try {
      if (sniffMediaType(bytes) === 'application/pdf') {
        const pdf = await openPdf(bytes);
        try {
          for (const i of needImage) {
            const { codes } = await readRegistryCodes(await renderPdfPage(pdf, i, CODE_SCAN_DPI));
            if (codes.length > 0) pages[i]!.registryCodes = codes;
          }
        } finally {
          await pdf.close();
        }
      } else {
        const infos = await imagePages(bytes);
        for (const i of needImage) {
          const info = infos[i];
          if (!info) continue;
          const { codes } = await readRegistryCodes(await decodeImagePage(bytes, i, info));
          if (codes.length > 0) pages[i]!.registryCodes = codes;
        }
      }
    } catch {
      // The file was read for OCR already; a code search that fails only means no code is reported.
    }
  }

  /**
   * The existing registration named by a code on the pages, or null (unknown numbers are ignored),
   * with how the file relates to it (registry/continuation.ts; `attached` needs the file's `sha256`).
   */
  function matchOf(pages: PageAnalysis[], sha256?: string): { register: string; registryNumber: string; relation: CodeRelation; annulled: boolean } | null {
    for (const page of pages) {
      for (const code of (page.registryCodes ?? []) as RegistryCode[]) {
        try {
          const r = registry.show({ registryNumber: code.registryNumber, register: code.register });
          return { register: r.register, registryNumber: r.registryNumber, relation: relationTo(registry.db, r, pages, sha256), annulled: r.annulled };
        } catch {
          // Not a registration of this desk: ignore.
        }
      }
    }
    return null;
  }

  return { archivalPdf, label, findCodes, matchOf };
}

export type RegistrationPdfs = ReturnType<typeof createRegistrationPdfs>;
