/**
 * Exports of the daily register read back with real readers: the CSV and XLSX with exceljs, the PDF
 * with poppler's pdftotext (the text must come back in logical order, numbers not reversed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DailyRegister } from '../../../shared/contract/index.ts';
import { openTestRegistry, registerText, tempDir } from '../../../test/helpers/registry-fixture.ts';
import { buildDailyRegister } from './daily-register.ts';
import { dailyCsv, dailyXlsx, headerCells, itemCells } from './daily-export.ts';
import { dailyPdf } from './daily-pdf.ts';
import { declareGap } from './daily-seal.ts';

const DAY = '2026-11-28';
const SUBJECTS = [
  'طلب تزويدنا بإحصائية عن الكتاب رقم 2026/000125 بتاريخ 2026/11/15 وما يتعلق به من مراسلات سابقة مع الجهات المعنية في الوزارة',
  'تعميم بشأن الدوام الرسمي خلال شهر رمضان',
  'Request for the 2025 annual report, "final" version, with annexes',
  '=SUM(A1:A2) ليست صيغة',
  'موضوع به فاصلة، وسطر\nثان',
];

let reg: DailyRegister;
let dir: string;

beforeAll(() => {
  dir = tempDir();
  let now = Date.parse('2026-11-28T05:00:00Z');
  const { db, registry } = openTestRegistry(dir, { clock: () => new Date(now) });
  registry.updateSettings({ agencyNameAr: 'وزارة المالية', agencyNameEn: 'Ministry of Finance' });
  for (let i = 0; i < 24; i++) {
    now += 17 * 60_000;
    registerText(registry, `كتاب ${i}`, {
      subject: SUBJECTS[i % SUBJECTS.length]!,
      counterpart: i % 2 === 0 ? 'وزارة الصحة' : 'Kuwait Oil Company',
      referenceNumber: `${77000 + i}/2026`,
      salt: String(i),
    });
  }
  db.prepare("UPDATE registrations SET annulled = 1, annulled_at = ?, annulment_reason = 'قيد مكرر', annulment_operator = 'supervisor' WHERE seq = 3").run(
    new Date(now + 60_000).toISOString(),
  );
  declareGap(db, { register: 'incoming', year: 2026, fromSeq: 500, toSeq: 510, reason: 'أرقام الدفتر الورقي القديم' }, { now: new Date(now), operator: 'supervisor' });
  reg = buildDailyRegister(db, DAY, new Date('2026-11-29T06:00:00Z'));
  db.close();
});

/** pdftotext's text, without the bidi embedding marks poppler inserts around runs. */
function pdftotext(bytes: Uint8Array): string {
  const file = path.join(dir, `x-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/[\u200e\u200f\u202a-\u202e]/g, '');
}

// Poppler places the space between an Arabic word and a following number on the wrong side of the
// number ("رقم 2026/000125 بتاريخ" → "رقم  2026/000125بتاريخ"), so text is compared without spaces.
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('daily register exports', () => {
  it('CSV: BOM, RFC 4180 quoting, CRLF, read back cell for cell', async () => {
    const bytes = dailyCsv(reg, 'ar');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const textContent = new TextDecoder().decode(bytes);
    expect(textContent).toContain('\r\n');
    expect(textContent).toContain('"موضوع به فاصلة، وسطر\nثان"');
    expect(textContent).toContain(`"Request for the 2025 annual report, ""final"" version, with annexes"`);
    const wb = new ExcelJS.Workbook();
    const sheet = await wb.csv.read(Readable.from([Buffer.from(bytes.slice(3))]), { parserOptions: { quote: '"', escape: '"' } } as never);
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push(Array.from(row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(rows[0]).toEqual(headerCells('ar'));
    expect(rows.length).toBe(reg.items.length + 1);
    reg.items.forEach((it, i) => {
      const expected = itemCells(it, 'ar').map((c) => (c.startsWith('=') ? `'${c}` : c));
      const got = rows[i + 1]!;
      // Trailing empty cells are dropped by the reader.
      expect([...got, ...Array(expected.length - got.length).fill('')]).toEqual(expected);
    });
  });

  it('XLSX: right-to-left sheet, every cell as text, totals sheet; read back with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await dailyXlsx(reg, 'ar')) as never);
    const sheet = wb.worksheets[0]!;
    expect(sheet.views[0]).toMatchObject({ rightToLeft: true });
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => rows.push(Array.from(row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(rows[0]).toEqual(headerCells('ar'));
    expect(rows.slice(1)).toEqual(reg.items.map((it) => itemCells(it, 'ar')));
    const totals = wb.worksheets[1]!;
    const flat: string[] = [];
    totals.eachRow((row) => flat.push(Array.from(row.values as unknown[]).slice(1).map(String).join('|')));
    expect(flat).toContain(`عدد القيود|${reg.totals.registrations}`);
    expect(flat.some((l) => l.includes('قيد مكرر'))).toBe(true);
    expect(flat.some((l) => l.includes('أرقام الدفتر الورقي القديم'))).toBe(true);
    const en = new ExcelJS.Workbook();
    await en.xlsx.load((await dailyXlsx(reg, 'en')) as never);
    expect(en.worksheets[0]!.views[0]).toMatchObject({ rightToLeft: false });
  });

  it('PDF: A4, page numbers, agency header, every row read back by pdftotext in logical order', async () => {
    const bytes = await dailyPdf(reg, 'ar');
    const info = execFileSync('pdfinfo', ['-'], { input: Buffer.from(bytes) }).toString();
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/); // A4 landscape
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = pdftotext(bytes);
    const flat = squeeze(text);
    expect(text).toContain('وزارة المالية');
    expect(flat).toContain(squeeze(`صفحة 1 من ${pages}`));
    expect(flat).toContain(squeeze(`صفحة ${pages} من ${pages}`));
    expect(text).not.toContain('6202');
    expect(text).toContain('2026/000125');
    // Each registration's printed cells, right to left = logical order, in number order.
    let at = 0;
    for (const it of reg.items) {
      if (/^[^\u0600-\u06FF]*[A-Za-z]/.test(it.subject) && /[\u0600-\u06FF]/.test(it.subject)) {
        // A cell that starts in Latin and goes on in Arabic is drawn left to right; pdftotext picks a
        // line's direction by its majority script and reorders such a line, so only its parts are checked.
        expect(flat).toContain('=SUM(A1:A2');
        expect(flat).toContain(squeeze('ليست صيغة'));
        continue;
      }
      const cells = [it.registryNumber, it.time, 'وارد', 'ورقي', it.counterpartName, it.referenceNumber ?? '', it.subject];
      const row = squeeze(cells.join(''));
      const found = flat.indexOf(row, at);
      expect(found, `row ${it.registryNumber} in logical order`).toBeGreaterThanOrEqual(at);
      at = found + row.length;
    }
    // Totals and what follows the table.
    expect(flat).toContain(squeeze(`الإجماليات عدد القيود ${reg.totals.registrations}`));
    expect(flat).toContain(squeeze(`حسب السجل وارد ${reg.totals.registrations} صادر 0 داخلي 0`));
    expect(flat).toContain(squeeze(`أول وآخر رقم وارد: من ${reg.registers[0]!.first} إلى ${reg.registers[0]!.last}`));
    expect(flat).toContain(squeeze(`الإلغاءات ${reg.annulments[0]!.registryNumber} بسبب: قيد مكرر بواسطة supervisor`));
    expect(flat).toContain(squeeze('وارد 2026 من 500 إلى 510 بسبب: أرقام الدفتر الورقي القديم'));
  }, 120_000);
});
