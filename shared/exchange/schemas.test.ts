import { describe, expect, it } from 'vitest';
import { journalPushSchema, pageQuerySchema, numberBlockRequestSchema, EXCHANGE_ERROR_CODES, errorBodySchema } from './api.ts';
import { deskCredentialsSchema, bearerToken } from './credentials.ts';
import { journalEventSchema } from './journal.ts';
import { envelopeSchema, signedEnvelopeSchema } from './messages.ts';
import { receiptMessageId } from './receipts.ts';
import { generateAgencyKeyPair, signEnvelope } from './signing.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const sender = { agency: 'MOH', desk: 'MOH-1' };
const at = '2026-11-29T07:30:00.000Z';
const doc = { sha256: 'a'.repeat(64), name: 'letter.pdf', mediaType: 'application/pdf', size: 10, role: 'main' };
const letter = {
  messageId: id(1),
  kind: 'letter',
  sender,
  createdAt: at,
  to: ['MOE'],
  cc: ['MOF'],
  registryNumber: '2026/000042',
  registrationDate: '2026-11-29',
  subject: 'طلب',
  classification: 'confidential',
  priority: 'urgent',
  replyBy: '2026-12-10',
  paperFollows: true,
  documents: [doc, { ...doc, sha256: 'b'.repeat(64), role: 'attachment', name: 'مرفق.png', mediaType: 'image/png' }],
  inReplyTo: null,
  forwardOf: id(9),
};
const receipt = { messageId: id(2), sender: { agency: 'MOE', desk: 'MOE-1' }, createdAt: at, of: id(1) };

describe('envelopeSchema', () => {
  const valid: Array<[string, Record<string, unknown>]> = [
    ['letter', letter],
    ['acknowledgement', { ...receipt, kind: 'acknowledgement' }],
    ['confirmation', { ...receipt, kind: 'confirmation', registryNumber: '2026/7', registrationDate: '2026-11-30' }],
    ['rejection', { ...receipt, kind: 'rejection', reasonCode: 'not_ours', reasonText: 'ليس من اختصاصنا' }],
    ['forward', { ...receipt, kind: 'forward', toAgency: 'MOI', note: '' }],
    ['annulment', { ...receipt, sender, kind: 'annulment', reason: 'أرسل خطأ' }],
  ];
  it.each(valid)('accepts a %s and returns it unchanged (what was signed is what is read)', (_kind, envelope) => {
    const parsed = envelopeSchema.parse(envelope);
    expect(parsed).toEqual(envelope);
  });

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['unknown kind', { ...letter, kind: 'telegram' }],
    ['unknown field', { ...letter, note: 'x' }],
    ['no recipient', { ...letter, to: [] }],
    ['agency twice in to and cc', { ...letter, cc: ['MOE'] }],
    ['letter to its own agency', { ...letter, to: ['MOH'] }],
    ['two main documents', { ...letter, documents: [doc, { ...doc, sha256: 'c'.repeat(64) }] }],
    ['no main document', { ...letter, documents: [{ ...doc, role: 'attachment' }] }],
    ['no document', { ...letter, documents: [] }],
    ['the same document twice', { ...letter, documents: [doc, { ...doc, role: 'attachment' }] }],
    ['upper-case hash', { ...letter, documents: [{ ...doc, sha256: 'A'.repeat(64) }] }],
    ['negative size', { ...letter, documents: [{ ...doc, size: -1 }] }],
    ['media type with a path', { ...letter, documents: [{ ...doc, mediaType: '../etc' }] }],
    ['createdAt with an offset', { ...letter, createdAt: '2026-11-29T10:30:00+03:00' }],
    ['date that does not exist', { ...letter, registrationDate: '2026-02-30' }],
    ['blank subject', { ...letter, subject: '   ' }],
    ['lower-case agency', { ...letter, to: ['moe'] }],
    ['desk id with a dot', { ...letter, sender: { agency: 'MOH', desk: 'MOH.1' } }],
    ['message id not a UUID', { ...letter, messageId: 'abc' }],
    ['unknown classification', { ...letter, classification: 'top' }],
    ['rejection with an unknown reason', { ...receipt, kind: 'rejection', reasonCode: 'bored', reasonText: '' }],
    ['receipt without of', { ...receipt, of: undefined, kind: 'acknowledgement' }],
  ];
  it.each(invalid)('refuses %s', (_name, envelope) => {
    expect(envelopeSchema.safeParse(envelope).success).toBe(false);
  });

  it('accepts a signed envelope and refuses a malformed signature', () => {
    const signed = signEnvelope(envelopeSchema.parse(letter), generateAgencyKeyPair().privateKey);
    expect(signedEnvelopeSchema.safeParse(signed).success).toBe(true);
    expect(signedEnvelopeSchema.safeParse({ ...signed, signature: 'abc' }).success).toBe(false);
  });
});

