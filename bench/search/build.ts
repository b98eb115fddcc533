/**
 * Generates a register of N registrations straight into a migrated database file: realistic Arabic
 * OCR-like text from the fixture vocabulary (Zipf draw), unique reference numbers, agencies from the
 * shipped directory, registrations spread over several years, a share annulled.
 *
 * Fast path, stated in the output: rows are inserted directly (one transaction per 10 000 rows,
 * `synchronous = OFF`), without per-row audit events or analyses, and the normalised index text is
 * assembled from pre-normalised word forms (normalise() is per-word for these texts). Registration
 * commits are measured separately through the real service.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../electron/services/db/open.ts';
import type { Agency } from '../../shared/contract/index.ts';
import { normalise } from '../../shared/text/normalise.ts';
import { indexKeys } from '../../shared/text/search-keys.ts';
import { toStored } from '../../electron/services/registry/document-text.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface GeneratorParams {
  rows: number;
  seed: number;
  bodyWords: [number, number];
  subjectWords: [number, number];
  annulledShare: number;
  from: string; // first registration instant (UTC ISO)
  to: string; // last
  batch: number;
}

export const DEFAULT_PARAMS: Omit<GeneratorParams, 'rows'> = {
  seed: 20260101,
  bodyWords: [90, 140],
  subjectWords: [4, 9],
  annulledShare: 0.07,
  from: '2021-01-03T05:00:00Z',
  to: '2026-11-26T12:00:00Z',
  batch: 10_000,
};

const REF_PREFIXES = ['ص', 'م', 'ق', 'ع', 'و ت', 'ك'];
const KUWAIT_OFFSET_MS = 3 * 3600_000; // UTC+3, no daylight saving

/** Reference number of row `i` (unique: 7919 is prime and coprime with 9 000 000). */
export function referenceOf(i: number, year: number): string {
  return `${REF_PREFIXES[i % REF_PREFIXES.length]}/${100_000 + ((i * 7919) % 9_000_000)}/${year}`;
}

/**
 * Fills `db` with `p.rows` registrations. @returns seconds taken.
 */
export function buildRegister(db: Db, p: GeneratorParams, vocab: Vocabulary, agencies: Agency[], random: () => number, onProgress: (done: number) => void): number {
  const started = performance.now();
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144'); // 256 MiB while building
  const agencyNorm = agencies.map((a) => indexKeys(normalise(`${a.nameAr} ${a.code}`)));
  const t0 = Date.parse(p.from);
  const span = Date.parse(p.to) - t0;
  const counters = new Map<number, number>();
  const insReg = db.prepare(
    `INSERT INTO registrations (id, register, year, seq, registry_number, registered_at, registration_date, direction, channel,
       counterpart_code, counterpart_name, reference_number, reference_date, subject, classification, priority, attachments_count,
       operator, annulled, annulled_at, annulment_reason, annulment_operator)
     VALUES (?, 'incoming', ?, ?, ?, ?, ?, 'incoming', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?)`,
  );
  const insDoc = db.prepare('INSERT INTO documents (id, sha256, file_name, media_type, byte_length, page_count, pages, text) VALUES (?, ?, ?, ?, ?, 1, ?, ?)');
  const insLink = db.prepare("INSERT INTO registration_documents (registration_id, document_id, role, file_name, position) VALUES (?, ?, 'main', ?, 0)");
  const insFts = db.prepare('INSERT INTO registrations_fts (rowid, subject, counterpart, reference, body) VALUES (?, ?, ?, ?, ?)');
  const between = ([a, b]: [number, number]) => a + Math.floor(random() * (b - a + 1));
  const words = (n: number): { raw: string; norm: string } => {
    const raw: string[] = [];
    const norm: string[] = [];
    for (let k = 0; k < n; k++) {
      const r = vocab.draw();
      raw.push(vocab.forms[r] ?? '');
      norm.push(vocab.normalised[r] ?? '');
    }
    return { raw: raw.join(' '), norm: norm.join(' ') };
  };
  const batch = db.transaction((from: number, to: number) => {
    for (let id = from; id <= to; id++) {
      const at = t0 + Math.floor((span * (id - 1)) / Math.max(1, p.rows - 1));
      const local = new Date(at + KUWAIT_OFFSET_MS).toISOString();
      const year = Number(local.slice(0, 4));
      const seq = (counters.get(year) ?? 0) + 1;
      counters.set(year, seq);
      const number = `${year}/${String(seq).padStart(6, '0')}`;
      // counterparts: a few agencies send most letters
      const ai = Math.min(agencies.length - 1, Math.floor(Math.pow(random(), 2.2) * agencies.length));
      const agency = agencies[ai] as Agency;
      const ref = referenceOf(id, year);
      const refDate = new Date(at - between([1, 20]) * 86_400_000).toISOString().slice(0, 10);
      const subject = words(between(p.subjectWords));
      const bodyLines: { raw: string; norm: string }[] = [];
      let left = between(p.bodyWords);
      while (left > 0) {
        const n = Math.min(left, between([8, 14]));
        bodyLines.push(words(n));
        left -= n;
      }
      const header = `دولة الكويت\n${agency.nameAr}\nالرقم: ${ref}\nالتاريخ: ${refDate}\nالموضوع: ${subject.raw}\n`;
      const bodyRaw = header + bodyLines.map((l) => l.raw).join('\n');
      const bodyNorm = normalise(header) + ' ' + bodyLines.map((l) => l.norm).join(' ');
      const annulled = random() < p.annulledShare;
      insReg.run(
        id, year, seq, number, new Date(at).toISOString(), local.slice(0, 10), random() < 0.8 ? 'paper' : 'both',
        agency.code, agency.nameAr, ref, refDate, subject.raw, random() < 0.9 ? 'ordinary' : 'confidential',
        random() < 0.85 ? 'normal' : 'urgent', between([0, 5]),
        annulled ? 1 : 0, annulled ? new Date(at + 86_400_000).toISOString() : null, annulled ? 'قيد مكرر' : null, annulled ? 'bench' : null,
      );
      const sha = createHash('sha256').update(`bench-${id}`).digest('hex');
      const stored = toStored([{ index: 0, text: bodyRaw, source: 'ocr', confidence: 70 + Math.floor(random() * 25) }]);
      insDoc.run(id, sha, `scan-${id}.png`, 'image/png', 150_000 + Math.floor(random() * 400_000), stored.meta, stored.text);
      insLink.run(id, id, `scan-${id}.png`);
      insFts.run(id, indexKeys(subject.norm), agencyNorm[ai] ?? '', normalise(`${ref} ${number}`), indexKeys(bodyNorm));
    }
  });
  for (let from = 1; from <= p.rows; from += p.batch) {
    const to = Math.min(p.rows, from + p.batch - 1);
    batch(from, to);
    onProgress(to);
  }
  const setCounter = db.prepare("INSERT INTO register_counters (register, year, last_seq) VALUES ('incoming', ?, ?)");
  db.transaction(() => {
    for (const [year, last] of counters) setCounter.run(year, last);
    db.prepare("INSERT INTO settings (key, value) VALUES ('bench.params', ?)").run(JSON.stringify(p));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('synchronous = FULL');
  return (performance.now() - started) / 1000;
}
