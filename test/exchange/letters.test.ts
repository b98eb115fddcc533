/**
 * Letters through the real exchange process (loopback), between real desks (services over their own
 * SQLite files): delivery, receipts back to the sender, refusals of what must not travel, and the
 * exactly-once rules. Every scenario ends with the invariant checker (test/helpers/desks.ts).
 *
 * Agencies: A = MOH (desks A1, A2), B = MOF (desks B1, B2), C = MOJ (desk C1).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../electron/services/blobs/store.ts';
import { dataLayout } from '../../electron/services/paths.ts';
import { generateAgencyKeyPair, signEnvelope } from '../../shared/exchange/signing.ts';
import { receiptMessageId } from '../../shared/exchange/receipts.ts';
import type { Signed } from '../../shared/exchange/messages.ts';
import {
  checkInvariants,
  createWorld,
  deskDatabase,
  letterPdf,
  recipientStates,
  sendLetter,
  syncUntilQuiet,
  type Desk,
  type World,
} from '../helpers/desks.ts';
import { errorCode, exchangeFetch, letterFor, sendSigned, uploadDocument } from '../helpers/exchange-server.ts';

let w: World;
let A1: Desk, A2: Desk, B1: Desk, B2: Desk, C1: Desk;
const quiet = () => syncUntilQuiet(w.desks);
/** Letters these tests sent straight to the exchange (not through a desk). */
const external: string[] = [];
/** Letters the exchange accepted that a recipient rightly refused (they are in no inbox). */
const undelivered: string[] = [];
const invariants = () => checkInvariants(w.desks, { external, undelivered });

beforeAll(async () => {
  w = await createWorld(
    [
      { label: 'A1', agency: 'MOH', desk: 'MOH-1' },
      { label: 'A2', agency: 'MOH', desk: 'MOH-2' },
      { label: 'B1', agency: 'MOF', desk: 'MOF-1' },
      { label: 'B2', agency: 'MOF', desk: 'MOF-2' },
      { label: 'C1', agency: 'MOJ', desk: 'MOJ-1' },
    ],
  );
  [A1, A2, B1, B2, C1] = ['A1', 'A2', 'B1', 'B2', 'C1'].map((l) => w.desk(l)) as [Desk, Desk, Desk, Desk, Desk];
  await quiet();
});
afterAll(async () => {
  await w?.close();
});

async function inboxIds(d: Desk, state: 'new' | 'settled' | 'all' = 'all'): Promise<string[]> {
  return (await d.call('inbox.list', { state, limit: 500 })).items.map((i) => i.messageId);
}

/** The signed envelope a desk queued for a message id, from its outbox (read-only). */
function queuedEnvelope(d: Desk, messageId: string): Signed {
  const db = new Database(deskDatabase(d), { readonly: true });
  try {
    const row = db.prepare('SELECT payload FROM outbox WHERE key = ?').get(`message:${messageId}`) as { payload: string } | undefined;
    if (row === undefined) throw new Error(`${d.label} queued no message ${messageId}`);
    return JSON.parse(row.payload) as Signed;
  } finally {
    db.close();
  }
}

/** Every mailbox item of an agency on the exchange (read with one of its desks' credentials). */
async function mailboxOf(label: string): Promise<Array<{ position: number; envelope: { kind: string; messageId: string; of?: string } }>> {
  const out: Array<{ position: number; envelope: { kind: string; messageId: string; of?: string } }> = [];
  let after = 0;
  for (let i = 0; i < 100; i++) {
    const r = await exchangeFetch<{ items: typeof out; next: number }>(w.credentials(label), 'GET', `/v1/mailbox?after=${after}&limit=500`);
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    if (r.body.items.length < 500) break;
    after = r.body.next;
  }
  return out;
}