describe('journalEventSchema', () => {
  const created = {
    registrationId: id(20),
    register: 'incoming',
    year: 2026,
    seq: 42,
    registryNumber: '2026/000042',
    emergencyNumber: null,
    registeredAt: at,
    registrationDate: '2026-11-29',
    direction: 'incoming',
    channel: 'electronic',
    documentation: 'no_paper',
    transport: 'exchange',
    counterpart: { code: 'MOE', name: 'وزارة التربية' },
    referenceNumber: '12/5',
    referenceDate: '2026-11-20',
    subject: 'طلب',
    classification: 'ordinary',
    priority: 'normal',
    attachmentsCount: 1,
    operator: 'clerk1',
    documents: [doc],
    text: 'نص الكتاب',
    exchangeMessageId: id(1),
    reRegistrationOf: null,
  };
  const event = (kind: string, payload: Record<string, unknown>) => ({ eventId: id(30), agency: 'MOH', desk: 'MOH-1', at, kind, payload });
  const settled = { messageId: id(1), senderAgency: 'MOE', outcome: 'registered', registrationId: id(20), registryNumber: '2026/000042', reasonCode: null, toAgency: null };

  const valid: Array<[string, Record<string, unknown>]> = [
    ['registration.created', event('registration.created', created)],
    ['registration.created, emergency only', event('registration.created', { ...created, seq: null, registryNumber: null, emergencyNumber: 'ط-MOH-1-2026/1' })],
    ['registration.numbered', event('registration.numbered', { registrationId: id(20), register: 'incoming', year: 2026, seq: 43, registryNumber: '2026/000043', emergencyNumber: 'ط-MOH-1-2026/1' })],
    ['registration.annulled', event('registration.annulled', { registrationId: id(20), registryNumber: '2026/000042', emergencyNumber: null, reason: 'خطأ', authorisingReference: null, operator: 'sup' })],
    ['registration.documentAdded, a twin', event('registration.documentAdded', { registrationId: id(20), role: 'twin', document: doc, text: 'نص', twin: { channel: 'paper', transport: 'courier', exchangeMessageId: null, score: 0.9, documentation: 'complementary_paper' }, operator: 'clerk1' })],
    ['registration.documentAdded, a continuation', event('registration.documentAdded', { registrationId: id(20), role: 'continuation', document: doc, text: '', twin: null, operator: 'clerk1' })],
    ['inbox.settled registered', event('inbox.settled', settled)],
    ['inbox.settled rejected', event('inbox.settled', { ...settled, outcome: 'rejected', registrationId: null, registryNumber: null, reasonCode: 'unreadable' })],
    ['inbox.settled forwarded', event('inbox.settled', { ...settled, outcome: 'forwarded', registrationId: null, registryNumber: null, toAgency: 'MOI' })],
  ];
  it.each(valid)('accepts %s unchanged', (_name, e) => {
    expect(journalEventSchema.parse(e)).toEqual(e);
  });

  it('reads a registration.created from a desk that did not record documentation and transport as not recorded', () => {
    const { documentation: _d, transport: _t, ...older } = created;
    const parsed = journalEventSchema.parse(event('registration.created', older));
    expect(parsed.payload).toMatchObject({ documentation: null, transport: null });
  });

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['created with no number at all', event('registration.created', { ...created, seq: null, registryNumber: null })],
    ['created with seq but no number', event('registration.created', { ...created, registryNumber: null, emergencyNumber: 'ط-1' })],
    ['created with an unknown register', event('registration.created', { ...created, register: 'misc' })],
    ['created without text', event('registration.created', { ...created, text: undefined })],
    ['payload of another kind', event('registration.numbered', created)],
    ['a twin that came "both" ways', event('registration.documentAdded', { registrationId: id(20), role: 'twin', document: doc, text: '', twin: { channel: 'both', transport: null, exchangeMessageId: null, score: null, documentation: 'no_paper' }, operator: 'x' })],
    ['an added document of an unknown role', event('registration.documentAdded', { registrationId: id(20), role: 'cover', document: doc, text: '', twin: null, operator: 'x' })],
    ['settled registered without registration', event('inbox.settled', { ...settled, registrationId: null })],
    ['settled forwarded without agency', event('inbox.settled', { ...settled, outcome: 'forwarded' })],
    ['unknown kind', event('registration.deleted', created)],
  ];
  it.each(invalid)('refuses %s', (_name, e) => {
    expect(journalEventSchema.safeParse(e).success).toBe(false);
  });

  it('a push carries 1–500 events', () => {
    expect(journalPushSchema.safeParse({ events: [] }).success).toBe(false);
    expect(journalPushSchema.safeParse({ events: [valid[0]![1]] }).success).toBe(true);
  });
});

