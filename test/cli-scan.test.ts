/**
 * `registry-desk scan` with SANE's virtual `test` scanner, `registry-desk watch` as a real process
 * stopped with Ctrl+C (SIGINT), and `registry-desk separator-sheet`, whose printed sheet is
 * recognised as a separator once rasterised.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPdf, pdfPageText, renderPdfPage } from '../electron/services/documents/pdf.ts';
import { isSeparatorPage } from '../electron/services/scan/separator.ts';
import { runCli } from './helpers/cli.ts';
import { tempDir } from './helpers/registry-fixture.ts';
import { tinyPng } from './helpers/scan-pages.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('registry-desk scan', () => {
  it('a feeder of blank sheets split at blank pages: no letter', async () => {
    const r = await runCli(['--data-dir', tempDir(), 'scan', '--device', 'test', '--batch', '--split', 'blank', '--resolution', '50', '--sane-option', 'test-picture=Solid white']);
    expect(r.code).toBe(0);
    expect(lines(r.out)).toEqual([]);
    expect(r.err).toContain('10 pages scanned, 0 letters, 0 failed');
  }, 60_000);

  it('the whole feeder as one letter: one JSON line with its registry number', async () => {
    const r = await runCli(['--data-dir', tempDir(), 'scan', '--device', 'test', '--batch', '--resolution', '50', '--mode', 'Gray', '--sane-option', 'test-picture=Grid']);
    expect(r.code).toBe(0);
    const out = lines(r.out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ state: 'registered', pages: 10, register: 'incoming', registryNumber: expect.stringMatching(/\d/) });
  }, 120_000);

  it('a device name that is not plain is a usage error', async () => {
    const r = await runCli(['--data-dir', tempDir(), 'scan', '--device', '-L']);
    expect(r.code).toBe(2);
    expect(lines(r.out)[0]).toMatchObject({ error: { kind: 'validation' } });
  });
});

describe('registry-desk watch', () => {
  it('prints one JSON line per file and stops cleanly on Ctrl+C', async () => {
    const folder = tempDir('scan-folder-');
    const child = spawn(process.execPath, [path.join(repoRoot, 'electron/cli/bin.js'), '--data-dir', tempDir(), 'watch', folder, '--keep'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (cond: () => boolean, what: string) => {
      const end = Date.now() + 90_000;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr: ${err}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until(() => err.includes('watching'), 'start');
    fs.writeFileSync(path.join(folder, 'letter.png'), await tinyPng(900));
    fs.writeFileSync(path.join(folder, 'empty.png'), Buffer.alloc(0));
    await until(() => lines(out).length >= 2, 'two lines');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const byName = Object.fromEntries(lines(out).map((l) => [l['name'], l]));
    expect(byName['letter.png']).toMatchObject({ type: 'registered', registryNumber: expect.any(String), movedTo: null });
    expect(byName['empty.png']).toMatchObject({ type: 'failed', error: { kind: 'empty_file' } });
    expect(err).toContain('stopped');
    expect(fs.readdirSync(folder).sort()).toEqual(['empty.png', 'letter.png']);
  }, 120_000);
});

describe('registry-desk separator-sheet', () => {
  it('writes a sheet that reads as a separator once printed and scanned', async () => {
    const out = path.join(tempDir(), 'separator.pdf');
    const r = await runCli(['separator-sheet', '--out', out]);
    expect(r.code).toBe(0);
    const pdf = await openPdf(fs.readFileSync(out));
    try {
      expect(pdf.pages).toBe(1);
      expect(await isSeparatorPage(await renderPdfPage(pdf, 0, 150))).toBe(true);
      const text = await pdfPageText(pdf, 0);
      expect(text).toContain('Separator sheet');
      expect(text).toContain('ورقة فاصلة');
    } finally {
      await pdf.close();
    }
  }, 60_000);
});
