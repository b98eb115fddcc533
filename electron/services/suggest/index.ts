/**
 * Field suggestions for an incoming letter: counterpart agency, reference number and date, subject,
 * attachments count — each with the evidence span it came from, on the raw page text (UTF-16 offsets
 * into `PageAnalysis.text`). Matching runs on normalised text (shared/text/normalise.ts) and maps back.
 */
import type { Agency } from '../../../shared/contract/directory.ts';
import type { Suggestions } from '../../../shared/contract/intake.ts';
import { suggestCounterpart } from './counterpart.ts';
import { pageLines } from './lines.ts';
import { suggestReferenceDate, suggestReferenceNumber } from './reference.ts';
import { suggestAttachmentsCount, suggestSubject } from './subject.ts';

export { normaliseReferenceNumber } from './reference.ts';

/**
 * @param pages the document's pages in order: `index` (0-based) and logical-order `text` as read.
 * @param directory the counterpart directory to match the sender against.
 * @returns the suggestions; a field is null when the letter gives no usable value. Never throws.
 */
export function suggestFields(pages: Array<{ index: number; text: string }>, directory: Agency[]): Suggestions {
  const sorted = [...pages].sort((a, b) => a.index - b.index);
  const texts = new Map(sorted.map((p) => [p.index, p.text]));
  const lines = sorted.map((p) => pageLines(p.index, p.text));
  const first = sorted[0];
  const firstLines = lines[0] ?? [];
  const firstText = first?.text ?? '';
  return {
    counterpart: suggestCounterpart(firstLines, firstText, directory),
    referenceNumber: suggestReferenceNumber(firstLines, firstText),
    referenceDate: suggestReferenceDate(firstLines, firstText),
    subject: suggestSubject(lines, texts),
    attachmentsCount: suggestAttachmentsCount(lines, texts),
  };
}
