/**
 * Arabic-capable text drawing on pdf-lib pages: one line, a measured width, and wrapped paragraphs,
 * with bidi runs ordered visually (see bidi-layout.ts) and each run drawn with a font that has its
 * glyphs (see fonts.ts).
 *
 * Units: PDF points (1/72 in); `x`, `y` are page coordinates from the bottom-left corner, `y` is the
 * baseline. Nothing here throws for odd text: a character no font has is drawn as the font's .notdef.
 */
import { type Color, type PDFDocument, type PDFPage, TextRenderingMode, popGraphicsState, pushGraphicsState, rgb, setCharacterSqueeze } from '@cantoo/pdf-lib';
import { type LineLayout, type TextDirection, type VisualRun, layoutLine, paragraphDirection } from './bidi-layout.ts';
import { type EmbeddedFont, type FontWeight, embedFontChain } from './fonts.ts';

export type { TextDirection } from './bidi-layout.ts';

/** Where `x` sits on the line: `left`/`right`/`center` literally; `start`/`end` follow the line's direction. */
export type TextAlign = 'left' | 'right' | 'center' | 'start' | 'end';

export type DrawLineOptions = {
  /** Anchor in points; its meaning depends on `align` (left edge, right edge or centre). */
  x: number;
  /** Baseline in points from the page bottom. */
  y: number;
  /** Font size in points. */
  size: number;
  /** Default `start` (right edge for Arabic, left edge for Latin). */
  align?: TextAlign;
  /** Paragraph direction; default `auto` (first strong character; Arabic when none). */
  direction?: TextDirection;
  weight?: FontWeight;
  color?: Color;
  /** Only the invisible text (rendering mode 3), for a text layer over a scan: selectable, searchable, not seen. */
  invisible?: boolean;
  /** Stretch or squeeze the line horizontally (PDF `Tz`) to exactly this width in points. */
  fitWidth?: number;
};

export type ParagraphOptions = Omit<DrawLineOptions, 'fitWidth'> & {
  /** Width of the text box in points; `x` is then the box's left edge. */
  width: number;
  /** Baseline-to-baseline distance; default 1.5 × size. */
  lineHeight?: number;
};

/** The drawing API of one document (fonts are embedded in it once). */
export type PdfTextWriter = {
  /** Width in points of `text` laid out on one line. */
  measure(text: string, size: number, options?: { weight?: FontWeight; direction?: TextDirection }): number;
  /** Draws one line; returns its width and the x of its left edge. */
  drawLine(page: PDFPage, text: string, options: DrawLineOptions): { width: number; left: number };
  /**
   * Breaks `text` into lines no wider than `maxWidth` (at spaces; a word longer than the line is cut
   * between characters). Hard line breaks are kept. Lines are in logical order.
   */
  wrap(text: string, size: number, maxWidth: number, options?: { weight?: FontWeight; direction?: TextDirection }): string[];
  /**
   * Wraps and draws `text` downwards from baseline `y`, every line of a paragraph in the paragraph's
   * direction; returns the lines (logical order) and the baseline below the last one.
   */
  drawParagraph(page: PDFPage, text: string, options: ParagraphOptions): { lines: string[]; nextY: number };
  /** The visual runs of a line (for tests and for callers that position runs themselves). */
  layout(text: string, options?: { weight?: FontWeight; direction?: TextDirection; mirror?: boolean }): LineLayout<EmbeddedFont>;
};

/** The outline and advance of one visual run, in points, relative to the run's left end on the baseline. */
type ShapedRun = { run: VisualRun<EmbeddedFont>; svg: string; width: number; unitsToPoints: number };

/**
 * Shapes a run with fontkit (the run's string is already in the order fontkit wants, see bidi-layout.ts)
 * and returns its outlines as one SVG path in font units, y pointing down (pdf-lib's `drawSvgPath`
 * flips it back), with every glyph moved by its advance and its GPOS offsets (dots and harakat).
 */
function shapeRun(run: VisualRun<EmbeddedFont>, size: number, outlines = true): ShapedRun {
  const laid = run.font.parsed.layout(run.seen);
  let pen = 0;
  const parts: string[] = [];
  laid.glyphs.forEach((glyph, i) => {
    const pos = laid.positions?.[i];
    if (outlines) {
      const dx = pen + (pos?.xOffset ?? 0);
      const dy = pos?.yOffset ?? 0;
      const d = glyph.path.mapPoints((px, py) => [px + dx, -(py + dy)]).toSVG();
      if (d) parts.push(d);
    }
    pen += pos?.xAdvance ?? glyph.advanceWidth;
  });
  const unitsToPoints = size / run.font.parsed.unitsPerEm;
  return { run, svg: parts.join(' '), width: pen * unitsToPoints, unitsToPoints };
}

