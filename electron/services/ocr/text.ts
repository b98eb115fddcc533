/**
 * Turning tesseract's result tree into page text.
 *
 * The text is rebuilt from words so every word's UTF-16 offsets are known (for low-confidence marks).
 * Words are cleaned as tesseract's Arabic output needs (../shared/design/pitfalls.md): directional marks
 * U+200E/U+200F (and other bidi controls) removed, Persian yeh/kaf (ی U+06CC, ک U+06A9) mapped to
 * Arabic ي/ك. Order stays logical, as tesseract gives it (its iterator walks RTL lines in reading order).
 */
import type { LowConfidenceWord } from '../../../shared/contract/intake.ts';

/** A box in image pixels: left `x0`, top `y0`, right `x1`, bottom `y1` (exclusive). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
/** A word of tesseract's JSON result (the subset we read). */
export interface TessWord {
  text: string;
  confidence: number;
  bbox?: PixelBox;
}
/** A block of tesseract's JSON result (blocks → paragraphs → lines → words). */
export interface TessBlock {
  paragraphs: { lines: { words: TessWord[]; bbox?: PixelBox }[] }[];
}

/** A word of the assembled text: UTF-16 offsets `[start, end)` in `text`, its box when tesseract gave one. */
export interface PlacedWord {
  start: number;
  end: number;
  box: PixelBox | null;
}
/** A line of the assembled text: its words in logical order and its box. */
export interface PlacedLine {
  words: PlacedWord[];
  box: PixelBox | null;
}

/** Words below this confidence (0..100) are surfaced to the clerk. */
export const LOW_CONFIDENCE = 60;

const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

/** Cleans one OCR word: bidi controls removed, Persian ی/ک → Arabic ي/ك, NFC. */
export function cleanOcrWord(word: string): string {
  return word.replace(BIDI_CONTROLS, '').replace(/\u06CC/g, '\u064A').replace(/\u06A9/g, '\u0643').normalize('NFC').trim();
}

/** Page text assembled from a result tree. */
export interface AssembledText {
  text: string;
  /** Mean word confidence 0..100 weighted by word length; null when no word was read. */
  confidence: number | null;
  wordCount: number;
  lowConfidenceWords: LowConfidenceWord[];
  /** The text's lines with word offsets and pixel boxes (for re-reading a line). */
  lines: PlacedLine[];
}

/**
 * Builds page text: words joined by a space, lines by "\n", paragraphs/blocks by a blank line.
 * @param blocks tesseract.js `data.blocks` (null counts as empty).
 */
export function assembleText(blocks: TessBlock[] | null): AssembledText {
  let text = '';
  let weighted = 0;
  let weight = 0;
  let wordCount = 0;
  const low: LowConfidenceWord[] = [];
  const placed: PlacedLine[] = [];
  type Word = { word: string; conf: number; box: PixelBox | null };
  const paragraphs: { words: Word[]; box: PixelBox | null }[][] = [];
  for (const block of blocks ?? []) {
    for (const para of block.paragraphs) {
      const lines: { words: Word[]; box: PixelBox | null }[] = [];
      for (const line of para.lines) {
        const words = line.words.map((w) => ({ word: cleanOcrWord(w.text), conf: w.confidence, box: w.bbox ?? null })).filter((w) => w.word.length > 0);
        if (words.length > 0) lines.push({ words, box: line.bbox ?? null });
      }
      if (lines.length > 0) paragraphs.push(lines);
    }
  }
  paragraphs.forEach((lines, pi) => {
    if (pi > 0) text += '\n\n';
    lines.forEach((line, li) => {
      if (li > 0) text += '\n';
      const out: PlacedLine = { words: [], box: line.box };
      placed.push(out);
      line.words.forEach((w, wi) => {
        if (wi > 0) text += ' ';
        const start = text.length;
        text += w.word;
        out.words.push({ start, end: text.length, box: w.box });
        wordCount += 1;
        weighted += w.conf * w.word.length;
        weight += w.word.length;
        if (w.conf < LOW_CONFIDENCE) low.push({ start, end: text.length, confidence: Math.round(w.conf * 10) / 10 });
      });
    });
  });
  return { text, confidence: weight > 0 ? weighted / weight : null, wordCount, lowConfidenceWords: low, lines: placed };
}
