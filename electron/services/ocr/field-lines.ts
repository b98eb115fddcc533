/**
 * A second look at the two letter-head values clerks type from a letter: the reference number after
 * "الرقم:" and the date after "التاريخ:". Tesseract misreads, reverses or splits the digits of these
 * short lines more than any other text on a letter (docs/ocr-quality.md). When the first reading of such a
 * value is not plausible (a date that does not parse, a number not shaped like letters/digits/year),
 * the part of the line beside the label is cropped, enlarged and read again as a single line; the first
 * plausible reading replaces the value in the page text. A plausible first reading is never re-read, so
 * clean letters cost nothing.
 */
import sharp from 'sharp';
import { distance as levenshtein } from 'fastest-levenshtein';
import { findDates } from '../../../shared/dates/parse.ts';
import { normalise, toWesternDigits } from '../../../shared/text/normalise.ts';
import type { GreyPage } from './page.ts';
import type { OcrPool } from './pool.ts';
import type { AssembledText, PixelBox } from './text.ts';

/** Which value a label introduces. */
export type FieldKind = 'number' | 'date';

/** Scales tried for the crop, in order (measured on the fixture letters: 2× first, then as scanned). */
const CROP_SCALES = [2, 1];
/** Only lines whose top is in this upper fraction of the page are letter-head lines. */
const HEADER_FRACTION = 0.3;
/** Padding around the crop, as a fraction of the label's height. */
const PAD = 0.4;

const BIDI = /[\u200B-\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const COLONS = /^[\s:：؛]+|[\s:：؛]+$/g;

/**
 * The field a word labels: "الرقم"/"التاريخ" with or without a colon, within one misread letter
 * as the normalised word.
 * @returns the kind, or null for any other word.
 */
export function labelKind(word: string): FieldKind | null {
  const w = normalise(word).replace(COLONS, '');
  if (w.length < 4) return null;
  if (levenshtein(w, 'الرقم') <= 1) return 'number';
  if (levenshtein(w, 'التاريخ') <= 1) return 'date'; // two edits would take "تاريخه" of a sentence
  return null;
}

/**
 * Whether a reading of a value is plausible: a date with a valid reading (split digit groups joined), or
 * a reference number of the form letters/digits[/year] or year/letters/digits (Arabic or Latin letters,
 * dotted abbreviations such as "و.م/ش.إ").
 * @param kind the field; @param value the value as read.
 */
export function isPlausible(kind: FieldKind, value: string): boolean {
  const v = toWesternDigits(value.replace(BIDI, '')).replace(COLONS, '');
  if (kind === 'date') {
    const joined = v.replace(/(\d)\s+(?=\d)/g, '$1');
    return [v, joined].some((t) => findDates(t).some((d) => d.date.problem === null));
  }
  const n = v.replace(/\s*([/-])\s*/g, '$1').replace(/(\d)\s+(?=\d)/g, '$1');
  const letters = '[\\u0621-\\u064AA-Za-z]+(?:\\.[\\u0621-\\u064AA-Za-z]+)*';
  const year = '(?:19|20)\\d\\d';
  return new RegExp(`^(?:${letters}/)+\\d{2,}(?:/${year})?$|^${year}/${letters}/\\d{2,}$`).test(n);
}

/** A value to re-read: its offsets in the page text and the crop that holds it. */
interface Target {
  kind: FieldKind;
  start: number;
  end: number;
  crop: PixelBox;
}

function targets(read: AssembledText, page: GreyPage): Target[] {
  const out: Target[] = [];
  for (const line of read.lines) {
    if (!line.box || line.box.y0 > page.height * HEADER_FRACTION) continue;
    const li = line.words.findIndex((w) => labelKind(read.text.slice(w.start, w.end)) !== null);
    if (li < 0) continue;
    const label = line.words[li]!;
    const kind = labelKind(read.text.slice(label.start, label.end))!;
    const values = line.words.slice(li + 1).filter((w) => read.text.slice(w.start, w.end).replace(COLONS, '') !== '');
    const first = values[0];
    const last = values[values.length - 1];
    if (!label.box || !first || !last) continue;
    if (isPlausible(kind, read.text.slice(first.start, last.end))) continue;
    // The value is printed left of its label (right-to-left line): from the line's left edge to the label.
    // Rows: the label's (it spans ascenders and descenders; boxes of misread digits stray).
    const { y0, y1 } = label.box;
    const pad = Math.round((label.box.y1 - label.box.y0) * PAD);
    const crop = {
      x0: Math.max(0, line.box.x0 - pad),
      y0: Math.max(0, y0 - pad),
      x1: Math.min(page.width, label.box.x0 + pad),
      y1: Math.min(page.height, y1 + pad),
    };
    if (crop.x1 - crop.x0 < 8 || crop.y1 - crop.y0 < 8) continue;
    out.push({ kind, start: first.start, end: last.end, crop });
  }
  return out;
}

async function cropPng(page: GreyPage, box: PixelBox, scale: number): Promise<Uint8Array> {
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  let img = sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).extract({ left: box.x0, top: box.y0, width, height });
  if (scale !== 1) img = img.resize(Math.round(width * scale), Math.round(height * scale), { kernel: 'cubic', fit: 'fill' });
  return img.extractChannel(0).png({ compressionLevel: 1 }).toBuffer();
}

/**
 * Re-reads implausible reference-number and date values of a page's letter head (module comment).
 * @param pool the OCR pool; @param page the upright page the text was read from (same pixels);
 * @param read the page's first reading (with line boxes); @param opts languages the page was read with, abort signal.
 * @returns the reading with re-read values spliced into its text (low-confidence marks inside a
 *   replaced value dropped, later ones shifted; `lines` keep the first reading's boxes, offsets shifted),
 *   or `read` itself when nothing was replaced.
 * @throws AppError('ocr_failed') from the engine; AbortError when `opts.signal` aborts.
 */
export async function rereadFieldValues(
  pool: OcrPool,
  page: GreyPage,
  read: AssembledText,
  opts: { languages: string; signal?: AbortSignal },
): Promise<AssembledText> {
  let result = read;
  // Later values first, so earlier offsets stay valid while splicing.
  for (const t of targets(read, page).sort((a, b) => b.start - a.start)) {
    for (const scale of CROP_SCALES) {
      const png = await cropPng(page, t.crop, scale);
      const again = await pool.recogniseLine(png, {
        languages: opts.languages,
        dpi: (page.dpi ?? 300) * scale,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const value = again.text.replace(/\s+/g, ' ').replace(COLONS, '');
      if (value === '' || !isPlausible(t.kind, value)) continue;
      result = splice(result, t.start, t.end, value);
      break;
    }
  }
  return result;
}

/** `read` with `[start, end)` of its text replaced by `value`, offsets kept consistent. */
function splice(read: AssembledText, start: number, end: number, value: string): AssembledText {
  const delta = value.length - (end - start);
  const shift = (i: number): number => (i >= end ? i + delta : i);
  return {
    ...read,
    text: read.text.slice(0, start) + value + read.text.slice(end),
    lowConfidenceWords: read.lowConfidenceWords.filter((w) => w.end <= start || w.start >= end).map((w) => ({ ...w, start: shift(w.start), end: shift(w.end) })),
    lines: read.lines.map((line) => ({
      ...line,
      words: line.words.flatMap((w) => {
        if (w.end <= start || w.start >= end) return [{ ...w, start: shift(w.start), end: shift(w.end) }];
        return w.start === start ? [{ start, end: start + value.length, box: null }] : [];
      }),
    })),
  };
}
