/**
 * Twins across desks and the exchange (docs/parallel-period.md, "Twins"), with the real exchange
 * process on loopback and real desks over their own SQLite files:
 * - the paper copy scanned on a desk that was offline, whose electronic copy another desk of the same
 *   agency registered, is found after sync, linked on the clerk's confirmation, and the link reaches
 *   the other desk (one registration, channel both, on every desk);
 * - an electronic letter arriving after its paper copy was registered joins that registration, and
 *   the sender's confirmation carries the existing registry number.
 *
 * Agencies: MOH (desks A1, A2) receives; MOF (desk B1) sends. The paper side's text and fields are
 * put in as intake stores them (real OCR of twins is in test/twins-matching.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../electron/services/blobs/store.ts';
import type { Services } from '../../electron/services/services.ts';
import { checkInvariants, createWorld, recipientStates, sendLetter, syncUntilQuiet, type Desk, type World } from '../helpers/desks.ts';

/** Western digits written as Arabic-Indic ones, as a paper letter prints them. */
const toArabicIndicDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

let w: World;
let A1: Desk, A2: Desk, B1: Desk;

beforeAll(async () => {
  w = await createWorld([
    { label: 'A1', agency: 'MOH', desk: 'MOH-1' },
    { label: 'A2', agency: 'MOH', desk: 'MOH-2' },
    { label: 'B1', agency: 'MOF', desk: 'MOF-1' },
  ]);
  [A1, A2, B1] = ['A1', 'A2', 'B1'].map((l) => w.desk(l)) as [Desk, Desk, Desk];
  await syncUntilQuiet(w.desks);
});
afterAll(async () => {
  await w?.close();
});

/** The text of the letter sendLetter() sends for `seed` (its born-digital PDF's text layer). */
function letterText(seed: string): string {
  return ['Ministry of Health - General Registry', `Reference: MOH/${seed}`, 'Subject: request for budget figures', 'Please find attached the figures requested in your letter.', 'Regards'].join('\n');
}

/** A scanned paper copy as intake stores it: its OCR text and the fields suggested from it. */
function putPaperScan(desk: Desk, o: { text: string; referenceNumber: string; referenceDate: string }): string {
  const bytes = Buffer.from(`scan of ${o.text} ${Math.random()}`);
  const sha256 = sha256Hex(bytes);
  desk.services.registry.putAnalysis({
    sha256,
    fileName: 'scan.png',
    mediaType: 'image/png',
    byteLength: bytes.byteLength,
    pages: [{ index: 0, source: 'ocr', text: o.text, confidence: 81, rotation: 0, segmentation: 'single_block', lowConfidenceWords: [], width: 100, height: 100 }],
    meanConfidence: 81,
    suggestions: {
      counterpart: { code: 'MOF', nameAr: 'وزارة المالية', nameEn: 'Ministry of Finance', score: 0.9, evidence: null },
      referenceNumber: { value: o.referenceNumber, asPrinted: toArabicIndicDigits(o.referenceNumber), evidence: null },
      referenceDate: { gregorian: o.referenceDate, hijri: null, calendar: 'gregorian', problem: null, alternatives: [], asPrinted: o.referenceDate, evidence: null },
      subject: null,
      attachmentsCount: null,
    },
    durationMs: 1,
  } as Parameters<Services['registry']['putAnalysis']>[0]);
  return sha256;
}

