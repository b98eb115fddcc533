/**
 * e2e in Chromium against the browser-mode host (a real child process over a real data folder): a
 * supervisor opens the adoption report (Alt+7, "Adoption report"), sees the connected counterparts
 * that still send paper, exports the PDF and the CSV; reads the counterpart directory with its
 * filters and search; moves a paper copy through the dispatch list (Alt+4, "Paper copies"); a clerk
 * gets no adoption report (no tab, and a forged call is refused). Screenshots go to test-artifacts/e2e/.
 */
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, agencyDay, dayBoundsUtc } from '../../shared/dates/days.ts';
import { openDatabase } from '../../electron/services/db/open.ts';
import { dataLayout } from '../../electron/services/paths.ts';
import { queuePaperCopies } from '../../electron/services/parallel/dispatch.ts';
import { createServices } from '../../electron/services/services.ts';
import { createAccounts, PASSWORDS } from '../helpers/desk.ts';
import { storeTextDocument } from '../helpers/registry-fixture.ts';
import { artifact, buildRenderer, launchChromium, startWebHost, type WebHost } from './web-host.ts';

let dataDir: string;
let rendererDir: string;
let host: WebHost;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const today = agencyDay(new Date());
const from = addDays(today, -90);
const paperFromMof: string[] = [];
let outgoingToMof = '';
const WAIT = { timeout: 30_000 };

/** Letters registered by the real registry with its clock set to each letter's day; accounts; one paper copy queued. */
async function seed(dir: string): Promise<void> {
  let t = Date.now();
  const services = await createServices({ dataDir: dir, ocrPoolSize: 1, clock: () => new Date(t), operator: () => 'clerk-1', autoSeal: { autoSealIntervalMs: 0 } });
  const { registry } = services;
  registry.updateSettings({ agencyNameAr: 'وزارة الأشغال العامة', agencyNameEn: 'Ministry of Public Works', numberFormats: { incoming: '{year}/{seq:6}', outgoing: 'ص/{year}/{seq:6}', internal: 'د/{year}/{seq:6}' } });
  registry.saveAgencies([
    { code: 'MOF', nameAr: 'وزارة المالية', nameEn: 'Ministry of Finance', aliases: [], connectedSince: addDays(today, -60), requiresPaper: true },
    { code: 'MOH', nameAr: 'وزارة الصحة', nameEn: 'Ministry of Health', aliases: ['الصحة'], connectedSince: addDays(today, -60), requiresPaper: false },
    { code: 'MOE', nameAr: 'وزارة التربية', nameEn: 'Ministry of Education', aliases: [], connectedSince: null, requiresPaper: false },
    { code: 'MOJ', nameAr: 'وزارة العدل', nameEn: 'Ministry of Justice', aliases: [], connectedSince: addDays(today, -5), requiresPaper: false },
  ]);
  const letters = [
    { days: -30, code: 'MOF', name: 'وزارة المالية', direction: 'incoming', channel: 'paper', subject: 'طلب بيان المصروفات' },
    { days: -20, code: 'MOF', name: 'وزارة المالية', direction: 'incoming', channel: 'paper', subject: 'تعميم الميزانية' },
    { days: -10, code: 'MOF', name: 'وزارة المالية', direction: 'incoming', channel: 'electronic', subject: 'إشعار تحويل' },
    { days: -15, code: 'MOH', name: 'وزارة الصحة', direction: 'incoming', channel: 'electronic', subject: 'دعوة اجتماع' },
    { days: -12, code: 'MOH', name: 'وزارة الصحة', direction: 'outgoing', channel: 'electronic', subject: 'رد على الدعوة' },
    { days: -25, code: 'MOE', name: 'وزارة التربية', direction: 'incoming', channel: 'paper', subject: 'طلب صيانة مدرسة' },
    { days: -20, code: 'MOJ', name: 'وزارة العدل', direction: 'incoming', channel: 'paper', subject: 'قبل الاتصال' },
    { days: -3, code: 'MOF', name: 'وزارة المالية', direction: 'outgoing', channel: 'electronic', subject: 'إرسال الكشوف المطلوبة' },
  ] as const;
  letters.forEach((l, i) => {
    t = Date.parse(dayBoundsUtc(addDays(today, l.days)).start) + 9 * 3_600_000;
    const sha = storeTextDocument(registry, l.subject, 'letter.png', `e2e-${i}`);
    const r = registry.register({ documentSha256: sha, direction: l.direction, channel: l.channel, counterpart: { code: l.code, name: l.name }, subject: l.subject, referenceNumber: `${500 + i}/2026` });
    if (l.code === 'MOF' && l.channel === 'paper') paperFromMof.push(r.registration!.registryNumber);
    if (l.direction === 'outgoing' && l.code === 'MOF') outgoingToMof = r.registration!.registryNumber;
  });
  await createAccounts(services.handlers);
  await services.close();
  // The paper copy the send of the letter to MOF queued (as outgoing.send does inside its transaction).
  const db = openDatabase(dataLayout(dir).database);
  const id = db.prepare('SELECT id FROM registrations WHERE registry_number = ?').pluck().get(outgoingToMof) as number;
  db.transaction(() => queuePaperCopies(db, { registrationId: id, to: ['MOF'], cc: [], paperFollows: false, at: new Date().toISOString() }))();
  db.close();
}

