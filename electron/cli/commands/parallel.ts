/**
 * The parallel period on the command line (docs/parallel-period.md):
 *
 *   adoption --from D --to D [--examples N] [--format json|table]          (supervisor, admin)
 *   adoption --from D --to D --format pdf|csv --out FILE [--lang ar|en]     (the file for the central authority)
 *   dispatch list [--state open|all|to_print|printed|handed_over|delivered] [--number N] [--format json|table]
 *   dispatch printed ID | dispatch hand-over ID --carrier WHO [--transport by_hand|courier|post]
 *   dispatch delivered ID --received-by WHO [--at ISO-INSTANT] [--note TEXT]
 *
 * Days accept what `daily --day` accepts (ISO, 28/11/2026, Arabic-Indic digits, Hijri). A file is
 * written only to the path given in `--out`.
 */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { AdoptionReport, DispatchItem, DispatchState, DispatchTransport } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { card, errorLine, jsonLine, table, type Io } from '../output.ts';
import { dayOption } from './daily.ts';
import { withServices } from './open.ts';

interface Ctx {
  dataDir: (cmd: Command) => string;
  io: Io;
  setCode: (code: number) => void;
}

/** Runs `fn`, printing its error object on failure. @returns the exit code. */
async function guarded(io: Io, fn: () => Promise<void>): Promise<number> {
  try {
    await fn();
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

export async function runAdoption(
  dataDir: string,
  opts: { from: string; to: string; examples: string; format: 'json' | 'table' | 'pdf' | 'csv'; out?: string; lang: 'ar' | 'en' },
  io: Io,
): Promise<number> {
  return guarded(io, async () => {
    const from = dayOption(opts.from);
    const to = dayOption(opts.to);
    const examples = Number(opts.examples);
    if (!Number.isInteger(examples) || examples < 0 || examples > 50) throw new AppError('validation', '--examples takes a whole number from 0 to 50', { field: 'examples' });
    if (opts.format === 'pdf' || opts.format === 'csv') {
      if (opts.out === undefined || opts.out.trim() === '') throw new AppError('validation', '--out FILE is required for pdf and csv', { field: 'out' });
      const format = opts.format;
      const file = await withServices(dataDir, (s) => s.handlers['reports.adoptionExport']({ from, to, examples, format, lang: opts.lang }));
      try {
        fs.writeFileSync(opts.out, Buffer.from(file.dataBase64, 'base64'));
      } catch (err) {
        throw new AppError('storage_failed', `cannot write ${opts.out}: ${(err as Error).message}`, { path: opts.out });
      }
      io.out(jsonLine({ from, to, format, out: opts.out, byteLength: file.byteLength }));
      return;
    }
    const report = await withServices(dataDir, (s) => s.handlers['reports.adoption']({ from, to, examples }));
    io.out(opts.format === 'json' ? jsonLine(report) : adoptionTable(report));
  });
}

function adoptionTable(r: AdoptionReport): string {
  const head = card([
    ['period', `${r.from} to ${r.to} (Asia/Kuwait)`],
    ['received', `paper ${r.totals.received.paper}, electronic ${r.totals.received.electronic}, both ${r.totals.received.both}, total ${r.totals.received.total}`],
    ['sent', `paper ${r.totals.sent.paper}, electronic ${r.totals.sent.electronic}, both ${r.totals.sent.both}, total ${r.totals.sent.total}`],
  ]);
  const rows = r.counterparts.map((c) => [
    c.code ?? '',
    c.nameAr,
    c.connectedSince ?? '',
    c.requiresPaper ? 'yes' : '',
    `${c.received.paper}/${c.received.electronic}/${c.received.both}`,
    `${c.sent.paper}/${c.sent.electronic}/${c.sent.both}`,
  ]);
  const still = r.stillSendingPaper.map((s) => [s.code, s.nameAr, s.connectedSince, String(s.paperCount), s.examples.map((e) => e.registryNumber).join(' ')]);
  return [
    head,
    table(['code', 'counterpart', 'connected since', 'paper req.', 'received p/e/b', 'sent p/e/b'], rows, [10, 36, 12, 10, 16, 16]),
    'connected counterparts still sending paper',
    still.length === 0 ? 'none\n' : table(['code', 'counterpart', 'connected since', 'paper', 'examples'], still, [10, 36, 12, 6, 60]),
  ].join('\n');
}

function dispatchTable(items: DispatchItem[]): string {
  const rows = items.map((i) => [String(i.id), i.registryNumber, i.recipientCode, i.state, i.carrier ?? '', i.receivedBy ?? '', i.deliveredAt ?? i.handedOverAt ?? i.printedAt ?? i.createdAt]);
  return table(['id', 'number', 'recipient', 'state', 'carrier', 'received by', 'last change (UTC)'], rows, [6, 18, 10, 12, 24, 24, 24]);
}

function idOf(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new AppError('validation', 'the dispatch item id is a positive whole number', { field: 'id' });
  return n;
}

/** Adds `adoption` and `dispatch …` to the program; `setCode` receives each command's exit code. */
export function registerParallelCommands(program: Command, ctx: Ctx): void {
  program
    .command('adoption')
    .description('the adoption report (supervisor): letters by counterpart and channel, connected counterparts still sending paper')
    .requiredOption('--from <day>', 'first day of the period (as daily --day)')
    .requiredOption('--to <day>', 'last day of the period')
    .option('--examples <n>', 'example letters per counterpart still sending paper', '5')
    .addOption(new Option('--format <format>', 'output').choices(['json', 'table', 'pdf', 'csv']).default('json'))
    .option('--out <file>', 'the file to write (pdf, csv)')
    .addOption(new Option('--lang <lang>', 'language of the file').choices(['ar', 'en']).default('ar'))
    .action(async (opts: { from: string; to: string; examples: string; format: 'json' | 'table' | 'pdf' | 'csv'; out?: string; lang: 'ar' | 'en' }, cmd: Command) =>
      ctx.setCode(await runAdoption(ctx.dataDir(cmd), opts, ctx.io)),
    );

  const dispatch = program.command('dispatch').description('paper copies of outgoing letters: list, printed, hand-over, delivered');
  dispatch
    .command('list')
    .addOption(new Option('--state <state>', 'which copies').choices(['open', 'all', 'to_print', 'printed', 'handed_over', 'delivered']).default('open'))
    .option('--number <registryNumber>', 'only the copies of this letter')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'))
    .action(async (opts: { state: 'open' | 'all' | DispatchState; number?: string; format: 'json' | 'table' }, cmd: Command) =>
      ctx.setCode(
        await guarded(ctx.io, async () => {
          const { items } = await withServices(ctx.dataDir(cmd), (s) =>
            s.handlers['dispatch.list']({ state: opts.state, limit: 1000, ...(opts.number !== undefined ? { registryNumber: opts.number } : {}) }),
          );
          ctx.io.out(opts.format === 'json' ? items.map(jsonLine).join('') : dispatchTable(items));
        }),
      ),
    );
  dispatch
    .command('printed')
    .argument('<id>', 'dispatch item id')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      ctx.setCode(await guarded(ctx.io, async () => ctx.io.out(jsonLine(await withServices(ctx.dataDir(cmd), (s) => s.handlers['dispatch.markPrinted']({ id: idOf(id) })))))),
    );
  dispatch
    .command('hand-over')
    .argument('<id>', 'dispatch item id')
    .requiredOption('--carrier <who>', 'who took it (messenger, courier and waybill, post office)')
    .addOption(new Option('--transport <transport>', 'how it travels').choices(['by_hand', 'courier', 'post']).default('by_hand'))
    .action(async (id: string, opts: { carrier: string; transport: DispatchTransport }, cmd: Command) =>
      ctx.setCode(
        await guarded(ctx.io, async () =>
          ctx.io.out(jsonLine(await withServices(ctx.dataDir(cmd), (s) => s.handlers['dispatch.handOver']({ id: idOf(id), carrier: opts.carrier, transport: opts.transport })))),
        ),
      ),
    );
  dispatch
    .command('delivered')
    .argument('<id>', 'dispatch item id')
    .requiredOption('--received-by <who>', 'who received it at the recipient')
    .option('--at <instant>', 'when (ISO 8601 with offset; default now)')
    .option('--note <text>', 'a note (e.g. signed in the delivery book)')
    .action(async (id: string, opts: { receivedBy: string; at?: string; note?: string }, cmd: Command) =>
      ctx.setCode(
        await guarded(ctx.io, async () =>
          ctx.io.out(
            jsonLine(
              await withServices(ctx.dataDir(cmd), (s) =>
                s.handlers['dispatch.recordDelivery']({ id: idOf(id), receivedBy: opts.receivedBy, ...(opts.at !== undefined ? { deliveredAt: opts.at } : {}), ...(opts.note !== undefined ? { note: opts.note } : {}) }),
              ),
            ),
          ),
        ),
      ),
    );
}
