/**
 * The counterpart's reference number and date, as printed in the letter's header.
 *
 * Reference number: the value after "الرقم" / "رقم الكتاب" / "الإشارة" / "Ref" / "No." up to the next
 * label. `value` is normalised for storage and twin matching: Western digits, no directional marks,
 * no spaces around `/` and `-`, no spaces inside a digit run (OCR splits numbers), Persian ی/ک as ي/ك.
 * Letters are kept as printed (hamza included).
 *
 * Reference date: the date after "التاريخ" / "Date" (a Gregorian reading preferred when the line
 * prints both calendars, "… هـ الموافق … م"), else the first date in the header.
 */
import type { ReferenceDateSuggestion, ReferenceNumberSuggestion } from '../../../shared/contract/intake.ts';
import { findDates, type FoundDate } from '../../../shared/dates/parse.ts';
import { toWesternDigits } from '../../../shared/text/normalise.ts';
import { findLabels, isBodyStart, isRecipientLine, valueSpan } from './labels.ts';
import { evidenceOf, rawEvidence, rawSpan, type PageLine } from './lines.ts';

const BIDI = /[\u200B-\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF\u0640]/g;

/**
 * Normalises a printed reference number for storage and comparison (rules in the module comment).
 * @returns the normalised number; '' when nothing is left.
 */
export function normaliseReferenceNumber(printed: string): string {
  let v = toWesternDigits(printed.normalize('NFKC')).replace(BIDI, '');
  v = v.replace(/\u06CC/g, '\u064A').replace(/\u06A9/g, '\u0643');
  v = v.replace(/[\\|]/g, '/'); // OCR reads a slash as a backslash or bar
  v = v.replace(/\s*([/-])\s*/g, '$1');
  v = v.replace(/(\d)\s+(?=\d)/g, '$1');
  v = v.replace(/^[\s:：؛.,،-]+|[\s:：؛.,،-]+$/g, '');
  return v.replace(/\s+/g, ' ');
}

/** Header lines: page 0 up to the body ("تحية طيبة…"); labels after the body are not the letter's own. */
function headerLines(lines: PageLine[]): PageLine[] {
  const out: PageLine[] = [];
  for (const line of lines) {
    if (isBodyStart(line.norm)) break;
    out.push(line);
  }
  return out;
}

/**
 * Suggests the reference number.
 * @param lines non-empty lines of the first page; @param pageText its raw text.
 * @returns the first labelled value holding a digit, or null.
 */
export function suggestReferenceNumber(lines: PageLine[], pageText: string): ReferenceNumberSuggestion | null {
  for (const line of headerLines(lines)) {
    const labels = findLabels(line.norm);
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]!.kind !== 'number') continue;
      const span = valueSpan(line.norm, labels, i);
      // The number is one token, possibly with spaces OCR put around "/" or inside digit runs.
      const m = /^[^\s].*?(?=\s+[\u0621-\u064Aa-z]{3,}|$)/.exec(line.norm.slice(span.start, span.end));
      if (!m) continue;
      const evidence = evidenceOf(line, pageText, span.start, span.start + m[0].length);
      const value = normaliseReferenceNumber(evidence.text);
      if (!/\d/.test(value)) continue;
      return { value, asPrinted: evidence.text.replace(BIDI, '').trim(), evidence };
    }
  }
  return null;
}

function toSuggestion(found: FoundDate, page: number, pageText: string, offset: number): ReferenceDateSuggestion {
  const d = found.date;
  return {
    gregorian: d.gregorian,
    hijri: d.hijri,
    calendar: d.calendar,
    problem: d.problem === 'invalid' ? null : d.problem,
    alternatives: d.alternatives,
    asPrinted: d.asPrinted,
    evidence: rawEvidence(page, pageText, offset + found.start, offset + found.end),
  };
}

const DIGIT_RUN = /[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[ \t]+[0-9\u0660-\u0669\u06F0-\u06F9]+)+/g;