async function seriousAxeViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function downloaded(click: () => Promise<void>): Promise<{ file: string; download: Download }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), click()]);
  const file = path.join(dataDir, `dl-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { file, download };
}

async function signIn(username: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-form').waitFor(WAIT);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-password').press('Enter');
  await page.getByTestId('user-menu').waitFor(WAIT);
}

beforeAll(async () => {
  rendererDir = buildRenderer();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-parallel-'));
  await seed(dataDir);
  host = await startWebHost(dataDir, rendererDir);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'ar-KW', acceptDownloads: true });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

describe('the parallel period in the browser', () => {
  it('a supervisor reads the adoption report, sees who still sends paper, exports PDF and CSV', async () => {
    await page.goto(host.url);
    await signIn('sara', PASSWORDS.supervisor);
    await page.keyboard.press('Alt+7');
    await page.getByTestId('tab-adoption').click();
    await page.getByTestId('adoption-panel').waitFor();
    await page.getByTestId('adoption-from').fill(from);
    await page.getByTestId('adoption-to').fill(today.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)))); // Arabic-Indic digits
    await page.getByTestId('adoption-show').click();
    const still = page.getByTestId('adoption-still-item');
    await expect.poll(() => still.count(), WAIT).toBe(1);
    expect(await still.getAttribute('data-code')).toBe('MOF');
    expect(await still.getByTestId('adoption-still-count').textContent()).toBe('2');
    expect((await still.getByTestId('adoption-example').allTextContents()).sort()).toEqual([...paperFromMof].sort());
    expect(await page.getByTestId('adoption-row').count()).toBe(4); // MOF, MOH, MOE, MOJ
    const mofRow = page.locator('[data-testid="adoption-row"][data-code="MOF"] td');
    expect((await mofRow.allTextContents()).slice(1)).toEqual(['2', '1', '0', '3', '0', '1', '0', '1']);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('adoption-report-ar'), fullPage: true });

    const pdf = await downloaded(() => page.getByTestId('adoption-export-pdf').click());
    expect(pdf.download.suggestedFilename()).toBe(`adoption-${from}-${today}.pdf`);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.file, '-']).toString('utf8').replace(/[\u200e\u200f\u202a-\u202e]/g, '');
    expect(text).toContain('الجهات المتصلة بمنصة التبادل التي ما زالت ترسل كتبًا ورقية');
    for (const n of paperFromMof) expect(text).toContain(n);
    const csv = await downloaded(() => page.getByTestId('adoption-export-csv').click());
    const bytes = readFileSync(csv.file);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const mofLine = bytes.toString('utf8').split('\r\n').find((l) => l.startsWith('MOF,'))!;
    expect(mofLine.split(',').slice(4, 13)).toEqual(['2', '1', '0', '3', '0', '1', '0', '1', '2']);
  }, 240_000);

  it('shows the counterpart directory with filters and Arabic-normalised search', async () => {
    await page.getByTestId('tab-counterparts').click();
    await page.getByTestId('counterparts-panel').waitFor();
    await expect.poll(() => page.getByTestId('counterpart-row').count(), WAIT).toBe(4);
    await page.getByTestId('counterparts-filter-connected').click();
    expect(await page.getByTestId('counterpart-row').count()).toBe(3);
    await page.getByTestId('counterparts-filter-requires_paper').click();
    expect(await page.getByTestId('counterpart-row').getAttribute('data-code')).toBe('MOF');
    expect(await page.getByTestId('counterpart-since').first().textContent()).toMatch(/هـ/); // Hijri beside Gregorian
    await page.getByTestId('counterparts-filter-not_connected').click();
    expect(await page.getByTestId('counterpart-row').getAttribute('data-code')).toBe('MOE');
    await page.getByTestId('counterparts-filter-all').click();
    await page.getByTestId('counterparts-search').fill('وزاره الصحه'); // ta marbuta typed as ha
    await expect.poll(() => page.getByTestId('counterpart-row').count()).toBe(1);
    expect(await page.getByTestId('counterpart-row').getAttribute('data-code')).toBe('MOH');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('counterparts-ar'), fullPage: true });
  }, 60_000);

  it('moves a paper copy through the dispatch list', async () => {
    await page.keyboard.press('Alt+4');
    await page.getByTestId('tab-paper-copies').click();
    const row = page.getByTestId('paper-copy-row');
    await expect.poll(() => row.count(), WAIT).toBe(1);
    expect(await row.locator('th').textContent()).toContain(outgoingToMof);
    expect(await row.getByTestId('paper-copy-state').textContent()).toBe('للطباعة');
    await row.getByTestId('paper-copy-printed').click();
    await expect.poll(() => row.getByTestId('paper-copy-state').textContent(), WAIT).toBe('مطبوعة');
    await row.getByTestId('paper-copy-hand-over').click();
    await row.getByTestId('paper-copy-carrier').fill('المندوب أحمد');
    await row.getByTestId('paper-copy-transport').selectOption('by_hand');
    await row.getByTestId('paper-copy-save').click();
    await expect.poll(() => row.getByTestId('paper-copy-state').textContent(), WAIT).toBe('سُلِّمت للنقل');
    await row.getByTestId('paper-copy-deliver').click();
    await row.getByTestId('paper-copy-received-by').fill('سالم العنزي');
    await row.getByTestId('paper-copy-save').click();
    // delivered copies leave the default ("not delivered") list
    await expect.poll(() => row.count(), WAIT).toBe(0);
    await page.getByTestId('paper-copies-filter-delivered').click();
    await expect.poll(() => row.count(), WAIT).toBe(1);
    expect(await row.getByTestId('paper-copy-delivered').textContent()).toContain('سالم العنزي');
    expect(await row.textContent()).toContain('المندوب أحمد');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('paper-copies-ar'), fullPage: true });
  }, 60_000);

  it('a clerk gets no adoption report; English works left to right', async () => {
    await page.getByTestId('sign-out').click();
    await signIn('karim', PASSWORDS.clerk);
    await page.keyboard.press('Alt+7');
    await page.getByTestId('tab-counterparts').waitFor(WAIT);
    expect(await page.getByTestId('tab-adoption').count()).toBe(0);
    const forged = await page.evaluate(async ({ f, t }) => {
      const token = sessionStorage.getItem('registry-desk.token');
      return fetch('/api/reports.adoption', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ from: f, to: t }),
      }).then((r) => r.json() as Promise<{ ok: boolean; error?: { kind: string } }>);
    }, { f: from, t: today });
    expect(forged).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    await page.getByTestId('tab-counterparts').click();
    await page.getByTestId('lang-en').click();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await expect.poll(() => page.getByTestId('counterparts-count').textContent(), WAIT).toBe('4 agencies');
    await page.keyboard.press('Control+PageDown'); // back to the overview, then on
    await page.getByTestId('dashboard-screen').waitFor(WAIT);
    await page.screenshot({ path: artifact('counterparts-en'), fullPage: true });
    await page.getByTestId('lang-ar').click();
  }, 60_000);
});
