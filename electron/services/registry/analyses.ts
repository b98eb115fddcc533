/**
 * The intake analysis cache, by the document's SHA-256: what reading a file produced (pages,
 * suggestions, confidence). Writing it is not a registration and touches no number.
 */
import type { Db } from '../db/open.ts';
import type { Analysis, PageAnalysis, Suggestions } from '../../../shared/contract/index.ts';

/** A cached analysis: everything of {@link Analysis} except `alreadyRegistered`, which is live. */
export type CachedAnalysis = Omit<Analysis, 'alreadyRegistered'>;

interface AnalysisRow {
  sha256: string;
  file_name: string;
  media_type: string;
  byte_length: number;
  pages: string;
  suggestions: string;
  mean_confidence: number | null;
  duration_ms: number;
}

/** Stores (or replaces) the analysis of one document. */
export function putAnalysis(db: Db, a: CachedAnalysis, analysedAt: Date): void {
  db.prepare(
    `INSERT INTO analyses (sha256, file_name, media_type, byte_length, pages, suggestions, mean_confidence, duration_ms, analysed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET file_name = excluded.file_name, media_type = excluded.media_type,
       byte_length = excluded.byte_length, pages = excluded.pages, suggestions = excluded.suggestions,
       mean_confidence = excluded.mean_confidence, duration_ms = excluded.duration_ms, analysed_at = excluded.analysed_at`,
  ).run(a.sha256, a.fileName, a.mediaType, a.byteLength, JSON.stringify(a.pages), JSON.stringify(a.suggestions), a.meanConfidence, Math.round(a.durationMs), analysedAt.toISOString());
}

/** @returns the cached analysis of `sha256`, or null. */
export function getAnalysis(db: Db, sha256: string): CachedAnalysis | null {
  const r = db.prepare('SELECT * FROM analyses WHERE sha256 = ?').get(sha256) as AnalysisRow | undefined;
  if (r === undefined) return null;
  return {
    sha256: r.sha256,
    fileName: r.file_name,
    mediaType: r.media_type,
    byteLength: r.byte_length,
    pages: JSON.parse(r.pages) as PageAnalysis[],
    suggestions: JSON.parse(r.suggestions) as Suggestions,
    meanConfidence: r.mean_confidence,
    durationMs: r.duration_ms,
  };
}
