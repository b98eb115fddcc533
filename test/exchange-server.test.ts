/**
 * The reference exchange over HTTP, as its own process on loopback: letters, receipts, deduplication,
 * refusals (each storing nothing), authentication, directory and the admin command.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, DirectoryResponse, MailboxPage } from '../shared/exchange/api.ts';
import { receiptMessageId } from '../shared/exchange/receipts.ts';
import { generateAgencyKeyPair, signEnvelope, verifyEnvelope } from '../shared/exchange/signing.ts';
import type { Envelope } from '../shared/exchange/messages.ts';
import {
  addAgency,
  addDesk,
  errorCode,
  exchangeFetch,
  letterFor,
  runExchangeAdmin,
  sendSigned,
  startExchange,
  uploadDocument,
  type DeskCredentialsFile,
  type ExchangeServer,
} from './helpers/exchange-server.ts';

let ex: ExchangeServer;
let moh1: DeskCredentialsFile;
let moh2: DeskCredentialsFile;
let moe1: DeskCredentialsFile;
let mof1: DeskCredentialsFile;

beforeAll(async () => {
  ex = await startExchange();
  await Promise.all([addAgency(ex, { code: 'MOH', nameAr: 'وزارة الصحة', nameEn: 'Ministry of Health' }), addAgency(ex, { code: 'MOE' }), addAgency(ex, { code: 'MOF', requiresPaper: true })]);
  [moh1, moh2, moe1, mof1] = await Promise.all([
    addDesk(ex, { agency: 'MOH', desk: 'MOH-1' }),
    addDesk(ex, { agency: 'MOH', desk: 'MOH-2' }),
    addDesk(ex, { agency: 'MOE', desk: 'MOE-1' }),
    addDesk(ex, { agency: 'MOF', desk: 'MOF-1' }),
  ]);
});
afterAll(async () => {
  await ex?.close();
});

let docCounter = 0;
/** A fresh small document uploaded by the desk. */
async function doc(creds: DeskCredentialsFile) {
  docCounter++;
  return uploadDocument(creds, new TextEncoder().encode(`%PDF-1.7 letter ${docCounter} ${randomUUID()}`));
}

async function mailbox(creds: DeskCredentialsFile, after = 0): Promise<MailboxPage> {
  const r = await exchangeFetch<MailboxPage>(creds, 'GET', `/v1/mailbox?after=${after}&limit=500`);
  expect(r.status).toBe(200);
  return r.body;
}

async function lastPosition(creds: DeskCredentialsFile): Promise<number> {
  return (await mailbox(creds)).next;
}

