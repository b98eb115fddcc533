/**
 * Maps an `app://desk/…` request to a file inside the built renderer folder (`out/renderer`), refusing
 * anything that could leave it: `..` segments (plain or percent-encoded, also `%2f`-joined), absolute
 * or drive paths, backslashes, NUL, other hosts, credentials, ports.
 *
 * Pure (only `node:path`); the `protocol.handle` callback in app-protocol.ts does the I/O.
 */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';

/** Content types of the files the renderer build emits; anything else is served as octet-stream. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type for a file name, by extension (lower-cased). */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * @param rootDir absolute path of the built renderer folder.
 * @param requestUrl the full request URL as received by the protocol handler (untrusted).
 * @returns the absolute file path inside `rootDir` (`/` maps to `index.html`), or `null` when the
 *   request is not for `app://desk/` or its path is not a plain relative path inside `rootDir`.
 *   Never throws.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return null;
  if (url.port !== '' || url.username !== '' || url.password !== '') return null;

  // The URL parser has already collapsed literal and `%2e%2e` dot segments; decode what is left and
  // re-check, because `%2f` and `%5c` only become separators after decoding.
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes(':')) return null;
  if (!decoded.startsWith('/') || decoded.startsWith('//')) return null;

  const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
  const segments = relative.split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === '')) {
    // '' rejects `a//b` and a trailing `/` (no directory listings)
    return null;
  }

  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, ...segments);
  return isInside(root, resolved) ? resolved : null;
}

/**
 * True when `candidate` is strictly inside `root` (both absolute). Used again on real paths after
 * `fs.realpath`, so a symbolic link inside the folder cannot point out of it.
 */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
