/**
 * The supervisor's services as contract handlers: the daily register (`daily.*`), routing and
 * follow-up (`routing.*`) and the dashboard (`dashboard.get`), plus the automatic sealing timer.
 * Composed into the services facade (../services.ts).
 */
import type { Db } from '../db/open.ts';
import type { Handlers } from '../../../shared/contract/index.ts';
import { assignRouting, completeRouting, getRouting, linkReply, listDepartments, overdueList, saveDepartments } from '../routing/routing.ts';
import { buildDailyRegister, recentDays } from './daily-register.ts';
import { dailyCsv, dailyXlsx } from './daily-export.ts';
import { dailyPdf } from './daily-pdf.ts';
import { autoSeal, declareGap, sealDay, verifySeals } from './daily-seal.ts';
import { buildDashboard } from './dashboard.ts';

export type SupervisionHandlers = Pick<
  Handlers,
  | 'daily.show'
  | 'daily.seal'
  | 'daily.verify'
  | 'daily.declareGap'
  | 'daily.export'
  | 'daily.days'
  | 'routing.departments'
  | 'routing.saveDepartments'
  | 'routing.get'
  | 'routing.assign'
  | 'routing.complete'
  | 'routing.overdue'
  | 'routing.linkReply'
  | 'dashboard.get'
>;

export interface SupervisionOptions {
  clock: () => Date;
  operator: () => string;
  /** Hours after a day's end before it is sealed automatically (default 24). */
  autoSealGraceHours?: number;
  /** Milliseconds between automatic sealing runs (default 10 minutes; 0 disables the timer). */
  autoSealIntervalMs?: number;
  /** Days sealed per automatic run at most (default 62). */
  autoSealMaxDays?: number;
}

export interface Supervision {
  handlers: SupervisionHandlers;
  /** One automatic sealing run now; returns the days sealed. */
  autoSealNow(): string[];
  /** Stops the timer. */
  stop(): void;
}

const MEDIA = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** Builds the handlers and starts automatic sealing (one run at once, then on the timer). */
export function createSupervision(db: Db, opts: SupervisionOptions): Supervision {
  const grace = opts.autoSealGraceHours ?? 24;
  const maxDays = opts.autoSealMaxDays ?? 62;
  const autoSealNow = () => autoSeal(db, { now: opts.clock(), graceHours: grace, maxDays });
  const ctx = () => ({ now: opts.clock(), operator: opts.operator() });

  const handlers: SupervisionHandlers = {
    'daily.show': async ({ day }) => buildDailyRegister(db, day, opts.clock()),
    'daily.seal': async ({ day }) => {
      const now = opts.clock();
      sealDay(db, day, { now, operator: opts.operator(), automatic: false });
      return buildDailyRegister(db, day, now);
    },
    'daily.verify': async () => verifySeals(db),
    'daily.declareGap': async (g) => declareGap(db, g, ctx()),
    'daily.export': async ({ day, format, lang }) => {
      const reg = buildDailyRegister(db, day, opts.clock());
      const bytes = format === 'csv' ? dailyCsv(reg, lang) : format === 'xlsx' ? await dailyXlsx(reg, lang) : await dailyPdf(reg, lang);
      return {
        fileName: `daily-register-${day}.${format}`,
        mediaType: MEDIA[format],
        dataBase64: Buffer.from(bytes).toString('base64'),
        byteLength: bytes.byteLength,
      };
    },
    'daily.days': async ({ before, limit }) => recentDays(db, before, limit),
    'routing.departments': async ({ includeInactive }) => listDepartments(db, includeInactive),
    'routing.saveDepartments': async ({ departments }) => saveDepartments(db, departments, ctx()),
    'routing.get': async (q) => getRouting(db, q),
    'routing.assign': async (q) => assignRouting(db, q, ctx()),
    'routing.complete': async (q) => completeRouting(db, q, ctx()),
    'routing.overdue': async (q) => overdueList(db, q, opts.clock()),
    'routing.linkReply': async (q) => linkReply(db, q, ctx()),
    'dashboard.get': async (q) => buildDashboard(db, q, opts.clock()),
  };

  let timer: NodeJS.Timeout | null = null;
  const run = () => {
    try {
      autoSealNow();
    } catch (err) {
      // A busy database or a closed one at shutdown: the next run tries again.
      process.stderr.write(`automatic sealing: ${(err as Error).message}\n`);
    }
  };
  run();
  const interval = opts.autoSealIntervalMs ?? 10 * 60_000;
  if (interval > 0) {
    timer = setInterval(run, interval);
    timer.unref();
  }
  return {
    handlers,
    autoSealNow,
    stop: () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