describe('letters', () => {
  it('a correct letter reaches the recipient mailbox, signed as sent, with its document readable by the recipient only', async () => {
    const before = await lastPosition(moe1);
    const d = await doc(moh1);
    const letter = letterFor(moh1, { to: ['MOE'], documents: [d] });
    const r = await sendSigned(moh1, letter);
    expect(r.status).toBe(202);
    const ack = (r.body as { ack: Ack }).ack;
    expect(ack).toMatchObject({ messageId: letter.messageId, recipients: ['MOE'] });
    const page = await mailbox(moe1, before);
    expect(page.items).toHaveLength(1);
    const item = page.items[0]!;
    expect(item.envelope).toEqual(letter);
    expect(page.next).toBe(item.position);
    const dir = await exchangeFetch<DirectoryResponse>(moe1, 'GET', '/v1/directory');
    const mohKey = dir.body.agencies.find((a) => a.code === 'MOH')!.publicKey!;
    expect(verifyEnvelope(item, mohKey)).toBe(true);
    // the recipient downloads the document; an agency that is not party to the letter cannot
    const blob = await fetch(`${ex.url}/v1/blobs/${d.sha256}`, { headers: { authorization: `Bearer ${moe1.desk}.${moe1.secret}` } });
    expect(blob.status).toBe(200);
    expect(Number(blob.headers.get('content-length'))).toBe(d.size);
    expect(errorCode(await exchangeFetch(mof1, 'GET', `/v1/blobs/${d.sha256}`))).toBe('forbidden');
    // the sender's other desk sees nothing in the MOH mailbox for it
    expect((await mailbox(moh2)).items.some((i) => i.envelope.messageId === letter.messageId)).toBe(false);
  });

  it('a letter to two agencies (to and cc) lands in both mailboxes', async () => {
    const [e0, f0] = [await lastPosition(moe1), await lastPosition(mof1)];
    const letter = letterFor(moh1, { to: ['MOE'], cc: ['MOF'], documents: [await doc(moh1)] });
    const r = await sendSigned(moh1, letter);
    expect(r.status).toBe(202);
    expect((r.body as { ack: Ack }).ack.recipients).toEqual(['MOE', 'MOF']);
    expect((await mailbox(moe1, e0)).items.map((i) => i.envelope.messageId)).toEqual([letter.messageId]);
    expect((await mailbox(mof1, f0)).items.map((i) => i.envelope.messageId)).toEqual([letter.messageId]);
  });

  it('the same message id twice: one delivery, the original acknowledgement', async () => {
    const before = await lastPosition(moe1);
    const signed = signEnvelope(letterFor(moh1, { to: ['MOE'], documents: [await doc(moh1)] }), moh1.agencyPrivateKey);
    const first = await exchangeFetch<{ ack: Ack }>(moh1, 'POST', '/v1/messages', signed);
    await new Promise((r) => setTimeout(r, 20));
    // from the agency's other desk too: deduplication is per agency
    const second = await exchangeFetch<{ ack: Ack }>(moh1, 'POST', '/v1/messages', signed);
    expect([first.status, second.status]).toEqual([202, 200]);
    expect(second.body.ack).toEqual(first.body.ack);
    expect((await mailbox(moe1, before)).items).toHaveLength(1);
  });

  it('a reused message id with different content is 409 message_id_reused and changes nothing', async () => {
    const before = await lastPosition(moe1);
    const letter = letterFor(moh1, { to: ['MOE'], documents: [await doc(moh1)] });
    expect((await sendSigned(moh1, letter)).status).toBe(202);
    const r = await sendSigned(moh1, { ...letter, subject: 'موضوع آخر' });
    expect(r.status).toBe(409);
    expect(errorCode(r)).toBe('message_id_reused');
    const items = (await mailbox(moe1, before)).items;
    expect(items.map((i) => (i.envelope as { subject: string }).subject)).toEqual([letter.subject]);
  });

  it('a retry after a failed attempt is processed, not taken for a duplicate', async () => {
    const before = await lastPosition(moe1);
    const bytes = new TextEncoder().encode(`late document ${randomUUID()}`);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const letter = letterFor(moh1, { to: ['MOE'], documents: [{ sha256: sha, name: 'x.pdf', mediaType: 'application/pdf', size: bytes.length, role: 'main' }] });
    const failed = await sendSigned(moh1, letter);
    expect(failed.status).toBe(422);
    expect(errorCode(failed)).toBe('missing_document');
    expect((await mailbox(moe1, before)).items).toHaveLength(0);
    await uploadDocument(moh1, bytes);
    const retried = await sendSigned(moh1, letter);
    expect(retried.status).toBe(202);
    expect((await mailbox(moe1, before)).items).toHaveLength(1);
  });

  it('a document of another size than the envelope says is missing_document', async () => {
    const d = await doc(moh1);
    const r = await sendSigned(moh1, letterFor(moh1, { to: ['MOE'], documents: [{ ...d, size: d.size + 1 }] }));
    expect([r.status, errorCode(r)]).toEqual([422, 'missing_document']);
  });

  it('a document another agency uploaded is missing for the sender until it uploads the bytes itself', async () => {
    const bytes = new TextEncoder().encode(`shared bytes ${randomUUID()}`);
    const d = await uploadDocument(moe1, bytes);
    const letter = letterFor(moh1, { to: ['MOE'], documents: [d] });
    expect(errorCode(await sendSigned(moh1, letter))).toBe('missing_document');
    const status = await exchangeFetch<{ complete: boolean; received: number }>(moh1, 'GET', `/v1/uploads/${d.sha256}`);
    expect(status.body).toMatchObject({ complete: false, received: 0 });
    await uploadDocument(moh1, bytes);
    expect((await sendSigned(moh1, letter)).status).toBe(202);
  });
});

