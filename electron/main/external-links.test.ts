import { describe, expect, it } from 'vitest';
import { isAppUrl, originOf } from './app-origin.ts';
import { parseAppArgs } from './args.ts';
import { EXTERNAL_HOSTS_ALLOWED, isAllowedExternalUrl, isAllowedSessionRequest } from './external-links.ts';

describe('isAllowedExternalUrl', () => {
  const hosts = ['help.example.gov.kw'];
  it.each([
    ['https://help.example.gov.kw/guide', true],
    ['http://help.example.gov.kw/guide', false],
    ['https://help.example.gov.kw:8443/', false],
    ['https://user@help.example.gov.kw/', false],
    ['https://help.example.gov.kw.evil.com/', false],
    ['https://evil.com/?help.example.gov.kw', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['smb://server/share', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => expect(isAllowedExternalUrl(url, hosts)).toBe(allowed));

  it('allows nothing by default', () => {
    expect(EXTERNAL_HOSTS_ALLOWED).toEqual([]);
    expect(isAllowedExternalUrl('https://www.google.com/')).toBe(false);
  });
});

describe('isAllowedSessionRequest', () => {
  it.each([
    ['app://desk/assets/a.js', true],
    ['data:image/png;base64,AAAA', true],
    ['blob:app://desk/3c7e', true],
    ['devtools://devtools/bundled/inspector.html', true],
    ['app://other/a.js', false],
    ['https://cdn.jsdelivr.net/npm/tesseract.js', false],
    ['http://127.0.0.1:8080/', false],
    ['ws://127.0.0.1:1/', false],
    ['file:///etc/passwd', false],
  ])('%s → %s', (url, allowed) => expect(isAllowedSessionRequest(url)).toBe(allowed));
});

describe('app origin', () => {
  it.each([
    ['app://desk/index.html', 'app://desk'],
    ['app://desk/', 'app://desk'],
    ['app://desk:9/', null],
    ['https://a.example/x', 'https://a.example'],
    ['about:blank', null],
    ['', null],
    [undefined, null],
  ])('originOf(%j) = %j', (url, origin) => expect(originOf(url)).toBe(origin));

  it('matches only the app origin', () => {
    expect(isAppUrl('app://desk/x')).toBe(true);
    expect(isAppUrl('app://DESK/x')).toBe(false);
    expect(isAppUrl('app://desk@evil/x')).toBe(false);
  });
});

describe('parseAppArgs', () => {
  it.each([
    [['/opt/Registry Desk/registry-desk'], { dataDir: null, lang: 'ar' }],
    [['electron', '.', '--data-dir', '/tmp/d', '--lang', 'en'], { dataDir: '/tmp/d', lang: 'en' }],
    [['electron', '.', '--data-dir=/tmp/a b', '--lang=fr'], { dataDir: '/tmp/a b', lang: 'ar' }],
    [['x', '--data-dir', '--lang', 'en'], { dataDir: null, lang: 'en' }],
    [['x', '--data-dir='], { dataDir: null, lang: 'ar' }],
    [['x', '--data-dir', 'a', '--data-dir', 'b'], { dataDir: 'b', lang: 'ar' }],
  ])('%j', (argv, expected) => expect(parseAppArgs(argv)).toEqual(expected));
});
