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
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { agencySchema } from '../shared/contract/directory.ts';
import { agencyDateParts } from '../shared/dates/agency-time.ts';
import { agencyCodeSchema, calendarDateSchema, deskIdSchema } from '../shared/exchange/common.ts';
import { deskCredentialsSchema, type DeskCredentials } from '../shared/exchange/credentials.ts';
import { generateAgencyKeyPair, publicKeyOf } from '../shared/exchange/signing.ts';
import { hashSecret, newDeskSecret } from './auth.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite.ts';

class UsageError extends Error {}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${what}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

function keyFile(dataDir: string, agency: string): string {
  return path.join(dataDir, 'agency-keys', `${parse(agencyCodeSchema, agency, 'agency code')}.key`);
}

/** Writes a secret file with mode 0600 (also when it already existed with a wider mode). */
function writeSecretFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

async function withStore<T>(dataDir: string, run: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = openSqliteStore(dataDir);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

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
    const code = parse(agencyCodeSchema, o.code, '--code');
    const entry = parse(
      agencySchema,
      { code, nameAr: o.nameAr, nameEn: o.nameEn, aliases: o.alias, connectedSince: o.connectedSince ?? null, requiresPaper: o.requiresPaper },
      'agency',
    );
    const connectedSince = parse(calendarDateSchema, o.connectedSince ?? agencyDateParts(new Date()).date, '--connected-since');
    await withStore(dataDir(), async (store) => {
      const existing = await store.getAgency(code);
      if (existing?.publicKey) throw new UsageError(`agency ${code} already has a key`);
      const keys = generateAgencyKeyPair();
      writeSecretFile(keyFile(dataDir(), code), `${keys.privateKey}\n`);
      // An agency imported from the directory keeps its aliases (OCR matching needs them).
      const aliases = [...new Set([...(existing?.aliases ?? []), ...entry.aliases])];
      await store.putAgency({ ...entry, aliases, connectedSince, publicKey: keys.publicKey });
      print({ agency: code, publicKey: keys.publicKey, connectedSince });
    });
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
    await withStore(dataDir(), async (store) => {
      const a = await store.getAgency(code);
      if (!a?.publicKey) throw new UsageError(`agency ${code} is not connected: run "agency add" first`);
      if (await store.getDesk(deskId)) throw new UsageError(`desk ${deskId} exists`);
      const file = keyFile(dataDir(), code);
      if (!fs.existsSync(file)) throw new UsageError(`the private key of ${code} is not in ${file}`);
      const privateKey = fs.readFileSync(file, 'utf8').trim();
      if (publicKeyOf(privateKey) !== a.publicKey) throw new UsageError(`${file} does not hold the key of ${code}`);
      const secret = newDeskSecret();
      const credentials: DeskCredentials = parse(
        deskCredentialsSchema,
        { exchangeUrl: o.url.replace(/\/+$/, ''), agency: code, desk: deskId, secret, agencyPrivateKey: privateKey },
        'credentials',
      );
      await store.addDesk({ id: deskId, agency: code, secretHash: await hashSecret(secret), createdAt: new Date().toISOString() });
      const out = path.resolve(o.out);
      writeSecretFile(out, `${JSON.stringify(credentials, null, 2)}\n`);
      print({ agency: code, desk: deskId, credentials: out });
    });
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
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
    const list = Array.isArray(json) ? json : (json as { agencies?: unknown })?.agencies;
    const agencies = parse(z.array(agencySchema.extend({ code: agencyCodeSchema })).max(5000), list, file);
    const result = await withStore(dataDir(), (store) => store.importDirectory(agencies));
    print(result);
  });

program
  .command('list')
  .description('agencies and desks')
  .option('--json', 'as JSON', false)
  .action(async (o: { json: boolean }) => {
    await withStore(dataDir(), async (store) => {
      const agencies = await store.listAgencies();
      const desks = await store.listDesks();
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
  });

try {
  await program.parseAsync();
} catch (err) {
  process.stderr.write(`exchange-admin: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
