/**
 * PDFs the desk writes: Arabic-capable text drawing for pdf-lib (`@cantoo/pdf-lib`), fonts that ship
 * with the app, and (built on them) the archival PDF, the stamp label and the registry code of a
 * registration. See docs/archival-pdf.md.
 */
export { createTextWriter } from './text.ts';
export type { DrawLineOptions, ParagraphOptions, PdfTextWriter, TextAlign, TextDirection } from './text.ts';
export { layoutLine, paragraphDirection } from './bidi-layout.ts';
export type { LineLayout, VisualRun } from './bidi-layout.ts';
export { embedFontChain, fontFilePaths, loadFontChain } from './fonts.ts';
export type { EmbeddedFont, FontWeight } from './fonts.ts';
export { DEFAULT_AGENCY_NAME, drawStamp, stampLines, type StampData } from './stamp.ts';
export { encodeRegistryCode, parseRegistryCode, qrPng, readRegistryCodes, registryCodesInText, type RegistryCode } from './barcode.ts';
export { LABEL_SIZE_MM, buildLabelPdf } from './label.ts';
export { ARCHIVAL_PDF_DPI, STAMP_BAND_PT, buildArchivalPdf, type ArchivalInput } from './archival.ts';
