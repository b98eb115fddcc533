/**
 * A page's text as lines, each with its normalised form (shared/text/normalise.ts) and the map back
 * to the raw page text, so suggestions match on normalised text and report evidence on the raw text.
 */
import type { Evidence } from '../../../shared/contract/intake.ts';
import { normaliseWithMap } from '../../../shared/text/normalise.ts';

/** One line of a page. `norm[i]` came from raw page offset `rawStart + map[i]`. */
export interface PageLine {
  page: number;
  /** Line number on the page (0-based, counting empty lines). */
  lineNo: number;
  /** Raw line text and its UTF-16 offset in the page text. */
  raw: string;
  rawStart: number;
  norm: string;
  map: number[];
}

/** Splits a page into lines (LF, CRLF, CR, U+2028) and normalises each; empty lines are dropped. */
export function pageLines(page: number, text: string): PageLine[] {
  const out: PageLine[] = [];
  const re = /\r\n|\n|\r|\u2028|\u2029/g;
  let start = 0;
  let lineNo = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const { text: norm, map } = normaliseWithMap(raw);
    if (norm !== '') out.push({ page, lineNo, raw, rawStart: start, norm, map });
    lineNo += 1;
  };
  for (const m of text.matchAll(re)) {
    push(m.index);
    start = m.index + m[0].length;
  }
  push(text.length);
  return out;
}

/** Raw page offsets of the normalised span `[nStart, nEnd)` of a line (end exclusive, whole code points). */
export function rawSpan(line: PageLine, nStart: number, nEnd: number): { start: number; end: number } {
  if (nEnd <= nStart) {
    const at = line.rawStart + (line.map[nStart] ?? line.raw.length);
    return { start: at, end: at };
  }
  const startInLine = line.map[nStart] ?? 0;
  const lastInLine = line.map[nEnd - 1] ?? startInLine;
  const cp = line.raw.codePointAt(lastInLine);
  let endInLine = lastInLine + (cp !== undefined && cp > 0xffff ? 2 : 1);
  // Tatweel and harakat after the last letter belong to it.
  while (endInLine < line.raw.length && /[\u0640\u064B-\u065F\u0670]/.test(line.raw[endInLine] ?? '')) endInLine += 1;
  return { start: line.rawStart + startInLine, end: line.rawStart + endInLine };
}

/** Evidence for the normalised span `[nStart, nEnd)` of a line, with the raw text it covers. */
export function evidenceOf(line: PageLine, pageText: string, nStart: number, nEnd: number): Evidence {
  const { start, end } = rawSpan(line, nStart, nEnd);
  return { page: line.page, start, end, text: pageText.slice(start, end) };
}

/** Evidence for a raw span of the page. */
export function rawEvidence(page: number, pageText: string, start: number, end: number): Evidence {
  return { page, start, end, text: pageText.slice(start, end) };
}
