/**
 * e2e in Chromium against the browser-mode host: the registry stamp's actions on the record screen
 * (print the label in a new window, save it, open the archival PDF), and intake recognising a file
 * that carries the registry code of an existing registration: the archival PDF is a re-scan (nothing
 * to attach); a further page carrying the code is attached as a continuation with one click and
 * listed on the record. The registration is made beforehand from a letter PDF with a real text layer,
 * and the further page has one too, so no OCR runs.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTextWriter, encodeRegistryCode } from '../../electron/services/pdf/index.ts';
import { pdftotext, squeeze } from '../../electron/services/pdf/test-support.ts';
import { createServices } from '../../electron/services/services.ts';
import { artifact, buildRenderer, launchChromium, startWebHost, type WebHost } from './web-host.ts';

let dir: string;
let rendererDir: string;
let host: WebHost;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let registryNumber: string;
let archivalFile: string;
let secondPageFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-stamp-'));
  const dataDir = path.join(dir, 'data');
  const doc = await PDFDocument.create();
  const pdfPage = doc.addPage([595, 842]);
  const writer = await createTextWriter(doc);
  let y = 780;
  for (const line of [
    'وزارة المالية',
    'الموضوع: طلب بيان بأعداد الموظفين المعينين خلال العام الحالي',
    'تحية طيبة وبعد، نرجو التكرم بتزويدنا بالبيان المطلوب في أقرب وقت ممكن حتى يتسنى لنا استكمال الإجراءات.',
    'وتفضلوا بقبول فائق الاحترام والتقدير',
  ]) {
    y = writer.drawParagraph(pdfPage, line, { x: 50, y, width: 495, size: 13 }).nextY - 6;
  }
  const letter = path.join(dir, 'letter.pdf');
  writeFileSync(letter, await doc.save());
  const services = await createServices({ dataDir, ocrPoolSize: 1, operator: () => 'clerk' });
  try {
    await services.handlers['settings.update']({ agencyNameAr: 'وزارة الأشغال العامة' });
    registryNumber = (await services.importFile(letter)).registration!.registryNumber;
    const archival = await services.handlers['registry.archivalPdf']({ registryNumber, register: null, regenerate: false });
    archivalFile = path.join(dir, 'archived.pdf');
    writeFileSync(archivalFile, Buffer.from(archival.dataBase64, 'base64'));
    // The letter's next sheet, scanned later, carrying the registration's code (as our label's QR would).
    const next = await PDFDocument.create();
    const nextPage = next.addPage([595, 842]);
    const nextWriter = await createTextWriter(next);
    nextWriter.drawParagraph(nextPage, 'الصفحة الثانية: نرفق لكم كشفا بأسماء الموظفين المعينين وتواريخ تعيينهم ودرجاتهم الوظيفية والجهات التي نقلوا إليها.', { x: 50, y: 780, width: 495, size: 13 });
    nextWriter.drawLine(nextPage, encodeRegistryCode({ register: 'incoming', registryNumber }), { x: 50, y: 60, size: 8, align: 'left', direction: 'ltr' });
    secondPageFile = path.join(dir, 'page-2.pdf');
    writeFileSync(secondPageFile, await next.save());
  } finally {
    await services.close();
  }
  rendererDir = buildRenderer();
  host = await startWebHost(dataDir, rendererDir);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'ar-KW', acceptDownloads: true });
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('registry stamp in the UI', () => {
  it('prints the label in a new window, saves it, and opens the archival PDF from the record screen', async () => {
    await page.goto(host.url);
    await page.getByTestId('side-nav').getByRole('button', { name: 'السجل', exact: true }).click();
    const row = page.getByTestId('register-row').filter({ hasText: registryNumber });
    await row.waitFor({ timeout: 20_000 });
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('record-screen').waitFor();
    const actions = page.getByTestId('stamp-actions');
    await actions.waitFor();

    const [popup] = await Promise.all([context.waitForEvent('page'), page.getByTestId('print-label').click()]);
    expect(popup.url()).toMatch(/^blob:/);
    await popup.close();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-label').click()]);
    expect(download.suggestedFilename()).toMatch(/-label\.pdf$/);
    const saved = readFileSync((await download.path())!);
    expect(squeeze(pdftotext(saved))).toContain(squeeze(`رقم القيد ${registryNumber}`));

    const [archival] = await Promise.all([context.waitForEvent('page'), page.getByTestId('archival-pdf').click()]);
    expect(archival.url()).toMatch(/^blob:/);
    await archival.close();
    await page.screenshot({ path: artifact('record-stamp-actions-ar') });
    const violations = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(violations.map((v) => v.id)).toEqual([]);
  });

  it('says on intake that a file carries the registry code of that registration', async () => {
    await page.getByTestId('side-nav').getByRole('button', { name: 'استلام', exact: true }).click();
    await page.getByTestId('intake-screen').waitFor();
    await page.getByTestId('file-input').setInputFiles(archivalFile);
    const notice = page.getByTestId('matches-registration');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.innerText()).toContain(registryNumber);
    // Its pages are the registration's own: a re-scan, nothing to attach.
    expect(await notice.getAttribute('data-relation')).toBe('rescan');
    expect(await notice.innerText()).toContain('إعادة مسح');
    expect(await page.getByTestId('attach-continuation').count()).toBe(0);
    await page.screenshot({ path: artifact('intake-matches-registration-ar') });
  });

  it('attaches a further page carrying the code as a continuation, with one click, and lists it on the record', async () => {
    await page.getByRole('button', { name: 'إغلاق هذا الكتاب' }).click();
    await page.getByTestId('file-input').setInputFiles(secondPageFile);
    const notice = page.getByTestId('matches-registration');
    await page.locator('[data-testid="matches-registration"][data-relation="continuation"]').waitFor({ timeout: 60_000 });
    expect(await notice.innerText()).toContain('تتمة');
    await page.screenshot({ path: artifact('intake-continuation-ar') });
    await page.getByTestId('attach-continuation').click();
    const banner = page.getByTestId('attached-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toContain(registryNumber);
    expect(await banner.innerText()).toContain('صفحتان');
    await banner.getByRole('button').click();
    await page.getByTestId('record-screen').waitFor();
    const docs = page.locator('#rec-docs + ul');
    await docs.getByText('page-2.pdf').waitFor({ timeout: 20_000 });
    expect(await docs.innerText()).toContain('تتمة');
    const violations = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(violations.map((v) => v.id)).toEqual([]);
  });
});
