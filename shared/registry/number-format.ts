/**
 * Registry-number formats (domain.md, "Registry rules"): the admin configures per register how a
 * number is printed, e.g. `{year}/{seq:6}` → `2026/000042`. The stored number never changes when the
 * format does; the format only shapes numbers allocated afterwards.
 *
 * Placeholders: `{year}` (4-digit agency year), `{yy}` (last two digits), `{seq}` (sequence as is),
 * `{seq:N}` (zero-padded to N digits, 1 ≤ N ≤ 12), `{prefix}` (the register's prefix, may be empty).
 */
import { AppError } from '../errors.ts';
import type { Direction } from '../contract/registry.ts';

/** The default format of every register. */
export const DEFAULT_NUMBER_FORMATS: Readonly<Record<Direction, string>> = {
  incoming: '{year}/{seq:6}',
  outgoing: '{year}/{seq:6}',
  internal: '{year}/{seq:6}',
};

/** Longest accepted format string. */
export const MAX_FORMAT_LENGTH = 64;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN = /^(year|yy|seq|seq:(\d{1,2})|prefix)$/;

/**
 * Checks a format string an admin typed.
 * @returns null when the format is usable, else an English error text naming the problem.
 */
export function validateNumberFormat(format: string): string | null {
  if (typeof format !== 'string' || format.trim() === '') return 'the format is empty';
  if (format.length > MAX_FORMAT_LENGTH) return `the format is longer than ${MAX_FORMAT_LENGTH} characters`;
  let hasSeq = false;
  let hasYear = false;
  for (const m of format.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    const known = KNOWN.exec(name);
    if (!known) return `unknown placeholder {${name}}`;
    if (known[2] !== undefined) {
      const width = Number(known[2]);
      if (width < 1 || width > 12) return `{seq:N} needs 1 ≤ N ≤ 12, got ${width}`;
    }
    if (name.startsWith('seq')) hasSeq = true;
    if (name === 'year' || name === 'yy') hasYear = true;
  }
  if (/[{}]/.test(format.replace(PLACEHOLDER, ''))) return 'unbalanced { or } in the format';
  if (!hasSeq) return 'the format needs {seq} or {seq:N}';
  if (!hasYear) return 'the format needs {year} or {yy}';
  return null;
}

/**
 * Prints a registry number.
 * @param format a format accepted by {@link validateNumberFormat}.
 * @param parts the agency year (e.g. 2026), the sequence number (positive integer), the register and
 *   its optional prefix (`{prefix}` prints '' when absent).
 * @returns the formatted number, e.g. `2026/000042`.
 * @throws AppError('validation') for an invalid format, a non-positive or non-integer sequence, or a
 *   year outside 1900–9999.
 */
export function formatRegistryNumber(
  format: string,
  parts: { year: number; seq: number; register: Direction; prefix?: string },
): string {
  const problem = validateNumberFormat(format);
  if (problem !== null) throw new AppError('validation', `invalid registry number format: ${problem}`, { format });
  if (!Number.isSafeInteger(parts.seq) || parts.seq < 1) throw new AppError('validation', `invalid sequence number ${parts.seq}`);
  if (!Number.isInteger(parts.year) || parts.year < 1900 || parts.year > 9999) throw new AppError('validation', `invalid year ${parts.year}`);
  return format.replace(PLACEHOLDER, (_all, name: string) => {
    if (name === 'year') return String(parts.year);
    if (name === 'yy') return String(parts.year % 100).padStart(2, '0');
    if (name === 'prefix') return parts.prefix ?? '';
    if (name === 'seq') return String(parts.seq);
    return String(parts.seq).padStart(Number(name.slice(4)), '0'); // seq:N
  });
}
