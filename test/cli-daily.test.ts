/**
 * `registry-desk daily`: show a day typed in Arabic-Indic digits, seal it, verify the chain (and name a
 * tampered day), export it to the file given with --out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, agencyDay, dayBoundsUtc } from '../shared/dates/days.ts';
import { openDatabase } from '../electron/services/db/open.ts';
import { dataLayout } from '../electron/services/paths.ts';
import { runCli } from './helpers/cli.ts';
import { openTestRegistry, registerText, tempDir } from './helpers/registry-fixture.ts';

const indic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

describe('registry-desk daily', () => {
  it('shows, seals, verifies and exports yesterday', async () => {
    const dataDir = tempDir();
    const yesterday = addDays(agencyDay(new Date()), -1);
    let t = Date.parse(dayBoundsUtc(yesterday).start) + 8 * 3_600_000;
    const { db, registry } = openTestRegistry(dataDir, { clock: () => new Date((t += 600_000)) });
    const numbers = [1, 2, 3].map((i) => registerText(registry, `كتاب ${i}`, { subject: `موضوع ${i}`, salt: String(i) }).registryNumber);
    db.close();

    const [y, m, d] = yesterday.split('-');
    const shown = await runCli(['--data-dir', dataDir, 'daily', 'show', '--day', indic(`${d}/${m}/${y}`)]);
    expect(shown.code, shown.err).toBe(0);
    const reg = JSON.parse(shown.out);
    expect(reg).toMatchObject({ day: yesterday, state: 'unsealed', totals: { registrations: 3 } });
    expect(reg.items.map((i: { registryNumber: string }) => i.registryNumber)).toEqual(numbers);
    const table = await runCli(['--data-dir', dataDir, 'daily', 'show', '--day', 'yesterday', '--format', 'table']);
    expect(table.out).toContain(numbers[2]);

    const today = await runCli(['--data-dir', dataDir, 'daily', 'seal', '--day', 'today']);
    expect(today.code).toBe(1);
    expect(JSON.parse(today.err).error).toMatchObject({ kind: 'seal_refused', details: { reason: 'not_ended' } });
    const sealed = await runCli(['--data-dir', dataDir, 'daily', 'seal', '--day', yesterday]);
    expect(sealed.code, sealed.err).toBe(0);
    expect(JSON.parse(sealed.out)).toMatchObject({ day: yesterday, state: 'sealed', registrations: 3, seal: { position: 1, automatic: false } });
    expect(JSON.parse((await runCli(['--data-dir', dataDir, 'daily', 'verify'])).out)).toEqual({ ok: true, sealedDays: 1, lastDay: yesterday });

    const out = path.join(dataDir, 'export', 'register.csv');
    fs.mkdirSync(path.dirname(out));
    const exported = await runCli(['--data-dir', dataDir, 'daily', 'export', '--day', yesterday, '--format', 'csv', '--out', out]);
    expect(exported.code, exported.err).toBe(0);
    const csv = fs.readFileSync(out, 'utf8');
    expect(csv.startsWith('\uFEFFرقم القيد,')).toBe(true);
    for (const n of numbers) expect(csv).toContain(n);
    const pdf = path.join(dataDir, 'export', 'register.pdf');
    expect((await runCli(['--data-dir', dataDir, 'daily', 'export', '--day', yesterday, '--format', 'pdf', '--out', pdf])).code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    const gap = await runCli(['--data-dir', dataDir, 'daily', 'declare-gap', '--register', 'incoming', '--year', yesterday.slice(0, 4), '--from', '900', '--to', '910', '--reason', 'أرقام دفتر قديم']);
    expect(gap.code, gap.err).toBe(0);
    expect(JSON.parse(gap.out)).toMatchObject({ register: 'incoming', fromSeq: 900, toSeq: 910, reason: 'أرقام دفتر قديم' });
    const todays = JSON.parse((await runCli(['--data-dir', dataDir, 'daily', 'show', '--day', 'today'])).out);
    expect(todays.gaps).toHaveLength(1);
    const overlap = await runCli(['--data-dir', dataDir, 'daily', 'declare-gap', '--register', 'incoming', '--year', yesterday.slice(0, 4), '--from', '1', '--to', '2', '--reason', 'خطأ']);
    expect(overlap.code).toBe(1);

    const bad = await runCli(['--data-dir', dataDir, 'daily', 'show', '--day', '5/6/2026']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.err).error.details).toMatchObject({ problem: 'ambiguous', alternatives: ['2026-06-05', '2026-05-06'] });
    expect((await runCli(['--data-dir', dataDir, 'daily', 'export', '--day', yesterday, '--format', 'pdf', '--out', path.join(dataDir, 'no', 'such', 'dir', 'x.pdf')])).code).toBe(1);

    // A registration of the sealed day edited directly in SQLite: verify names the day.
    const raw = openDatabase(dataLayout(dataDir).database);
    raw.exec('DROP TRIGGER registrations_immutable');
    raw.prepare("UPDATE registrations SET subject = 'مزور' WHERE registry_number = ?").run(numbers[1]);
    raw.close();
    const verify = await runCli(['--data-dir', dataDir, 'daily', 'verify']);
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: false, brokenDay: yesterday, reason: 'content_changed' });
  }, 120_000);
});
