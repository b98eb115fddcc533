/**
 * `registry-desk`: the command line over the same services as the desktop app.
 *
 *   registry-desk [--data-dir DIR] import <files…> [--re-register N] [--dry-run]
 *   registry-desk [--data-dir DIR] search <query> [--format json|table] [--limit N]
 *   registry-desk [--data-dir DIR] show <registry-number> [--format json|table] [--register R]
 *   registry-desk [--data-dir DIR] pdf <registry-number> --out FILE [--register R] [--regenerate]
 *   registry-desk [--data-dir DIR] label <registry-number> --out FILE [--register R]
 *   registry-desk [--data-dir DIR] directory export [--out FILE] | directory import <file>
 *   registry-desk [--data-dir DIR] settings [--number-format REGISTER=FORMAT …] [--agency-name-ar NAME] …
 *   registry-desk [--data-dir DIR] daily show|seal|export --day D [--format pdf|csv|xlsx --out FILE] | daily verify
 *   registry-desk [--data-dir DIR] exchange connect --credentials FILE | exchange status | sync | send <files…> --to CODE …
 *   registry-desk [--data-dir DIR] inbox [--state S] | inbox register|reject|forward <messageId> … | outgoing <number>
 *   registry-desk [--user NAME] users list | add NAME --role R | set-role NAME R | disable NAME | enable NAME | reset-password NAME
 *   registry-desk [--user NAME] annulments list | request NUMBER --reason R | approve ID --reference REF | refuse ID --reason R
 *   registry-desk [--user NAME] audit verify
 *   registry-desk [--data-dir DIR] watch <folder> [--keep|--move] [--split M] | scan --device DEV|--escl URL [--batch] [--split none|blank|separator]
 *   registry-desk separator-sheet --out FILE
 *   registry-desk [--user NAME] adoption --from D --to D [--format json|table|pdf|csv --out FILE] | dispatch list|printed|hand-over|delivered …
 *
 * `--user NAME` signs in first (password from REGISTRY_DESK_PASSWORD, or asked); see cli/actor.ts.
 *
 * Results go to stdout (one JSON object per line, or a table), progress and messages to stderr.
 * Exit codes: 0 success, 1 a file or record failed, 2 usage error.
 */
import { Command, CommanderError, Option } from 'commander';
import { defaultDataDir } from '../services/paths.ts';
import { registerDailyCommands } from './commands/daily.ts';
import { runDirectoryExport, runDirectoryImport } from './commands/directory.ts';
import { registerExchangeCommands } from './commands/exchange.ts';
import { registerScanCommands } from './commands/scan.ts';
import { runImport } from './commands/import.ts';
import { runSettings, type SettingsOptions } from './commands/settings.ts';
import { runSearch } from './commands/search.ts';
import { runShow } from './commands/show.ts';
import { runPdf, type PdfCommandOptions } from './commands/pdf.ts';
import { errorLine, type Io } from './output.ts';
import { setActor, readSecret } from './actor.ts';
import { registerAccountCommands } from './commands/accounts-cli.ts';
import { registerParallelCommands } from './commands/parallel.ts';

