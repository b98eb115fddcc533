import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, isInside, resolveAppPath } from './app-protocol-path.ts';

const root = path.resolve('/srv/app/out/renderer');

describe('resolveAppPath', () => {
  it.each([
    ['app://desk/', 'index.html'],
    ['app://desk/index.html', 'index.html'],
    ['app://desk/assets/index-3f2a.js', 'assets/index-3f2a.js'],
    ['app://desk/assets/font%20name.woff2', 'assets/font name.woff2'],
    ['app://desk/assets/%D8%AE%D8%B7.svg', 'assets/خط.svg'],
    ['app://desk/index.html?x=1#frag', 'index.html'],
    // The URL parser collapses dot segments before we see them; what remains must stay inside.
    ['app://desk/assets/../index.html', 'index.html'],
    ['app://desk/assets/%2e%2e/index.html', 'index.html'],
    ['app://desk/../../etc/passwd', 'etc/passwd'],
    // Decoded once only: a double-encoded dot stays a literal (harmless) name inside the root.
    ['app://desk/%252e%252e/%252e%252e/etc/passwd', '%2e%2e/%2e%2e/etc/passwd'],
  ])('%s → <root>/%s', (url, rel) => {
    expect(resolveAppPath(root, url)).toBe(path.join(root, rel));
  });

  it.each([
    ['encoded slash traversal', 'app://desk/..%2f..%2fetc%2fpasswd'],
    ['encoded slash traversal, upper case', 'app://desk/%2E%2E%2F%2E%2E%2Fetc/passwd'],
    ['backslash traversal', 'app://desk/..%5c..%5cwindows%5cwin.ini'],
    ['absolute path smuggled by encoding', 'app://desk/%2fetc%2fpasswd'],
    ['double slash', 'app://desk//etc/passwd'],
    ['drive letter', 'app://desk/C:/Windows/win.ini'],
    ['encoded drive letter', 'app://desk/C%3A%5CWindows'],
    ['NUL byte', 'app://desk/index.html%00.png'],
    ['malformed escape', 'app://desk/%E0%A4%A'],
    ['directory (trailing slash)', 'app://desk/assets/'],
    ['other host', 'app://evil/index.html'],
    ['credentials', 'app://user:pw@desk/index.html'],
    ['port', 'app://desk:8080/index.html'],
    ['other scheme', 'file:///etc/passwd'],
    ['https', 'https://desk/index.html'],
    ['not a URL', '../../etc/passwd'],
    ['empty', ''],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('never returns a path outside the root for any mix of dots and separators', () => {
    const parts = ['..', '.', '%2e%2e', '%2E.', '.%2e', '%2f', '%5c', 'a', '%00', '', '%252e'];
    for (const a of parts) {
      for (const b of parts) {
        for (const c of parts) {
          const got = resolveAppPath(root, `app://desk/${a}/${b}/${c}`);
          if (got !== null) expect(isInside(root, got)).toBe(true);
        }
      }
    }
  });
});

describe('isInside', () => {
  it('is strict and separator-aware', () => {
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
  });

  describe('with a symbolic link leaving the folder', () => {
    let dir = '';
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-proto-'));
      fs.mkdirSync(path.join(dir, 'renderer'));
      fs.writeFileSync(path.join(dir, 'secret.txt'), 'x');
      fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'renderer', 'link.txt'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('resolves lexically inside but the real path is outside', () => {
      const rendererDir = path.join(dir, 'renderer');
      const lexical = resolveAppPath(rendererDir, 'app://desk/link.txt');
      expect(lexical).toBe(path.join(rendererDir, 'link.txt'));
      expect(isInside(fs.realpathSync(rendererDir), fs.realpathSync(lexical ?? ''))).toBe(false);
    });
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['f.woff2', 'font/woff2'],
    ['x.exe', 'application/octet-stream'],
    ['noext', 'application/octet-stream'],
  ])('%s → %s', (name, type) => expect(contentTypeFor(name)).toBe(type));
});