describe('refusals store nothing', () => {
  const cases: Array<[string, () => Promise<{ status: number; code: string | null }>, number, string]> = [
    [
      'an unknown recipient',
      async () => {
        const r = await sendSigned(moh1, letterFor(moh1, { to: ['MOE', 'NOPE'], documents: [await doc(moh1)] }));
        return { status: r.status, code: errorCode(r) };
      },
      422,
      'unknown_recipient',
    ],
    [
      'an invalid envelope (no subject)',
      async () => {
        const letter = letterFor(moh1, { to: ['MOE'], documents: [await doc(moh1)] }) as Partial<Envelope>;
        delete (letter as { subject?: string }).subject;
        const r = await exchangeFetch(moh1, 'POST', '/v1/messages', { envelope: letter, signature: 'A'.repeat(86) + '==' });
        return { status: r.status, code: errorCode(r) };
      },
      400,
      'invalid_envelope',
    ],
    [
      'a body that is not JSON',
      async () => {
        const r = await exchangeFetch(moh1, 'POST', '/v1/messages', undefined, { 'content-type': 'application/json' });
        const r2 = await fetch(`${ex.url}/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${moh1.desk}.${moh1.secret}`, 'content-type': 'application/json' },
          body: '{"envelope": ',
        });
        expect(r2.status).toBe(400);
        return { status: r.status, code: errorCode(r) };
      },
      400,
      'invalid_envelope',
    ],
    [
      'a bad signature (another key)',
      async () => {
        const letter = letterFor(moh1, { to: ['MOE'], documents: [await doc(moh1)] });
        const r = await exchangeFetch(moh1, 'POST', '/v1/messages', signEnvelope(letter, generateAgencyKeyPair().privateKey));
        return { status: r.status, code: errorCode(r) };
      },
      422,
      'bad_signature',
    ],
    [
      'a tampered envelope',
      async () => {
        const signed = signEnvelope(letterFor(moh1, { to: ['MOE'], documents: [await doc(moh1)] }), moh1.agencyPrivateKey);
        const r = await exchangeFetch(moh1, 'POST', '/v1/messages', { ...signed, envelope: { ...signed.envelope, to: ['MOE', 'MOF'] } });
        return { status: r.status, code: errorCode(r) };
      },
      422,
      'bad_signature',
    ],
    [
      'a desk sending as another agency (even with that agency key)',
      async () => {
        const letter = letterFor(moe1, { to: ['MOF'], documents: [await doc(moe1)] });
        const r = await exchangeFetch(moh1, 'POST', '/v1/messages', signEnvelope(letter, moe1.agencyPrivateKey));
        return { status: r.status, code: errorCode(r) };
      },
      403,
      'wrong_sender',
    ],
    [
      'a desk sending as another desk of its agency',
      async () => {
        const letter = letterFor(moh2, { to: ['MOE'], documents: [await doc(moh1)] });
        const r = await exchangeFetch(moh1, 'POST', '/v1/messages', signEnvelope(letter, moh1.agencyPrivateKey));
        return { status: r.status, code: errorCode(r) };
      },
      403,
      'wrong_sender',
    ],
    [
      'a receipt of a letter never delivered to the agency',
      async () => {
        const of = randomUUID();
        const r = await sendSigned(moe1, { messageId: receiptMessageId(of, 'acknowledgement'), kind: 'acknowledgement', sender: { agency: 'MOE', desk: 'MOE-1' }, createdAt: new Date().toISOString(), of });
        return { status: r.status, code: errorCode(r) };
      },
      422,
      'unknown_message',
    ],
  ];
  it.each(cases)('%s', async (_name, attempt, status, code) => {
    const before = await Promise.all([moe1, mof1, moh1].map(lastPosition));
    expect(await attempt()).toEqual({ status, code });
    expect(await Promise.all([moe1, mof1, moh1].map(lastPosition))).toEqual(before);
  });
});

describe('receipts', () => {
  it('acknowledgement, confirmation, rejection and forward go to the sender agency; annulment to the recipients; one receipt per agency', async () => {
    const letter = letterFor(moh1, { to: ['MOE'], cc: ['MOF'], documents: [await doc(moh1)] });
    expect((await sendSigned(moh1, letter)).status).toBe(202);
    const h0 = await lastPosition(moh2);
    const at = new Date().toISOString();
    const from = (c: DeskCredentialsFile) => ({ sender: { agency: c.agency, desk: c.desk }, createdAt: at, of: letter.messageId });
    const ack = { ...from(moe1), kind: 'acknowledgement' as const, messageId: receiptMessageId(letter.messageId, 'acknowledgement') };
    expect((await sendSigned(moe1, ack)).status).toBe(202);
    expect((await sendSigned(moe1, { ...ack, createdAt: at })).status).toBe(200);
    const conf = { ...from(moe1), kind: 'confirmation' as const, messageId: receiptMessageId(letter.messageId, 'confirmation'), registryNumber: '2026/000777', registrationDate: '2026-11-29' };
    expect((await sendSigned(moe1, conf)).status).toBe(202);
    const rej = { ...from(mof1), kind: 'rejection' as const, messageId: receiptMessageId(letter.messageId, 'rejection'), reasonCode: 'not_ours' as const, reasonText: 'ليس من اختصاصنا' };
    expect((await sendSigned(mof1, rej)).status).toBe(202);
    const fwd = { ...from(mof1), kind: 'forward' as const, messageId: receiptMessageId(letter.messageId, 'forward'), toAgency: 'MOI', note: '' };
    expect((await sendSigned(mof1, fwd)).status).toBe(202);
    // every desk of the sender agency reads the agency mailbox
    const got = (await mailbox(moh2, h0)).items.map((i) => [i.envelope.kind, i.envelope.sender.agency]);
    expect(got).toEqual([
      ['acknowledgement', 'MOE'],
      ['confirmation', 'MOE'],
      ['rejection', 'MOF'],
      ['forward', 'MOF'],
    ]);
    const [e0, f0] = [await lastPosition(moe1), await lastPosition(mof1)];
    const annul = { ...from(moh2), kind: 'annulment' as const, messageId: receiptMessageId(letter.messageId, 'annulment'), reason: 'أرسل بالخطأ' };
    const r = await sendSigned(moh2, annul);
    expect(r.status).toBe(202);
    expect((r.body as { ack: Ack }).ack.recipients).toEqual(['MOE', 'MOF']);
    expect((await mailbox(moe1, e0)).items.map((i) => i.envelope.kind)).toEqual(['annulment']);
    expect((await mailbox(mof1, f0)).items.map((i) => i.envelope.kind)).toEqual(['annulment']);
    // an agency that did not send the letter cannot annul it
    const foreign = { ...from(moe1), kind: 'annulment' as const, messageId: randomUUID(), reason: 'x' };
    expect(errorCode(await sendSigned(moe1, foreign))).toBe('unknown_message');
  });
});

