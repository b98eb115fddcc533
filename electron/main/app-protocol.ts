/**
 * The `app://desk/` scheme: registration (before `ready`) and the handler that serves the built
 * renderer from `out/renderer` with the Content-Security-Policy and related headers.
 */
import { promises as fs } from 'node:fs';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../host/security.ts';
import { APP_SCHEME } from './app-origin.ts';
import { contentTypeFor, isInside, resolveAppPath } from './app-protocol-path.ts';

/** Must run before `app.whenReady()`: a standard, secure scheme gets a real origin, fetch and ES modules. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ]);
}

function refuse(status: number): Response {
  return new Response(null, { status, headers: { ...SECURITY_HEADERS } });
}

/**
 * Serves `app://desk/<path>` from `rootDir` (absolute). GET/HEAD only; a path that fails
 * {@link resolveAppPath} or whose real path (links followed) leaves the folder answers 404.
 */
export function handleAppScheme(rootDir: string): void {
  let realRoot: Promise<string> | null = null;
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const file = resolveAppPath(rootDir, request.url);
    if (file === null) return refuse(404);
    try {
      realRoot ??= fs.realpath(rootDir);
      const real = await fs.realpath(file);
      if (!isInside(await realRoot, real)) return refuse(404);
      const body = await fs.readFile(real);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: {
          ...SECURITY_HEADERS,
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'content-type': contentTypeFor(real),
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return refuse(404);
    }
  });
}