/**
 * The slice with each run of digit groups separated by spaces ("20 26", "447 1") joined, in printed
 * order or with the groups reversed (Tesseract sometimes emits the groups of one right-to-left-embedded
 * number in reverse: "1447هـ" → "447 1ه"). `map[i]` is the raw index of character i.
 */
function joinDigitRuns(raw: string, reverse: boolean): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  let last = 0;
  for (const m of raw.matchAll(DIGIT_RUN)) {
    for (let i = last; i < m.index; i++) {
      text += raw[i];
      map.push(i);
    }
    const groups = m[0].split(/[ \t]+/);
    const joined = (reverse ? groups.reverse() : groups).join('');
    for (let k = 0; k < joined.length; k++) {
      text += joined[k];
      map.push(Math.min(m.index + k, m.index + m[0].length - 1));
    }
    last = m.index + m[0].length;
  }
  for (let i = last; i < raw.length; i++) {
    text += raw[i];
    map.push(i);
  }
  map.push(raw.length);
  return { text, map };
}

/**
 * Dates in a raw slice. When none reads cleanly, digit runs that OCR split with spaces are joined
 * (in printed order, then reversed) and the slice is read again; offsets stay in the raw slice.
 */
function datesIn(raw: string): FoundDate[] {
  const direct = findDates(raw);
  if (direct.some((d) => d.date.problem === null)) return direct;
  for (const reverse of [false, true]) {
    const v = joinDigitRuns(raw, reverse);
    if (v.text === raw) continue;
    const found = findDates(v.text).map((f) => {
      const start = v.map[f.start] ?? 0;
      let end = (v.map[f.end - 1] ?? start) + 1;
      // A reversed run maps onto the run's span; cover the whole run.
      while (end < raw.length && /[0-9\u0660-\u0669\u06F0-\u06F9 \t]/.test(raw[end] ?? '') && /[0-9\u0660-\u0669\u06F0-\u06F9]/.test(raw.slice(end).trimStart()[0] ?? '') && reverse) end += 1;
      return { start, end, date: { ...f.date, asPrinted: raw.slice(start, end) } };
    });
    if (found.some((d) => d.date.problem === null)) return found;
  }
  return direct;
}

/** Picks the letter's date among dates on one line: a valid Gregorian reading, else any valid one, else the first usable. */
function pick(dates: FoundDate[]): FoundDate | null {
  const usable = dates.filter((d) => d.date.problem !== 'invalid');
  return (
    usable.find((d) => d.date.problem === null && d.date.calendar === 'gregorian') ??
    usable.find((d) => d.date.problem === null) ??
    usable[0] ??
    null
  );
}

/**
 * Suggests the reference date.
 * @param lines non-empty lines of the first page; @param pageText its raw text.
 * @returns the labelled date, else the first date in the header; null when there is none.
 */
export function suggestReferenceDate(lines: PageLine[], pageText: string): ReferenceDateSuggestion | null {
  const header = headerLines(lines);
  for (const line of header) {
    const labels = findLabels(line.norm);
    for (let i = 0; i < labels.length; i++) {
      if (labels[i]!.kind !== 'date') continue;
      const span = valueSpan(line.norm, labels, i);
      const raw = rawSpan(line, span.start, span.end);
      const chosen = pick(datesIn(pageText.slice(raw.start, raw.end)));
      if (chosen) return toSuggestion(chosen, line.page, pageText, raw.start);
    }
  }
  // No labelled date: the first date of the header (before the recipient block if possible).
  for (const line of header) {
    const labels = findLabels(line.norm);
    // Skip reference-number values: "ص/12/3/2026"-like numbers are not dates.
    const numberSpans = labels.flatMap((l, i) => (l.kind === 'number' ? [valueSpan(line.norm, labels, i)] : []));
    const chosen = pick(
      datesIn(line.raw).filter((d) => {
        const rel = d.start;
        return !numberSpans.some((s) => rel >= (line.map[s.start] ?? 0) && rel < (line.map[s.end - 1] ?? 0) + 1);
      }),
    );
    if (chosen) return toSuggestion(chosen, line.page, pageText, line.rawStart);
    if (isRecipientLine(line.norm)) continue;
  }
  return null;
}
