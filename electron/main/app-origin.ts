/**
 * The app's own origin in Electron: the renderer is served from the privileged custom scheme
 * `app://desk/` (never `file://`), so it has a real, stable origin that CSP `'self'`, the IPC sender
 * check and the navigation guard can all compare against.
 *
 * Pure constants, no `electron` import (unit-tested under plain Node).
 */

/** The custom scheme (registered with `protocol.registerSchemesAsPrivileged` before `ready`). */
export const APP_SCHEME = 'app';
/** The only host the scheme serves. */
export const APP_HOST = 'desk';
/** `app://desk` — the origin every trusted frame has. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The origin of a URL, as the renderer's `location.origin` would give it.
 * @param url any string (untrusted).
 * @returns e.g. `app://desk`; `null` when it does not parse or has an opaque origin.
 */
export function originOf(url: string | undefined | null): string | null {
  if (typeof url !== 'string' || url === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  // Custom standard schemes report origin "null" in Node's URL; rebuild it from the parts.
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.port === '' ? `${APP_SCHEME}://${parsed.hostname}` : null;
  return parsed.origin === 'null' ? null : parsed.origin;
}

/** True when `url` belongs to the app origin exactly (scheme, host, no port). */
export function isAppUrl(url: string | undefined | null): boolean {
  return originOf(url) === APP_ORIGIN;
}
