/**
 * The central exchange from the command line:
 *
 *   registry-desk exchange connect --credentials FILE | exchange status | exchange disconnect
 *   registry-desk sync                                  one round; prints what moved (JSON)
 *   registry-desk send <files…> --to CODE [--to CODE] [--cc CODE] --subject S [--classification C]
 *                      [--priority P] [--reply-by DATE] [--paper-follows] [--no-sync]
 *   registry-desk inbox [--state new|settled|all] [--format json|table]
 *   registry-desk inbox register <messageId> [--subject S] [--twin-of N]   N: the paper registration it joins
 *   registry-desk inbox twins <messageId>               paper registrations that may be this letter
 *   registry-desk inbox reject <messageId> --reason CODE --text TEXT
 *   registry-desk inbox forward <messageId> --to CODE [--note TEXT]
 *   registry-desk outgoing <registry-number>            delivery status per recipient
 *
 * Every call goes through the contract's validation (dispatch), as the desktop app's do.
 */
import fs from 'node:fs/promises';
import { Option, type Command } from 'commander';
import path from 'node:path';
import { dispatch } from '../../../shared/contract/dispatch.ts';
import type { InboxItem, Input, MethodName, Output } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Services } from '../../services/services.ts';
import { errorLine, jsonLine, table, type Io } from '../output.ts';
import { withServices } from './open.ts';

/** Largest credentials file read, bytes. */
const MAX_CREDENTIALS_BYTES = 64 * 1024;

async function call<K extends MethodName>(s: Services, name: K, input: Input<K>): Promise<Output<K>> {
  const r = await dispatch(s.handlers, name, input);
  if (!r.ok) throw new AppError(r.error.kind, r.error.message, r.error.details);
  return r.value as Output<K>;
}