describe('twins across desks', () => {
  it('a paper copy scanned on a desk that was offline finds its electronic twin after sync; the link reaches the other desk', async () => {
    const seed = `twin-${Date.now()}`;
    const sent = await sendLetter(B1, { to: ['MOH'], seed, subject: 'طلب أرقام الميزانية' });
    await syncUntilQuiet([B1, A1]);
    const inbox = await A1.call('inbox.list', { state: 'new', limit: 50 });
    const item = inbox.items.find((i) => i.messageId === sent.messageId);
    expect(item).toBeDefined();
    const electronic = await A1.call('inbox.register', { messageId: sent.messageId });
    expect(electronic.channel).toBe('electronic');
    await syncUntilQuiet([A1]); // the registration is in the agency journal

    // A2 has not synced: the paper copy (reference number printed in Arabic-Indic digits) has no candidate yet.
    const paper = putPaperScan(A2, { text: letterText(seed).replace('budget', 'budgat'), referenceNumber: sent.registryNumber, referenceDate: sent.registrationDate });
    expect((await A2.call('twins.candidates', { documentSha256: paper, channel: 'paper' })).candidates).toEqual([]);

    await syncUntilQuiet([A2]);
    const found = await A2.call('twins.candidates', { documentSha256: paper, channel: 'paper' });
    expect(found.candidates[0]?.registration.registryNumber).toBe(electronic.registryNumber);
    // offered, not linked
    expect((await A2.call('registry.show', { registryNumber: electronic.registryNumber, register: 'incoming' })).channel).toBe('electronic');

    const linked = await A2.call('twins.link', { documentSha256: paper, registryNumber: electronic.registryNumber, register: 'incoming', channel: 'paper', transport: 'courier' });
    expect(linked).toMatchObject({ registryNumber: electronic.registryNumber, channel: 'both', documentation: 'complementary_paper' });

    await syncUntilQuiet(w.desks);
    for (const d of [A1, A2]) {
      const r = await d.call('registry.show', { registryNumber: electronic.registryNumber, register: 'incoming' });
      expect(r.channel, d.label).toBe('both');
      expect(r.documentation, d.label).toBe('complementary_paper');
      expect(r.documents.map((x) => x.role), d.label).toEqual(['main', 'twin']);
      expect(r.history.map((h) => h.action), d.label).toContain('twin_linked');
      // one registration of the letter on each desk
      expect((await d.call('registry.search', { query: seed, limit: 10, beforeId: null })).items.map((i) => i.registryNumber), d.label).toEqual([electronic.registryNumber]);
    }
    checkInvariants(w.desks);
  });

  it('an electronic letter arriving after its paper copy joins the paper registration; the sender is told the existing number', async () => {
    const seed = `paper-first-${Date.now()}`;
    const sent = await sendLetter(B1, { to: ['MOH'], seed, subject: 'طلب أرقام الميزانية' });
    // The paper copy came by courier and was registered before A1 synced.
    const scan = putPaperScan(A1, { text: letterText(seed), referenceNumber: sent.registryNumber, referenceDate: sent.registrationDate });
    const paper = (
      await A1.call('registry.register', {
        documentSha256: scan,
        direction: 'incoming',
        channel: 'paper',
        transport: 'courier',
        counterpart: { code: 'MOF', name: 'وزارة المالية' },
        referenceNumber: toArabicIndicDigits(sent.registryNumber),
        referenceDate: sent.registrationDate,
        subject: 'طلب أرقام الميزانية',
      })
    ).registration!;
    expect(paper).toMatchObject({ channel: 'paper', documentation: 'paper_original', transport: 'courier' });
    await syncUntilQuiet([B1, A1]);

    // a registration of another counterpart is refused, and nothing changes
    const other = putPaperScan(A1, { text: 'another letter', referenceNumber: '1', referenceDate: sent.registrationDate });
    const wrong = (
      await A1.call('registry.register', { documentSha256: other, counterpart: { code: 'MOJ', name: 'وزارة العدل' }, subject: 'كتاب آخر' })
    ).registration!;
    const refused = await A1.call('inbox.register', { messageId: sent.messageId, twinOf: { registryNumber: wrong.registryNumber, register: 'incoming' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(refused)).toMatch(/MOJ/);
    expect((await A1.call('inbox.list', { state: 'new', limit: 50 })).items.map((i) => i.messageId)).toContain(sent.messageId);

    // the desk offers the paper registration for the inbox letter (and not the other counterpart's)
    const offered = (await A1.call('inbox.twinCandidates', { messageId: sent.messageId })).candidates;
    expect(offered.map((c) => c.registration.registryNumber)).toEqual([paper.registryNumber]);
    expect(offered[0]!.parts.referenceNumber).toBe(1);

    const joined = await A1.call('inbox.register', { messageId: sent.messageId, twinOf: { registryNumber: paper.registryNumber, register: 'incoming', score: offered[0]!.score } });
    expect(joined).toMatchObject({ registryNumber: paper.registryNumber, channel: 'both', documentation: 'paper_original', transport: 'courier' });
    expect((await A1.call('inbox.list', { state: 'new', limit: 50 })).items.map((i) => i.messageId)).not.toContain(sent.messageId);

    await syncUntilQuiet(w.desks);
    const states = await recipientStates(B1, sent.registryNumber);
    expect(states.MOH).toMatchObject({ state: 'registered', registryNumber: paper.registryNumber });
    const onA2 = await A2.call('registry.show', { registryNumber: paper.registryNumber, register: 'incoming' });
    expect(onA2.channel).toBe('both');
    expect(onA2.documents.map((d) => d.role)).toEqual(['main', 'twin']);
    checkInvariants(w.desks);
  });
});
