/**
 * Numbering across real processes sharing one SQLite file: concurrent desks get distinct,
 * consecutive numbers; a desk killed with SIGKILL mid-registration consumes no number.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestRegistry, registerText, tempDir } from './helpers/registry-fixture.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const NODE = path.join(repoRoot, 'node_modules/.bin/node');
const CHILD = path.join(repoRoot, 'test/helpers/register-child.ts');

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.length = 0;
});

function child(args: string[]): { proc: ChildProcess; lines: string[]; done: Promise<number | null>; waitFor: (pred: (lines: string[]) => boolean) => Promise<void> } {
  const proc = spawn(NODE, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  const lines: string[] = [];
  let buf = '';
  let stderr = '';
  const watchers: Array<() => void> = [];
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of watchers) w();
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const done = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const waitFor = (pred: (l: string[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (pred(lines) ? resolve() : undefined);
      watchers.push(check);
      check();
      void done.then(() => (pred(lines) ? resolve() : reject(new Error(`child ended early: ${stderr}`))));
    });
  return { proc, lines, done, waitFor };
}

/** The (register, seq) pairs in the file, the counter, and whether 1..n has no gap. */
function numbering(dataDir: string) {
  const { db } = openTestRegistry(dataDir);
  const seqs = (db.prepare("SELECT seq FROM registrations WHERE register = 'incoming' ORDER BY seq").all() as Array<{ seq: number }>).map((r) => r.seq);
  const counter = (db.prepare("SELECT coalesce(max(last_seq), 0) AS n FROM register_counters WHERE register = 'incoming'").get() as { n: number }).n;
  const fts = (db.prepare('SELECT count(*) AS n FROM registrations_fts_docsize').get() as { n: number }).n;
  const audit = (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'registered'").get() as { n: number }).n;
  db.close();
  return { seqs, counter, fts, audit, dense: seqs.every((s, i) => s === i + 1) };
}

describe('numbering across processes', () => {
  it('two processes registering at once get distinct, consecutive numbers with no gaps', async () => {
    const dir = tempDir();
    openTestRegistry(dir).db.close(); // create and migrate once
    const N = 25;
    const a = child([dir, 'loop', String(N), 'a']);
    const b = child([dir, 'loop', String(N), 'b']);
    expect(await a.done).toBe(0);
    expect(await b.done).toBe(0);
    const all = [...a.lines, ...b.lines];
    expect(all).toHaveLength(2 * N);
    expect(new Set(all).size).toBe(2 * N);
    const state = numbering(dir);
    expect(state.seqs).toHaveLength(2 * N);
    expect(state.dense).toBe(true);
    expect(state.counter).toBe(2 * N);
    expect(state.fts).toBe(2 * N);
    expect(state.audit).toBe(2 * N);
    // Each process saw its own numbers in increasing order.
    for (const lines of [a.lines, b.lines]) {
      const seqs = lines.map((l) => Number(l.split('/')[1]));
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    }
  }, 60_000);

  it('a process killed with SIGKILL inside the registration transaction consumes no number', async () => {
    const dir = tempDir();
    const { db, registry } = openTestRegistry(dir);
    registerText(registry, 'الأول');
    db.close();
    const c = child([dir, 'pause', 'k']);
    await c.waitFor((l) => l.includes('paused'));
    c.proc.kill('SIGKILL');
    await c.done;
    expect(c.lines).not.toContain('not killed');
    expect(numbering(dir)).toMatchObject({ seqs: [1], counter: 1, fts: 1, audit: 1 });
    const again = openTestRegistry(dir);
    expect(registerText(again.registry, 'الثاني').registryNumber.endsWith('/000002')).toBe(true);
    again.db.close();
  }, 60_000);

  it('a process killed with SIGKILL while registering in a loop leaves no gap', async () => {
    const dir = tempDir();
    openTestRegistry(dir).db.close();
    const c = child([dir, 'loop', 'forever', 'k']);
    await c.waitFor((l) => l.length >= 15);
    c.proc.kill('SIGKILL');
    await c.done;
    const state = numbering(dir);
    expect(state.seqs.length).toBeGreaterThanOrEqual(15);
    expect(state.dense).toBe(true);
    expect(state.counter).toBe(state.seqs.length);
    expect(state.fts).toBe(state.seqs.length);
    expect(state.audit).toBe(state.seqs.length);
    const again = openTestRegistry(dir);
    expect(registerText(again.registry, 'بعد').registryNumber.endsWith(`/${String(state.seqs.length + 1).padStart(6, '0')}`)).toBe(true);
    again.db.close();
  }, 60_000);
});