describe('receiptMessageId', () => {
  it('is a UUID v5, the same for the same letter and kind, whatever the case', () => {
    const a = receiptMessageId(id(1), 'acknowledgement');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(receiptMessageId(id(1).toUpperCase(), 'acknowledgement')).toBe(a);
  });
  it('differs by kind and by letter', () => {
    const ids = new Set(
      [id(1), id(2)].flatMap((l) => (['acknowledgement', 'confirmation', 'rejection', 'forward', 'annulment'] as const).map((k) => receiptMessageId(l, k))),
    );
    expect(ids.size).toBe(10);
  });
  it('refuses a letter id that is not a UUID', () => {
    expect(() => receiptMessageId('42', 'confirmation')).toThrow();
  });
});

describe('deskCredentialsSchema', () => {
  const creds = {
    exchangeUrl: 'http://127.0.0.1:8470',
    agency: 'MOH',
    desk: 'MOH-1',
    secret: 'A'.repeat(43),
    agencyPrivateKey: generateAgencyKeyPair().privateKey,
  };
  it('accepts a credentials file and builds its bearer token', () => {
    expect(deskCredentialsSchema.parse(creds)).toEqual(creds);
    expect(bearerToken(creds)).toBe(`Bearer MOH-1.${'A'.repeat(43)}`);
  });
  it.each([
    ['ftp URL', { ...creds, exchangeUrl: 'ftp://x' }],
    ['short secret', { ...creds, secret: 'abc' }],
    ['key of 31 bytes', { ...creds, agencyPrivateKey: 'A'.repeat(40) + '==' }],
    ['extra field', { ...creds, password: 'x' }],
    ['missing desk', { ...creds, desk: undefined }],
  ])('refuses %s', (_name, value) => {
    expect(deskCredentialsSchema.safeParse(value).success).toBe(false);
  });
});

describe('API bodies', () => {
  it('page query: numbers from query strings, defaults, bounds', () => {
    expect(pageQuerySchema.parse({})).toEqual({ after: 0, limit: 100, wait: 0 });
    expect(pageQuerySchema.parse({ after: '7', limit: '3', wait: '25' })).toEqual({ after: 7, limit: 3, wait: 25 });
    for (const bad of [{ wait: '26' }, { limit: '0' }, { after: '-1' }, { after: 'x' }, { limit: '1.5' }, { other: '1' }]) {
      expect(pageQuerySchema.safeParse(bad).success).toBe(false);
    }
  });
  it('number block request', () => {
    expect(numberBlockRequestSchema.safeParse({ requestId: id(3), register: 'outgoing', year: 2026, size: 100 }).success).toBe(true);
    expect(numberBlockRequestSchema.safeParse({ requestId: id(3), register: 'outgoing', year: 2026, size: 0 }).success).toBe(false);
  });
  it('error body codes are a closed list', () => {
    expect(EXCHANGE_ERROR_CODES).toContain('message_id_reused');
    expect(errorBodySchema.safeParse({ error: { code: 'hash_mismatch', message: 'x' } }).success).toBe(true);
    expect(errorBodySchema.safeParse({ error: { code: 'teapot', message: 'x' } }).success).toBe(false);
  });
});
