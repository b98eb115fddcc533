import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract/index.ts';
import { guardCall, IPC_CHANNEL } from './ipc-guard.ts';

const APP = 'app://desk/index.html';

describe('guardCall', () => {
  it('uses the one channel the preload invokes', () => expect(IPC_CHANNEL).toBe('desk:call'));

  it('relays a valid call unchanged', () => {
    const payload = { query: 'وزارة الداخلية' };
    expect(guardCall(APP, 'registry.search', payload)).toEqual({ ok: true, name: 'registry.search', payload });
  });

  it('treats a missing payload as an empty object for methods without input', () => {
    expect(guardCall(APP, 'directory.list', undefined)).toEqual({ ok: true, name: 'directory.list', payload: {} });
  });

  it.each([
    ['another custom-scheme host', 'app://evil/index.html'],
    ['a port on the app scheme', 'app://desk:1/index.html'],
    ['a web page', 'https://example.org/'],
    ['the loopback browser host', 'http://127.0.0.1:5173/'],
    ['a local file', 'file:///tmp/x.html'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['about:blank', 'about:blank'],
    ['a destroyed frame', undefined],
    ['an empty URL', ''],
  ])('refuses a call from %s', (_label, url) => {
    const r = guardCall(url, 'registry.search', { query: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('unauthorised');
  });

  it.each([['constructor'], ['__proto__'], ['toString'], ['registry.drop'], [''], [42], [null], [{ name: 'registry.search' }]])(
    'refuses the unknown method %j',
    (name) => {
      const r = guardCall(APP, name, {});
      expect(r).toMatchObject({ ok: false, error: { kind: 'validation' } });
    },
  );

  it.each([
    ['registry.search', { query: '' }, 'query'],
    ['registry.search', { query: 7 }, 'query'],
    ['registry.search', { query: 'x', limit: 10_000 }, 'limit'],
    ['intake.pagePreview', { sha256: '../../etc/passwd', page: 0 }, 'sha256'],
    ['intake.pagePreview', { sha256: 'a'.repeat(64), page: -1 }, 'page'],
    ['intake.analyse', { fileName: 'x.png', dataBase64: 'not base64!' }, 'dataBase64'],
    ['registry.page', 'a string', ''],
  ] as const)('refuses %s with a bad payload (%j)', (name, payload, pathOfIssue) => {
    const r = guardCall(APP, name, payload);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('validation');
    const issues = (r.error.details?.issues ?? []) as { path: string }[];
    expect(issues.map((i) => i.path)).toContain(pathOfIssue);
  });

  it('knows every contract method', () => {
    for (const name of METHOD_NAMES) {
      const r = guardCall(APP, name, { definitely: 'not valid', query: 42 });
      // each name is recognised: the failure, if any, is about the payload, not the name
      if (!r.ok) expect(r.error.message).toBe(`invalid input for ${name}`);
    }
  });
});
