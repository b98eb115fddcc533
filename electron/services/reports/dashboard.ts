/**
 * The supervisor's dashboard: today's and this month's volumes by direction and channel, the backlog
 * (incoming, not annulled, not routed), overdue follow-ups, and the share of paper and electronic
 * letters per week or month.
 *
 * Every figure is one SQL aggregate over an index of migration 004 (`registrations_day_volume`
 * covers date, direction and channel; `registrations_open_incoming` is a partial index of the open
 * incoming letters), grouped in index order so SQLite never sorts; buckets are folded from days in JS.
 * Days are Asia/Kuwait days; weeks start on Sunday (the Kuwaiti working week).
 */
import type { Db } from '../db/open.ts';
import type { Channel, Dashboard, Direction, VolumeFigures } from '../../../shared/contract/index.ts';
import { CHANNELS, DIRECTIONS } from '../../../shared/contract/index.ts';
import { addDays, agencyDay } from '../../../shared/dates/days.ts';

interface VolRow {
  direction: Direction;
  channel: Channel;
  n: number;
}

function volume(rows: VolRow[]): VolumeFigures {
  const v: VolumeFigures = {
    total: 0,
    byDirection: Object.fromEntries(DIRECTIONS.map((d) => [d, 0])) as Record<Direction, number>,
    byChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>,
  };
  for (const r of rows) {
    v.total += r.n;
    v.byDirection[r.direction] += r.n;
    v.byChannel[r.channel] += r.n;
  }
  return v;
}

/** First day of the month `n` months after the month of `day` (n may be negative). */
function monthStart(day: string, n: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 10);
}

/** The Sunday on or before `day`. */
function weekStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return addDays(day, -new Date(Date.UTC(y, m - 1, d)).getUTCDay());
}

/**
 * @param q.shareBy bucket size of the paper/electronic share; q.buckets how many, ending with the current one.
 * @param now the clock (the agency day comes from it).
 */
export function buildDashboard(db: Db, q: { shareBy: 'week' | 'month'; buckets: number }, now: Date): Dashboard {
  const started = performance.now();
  const today = agencyDay(now);
  const month = today.slice(0, 7);
  const read = db.transaction(() => {
    const byDay = db.prepare(
      `SELECT direction, channel, count(*) AS n FROM registrations INDEXED BY registrations_day_volume
       WHERE registration_date >= ? AND registration_date < ? GROUP BY direction, channel`,
    );
    const todayRows = byDay.all(today, addDays(today, 1)) as VolRow[];
    const monthRows = byDay.all(monthStart(today, 0), monthStart(today, 1)) as VolRow[];
    const backlog = (
      db
        .prepare(
          `SELECT (SELECT count(*) FROM registrations INDEXED BY registrations_open_incoming WHERE direction = 'incoming' AND annulled = 0)
                - (SELECT count(*) FROM routings t JOIN registrations r ON r.id = t.registration_id WHERE r.direction = 'incoming' AND r.annulled = 0) AS n`,
        )
        .get() as { n: number }
    ).n;
    const overdue = (
      db
        .prepare(
          `SELECT count(*) AS n FROM routings t JOIN registrations r ON r.id = t.registration_id
           WHERE t.done_at IS NULL AND t.due_date < ? AND r.annulled = 0`,
        )
        .get(today) as { n: number }
    ).n;
    const firstBucket = q.shareBy === 'month' ? monthStart(today, -(q.buckets - 1)) : addDays(weekStart(today), -7 * (q.buckets - 1));
    const days = db
      .prepare(
        `SELECT registration_date AS day, channel, count(*) AS n FROM registrations INDEXED BY registrations_day_volume
         WHERE registration_date >= ? AND registration_date < ? GROUP BY registration_date, direction, channel`,
      )
      .all(firstBucket, addDays(today, 1)) as Array<{ day: string; channel: Channel; n: number }>;
    return { todayRows, monthRows, backlog, overdue, firstBucket, days };
  });
  const r = read.deferred();
  const share: Dashboard['share'] = [];
  let from = r.firstBucket;
  for (let i = 0; i < q.buckets; i++) {
    const next = q.shareBy === 'month' ? monthStart(from, 1) : addDays(from, 7);
    share.push({ bucket: q.shareBy === 'month' ? from.slice(0, 7) : from, from, to: addDays(next, -1), paper: 0, electronic: 0, both: 0 });
    from = next;
  }
  let b = 0;
  for (const d of r.days) {
    while (b < share.length - 1 && d.day > share[b]!.to) b++;
    share[b]![d.channel] += d.n;
  }
  return {
    today,
    month,
    todayVolume: volume(r.todayRows),
    monthVolume: volume(r.monthRows),
    backlog: r.backlog,
    overdue: r.overdue,
    share,
    shareBy: q.shareBy,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
