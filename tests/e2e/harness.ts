// Shared setup for end-to-end tests: start web mode as a user would (the built CLI) and drive Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

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

/** The parts of the editor's test hook (`window.__galleyEditor`, only with ?e2e=1) that selectInEditor uses. */
interface SelectHook {
  __galleyEditor: {
    state: {
      doc: { descendants(f: (n: { type: { name: string }; textContent: string }, pos: number) => boolean): void };
      selection: { from: number; to: number };
    };
    view: { focus(): void };
    commands: { setTextSelection(r: { from: number; to: number }): void };
  };
}

/**
 * Selects [offset, offset + length) of the first block text holding `needle` (the whole needle by default; length
 * 0 puts the caret there), through the editor's test hook, and waits until ProseMirror holds that selection.
 */
export async function selectInEditor(p: Page, needle: string, offset = 0, length = needle.length): Promise<void> {
  const range = await p.evaluate(
    ({ needle, offset, length }) => {
      const ed = (globalThis as unknown as SelectHook).__galleyEditor;
      let at = -1;
      ed.state.doc.descendants((n, pos) => {
        if (n.type.name !== 'block') return true;
        // Inside a block, offsets in its text are positions from just after its opening token.
        if (at < 0 && n.textContent.includes(needle)) at = pos + 1 + n.textContent.indexOf(needle);
        return false;
      });
      if (at < 0) throw new Error(`not in the editor: ${needle}`);
      // view.focus() is synchronous (TipTap's focus command restores a selection a frame later).
      ed.view.focus();
      ed.commands.setTextSelection({ from: at + offset, to: at + offset + length });
      return { from: at + offset, to: at + offset + length };
    },
    { needle, offset, length },
  );
  // ProseMirror may settle the selection asynchronously: wait until it is the one asked for.
  await expect
    .poll(() =>
      p.evaluate(() => {
        const sel = (globalThis as unknown as SelectHook).__galleyEditor.state.selection;
        return { from: sel.from, to: sel.to };
      }),
    )
    .toEqual(range);
}

/**
 * Loads the app (the token in the fragment), opens the seed page `fileName` from the library by a double click
 * and switches to its Edit tab, waiting for the editor's text; returns the page's id. The library must list
 * `pages` rows (the two seeds, on a fresh data folder).
 */
export async function openSeedInEditor(app: WebApp, fileName: string, pages = 2): Promise<number> {
  const url = new URL(app.serve.openUrl);
  url.search = '?e2e=1';
  await app.page.goto(url.toString());
  await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(pages);
  const listed = await app.api<{ rows: { id: number; fileName: string }[] }>('pages.list', {});
  const pageId = listed.rows.find((p) => p.fileName === fileName)!.id;
  await app.page.getByTestId('library-row').filter({ hasText: fileName }).dblclick();
  await expect.poll(() => app.page.getByTestId('tab-edit').count(), { timeout: 10_000 }).toBe(1);
  await app.page.getByTestId('tab-edit').click();
  await expect.poll(() => app.page.getByTestId('editor-text').count(), { timeout: 20_000 }).toBe(1);
  return pageId;
}