function sideOf(align: TextAlign, direction: 'rtl' | 'ltr'): 'left' | 'right' | 'center' {
  if (align === 'start') return direction === 'rtl' ? 'right' : 'left';
  if (align === 'end') return direction === 'rtl' ? 'left' : 'right';
  return align;
}

/**
 * Embeds the desk's fonts (regular and bold chains, for extractable text) in `doc` and returns the
 * writer for its pages.
 *
 * Every line is drawn twice, run by run: the shaped glyphs as filled outlines (what is seen; correct
 * joining, lam-alef, mark positions), and the same characters as invisible unshaped text squeezed to
 * the run's width (what copy, search and text extraction get, in logical order). With `invisible`
 * only the second is drawn.
 * @throws if a font package is missing from node_modules.
 */
export async function createTextWriter(doc: PDFDocument): Promise<PdfTextWriter> {
  const chains: Record<FontWeight, EmbeddedFont[]> = {
    regular: await embedFontChain(doc, 'regular'),
    bold: await embedFontChain(doc, 'bold'),
  };

  function layout(text: string, options: { weight?: FontWeight; direction?: TextDirection; mirror?: boolean } = {}) {
    return layoutLine(text, chains[options.weight ?? 'regular'], options.direction ?? 'auto', { mirror: options.mirror ?? true });
  }

  function measure(text: string, size: number, options: { weight?: FontWeight; direction?: TextDirection } = {}): number {
    let width = 0;
    for (const run of layout(text, options).runs) width += shapeRun(run, size, false).width;
    return width;
  }

  function drawLine(page: PDFPage, text: string, options: DrawLineOptions): { width: number; left: number } {
    const laid = layout(text, { weight: options.weight, direction: options.direction });
    const shaped = laid.runs.map((run) => shapeRun(run, options.size, !options.invisible));
    const natural = shaped.reduce((sum, r) => sum + r.width, 0);
    const scale = options.fitWidth && natural > 0 ? options.fitWidth / natural : 1;
    const width = natural * scale;
    const side = sideOf(options.align ?? 'start', laid.direction);
    const left = side === 'left' ? options.x : side === 'right' ? options.x - width : options.x - width / 2;
    const color = options.color ?? rgb(0, 0, 0);
    let x = left;
    for (const { run, svg, width: runWidth, unitsToPoints } of shaped) {
      const seenWidth = runWidth * scale;
      if (!options.invisible && svg) {
        page.drawSvgPath(svg, { x, y: options.y, scale: unitsToPoints, color, borderWidth: 0 });
      }
      // The extractable copy: unshaped glyphs, squeezed (PDF Tz, percent) to the shaped run's width.
      const plainWidth = run.font.plain.widthOfTextAtSize(run.text, options.size);
      if (plainWidth > 0 && run.text.trim() !== '') {
        page.pushOperators(pushGraphicsState(), setCharacterSqueeze((seenWidth / plainWidth) * 100));
        page.drawText(run.text, { x, y: options.y, size: options.size, font: run.font.plain, renderMode: TextRenderingMode.Invisible });
        page.pushOperators(popGraphicsState());
      }
      x += seenWidth;
    }
    return { width, left };
  }
  function wrap(text: string, size: number, maxWidth: number, options: { weight?: FontWeight; direction?: TextDirection } = {}): string[] {
    const out: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      const words = paragraph.split(/[ \t]+/).filter((w) => w.length > 0);
      let line = '';
      for (const word of words) {
        const candidate = line ? `${line} ${word}` : word;
        if (measure(candidate, size, options) <= maxWidth) {
          line = candidate;
          continue;
        }
        if (line) out.push(line);
        line = '';
        // A word wider than the line on its own: cut it between characters.
        let rest = word;
        while (measure(rest, size, options) > maxWidth && rest.length > 1) {
          const chars = Array.from(rest);
          let n = chars.length - 1;
          while (n > 1 && measure(chars.slice(0, n).join(''), size, options) > maxWidth) n--;
          out.push(chars.slice(0, n).join(''));
          rest = chars.slice(n).join('');
        }
        line = rest;
      }
      out.push(line);
    }
    return out;
  }

  function drawParagraph(page: PDFPage, text: string, options: ParagraphOptions): { lines: string[]; nextY: number } {
    const lineHeight = options.lineHeight ?? options.size * 1.5;
    const align = options.align ?? 'start';
    const lines: string[] = [];
    let y = options.y;
    for (const paragraph of text.split(/\r?\n/)) {
      const direction = paragraphDirection(paragraph, options.direction);
      const side = sideOf(align, direction);
      const x = side === 'left' ? options.x : side === 'right' ? options.x + options.width : options.x + options.width / 2;
      for (const line of wrap(paragraph, options.size, options.width, { ...options, direction })) {
        drawLine(page, line, { ...options, direction, x, y, align: side });
        lines.push(line);
        y -= lineHeight;
      }
    }
    return { lines, nextY: y };
  }

  return { measure, drawLine, wrap, drawParagraph, layout };
}
