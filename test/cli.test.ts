/**
 * The `registry-desk` command, as a user runs it: real processes, real OCR, a temporary data folder.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/registry-fixture.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const NODE = path.join(repoRoot, 'node_modules/.bin/node');
const BIN = path.join(repoRoot, 'electron/cli/bin.js'); // the package's `bin` entry
const letters = path.resolve(repoRoot, '../shared/fixtures/letters');

interface Run { code: number | null; stdout: string; stderr: string }

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    // npm puts node_modules/.bin (Node 22) first on the PATH of scripts and npx; do the same here.
    const env = { ...process.env, PATH: `${path.join(repoRoot, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}` };
    const p = spawn(command, args, { env, cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const cli = (args: string[]) => run(NODE, [BIN, ...args]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON lines read back from the command
type Json = Record<string, any>;
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Json);

describe('registry-desk', () => {
  it('--help works through the package bin (npx registry-desk)', async () => {
    const r = await run('npx', ['--no-install', 'registry-desk', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('import');
    expect(r.stdout).toContain('--data-dir');
  });

  it('imports letters with consecutive numbers, reports a bad file and goes on; search and show find them', async () => {
    if (!fs.existsSync(letters)) throw new Error(`fixtures missing: ${letters}`);
    const dataDir = tempDir();
    const bad = path.join(tempDir(), 'not-an-image.png');
    fs.writeFileSync(bad, 'just text, not a scan\n');
    const a = path.join(letters, 'letter-11-01.jpg');
    const b = path.join(letters, 'letter-11-05.jpg');
    const expected = JSON.parse(fs.readFileSync(path.join(letters, 'letter-11-01.json'), 'utf8')) as { sender_code: string; reference_number: string };

    // a dry run first: previews, consumes nothing
    const dry = await cli(['--data-dir', dataDir, 'import', '--dry-run', a]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(lines(dry.stdout)[0]).toMatchObject({ dryRun: true, registryNumber: expect.stringMatching(/^\d{4}\/000001$/) });

    const r = await cli(['--data-dir', dataDir, 'import', a, bad, b]);
    expect(r.code).toBe(1); // one file failed
    const out = lines(r.stdout);
    expect(out).toHaveLength(3);
    const [first, failed, second] = out as [Json, Json, Json];
    expect(failed).toEqual({ fileName: 'not-an-image.png', error: { kind: 'unsupported_format', message: expect.any(String), ...(failed.error.details ? { details: failed.error.details } : {}) } });
    const year = first.registryNumber.slice(0, 4);
    expect(first.registryNumber).toBe(`${year}/000001`);
    expect(second.registryNumber).toBe(`${year}/000002`);
    for (const x of [first, second]) {
      expect(x).toMatchObject({ register: 'incoming', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), registeredAt: expect.any(String), registrationDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      expect(typeof x.meanConfidence).toBe('number');
      expect(Array.isArray(x.review)).toBe(true);
      expect(x.suggestions).toHaveProperty('counterpart');
    }
    expect(first.suggestions.counterpart?.code).toBe(expected.sender_code);
    expect(first.suggestions.counterpart?.evidence?.text).toEqual(expect.any(String));
    expect(r.stderr).toContain('[2/3] not-an-image.png failed: unsupported_format');

    // the same file again: already registered, no new number
    const again = await cli(['--data-dir', dataDir, 'import', a]);
    expect(again.code).toBe(1);
    expect(lines(again.stdout)[0]?.error).toMatchObject({ kind: 'duplicate_file', message: `already registered as ${first.registryNumber}` });

    // search by reference number (Arabic-Indic digits) and by the counterpart, typed without hamza
    const ref = expected.reference_number.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    const s1 = await cli(['--data-dir', dataDir, 'search', ref]);
    expect(s1.code, s1.stderr).toBe(0);
    expect(lines(s1.stdout).map((h) => h.registryNumber)).toEqual([first.registryNumber]);
    const s2 = await cli(['--data-dir', dataDir, 'search', 'الاولى', first.registryNumber]);
    expect(s2.code).toBe(0);
    const s3 = await cli(['--data-dir', dataDir, 'search', '--format', 'table', 'مجلس الوزراء']);
    expect(s3.code).toBe(0);
    expect(s3.stdout.indexOf(second.registryNumber)).toBeLessThan(s3.stdout.indexOf(first.registryNumber)); // newest first
    expect(s3.stdout.indexOf(second.registryNumber)).toBeGreaterThan(0);

    // show, JSON and table
    const shown = await cli(['--data-dir', dataDir, 'show', second.registryNumber]);
    expect(shown.code, shown.stderr).toBe(0);
    const d = lines(shown.stdout)[0]!;
    expect(d).toMatchObject({ registryNumber: second.registryNumber, documents: [{ sha256: second.sha256, fileName: 'letter-11-05.jpg', role: 'main' }] });
    expect(d.history[0]).toMatchObject({ action: 'registered' });
    expect(String(d.pages[0].text)).toContain('مجلس الوزراء');
    const table = await cli(['--data-dir', dataDir, 'show', '--format', 'table', second.registryNumber]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`registry number     : ${second.registryNumber}`);
    expect(table.stdout).toContain('مجلس الوزراء');

    // a deliberate re-registration: a new number, linked both ways
    const re = await cli(['--data-dir', dataDir, 'import', '--re-register', first.registryNumber, a]);
    expect(re.code, re.stdout).toBe(0);
    expect(lines(re.stdout)[0]?.registryNumber).toBe(`${year}/000003`);
    const linked = lines((await cli(['--data-dir', dataDir, 'show', first.registryNumber])).stdout)[0]!;
    expect(linked.links).toEqual([{ kind: 're_registered_as', registryNumber: `${year}/000003`, register: 'incoming' }]);

    const missing = await cli(['--data-dir', dataDir, 'show', '1999/000001']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error.kind).toBe('not_found');
  }, 300_000);
});
