/**
 * Intake: reading a document (scan or PDF) and suggesting the registration's fields.
 * Analysis never allocates a registry number; it may be cached by the document's SHA-256.
 */
import { z } from 'zod';

/** A span of a page's text that a suggestion came from. Offsets are UTF-16 indexes into `PageAnalysis.text`. */
export interface Evidence {
  page: number; // 0-based page index
  start: number;
  end: number; // exclusive
  text: string; // raw text of the span, as read
}

export interface CounterpartSuggestion {
  code: string | null; // directory code, null when no directory entry matched
  nameAr: string;
  nameEn: string | null;
  score: number; // 0..1
  evidence: Evidence | null;
}

export interface ReferenceNumberSuggestion {
  value: string; // normalised: Western digits, no directional marks, e.g. "ص/77089/2026"
  asPrinted: string;
  evidence: Evidence | null;
}

export interface ReferenceDateSuggestion {
  /** Gregorian ISO date `YYYY-MM-DD`; null when ambiguous or out of range (see `problem`). */
  gregorian: string | null;
  /** Umm al-Qura date `YYYY-MM-DD` (Hijri), when within 1356–1500 AH. */
  hijri: string | null;
  calendar: 'gregorian' | 'hijri'; // the calendar the letter printed
  problem: 'ambiguous' | 'out_of_range' | null;
  /** For an ambiguous date, the readings a clerk picks from (Gregorian ISO). */
  alternatives: string[];
  asPrinted: string;
  evidence: Evidence | null;
}

export interface SubjectSuggestion {
  value: string;
  evidence: Evidence | null;
}

export interface Suggestions {
  counterpart: CounterpartSuggestion | null;
  referenceNumber: ReferenceNumberSuggestion | null;
  referenceDate: ReferenceDateSuggestion | null;
  subject: SubjectSuggestion | null;
  attachmentsCount: { value: number; evidence: Evidence | null } | null;
}

export interface LowConfidenceWord {
  start: number; // UTF-16 offsets into the page text
  end: number;
  confidence: number; // 0..100
}

/** A box in the pixels of the page image OCR read (`PageAnalysis.width` × `height`): left, top, right, bottom. */
export interface PageBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One OCR line: its words as UTF-16 offsets `[start, end)` into `PageAnalysis.text`, with boxes when known. */
export interface OcrLine {
  box: PageBox | null;
  words: Array<{ start: number; end: number; box: PageBox | null }>;
}

export interface PageAnalysis {
  index: number; // 0-based
  source: 'text-layer' | 'ocr';
  text: string; // logical order, as read (not normalised)
  confidence: number | null; // OCR mean word confidence 0..100; null for a text layer
  rotation: 0 | 90 | 180 | 270; // clockwise rotation applied before OCR
  segmentation: 'single_block' | 'auto' | null; // page-segmentation mode used for OCR
  lowConfidenceWords: LowConfidenceWord[];
  width: number; // pixels of the (rotated) page image OCR read; 0 for a text layer without image
  height: number;
  /** OCR pages: where each line and word sits (the archival PDF's invisible text layer); absent in older analyses. */
  lines?: OcrLine[];
  /** OCR pages: the tesseract languages the text was read with (`ara`, `eng`, `ara+eng`); absent in older analyses. */
  languages?: string;
  /** OCR pages: degrees the page was turned to level its lines before OCR (deskew), when it was. */
  skew?: number;
  /** Registry codes (our stamp's or label's QR, electron/services/pdf/barcode.ts) found on the page. */
  registryCodes?: Array<{ register: string; registryNumber: string }>;
}

export interface Analysis {
  sha256: string; // hex, of the raw file
  fileName: string;
  mediaType: string; // sniffed from the bytes, not the name
  byteLength: number;
  pages: PageAnalysis[];
  meanConfidence: number | null; // over OCR'd pages, 0..100
  suggestions: Suggestions;
  /** Set when this exact file is already registered. */
  alreadyRegistered: { register: string; registryNumber: string } | null;
  /**
   * Set when a page carries the registry code of an existing registration (a re-scan of a stamped or
   * labelled letter): attach the file to it, or recognise the re-scan, rather than register it anew.
   * `relation` (absent in analyses made before it): `rescan` when every page of the file reads like a
   * page the registration already holds (nothing to attach), `continuation` when it brings pages the
   * registration lacks (`registry.attachContinuation`), `attached` when the file is already one of its
   * documents. `annulled`: the registration is annulled (nothing can be attached).
   */
  matchesRegistration?: { register: string; registryNumber: string; relation?: 'continuation' | 'rescan' | 'attached'; annulled?: boolean } | null;
  durationMs: number;
}

/** Maximum size of one document accepted over the contract (bytes). */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

export const intakeContract = {
  /** Stores the raw file by SHA-256 (not a registration), reads it and suggests fields. */
  'intake.analyse': {
    input: z.object({
      fileName: z.string().min(1).max(255),
      dataBase64: z.base64().max(Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 4),
    }),
    output: {} as Analysis,
  },
  /** A PNG preview of one page of a stored document (for the side-by-side view). */
  'intake.pagePreview': {
    input: z.object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      page: z.number().int().min(0).max(10_000),
      maxWidth: z.number().int().min(100).max(4000).default(1400),
    }),
    output: {} as { dataUrl: string; width: number; height: number },
  },
  /**
   * Reads one page of an analysed document again with the clerk's choices (each omitted one is chosen
   * automatically, as in `intake.analyse`): languages, page segmentation (`single_block` = one block of
   * text, `auto` = tesseract's layout analysis, for columns), clockwise rotation. Replaces that page in
   * the cached analysis (text, confidence, low-confidence words), recomputes the mean confidence and the
   * suggestions, and returns the updated analysis. A PDF page is read from its image, not its text layer.
   * Errors: `not_analysed` (the document was never analysed here), `page_out_of_range`, `ocr_failed`.
   */
  'intake.rerunOcr': {
    input: z.object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      page: z.number().int().min(0).max(10_000),
      languages: z.enum(['ara', 'eng', 'ara+eng']).optional(),
      segmentation: z.enum(['single_block', 'auto']).optional(),
      rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).optional(),
    }),
    output: {} as Analysis,
  },
} as const;
