/** Limits that protect the desk from hostile or broken documents (decompression bombs, huge files). */

/** Most pixels one page image may have (≈ A0 at 300 dpi is 139 MP). Larger → `image_too_large`. */
export const MAX_PAGE_PIXELS = 150_000_000;
/** Most pages one document may have. More → `too_many_pages`. */
export const MAX_PAGES = 500;
/** PDF pages are rasterised at this resolution for OCR (dpi). */
export const PDF_RENDER_DPI = 300;
/** Most pixels of a rasterised PDF page (the scale is lowered to fit). */
export const MAX_RENDER_PIXELS = 40_000_000;
