/**
 * App-wide guards applied to every web contents and to the default session: no navigation away from
 * the app origin, no new windows (allow-listed https links go to the system browser), no webviews,
 * every permission request denied, every request outside the app scheme cancelled.
 * See docs/security.md.
 */
import { app, session, shell, type WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';
import { isAllowedExternalUrl, isAllowedSessionRequest } from './external-links.ts';

function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Call once, before the first window is created (after `ready` for the session part). */
export function applyHardening(): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents));

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedSessionRequest(details.url) });
  });
}
