/**
 * Skew estimation on real scans (no OCR): the synthetic letters record the angle they were skewed by
 * (`skew_degrees` in their JSON), the derived journal page is skewed by 2.5°, and level pages stay level.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImagePage, imagePages } from '../documents/images.ts';
import { deskewGrey, estimateSkew, otsuThreshold, paperLevel } from './deskew.ts';
import type { GreyPage } from './page.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../../shared/fixtures');

async function grey(file: string): Promise<GreyPage> {
  const bytes = new Uint8Array(fs.readFileSync(path.join(fixtures, file)));
  return decodeImagePage(bytes, 0, (await imagePages(bytes))[0]!);
}

describe('estimateSkew', () => {
  it.each(['letter-11-00.png', 'letter-11-02.tif', 'letter-11-05.jpg', 'letter-11-14.jpg'])('finds the recorded skew of %s within 0.15°', async (name) => {
    const { skew_degrees } = JSON.parse(fs.readFileSync(path.join(fixtures, 'letters', name.replace(/\.\w+$/, '.json')), 'utf8')) as { skew_degrees: number };
    const page = await grey(`letters/${name}`);
    const est = await estimateSkew(page);
    expect(Math.abs(est.angle - skew_degrees)).toBeLessThanOrEqual(0.15);
    expect(est.gain).toBeGreaterThan(1.5);
    // Turned back, the page is level.
    const level = await estimateSkew(await deskewGrey(page, est.angle));
    expect(Math.abs(level.angle)).toBeLessThanOrEqual(0.1);
  });

  it('finds the 2.5° of the noisy 150 dpi journal page and leaves level pages alone', async () => {
    expect((await estimateSkew(await grey('scans/derived/muqtabas-p002-skew2.5-noisy-150dpi.jpg'))).angle).toBeCloseTo(2.5, 0);
    for (const level of ['scans/ocrmypdf/linn.png', 'scans/tesseract-test/phototest.tif']) {
      expect(Math.abs((await estimateSkew(await grey(level))).angle)).toBeLessThan(0.3);
    }
  });

  it('fills the corners of a turned photographed page with its paper grey, not white', async () => {
    const page = await grey('letters/letter-11-05.jpg'); // grey paper, −1.93°
    const paper = paperLevel(page.data);
    expect(paper).toBeLessThan(230);
    const turned = await deskewGrey(page, (await estimateSkew(page)).angle);
    expect(turned.width).toBeGreaterThan(page.width);
    expect(Math.abs(turned.data[0]! - paper)).toBeLessThanOrEqual(2); // top-left corner
    expect(Math.abs(turned.data[turned.data.length - 1]! - paper)).toBeLessThanOrEqual(2); // bottom-right
  });

  it('says level for a blank page and for a page too small to hold lines', async () => {
    const blank: GreyPage = { data: new Uint8Array(800 * 600).fill(250), width: 800, height: 600, dpi: null };
    expect(await estimateSkew(blank)).toMatchObject({ angle: 0, gain: 1 });
    const tiny: GreyPage = { data: new Uint8Array(4 * 4).fill(0), width: 4, height: 4, dpi: null };
    expect((await estimateSkew(tiny)).angle).toBe(0);
  });
});

describe('otsuThreshold', () => {
  it('separates two grey levels', () => {
    const data = new Uint8Array(1000);
    data.fill(30, 0, 300);
    data.fill(220, 300);
    const t = otsuThreshold(data);
    expect(t).toBeGreaterThanOrEqual(30);
    expect(t).toBeLessThan(220);
  });
});
