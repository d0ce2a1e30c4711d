// Shared setup for end-to-end tests: start web mode as a user would (the built CLI) and drive Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = join(__dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

const CHROMIUM_CANDIDATES = [process.env.GALLEY_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | undefined {
  return CHROMIUM_CANDIDATES.find((p): p is string => !!p && existsSync(p));
}

/** Why browser tests cannot run here, or null when they can. CI sets GALLEY_REQUIRE_BROWSER=1 to fail instead. */
export function browserSkipReason(): string | null {
  if (findChromium()) return null;
  const reason = 'no Chromium found (install Debian’s chromium or set GALLEY_CHROMIUM)';
  if (process.env.GALLEY_REQUIRE_BROWSER === '1') throw new Error(reason);
  console.warn(`[e2e] skipped: ${reason}`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface ServeHandle {
  process: ChildProcess;
  url: string;
  openUrl: string;
  token: string;
  corpus: string;
  stop(): Promise<void>;
}

/** Runs `galley serve --port 0 --json` with its own data folder and waits for the printed URL. */
export function startServe(home: string, extraArgs: string[] = []): Promise<ServeHandle> {
  mkdirSync(home, { recursive: true });
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'galley.cjs'), ...extraArgs, 'serve', '--port', '0', '--json'],
    {
      cwd: ROOT,
      env: { ...process.env, GALLEY_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`galley serve did not start: ${err}`)), 60_000);
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const info = JSON.parse(line) as { url: string; openUrl: string; token: string; corpus: string };
      resolve({
        process: child,
        ...info,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`galley serve exited with ${code}: ${err}`)));
  });
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
}

/**
 * Starts `galley serve` on a fresh data folder and opens Chromium before the file's tests, and stops both
 * after them. A browser dialog (alert, confirm) fails the test: the app never uses them.
 */
export function useWebApp(home: string, viewport = { width: 1280, height: 800 }): WebApp {
  const app = {} as WebApp;
  beforeAll(async () => {
    app.serve = await startServe(home);
    app.browser = await launchChromium();
    app.page = await app.browser.newPage({ viewport, locale: 'en-US' });
    app.page.on('dialog', (dialog) => {
      throw new Error(`unexpected dialog: ${dialog.message()}`);
    });
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.serve?.stop();
  });
  return app;
}
