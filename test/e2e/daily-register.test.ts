/**
 * e2e in Chromium against the browser-mode host (a real child process over a real data folder):
 * a supervisor opens yesterday's daily register (Alt+5), types the day in Arabic-Indic digits, seals
 * it, exports it as PDF, XLSX and CSV (downloads), verifies the seal chain; reads the follow-up list
 * (Alt+6) and the dashboard (Alt+7, chart mirrored in Arabic); then the same in English (LTR).
 * Screenshots go to test-artifacts/e2e/.
 */
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, agencyDay, dayBoundsUtc } from '../../shared/dates/days.ts';
import { saveDepartments, assignRouting } from '../../electron/services/routing/routing.ts';
import { openTestRegistry, storeTextDocument } from '../helpers/registry-fixture.ts';
import { artifact, buildRenderer, launchChromium, startWebHost, type WebHost } from './web-host.ts';

let dataDir: string;
let rendererDir: string;
let host: WebHost;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const yesterday = addDays(agencyDay(new Date()), -1);
const numbers: string[] = [];
const indic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

/** Yesterday's letters, registered by the real registry with its clock set to yesterday. */
function seed(dir: string): void {
  let t = Date.parse(dayBoundsUtc(yesterday).start) + 7 * 3_600_000;
  const { db, registry } = openTestRegistry(dir, { clock: () => new Date((t += 23 * 60_000)), operator: () => 'clerk-1' });
  registry.updateSettings({ agencyNameAr: 'وزارة المالية', agencyNameEn: 'Ministry of Finance' });
  const letters = [
    { subject: 'طلب تزويدنا بإحصائية عن الكتاب رقم 2026/000125', counterpart: 'وزارة الصحة', direction: 'incoming', channel: 'paper' },
    { subject: 'تعميم بشأن الدوام الرسمي', counterpart: 'ديوان الخدمة المدنية', direction: 'incoming', channel: 'electronic' },
    { subject: 'Annual report 2025', counterpart: 'Kuwait Oil Company', direction: 'incoming', channel: 'both' },
    { subject: 'الرد على طلب الإحصائية', counterpart: 'وزارة الصحة', direction: 'outgoing', channel: 'paper' },
    { subject: 'قيد سيلغى لاحقًا', counterpart: 'وزارة التربية', direction: 'incoming', channel: 'paper' },
  ] as const;
  letters.forEach((l, i) => {
    const sha = storeTextDocument(registry, l.subject, 'letter.png', String(i));
    const r = registry.register({ documentSha256: sha, direction: l.direction, channel: l.channel, counterpart: { code: null, name: l.counterpart }, subject: l.subject, referenceNumber: `${4100 + i}/2026` });
    numbers.push(r.registration!.registryNumber);
  });
  db.prepare("UPDATE registrations SET annulled = 1, annulled_at = ?, annulment_reason = 'قيد مكرر', annulment_operator = 'supervisor' WHERE registry_number = ?").run(
    new Date(t + 60_000).toISOString(),
    numbers[4],
  );
  const ctx = { now: new Date(t + 120_000), operator: 'supervisor' };
  saveDepartments(db, [{ code: 'legal', nameAr: 'الشؤون القانونية', nameEn: 'Legal affairs', active: true }], ctx);
  assignRouting(db, { registryNumber: numbers[0]!, register: 'incoming', departmentCode: 'legal', dueDate: addDays(yesterday, -3), note: null }, ctx);
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

beforeAll(async () => {
  rendererDir = buildRenderer();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-daily-'));
  seed(dataDir);
  host = await startWebHost(dataDir, rendererDir);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'ar-KW', acceptDownloads: true });
  page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  const code = await host?.stop();
  expect(code).toBe(0);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

describe('daily register in the browser', () => {
  it("opens yesterday's register, seals it, exports it, verifies the chain", async () => {
    await page.goto(host.url);
    await page.getByTestId('nav-daily').waitFor();
    await page.keyboard.press('Alt+5');
    await page.getByTestId('daily-screen').waitFor();
    const screen = page.getByTestId('daily-screen');
    await expect.poll(() => page.getByTestId('daily-row').count(), { timeout: 30_000 }).toBe(5);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.getByTestId('daily-state').textContent()).toBe('انتهى ولم يختم بعد');
    expect(await page.getByTestId('daily-total').textContent()).toBe('5 قيود');
    const rows = await page.getByTestId('daily-row').locator('th').allTextContents();
    expect(rows.map((r) => r.replace('ملغى', ''))).toEqual([numbers[0], numbers[1], numbers[2], numbers[4], numbers[3]]); // incoming first, then outgoing
    expect(await page.getByTestId('daily-annulments').textContent()).toContain('قيد مكرر');
    // Right to left: the registry number column is the rightmost.
    const heads = page.getByTestId('daily-table').locator('thead th');
    const first = await heads.nth(0).boundingBox();
    const second = await heads.nth(1).boundingBox();
    expect(first!.x).toBeGreaterThan(second!.x);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('daily-register-ar'), fullPage: true });

    // The day typed in Arabic-Indic digits, day/month/year.
    const [y, m, d] = yesterday.split('-');
    await page.getByTestId('daily-day').fill(indic(`${d}/${m}/${y}`));
    await page.getByTestId('daily-day').press('Enter');
    await expect.poll(() => page.getByTestId('daily-day-shown').textContent()).toContain(`${d}/${m}/${y}`);
    // An ambiguous typed date offers both readings instead of guessing.
    await page.getByTestId('daily-day').fill('5/6/2026');
    await page.getByTestId('daily-day').press('Enter');
    expect(await page.getByTestId('daily-day-problem').locator('button').count()).toBe(2);
    await page.getByTestId('daily-day').fill(yesterday);
    await page.getByTestId('daily-day').press('Enter');

    await page.getByTestId('daily-seal').click();
    await expect.poll(() => page.getByTestId('daily-state').textContent(), { timeout: 30_000 }).toBe('مختوم');
    expect(await screen.getByTestId('daily-status').textContent()).toMatch(/[0-9a-f]{64}/);
    expect(await page.getByTestId('daily-seal').isDisabled()).toBe(true);
    await page.screenshot({ path: artifact('daily-register-sealed-ar'), fullPage: true });

    const pdf = await downloaded(() => page.getByTestId('daily-export-pdf').click());
    expect(pdf.download.suggestedFilename()).toBe(`daily-register-${yesterday}.pdf`);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.file, '-']).toString('utf8').replace(/[\u200e\u200f\u202a-\u202e]/g, '');
    // Numbers read back unreversed (the outgoing register's prefix ص/ aside, which pdftotext moves).
    for (const n of numbers) expect(text).toContain(n.replace(/^ص\//, ''));
    expect(text).toContain('وزارة المالية');
    const xlsx = await downloaded(() => page.getByTestId('daily-export-xlsx').click());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx.file);
    expect(wb.worksheets[0]!.rowCount).toBe(6);
    expect(wb.worksheets[0]!.views[0]).toMatchObject({ rightToLeft: true });
    const csv = await downloaded(() => page.getByTestId('daily-export-csv').click());
    expect(readFileSync(csv.file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    await page.getByTestId('daily-verify').click();
    await expect.poll(() => page.getByTestId('daily-verification').textContent()).toContain('سلسلة الأختام سليمة');

    // A supervisor declares a gap: it is listed in today's register (the day is still open).
    await page.getByText('إعلان فجوة في الترقيم').first().click();
    await page.getByLabel('من الرقم').fill('٩٠٠');
    await page.getByLabel('إلى الرقم').fill('910');
    await page.getByLabel('السبب').fill('أرقام الدفتر الورقي القديم');
    await page.getByRole('button', { name: 'إعلان فجوة في الترقيم' }).click();
    await expect.poll(() => page.getByTestId('daily-gaps').textContent(), { timeout: 30_000 }).toContain('أرقام الدفتر الورقي القديم');
    expect(await page.getByTestId('daily-state').textContent()).toBe('لم ينته اليوم بعد');
    expect(await page.getByTestId('daily-seal').isDisabled()).toBe(true);
  }, 240_000);

  it('shows the overdue follow-up and the dashboard, mirrored in Arabic', async () => {
    await page.keyboard.press('Alt+6');
    await expect.poll(() => page.getByTestId('followup-total').textContent(), { timeout: 30_000 }).toBe('كتاب متأخر واحد');
    expect(await page.getByTestId('followup-table').textContent()).toContain(numbers[0]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('followup-ar'), fullPage: true });

    await page.keyboard.press('Alt+7');
    // Backlog: incoming, not annulled, not routed = letters 2 and 3.
    await expect.poll(() => page.getByTestId('dash-backlog').locator('.figure').textContent(), { timeout: 30_000 }).toBe('2');
    expect(await page.getByTestId('dash-overdue').locator('.figure').textContent()).toBe('1');
    const shareTable = await page.getByTestId('dash-share-table').locator('tbody tr').last().locator('td').allTextContents();
    if (yesterday.slice(0, 7) === agencyDay(new Date()).slice(0, 7)) {
      expect(await page.getByTestId('dash-month').locator('.figure').textContent()).toBe('5');
      expect(shareTable).toEqual(['3', '1', '1']); // paper, electronic, both
    }
    // Mirrored: the value axis stands on the right of the plot in Arabic.
    const chart = await page.getByTestId('dash-chart').boundingBox();
    const yAxis = await page.locator('.recharts-yAxis').first().boundingBox();
    expect(yAxis!.x).toBeGreaterThan(chart!.x + chart!.width / 2);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('dashboard-ar'), fullPage: true });
  }, 120_000);

  it('works in English, left to right', async () => {
    await page.getByTestId('lang-en').click();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    const yAxis = await page.locator('.recharts-yAxis').first().boundingBox();
    const chart = await page.getByTestId('dash-chart').boundingBox();
    expect(yAxis!.x).toBeLessThan(chart!.x + chart!.width / 2);
    await page.screenshot({ path: artifact('dashboard-en'), fullPage: true });
    await page.keyboard.press('Alt+5');
    await expect.poll(() => page.getByTestId('daily-state').textContent(), { timeout: 30_000 }).toBe('Sealed');
    const heads = page.getByTestId('daily-table').locator('thead th');
    expect((await heads.nth(0).boundingBox())!.x).toBeLessThan((await heads.nth(1).boundingBox())!.x);
    expect(await page.getByTestId('daily-total').textContent()).toBe('5 registrations');
    await page.screenshot({ path: artifact('daily-register-en'), fullPage: true });
    await page.getByTestId('lang-ar').click();
  }, 60_000);
});
