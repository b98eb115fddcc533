/**
 * e2e in Chromium against the browser-mode host (a real child process, real SQLite): on a fresh desk
 * the first admin is created from the header, the admin adds a clerk and a supervisor; the clerk signs
 * in, requests the annulment of a registration on its record (no approve button, and a forged approval
 * call is refused); the supervisor signs in, approves it with the authorising reference, verifies the
 * audit log; the register shows the registration annulled, the record its annulment and history.
 * Screenshots go to test-artifacts/e2e/supervision-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRegistry, registerText } from '../helpers/registry-fixture.ts';
import { artifact, buildRenderer, launchChromium, startWebHost, type WebHost } from './web-host.ts';

let dataDir: string;
let rendererDir: string;
let host: WebHost;
let browser: Browser;
let page: Page;
let target: string; // the registration to annul
let other: string;
/** Sign-in hashes a password (argon2id, about 0.3 s, more on a loaded machine): allow time. */
const WAIT = { timeout: 20_000 };

async function seriousAxeViolations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

beforeAll(async () => {
  rendererDir = buildRenderer();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'registry-desk-e2e-supervision-'));
  // Two registrations made before any account exists (as the OS user), through the real registry.
  const { db, registry } = openTestRegistry(dataDir);
  target = registerText(registry, 'طلب تعيين موظفين جدد\nنص الكتاب', { subject: 'طلب تعيين موظفين جدد', salt: '1' }).registryNumber;
  other = registerText(registry, 'دعوة لحضور اجتماع\nنص الكتاب', { subject: 'دعوة لحضور اجتماع', salt: '2' }).registryNumber;
  db.close();
  host = await startWebHost(dataDir, rendererDir);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'ar-KW' });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true });
});

async function signIn(username: string, password: string): Promise<void> {
  await page.getByTestId('sign-in-form').waitFor();
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-password').press('Enter');
  await page.getByTestId('user-menu').waitFor();
}

async function signOut(): Promise<void> {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in-form').waitFor();
}

async function openRecord(number: string): Promise<void> {
  await page.getByTestId('side-nav').getByRole('button', { name: 'السجل', exact: true }).click();
  const row = page.getByTestId('register-row').filter({ hasText: number });
  await row.waitFor();
  await row.click();
  await page.getByTestId('record-screen').waitFor();
  await expect.poll(() => page.getByTestId('record-fields').innerText(), WAIT).toContain(number);
}

