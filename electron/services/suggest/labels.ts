/**
 * The printed labels of an official letter's header and footer, found on normalised lines
 * (shared/text/normalise.ts: no hamza, ة→ه, ى→ي, Latin lowercased, Western digits).
 *
 * Tesseract often reads a two-column header as one line ("دولة الكويت الرقم: ص/1/2026") and may put
 * the colon of an Arabic label before the word (":التاريخ"), so labels are searched anywhere in a
 * line and a colon on either side counts. A label that is also an ordinary word ("الرقم", "من")
 * counts only with a colon or at the start of a line.
 */
import { levenshtein } from './fuzzy.ts';

export type LabelKind = 'number' | 'date' | 'subject' | 'attachments' | 'from' | 'to';

interface LabelDef {
  kind: LabelKind;
  pattern: string; // alternation, normalised spellings
  /** Needs a colon (either side) even at the start of a line. */
  colonAlways?: boolean;
}

const DEFS: LabelDef[] = [
  {
    kind: 'number',
    pattern:
      'رقم الكتاب|رقم الصادر|الرقم المرجعي|رقم المرجع|رقم الاشاره|الرقم|الاشاره|اشارتنا|اشارتكم|المرجع|our ref(?:erence)?|your ref(?:erence)?|ref(?:erence)?(?:\\s*no)?\\.?|no\\.|number',
  },
  { kind: 'date', pattern: 'تاريخ الكتاب|التاريخ|تاريخ|date' },
  { kind: 'subject', pattern: 'الموضوع|موضوع|subject' },
  { kind: 'subject', pattern: 're', colonAlways: true },
  { kind: 'attachments', pattern: 'المرفقات|المرفق|مرفقات|attachments?|enclosures?|encl\\.?' },
  { kind: 'from', pattern: 'من|الجهه المرسله|الجهه|المرسل|from', colonAlways: true },
  { kind: 'to', pattern: 'الي|to', colonAlways: true },
];

const COLON = '[:：؛]';


/** A label found in a normalised line: `start` of the label (or its leading colon), `valueStart` after it. */
export interface FoundLabel {
  kind: LabelKind;
  start: number;
  valueStart: number;
}

const FUZZY_WORDS: Array<[string, LabelKind]> = [
  ['الرقم', 'number'],
  ['التاريخ', 'date'],
  ['الموضوع', 'subject'],
  ['المرفقات', 'attachments'],
  ['subject', 'subject'],
];
const FUZZY_LABEL = new RegExp(`(?:${COLON}\\s*([\\u0621-\\u064Aa-z]{5,})|(?<![\\u0621-\\u064Aa-z])([\\u0621-\\u064Aa-z]{5,})\\s*${COLON})\\s*`, 'g');

const REGEXES = DEFS.map((d) => ({
  def: d,
  re: new RegExp(`(?<![\\u0621-\\u064Aa-z0-9])(${COLON}\\s*)?(${d.pattern})(?![\\u0621-\\u064Aa-z0-9])(\\s*${COLON})?\\s*`, 'g'),
}));

/**
 * All labels in one normalised line, left to right (non-overlapping; the longer label wins).
 * @param norm a normalised line.
 */
export function findLabels(norm: string): FoundLabel[] {
  const found: Array<FoundLabel & { length: number }> = [];
  for (const { def, re } of REGEXES) {
    for (const m of norm.matchAll(re)) {
      const hasColon = m[1] !== undefined || m[3] !== undefined;
      const atStart = norm.slice(0, m.index).trim() === '';
      if (!hasColon && (def.colonAlways || !atStart)) continue;
      found.push({ kind: def.kind, start: m.index, valueStart: m.index + m[0].length, length: m[0].length });
    }
  }
  // OCR misreads a letter of a label ("التاريج:", "الموضرع:"): a word beside a colon within one edit
  // (two for long words) of a label word is that label.
  for (const m of norm.matchAll(FUZZY_LABEL)) {
    const word = m[1] ?? m[2] ?? '';
    const hit = FUZZY_WORDS.find(([w]) => word !== w && levenshtein(word, w) <= (w.length >= 7 ? 2 : 1));
    if (!hit) continue;
    let start = m.index;
    while (norm[start] === ' ') start += 1;
    found.push({ kind: hit[1], start, valueStart: m.index + m[0].length, length: m[0].length });
  }
  found.sort((a, b) => a.start - b.start || b.length - a.length);
  const out: FoundLabel[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.valueStart) continue;
    out.push({ kind: f.kind, start: f.start, valueStart: f.valueStart });
  }
  return out;
}

/** The value span `[start, end)` of a label: up to the next label on the line or the line's end. */
export function valueSpan(norm: string, labels: FoundLabel[], index: number): { start: number; end: number } {
  const label = labels[index]!;
  const next = labels[index + 1];
  let end = next ? next.start : norm.length;
  while (end > label.valueStart && norm[end - 1] === ' ') end -= 1;
  return { start: label.valueStart, end };
}

/** Lines a recipient block starts with or contains ("السيد / … المحترم", "إلى:"). */
export function isRecipientLine(norm: string): boolean {
  return (
    /^(?:[:：\-/\s]*)(?:السيد|السيده|السادة|الساده|الاخ|الاخت|حضره|معالي|سعاده|الفاضل|الفاضله|الي|dear|to\b|mr\b|mrs\b|ms\b)/.test(norm) ||
    /(?<![\u0621-\u064A])(?:المحترم|المحترمه|المحترمين|حفظه الله)(?![\u0621-\u064A])/.test(norm)
  );
}

/** The start of the letter's body ("تحية طيبة وبعد"), after which no header field is looked for. */
export function isBodyStart(norm: string): boolean {
  return /^(?:تحيه طيبه|بعد التحيه|السلام عليكم|greetings|dear sir)/.test(norm);
}
