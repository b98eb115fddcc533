/**
 * PDFs the desk writes: Arabic-capable text drawing for pdf-lib (`@cantoo/pdf-lib`), fonts that ship
 * with the app, and (built on them) the archival PDF and the stamp label of a registration.
 */
export { createTextWriter } from './text.ts';
export type { DrawLineOptions, ParagraphOptions, PdfTextWriter, TextAlign, TextDirection } from './text.ts';
export { layoutLine, paragraphDirection } from './bidi-layout.ts';
export type { LineLayout, VisualRun } from './bidi-layout.ts';
export { embedFontChain, fontFilePaths, loadFontChain } from './fonts.ts';
export type { EmbeddedFont, FontWeight } from './fonts.ts';
