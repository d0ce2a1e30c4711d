// The galley://app/ protocol serves the built renderer and nothing else (src/main/electron/app-files.ts).
import { join, resolve, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

import { APP_INDEX_URL, resolveAppFile } from '../../../src/main/electron/app-files';

const ROOT = resolve('/opt/Galley/resources/app.asar/out/renderer');

describe('resolveAppFile', () => {
  it('maps the app origin to files of the renderer folder with their types', () => {
    expect(resolveAppFile(ROOT, APP_INDEX_URL)).toEqual({
      path: join(ROOT, 'index.html'),
      mimeType: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile(ROOT, 'galley://app/')).toEqual(resolveAppFile(ROOT, APP_INDEX_URL));
    expect(resolveAppFile(ROOT, 'galley://app/index.html#/page/3')?.path).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile(ROOT, 'galley://app/assets/index-abc123.js')).toEqual({
      path: join(ROOT, 'assets', 'index-abc123.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppFile(ROOT, 'galley://app/assets/index.CSS')?.mimeType).toBe('text/css; charset=utf-8');
    expect(resolveAppFile(ROOT, 'galley://app/assets/%E5%AD%97.woff2')?.path).toBe(join(ROOT, 'assets', '字.woff2'));
  });

  it('never resolves outside the folder, whatever the dot segments and encodings', () => {
    for (const url of [
      'galley://app/../main/index.js',
      'galley://app/%2e%2e/main/index.js',
      'galley://app/assets/%2e%2e/%2e%2e/main/index.js',
      'galley://app/..%2f..%2fetc%2fpasswd.js',
      'galley://app/assets/..%2F..%2F..%2F..%2Fetc/passwd.js',
      'galley://app/%2e%2e%5cmain%5cindex.js',
      'galley://app//etc/passwd.js',
      'galley://app/assets/x.js%00.html',
    ]) {
      const file = resolveAppFile(ROOT, url);
      if (file !== null) expect(file.path.startsWith(ROOT + sep), `${url} → ${file.path}`).toBe(true);
    }
    expect(resolveAppFile(ROOT, 'galley://app/..%2f..%2fetc%2fpasswd.js')).toBeNull();
    expect(resolveAppFile(ROOT, 'galley://app/%2e%2e%5cmain%5cindex.js')).toBeNull();
    expect(resolveAppFile(ROOT, 'galley://app/assets/x.js%00.html')).toBeNull();
  });

  it('refuses other hosts and schemes, malformed escapes and unknown file types', () => {
    for (const url of [
      'galley://app/%E0%A4%A',
      'galley://other/index.html',
      'galley://app.evil.example/index.html',
      'file:///opt/Galley/resources/app.asar/out/renderer/index.html',
      'https://app/index.html',
      'galley://app/preload.node',
      'galley://app/notes.txt',
      'galley://app/assets',
      'not a url',
    ]) {
      expect(resolveAppFile(ROOT, url), url).toBeNull();
    }
  });
});
