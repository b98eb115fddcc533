import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOcrPool, defaultPoolSize } from './pool.ts';
import { prepareLanguageData } from './tessdata.ts';

const word = path.resolve(import.meta.dirname, '../../../../shared/fixtures/scans/tesseract-test/arabic.tif');
if (!fs.existsSync(word)) throw new Error(`fixtures missing: ${word}`);

describe('OCR pool (real tesseract.js workers)', () => {
  it('sizes itself to the machine', () => {
    const n = defaultPoolSize();
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(Math.min(4, os.availableParallelism()));
  });

  it('copies the language data once into its own folder, offline', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessdata-'));
    prepareLanguageData(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['ara.traineddata.gz', 'eng.traineddata.gz', 'osd.traineddata.gz']);
    const before = fs.statSync(path.join(dir, 'ara.traineddata.gz')).mtimeMs;
    prepareLanguageData(dir);
    expect(fs.statSync(path.join(dir, 'ara.traineddata.gz')).mtimeMs).toBe(before);
  });

  it('starts lazily, reads, recycles workers after N recognitions and closes', async () => {
    const pool = createOcrPool({ size: 1, recycleAfterJobs: 2, languages: 'ara' });
    expect(pool.stats()).toEqual({ workersStarted: 0, recognitions: 0, workersAlive: 0 });
    const image = new Uint8Array(fs.readFileSync(word));
    try {
      const texts: string[] = [];
      for (let i = 0; i < 3; i++) texts.push((await pool.recognise(image, { segmentation: 'single_block' })).text);
      expect(new Set(texts).size).toBe(1);
      expect(texts[0]).toMatch(/[\u0600-\u06FF]/);
      const stats = pool.stats();
      expect(stats.recognitions).toBe(3);
      expect(stats.workersStarted).toBe(2); // the first worker was replaced after its 2nd job
      expect(stats.workersAlive).toBe(1);
    } finally {
      await pool.close();
    }
    await expect(pool.recognise(image, { segmentation: 'single_block' })).rejects.toMatchObject({ kind: 'ocr_failed' });
  }, 120_000);

  it('rejects an aborted job with an AbortError and keeps its worker', async () => {
    const pool = createOcrPool({ size: 1, languages: 'ara' });
    const image = new Uint8Array(fs.readFileSync(word));
    try {
      await pool.recognise(image, { segmentation: 'single_block' });
      const ctl = new AbortController();
      ctl.abort();
      await expect(pool.recognise(image, { segmentation: 'single_block', signal: ctl.signal })).rejects.toMatchObject({ name: 'AbortError' });
      await pool.recognise(image, { segmentation: 'single_block' });
      expect(pool.stats().workersStarted).toBe(1);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
