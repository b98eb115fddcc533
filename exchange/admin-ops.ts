/**
 * The exchange's administration, as functions over its data folder: connect an agency (new Ed25519
 * key pair), add a desk (new secret, credentials file), import the directory, list agencies and desks.
 * The `exchange:admin` command (admin.ts) is a thin command line over these; they can equally run in
 * another process while the server runs (SQLite WAL with a busy timeout; the server reads agencies and
 * desks per request). Each call opens the store, does one operation and closes it.
 *
 * Files under the data folder: `exchange.sqlite` (the store) and `agency-keys/<CODE>.key` (an
 * agency's base64 private key, mode 0600, never read by the server).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { agencySchema } from '../shared/contract/directory.ts';
import type { DirectoryAgency } from '../shared/exchange/api.ts';
import { agencyDateParts } from '../shared/dates/agency-time.ts';
import { agencyCodeSchema, calendarDateSchema, deskIdSchema } from '../shared/exchange/common.ts';
import { deskCredentialsSchema, type DeskCredentials } from '../shared/exchange/credentials.ts';
import { generateAgencyKeyPair, publicKeyOf } from '../shared/exchange/signing.ts';
import { hashSecret, newDeskSecret } from './auth.ts';
import type { DeskRecord } from './store/store.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite.ts';

/** Input the administration refuses (bad value, missing agency or key, a desk that exists). */
export class AdminInputError extends Error {
  override name = 'AdminInputError';
}

/**
 * Validates `value` against `schema`.
 * @param what names the value in the message (e.g. `--code`, `agency code`).
 * @throws AdminInputError `<what>: <issues>` when it does not match.
 */
export function parseAdminInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AdminInputError(`${what}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

/** `<dataDir>/agency-keys/<CODE>.key`. @throws AdminInputError when `agency` is not an agency code. */
export function agencyKeyFile(dataDir: string, agency: string): string {
  return path.join(dataDir, 'agency-keys', `${parseAdminInput(agencyCodeSchema, agency, 'agency code')}.key`);
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

export interface AddAgencyInput {
  /** Agency code, e.g. `MOH`. */
  code: string;
  nameAr: string;
  nameEn: string;
  /** Other spellings (added to those the directory already gave it). */
  aliases?: string[];
  /** The agency still requires a paper copy (default false). */
  requiresPaper?: boolean;
  /** `YYYY-MM-DD`; default today in Asia/Kuwait. */
  connectedSince?: string;
}

/**
 * Connects an agency (or one imported from the directory, keeping its aliases) with a new Ed25519
 * key pair: the public key goes into the store, the private key into `agency-keys/<CODE>.key`.
 * @returns `{agency: code, publicKey: base64, connectedSince: YYYY-MM-DD}`.
 * @throws AdminInputError on invalid input or when the agency already has a key.
 */
export async function addAgency(dataDir: string, input: AddAgencyInput): Promise<{ agency: string; publicKey: string; connectedSince: string }> {
  const code = parseAdminInput(agencyCodeSchema, input.code, 'agency code');
  const entry = parseAdminInput(
    agencySchema,
    {
      code,
      nameAr: input.nameAr,
      nameEn: input.nameEn,
      aliases: input.aliases ?? [],
      connectedSince: input.connectedSince ?? null,
      requiresPaper: input.requiresPaper ?? false,
    },
    'agency',
  );
  const connectedSince = parseAdminInput(calendarDateSchema, input.connectedSince ?? agencyDateParts(new Date()).date, 'connected since');
  return withStore(dataDir, async (store) => {
    const existing = await store.getAgency(code);
    if (existing?.publicKey) throw new AdminInputError(`agency ${code} already has a key`);
    const keys = generateAgencyKeyPair();
    writeSecretFile(agencyKeyFile(dataDir, code), `${keys.privateKey}\n`);
    const aliases = [...new Set([...(existing?.aliases ?? []), ...entry.aliases])];
    await store.putAgency({ ...entry, aliases, connectedSince, publicKey: keys.publicKey });
    return { agency: code, publicKey: keys.publicKey, connectedSince };
  });
}

export interface AddDeskInput {
  /** The desk's agency code (connected: it has a key). */
  agency: string;
  /** Desk id, e.g. `MOH-1`. */
  desk: string;
  /** The exchange URL the desk uses, e.g. `http://127.0.0.1:8470` (trailing `/` dropped). */
  url: string;
  /** Where to write the credentials file (resolved against the working folder). */
  out: string;
}

/**
 * Adds a desk with a new secret (the store keeps its scrypt hash) and writes its credentials file
 * (JSON `{exchangeUrl, agency, desk, secret, agencyPrivateKey}`, mode 0600).
 * @returns `{agency, desk, credentials: absolute path of the file, contents: the credentials}`.
 * @throws AdminInputError on invalid input, an agency not connected, its key file missing or not
 *   matching its public key, or a desk id that exists.
 */
export async function addDesk(dataDir: string, input: AddDeskInput): Promise<{ agency: string; desk: string; credentials: string; contents: DeskCredentials }> {
  const code = parseAdminInput(agencyCodeSchema, input.agency, 'agency code');
  const deskId = parseAdminInput(deskIdSchema, input.desk, 'desk id');
  return withStore(dataDir, async (store) => {
    const a = await store.getAgency(code);
    if (!a?.publicKey) throw new AdminInputError(`agency ${code} is not connected: run "agency add" first`);
    if (await store.getDesk(deskId)) throw new AdminInputError(`desk ${deskId} exists`);
    const file = agencyKeyFile(dataDir, code);
    if (!fs.existsSync(file)) throw new AdminInputError(`the private key of ${code} is not in ${file}`);
    const privateKey = fs.readFileSync(file, 'utf8').trim();
    if (publicKeyOf(privateKey) !== a.publicKey) throw new AdminInputError(`${file} does not hold the key of ${code}`);
    const secret = newDeskSecret();
    const contents: DeskCredentials = parseAdminInput(
      deskCredentialsSchema,
      { exchangeUrl: input.url.replace(/\/+$/, ''), agency: code, desk: deskId, secret, agencyPrivateKey: privateKey },
      'credentials',
    );
    await store.addDesk({ id: deskId, agency: code, secretHash: await hashSecret(secret), createdAt: new Date().toISOString() });
    const out = path.resolve(input.out);
    writeSecretFile(out, `${JSON.stringify(contents, null, 2)}\n`);
    return { agency: code, desk: deskId, credentials: out, contents };
  });
}

/**
 * Imports the desk directory: adds or updates names, aliases, connection date and paper; keys kept.
 * @param json a JSON array of agencies (as `registry-desk directory export` writes) or `{agencies: [...]}`,
 *   at most 5000.
 * @param source names the input in error messages (e.g. the file name).
 * @returns how many agencies were added and updated.
 * @throws AdminInputError when the list is not valid.
 */
export async function importDirectory(dataDir: string, json: unknown, source = 'directory'): Promise<{ added: number; updated: number }> {
  const list = Array.isArray(json) ? json : (json as { agencies?: unknown } | null)?.agencies;
  const agencies = parseAdminInput(z.array(agencySchema.extend({ code: agencyCodeSchema })).max(5000), list, source);
  return withStore(dataDir, (store) => store.importDirectory(agencies));
}

/** @returns every agency (with its key, if connected) and every desk, agencies ordered by code. */
export async function listAgenciesAndDesks(dataDir: string): Promise<{ agencies: DirectoryAgency[]; desks: DeskRecord[] }> {
  return withStore(dataDir, async (store) => ({ agencies: await store.listAgencies(), desks: await store.listDesks() }));
}
