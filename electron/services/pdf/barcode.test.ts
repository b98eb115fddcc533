import { PDFDocument } from '@cantoo/pdf-lib';
import bwipjs from 'bwip-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openPdf, renderPdfPage } from '../documents/pdf.ts';
import type { GreyPage } from '../ocr/page.ts';
import { encodeRegistryCode, parseRegistryCode, qrPng, readRegistryCodes, registryCodesInText } from './barcode.ts';
import { LABEL_SIZE_MM, buildLabelPdf } from './label.ts';
import { stampLines } from './stamp.ts';
import { pdftotext, squeeze } from './test-support.ts';

/** A white A4 page at 150 dpi with the given PNGs pasted at (left, top) pixels. */
async function pageWith(images: Array<{ png: Uint8Array; left: number; top: number }>): Promise<GreyPage> {
  const width = 1240;
  const height = 1754;
  const { data, info } = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(images.map((i) => ({ input: Buffer.from(i.png), left: i.left, top: i.top })))
    .greyscale()
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, dpi: 150 };
}

describe('registry code payload', () => {
  it('round-trips a number, an Arabic-prefixed number and every register', () => {
    for (const register of ['incoming', 'outgoing', 'internal'] as const) {
      for (const registryNumber of ['2026/000125', 'و/2026/7', 'ط-D1-2026/3', 'A:B%C']) {
        const payload = encodeRegistryCode({ register, registryNumber });
        expect(payload).toMatch(/^RD1:[ION]:[\x21-\x7e]+:[0-9A-F]{6}$/);
        expect(parseRegistryCode(payload)).toEqual({ register, registryNumber });
      }
    }
    expect(encodeRegistryCode({ register: 'incoming', registryNumber: '2026/000125' })).toBe(
      `RD1:I:2026/000125:${encodeRegistryCode({ register: 'incoming', registryNumber: '2026/000125' }).slice(-6)}`,
    );
  });

  it('ignores what is not ours: foreign numbers, a wrong check, another register letter, damage', () => {
    const ours = encodeRegistryCode({ register: 'incoming', registryNumber: '2026/000125' });
    expect(parseRegistryCode('4006381333931')).toBeNull();
    expect(parseRegistryCode('202600012520260001252026000125')).toBeNull();
    expect(parseRegistryCode('2026/000125')).toBeNull();
    expect(parseRegistryCode(ours.replace('000125', '000126'))).toBeNull();
    expect(parseRegistryCode(ours.replace('RD1:I:', 'RD1:O:'))).toBeNull();
    expect(parseRegistryCode(ours.replace('RD1:', 'RD2:'))).toBeNull();
    expect(parseRegistryCode(ours.slice(0, -1))).toBeNull();
    expect(parseRegistryCode(`${ours}X`)).toBeNull();
    expect(registryCodesInText(`نص قبل ${ours} وبعده RD1:I:2026/1:000000`)).toEqual([{ register: 'incoming', registryNumber: '2026/000125' }]);
  });
});

describe('reading codes from a page image', () => {
  it('finds our QR code on a page and ignores a foreign barcode with a long number beside it', async () => {
    const ours = encodeRegistryCode({ register: 'outgoing', registryNumber: '2026/000042' });
    const foreign = await bwipjs.toBuffer({ bcid: 'code128', text: '202600004220260000422026', scale: 3, height: 12, paddingwidth: 10, paddingheight: 10, backgroundcolor: 'FFFFFF' } as never);
    const foreignQr = await bwipjs.toBuffer({ bcid: 'qrcode', text: '2026000042', scale: 4, paddingwidth: 4, paddingheight: 4, backgroundcolor: 'FFFFFF' } as never);
    const page = await pageWith([
      { png: await qrPng(ours, 4), left: 80, top: 80 },
      { png: foreign, left: 500, top: 900 },
      { png: foreignQr, left: 700, top: 300 },
    ]);
    const found = await readRegistryCodes(page);
    expect(found.codes).toEqual([{ register: 'outgoing', registryNumber: '2026/000042' }]);
    expect(found.foreign).toBe(2);
  });

  it('reports nothing on a page with only a foreign barcode, or none at all', async () => {
    const foreign = await bwipjs.toBuffer({ bcid: 'code128', text: '99887766554433221100', scale: 3, height: 12, paddingwidth: 10, paddingheight: 10, backgroundcolor: 'FFFFFF' } as never);
    expect((await readRegistryCodes(await pageWith([{ png: foreign, left: 100, top: 100 }]))).codes).toEqual([]);
    expect(await readRegistryCodes(await pageWith([]))).toEqual({ codes: [], foreign: 0 });
  });
});

describe('stamp label', () => {
  const stamp = { agencyName: 'وزارة الأشغال العامة', register: 'incoming' as const, registryNumber: '2026/000125', registrationDate: '2026-11-29' };

  it('is a 62 × 29 mm page whose text extracts as the stamp lines and whose QR code reads back', async () => {
    const bytes = await buildLabelPdf(stamp);
    const doc = await PDFDocument.load(bytes);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo((LABEL_SIZE_MM.width * 72) / 25.4, 1);
    expect(height).toBeCloseTo((LABEL_SIZE_MM.height * 72) / 25.4, 1);
    const lines = stampLines(stamp);
    expect(lines).toEqual(['وزارة الأشغال العامة', 'سجل الوارد', 'رقم القيد 2026/000125', 'تاريخ القيد 29/11/2026 م', 'الموافق 19 جمادى الآخرة 1448 هـ']);
    const text = pdftotext(bytes).split('\n').filter((l) => l.trim() !== '');
    expect(text.map(squeeze)).toEqual(lines.map(squeeze));
    // Printed at 300 dpi and read back (the label printer's resolution).
    const pdf = await openPdf(bytes);
    try {
      expect((await readRegistryCodes(await renderPdfPage(pdf, 0, 300))).codes).toEqual([{ register: 'incoming', registryNumber: '2026/000125' }]);
    } finally {
      await pdf.close();
    }
    // Same registration, same bytes.
    expect(Buffer.from(await buildLabelPdf(stamp)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('shows the emergency number and Arabic-Indic digits when the desk prints them', async () => {
    const lines = stampLines({ ...stamp, emergencyNumber: 'ط-D1-2026/3', arabicIndicDigits: true });
    expect(lines[2]).toBe('رقم القيد ٢٠٢٦/٠٠٠١٢٥ (ط-D١-٢٠٢٦/٣)');
    const text = pdftotext(await buildLabelPdf({ ...stamp, arabicIndicDigits: true }));
    expect(text).toContain('٢٠٢٦/٠٠٠١٢٥');
    expect(text).not.toContain('٥٢١٠٠٠');
  });
});
