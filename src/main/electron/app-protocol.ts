// Serves the built renderer on galley://app/ instead of file:// (Electron security checklist item 18): the page
// gets an origin of its own, so the CSP's 'self' means the app's files and nothing else on the disk, and the
// GrantFileProtocolExtraPrivileges fuse can be turned off.
import { readFile } from 'node:fs/promises';

import { protocol } from 'electron';

import { CONTENT_SECURITY_POLICY } from '../csp';
import { APP_SCHEME, resolveAppFile } from './app-files';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** After ready: answers galley://app/<file> from the renderer folder; everything else is 404. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = request.method === 'GET' ? resolveAppFile(rendererDir, request.url) : null;
    if (!file) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    try {
      const body = await readFile(file.path);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': file.mimeType,
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    }
  });
}
