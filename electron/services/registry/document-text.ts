/**
 * How a registered document's text is stored: one `text` column with the pages' raw text separated
 * by a form feed (U+000C), beside a small JSON of page metadata. Search snippets read the text
 * without parsing JSON; the record view splits it back into pages.
 */

/** The page separator in `documents.text`. */
export const PAGE_SEPARATOR = '\f';

export interface StoredPage {
  index: number;
  text: string;
  source: 'text-layer' | 'ocr';
  confidence: number | null;
}

/** Splits pages into the `pages` metadata JSON and the `text` column (form feeds in a page become spaces). */
export function toStored(pages: StoredPage[]): { meta: string; text: string } {
  return {
    meta: JSON.stringify(pages.map((p) => ({ index: p.index, source: p.source, confidence: p.confidence }))),
    text: pages.map((p) => p.text.replaceAll(PAGE_SEPARATOR, ' ')).join(PAGE_SEPARATOR),
  };
}

/** The inverse of {@link toStored}. */
export function fromStored(meta: string, text: string): StoredPage[] {
  const texts = text.split(PAGE_SEPARATOR);
  return (JSON.parse(meta) as Array<Omit<StoredPage, 'text'>>).map((m, i) => ({ ...m, text: texts[i] ?? '' }));
}
