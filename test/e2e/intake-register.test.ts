/**
 * e2e in Chromium against the browser-mode host (a real child process over a real data folder, real
 * OCR, real SQLite): a clerk imports a letter, checks the OCR text and the suggested fields, re-runs
 * OCR on the page with other languages, registers with Enter, finds it in the register by a search
 * typed without hamza, opens the record; the layout is right to left in Arabic and left to right in
 * English; axe finds no serious/critical violation.
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

// A clean 300 dpi letter from the Ministry of Health; its subject has "إحصائية", which the clerk
// searches typed without hamza: "احصائية".
const LETTER = path.join(fixturesDir, 'letters', 'letter-11-07.png');
const SEARCH_WITHOUT_HAMZA = 'احصائية';
const letterJson = () =>
  JSON.parse(readFileSync(LETTER.replace(/\.png$/, '.json'), 'utf8')) as {
    sender_ar: string;
    reference_number: string;
    reference_date_gregorian: string;
    subject: string;
  };

if (!existsSync(LETTER)) throw new Error(`fixture missing: ${LETTER} (the shared fixtures must sit beside the repository)`);

let dataDir: string;
let rendererDir: string;
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
  rendererDir = buildRenderer();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-'));
  host = await startWebHost(dataDir, rendererDir);
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
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
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

  it('reads a letter: OCR text beside the page image, suggested fields with their evidence', async () => {
    const expected = letterJson();
    await page.goto(host.url);
    await page.getByTestId('intake-screen').waitFor();
    // The token left the address bar.
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);

    // Import the letter through the file input (what "Open files" / Ctrl+O opens).
    await page.getByTestId('file-input').setInputFiles(LETTER);
    const ocr = page.getByTestId('ocr-text');
    await ocr.waitFor({ timeout: 150_000 });
    await page.getByTestId('page-image').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifact('intake-read-ar') });
    expect(await seriousAxeViolations(page)).toEqual([]);

    const text = (await ocr.innerText()).replace(/[\u0623\u0625\u0622]/g, 'ا');
    expect(text).toContain('الكويت');
    expect(text).toContain('الصحة');

    // Suggested fields, with their evidence marked in the text.
    const form = page.getByTestId('intake-form');
    expect(await form.locator('input[role="combobox"]').inputValue()).toBe(expected.sender_ar);
    expect(await form.locator('input[id$="-refno"]').inputValue()).toBe(expected.reference_number);
    expect(await form.locator('input[id$="-refdate"]').inputValue()).toBe(expected.reference_date_gregorian);
    expect(await page.getByTestId('reference-date-dual').innerText()).toMatch(/1448/); // Hijri beside Gregorian
    expect(await ocr.locator('mark[data-field~="counterpart"]').count()).toBeGreaterThan(0);
    await form.locator('input[id$="-refno"]').focus();
    await expect.poll(() => ocr.locator('mark.active[data-field~="referenceNumber"]').count()).toBeGreaterThan(0);

    // Re-run OCR on the page with English only: the page is read again (the Arabic turns to Latin
    // junk, the suggestion with it), then with Arabic, and the text is back.
    const rerun = page.getByTestId('rerun-ocr');
    // What the panel says it last read with (or the translated error, which fails the wait with its text).
    const lastRead = async () => ((await rerun.locator('.error-box').count()) > 0 ? `error: ${await rerun.locator('.error-box').innerText()}` : page.getByTestId('rerun-last').innerText());
    const before = await ocr.innerText();
    await rerun.getByTestId('rerun-languages').selectOption('eng');
    await rerun.getByTestId('rerun-button').click();
    await expect.poll(lastRead, { timeout: 300_000, interval: 1000 }).toContain('الإنجليزية،');
    expect(await ocr.innerText()).not.toBe(before);
    expect(await ocr.innerText()).not.toContain('الصحة');
    expect(await form.locator('input[role="combobox"]').inputValue()).not.toBe(expected.sender_ar); // the untouched field follows the new reading
    await page.screenshot({ path: artifact('intake-rerun-eng-ar') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await rerun.getByTestId('rerun-languages').selectOption('ara');
    await rerun.getByTestId('rerun-button').click();
    await expect.poll(lastRead, { timeout: 300_000, interval: 1000 }).toContain('العربية،');
    expect((await ocr.innerText()).replace(/[\u0623\u0625\u0622]/g, 'ا')).toContain('الصحة');
    expect(await form.locator('input[role="combobox"]').inputValue()).toBe(expected.sender_ar);
  }, 900_000);

  it('registers with Enter after the clerk\'s check, finds it by a search typed without hamza, opens the record', async () => {
    const expected = letterJson();
    // The window is closed and opened again: the half-filled registration comes back.
    await page.reload();
    const form = page.getByTestId('intake-form');
    await form.waitFor({ timeout: 20_000 });
    // The clerk checks each field and corrects it in place: the counterpart from the pick-list
    // (typed without hamza), the date with Arabic-Indic digits.
    const counterpart = form.locator('input[role="combobox"]');
    await counterpart.fill('وزاره الصحه'); // typed with ه for ة: the pick-list matches normalised names
    await counterpart.press('ArrowDown');
    await expect.poll(() => page.getByRole('option').first().innerText()).toContain(expected.sender_ar);
    await counterpart.press('Enter');
    expect(await counterpart.inputValue()).toBe(expected.sender_ar);
    await form.locator('input[id$="-refdate"]').fill('٢٠٢٦-٠٩-١٢');
    await expect.poll(() => page.getByTestId('reference-date-dual').innerText()).toContain('1448');
    await form.locator('textarea').fill(expected.subject);
    const refNo = form.locator('input[id$="-refno"]');
    await refNo.fill(expected.reference_number);
    await page.screenshot({ path: artifact('intake-checked-ar') });

    // Enter registers; the registry number is shown prominently.
    await refNo.press('Enter');
    const banner = page.getByTestId('registered-banner');
    await banner.waitFor({ timeout: 30_000 });
    const registryNumber = (await banner.locator('.registry-number').innerText()).trim();
    expect(registryNumber).toMatch(/^\d{4}\/\d+$/);
    await page.screenshot({ path: artifact('intake-registered-ar') });

    // The register, newest first, then searched.
    await page.getByTestId('side-nav').getByRole('button', { name: 'السجل', exact: true }).click();
    const screen = page.getByTestId('register-screen');
    await screen.waitFor();
    await expect.poll(() => page.getByTestId('register-row').count()).toBe(1);
    const searchDone = (q: string) =>
      page.waitForFunction((query) => {
        const el = document.querySelector('[data-testid="register-screen"]');
        return el?.getAttribute('data-search-query') === query && el.getAttribute('data-search-state') === 'idle';
      }, q);
    // A word the letter does not contain finds nothing, so the hit below comes from the search.
    await page.getByTestId('register-search').fill('زنجبيل');
    await searchDone('زنجبيل');
    expect(await page.getByTestId('register-row').count()).toBe(0);
    await page.getByTestId('register-search').fill(SEARCH_WITHOUT_HAMZA);
    await searchDone(SEARCH_WITHOUT_HAMZA);
    const hit = page.getByTestId('register-row').filter({ hasText: registryNumber });
    await hit.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifact('register-search-ar') });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Open the record from the keyboard.
    await hit.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('record-screen').waitFor();
    await expect.poll(() => page.getByTestId('record-fields').innerText()).toContain(registryNumber);
    expect(await page.getByTestId('record-subject').innerText()).toBe(expected.subject);
    expect((await page.getByTestId('record-page-text').first().innerText()).length).toBeGreaterThan(20);
    await page.screenshot({ path: artifact('record-ar'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The same file again, dropped onto the window this time: "already registered as N", with the
    // record one click away; no second number.
    await page.getByTestId('side-nav').getByRole('button', { name: 'استلام' }).click();
    const dropped = await page.evaluateHandle(
      ({ b64, name }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
        return dt;
      },
      { b64: readFileSync(LETTER).toString('base64'), name: path.basename(LETTER) },
    );
    await page.dispatchEvent('body', 'dragover', { dataTransfer: dropped });
    await page.dispatchEvent('body', 'drop', { dataTransfer: dropped });
    const already = page.getByTestId('already-registered');
    await already.waitFor({ timeout: 150_000 });
    expect(await already.innerText()).toContain(registryNumber);
    await page.screenshot({ path: artifact('intake-already-registered-ar') });
    expect(await already.getByRole('checkbox').isChecked()).toBe(false); // re-registering is a deliberate choice
    await already.getByRole('button', { name: `فتح القيد ${registryNumber}` }).click();
    await expect.poll(() => page.getByTestId('record-fields').innerText()).toContain(registryNumber);
    await page.getByTestId('side-nav').getByRole('button', { name: 'استلام' }).click();
    await page.getByRole('button', { name: 'إغلاق هذا الكتاب' }).click();
  }, 300_000);

  it('mirrors the whole layout: right to left in Arabic, left to right in English', async () => {
    await page.getByTestId('side-nav').getByRole('button', { name: 'استلام' }).click();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
    const navBox = (await page.getByTestId('side-nav').boundingBox())!;
    const contentBox = (await page.getByTestId('content').boundingBox())!;
    expect(navBox.x).toBeGreaterThanOrEqual(contentBox.x + contentBox.width - 1); // navigation on the right
    await page.screenshot({ path: artifact('intake-ar') });

    await page.getByTestId('lang-en').click();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['ltr', 'en']);
    const navEn = (await page.getByTestId('side-nav').boundingBox())!;
    const contentEn = (await page.getByTestId('content').boundingBox())!;
    expect(navEn.x + navEn.width).toBeLessThanOrEqual(contentEn.x + 1); // navigation on the left
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().innerText()).toContain('Intake');
    await page.screenshot({ path: artifact('intake-en') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('side-nav').getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByTestId('register-row').first().waitFor();
    await page.screenshot({ path: artifact('register-en') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('lang-ar').click(); // back to Arabic for the next run of the same profile
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(cspViolations).toEqual([]);
  }, 60_000);
});
