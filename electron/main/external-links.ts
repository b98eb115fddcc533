/**
 * Which links may leave the app for the system browser (`shell.openExternal`). Everything else —
 * other schemes (`file:`, `smb:`, custom handlers), plain http, hosts not listed — is refused.
 * Pure, no `electron` import.
 */
import { APP_SCHEME, isAppUrl } from './app-origin.ts';

/**
 * Hosts a clerk may be sent to from the app. Empty: the desk links to nothing outside itself today.
 * Add a host only deliberately (an agency's own help site, say), https only; see docs/security.md.
 */
export const EXTERNAL_HOSTS_ALLOWED: readonly string[] = [];

/**
 * @param url the URL a page tried to open (untrusted).
 * @param allowedHosts exact host names allowed (default {@link EXTERNAL_HOSTS_ALLOWED}).
 * @returns true only for `https:` URLs on an allowed host, default port, without credentials.
 */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[] = EXTERNAL_HOSTS_ALLOWED): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    allowedHosts.includes(parsed.hostname)
  );
}

/**
 * Requests the renderer's session may make: the app scheme, and the in-memory `data:`/`blob:` URLs
 * page previews use; `devtools:` for the developer tools. Everything else (http, https, file, ws…) is
 * cancelled — the desk works offline and loads nothing from the network.
 */
export function isAllowedSessionRequest(url: string): boolean {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (protocol === `${APP_SCHEME}:`) return isAppUrl(url);
  return protocol === 'data:' || protocol === 'blob:' || protocol === 'devtools:';
}
