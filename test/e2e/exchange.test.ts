/**
 * e2e in Chromium of letters between two agencies through the real central exchange: the exchange
 * server runs as its own process on loopback; two desks (agency MPW, desk MPW-1, and agency FLD, desk
 * FLD-1) each run the browser-mode host as a child process over their own data folder.
 *
 * Desk A (MPW) connects in Settings (through a fault-injecting TCP proxy), then loses the exchange and
 * registers three outgoing letters to FLD on the Outgoing screen: the header chip shows them waiting,
 * offline. The network returns: a sync sends them and the chip counts 0. Desk B (FLD), not connected
 * until then, connects in Settings (opening its credentials file), syncs, finds the letters in its
 * Inbox, registers one with Enter, rejects one with a reason and forwards one to MOF. After A syncs
 * again, A's records show "registered by FLD as N on D", the rejection reason and "forwarded to
 * MOF". Axe finds no serious/critical violation on the new screens; the
 * layout mirrors (RTL in Arabic, LTR in English); screenshots go to test-artifacts/e2e/exchange-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgency, addDesk, startExchange, type DeskCredentialsFile, type ExchangeServer } from '../helpers/exchange-server.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { artifact, buildRenderer, fixturesDir, launchChromium, startWebHost, type WebHost } from './web-host.ts';

const LETTER_1 = path.join(fixturesDir, 'letters', 'letter-11-00.electronic.pdf');
const LETTER_2 = path.join(fixturesDir, 'letters', 'letter-11-03.electronic.pdf');
const LETTER_3 = path.join(fixturesDir, 'letters', 'letter-11-04.electronic.pdf');
for (const f of [LETTER_1, LETTER_2, LETTER_3]) if (!existsSync(f)) throw new Error(`fixture missing: ${f}`);

const A = { code: 'MPW', nameAr: 'وزارة الأشغال العامة', nameEn: 'Ministry of Public Works', desk: 'MPW-1' };
const B = { code: 'FLD', nameAr: 'إدارة الفتوى والتشريع', nameEn: 'Fatwa and Legislation Department', desk: 'FLD-1' };
/** The competent agency B forwards a letter to (no desk needed). */
const C = { code: 'MOF', nameAr: 'وزارة المالية', nameEn: 'Ministry of Finance' };
const SUBJECT_1 = 'طلب الرأي القانوني في عقد صيانة الطرق';
const SUBJECT_2 = 'إحالة مشروع لائحة المناقصات';
const SUBJECT_3 = 'طلب تعزيز اعتماد مالي لمشروع الصرف الصحي';

let rendererDir: string;
let exchange: ExchangeServer;
let proxyA: TcpProxy;
let credentialsA: Record<string, unknown>;
let credentialsB: DeskCredentialsFile;
const dirs: string[] = [];
let hostA: WebHost;
let hostB: WebHost;
let browser: Browser;
let pageA: Page;
let pageB: Page;
const pageErrors: string[] = [];

