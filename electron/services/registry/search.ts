/**
 * Full-text search of the register, newest first, keyset-paginated.
 *
 * `ORDER BY rowid DESC LIMIT n` lets FTS5 stop after n matches; ranking would score every match,
 * which is too slow at a million registrations (../shared/design/benchmarks.md). Snippets are found
 * on the raw text in JS (search-text.ts), since the index holds only normalised tokens.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.ts';
import type { SearchHit } from '../../../shared/contract/index.ts';
import { normalise } from '../../../shared/text/normalise.ts';
import { indexKeys } from '../../../shared/text/search-keys.ts';
import { SUMMARY_COLUMNS, toSummary, type RegistrationRow } from './records.ts';
import { findInRaw, matchExpression, queryWords, rawTokenPattern, snippetAround } from './search-text.ts';

/**
 * The SQL of a search page: the newest matches with their summary columns and the main document's
 * raw text (for the snippet), in one statement. Exported so the benchmark runs the very same query raw.
 */
export const SEARCH_SQL = `SELECT ${SUMMARY_COLUMNS},
    (SELECT d.text FROM registration_documents rd JOIN documents d ON d.id = rd.document_id
      WHERE rd.registration_id = r.id AND rd.role = 'main' LIMIT 1) AS body
  FROM registrations_fts f JOIN registrations r ON r.id = f.rowid
  WHERE registrations_fts MATCH ? AND f.rowid < ?
  ORDER BY f.rowid DESC LIMIT ?`;

/** The text a registration is indexed under (raw; normalised by {@link indexRow}). */
export interface IndexedText {
  subject: string;
  counterpart: string; // name as registered, plus its directory code
  reference: string; // their reference number and our registry number
  body: string; // the main document's text, all pages
}

/**
 * Adds one registration to the index (inside the registration's transaction). Words written with
 * the Arabic article are also indexed without it (shared/text/search-keys.ts).
 */
export function indexRow(db: Db, id: number, t: IndexedText): void {
  db.prepare('INSERT INTO registrations_fts (rowid, subject, counterpart, reference, body) VALUES (?, ?, ?, ?, ?)').run(
    id,
    indexKeys(normalise(t.subject)),
    indexKeys(normalise(t.counterpart)),
    normalise(t.reference),
    indexKeys(normalise(t.body)),
  );
}

/**
 * Re-indexes one registration from what is stored now: subject, counterpart, both numbers, and the
 * text of its main document followed by its twin and continuation documents (inside a write
 * transaction; after a number, a twin or a continuation was added).
 */
export function reindexRegistration(db: Db, id: number): void {
  const r = db
    .prepare('SELECT subject, counterpart_name, counterpart_code, reference_number, registry_number, emergency_number FROM registrations WHERE id = ?')
    .get(id) as
    | { subject: string; counterpart_name: string; counterpart_code: string | null; reference_number: string | null; registry_number: string; emergency_number: string | null }
    | undefined;
  if (r === undefined) return;
  const texts = db
    .prepare(
      `SELECT d.text FROM registration_documents rd JOIN documents d ON d.id = rd.document_id
       WHERE rd.registration_id = ? AND rd.role IN ('main','twin','continuation')
       ORDER BY CASE rd.role WHEN 'main' THEN 0 WHEN 'continuation' THEN 1 ELSE 2 END, rd.position`,
    )
    .pluck()
    .all(id) as string[];
  db.prepare('DELETE FROM registrations_fts WHERE rowid = ?').run(id);
  indexRow(db, id, {
    subject: r.subject,
    counterpart: [r.counterpart_name, r.counterpart_code ?? ''].join(' '),
    reference: [r.reference_number ?? '', r.registry_number, r.emergency_number ?? ''].join(' '),
    body: texts.join('\f'),
  });
}

const statements = new WeakMap<Db, Statement>();

/** Prepared once per connection: a search page runs many times a minute. */
function searchStatement(db: Db): Statement {
  let s = statements.get(db);
  if (s === undefined) {
    s = db.prepare(SEARCH_SQL);
    statements.set(db, s);
  }
  return s;
}

/**
 * @param q.query as typed (any hamza form, either digit script).
 * @param q.beforeId only registrations with a smaller id (the previous page's `nextBeforeId`).
 * @returns up to `limit` hits, newest first; `nextBeforeId` is null on the last page.
 */
export function searchRegister(db: Db, q: { query: string; limit: number; beforeId: number | null }): { items: SearchHit[]; nextBeforeId: number | null } {
  const expr = matchExpression(q.query);
  if (expr === null) return { items: [], nextBeforeId: null };
  const rows = searchStatement(db).all(expr, q.beforeId ?? Number.MAX_SAFE_INTEGER, q.limit + 1) as Array<RegistrationRow & { body: string | null }>;
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const tokens = queryWords(q.query).flat();
  const patterns = tokens.map(rawTokenPattern);
  const items = page.map((r): SearchHit => ({ ...toSummary(r), snippet: snippetFor(r, tokens, patterns, r.body ?? '') }));
  const last = page[page.length - 1];
  return { items, nextBeforeId: more && last !== undefined ? last.id : null };
}

/**
 * The snippet around the first token found: in the subject, counterpart, reference, then the body
 * (page breaks shown as spaces). A token the fast pattern misses (presentation forms) is looked for
 * once more in the normalised body.
 */
function snippetFor(r: RegistrationRow, tokens: string[], patterns: RegExp[], text: string): string | null {
  const fields = [r.subject, r.counterpart_name, r.reference_number ?? '', r.registry_number];
  for (const re of patterns) {
    for (const raw of fields) {
      const m = re.exec(raw);
      if (m !== null) return snippetAround(raw, { start: m.index, end: m.index + m[0].length });
    }
  }
  for (const re of patterns) {
    const m = re.exec(text);
    if (m !== null) return snippetAround(text, { start: m.index, end: m.index + m[0].length });
  }
  for (const token of tokens) {
    const m = findInRaw(text, token);
    if (m !== null) return snippetAround(text, m);
  }
  return null;
}
