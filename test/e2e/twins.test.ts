/**
 * e2e in Chromium against the browser-mode host (real child process, real SQLite, real OCR): a clerk
 * registers an electronic letter (a fixture's `.electronic.pdf`, channel electronic), later opens its
 * paper scan, is offered the registered letter side by side with a score, checks it in Arabic and in
 * English, confirms, and the register shows one registration with channel "both" — no second number.
 * Screenshots go to test-artifacts/e2e/ (twins-*).
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, buildRenderer, fixturesDir, launchChromium, startWebHost, type WebHost } from './web-host.ts';

// A noisy 150 dpi JPEG scan and its electronic copy (Kuwait Investment Authority).
const ELECTRONIC = path.join(fixturesDir, 'letters', 'letter-11-09.electronic.pdf');
const SCAN = path.join(fixturesDir, 'letters', 'letter-11-09.jpg');
const truth = () =>
  JSON.parse(readFileSync(path.join(fixturesDir, 'letters', 'letter-11-09.json'), 'utf8')) as {
    sender_ar: string;
    reference_number: string;
    reference_date_gregorian: string;
    subject: string;
  };

if (!existsSync(SCAN) || !existsSync(ELECTRONIC)) throw new Error(`fixtures missing: ${SCAN} (the shared fixtures must sit beside the repository)`);

let dataDir: string;
let rendererDir: string;
let host: WebHost;
let browser: Browser;
let page: Page;

async function seriousAxeViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

beforeAll(async () => {
  rendererDir = buildRenderer();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-twins-'));
  host = await startWebHost(dataDir, rendererDir);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ar-KW' });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  const code = await host?.stop();
  expect(code).toBe(0);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

describe('twins in the browser', () => {
  it('registers the electronic letter, then links its paper scan as its twin on the clerk\'s confirmation', async () => {
    const expected = truth();
    await page.goto(host.url);
    await page.getByTestId('intake-screen').waitFor();

    // 1. The electronic letter, registered as electronic.
    await page.getByTestId('file-input').setInputFiles(ELECTRONIC);
    const form = page.getByTestId('intake-form');
    await form.waitFor({ timeout: 150_000 });
    await page.getByTestId('ocr-text').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('twin-offer').count()).toBe(0); // nothing registered yet: nothing offered
    await page.getByTestId('field-channel').selectOption('electronic');
    const counterpart = form.locator('input[role="combobox"]');
    await counterpart.fill(expected.sender_ar);
    await counterpart.press('ArrowDown');
    await expect.poll(() => page.getByRole('option').first().innerText()).toContain(expected.sender_ar);
    await counterpart.press('Enter');
    await form.locator('input[id$="-refdate"]').fill(expected.reference_date_gregorian);
    await form.locator('textarea').fill(expected.subject);
    const refNo = form.locator('input[id$="-refno"]');
    await refNo.fill(expected.reference_number);
    await refNo.press('Enter');
    const banner = page.getByTestId('registered-banner');
    await banner.waitFor({ timeout: 30_000 });
    const registryNumber = (await banner.locator('.registry-number').innerText()).trim();

    // 2. Later, its paper copy is scanned: the registered letter is offered, side by side, with a score.
    await page.getByTestId('file-input').setInputFiles(SCAN);
    const offer = page.getByTestId('twin-offer');
    await offer.waitFor({ timeout: 150_000 });
    await page.getByTestId('page-image').first().waitFor({ timeout: 30_000 });
    expect(await offer.getByTestId('twin-registered').innerText()).toContain(expected.subject.slice(0, 20));
    expect(await offer.getByTestId('twin-registered').locator('.registry-number').innerText()).toBe(registryNumber);
    expect(await offer.getByTestId('twin-this').innerText()).toContain('الكويت');
    const score = await offer.getByTestId('twin-score').innerText();
    expect(score).toMatch(/درجة التطابق/);
    expect(score).toMatch(/النص/);
    await offer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('twins-offer-ar'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Nothing is linked by being offered: the register still shows the letter as electronic.
    const api = async (name: string, input: unknown) => {
      const token = new URL(host.url).hash.replace('#token=', '');
      const r = await fetch(new URL(`/api/${name}`, host.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      return (await r.json()) as { ok: boolean; value: { total: number; items: Array<{ channel: string; registryNumber: string }> } };
    };
    expect((await api('registry.page', { offset: 0 })).value.items.map((i) => i.channel)).toEqual(['electronic']);

    // The same offer in English, left to right.
    await page.getByTestId('lang-en').click();
    await expect.poll(() => offer.locator('h3').innerText()).toContain('same letter');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await offer.getByTestId('twin-link').innerText()).toBe('Link as twin (no new number)');
    await page.screenshot({ path: artifact('twins-offer-en'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('lang-ar').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');

    // 3. The clerk confirms: linked, no new number, channel both.
    await offer.getByTestId('twin-link').click();
    const linked = page.getByTestId('twin-linked-banner');
    await linked.waitFor({ timeout: 30_000 });
    expect(await linked.locator('.registry-number').innerText()).toBe(registryNumber);
    expect(await page.getByTestId('twin-linked-channel').innerText()).toContain('ورقي وإلكتروني');
    await page.screenshot({ path: artifact('twins-linked-ar') });

    // The register: one registration, channel both.
    await page.getByTestId('side-nav').getByRole('button', { name: 'السجل', exact: true }).click();
    await page.getByTestId('register-screen').waitFor();
    await expect.poll(() => page.getByTestId('register-row').count()).toBe(1);
    const row = page.getByTestId('register-row').first();
    expect(await row.innerText()).toContain(registryNumber);
    expect(await row.innerText()).toContain('ورقي وإلكتروني');
    await page.screenshot({ path: artifact('twins-register-ar') });
    const reg = await api('registry.page', { offset: 0 });
    expect(reg.value.total).toBe(1);
    expect(reg.value.items).toMatchObject([{ channel: 'both', registryNumber }]);
  }, 600_000);
});
