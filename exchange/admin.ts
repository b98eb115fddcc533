/**
 * `npm run exchange:admin -- [--data-dir DIR] <command>`: administers the exchange's data folder
 * directly (also while the server runs: SQLite WAL, and the server reads agencies and desks per request).
 *
 *   agency add --code MOH --name-ar "وزارة الصحة" --name-en "Ministry of Health" [--alias A]…
 *              [--requires-paper] [--connected-since YYYY-MM-DD]
 *       Generates the agency's Ed25519 key pair; the exchange keeps the public key in its directory; the
 *       private key is kept for the admin in `<data-dir>/agency-keys/<CODE>.key` (mode 0600, never read
 *       by the server) and copied into each desk credentials file.
 *   desk add --agency MOH --desk MOH-1 --url http://127.0.0.1:8470 --out FILE
 *       Creates the desk with a new secret (the exchange stores its scrypt hash) and writes the desk
 *       credentials file (JSON, mode 0600): {exchangeUrl, agency, desk, secret, agencyPrivateKey}.
 *   directory import FILE
 *       Imports the desk's directory JSON (an array of agencies, as `registry-desk directory export`
 *       writes, or `{agencies: [...]}`): adds or updates names, aliases, connection and paper; keys kept.
 *   list [--json]
 *       Agencies (with whether they have a key) and desks.
 * Every command prints one JSON line (or the list) on stdout; errors go to stderr with exit code 1.
 * The operations themselves are in admin-ops.ts (also usable without this command line).
 */
import fs from 'node:fs';
import { Command } from 'commander';
import { agencyCodeSchema, calendarDateSchema, deskIdSchema } from '../shared/exchange/common.ts';
import { addAgency, addDesk, AdminInputError, importDirectory, listAgenciesAndDesks, parseAdminInput as parse } from './admin-ops.ts';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const program = new Command().name('exchange-admin').description('Administer the Registry Desk reference exchange');
program.option('--data-dir <dir>', 'the exchange data folder', './exchange-data').showHelpAfterError();
const dataDir = (): string => program.opts<{ dataDir: string }>().dataDir;
const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);

const agency = program.command('agency').description('agencies connected to the exchange');
agency
  .command('add')
  .description('add an agency (or connect one imported from the directory) with a new Ed25519 key pair')
  .requiredOption('--code <code>', 'agency code, e.g. MOH')
  .requiredOption('--name-ar <name>', 'Arabic name')
  .requiredOption('--name-en <name>', 'English name')
  .option('--alias <alias>', 'another spelling (repeatable)', collect, [])
  .option('--requires-paper', 'the agency still requires a paper copy', false)
  .option('--connected-since <date>', 'YYYY-MM-DD (default: today, Asia/Kuwait)')
  .action(async (o: { code: string; nameAr: string; nameEn: string; alias: string[]; requiresPaper: boolean; connectedSince?: string }) => {
    // Options named as typed in messages; admin-ops validates again.
    const code = parse(agencyCodeSchema, o.code, '--code');
    if (o.connectedSince !== undefined) parse(calendarDateSchema, o.connectedSince, '--connected-since');
    print(
      await addAgency(dataDir(), {
        code,
        nameAr: o.nameAr,
        nameEn: o.nameEn,
        aliases: o.alias,
        requiresPaper: o.requiresPaper,
        ...(o.connectedSince !== undefined ? { connectedSince: o.connectedSince } : {}),
      }),
    );
  });

const desk = program.command('desk').description('desks of the agencies');
desk
  .command('add')
  .description('add a desk with a new secret and write its credentials file (mode 0600)')
  .requiredOption('--agency <code>', 'the agency')
  .requiredOption('--desk <id>', 'desk id, e.g. MOH-1')
  .requiredOption('--url <url>', 'the exchange URL the desk uses, e.g. http://127.0.0.1:8470')
  .requiredOption('--out <file>', 'where to write the desk credentials file')
  .action(async (o: { agency: string; desk: string; url: string; out: string }) => {
    const code = parse(agencyCodeSchema, o.agency, '--agency');
    const deskId = parse(deskIdSchema, o.desk, '--desk');
    const r = await addDesk(dataDir(), { agency: code, desk: deskId, url: o.url, out: o.out });
    print({ agency: r.agency, desk: r.desk, credentials: r.credentials });
  });

program
  .command('directory')
  .description('the directory')
  .command('import')
  .description('import the desk directory JSON (names, aliases, connection, paper); keys are kept')
  .argument('<file>', 'a JSON array of agencies, or {agencies: [...]}')
  .action(async (file: string) => {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new AdminInputError(`cannot read ${file}: ${(err as Error).message}`);
    }
    print(await importDirectory(dataDir(), json, file));
  });

program
  .command('list')
  .description('agencies and desks')
  .option('--json', 'as JSON', false)
  .action(async (o: { json: boolean }) => {
    const { agencies, desks } = await listAgenciesAndDesks(dataDir());
    if (o.json) {
      print({
        agencies: agencies.map((a) => ({ ...a, desks: desks.filter((d) => d.agency === a.code).map((d) => d.id) })),
      });
      return;
    }
    const lines = agencies.map((a) => {
      const ds = desks.filter((d) => d.agency === a.code).map((d) => d.id);
      const key = a.publicKey ? 'connected' : 'no key';
      return `${a.code}\t${key}\t${a.nameEn} / ${a.nameAr}${ds.length ? `\tdesks: ${ds.join(', ')}` : ''}\n`;
    });
    process.stdout.write(lines.join(''));
  });

try {
  await program.parseAsync();
} catch (err) {
  process.stderr.write(`exchange-admin: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