describe('letters through the exchange', () => {
  it('a correct letter arrives once on every desk of the recipient, with its document, and its registration is confirmed back', async () => {
    const L = await sendLetter(A1, { to: ['MOF'], subject: 'طلب بيانات الموازنة' });
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).toBe('queued');
    expect((await A1.call('exchange.status', {})).waiting).toBeGreaterThan(0);
    await quiet();

    for (const d of [B1, B2]) {
      const items = (await d.call('inbox.list', { state: 'new', limit: 500 })).items.filter((i) => i.messageId === L.messageId);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ senderAgency: 'MOH', senderRegistryNumber: L.registryNumber, subject: 'طلب بيانات الموازنة', state: 'new' });
      expect(items[0]!.documents.map((x) => x.sha256)).toEqual([L.sha256]);
      const stored = await createBlobStore(dataLayout(d.dataDir).blobs).get(L.sha256);
      expect(Buffer.from(stored).equals(L.bytes)).toBe(true);
    }
    expect((await recipientStates(A1, L.registryNumber)).MOF?.state).toBe('acknowledged');
    expect(await inboxIds(A1)).not.toContain(L.messageId);
    invariants();

    const reg = await B1.call('inbox.register', { messageId: L.messageId });
    expect(reg.direction).toBe('incoming');
    expect(reg.channel).toBe('electronic');
    await quiet();
    const st = (await recipientStates(A1, L.registryNumber)).MOF!;
    expect(st).toMatchObject({ state: 'registered', registryNumber: reg.registryNumber, registrationDate: reg.registrationDate });
    // B2 learned from the journal that B1 registered it: off its new list, shown as registered
    expect(await inboxIds(B2, 'new')).not.toContain(L.messageId);
    const onB2 = (await B2.call('inbox.list', { state: 'settled', limit: 500 })).items.find((i) => i.messageId === L.messageId);
    expect(onB2).toMatchObject({ state: 'registered', registration: { registryNumber: reg.registryNumber } });
    invariants();
  });

  it('a letter to two agencies: one registers it, the other rejects it, and both answers reach the sender', async () => {
    const L = await sendLetter(A2, { to: ['MOF', 'MOJ'], subject: 'تعميم بشأن الدوام الرسمي' });
    await quiet();
    expect(await inboxIds(B1, 'new')).toContain(L.messageId);
    expect(await inboxIds(C1, 'new')).toContain(L.messageId);
    expect(Object.fromEntries(Object.entries(await recipientStates(A2, L.registryNumber)).map(([k, v]) => [k, v.state]))).toEqual({
      MOF: 'acknowledged',
      MOJ: 'acknowledged',
    });
    const reg = await B2.call('inbox.register', { messageId: L.messageId });
    await C1.call('inbox.reject', { messageId: L.messageId, reasonCode: 'not_ours', reasonText: 'ليس من اختصاص الوزارة' });
    await quiet();
    const st = await A2.call('outgoing.status', { registryNumber: L.registryNumber, register: 'outgoing' });
    const by = Object.fromEntries(st.recipients.map((r) => [r.agency, r]));
    expect(by.MOF).toMatchObject({ state: 'registered', registryNumber: reg.registryNumber, registrationDate: reg.registrationDate });
    expect(by.MOJ).toMatchObject({ state: 'rejected' });
    expect(by.MOJ!.reason).toContain('not_ours');
    expect(st.aggregate).toBe('rejected');
    invariants();
  });

  it('a letter forwarded to the competent agency: the new letter arrives there and the sender is told', async () => {
    const L = await sendLetter(A1, { to: ['MOF'], subject: 'طلب رأي قانوني' });
    await quiet();
    await B1.call('inbox.forward', { messageId: L.messageId, toAgency: 'MOJ', note: 'من اختصاص وزارة العدل' });
    await quiet();
    const st = (await recipientStates(A1, L.registryNumber)).MOF!;
    expect(st).toMatchObject({ state: 'forwarded', forwardedTo: 'MOJ' });
    const fwd = (await C1.call('inbox.list', { state: 'new', limit: 500 })).items.filter((i) => i.senderAgency === 'MOF' && i.subject === 'طلب رأي قانوني');
    expect(fwd).toHaveLength(1);
    expect(fwd[0]!.documents.map((d) => d.sha256)).toEqual([L.sha256]);
    expect(await inboxIds(B2, 'new')).not.toContain(L.messageId);
    invariants();
  });

  it('a letter to an agency the exchange does not know is refused, shown to the clerk, and delivered nowhere', async () => {
    const before = (await A1.call('exchange.status', {})).waiting;
    // MOI is in the desk's directory but not connected to the exchange
    const L = await sendLetter(A1, { to: ['MOI'], subject: 'كتاب إلى جهة غير مرتبطة' });
    const s = await A1.sync();
    expect(s.errors.map((e) => e.message).join(' ')).toMatch(/unknown_recipient|MOI/);
    await quiet();
    const st = (await recipientStates(A1, L.registryNumber)).MOI!;
    expect(st.state).toBe('expired');
    expect(st.reason).toContain('unknown_recipient');
    expect((await A1.call('exchange.status', {})).waiting).toBe(before);
    for (const d of w.desks) expect(await inboxIds(d)).not.toContain(L.messageId);
    invariants();
  });

  it('invalid envelopes, another sender and bad signatures are refused by the exchange and never reach a desk', async () => {
    const a1 = w.credentials('A1');
    const doc = await uploadDocument(a1, letterPdf('raw-refusals').bytes);
    const ids: string[] = [];
    const letter = () => {
      const l = letterFor(a1, { to: ['MOF'], documents: [doc] });
      ids.push(l.messageId);
      return l;
    };

    const invalid = { ...letter(), subject: '' };
    let r = await sendSigned(a1, invalid);
    expect([r.status, errorCode(r)]).toEqual([400, 'invalid_envelope']);
    r = await exchangeFetch(a1, 'POST', '/v1/messages', { envelope: { kind: 'letter', messageId: 'x' }, signature: 'abc' });
    expect([r.status, errorCode(r)]).toEqual([400, 'invalid_envelope']);

    const asOther = { ...letter(), sender: { agency: 'MOF', desk: 'MOF-1' }, to: ['MOJ'] };
    r = await sendSigned(a1, asOther);
    expect([r.status, errorCode(r)]).toEqual([403, 'wrong_sender']);

    const foreignKey = signEnvelope(letter(), generateAgencyKeyPair().privateKey);
    r = await exchangeFetch(a1, 'POST', '/v1/messages', foreignKey);
    expect([r.status, errorCode(r)]).toEqual([422, 'bad_signature']);

    const signed = signEnvelope(letter(), a1.agencyPrivateKey);
    const tampered = { envelope: { ...signed.envelope, subject: 'موضوع مختلف' }, signature: signed.signature };
    r = await exchangeFetch(a1, 'POST', '/v1/messages', tampered);
    expect([r.status, errorCode(r)]).toEqual([422, 'bad_signature']);

    // none was stored: each id is still free (a fresh, valid letter with it is accepted as new)
    const retry = letterFor(a1, { to: ['MOF'], documents: [doc], messageId: ids[3]! });
    r = await sendSigned(a1, retry);
    expect(r.status).toBe(202);
    external.push(retry.messageId);
    await quiet();
    const onB1 = await inboxIds(B1);
    for (const id of [ids[0], ids[1], ids[2]]) expect(onB1).not.toContain(id);
    expect(onB1.filter((id) => id === ids[3])).toHaveLength(1);
    expect((await mailboxOf('C1')).map((i) => i.envelope.messageId)).not.toContain(ids[2]);
    invariants();
  });

  it('bytes that do not match their hash are refused on upload, and a letter naming them is refused', async () => {
    const a1 = w.credentials('A1');
    const good = letterPdf('hash-mismatch');
    const wrong = Buffer.from(good.bytes);
    wrong[wrong.length - 100] = wrong[wrong.length - 100]! ^ 0xff;
    let r = await exchangeFetch(a1, 'PATCH', `/v1/uploads/${good.sha256}`, new Uint8Array(wrong), {
      'upload-offset': '0',
      'upload-length': String(wrong.length),
    });
    expect([r.status, errorCode(r)]).toEqual([422, 'hash_mismatch']);
    r = await exchangeFetch(a1, 'GET', `/v1/uploads/${good.sha256}`);
    expect(r.body).toMatchObject({ received: 0, complete: false });
    const l = letterFor(a1, { to: ['MOF'], documents: [{ sha256: good.sha256, name: 'x.pdf', mediaType: 'application/pdf', size: good.bytes.length, role: 'main' }] });
    r = await sendSigned(a1, l);
    expect([r.status, errorCode(r)]).toEqual([422, 'missing_document']);
    // the right bytes then go through, and the same letter id is processed (the failed attempt stored nothing)
    await uploadDocument(a1, good.bytes);
    r = await sendSigned(a1, l);
    expect(r.status).toBe(202);
    external.push(l.messageId);
    await quiet();
    expect((await inboxIds(B1)).filter((id) => id === l.messageId)).toHaveLength(1);
    invariants();
  });

  it('a document altered on the exchange after sending is refused by the recipient (wrong hash), and later letters still arrive', async () => {
    const L = await sendLetter(A1, { to: ['MOJ'], subject: 'كتاب يتلف مستنده' });
    await A1.sync();
    const file = path.join(w.ex.dataDir, 'blobs', L.sha256.slice(0, 2), L.sha256);
    const bytes = fs.readFileSync(file);
    const at = bytes.length >> 1;
    bytes[at] = bytes[at]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const next = await sendLetter(A1, { to: ['MOJ'], subject: 'كتاب لاحق' });
    await syncUntilQuiet(w.desks);
    expect(await inboxIds(C1)).not.toContain(L.messageId);
    expect(await inboxIds(C1)).toContain(next.messageId);
    const st = (await recipientStates(A1, L.registryNumber)).MOJ!;
    expect(st.state).toBe('rejected');
    expect(st.reason).toContain('wrong_hash');
    undelivered.push(L.messageId);
    invariants();
  });

  it('the same message id sent twice: one delivery, one registration, the same acknowledgement; other content under it is refused', async () => {
    const L = await sendLetter(A1, { to: ['MOF'], subject: 'إرسال مكرر' });
    await quiet();
    const signed = queuedEnvelope(A1, L.messageId);
    const again1 = await exchangeFetch<{ ack: { messageId: string; acceptedAt: string; recipients: string[] } }>(w.credentials('A1'), 'POST', '/v1/messages', signed);
    const again2 = await exchangeFetch<{ ack: { messageId: string; acceptedAt: string; recipients: string[] } }>(w.credentials('A1'), 'POST', '/v1/messages', signed);
    expect(again1.status).toBe(200);
    expect(again2.status).toBe(200);
    expect(again2.body.ack).toEqual(again1.body.ack);
    expect(again1.body.ack).toMatchObject({ messageId: L.messageId, recipients: ['MOF'] });

    const other = signEnvelope({ ...signed.envelope, subject: 'محتوى آخر' } as typeof signed.envelope, w.credentials('A1').agencyPrivateKey);
    const reused = await exchangeFetch(w.credentials('A1'), 'POST', '/v1/messages', other);
    expect([reused.status, errorCode(reused)]).toEqual([409, 'message_id_reused']);

    await quiet();
    expect((await inboxIds(B1)).filter((id) => id === L.messageId)).toHaveLength(1);
    const reg = await B1.call('inbox.register', { messageId: L.messageId });
    await quiet();
    // B2 learned from the journal that B1 registered it
    await expect(B2.call('inbox.register', { messageId: L.messageId })).rejects.toThrow();
    expect((await exchangeFetch(w.credentials('A1'), 'POST', '/v1/messages', signed)).status).toBe(200);
    await quiet();
    expect((await recipientStates(A1, L.registryNumber)).MOF).toMatchObject({ state: 'registered', registryNumber: reg.registryNumber });
    expect((await mailboxOf('B1')).filter((i) => i.envelope.messageId === L.messageId)).toHaveLength(1);
    invariants();
  });

  it('the same consignment delivered twice registers once; the second delivery is answered with the first acknowledgement', async () => {
    const L = await sendLetter(A2, { to: ['MOF'], subject: 'تسليم مكرر' });
    await quiet();
    const ackId = receiptMessageId(L.messageId, 'acknowledgement');
    // B1 crashes after storing but before its mailbox cursor moved: the next round pulls everything again
    const rewind = async () => {
      await B1.close();
      const db = new Database(deskDatabase(B1));
      db.prepare("UPDATE cursors SET position = 0 WHERE name = 'mailbox'").run();
      db.close();
      await B1.reopen();
    };
    await rewind();
    const s = await B1.sync();
    expect(s.errors).toEqual([]);
    expect((await inboxIds(B1)).filter((id) => id === L.messageId)).toHaveLength(1);
    await quiet();
    const acks = (await mailboxOf('A1')).filter((i) => i.envelope.kind === 'acknowledgement' && i.envelope.of === L.messageId);
    expect(acks.map((a) => a.envelope.messageId)).toEqual([ackId]); // B1 and B2 both acknowledged: one receipt

    const reg = await B1.call('inbox.register', { messageId: L.messageId });
    await quiet();
    await rewind();
    await quiet();
    const item = (await B1.call('inbox.list', { state: 'all', limit: 500 })).items.filter((i) => i.messageId === L.messageId);
    expect(item).toHaveLength(1);
    expect(item[0]).toMatchObject({ state: 'registered', registration: { registryNumber: reg.registryNumber } });
    expect((await recipientStates(A2, L.registryNumber)).MOF).toMatchObject({ state: 'registered', registryNumber: reg.registryNumber });
    const confirmations = (await mailboxOf('A2')).filter((i) => i.envelope.kind === 'confirmation' && i.envelope.of === L.messageId);
    expect(confirmations).toHaveLength(1);
    invariants();
  });
});
