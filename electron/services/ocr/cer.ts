/**
 * Character error rate (CER) of OCR output against a ground-truth transcription.
 *
 * Both sides go through `normalise()` (shared/text/normalise.ts, the search form of domain.md) and then
 * lose ALL white space, so line breaks, column order of spaces and tesseract's word splitting do not
 * count; only the letters, digits and punctuation do. CER = Levenshtein(ocr, truth) / length(truth).
 */
import { distance } from 'fastest-levenshtein';
import { normalise } from '../../../shared/text/normalise.ts';

/** The comparison key of a text: normalised, white space removed. */
export function cerKey(text: string): string {
  return normalise(text).replace(/\s+/g, '');
}

/**
 * @param ocr text as read.
 * @param truth ground-truth text.
 * @returns edit distance over ground-truth length (0 = perfect; may exceed 1 for junk); 0 when both empty,
 *   1 when only the truth is empty.
 */
export function characterErrorRate(ocr: string, truth: string): number {
  const a = cerKey(ocr);
  const b = cerKey(truth);
  if (b.length === 0) return a.length === 0 ? 0 : 1;
  return distance(a, b) / b.length;
}
