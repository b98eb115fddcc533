/** Output helpers of the command line: JSON lines, error objects, readable tables with Arabic. */
import { toErrorValue } from '../../shared/errors.ts';

/** Where the CLI writes: results to `out`, progress and messages to `err`. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
}

/** One JSON value on one line. */
export function jsonLine(v: unknown): string {
  return `${JSON.stringify(v)}\n`;
}

/** An error as a JSON line `{ error: { kind, message, details? } }` (for stderr or stdout). */
export function errorLine(err: unknown, extra: Record<string, unknown> = {}): string {
  return jsonLine({ ...extra, error: toErrorValue(err) });
}

/**
 * Display width of a string in a terminal cell grid: code points, not counting combining marks
 * (tashkeel) and bidi/format controls. Arabic letters are one cell each.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) if (!/[\p{M}\p{Cf}]/u.test(ch)) w++;
  return w;
}

/** Cuts `s` to at most `width` cells, with `…` when cut. */
export function fit(s: string, width: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (displayWidth(flat) <= width) return flat;
  let out = '';
  for (const ch of flat) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/**
 * A plain-text table. Columns are left-aligned; put right-to-left (Arabic) columns last, so a
 * terminal that applies the bidi algorithm per line cannot swap them with the number columns.
 */
export function table(headers: string[], rows: string[][], maxWidths: number[] = []): string {
  const cells = rows.map((r) => r.map((c, i) => fit(c, maxWidths[i] ?? 60)));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}

/** `label: value` lines, labels padded to one column (values may be Arabic). */
export function card(pairs: Array<[string, string]>): string {
  const w = Math.max(...pairs.map(([k]) => displayWidth(k)));
  return pairs.map(([k, v]) => `${pad(k, w)} : ${v}`).join('\n') + '\n';
}
