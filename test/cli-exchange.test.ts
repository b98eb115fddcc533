/**
 * `registry-desk exchange …`, `sync`, `send`, `inbox …` and `outgoing` against the real exchange
 * process: two desk data folders (agencies MOH and MOF) talking only through the command line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgency, addDesk, startExchange, type ExchangeServer } from './helpers/exchange-server.ts';
import { runCli } from './helpers/cli.ts';
import { tempDir } from './helpers/registry-fixture.ts';

let ex: ExchangeServer;
let credA: string;
let credB: string;

beforeAll(async () => {
  ex = await startExchange();
  await addAgency(ex, { code: 'MOH', nameAr: 'وزارة الصحة' });
  await addAgency(ex, { code: 'MOF', nameAr: 'وزارة المالية' });
  credA = (await addDesk(ex, { agency: 'MOH', desk: 'MOH-1' })).file;
  credB = (await addDesk(ex, { agency: 'MOF', desk: 'MOF-1' })).file;
  a = tempDir('cli-exchange-a-');
  b = tempDir('cli-exchange-b-');
}, 120_000);

afterAll(async () => {
  await ex?.close();
});

async function letterPdf(dir: string, text = 'Ministry of Health - request for the budget figures', name = 'request.pdf'): Promise<string> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 12, font });
  const file = path.join(dir, name);
  fs.writeFileSync(file, await doc.save());
  return file;
}

const json = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

/** The two desks' data folders (MOH, MOF), shared by the tests in order. */
let a = '';
let b = '';

describe('registry-desk and the exchange', () => {
  it('connects, sends a letter, and the recipient lists, registers it; the sender sees the confirmation', async () => {
    expect((await runCli(['--data-dir', a, 'exchange', 'status'])).out).toContain('"configured":false');
    const bad = await runCli(['--data-dir', a, 'exchange', 'connect', '--credentials', path.join(a, 'missing.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('not_found');

    const ca = await runCli(['--data-dir', a, 'exchange', 'connect', '--credentials', credA]);
    expect(ca.code, ca.err).toBe(0);
    expect(json(ca.out)[0]).toMatchObject({ configured: true, agency: 'MOH', desk: 'MOH-1', online: true });
    expect((await runCli(['--data-dir', b, 'exchange', 'connect', '--credentials', credB])).code).toBe(0);
    expect((await runCli(['--data-dir', b, 'sync'])).code).toBe(0);
    expect((await runCli(['--data-dir', a, 'sync'])).code).toBe(0);

    const sent = await runCli(['--data-dir', a, 'send', await letterPdf(a), '--to', 'MOF', '--subject', 'طلب أرقام الميزانية', '--priority', 'urgent']);
    expect(sent.code, sent.err).toBe(0);
    const s = json(sent.out)[0] as { messageId: string; registration: { registryNumber: string }; sync: { sentMessages: number }; status: { aggregate: string } };
    expect(s.sync.sentMessages).toBe(1);
    expect(s.status.aggregate).toBe('sent');

    const pulled = await runCli(['--data-dir', b, 'sync']);
    expect(json(pulled.out)[0]).toMatchObject({ receivedMessages: 1 });
    const inbox = await runCli(['--data-dir', b, 'inbox', '--format', 'table']);
    expect(inbox.out).toContain(s.messageId);
    expect(inbox.out).toContain('طلب أرقام الميزانية');
    const items = json((await runCli(['--data-dir', b, 'inbox'])).out);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ messageId: s.messageId, senderRegistryNumber: s.registration.registryNumber, priority: 'urgent' });

    const reg = await runCli(['--data-dir', b, 'inbox', 'register', s.messageId]);
    expect(reg.code, reg.err).toBe(0);
    const registered = json(reg.out)[0] as { registryNumber: string; channel: string };
    expect(registered.channel).toBe('electronic');
    expect((await runCli(['--data-dir', b, 'inbox', 'register', s.messageId])).code).toBe(1); // settled already
    await runCli(['--data-dir', b, 'sync']);
    await runCli(['--data-dir', a, 'sync']);
    const status = json((await runCli(['--data-dir', a, 'outgoing', s.registration.registryNumber])).out)[0];
    expect(status).toMatchObject({ aggregate: 'registered', recipients: [{ agency: 'MOF', state: 'registered', registryNumber: registered.registryNumber }] });

    const usage = await runCli(['--data-dir', b, 'inbox', 'reject', s.messageId, '--reason', 'bogus', '--text', 'x']);
    expect(usage.code).toBe(2);
  }, 120_000);

  it('a letter whose paper copy was registered first joins that registration (inbox twins, register --twin-of)', async () => {
    const text = 'Ministry of Health - circular on the vaccination campaign';
    const sent = await runCli(['--data-dir', a, 'send', await letterPdf(a, text, 'circular.pdf'), '--to', 'MOF', '--subject', 'تعميم حملة التطعيم']);
    expect(sent.code, sent.err).toBe(0);
    const s = json(sent.out)[0] as { messageId: string; registration: { registryNumber: string } };
    // The paper copy came by courier first and was registered on B before B synced.
    const paper = await runCli(['--data-dir', b, 'import', await letterPdf(b, `${text} ${s.registration.registryNumber}`, 'paper-copy.pdf')]);
    expect(paper.code, paper.err).toBe(0);
    const p = json(paper.out)[0] as { registryNumber: string };
    expect(p.registryNumber).toMatch(/^2\d{3}\/\d{6}$/);
    expect((await runCli(['--data-dir', b, 'sync'])).code).toBe(0);

    const twins = await runCli(['--data-dir', b, 'inbox', 'twins', s.messageId]);
    expect(twins.code, twins.err).toBe(0);
    const offered = json(twins.out)[0] as unknown as Array<{ registryNumber: string; score: number }>;
    expect(offered[0]?.registryNumber).toBe(p.registryNumber);

    const joined = await runCli(['--data-dir', b, 'inbox', 'register', s.messageId, '--twin-of', p.registryNumber]);
    expect(joined.code, joined.err).toBe(0);
    expect(json(joined.out)[0]).toMatchObject({ registryNumber: p.registryNumber, channel: 'both' });
    await runCli(['--data-dir', b, 'sync']);
    await runCli(['--data-dir', a, 'sync']);
    const status = json((await runCli(['--data-dir', a, 'outgoing', s.registration.registryNumber])).out)[0];
    expect(status).toMatchObject({ recipients: [{ agency: 'MOF', state: 'registered', registryNumber: p.registryNumber }] });
  }, 120_000);
});