describe('supervision', () => {
  it('first admin, users, a clerk requests an annulment, the supervisor approves it, the register shows it annulled', async () => {
    await page.goto(host.url);
    // A fresh desk: no sign-in, the OS user, and the offer to create the first admin.
    await expect.poll(() => page.getByTestId('current-user').innerText(), WAIT).toContain('لا حسابات بعد');
    await page.getByTestId('first-admin').click();
    const dialog = page.getByTestId('first-admin-dialog');
    await dialog.getByLabel('الاسم الكامل').fill('أمل الإدارية');
    await dialog.getByLabel('اسم المستخدم').fill('amal');
    await dialog.getByTestId('first-admin-password').fill('admin-pass-1');
    await dialog.getByTestId('first-admin-confirm').fill('admin-pass-1');
    await page.screenshot({ path: artifact('supervision-first-admin-ar') });
    await dialog.getByTestId('first-admin-submit').click();
    await expect.poll(() => page.getByTestId('current-user').innerText(), WAIT).toContain('أمل الإدارية · مسؤول النظام');

    // The admin adds a clerk and a supervisor.
    await page.getByTestId('nav-users').click();
    for (const [u, name, role, pw] of [
      ['karim', 'كريم', 'clerk', 'clerk-pass-1'],
      ['sara', 'سارة', 'supervisor', 'super-pass-1'],
    ] as const) {
      await page.getByTestId('add-user-username').fill(u);
      await page.getByTestId('add-user-display').fill(name);
      await page.getByTestId('add-user-role').selectOption(role);
      await page.getByTestId('add-user-password').fill(pw);
      await page.getByTestId('add-user-submit').click();
      await page.getByTestId(`user-${u}`).waitFor();
    }
    await page.screenshot({ path: artifact('supervision-users-ar'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await signOut();
    await page.screenshot({ path: artifact('supervision-sign-in-ar') });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // A wrong password is refused, translated.
    await page.getByTestId('sign-in-username').fill('karim');
    await page.getByTestId('sign-in-password').fill('wrong-password');
    await page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.getByTestId('sign-in-form').getByRole('alert').innerText(), WAIT).toContain('اسم المستخدم أو كلمة المرور غير صحيحة');

    // The clerk requests the annulment on the record; no approve button, no users screen.
    await signIn('karim', 'clerk-pass-1');
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    await openRecord(target);
    const panel = page.getByTestId('annulment-panel');
    expect(await panel.getByTestId('annul-approve-open').count()).toBe(0);
    await panel.getByTestId('annul-request-open').click();
    await page.getByTestId('annul-request-text').fill('سُجّل باسم الجهة الخطأ');
    await page.getByTestId('annul-request-submit').click();
    await expect.poll(() => panel.getByTestId('annulment-pending').innerText(), WAIT).toContain('karim');
    expect(await panel.getByTestId('annul-approve-open').count()).toBe(0);
    await page.screenshot({ path: artifact('supervision-requested-ar'), fullPage: true });

    // A forged approval from the clerk's page is refused by the services.
    const forged = await page.evaluate(async () => {
      const token = sessionStorage.getItem('registry-desk.token');
      const list = await fetch('/api/registry.annulmentRequests', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({}),
      }).then((r) => r.json() as Promise<{ ok: boolean; value: { items: Array<{ id: number }> } }>);
      const id = list.value.items[0]?.id ?? 0;
      return fetch('/api/registry.approveAnnulment', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ requestId: id, authorisingReference: 'مزور' }),
      }).then((r) => r.json() as Promise<{ ok: boolean; error?: { kind: string } }>);
    });
    expect(forged).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    // The clerk sees the waiting list without decisions and without the audit check.
    await page.getByTestId('nav-annulments').click();
    await page.getByTestId('pending-annulments').waitFor();
    expect(await page.getByRole('button', { name: 'اعتماد الإلغاء' }).count()).toBe(0);
    expect(await page.getByTestId('audit-verify').count()).toBe(0);
    // The clerk reads the daily register but has no seal, gap or export action.
    await page.keyboard.press('Alt+5');
    await page.getByTestId('daily-status').waitFor();
    expect(await page.getByTestId('daily-seal').count()).toBe(0);
    expect(await page.getByTestId('daily-export-pdf').count()).toBe(0);
    await signOut();

    // The supervisor approves with the authorising reference and verifies the audit log.
    await signIn('sara', 'super-pass-1');
    await page.keyboard.press('Alt+8');
    const pending = page.getByTestId('pending-annulments');
    await pending.waitFor();
    expect(await pending.innerText()).toContain('سُجّل باسم الجهة الخطأ');
    await page.screenshot({ path: artifact('supervision-pending-ar'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await pending.getByRole('button', { name: 'اعتماد الإلغاء' }).click();
    await page.getByTestId('annul-approve-text').fill('قرار المدير رقم 17/2026');
    await page.getByTestId('annul-approve-submit').click();
    await page.getByText(`أُلغي القيد ${target}.`).waitFor();
    await expect.poll(() => page.getByText('لا توجد طلبات إلغاء بانتظار القرار.').count(), WAIT).toBe(1);
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-result').innerText(), WAIT).toContain('سجل التدقيق سليم');
    await page.screenshot({ path: artifact('supervision-approved-audit-ar'), fullPage: true });

    // The register shows it annulled (the other stays in force); the record keeps its values.
    await page.getByTestId('side-nav').getByRole('button', { name: 'السجل', exact: true }).click();
    const annulledRow = page.getByTestId('register-row').filter({ hasText: target });
    await annulledRow.waitFor();
    expect(await annulledRow.getAttribute('class')).toContain('annulled');
    expect(await annulledRow.innerText()).toContain('ملغى');
    expect(await page.getByTestId('register-row').filter({ hasText: other }).getAttribute('class')).not.toContain('annulled');
    await page.screenshot({ path: artifact('supervision-register-annulled-ar') });
    await annulledRow.click();
    await page.getByTestId('record-screen').waitFor();
    const details = page.getByTestId('annulment-details');
    await details.waitFor();
    expect(await details.innerText()).toContain('قرار المدير رقم 17/2026');
    expect(await page.getByTestId('record-subject').innerText()).toBe('طلب تعيين موظفين جدد');
    const history = await page.locator('table.history').innerText();
    for (const action of ['قُيد', 'طُلب الإلغاء', 'أُلغي']) expect(history).toContain(action);
    expect(history).toContain('karim');
    expect(history).toContain('sara');
    await page.screenshot({ path: artifact('supervision-record-annulled-ar'), fullPage: true });

    // English, left to right.
    await page.getByTestId('lang-en').click();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await expect.poll(() => page.getByTestId('annulment-panel').innerText(), WAIT).toContain('Authorising reference');
    expect(await page.locator('table.history').innerText()).toContain('Annulment requested');
    await page.screenshot({ path: artifact('supervision-record-annulled-en'), fullPage: true });
    await page.getByTestId('lang-ar').click();
  }, 300_000);
});