async function seriousAxeViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** One contract call to a desk's host, as the UI makes it (for diagnostics in failure messages). */
async function hostCall(host: WebHost, method: string, input: unknown = {}): Promise<unknown> {
  const token = new URL(host.url).hash.replace('#token=', '');
  const r = await fetch(new URL(`/api/${method}`, host.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return r.json();
}

let failures = 0;

/** Runs `check`; when it throws, adds the desks' exchange status to the message and screenshots both pages. */
async function withStatus(check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (err) {
    await Promise.all([
      pageA?.screenshot({ path: artifact(`exchange-failure-${++failures}-a`), fullPage: true }).catch(() => undefined),
      pageB?.screenshot({ path: artifact(`exchange-failure-${failures}-b`), fullPage: true }).catch(() => undefined),
    ]);
    const states = await Promise.all([hostA, hostB].map((h) => hostCall(h, 'exchange.status').catch((e: unknown) => String(e))));
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nexchange.status A: ${JSON.stringify(states[0])}\nexchange.status B: ${JSON.stringify(states[1])}`, { cause: err });
  }
}

const chip = (p: Page) => p.getByTestId('exchange-chip');
const chipState = (p: Page) => chip(p).getAttribute('data-state');
const chipWaiting = async (p: Page) => Number(await chip(p).getAttribute('data-waiting'));

/** Clicks the chip (sync now) and waits for that round to end (`data-rounds` counts ended rounds). */
async function syncFromChip(p: Page): Promise<void> {
  const before = Number(await chip(p).getAttribute('data-rounds'));
  await chip(p).click();
  await expect.poll(async () => Number(await chip(p).getAttribute('data-rounds')), { timeout: 60_000 }).toBeGreaterThan(before);
}

/**
 * Settings → the desk credentials, pasted (an object) or opened (a file path) → Connect; waits for the
 * connected view.
 */
async function connectInSettings(p: Page, credentials: Record<string, unknown> | string, agency: string): Promise<void> {
  await p.keyboard.press('Alt+9');
  await p.getByTestId('settings-screen').waitFor();
  if (typeof credentials === 'string') {
    await p.getByTestId('exchange-credentials-file').setInputFiles(credentials);
    await expect.poll(() => p.getByTestId('exchange-credentials').inputValue()).toContain(agency);
  } else {
    await p.getByTestId('exchange-credentials').fill(JSON.stringify(credentials, null, 2));
  }
  await p.getByTestId('exchange-connect').click();
  const connected = p.getByTestId('exchange-connected');
  await connected.waitFor({ timeout: 30_000 });
  expect(await connected.innerText()).toContain(agency);
  // The secret does not stay on the page.
  expect(await p.getByTestId('exchange-credentials').count()).toBe(0);
}

/** The delivery row of one recipient on the record screen. */
const deliveryRow = (p: Page, agency: string): Locator => p.locator(`[data-testid="delivery-row"][data-agency="${agency}"]`);

/** Outgoing screen: a letter to B with one document, registered and sent; returns its registry number. */
async function sendLetter(p: Page, file: string, subject: string): Promise<string> {
  await p.keyboard.press('Alt+4');
  await p.getByTestId('outgoing-screen').waitFor();
  const to = p.getByTestId('outgoing-to-input');
  await to.fill('الفتوى');
  await p.getByRole('option', { name: new RegExp(B.nameAr) }).waitFor(); // the directory has loaded
  await to.press('Enter');
  await p.locator(`[data-testid="outgoing-to"] [data-code="${B.code}"]`).waitFor();
  await p.getByTestId('outgoing-file-input').setInputFiles(file);
  await expect.poll(() => p.getByTestId('outgoing-document').filter({ hasText: path.basename(file) }).locator('[role="status"]').count(), { timeout: 120_000 }).toBe(0);
  await p.getByTestId('outgoing-subject').fill(subject);
  await p.getByTestId('outgoing-send').click();
  const record = p.getByTestId('record-screen');
  await record.waitFor({ timeout: 30_000 });
  await expect.poll(() => p.getByTestId('record-subject').innerText(), { timeout: 30_000 }).toBe(subject);
  const number = (await p.getByTestId('record-fields').locator('.num.strong').first().innerText()).trim();
  expect(number).not.toBe('');
  return number;
}

beforeAll(async () => {
  rendererDir = buildRenderer();
  exchange = await startExchange();
  await addAgency(exchange, { code: A.code, nameAr: A.nameAr, nameEn: A.nameEn });
  await addAgency(exchange, { code: B.code, nameAr: B.nameAr, nameEn: B.nameEn });
  await addAgency(exchange, { code: C.code, nameAr: C.nameAr, nameEn: C.nameEn });
  proxyA = await startTcpProxy({ targetPort: exchange.port });
  // Desk A reaches the exchange through the proxy (so the test can take the network away).
  const { file: _fileA, ...deskA } = await addDesk(exchange, { agency: A.code, desk: A.desk });
  credentialsA = { ...deskA, exchangeUrl: proxyA.url };
  credentialsB = await addDesk(exchange, { agency: B.code, desk: B.desk });
  const dirA = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-a-'));
  const dirB = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-b-'));
  dirs.push(dirA, dirB);
  [hostA, hostB] = await Promise.all([startWebHost(dirA, rendererDir), startWebHost(dirB, rendererDir)]);
  browser = await launchChromium();
  const open = async (host: WebHost) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'ar-KW' });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(host.url);
    await page.getByTestId('intake-screen').waitFor();
    return page;
  };
  [pageA, pageB] = await Promise.all([open(hostA), open(hostB)]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  const codes = await Promise.all([hostA?.stop(), hostB?.stop()]);
  await proxyA?.close();
  await exchange?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
  expect(codes.filter((c) => c !== undefined)).toEqual(codes.filter((c) => c !== undefined).map(() => 0));
});

/** A test whose failure message carries both desks' exchange status. */
const step = (name: string, fn: () => Promise<void>, timeout: number) => it(name, () => withStatus(fn), timeout);

describe('letters through the central exchange', () => {
  let numberA1 = '';
  let numberA2 = '';
  let numberA3 = '';
  let numberB1 = '';

  it('shows a desk not yet connected calmly: chip "not connected", inbox pointing to Settings', async () => {
    await expect.poll(() => chipState(pageB)).toBe('notConfigured');
    await pageB.keyboard.press('Alt+3');
    await pageB.getByTestId('inbox-not-configured').waitFor();
    await pageB.screenshot({ path: artifact('exchange-inbox-not-connected-ar') });
    expect(await seriousAxeViolations(pageB)).toEqual([]);
  }, 60_000);

  step('desk A connects in Settings with its credentials file', async () => {
    await pageA.keyboard.press('Alt+9');
    await pageA.getByTestId('settings-screen').waitFor();
    // Not JSON: said in place, nothing sent.
    await pageA.getByTestId('exchange-credentials').fill('not json');
    await pageA.getByTestId('exchange-connect').click();
    await expect.poll(() => pageA.getByTestId('exchange-credentials').getAttribute('aria-invalid')).toBe('true');
    await pageA.screenshot({ path: artifact('exchange-settings-ar') });
    expect(await seriousAxeViolations(pageA)).toEqual([]);
    await connectInSettings(pageA, credentialsA, A.code);
    await syncFromChip(pageA);
    await expect.poll(() => chipState(pageA)).toBe('online');
    await pageA.screenshot({ path: artifact('exchange-settings-connected-ar') });
    expect(await seriousAxeViolations(pageA)).toEqual([]);
  }, 90_000);

  step('desk A, offline, registers three outgoing letters to B; the chip shows them waiting', async () => {
    proxyA.setFault({ kind: 'refuse' });
    numberA1 = await sendLetter(pageA, LETTER_1, SUBJECT_1);
    await expect.poll(() => deliveryRow(pageA, B.code).getAttribute('data-state'), { timeout: 20_000 }).toBe('queued');
    numberA2 = await sendLetter(pageA, LETTER_2, SUBJECT_2);
    expect(numberA2).not.toBe(numberA1);
    numberA3 = await sendLetter(pageA, LETTER_3, SUBJECT_3);
    // A sync attempt finds the exchange unreachable: offline, the letters still waiting.
    await syncFromChip(pageA);
    await expect.poll(() => chipState(pageA), { timeout: 30_000 }).toBe('offline');
    expect(await chipWaiting(pageA)).toBeGreaterThanOrEqual(3);
    expect(await chip(pageA).innerText()).toMatch(/انتظار/);
    await pageA.screenshot({ path: artifact('exchange-record-queued-offline-ar'), fullPage: true });
    expect(await seriousAxeViolations(pageA)).toEqual([]);
    // The inbox says calmly that the desk is offline.
    await pageA.keyboard.press('Alt+3');
    await pageA.getByTestId('inbox-offline').waitFor();
    await pageA.getByTestId('inbox-empty').waitFor();
    await pageA.screenshot({ path: artifact('exchange-inbox-offline-ar') });
    expect(await seriousAxeViolations(pageA)).toEqual([]);

    // The outgoing form itself, filled, for the screenshots and the scan.
    await pageA.keyboard.press('Alt+4');
    const to = pageA.getByTestId('outgoing-to-input');
    await to.fill('الفتوى');
    await pageA.getByRole('option', { name: new RegExp(B.nameAr) }).waitFor();
    await pageA.screenshot({ path: artifact('exchange-outgoing-ar') });
    await to.press('Enter');
    expect(await seriousAxeViolations(pageA)).toEqual([]);
    // A half-prepared letter survives a reload of the window.
    await pageA.getByTestId('outgoing-subject').fill('مسودة لم تُرسل');
    await pageA.reload();
    await pageA.getByTestId('intake-screen').waitFor();
    await pageA.keyboard.press('Alt+4');
    await pageA.locator(`[data-testid="outgoing-to"] [data-code="${B.code}"]`).waitFor();
    expect(await pageA.getByTestId('outgoing-subject').inputValue()).toBe('مسودة لم تُرسل');
    await pageA.getByTestId('outgoing-subject').fill('');
    await pageA.locator(`[data-testid="outgoing-to"] [data-code="${B.code}"] button`).click();
  }, 300_000);

  step('the network returns: a sync sends them and the chip counts 0 once the exchange acknowledged them', async () => {
    proxyA.setFault({ kind: 'pass' });
    await syncFromChip(pageA);
    await expect.poll(async () => {
      if ((await chipWaiting(pageA)) !== 0) await syncFromChip(pageA);
      return chipWaiting(pageA);
    }, { timeout: 60_000, interval: 1_000 }).toBe(0);
    expect(await chipState(pageA)).toBe('online');
  }, 120_000);

  step('desk B connects, syncs, finds the letters in its inbox and registers one with Enter', async () => {
    await connectInSettings(pageB, credentialsB.file, B.code); // the credentials file, opened
    await syncFromChip(pageB);
    await pageB.keyboard.press('Alt+3');
    const items = pageB.getByTestId('inbox-item');
    await expect.poll(async () => {
      if ((await items.count()) < 3) await syncFromChip(pageB);
      return items.count();
    }, { timeout: 60_000, interval: 1_000 }).toBe(3);
    // Newest first: letter 3 on top.
    expect(await items.first().innerText()).toContain(SUBJECT_3);
    const first = items.filter({ hasText: SUBJECT_1 });
    await first.click();
    const detail = pageB.getByTestId('inbox-detail');
    await expect.poll(() => pageB.getByTestId('inbox-subject').innerText()).toBe(SUBJECT_1);
    expect(await detail.innerText()).toContain(numberA1); // the sender's registry number
    expect(await detail.innerText()).toContain(A.nameAr);
    expect(await pageB.getByTestId('inbox-documents').innerText()).toContain(path.basename(LETTER_1));
    // Right to left: the list on the right of the detail.
    const listBox = (await pageB.getByTestId('inbox-list').boundingBox())!;
    const detailBox = (await detail.boundingBox())!;
    expect(listBox.x).toBeGreaterThanOrEqual(detailBox.x + detailBox.width - 1);
    await pageB.screenshot({ path: artifact('exchange-inbox-ar') });
    expect(await seriousAxeViolations(pageB)).toEqual([]);

    await pageB.getByTestId('inbox-list').focus();
    await pageB.keyboard.press('Enter');
    const banner = pageB.getByTestId('inbox-registered');
    await banner.waitFor({ timeout: 120_000 }); // the desk reads the letter's documents before registering
    numberB1 = (await banner.locator('.registry-number').innerText()).trim();
    expect(numberB1).not.toBe('');
    await expect.poll(() => items.count()).toBe(2);
    await pageB.screenshot({ path: artifact('exchange-inbox-registered-ar') });
  }, 300_000);

  step('desk B rejects a second letter with a required reason', async () => {
    await pageB.getByTestId('inbox-item').filter({ hasText: SUBJECT_2 }).click();
    await expect.poll(() => pageB.getByTestId('inbox-subject').innerText()).toBe(SUBJECT_2);
    await pageB.getByTestId('inbox-reject').click();
    const dialog = pageB.getByTestId('reject-dialog');
    await dialog.waitFor();
    // Both fields are required: nothing is sent without them.
    await pageB.getByTestId('reject-confirm').click();
    await expect.poll(() => pageB.getByTestId('reject-text').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.isVisible()).toBe(true);
    await pageB.getByTestId('reject-code').selectOption('not_ours');
    await pageB.getByTestId('reject-text').fill('من اختصاص وزارة المالية');
    await pageB.screenshot({ path: artifact('exchange-reject-dialog-ar') });
    expect(await seriousAxeViolations(pageB)).toEqual([]);
    await pageB.getByTestId('reject-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await pageB.getByTestId('inbox-settled').waitFor();
    await expect.poll(() => pageB.getByTestId('inbox-item').count()).toBe(1);
  }, 90_000);

  step('desk B forwards the third letter to the competent agency, picked from the directory', async () => {
    await pageB.getByTestId('inbox-item').filter({ hasText: SUBJECT_3 }).click();
    await expect.poll(() => pageB.getByTestId('inbox-subject').innerText()).toBe(SUBJECT_3);
    await pageB.getByTestId('inbox-forward').click();
    const dialog = pageB.getByTestId('forward-dialog');
    await dialog.waitFor();
    const agency = pageB.getByTestId('forward-agency');
    await agency.fill('الماليه'); // typed with ه for ة
    await pageB.getByRole('option', { name: new RegExp(C.nameAr) }).waitFor();
    await agency.press('Enter');
    expect(await agency.inputValue()).toBe(C.nameAr);
    await dialog.locator('textarea').fill('للاختصاص');
    await pageB.screenshot({ path: artifact('exchange-forward-dialog-ar') });
    expect(await seriousAxeViolations(pageB)).toEqual([]);
    await pageB.getByTestId('forward-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await pageB.getByTestId('inbox-settled').innerText()).toContain(C.nameAr);
    await pageB.getByTestId('inbox-empty').waitFor();
    await syncFromChip(pageB);
    await expect.poll(async () => {
      if ((await chipWaiting(pageB)) !== 0) await syncFromChip(pageB);
      return chipWaiting(pageB);
    }, { timeout: 60_000, interval: 1_000 }).toBe(0);
  }, 120_000);

  step("desk A's records show the outcome per recipient after A syncs", async () => {
    await pageA.keyboard.press('Alt+2');
    await pageA.getByTestId('register-screen').waitFor();
    await pageA.getByTestId('register-row').filter({ hasText: numberA1 }).first().click();
    await pageA.getByTestId('record-screen').waitFor();
    const row = deliveryRow(pageA, B.code);
    await expect.poll(async () => {
      if ((await row.getAttribute('data-state')) !== 'registered') await syncFromChip(pageA);
      return row.getAttribute('data-state');
    }, { timeout: 90_000, interval: 1_000 }).toBe('registered');
    const text = await row.innerText();
    expect(text).toContain(`قيدته ${B.nameAr} برقم`);
    expect(text).toContain(numberB1);
    expect(text).toMatch(/بتاريخ .*\d{4}/); // the date, Gregorian with Hijri
    expect(text).toMatch(/هـ/);
    expect(await chipWaiting(pageA)).toBe(0);
    await pageA.screenshot({ path: artifact('exchange-record-registered-ar'), fullPage: true });
    expect(await seriousAxeViolations(pageA)).toEqual([]);

    await pageA.keyboard.press('Alt+2');
    await pageA.getByTestId('register-row').filter({ hasText: numberA2 }).first().click();
    const row2 = deliveryRow(pageA, B.code);
    await expect.poll(() => row2.getAttribute('data-state'), { timeout: 30_000 }).toBe('rejected');
    expect(await row2.innerText()).toContain('من اختصاص وزارة المالية');
    expect(await row2.innerText()).toContain('ليس من اختصاص جهتنا');

    await pageA.keyboard.press('Alt+2');
    await pageA.getByTestId('register-row').filter({ hasText: numberA3 }).first().click();
    const row3 = deliveryRow(pageA, B.code);
    await expect.poll(() => row3.getAttribute('data-state'), { timeout: 30_000 }).toBe('forwarded');
    expect(await row3.innerText()).toContain(`أُحيل إلى ${C.nameAr}`);

    // English: left to right, the same facts.
    await pageA.keyboard.press('Alt+2');
    await pageA.getByTestId('register-row').filter({ hasText: numberA1 }).first().click();
    await pageA.getByTestId('lang-en').click();
    expect(await pageA.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await expect.poll(() => deliveryRow(pageA, B.code).innerText()).toContain(`Registered by ${B.nameEn} as`);
    await pageA.screenshot({ path: artifact('exchange-record-registered-en'), fullPage: true });
    expect(await seriousAxeViolations(pageA)).toEqual([]);
    await pageA.keyboard.press('Alt+4');
    await pageA.getByTestId('outgoing-screen').waitFor();
    await pageA.screenshot({ path: artifact('exchange-outgoing-en') });
    await pageA.keyboard.press('Alt+9');
    await pageA.getByTestId('exchange-connected').waitFor();
    await pageA.screenshot({ path: artifact('exchange-settings-en') });
    expect(await seriousAxeViolations(pageA)).toEqual([]);
    await pageA.getByTestId('lang-ar').click();

    await pageB.getByTestId('lang-en').click();
    await pageB.getByRole('button', { name: 'All' }).click();
    await expect.poll(() => pageB.getByTestId('inbox-item').count()).toBe(3);
    const listEn = (await pageB.getByTestId('inbox-list').boundingBox())!;
    const detailEn = (await pageB.getByTestId('inbox-detail').boundingBox())!;
    expect(listEn.x + listEn.width).toBeLessThanOrEqual(detailEn.x + 1); // list on the left
    await pageB.screenshot({ path: artifact('exchange-inbox-en') });
    expect(await seriousAxeViolations(pageB)).toEqual([]);
    await pageB.getByTestId('lang-ar').click();
  }, 240_000);

  step('desk A disconnects after confirming; the chip says so and the register keeps its letters', async () => {
    await pageA.keyboard.press('Alt+9');
    await pageA.getByTestId('exchange-disconnect').click();
    await pageA.getByTestId('exchange-disconnect-confirm').click();
    await pageA.getByTestId('exchange-connect-form').waitFor();
    await expect.poll(() => chipState(pageA)).toBe('notConfigured');
    await pageA.keyboard.press('Alt+2');
    await expect.poll(() => pageA.getByTestId('register-row').count()).toBe(3);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
