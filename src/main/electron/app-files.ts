// Maps a galley://app/ URL to a file of the built renderer, refusing anything outside its folder. Pure (no
// Electron import) so it is unit-tested; src/main/electron/app-protocol.ts serves what it resolves.
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

import { CONTENT_TYPES } from '../content-types';

export const APP_SCHEME = 'galley';
export const APP_HOST = 'app';
/** The app's page: the renderer is served from this origin instead of file:// (Electron checklist item 18). */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The renderer file a request asks for, or null: only galley://app/<path> with a path that stays inside
 * `rendererDir` after decoding (no `..`, no encoded separators escaping it, no NUL) and a known file type.
 * The bare origin is its index.html.
 */
export function resolveAppFile(rendererDir: string, url: string): { path: string; mimeType: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const root = resolve(rendererDir);
  const path = resolve(root, '.' + pathname);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith('..' + sep) || inside === '..' || isAbsolute(inside)) return null;
  const mimeType = CONTENT_TYPES[extname(path).toLowerCase()];
  return mimeType ? { path, mimeType } : null;
}
