/**
 * Splitting one scanned stack into letters.
 *
 * - `none`: the whole stack is one letter.
 * - `blank`: a blank page (blank.ts) ends a letter; runs of blank pages count once, and blank pages
 *   at the start or end of the stack are dropped. Blank pages are never part of a letter, so a
 *   letter printed on one side loses nothing, and duplex scans should use `separator` instead.
 * - `separator`: a separator sheet (separator.ts: a QR code with a fixed payload) starts the next
 *   letter; the sheet is dropped, and so is a blank page right after it (its back, in a duplex scan).
 *   Blank pages elsewhere stay in their letter.
 */
import type { GreyPage } from '../ocr/page.ts';
import { isBlankPage } from './blank.ts';
import { isSeparatorPage } from './separator.ts';

export const SPLIT_MODES = ['none', 'blank', 'separator'] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

/** What a page is, for splitting. */
export type PageRole = 'content' | 'blank' | 'separator';

/**
 * Classifies one page for a split mode (`none` never looks at the pixels).
 * @param page 8-bit grey pixels.
 */
export async function classifyPage(page: GreyPage, mode: SplitMode): Promise<PageRole> {
  if (mode === 'none') return 'content';
  if (mode === 'separator' && (await isSeparatorPage(page))) return 'separator';
  return (await isBlankPage(page)) ? 'blank' : 'content';
}

/**
 * Groups page indexes into letters.
 * @param roles one role per page, in stack order.
 * @returns the letters, each a non-empty list of 0-based page indexes in order.
 */
export function splitStack(roles: readonly PageRole[], mode: SplitMode): number[][] {
  const letters: number[][] = [];
  let current: number[] = [];
  const close = () => {
    if (current.length > 0) letters.push(current);
    current = [];
  };
  roles.forEach((role, i) => {
    if (mode === 'none') {
      current.push(i);
    } else if (mode === 'blank') {
      if (role === 'content') current.push(i);
      else close();
    } else if (role === 'separator') {
      close();
    } else if (role === 'blank' && (i === 0 || roles[i - 1] === 'separator')) {
      // the back of a separator sheet, or a blank first page: not part of a letter
    } else {
      current.push(i);
    }
  });
  close();
  // In separator mode a letter of blank pages only (e.g. the back of the last sheet) is no letter.
  return mode === 'separator' ? letters.filter((l) => l.some((i) => roles[i] === 'content')) : letters;
}
