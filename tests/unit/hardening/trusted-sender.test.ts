// Which pages count as the app and which IPC senders may call Galley (src/main/electron/trusted-sender.ts).
import { describe, expect, it } from 'vitest';

import {
  isAppUrl,
  isTrustedSender,
  type AppLocation,
  type SenderFacts,
} from '../../../src/main/electron/trusted-sender';
import { APP_INDEX_URL } from '../../../src/main/electron/app-files';

// The renderer is served on galley://app/ (app-protocol.ts); file:// pages are never the app.
const INDEX = APP_INDEX_URL;
const FILE_INDEX = 'file:///opt/Galley/resources/app.asar/out/renderer/index.html';
const packaged: AppLocation = { rendererIndexUrl: INDEX };
const dev: AppLocation = { rendererIndexUrl: INDEX, devServerUrl: 'http://localhost:5173/' };

describe('isAppUrl', () => {
  it('accepts the built index.html, with any fragment (the renderer routes with the hash)', () => {
    expect(isAppUrl(INDEX, packaged)).toBe(true);
    expect(isAppUrl(`${INDEX}#/page/12`, packaged)).toBe(true);
    expect(isAppUrl(`${INDEX}#`, packaged)).toBe(true);
  });

  it('refuses other files, queries and look-alike paths', () => {
    for (const url of [
      `${INDEX}?x=1`,
      `${INDEX}x`,
      `${INDEX}/`,
      'galley://app/other.html',
      'galley://app/../index.html',
      'galley://app/assets/../index.html',
      'galley://evil/index.html',
      'galley://app.evil.example/index.html',
      'galley:app/index.html',
      'galley://user@app/index.html',
      'galley://app:80/index.html',
      FILE_INDEX,
      `${FILE_INDEX}#/page/1`,
      'file:///etc/passwd',
      'file:///tmp/index.html',
      INDEX.toUpperCase(),
      '',
      'about:blank',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      'https://example.com/',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(isAppUrl(url, packaged), url).toBe(false);
    }
  });

  it('accepts the dev server by origin only, and only when there is one', () => {
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/#/page/3', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    for (const url of [
      'http://localhost:5173.evil.example/', // passed the old startsWith check
      'http://localhost:5173@evil.example/',
      'http://localhost:51730/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://localhost/',
    ]) {
      expect(isAppUrl(url, dev), url).toBe(false);
    }
    expect(isAppUrl('http://localhost:5173/', packaged)).toBe(false);
    expect(isAppUrl(INDEX, dev)).toBe(true);
  });

  it('ignores a dev server address that is not http(s)', () => {
    const odd: AppLocation = { rendererIndexUrl: INDEX, devServerUrl: 'file:///' };
    expect(isAppUrl('file:///etc/passwd', odd)).toBe(false);
    expect(isAppUrl('anything', { rendererIndexUrl: INDEX, devServerUrl: 'not a url' })).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const good: SenderFacts = { senderId: 3, mainWindowId: 3, frame: { url: `${INDEX}#/`, isMainFrame: true } };

  it('trusts the main frame of the main window showing the app', () => {
    expect(isTrustedSender(good, packaged)).toBe(true);
  });

  it('refuses another window, no window, a gone frame, a subframe or another page', () => {
    expect(isTrustedSender({ ...good, senderId: 4 }, packaged)).toBe(false);
    expect(isTrustedSender({ ...good, mainWindowId: null }, packaged)).toBe(false);
    expect(isTrustedSender({ ...good, frame: null }, packaged)).toBe(false);
    expect(isTrustedSender({ ...good, frame: { url: INDEX, isMainFrame: false } }, packaged)).toBe(false);
    expect(isTrustedSender({ ...good, frame: { url: 'https://example.com/', isMainFrame: true } }, packaged)).toBe(
      false,
    );
    expect(isTrustedSender({ ...good, frame: { url: 'http://localhost:5173/', isMainFrame: true } }, packaged)).toBe(
      false,
    );
    expect(isTrustedSender({ ...good, frame: { url: 'http://localhost:5173/', isMainFrame: true } }, dev)).toBe(true);
  });
});
