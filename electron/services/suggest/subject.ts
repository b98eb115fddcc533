/**
 * The subject ("الموضوع: …" / "Subject: …") and the attachments count ("المرفقات: 3", "لا يوجد").
 */
import type { Evidence, SubjectSuggestion } from '../../../shared/contract/intake.ts';
import { findLabels, valueSpan } from './labels.ts';
import { evidenceOf, type PageLine } from './lines.ts';

const BIDI = /[\u200B-\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const TRAILING = /[\s.:：؛;,،\-–—]+$/;
const LEADING = /^[\s:：؛;,،\-–—]+/;
const HARAKAT = /[\u064B-\u0652]/g;
/**
 * At most this many harakat in a subject are OCR specks, not vocalisation: the fixture scans print none,
 * and OCR put one stray kasra into one of the 16 subjects ("المراجعِين"); a vocalised line has one per word.
 */
const STRAY_HARAKAT = 2;

/**
 * Removes what OCR adds to a subject line: an underscore between two Arabic words (the space read
 * as an underline: "للعمل_لدى") becomes a space; up to {@link STRAY_HARAKAT} harakat are dropped.
 */
function cleanSubject(value: string): string {
  const v = value.replace(/(?<=[\u0621-\u064A])_+(?=[\u0621-\u064A])/g, ' ');
  return (v.match(HARAKAT)?.length ?? 0) <= STRAY_HARAKAT ? v.replace(HARAKAT, '') : v;
}

/**
 * Suggests the subject: the rest of the labelled line (or the next line when the label stands alone),
 * trimmed, without trailing punctuation or directional marks, underscores OCR reads between words, or a
 * stray haraka or two (see {@link cleanSubject}). Letters are kept as printed.
 * @param pages lines of every page, page by page; @param texts raw text by page index.
 */
export function suggestSubject(pages: PageLine[][], texts: Map<number, string>): SubjectSuggestion | null {
  for (const lines of pages) {
    for (let li = 0; li < lines.length; li++) {
      const line = lines[li]!;
      const labels = findLabels(line.norm);
      const i = labels.findIndex((l) => l.kind === 'subject');
      if (i < 0) continue;
      const pageText = texts.get(line.page) ?? '';
      let target = line;
      let span = valueSpan(line.norm, labels, i);
      if (span.end <= span.start) {
        const next = lines[li + 1];
        if (!next) continue;
        target = next;
        span = { start: 0, end: next.norm.length };
      }
      const ev = evidenceOf(target, pageText, span.start, span.end);
      const value = cleanSubject(ev.text)
        .replace(BIDI, '')
        .replace(LEADING, '')
        .replace(TRAILING, '')
        // OCR drops a space and reads a speck as a full stop between two Arabic words ("كتابكم.بشأن").
        .replace(/([\u0621-\u064A]{2})\.(?=[\u0621-\u064A]{2})/g, '$1 ')
        .replace(/\s+/g, ' ');
      if (value === '') continue;
      const lead = ev.text.length - ev.text.replace(LEADING, '').length;
      const trail = ev.text.replace(LEADING, '').length - ev.text.replace(LEADING, '').replace(TRAILING, '').length;
      const evidence: Evidence = { page: ev.page, start: ev.start + lead, end: ev.end - trail, text: pageText.slice(ev.start + lead, ev.end - trail) };
      return { value, evidence };
    }
  }
  return null;
}

const NUMBER_WORDS: Array<[RegExp, number]> = [
  [/^(?:لا يوجد|لايوجد|لا شيء|لا شي|بدون|لا توجد|none|nil|no)(?![\u0621-\u064Aa-z])/, 0],
  [/^(?:مرفق واحد|واحد|واحده|one)(?![\u0621-\u064Aa-z])/, 1],
  [/^(?:مرفقان|مرفقين|اثنان|اثنين|two)(?![\u0621-\u064Aa-z])/, 2],
  [/^(?:ثلاث|ثلاثه|three)(?![\u0621-\u064Aa-z])/, 3],
  [/^(?:اربع|اربعه|four)(?![\u0621-\u064Aa-z])/, 4],
  [/^(?:خمس|خمسه|five)(?![\u0621-\u064Aa-z])/, 5],
  [/^(?:ست|سته|six)(?![\u0621-\u064Aa-z])/, 6],
  [/^(?:سبع|سبعه|seven)(?![\u0621-\u064Aa-z])/, 7],
  [/^(?:ثمان|ثماني|ثمانيه|eight)(?![\u0621-\u064Aa-z])/, 8],
  [/^(?:تسع|تسعه|nine)(?![\u0621-\u064Aa-z])/, 9],
  [/^(?:عشر|عشره|ten)(?![\u0621-\u064Aa-z])/, 10],
];

/**
 * Suggests the attachments count from an "المرفقات:" line: digits (also "(3)") or number words;
 * "لا يوجد" and the like give 0.
 * @returns the count with evidence, or null when no labelled count is found.
 */
export function suggestAttachmentsCount(pages: PageLine[][], texts: Map<number, string>): { value: number; evidence: Evidence | null } | null {
  for (const lines of pages) {
    for (const line of lines) {
      const labels = findLabels(line.norm);
      const i = labels.findIndex((l) => l.kind === 'attachments');
      if (i < 0) continue;
      const span = valueSpan(line.norm, labels, i);
      const value = line.norm.slice(span.start, span.end);
      const pageText = texts.get(line.page) ?? '';
      const digits = /^[([]?\s*(\d{1,4})(?!\d)/.exec(value);
      if (digits) {
        const at = span.start + value.indexOf(digits[1]!);
        return { value: Number(digits[1]), evidence: evidenceOf(line, pageText, at, at + digits[1]!.length) };
      }
      for (const [re, n] of NUMBER_WORDS) {
        const m = re.exec(value);
        if (m) return { value: n, evidence: evidenceOf(line, pageText, span.start, span.start + m[0].length) };
      }
    }
  }
  return null;
}