/**
 * Runs the command line.
 * @param argv full `process.argv` (node, script, arguments…).
 * @param io where output goes (default the process's stdout/stderr).
 * @returns the exit code.
 */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('registry-desk')
    .description('Registry Desk: register, search and show letters of the general registry')
    .option('--data-dir <dir>', 'the data folder', defaultDataDir())
    .option('--user <name>', 'sign in as this desk user first (password from REGISTRY_DESK_PASSWORD, or asked)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const formatOption = () => new Option('--format <format>', 'output format').choices(['json', 'table']).default('json');

  program
    .command('import')
    .description('register each file as an incoming paper letter; one JSON line per file')
    .argument('<files...>', 'scans (PNG, JPEG, TIFF, WebP) or PDFs')
    .option('--re-register <number>', 'deliberately register an already registered file again, linked to this registry number')
    .option('--dry-run', 'read the files and preview their numbers; register nothing')
    .action(async (files: string[], opts: { reRegister?: string; dryRun?: boolean }, cmd: Command) => {
      code = await runImport(dataDirOf(cmd), files, { reRegistrationOf: opts.reRegister ?? null, dryRun: opts.dryRun === true }, io);
    });

  program
    .command('search')
    .description('full-text search of the register, newest first')
    .argument('<query...>', 'words, an agency, a reference or registry number')
    .addOption(formatOption())
    .option('--limit <n>', 'how many results', (v) => Number.parseInt(v, 10), 50)
    .action(async (query: string[], opts: { format: 'json' | 'table'; limit: number }, cmd: Command) => {
      code = await runSearch(dataDirOf(cmd), query.join(' '), opts, io);
    });

  program
    .command('show')
    .description('one registration with its documents, text, links and history')
    .argument('<registry-number>', 'e.g. 2026/000001')
    .addOption(formatOption())
    .addOption(new Option('--register <register>', 'when the number exists in several registers').choices(['incoming', 'outgoing', 'internal']))
    .action(async (registryNumber: string, opts: { format: 'json' | 'table'; register?: string }, cmd: Command) => {
      code = await runShow(dataDirOf(cmd), registryNumber, opts, io);
    });

  for (const kind of ['pdf', 'label'] as const) {
    const command = program
      .command(kind)
      .description(kind === 'pdf' ? 'write the archival PDF of a registration (scan, text layer, registry stamp)' : 'write the 62 × 29 mm stamp label PDF of a registration')
      .argument('<registry-number>', 'e.g. 2026/000001')
      .requiredOption('--out <file>', 'the PDF file to write')
      .addOption(new Option('--register <register>', 'when the number exists in several registers').choices(['incoming', 'outgoing', 'internal']));
    if (kind === 'pdf') command.option('--regenerate', 'build it again even when one is stored');
    command.action(async (registryNumber: string, opts: PdfCommandOptions, cmd: Command) => {
      code = await runPdf(kind === 'pdf' ? 'archival' : 'label', dataDirOf(cmd), registryNumber, opts, io);
    });
  }

  const directory = program.command('directory').description('the counterpart directory (admin): export it as JSON, edit, import it');
  directory
    .command('export')
    .description('write the directory as JSON')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: { out?: string }, cmd: Command) => {
      code = await runDirectoryExport(dataDirOf(cmd), opts, io);
    });
  directory
    .command('import')
    .description('replace the directory with a JSON file (all or nothing)')
    .argument('<file>', 'a JSON array of agencies, as `directory export` writes')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      code = await runDirectoryImport(dataDirOf(cmd), file, io);
    });

  program
    .command('settings')
    .description('show the desk settings (JSON), after applying any change given (admin)')
    .option('--number-format <register=format...>', 'registry number format of a register, e.g. incoming={year}/{seq:6}')
    .option('--agency-name-ar <name>', "the agency's name in Arabic (stamps, reports)")
    .option('--agency-name-en <name>', "the agency's name in English")
    .addOption(new Option('--arabic-indic-digits <on|off>', 'show Arabic-Indic digits in the Arabic UI').choices(['on', 'off']))
    .addOption(new Option('--language <lang>', 'the UI language').choices(['ar', 'en']))
    .action(async (opts: SettingsOptions, cmd: Command) => {
      code = await runSettings(dataDirOf(cmd), opts, io);
    });

  registerDailyCommands(program, {
    dataDir: (cmd) => dataDirOf(cmd),
    io,
    setCode: (c) => {
      code = c;
    },
  });

  setActor(null);
  program.hook('preAction', (_root, action) => {
    const user = (action.optsWithGlobals() as { user?: string }).user;
    setActor(user === undefined ? null : { username: user, password: () => readSecret('REGISTRY_DESK_PASSWORD', `password for ${user}: `, io) });
  });
  registerAccountCommands(program, {
    dataDir: (cmd) => dataDirOf(cmd),
    io,
    setCode: (c) => {
      code = c;
    },
  });

  registerScanCommands(program, {
    dataDir: (cmd) => dataDirOf(cmd),
    io,
    setCode: (c) => {
      code = c;
    },
  });

  registerExchangeCommands(program, {
    dataDir: (cmd) => dataDirOf(cmd),
    io,
    setCode: (c) => {
      code = c;
    },
  });

  registerParallelCommands(program, {
    dataDir: (cmd) => dataDirOf(cmd),
    io,
    setCode: (c) => {
      code = c;
    },
  });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    io.err(errorLine(err));
    return 1;
  }
  return code;
}

function dataDirOf(cmd: Command): string {
  return String((cmd.optsWithGlobals() as { dataDir: string }).dataDir);
}

function defaultIo(): Io {
  return { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };
}
