/**
 * `registry-desk daily show|seal|verify|export`: the daily register of an Asia/Kuwait day.
 *
 *   daily show   --day D [--format json|table]
 *   daily seal   --day D                       (a supervisor's seal; earlier days must be sealed)
 *   daily verify                              (walks the seal chain; exit 1 names the first broken day)
 *   daily declare-gap --register R --year Y --from N --to M --reason TEXT   (numbers never given; supervisor)
 *   daily export --day D --format pdf|csv|xlsx --out FILE [--lang ar|en]
 *
 * `--day` accepts `today`, `yesterday`, an ISO date, `28/11/2026`, Arabic-Indic digits or a Hijri date
 * (shared/dates/day-input.ts). The export is written only to the path the user gives in `--out`.
 */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { DailyRegister } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { parseDayInput } from '../../../shared/dates/day-input.ts';
import { addDays, agencyDay } from '../../../shared/dates/days.ts';
import { card, errorLine, jsonLine, table, type Io } from '../output.ts';
import { withServices } from './open.ts';

/**
 * @returns the ISO day for `--day`.
 * @throws AppError('validation') with the problem and any alternatives.
 */
export function dayOption(text: string | undefined, now: Date = new Date()): string {
  const t = (text ?? '').trim().toLowerCase();
  if (t === 'today') return agencyDay(now);
  if (t === 'yesterday') return addDays(agencyDay(now), -1);
  const d = parseDayInput(text ?? '');
  if (!d.ok) throw new AppError('validation', `--day: ${d.problem === 'ambiguous' ? `ambiguous, one of ${d.alternatives.join(', ')}` : `not a day (${d.problem})`}`, { field: 'day', problem: d.problem, alternatives: d.alternatives });
  return d.day;
}

