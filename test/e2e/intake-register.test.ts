/**
 * e2e in Chromium against the browser-mode host (a real child process over a real data folder, real
 * OCR, real SQLite): a clerk imports a letter, checks the OCR text and the suggested fields, registers
 * with Enter, finds it in the register by a search typed without hamza, opens the record; the layout
 * is right to left in Arabic and left to right in English; axe finds no serious/critical violation.
 * Screenshots go to test-artifacts/e2e/.
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifact, buildRenderer, fixturesDir, launchChromium, startWebHost, type WebHost } from './web-host.ts';

// A clean 300 dpi letter from the Ministry of Electricity and Water; its subject has
// "الإلكترونية", which the clerk searches typed without hamza: "الالكترونية".
const LETTER = path.join(fixturesDir, 'letters', 'letter-11-03.png');
const SEARCH_WITHOUT_HAMZA = 'الالكترونية';
const letterJson = () =>
  JSON.parse(readFileSync(LETTER.replace(/\.png$/, '.json'), 'utf8')) as {
    sender_ar: string;
    reference_number: string;
    reference_date_gregorian: string;
  };

if (!existsSync(LETTER)) throw new Error(`fixture missing: ${LETTER} (the shared fixtures must sit beside the repository)`);

let dataDir: string;
let host: WebHost;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

async function seriousAxeViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** Raw HTTP to the host with a chosen Host header (fetch does not allow setting it). */
function rawPost(origin: string, pathName: string, headers: Record<string, string>, body: string): Promise<number> {
  const u = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: pathName, method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  buildRenderer();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-'));
  host = await startWebHost(dataDir);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'ar-KW' });
  page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  const code = await host?.stop();
  expect(code).toBe(0); // SIGTERM closes cleanly
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('browser mode', () => {
  it('guards the API: token, Host header, security headers', async () => {
    const index = await fetch(host.origin);
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');

    const body = JSON.stringify({ offset: 0 });
    const noToken = await fetch(new URL('/api/registry.page', host.origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(noToken.status).toBe(401);
    const token = new URL(host.url).hash.replace('#token=', '');
    const wrongToken = await fetch(new URL('/api/registry.page', host.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.slice(1)}x` },
      body,
    });
    expect(wrongToken.status).toBe(401);
    const ok = await fetch(new URL('/api/registry.page', host.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { total: 0, items: [] } });
    const unknown = await fetch(new URL('/api/no.such', host.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(await unknown.json()).toMatchObject({ ok: false, error: { kind: 'validation' } });

    // DNS rebinding: right token, foreign Host name.
    const rebound = await rawPost(host.origin, '/api/registry.page', { host: `evil.example:${new URL(host.origin).port}`, 'content-type': 'application/json', authorization: `Bearer ${token}` }, body);
    expect(rebound).toBe(403);
  });

  it('registers a scanned letter end to end, in Arabic (RTL) and English (LTR)', async () => {
    const expected = letterJson();
    await page.goto(host.url);
    await page.getByTestId('intake-screen').waitFor();
    // The token left the address bar.
    expect(page.url()).not.toContain('token=');

    // Arabic, right to left, and the layout mirrored: the navigation sits on the right of the content.
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
    const navBox = (await page.getByTestId('side-nav').boundingBox())!;
    const contentBox = (await page.getByTestId('content').boundingBox())!;
    expect(navBox.x).toBeGreaterThan(contentBox.x + contentBox.width / 2);

    // Import the letter through the file input.
    await page.getByTestId('file-input').setInputFiles(LETTER);
    await page.getByTestId('intake-progress').waitFor({ timeout: 20_000 }).catch(() => undefined);
    const ocr = page.getByTestId('ocr-text');
    await ocr.waitFor({ timeout: 150_000 });
    await page.screenshot({ path: artifact('intake-read-ar') });
    const text = (await ocr.innerText()).replace(/[\u0623\u0625\u0622]/g, 'ا');
    expect(text).toContain('الكويت');
    expect(text).toContain('الكهرباء');
    // The page image beside it.
    await page.getByTestId('page-image').waitFor({ timeout: 30_000 });

    // Suggested fields, with the evidence marked in the text.
    const form = page.getByTestId('intake-form');
    await expect.poll(() => form.locator('input[role="combobox"]').inputValue()).toBe(expected.sender_ar);
    expect(await form.locator('input[id$="-refno"]').inputValue()).toBe(expected.reference_number);
    expect(await form.locator('input[id$="-refdate"]').inputValue()).toBe(expected.reference_date_gregorian);
    expect(await page.getByTestId('reference-date-dual').innerText()).toMatch(/1436/); // Hijri shown beside
    expect(await ocr.locator('mark[data-field~="counterpart"]').count()).toBeGreaterThan(0);
    await form.locator('input[id$="-refno"]').focus();
    await expect.poll(() => ocr.locator('mark.active[data-field~="referenceNumber"]').count()).toBeGreaterThan(0);

    await page.screenshot({ path: artifact('intake-ar'), fullPage: false });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Register with Enter (from a field), see the registry number.
    await form.locator('input[id$="-refno"]').press('Enter');
    const banner = page.getByTestId('registered-banner');
    await banner.waitFor({ timeout: 30_000 });
    const registryNumber = (await banner.locator('.registry-number').innerText()).trim();
    expect(registryNumber).toMatch(/\d/);
    await page.screenshot({ path: artifact('intake-registered-ar') });

    // The register, searched without hamza.
    await page.getByRole('button', { name: 'السجل', exact: true }).click();
    await page.getByTestId('register-screen').waitFor();
    await expect.poll(() => page.getByTestId('register-row').count()).toBe(1);
    const screen = page.getByTestId('register-screen');
    const searchDone = (q: string) =>
      page.waitForFunction(
        (query) => {
          const el = document.querySelector('[data-testid="register-screen"]');
          return el?.getAttribute('data-search-query') === query && el.getAttribute('data-search-state') === 'idle';
        },
        q,
      );
    // A word the letter does not contain finds nothing (so the hit below comes from the search).
    await page.getByTestId('register-search').fill('زنجبيل');
    await searchDone('زنجبيل');
    expect(await page.getByTestId('register-row').count()).toBe(0);
    await page.getByTestId('register-search').fill(SEARCH_WITHOUT_HAMZA);
    await searchDone(SEARCH_WITHOUT_HAMZA);
    expect(await screen.getAttribute('data-search-query')).toBe(SEARCH_WITHOUT_HAMZA);
    const hit = page.getByTestId('register-row').filter({ hasText: registryNumber });
    await hit.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifact('register-search-ar') });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Open the record from the keyboard.
    await hit.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('record-screen').waitFor();
    await expect.poll(() => page.getByTestId('record-fields').innerText()).toContain(registryNumber);
    expect((await page.getByTestId('record-page-text').first().innerText()).length).toBeGreaterThan(50);
    await page.screenshot({ path: artifact('record-ar'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // English: everything left to right, navigation on the left.
    await page.getByTestId('lang-en').click();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['ltr', 'en']);
    const navEn = (await page.getByTestId('side-nav').boundingBox())!;
    const contentEn = (await page.getByTestId('content').boundingBox())!;
    expect(navEn.x + navEn.width).toBeLessThanOrEqual(contentEn.x + 1);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().innerText()).toContain('Registration');
    await page.screenshot({ path: artifact('record-en'), fullPage: true });
    await page.getByRole('button', { name: 'Intake', exact: true }).click();
    await page.screenshot({ path: artifact('intake-en') });
    expect(await seriousAxeViolations(page)).toEqual([]);

    expect(cspViolations).toEqual([]);
  }, 300_000);
});