describe('authentication and small endpoints', () => {
  it.each([
    ['no token', undefined],
    ['a malformed token', 'Bearer nonsense'],
    ['a wrong secret', 'Bearer MOH-1.' + 'x'.repeat(43)],
    ['an unknown desk', 'Bearer XYZ-9.' + 'x'.repeat(43)],
    ['basic auth', 'Basic bW9oOnB3'],
  ])('refuses %s with 401 unauthenticated', async (_name, header) => {
    const r = await exchangeFetch(null, 'GET', '/v1/whoami', undefined, header ? { authorization: header } : {}, ex.url);
    expect([r.status, errorCode(r)]).toEqual([401, 'unauthenticated']);
  });

  it('health needs no token and tells the time; whoami names the desk', async () => {
    const h = await exchangeFetch<{ ok: boolean; time: string; version: string }>(null, 'GET', '/v1/health', undefined, {}, ex.url);
    expect(h.status).toBe(200);
    expect(Math.abs(Date.parse(h.body.time) - Date.now())).toBeLessThan(60_000);
    expect((await exchangeFetch(moh2, 'GET', '/v1/whoami')).body).toEqual({ agency: 'MOH', desk: 'MOH-2' });
  });

  it('the directory has an ETag and answers 304 when unchanged; an import changes it and keeps the keys', async () => {
    const a = await exchangeFetch<DirectoryResponse>(moh1, 'GET', '/v1/directory');
    const etag = a.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(a.body.agencies.find((x) => x.code === 'MOF')).toMatchObject({ requiresPaper: true, publicKey: expect.any(String) });
    expect((await exchangeFetch(moh1, 'GET', '/v1/directory', undefined, { 'if-none-match': etag })).status).toBe(304);
    const file = `${ex.dataDir}/directory.json`;
    fs.writeFileSync(file, JSON.stringify([{ code: 'MOH', nameAr: 'وزارة الصحة العامة', nameEn: 'Ministry of Health', aliases: ['الصحة'], connectedSince: '2026-01-01', requiresPaper: false }, { code: 'MOI', nameAr: 'وزارة الداخلية', nameEn: 'Ministry of Interior', aliases: ['الداخلية'] }]));
    expect(JSON.parse(await runExchangeAdmin(ex.dataDir, ['directory', 'import', file]))).toEqual({ added: 1, updated: 1 });
    const b = await exchangeFetch<DirectoryResponse>(moh1, 'GET', '/v1/directory', undefined, { 'if-none-match': etag });
    expect(b.status).toBe(200);
    const moh = b.body.agencies.find((x) => x.code === 'MOH')!;
    expect(moh).toMatchObject({ nameAr: 'وزارة الصحة العامة', aliases: ['الصحة'] });
    expect(moh.publicKey).toBe(a.body.agencies.find((x) => x.code === 'MOH')!.publicKey);
    // an agency in the directory without a key is not a recipient
    expect(b.body.agencies.find((x) => x.code === 'MOI')).toMatchObject({ publicKey: null });
    const r = await sendSigned(moh1, letterFor(moh1, { to: ['MOI'], documents: [await doc(moh1)] }));
    expect([r.status, errorCode(r)]).toEqual([422, 'unknown_recipient']);
    // connecting it later keeps the aliases the directory gave it
    await addAgency(ex, { code: 'MOI', aliases: ['Interior'] });
    const c = await exchangeFetch<DirectoryResponse>(moh1, 'GET', '/v1/directory');
    expect(c.body.agencies.find((x) => x.code === 'MOI')).toMatchObject({ aliases: ['الداخلية', 'Interior'], publicKey: expect.any(String) });
  });

  it('the admin command connects an agency and adds a desk whose credentials the running exchange accepts', async () => {
    const added = JSON.parse(await runExchangeAdmin(ex.dataDir, ['agency', 'add', '--code', 'MOJ', '--name-ar', 'وزارة العدل', '--name-en', 'Ministry of Justice', '--alias', 'العدل', '--requires-paper', '--connected-since', '2026-02-01'])) as { agency: string; publicKey: string; connectedSince: string };
    expect(added).toEqual({ agency: 'MOJ', publicKey: expect.any(String), connectedSince: '2026-02-01' });
    const file = `${ex.dataDir}/cli/MOJ-1.json`;
    expect(JSON.parse(await runExchangeAdmin(ex.dataDir, ['desk', 'add', '--agency', 'MOJ', '--desk', 'MOJ-1', '--url', `${ex.url}/`, '--out', file]))).toEqual({ agency: 'MOJ', desk: 'MOJ-1', credentials: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const creds = JSON.parse(fs.readFileSync(file, 'utf8')) as DeskCredentialsFile;
    expect(creds).toMatchObject({ exchangeUrl: ex.url, agency: 'MOJ', desk: 'MOJ-1' });
    expect((await exchangeFetch(creds, 'GET', '/v1/whoami')).body).toEqual({ agency: 'MOJ', desk: 'MOJ-1' });
    const dir = await exchangeFetch<DirectoryResponse>(moh1, 'GET', '/v1/directory');
    expect(dir.body.agencies.find((x) => x.code === 'MOJ')).toMatchObject({ publicKey: added.publicKey, aliases: ['العدل'], requiresPaper: true, connectedSince: '2026-02-01' });
    const list = JSON.parse(await runExchangeAdmin(ex.dataDir, ['list', '--json'])) as { agencies: Array<{ code: string; desks: string[] }> };
    expect(list.agencies.find((a) => a.code === 'MOJ')?.desks).toEqual(['MOJ-1']);
    expect(list.agencies.find((a) => a.code === 'MOH')?.desks).toEqual(['MOH-1', 'MOH-2']);
  });

  it('the credentials file is private (0600) and the admin command refuses bad input', async () => {
    expect(fs.statSync(moh1.file).mode & 0o777).toBe(0o600);
    // Independent refusals (none changes anything), run side by side.
    await Promise.all([
      expect(runExchangeAdmin(ex.dataDir, ['desk', 'add', '--agency', 'AD', '--desk', 'AD-1', '--url', ex.url, '--out', `${ex.dataDir}/x.json`])).rejects.toThrow(/not connected/),
      expect(runExchangeAdmin(ex.dataDir, ['desk', 'add', '--agency', 'MOH', '--desk', 'MOH-1', '--url', ex.url, '--out', `${ex.dataDir}/x.json`])).rejects.toThrow(/exists/),
      expect(runExchangeAdmin(ex.dataDir, ['agency', 'add', '--code', 'moh; rm', '--name-ar', 'x', '--name-en', 'x'])).rejects.toThrow(/--code/),
      expect(runExchangeAdmin(ex.dataDir, ['agency', 'add', '--code', 'MOH', '--name-ar', 'x', '--name-en', 'x'])).rejects.toThrow(/already has a key/),
    ]);
    expect(fs.existsSync(`${ex.dataDir}/x.json`)).toBe(false);
  });

  it('an unknown route is 404 not_found, an unknown query parameter 400 invalid_request', async () => {
    expect(errorCode(await exchangeFetch(moh1, 'GET', '/v1/nothing'))).toBe('not_found');
    const r = await exchangeFetch(moh1, 'GET', '/v1/mailbox?after=0&cursor=1');
    expect([r.status, errorCode(r)]).toEqual([400, 'invalid_request']);
  });

  it('keeps everything across a crash (SIGKILL) and restart', async () => {
    const before = await mailbox(moe1);
    await ex.kill();
    await ex.restart();
    expect(await mailbox(moe1)).toEqual(before);
    expect((await exchangeFetch(moe1, 'GET', '/v1/whoami')).status).toBe(200);
  }, 180_000);
});
