/**
 * The browser-mode token: the host prints `http://127.0.0.1:PORT/#token=…`. On first load the token is
 * read from the address's fragment (never sent to the server), kept in sessionStorage for reloads of
 * this tab, and removed from the address bar so it is not shown, bookmarked or shared.
 */
const KEY = 'registry-desk.token';

/** @returns the token, or null when the page was opened without one. */
export function takeToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    storage.setItem(KEY, fromHash);
    window.history.replaceState(null, '', loc.pathname + loc.search);
    return fromHash;
  }
  return storage.getItem(KEY);
}
