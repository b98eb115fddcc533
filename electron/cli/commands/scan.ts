/**
 * Scanning from the command line:
 *
 *   registry-desk watch <folder> [--keep | --move] [--split none|blank|separator]
 *       watches a "scan to folder" directory until Ctrl+C; one JSON line per file taken
 *       (`registered`, `duplicate` or `failed` with an error object) — with --split (default: the
 *       setting `watchSplit`), one per letter cut from a stack file; progress on stderr.
 *   registry-desk scan --device DEV [--batch] [--split none|blank|separator] [--resolution N]
 *       [--mode M] [--source S] [--sane-option NAME=VALUE …]   or   scan --escl URL [--batch] …
 *       scans one stack (SANE or an eSCL network scanner), splits it, registers each letter; one
 *       JSON line per letter.
 *   registry-desk separator-sheet --out FILE
 *       writes the printable separator sheet (PDF).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { ScanJob, ScanSplitMode } from '../../../shared/contract/scan.ts';
import { AppError, toErrorValue } from '../../../shared/errors.ts';
import { jsonLine, type Io } from '../output.ts';
import { withServices } from './open.ts';

export interface ScanCommandContext {
  dataDir: (cmd: Command) => string;
  io: Io;
  setCode: (code: number) => void;
  /** Ends `watch` (default: SIGINT or SIGTERM). */
  until?: () => Promise<void>;
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** `watch`: runs until `until` resolves; exit code 0 (failed files are reported, not fatal). */
export async function runWatch(dataDir: string, folder: string, opts: { afterRegister?: 'move' | 'keep'; split?: ScanSplitMode }, io: Io, until: () => Promise<void>): Promise<number> {
  return withServices(dataDir, async (s) => {
    const { watcher } = await s.scan.startWatching(path.resolve(folder), (e) => {
      if (e.type === 'registered' || e.type === 'duplicate') io.out(jsonLine(e));
      else if (e.type === 'failed') io.out(jsonLine({ type: 'failed', name: e.name, error: e.error }));
      else if (e.type === 'busy') io.err(`${e.name}: busy (${e.reason}), trying again\n`);
      else if (e.type === 'reading') io.err(`${e.name}: reading…\n`);
      else if (e.type === 'split') io.err(`${e.name}: ${e.pages} pages, ${e.letters} letters\n`);
    }, { ...(opts.afterRegister ? { afterRegister: opts.afterRegister } : {}), ...(opts.split ? { split: opts.split } : {}) });
    io.err(`watching ${watcher.folder} (Ctrl+C to stop)\n`);
    await until();
    await watcher.stop();
    io.err('stopped\n');
    return 0;
  });
}

/** One JSON line per letter of a finished job. */
function letterLines(job: ScanJob, io: Io): number {
  if (job.state === 'failed') {
    io.out(jsonLine({ error: job.error }));
    return 1;
  }
  let failed = 0;
  for (const l of job.letters) {
    if (l.state === 'failed') failed++;
    io.out(jsonLine({ fileName: l.fileName, state: l.state, pages: l.pages, registryNumber: l.registryNumber, register: l.register, ...(l.error ? { error: l.error } : {}) }));
  }
  io.err(`${job.pagesScanned} pages scanned, ${job.letters.length} letters, ${failed} failed${job.state === 'cancelled' ? ' (cancelled)' : ''}\n`);
  return failed > 0 || job.state === 'cancelled' ? 1 : 0;
}

interface ScanOptions {
  device?: string;
  escl?: string;
  batch?: boolean;
  split: ScanSplitMode;
  resolution?: number;
  mode?: string;
  source?: string;
  saneOption?: string[];
}

export async function runScan(dataDir: string, o: ScanOptions, io: Io): Promise<number> {
  const { saneSource } = await import('../../services/scan/sane.ts');
  const { esclSource } = await import('../../services/scan/escl.ts');
  if ((o.device === undefined) === (o.escl === undefined)) throw new AppError('validation', 'give either --device or --escl');
  const extra: Record<string, string> = {};
  for (const kv of o.saneOption ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new AppError('validation', `--sane-option wants NAME=VALUE, not ${kv}`);
    extra[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const source = o.device !== undefined
    ? saneSource({ device: o.device, batch: o.batch === true, extra, ...(o.resolution ? { resolution: o.resolution } : {}), ...(o.mode ? { mode: o.mode } : {}), ...(o.source ? { source: o.source } : {}) })
    : esclSource(o.escl!, { adf: o.batch === true, ...(o.resolution ? { resolution: o.resolution } : {}) });
  return withServices(dataDir, async (s) => {
    const job = await s.scan.scanStack(source, o.split, (j) => io.err(`${j.state}: ${j.pagesScanned} scanned, ${j.pagesRead}/${j.pagesTotal ?? '?'} read\n`));
    return letterLines(job, io);
  });
}

export function registerScanCommands(program: Command, ctx: ScanCommandContext): void {
  const { io } = ctx;
  program
    .command('watch')
    .description('register each file dropped into a "scan to folder" directory, until Ctrl+C; one JSON line per file')
    .argument('<folder>', 'the folder the scanner writes to')
    .option('--keep', 'leave registered files in the folder (default: the setting, normally move them to registered/)')
    .option('--move', 'move registered files into registered/ once stored')
    .addOption(new Option('--split <mode>', 'split each file into letters like a scanned stack (default: the setting, normally none)').choices(['none', 'blank', 'separator']))
    .action(async (folder: string, o: { keep?: boolean; move?: boolean; split?: ScanSplitMode }, cmd: Command) => {
      const afterRegister = o.keep ? 'keep' : o.move ? 'move' : undefined;
      ctx.setCode(await runWatch(ctx.dataDir(cmd), folder, { ...(afterRegister ? { afterRegister } : {}), ...(o.split ? { split: o.split } : {}) }, io, ctx.until ?? signalled));
    });
  program
    .command('scan')
    .description('scan a stack (SANE device or eSCL network scanner), split it into letters, register each; one JSON line per letter')
    .option('--device <name>', 'SANE device, e.g. test or epson2:net:10.0.0.5 (see scanimage -L)')
    .option('--escl <url>', 'eSCL scanner, e.g. http://10.0.0.9/eSCL')
    .option('--batch', 'scan the whole feeder')
    .addOption(new Option('--split <mode>', 'how the stack becomes letters').choices(['none', 'blank', 'separator']).default('none'))
    .option('--resolution <dpi>', 'scan resolution', (v) => Number.parseInt(v, 10))
    .option('--mode <mode>', 'SANE mode, e.g. Gray, Color, Lineart')
    .option('--source <source>', 'SANE source, e.g. Flatbed, ADF (default with --batch: the feeder)')
    .option('--sane-option <name=value...>', 'further SANE backend options')
    .action(async (o: ScanOptions, cmd: Command) => {
      try {
        ctx.setCode(await runScan(ctx.dataDir(cmd), o, io));
      } catch (err) {
        io.out(jsonLine({ error: toErrorValue(err) }));
        ctx.setCode(err instanceof AppError && err.kind === 'validation' ? 2 : 1);
      }
    });
  program
    .command('separator-sheet')
    .description('write the printable separator sheet (PDF) for scanning stacks with --split separator')
    .requiredOption('--out <file>', 'the PDF to write')
    .action(async (o: { out: string }) => {
      const { separatorSheetPdf } = await import('../../services/scan/separator-sheet.ts');
      await fs.writeFile(o.out, await separatorSheetPdf());
      io.err(`wrote ${o.out}\n`);
      ctx.setCode(0);
    });
}
