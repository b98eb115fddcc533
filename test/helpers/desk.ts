/**
 * A desk for tests of accounts, roles and annulment: the real services over a temporary data folder
 * (real SQLite file), a clock the test moves, and accounts created through the contract.
 */
import { dispatch } from '../../shared/contract/dispatch.ts';
import type { Handlers } from '../../shared/contract/index.ts';
import type { Result } from '../../shared/errors.ts';
import { createServices, type Services } from '../../electron/services/services.ts';
import { storeTextDocument, TEST_FORMATS, tempDir } from './registry-fixture.ts';

export interface TestDesk {
  services: Services;
  dataDir: string;
  /** The desk's clock; `advance` moves it. */
  clock: { now: Date; advance(ms: number): void };
  /** One call through `dispatch()` (as IPC and the browser host make it). */
  call(name: string, input?: unknown): Promise<Result<unknown>>;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Registers a text letter (no OCR) and returns its registry number. */
  registerLetter(subject: string): Promise<string>;
}

export const PASSWORDS = { admin: 'admin-pass-1', clerk: 'clerk-pass-1', supervisor: 'super-pass-1' } as const;

/** Opens a desk; with `accounts`, creates admin `amal` (first admin), clerk `karim`, supervisor `sara`, and signs out. */
export async function openDesk(opts: { dataDir?: string; accounts?: boolean; start?: string } = {}): Promise<TestDesk> {
  const dataDir = opts.dataDir ?? tempDir('registry-desk-accounts-');
  const clock = {
    now: new Date(opts.start ?? '2026-11-29T07:00:00Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const services = await createServices({ dataDir, ocrPoolSize: 1, clock: () => clock.now, operator: () => 'os-user' });
  const h = services.handlers;
  const desk: TestDesk = {
    services,
    dataDir,
    clock,
    call: (name, input = {}) => dispatch(h, name, input),
    signIn: async (username, password) => void (await h['auth.signIn']({ username, password })),
    signOut: async () => void (await h['auth.signOut']({})),
    registerLetter: async (subject) => {
      const sha = storeTextDocument(services.registry, `${subject}\nنص الكتاب`, 'letter.png', String(Math.random()));
      const r = await h['registry.register']({
        documentSha256: sha,
        direction: 'incoming',
        channel: 'paper',
        documentation: null,
        transport: null,
        counterpart: { code: null, name: 'وزارة الصحة' },
        referenceNumber: 'م/12/2026',
        referenceDate: null,
        subject,
        classification: 'ordinary',
        priority: 'normal',
        attachmentsCount: 0,
        reRegistrationOf: null,
        dryRun: false,
      });
      return r.registration!.registryNumber;
    },
  };
  if (JSON.stringify(services.registry.getSettings().numberFormats) !== JSON.stringify(TEST_FORMATS)) services.registry.updateSettings({ numberFormats: TEST_FORMATS });
  if (opts.accounts === true) await createAccounts(h);
  return desk;
}

/** The three accounts of the tests; leaves nobody signed in. */
export async function createAccounts(h: Handlers): Promise<void> {
  await h['auth.createFirstAdmin']({ username: 'amal', displayName: 'أمل', password: PASSWORDS.admin });
  await h['users.create']({ username: 'karim', displayName: 'كريم', role: 'clerk', password: PASSWORDS.clerk });
  await h['users.create']({ username: 'sara', displayName: 'سارة', role: 'supervisor', password: PASSWORDS.supervisor });
  await h['auth.signOut']({});
}
