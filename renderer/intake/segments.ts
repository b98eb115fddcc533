/**
 * Splits a page's text into runs for display, each run carrying the suggested fields whose evidence
 * covers it and the low-confidence word (if any) it belongs to. Overlapping spans are allowed.
 */
import type { Evidence, LowConfidenceWord } from '../../shared/contract/index.ts';
import type { FieldName } from './form.ts';

export interface Segment {
  start: number;
  end: number;
  text: string;
  fields: FieldName[];
  lowConfidence: number | null; // 0..100 when inside a low-confidence word
}

/**
 * @param text the page text (logical order).
 * @param evidence the fields' evidence spans (only those on this page are used).
 * @param page the 0-based page index shown.
 * @param low the page's low-confidence words.
 * @returns consecutive segments covering the whole text.
 */
export function segmentText(text: string, evidence: Partial<Record<FieldName, Evidence>>, page: number, low: LowConfidenceWord[]): Segment[] {
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
  const spans: Array<{ start: number; end: number; field?: FieldName; conf?: number }> = [];
  for (const [field, ev] of Object.entries(evidence) as Array<[FieldName, Evidence]>) {
    if (ev.page === page && ev.end > ev.start) spans.push({ start: clamp(ev.start), end: clamp(ev.end), field });
  }
  for (const w of low) if (w.end > w.start) spans.push({ start: clamp(w.start), end: clamp(w.end), conf: w.confidence });
  const cuts = new Set<number>([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    if (end <= start) continue;
    const fields: FieldName[] = [];
    let conf: number | null = null;
    for (const s of spans) {
      if (s.start <= start && s.end >= end) {
        if (s.field) fields.push(s.field);
        if (s.conf !== undefined) conf = conf === null ? s.conf : Math.min(conf, s.conf);
      }
    }
    out.push({ start, end, text: text.slice(start, end), fields, lowConfidence: conf });
  }
  return out;
}