/** Runs `fn` over the services, printing its result as one JSON line. */
async function runJson(dataDir: string, io: Io, fn: (s: Services) => Promise<unknown>): Promise<number> {
  try {
    io.out(jsonLine(await withServices(dataDir, fn)));
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

export async function runExchangeConnect(dataDir: string, credentialsFile: string, io: Io): Promise<number> {
  return runJson(dataDir, io, async (s) => {
    let text: string;
    try {
      const st = await fs.stat(credentialsFile);
      if (!st.isFile() || st.size > MAX_CREDENTIALS_BYTES) throw new AppError('validation', `${credentialsFile} is not a credentials file`);
      text = await fs.readFile(credentialsFile, 'utf8');
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('not_found', `cannot read ${credentialsFile}: ${(err as Error).message}`, { path: credentialsFile });
    }
    let credentials: unknown;
    try {
      credentials = JSON.parse(text);
    } catch {
      throw new AppError('validation', `${credentialsFile} is not JSON`);
    }
    if (credentials === null || typeof credentials !== 'object' || Array.isArray(credentials)) throw new AppError('validation', `${credentialsFile} is not a credentials file`);
    return call(s, 'exchange.connect', { credentials: credentials as Record<string, unknown> });
  });
}

export const runExchangeStatus = (dataDir: string, io: Io) => runJson(dataDir, io, (s) => call(s, 'exchange.status', {}));
export const runExchangeDisconnect = (dataDir: string, io: Io) => runJson(dataDir, io, (s) => call(s, 'exchange.disconnect', {}));

/** One sync round; exit code 1 when the round reported errors. */
export async function runSync(dataDir: string, io: Io): Promise<number> {
  try {
    const summary = await withServices(dataDir, (s) => call(s, 'exchange.sync', {}));
    io.out(jsonLine(summary));
    for (const e of summary.errors) io.err(`${e.kind}: ${e.message}\n`);
    return summary.errors.length === 0 ? 0 : 1;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

export interface SendOptions {
  to: string[];
  cc?: string[];
  subject: string;
  classification?: string;
  priority?: string;
  replyBy?: string;
  paperFollows?: boolean;
  /** commander's `--no-sync` sets `sync: false`. */
  sync?: boolean;
}

/** Reads and registers the files as one outgoing letter (the first is the main document), then syncs. */
export async function runSend(dataDir: string, files: string[], o: SendOptions, io: Io): Promise<number> {
  return runJson(dataDir, io, async (s) => {
    const documents: Array<{ sha256: string; main: boolean }> = [];
    for (const [i, file] of files.entries()) {
      const bytes = await fs.readFile(file).catch((err: Error) => {
        throw new AppError('not_found', `cannot read ${file}: ${err.message}`, { path: file });
      });
      const a = await call(s, 'intake.analyse', { fileName: path.basename(file), dataBase64: bytes.toString('base64') });
      documents.push({ sha256: a.sha256, main: i === 0 });
    }
    const sent = await call(s, 'outgoing.send', {
      documents,
      to: o.to,
      cc: o.cc ?? [],
      subject: o.subject,
      ...(o.classification !== undefined ? { classification: o.classification as 'ordinary' } : {}),
      ...(o.priority !== undefined ? { priority: o.priority as 'normal' } : {}),
      replyBy: o.replyBy ?? null,
      paperFollows: o.paperFollows === true,
    });
    io.err(`registered as ${sent.registration.registryNumber}, message ${sent.messageId}\n`);
    if (o.sync === false) return sent;
    const sync = await call(s, 'exchange.sync', {});
    const status = await call(s, 'outgoing.status', { registryNumber: sent.registration.registryNumber, register: 'outgoing' });
    return { ...sent, sync, status };
  });
}

export async function runInboxList(dataDir: string, o: { state: 'new' | 'settled' | 'all'; format: 'json' | 'table' }, io: Io): Promise<number> {
  try {
    const { items } = await withServices(dataDir, (s) => call(s, 'inbox.list', { state: o.state, limit: 500 }));
    if (o.format === 'json') for (const i of items) io.out(jsonLine(i));
    else io.out(inboxTable(items));
    io.err(`${items.length} letter(s)\n`);
    return 0;
  } catch (err) {
    io.err(errorLine(err));
    return 1;
  }
}

function inboxTable(items: InboxItem[]): string {
  return table(
    ['message', 'received', 'state', 'their number', 'registered as', 'from', 'subject'],
    items.map((i) => [i.messageId, i.receivedAt.slice(0, 16), i.state, i.senderRegistryNumber, i.registration?.registryNumber ?? '', i.senderName, i.subject]),
    [36, 16, 10, 20, 16, 30, 60],
  );
}

export const runInboxRegister = (dataDir: string, messageId: string, o: { subject?: string; twinOf?: string }, io: Io) =>
  runJson(dataDir, io, (s) =>
    call(s, 'inbox.register', {
      messageId,
      ...(o.subject !== undefined ? { overrides: { subject: o.subject } } : {}),
      ...(o.twinOf !== undefined ? { twinOf: { registryNumber: o.twinOf, register: 'incoming' } } : {}),
    }),
  );

/** The paper registrations that may be an inbox letter's twin, best first: number, date, subject, score and its parts (one JSON array). */
export const runInboxTwins = (dataDir: string, messageId: string, io: Io) =>
  runJson(dataDir, io, async (s) =>
    (await call(s, 'inbox.twinCandidates', { messageId })).candidates.map((c) => ({
      registryNumber: c.registration.registryNumber,
      registrationDate: c.registration.registrationDate,
      subject: c.registration.subject,
      score: c.score,
      parts: c.parts,
    })),
  );

export const runInboxReject = (dataDir: string, messageId: string, o: { reason: string; text: string }, io: Io) =>
  runJson(dataDir, io, (s) => call(s, 'inbox.reject', { messageId, reasonCode: o.reason as 'other', reasonText: o.text }));

export const runInboxForward = (dataDir: string, messageId: string, o: { to: string; note?: string }, io: Io) =>
  runJson(dataDir, io, (s) => call(s, 'inbox.forward', { messageId, toAgency: o.to, note: o.note ?? '' }));

export const runOutgoingStatus = (dataDir: string, registryNumber: string, io: Io) =>
  runJson(dataDir, io, (s) => call(s, 'outgoing.status', { registryNumber }));

/** What the command registrations need from main.ts. */
export interface CommandContext {
  dataDir(cmd: Command): string;
  io: Io;
  setCode(code: number): void;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Adds `exchange …`, `sync`, `send`, `inbox …` and `outgoing` to the program. */
export function registerExchangeCommands(program: Command, ctx: CommandContext): void {
  const { io } = ctx;
  const exchange = program.command('exchange').description('the connection to the central exchange');
  exchange
    .command('connect')
    .description('check a desk credentials file against the exchange and store it (admin)')
    .requiredOption('--credentials <file>', 'the desk credentials file the exchange admin wrote')
    .action(async (o: { credentials: string }, cmd: Command) => ctx.setCode(await runExchangeConnect(ctx.dataDir(cmd), o.credentials, io)));
  exchange
    .command('status')
    .description('connection, last sync, items waiting, number blocks, emergency numbers (JSON)')
    .action(async (_o: unknown, cmd: Command) => ctx.setCode(await runExchangeStatus(ctx.dataDir(cmd), io)));
  exchange
    .command('disconnect')
    .description('forget the credentials; the desk numbers locally again (admin)')
    .action(async (_o: unknown, cmd: Command) => ctx.setCode(await runExchangeDisconnect(ctx.dataDir(cmd), io)));

  program
    .command('sync')
    .description('one sync round with the exchange; prints what moved (JSON)')
    .action(async (_o: unknown, cmd: Command) => ctx.setCode(await runSync(ctx.dataDir(cmd), io)));

  program
    .command('send')
    .description('register the files as one outgoing letter (the first is the main document) and send it')
    .argument('<files...>', 'PDFs or scans')
    .requiredOption('--to <code>', 'recipient agency (repeatable)', collect)
    .option('--cc <code>', 'agency in copy, for information (repeatable)', collect)
    .requiredOption('--subject <text>', 'the subject')
    .addOption(new Option('--classification <c>', 'classification').choices(['ordinary', 'confidential', 'secret']))
    .addOption(new Option('--priority <p>', 'priority').choices(['normal', 'urgent', 'very_urgent']))
    .option('--reply-by <date>', 'reply expected by (YYYY-MM-DD)')
    .option('--paper-follows', 'a paper copy with the same number follows')
    .option('--no-sync', 'only register and queue; send at the next sync')
    .action(async (files: string[], o: SendOptions, cmd: Command) => ctx.setCode(await runSend(ctx.dataDir(cmd), files, o, io)));

  const inbox = program
    .command('inbox')
    .description('letters received from the exchange')
    .addOption(new Option('--state <state>', 'which letters').choices(['new', 'settled', 'all']).default('new'))
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table']).default('json'))
    .action(async (o: { state: 'new' | 'settled' | 'all'; format: 'json' | 'table' }, cmd: Command) => ctx.setCode(await runInboxList(ctx.dataDir(cmd), o, io)));
  inbox
    .command('register')
    .description('register an inbox letter (incoming, electronic) and confirm it to the sender')
    .argument('<messageId>', 'from `inbox`')
    .option('--subject <text>', 'another subject than the sender wrote')
    .option('--twin-of <number>', 'the incoming paper registration this letter is the electronic copy of: joins it, no new number')
    .action(async (id: string, o: { subject?: string; twinOf?: string }, cmd: Command) => ctx.setCode(await runInboxRegister(ctx.dataDir(cmd), id, o, io)));
  inbox
    .command('twins')
    .description('paper registrations that may be this letter (score and its parts), best first')
    .argument('<messageId>', 'from `inbox`')
    .action(async (id: string, _o: unknown, cmd: Command) => ctx.setCode(await runInboxTwins(ctx.dataDir(cmd), id, io)));
  inbox
    .command('reject')
    .description('refuse an inbox letter; the sender is told why')
    .argument('<messageId>', 'from `inbox`')
    .addOption(new Option('--reason <code>', 'reason').choices(['not_ours', 'unreadable', 'wrong_hash', 'invalid', 'other']).makeOptionMandatory())
    .requiredOption('--text <text>', 'the explanation')
    .action(async (id: string, o: { reason: string; text: string }, cmd: Command) => ctx.setCode(await runInboxReject(ctx.dataDir(cmd), id, o, io)));
  inbox
    .command('forward')
    .description('send an inbox letter on to the competent agency; the sender is told')
    .argument('<messageId>', 'from `inbox`')
    .requiredOption('--to <code>', 'the competent agency')
    .option('--note <text>', 'a note to the sender')
    .action(async (id: string, o: { to: string; note?: string }, cmd: Command) => ctx.setCode(await runInboxForward(ctx.dataDir(cmd), id, o, io)));

  program
    .command('outgoing')
    .description('delivery status of an outgoing letter, per recipient (JSON)')
    .argument('<registry-number>', 'our registry number of the letter')
    .action(async (n: string, _o: unknown, cmd: Command) => ctx.setCode(await runOutgoingStatus(ctx.dataDir(cmd), n, io)));
}
