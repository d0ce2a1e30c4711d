// Shared setup for end-to-end tests: start web mode as a user would (the built CLI) and drive Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

import { callApi, findChromium, launchChromium, ROOT, startServe, type ServeHandle } from './web-mode-process';

export { callApi, findChromium, launchChromium, ROOT, startServe, type ServeHandle } from './web-mode-process';

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

/** Why browser tests cannot run here, or null when they can. CI sets GALLEY_REQUIRE_BROWSER=1 to fail instead. */
export function browserSkipReason(): string | null {
  if (findChromium()) return null;
  const reason = 'no Chromium found (install Debian’s chromium or set GALLEY_CHROMIUM)';
  if (process.env.GALLEY_REQUIRE_BROWSER === '1') throw new Error(reason);
  console.warn(`[e2e] skipped: ${reason}`);
  return reason;
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/** The app in web mode with one Chromium page, for the tests of one file. */
export interface WebApp {
  serve: ServeHandle;
  browser: Browser;
  page: Page;
  /** Calls the API of this app with its token; throws on `{ ok: false }`. */
  api<T>(method: string, args: unknown): Promise<T>;
}

/**
 * Starts `galley serve` on a fresh data folder and opens Chromium before the file's tests, and stops both
 * after them. A browser dialog (alert, confirm) fails the test: the app never uses them.
 */
export function useWebApp(home: string, viewport = { width: 1280, height: 800 }): WebApp {
  const app = { api: (method: string, args: unknown) => callApi(app.serve, method, args) } as WebApp;
  beforeAll(async () => {
    app.serve = await startServe(home);
    app.browser = await launchChromium();
    app.page = await app.browser.newPage({ viewport, locale: 'en-US' });
    app.page.on('dialog', (dialog) => {
      // A test that expects a dialog listens for it itself (and answers it).
      if ((app.page as unknown as { listenerCount(event: string): number }).listenerCount('dialog') > 1) return;
      throw new Error(`unexpected dialog: ${dialog.type()} ${dialog.message()}`);
    });
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.serve?.stop();
  });
  return app;
}
