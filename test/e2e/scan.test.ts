/**
 * e2e in Chromium against the browser-mode host: the Scan panel of the intake screen. A clerk scans a
 * stack from a network scanner (an eSCL scanner running in the test on 127.0.0.1, serving fixture
 * images with a separator sheet between two letters), follows the progress, sees both letters
 * registered with their numbers and opens one; then cancels a slow scan. Arabic, right to left; axe
 * finds no serious or critical violation. Screenshots go to test-artifacts/e2e/.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEsclServer, type EsclServer } from '../helpers/escl-server.ts';
import { pngOf, separatorScan } from '../helpers/scan-pages.ts';
import { artifact, buildRenderer, fixturesDir, launchChromium, startWebHost, type WebHost } from './web-host.ts';

let dataDir: string;
let rendererDir: string;
let host: WebHost;
let browser: Browser;
let page: Page;
let scanner: EsclServer;
let slowScanner: EsclServer;

beforeAll(async () => {
  const a = readFileSync(path.join(fixturesDir, 'letters', 'letter-11-01.jpg'));
  const b = readFileSync(path.join(fixturesDir, 'letters', 'letter-11-03.png'));
  const sep = await pngOf(await separatorScan(150));
  scanner = await startEsclServer([
    { bytes: a, type: 'image/jpeg' },
    { bytes: sep, type: 'image/png' },
    { bytes: b, type: 'image/png' },
  ]);
  slowScanner = await startEsclServer([{ bytes: a, type: 'image/jpeg' }, { bytes: b, type: 'image/png' }], { pageDelayMs: 4000 });
  rendererDir = buildRenderer();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-scan-'));
  host = await startWebHost(dataDir, rendererDir);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'ar-KW' });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  await scanner?.close();
  await slowScanner?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

async function seriousAxeViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).include('[data-testid="scan-panel"]').analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

describe('Scan panel', () => {
  it('scans a stack from a network scanner, splits it at the separator sheet and lists both registrations', async () => {
    await page.goto(host.url);
    await page.getByTestId('intake-screen').waitFor();
    const panel = page.getByTestId('scan-panel');
    await panel.locator('#scan-heading button').click();
    await panel.locator('input[name="scan-source"][value="escl"]').check();
    await panel.locator('input[type="url"]').fill(scanner.url);
    await panel.getByTestId('scan-split').selectOption('separator');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await panel.getByTestId('scan-start').click();
    const job = panel.getByTestId('scan-job');
    await job.waitFor();
    await page.waitForSelector('[data-testid="scan-job"][data-state="done"]', { timeout: 240_000 });
    const rows = panel.locator('[data-testid="scan-letters"] tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state')))).toEqual(['registered', 'registered']);
    const numbers = await rows.locator('.registry-number').allInnerTexts();
    expect(numbers).toHaveLength(2);
    expect(numbers[0]).not.toBe(numbers[1]);
    expect(await job.innerText()).toContain('3'); // pages scanned
    await page.screenshot({ path: artifact('scan-escl-done-ar') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    // the number opens the record
    await rows.first().locator('button').click();
    const record = page.getByTestId('record-screen');
    await page.getByTestId('record-fields').waitFor({ timeout: 30_000 });
    expect(await record.innerText()).toContain(numbers[0]!.trim());
  }, 300_000);

  it('cancels a slow scan', async () => {
    await page.keyboard.press('Alt+1');
    const panel = page.getByTestId('scan-panel');
    await panel.getByTestId('scan-split').waitFor();
    await panel.locator('input[name="scan-source"][value="escl"]').check();
    await panel.locator('input[type="url"]').fill(slowScanner.url);
    await panel.getByTestId('scan-start').click();
    await panel.getByTestId('scan-cancel').click();
    await page.waitForSelector('[data-testid="scan-job"][data-state="cancelled"]', { timeout: 30_000 });
    expect(slowScanner.jobs.at(-1)!.deleted).toBe(true);
  }, 60_000);
});
