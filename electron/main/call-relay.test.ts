import { describe, expect, it } from 'vitest';
import { CallRelay, RestartBudget } from './call-relay.ts';
import type { CallMessage } from './services-protocol.ts';

function connected(relay: CallRelay): CallMessage[] {
  const sent: CallMessage[] = [];
  relay.attach((m) => sent.push(m));
  return sent;
}

describe('CallRelay', () => {
  it('queues calls until the process is ready, then answers each by id', async () => {
    const relay = new CallRelay();
    const sent = connected(relay);
    const a = relay.call('registry.search', { query: 'a' });
    const b = relay.call('registry.show', { registryNumber: '1' });
    expect(sent).toHaveLength(0);
    expect(relay.queuedCount).toBe(2);
    relay.receive({ type: 'ready' });
    expect(sent.map((m) => m.name)).toEqual(['registry.search', 'registry.show']);
    const [first, second] = sent;
    relay.receive({ type: 'result', id: second?.id ?? -1, result: { ok: true, value: 'B' } });
    relay.receive({ type: 'result', id: first?.id ?? -1, result: { ok: true, value: 'A' } });
    await expect(a).resolves.toEqual({ ok: true, value: 'A' });
    await expect(b).resolves.toEqual({ ok: true, value: 'B' });
    expect(relay.pendingCount).toBe(0);
  });

  it('fails calls in flight with an internal error when the process dies, and resumes after a restart', async () => {
    const relay = new CallRelay();
    connected(relay);
    relay.receive({ type: 'ready' });
    const inFlight = relay.call('registry.register', {});
    relay.detach('exit code 139');
    const r = await inFlight;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('internal');
      expect(r.error.details).toEqual({ reason: 'exit code 139' });
    }
    const later = relay.call('registry.search', { query: 'x' });
    expect(relay.queuedCount).toBe(1); // waits for the restarted process
    const sent = connected(relay);
    relay.receive({ type: 'ready' });
    relay.receive({ type: 'result', id: sent[0]?.id ?? -1, result: { ok: true, value: 1 } });
    await expect(later).resolves.toEqual({ ok: true, value: 1 });
  });

  it('answers every call with the start-up error when the services cannot start', async () => {
    const relay = new CallRelay();
    connected(relay);
    const queued = relay.call('settings.get', {});
    const error = { kind: 'database_too_new' as const, message: 'newer' };
    relay.receive({ type: 'fatal', error });
    await expect(queued).resolves.toEqual({ ok: false, error });
    await expect(relay.call('settings.get', {})).resolves.toEqual({ ok: false, error });
  });

  it('ignores results for unknown ids and a send that throws fails only that call', async () => {
    const relay = new CallRelay();
    relay.attach(() => {
      throw new Error('channel closed');
    });
    relay.receive({ type: 'ready' });
    relay.receive({ type: 'result', id: 999, result: { ok: true, value: null } });
    const r = await relay.call('settings.get', {});
    expect(r).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(relay.pendingCount).toBe(0);
  });

  it('close() fails queued and in-flight calls', async () => {
    const relay = new CallRelay();
    connected(relay);
    relay.receive({ type: 'ready' });
    const inFlight = relay.call('a', {});
    relay.detach('x');
    const queued = relay.call('b', {});
    relay.close({ kind: 'internal', message: 'closing' });
    await expect(inFlight).resolves.toMatchObject({ ok: false });
    await expect(queued).resolves.toEqual({ ok: false, error: { kind: 'internal', message: 'closing' } });
  });
});

describe('RestartBudget', () => {
  it('allows 5 restarts a minute, then refuses until the window moves on', () => {
    const budget = new RestartBudget(5, 60_000);
    for (let i = 0; i < 5; i++) expect(budget.take(i * 1000)).toBe(true);
    expect(budget.take(10_000)).toBe(false);
    expect(budget.take(61_001)).toBe(true);
  });
});
