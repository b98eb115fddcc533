/**
 * Is a PDF page's text layer usable as the page's text?
 *
 * Only when it is real text in logical order. Rejected (the page is OCR'd instead):
 * - too little text (a scanned page, maybe with a stray label);
 * - Arabic written as presentation-form glyphs (U+FB50–U+FDFF, U+FE70–U+FEFF): the PDF kept shapes, not
 *   letters, and usually in visual order (e.g. tabula-java's arabic.pdf, the letters' electronic PDFs);
 * - visually reversed Arabic ("glyph soup"): the definite article ال then shows up at word ends as لا;
 * - glyphs without a Unicode mapping (U+0000, U+FFFD, other C0 controls): pdf.js extracts these where a
 *   font lacks a ToUnicode entry (seen for lam-alef in the letters' electronic PDFs, whose lines then
 *   come out scrambled around the gap — CER 0.22–0.33 against ~0.1 by OCR).
 */

/** Verdict on a text layer, with the measures behind it (for logs and tests). */
export interface TextLayerVerdict {
  usable: boolean;
  reason: 'ok' | 'too_little_text' | 'presentation_forms' | 'reversed' | 'unmapped_glyphs';
  unmapped: number;
  letters: number;
  presentationShare: number;
  articleStarts: number;
  articleEnds: number;
}

const PRESENTATION = /[\uFB50-\uFDFF\uFE70-\uFEFF]/gu;
const LETTER = /\p{L}/gu;
// C0 controls other than tab/newline/carriage return, and the replacement character.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNMAPPED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/gu;
/** Fewer letters than this on a page: treat it as having no text layer. */
const MIN_LETTERS = 20;
/** More presentation forms than this share of letters: shapes, not text. */
const MAX_PRESENTATION_SHARE = 0.05;

/**
 * Judges a page's extracted text.
 * @param text the text pdf.js extracted for the page.
 */
export function judgeTextLayer(text: string): TextLayerVerdict {
  const letters = (text.match(LETTER) ?? []).length;
  const presentation = (text.match(PRESENTATION) ?? []).length;
  const presentationShare = letters === 0 ? 0 : presentation / letters;
  const unmapped = (text.match(UNMAPPED) ?? []).length;
  let articleStarts = 0;
  let articleEnds = 0;
  for (const word of text.normalize('NFKC').split(/[^\p{L}]+/u)) {
    if (word.length < 4) continue;
    if (word.startsWith('ال')) articleStarts++;
    if (word.endsWith('لا')) articleEnds++;
  }
  const base = { letters, presentationShare, articleStarts, articleEnds, unmapped };
  if (letters < MIN_LETTERS) return { usable: false, reason: 'too_little_text', ...base };
  if (presentationShare > MAX_PRESENTATION_SHARE) return { usable: false, reason: 'presentation_forms', ...base };
  if (unmapped > 0) return { usable: false, reason: 'unmapped_glyphs', ...base };
  if (articleEnds >= 3 && articleEnds > articleStarts) return { usable: false, reason: 'reversed', ...base };
  return { usable: true, reason: 'ok', ...base };
}
