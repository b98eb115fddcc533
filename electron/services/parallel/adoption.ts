/**
 * The adoption report (shared/contract/adoption.ts; docs/parallel-period.md, "The adoption report"),
 * read from the register and the counterpart directory with plain aggregates.
 *
 * Rules:
 * - A letter belongs to the agency-local day in its `registration_date`; the period is inclusive.
 * - Received = incoming registrations, sent = outgoing ones; internal letters and annulled
 *   registrations are left out. A registration whose twin was linked counts once, under `both`.
 * - Counterparts are grouped by directory code; one registered by name only (no code) is grouped by
 *   that name.
 * - "Still sends paper": a counterpart the directory shows as connected (`connected_since` set) with
 *   incoming `paper` registrations dated strictly after its connection day, within the period. The
 *   connection day itself is left out: paper posted before the connection may arrive that day.
 */
import type { Db } from '../db/open.ts';
import type { AdoptionCounterpart, AdoptionReport, ChannelCounts, PaperExample, StillSendingPaper } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { assertIsoDay } from '../../../shared/dates/days.ts';
import { getSettings } from '../registry/settings.ts';

const zero = (): ChannelCounts => ({ paper: 0, electronic: 0, both: 0, total: 0 });

function add(c: ChannelCounts, channel: string, n: number): void {
  if (channel === 'paper' || channel === 'electronic' || channel === 'both') c[channel] += n;
  c.total += n;
}

interface AgencyRow {
  code: string;
  name_ar: string;
  name_en: string;
  connected_since: string | null;
  requires_paper: number;
}

/** The agency's day of connection (the directory may hold a date or a full instant). */
function connectionDay(v: string | null): string | null {
  return v === null || v === '' ? null : v.slice(0, 10);
}

/**
 * Builds the report.
 * @param q.from, q.to agency-local days YYYY-MM-DD, inclusive; `from` ≤ `to`.
 * @param q.examples paper letters listed per counterpart still sending paper (newest first).
 * @param now the generation instant.
 * @throws AppError('validation') for a malformed day or `from` after `to`.
 */
export function buildAdoptionReport(db: Db, q: { from: string; to: string; examples: number }, now: Date): AdoptionReport {
  assertIsoDay(q.from);
  assertIsoDay(q.to);
  if (q.from > q.to) throw new AppError('validation', 'the period starts after it ends', { from: q.from, to: q.to });
  return db
    .transaction(() => {
      const agencies = new Map((db.prepare('SELECT code, name_ar, name_en, connected_since, requires_paper FROM agencies').all() as AgencyRow[]).map((a) => [a.code, a]));
      const rows = db
        .prepare(
          `SELECT counterpart_code AS code, CASE WHEN counterpart_code IS NULL THEN counterpart_name END AS name,
                  min(counterpart_name) AS any_name, direction, channel, count(*) AS n
           FROM registrations
           WHERE registration_date BETWEEN ? AND ? AND annulled = 0 AND direction IN ('incoming', 'outgoing')
           GROUP BY counterpart_code, name, direction, channel`,
        )
        .all(q.from, q.to) as Array<{ code: string | null; name: string | null; any_name: string; direction: 'incoming' | 'outgoing'; channel: string; n: number }>;
      const byKey = new Map<string, AdoptionCounterpart>();
      const totals = { received: zero(), sent: zero() };
      for (const r of rows) {
        const key = r.code !== null ? `code:${r.code}` : `name:${r.name ?? ''}`;
        let c = byKey.get(key);
        if (c === undefined) {
          const a = r.code !== null ? agencies.get(r.code) : undefined;
          c = {
            code: r.code,
            nameAr: a?.name_ar ?? r.any_name,
            nameEn: a?.name_en ?? r.any_name,
            connectedSince: connectionDay(a?.connected_since ?? null),
            requiresPaper: a?.requires_paper === 1,
            received: zero(),
            sent: zero(),
          };
          byKey.set(key, c);
        }
        const side = r.direction === 'incoming' ? 'received' : 'sent';
        add(c[side], r.channel, r.n);
        add(totals[side], r.channel, r.n);
      }
      const counterparts = [...byKey.values()].sort(
        (a, b) => b.received.total + b.sent.total - (a.received.total + a.sent.total) || a.nameAr.localeCompare(b.nameAr, 'ar'),
      );

      // Connected counterparts' incoming letters after their connection day, by channel.
      const after = db
        .prepare(
          `SELECT r.counterpart_code AS code, r.channel, count(*) AS n
           FROM registrations r JOIN agencies a ON a.code = r.counterpart_code
           WHERE r.direction = 'incoming' AND r.annulled = 0 AND r.registration_date BETWEEN ? AND ?
             AND a.connected_since IS NOT NULL AND a.connected_since <> '' AND r.registration_date > substr(a.connected_since, 1, 10)
           GROUP BY r.counterpart_code, r.channel`,
        )
        .all(q.from, q.to) as Array<{ code: string; channel: string; n: number }>;
      const counts = new Map<string, ChannelCounts>();
      for (const r of after) {
        const c = counts.get(r.code) ?? zero();
        add(c, r.channel, r.n);
        counts.set(r.code, c);
      }
      const examples = db.prepare(
        `SELECT registry_number, registration_date, reference_number, subject FROM registrations
         WHERE counterpart_code = ? AND direction = 'incoming' AND channel = 'paper' AND annulled = 0
           AND registration_date BETWEEN ? AND ? AND registration_date > ?
         ORDER BY registration_date DESC, id DESC LIMIT ?`,
      );
      const still: StillSendingPaper[] = [];
      for (const [code, c] of counts) {
        if (c.paper === 0) continue;
        const a = agencies.get(code) as AgencyRow;
        const since = connectionDay(a.connected_since) as string;
        const ex = (examples.all(code, q.from, q.to, since, q.examples) as Array<{ registry_number: string; registration_date: string; reference_number: string | null; subject: string }>).map(
          (e): PaperExample => ({ registryNumber: e.registry_number, registrationDate: e.registration_date, referenceNumber: e.reference_number, subject: e.subject }),
        );
        still.push({
          code,
          nameAr: a.name_ar,
          nameEn: a.name_en,
          connectedSince: since,
          requiresPaper: a.requires_paper === 1,
          paperCount: c.paper,
          bothCount: c.both,
          receivedCount: c.total,
          examples: ex,
        });
      }
      still.sort((a, b) => b.paperCount - a.paperCount || a.code.localeCompare(b.code));
      const s = getSettings(db);
      return {
        from: q.from,
        to: q.to,
        agencyNameAr: s.agencyNameAr,
        agencyNameEn: s.agencyNameEn,
        generatedAt: now.toISOString(),
        counterparts,
        totals,
        stillSendingPaper: still,
      };
    })
    .deferred();
}
