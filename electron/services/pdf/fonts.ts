/**
 * The fonts every PDF of the desk embeds, read from npm packages so a packaged app carries them.
 *
 * - Noto Sans Arabic (regular, bold) from `@expo-google-fonts/noto-sans-arabic` (TTF; OFL-1.1): Arabic
 *   with tashkeel and lam-alef, Arabic-Indic digits, and basic Latin. Amiri breaks in pdf-lib (missing
 *   widths) and Noto Naskh lacks Latin and `/` (shared/design/pitfalls.md, "PDFs with Arabic").
 * - Liberation Sans (regular, bold) from `pdfjs-dist/standard_fonts` (TTF; OFL-1.1) for any Latin
 *   character Noto Sans Arabic lacks (accented letters, €, …).
 *
 * Both packages are production dependencies and stay external to the bundles, so the files load from
 * `node_modules` (inside `app.asar`, readable with fs in Electron). Nothing to list in SERVICE_ASSETS.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from '@cantoo/fontkit';
import type { PDFDocument, PDFFont } from '@cantoo/pdf-lib';

const require = createRequire(import.meta.url);

export type FontWeight = 'regular' | 'bold';

const FONT_FILES: Record<FontWeight, readonly string[]> = {
  regular: [
    '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
    'pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf',
  ],
  bold: [
    '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
    'pdfjs-dist/standard_fonts/LiberationSans-Bold.ttf',
  ],
};

/** The parsed font (fontkit) used to ask "has this font a glyph for U+XXXX" and "which way would it lay out". */
export type FontkitFont = fontkit.Font;

/** One font of a fallback chain: its file's bytes, the parsed font, and (once embedded) the PDF font. */
export type ChainFont = { name: string; bytes: Uint8Array; parsed: FontkitFont };

const cache = new Map<string, ChainFont>();

/** Absolute paths of the font files of one weight, first = preferred. Throws if a package is missing. */
export function fontFilePaths(weight: FontWeight = 'regular'): string[] {
  return FONT_FILES[weight].map((spec) => require.resolve(spec));
}

/** The fallback chain of one weight, parsed once per process. */
export function loadFontChain(weight: FontWeight = 'regular'): ChainFont[] {
  return fontFilePaths(weight).map((path): ChainFont => {
    let font = cache.get(path);
    if (!font) {
      const bytes = new Uint8Array(readFileSync(path));
      const created = fontkit.create(bytes);
      if (!('layout' in created)) throw new Error(`${path}: a font collection, not one font`);
      const parsed = created;
      font = { name: path.split(/[\\/]/).pop() ?? path, bytes, parsed };
      cache.set(path, font);
    }
    return font;
  });
}

/**
 * Every OpenType feature that substitutes or moves glyphs. The extractable (invisible) text is laid out
 * with all of them off, so that each glyph is the font's nominal glyph for exactly one character and
 * the ToUnicode map gives every character back. Shaped Arabic cannot be extracted reliably: Noto Sans
 * Arabic draws ت and ي in initial form as one dotless glyph plus a dots mark, so a shaped glyph maps
 * back to whichever letter used it first (تم extracts as يم).
 */
const ALL_SHAPING_OFF: Record<string, boolean> = Object.fromEntries(
  ['ccmp', 'locl', 'isol', 'fina', 'fin2', 'fin3', 'medi', 'med2', 'init', 'rlig', 'calt', 'rclt', 'mset', 'liga', 'clig', 'dlig', 'kern', 'mark', 'mkmk', 'curs', 'rtla', 'rtlm'].map(
    (tag) => [tag, false],
  ),
);

/** A chain font embedded in one document: `plain` is the PDF font for extractable, unshaped text. */
export type EmbeddedFont = ChainFont & { plain: PDFFont };

/**
 * Embeds a weight's chain in `doc` for extractable text (subset: only the glyphs used are written, each
 * with its character in the ToUnicode map). Seen text is drawn as outlines (see text.ts) and embeds
 * nothing. Registers fontkit on the document.
 */
export async function embedFontChain(doc: PDFDocument, weight: FontWeight = 'regular'): Promise<EmbeddedFont[]> {
  doc.registerFontkit(fontkit);
  const chain = loadFontChain(weight);
  const out: EmbeddedFont[] = [];
  for (const font of chain) {
    out.push({ ...font, plain: await doc.embedFont(font.bytes, { subset: true, features: ALL_SHAPING_OFF }) });
  }
  return out;
}