export async function runDailyShow(dataDir: string, opts: { day?: string; format: 'json' | 'table' }, io: Io): Promise<number> {
  try {
    const day = dayOption(opts.day);
    const reg = await withServices(dataDir, (s) => s.handlers['daily.show']({ day }));
    io.out(opts.format === 'json' ? jsonLine(reg) : registerTable(reg));
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

export async function runDailySeal(dataDir: string, opts: { day?: string }, io: Io): Promise<number> {
  try {
    const day = dayOption(opts.day);
    const reg = await withServices(dataDir, (s) => s.handlers['daily.seal']({ day }));
    io.out(jsonLine({ day: reg.day, state: reg.state, registrations: reg.totals.registrations, seal: reg.seal }));
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

export async function runDailyVerify(dataDir: string, io: Io): Promise<number> {
  try {
    const v = await withServices(dataDir, (s) => s.handlers['daily.verify']({}));
    io.out(jsonLine(v));
    return v.ok ? 0 : 1;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

export async function runDailyExport(dataDir: string, opts: { day?: string; format: 'pdf' | 'csv' | 'xlsx'; out?: string; lang: 'ar' | 'en' }, io: Io): Promise<number> {
  try {
    const day = dayOption(opts.day);
    if (opts.out === undefined || opts.out.trim() === '') throw new AppError('validation', '--out FILE is required', { field: 'out' });
    const file = await withServices(dataDir, (s) => s.handlers['daily.export']({ day, format: opts.format, lang: opts.lang }));
    try {
      fs.writeFileSync(opts.out, Buffer.from(file.dataBase64, 'base64'));
    } catch (err) {
      throw new AppError('storage_failed', `cannot write ${opts.out}: ${(err as Error).message}`, { path: opts.out });
    }
    io.out(jsonLine({ day, format: opts.format, out: opts.out, byteLength: file.byteLength }));
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

export async function runDailyGap(
  dataDir: string,
  opts: { register: 'incoming' | 'outgoing' | 'internal'; year: string; from: string; to: string; reason: string },
  io: Io,
): Promise<number> {
  try {
    const num = (v: string, field: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new AppError('validation', `--${field} takes a positive whole number`, { field });
      return n;
    };
    const gap = { register: opts.register, year: num(opts.year, 'year'), fromSeq: num(opts.from, 'from'), toSeq: num(opts.to, 'to'), reason: opts.reason };
    const out = await withServices(dataDir, (s) => s.handlers['daily.declareGap'](gap));
    io.out(jsonLine(out));
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

function registerTable(reg: DailyRegister): string {
  const head = card([
    ['day', `${reg.day} (Asia/Kuwait)`],
    ['state', reg.seal === null ? reg.state : `sealed by ${reg.seal.sealedBy} at ${reg.seal.sealedAt}${reg.seal.automatic ? ' (automatic)' : ''}`],
    ['registrations', String(reg.totals.registrations)],
    ...reg.registers.map((r): [string, string] => [`${r.register} first–last`, `${r.first} – ${r.last} (${r.count})`]),
    ['by channel', Object.entries(reg.totals.byChannel).map(([k, n]) => `${k} ${n}`).join(', ')],
    ['by classification', Object.entries(reg.totals.byClassification).map(([k, n]) => `${k} ${n}`).join(', ')],
    ['annulments', String(reg.annulments.length)],
    ['corrections', String(reg.corrections.length)],
    ['declared gaps', reg.gaps.map((g) => `${g.register} ${g.year} ${g.fromSeq}–${g.toSeq}: ${g.reason}`).join('; ') || '0'],
  ]);
  const rows = reg.items.map((i) => [i.registryNumber, i.time, i.direction, i.channel, i.annulled ? 'annulled' : '', i.counterpartName, i.subject]);
  return `${head}\n${table(['number', 'time', 'register', 'channel', '', 'counterpart', 'subject'], rows, [16, 5, 8, 10, 8, 30, 60])}`;
}

/** Adds `daily show|seal|verify|export` to the program; `setCode` receives each command's exit code. */
export function registerDailyCommands(program: Command, ctx: { dataDir: (cmd: Command) => string; io: Io; setCode: (code: number) => void }): void {
  const daily = program.command('daily').description('the daily register of an Asia/Kuwait day (supervisor): show, seal, verify, export');
  const dayOpt = () => new Option('--day <day>', 'today, yesterday, 2026-11-28, 28/11/2026, ٢٨/١١/٢٠٢٦ or a Hijri date such as 18/6/1448هـ').makeOptionMandatory();
  daily
    .command('show')
    .description("the day's registrations, totals, annulments, corrections, gaps and seal")
    .addOption(dayOpt())
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'))
    .action(async (opts: { day: string; format: 'json' | 'table' }, cmd: Command) => ctx.setCode(await runDailyShow(ctx.dataDir(cmd), opts, ctx.io)));
  daily
    .command('seal')
    .description('seal an ended day (earlier days must be sealed first)')
    .addOption(dayOpt())
    .action(async (opts: { day: string }, cmd: Command) => ctx.setCode(await runDailySeal(ctx.dataDir(cmd), opts, ctx.io)));
  daily
    .command('verify')
    .description('verify the chain of sealed days; exit code 1 names the first broken day')
    .action(async (_opts: unknown, cmd: Command) => ctx.setCode(await runDailyVerify(ctx.dataDir(cmd), ctx.io)));
  daily
    .command('declare-gap')
    .description("declare numbers of a register's year as never given, with the reason (listed in today's daily register)")
    .addOption(new Option('--register <register>', 'the register').choices(['incoming', 'outgoing', 'internal']).makeOptionMandatory())
    .requiredOption('--year <year>', 'the register year')
    .requiredOption('--from <n>', 'first sequence number of the gap')
    .requiredOption('--to <n>', 'last sequence number of the gap')
    .requiredOption('--reason <text>', 'why these numbers were never given')
    .action(async (opts: { register: 'incoming' | 'outgoing' | 'internal'; year: string; from: string; to: string; reason: string }, cmd: Command) =>
      ctx.setCode(await runDailyGap(ctx.dataDir(cmd), opts, ctx.io)),
    );
  daily
    .command('export')
    .description('write the daily register as PDF, CSV or XLSX')
    .addOption(dayOpt())
    .addOption(new Option('--format <format>', 'file format').choices(['pdf', 'csv', 'xlsx']).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write')
    .addOption(new Option('--lang <lang>', 'language of the headings').choices(['ar', 'en']).default('ar'))
    .action(async (opts: { day: string; format: 'pdf' | 'csv' | 'xlsx'; out: string; lang: 'ar' | 'en' }, cmd: Command) =>
      ctx.setCode(await runDailyExport(ctx.dataDir(cmd), opts, ctx.io)),
    );
}
