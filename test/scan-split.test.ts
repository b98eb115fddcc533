/**
 * Splitting a scanned stack: the blank-page detector on blank pages made from real scans (paper
 * colour, sensor noise, dust, show-through of the other side) against letters and a page holding a
 * single line; the separator sheet's QR code; and the grouping rules for each split mode.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BLANK_COVERAGE, inkCoverage, isBlankPage } from '../electron/services/scan/blank.ts';
import { isSeparatorPage } from '../electron/services/scan/separator.ts';
import { splitStack, type PageRole } from '../electron/services/scan/split.ts';
import { bandOf, blankScanFrom, greyOf, letters, requireFixtures, separatorScan } from './helpers/scan-pages.ts';

const scans = () => fs.readdirSync(letters).filter((f) => /\.(png|jpg|tif)$/.test(f)).sort().map((f) => path.join(letters, f));

describe('blank-page detector', () => {
  beforeAll(requireFixtures);

  it('every fixture letter has ink', async () => {
    for (const file of scans().slice(0, 12)) {
      const m = await inkCoverage(await greyOf(file));
      expect({ file: path.basename(file), blank: m.coverage < BLANK_COVERAGE }).toEqual({ file: path.basename(file), blank: false });
      expect(m.coverage).toBeGreaterThan(BLANK_COVERAGE * 5);
    }
  }, 120_000);

  it('blank pages with the paper, noise, dust and show-through of real scans are blank', async () => {
    const files = scans().slice(0, 4);
    let worst = 0;
    const variants = [
      { noise: 0 },
      { noise: 12 },
      { noise: 20, specks: 400 },
      { noise: 8, greyPaper: 40, specks: 150 },
      { noise: 6, showThrough: 0.25 },
      { noise: 10, showThrough: 0.3, specks: 200, greyPaper: 25 },
    ];
    for (const [i, file] of files.entries()) {
      for (const v of variants) {
        const page = await blankScanFrom(file, { ...v, seed: i + 1 });
        const m = await inkCoverage(page);
        worst = Math.max(worst, m.coverage);
        expect({ file: path.basename(file), v, coverage: m.coverage < BLANK_COVERAGE }).toEqual({ file: path.basename(file), v, coverage: true });
      }
    }
    console.log(`blank pages: highest ink coverage ${(worst * 100).toFixed(4)} % (threshold ${BLANK_COVERAGE * 100} %)`);
  }, 180_000);

  it('a page holding only one short line (a signature, a note) is not blank', async () => {
    let lowest = 1;
    for (const file of scans().slice(0, 4)) {
      // a band of 4 % of the page height from the letter body
      const page = await bandOf(file, 0.3, 0.34);
      const m = await inkCoverage(page);
      expect({ file: path.basename(file), blank: await isBlankPage(page) }).toEqual({ file: path.basename(file), blank: false });
      expect(m.coverage).toBeGreaterThan(BLANK_COVERAGE);
      lowest = Math.min(lowest, m.coverage);
    }
    console.log(`one-line pages: lowest ink coverage ${(lowest * 100).toFixed(3)} %`);
  }, 120_000);
});

describe('separator sheet', () => {
  beforeAll(requireFixtures);

  it('is recognised at 150 and 300 dpi with scanner noise, turned upside down too', async () => {
    expect(await isSeparatorPage(await separatorScan(150))).toBe(true);
    const p300 = await separatorScan(300, 8);
    expect(await isSeparatorPage(p300)).toBe(true);
    const flipped = { ...p300, data: Uint8Array.from(p300.data).reverse() }; // 180°
    expect(await isSeparatorPage(flipped)).toBe(true);
  }, 60_000);

  it('letters and blank pages are not separators', async () => {
    for (const file of scans().slice(0, 4)) expect(await isSeparatorPage(await greyOf(file))).toBe(false);
    expect(await isSeparatorPage(await blankScanFrom(scans()[0]!, { noise: 10 }))).toBe(false);
  }, 60_000);
});

describe('splitStack', () => {
  const R = (s: string): PageRole[] => [...s].map((c) => (c === 'c' ? 'content' : c === 'b' ? 'blank' : 'separator'));
  it.each([
    ['none', 'cbcsc', [[0, 1, 2, 3, 4]]],
    ['blank', 'ccbcbbcc', [[0, 1], [3], [6, 7]]],
    ['blank', 'bbcbb', [[2]]],
    ['blank', 'bbb', []],
    ['separator', 'ccscc', [[0, 1], [3, 4]]],
    ['separator', 'scsbcc', [[1], [4, 5]]], // the blank back of a separator sheet is dropped
    ['separator', 'cbcscbc', [[0, 1, 2], [4, 5, 6]]], // a blank page inside a letter stays
    ['separator', 'csbs', [[0]]],
    ['separator', 'ssss', []],
  ] as const)('%s %s', (mode, roles, expected) => {
    expect(splitStack(R(roles), mode)).toEqual(expected);
  });
});
