/** Bad input for the archival PDF and the stamp: damaged originals, mismatched analyses, odd settings. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { PageAnalysis } from '../../../shared/contract/index.ts';
import { buildArchivalPdf } from './archival.ts';
import { buildLabelPdf } from './label.ts';
import { DEFAULT_AGENCY_NAME, stampLines } from './stamp.ts';
import { pdftotext, squeeze } from './test-support.ts';

const stamp = { agencyName: 'وزارة الأشغال العامة', register: 'incoming' as const, registryNumber: '2026/000007', registrationDate: '2026-11-29' };
const page = (index: number, text = 'نص الصفحة'): PageAnalysis => ({
  index,
  source: 'ocr',
  text,
  confidence: 90,
  rotation: 0,
  segmentation: 'single_block',
  lowConfidenceWords: [],
  width: 0,
  height: 0,
});

async function whitePng(width: number, height: number): Promise<Uint8Array> {
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).png().toBuffer();
}

describe('buildArchivalPdf with bad input', () => {
  it('refuses a damaged original with the reading error, and an analysis that does not fit the document', async () => {
    const png = await whitePng(800, 1100);
    const truncated = png.subarray(0, Math.floor(png.length / 2));
    await expect(buildArchivalPdf({ original: truncated, pages: [page(0)], stamp, registeredAt: '2026-11-29T08:00:00Z' })).rejects.toMatchObject({ kind: 'corrupt_file' });
    await expect(buildArchivalPdf({ original: new TextEncoder().encode('not a document at all'), pages: [page(0)], stamp, registeredAt: '2026-11-29T08:00:00Z' })).rejects.toMatchObject({
      kind: 'unsupported_format',
    });
    await expect(buildArchivalPdf({ original: png, pages: [], stamp, registeredAt: '2026-11-29T08:00:00Z' })).rejects.toMatchObject({ kind: 'validation' });
    await expect(buildArchivalPdf({ original: png, pages: [page(0), page(1)], stamp, registeredAt: '2026-11-29T08:00:00Z' })).rejects.toMatchObject({ kind: 'validation' });
  });

  it('lays the text of a page without OCR boxes down the page, and keeps OCR boxes that point outside the image harmless', async () => {
    const png = await whitePng(1240, 1754);
    const text = 'السطر الأول من الكتاب\nالسطر الثاني وفيه الرقم 2026/15';
    const withBoxes: PageAnalysis = {
      ...page(0, text),
      width: 1240,
      height: 1754,
      lines: [
        { box: { x0: 100, y0: 100, x1: 1100, y1: 150 }, words: [{ start: 0, end: 5, box: null }, { start: 6, end: 21, box: null }] },
        { box: null, words: [{ start: 22, end: 27, box: { x0: -50, y0: 5000, x1: 9000, y1: 5050 } }, { start: 28, end: text.length, box: null }] },
        { box: null, words: [] },
      ],
    };
    for (const pages of [[page(0, text)], [withBoxes]]) {
      const { bytes, pageCount } = await buildArchivalPdf({ original: png, pages, stamp, registeredAt: '2026-11-29T08:00:00Z' });
      expect(pageCount).toBe(1);
      const extracted = squeeze(pdftotext(bytes));
      expect(extracted).toContain(squeeze('السطر الأول من الكتاب'));
      expect(extracted).toContain('2026/15');
    }
  });
});

describe('stamp lines', () => {
  it('falls back to the registry name when the agency has none, and refuses a malformed date', async () => {
    expect(stampLines({ ...stamp, agencyName: '  ' })[0]).toBe(DEFAULT_AGENCY_NAME);
    expect(() => stampLines({ ...stamp, registrationDate: '2026-02-30' })).toThrow();
    // Outside Umm al-Qura's range the Hijri line is left out rather than guessed.
    expect(stampLines({ ...stamp, registrationDate: '1900-01-01' })).toHaveLength(4);
    // A very long agency name still fits the label (squeezed), and reads back whole.
    const long = 'الهيئة العامة لشؤون الزراعة والثروة السمكية والمحميات الطبيعية في دولة الكويت';
    expect(squeeze(pdftotext(await buildLabelPdf({ ...stamp, agencyName: long })))).toContain(squeeze(long));
  });
});
