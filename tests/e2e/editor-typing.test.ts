// Typing on the keyboard goes into the page as ProseMirror transactions (extensions/typed-text.ts), not through
// the browser's own contenteditable insertion: a span grows when typed inside and not at its edges, typing
// over a selection replaces it, undo takes it back, and the saved spans agree.
import { join } from 'node:path';

import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { sqliteNativeBinding } from '../../src/main/store/native';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, selectInEditor, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-editor-typing-');
const SEED = '000_f1346f968acf4f03.txt';

type Hook = {
  __galleyEditor: {
    state: {
      doc: {
        textContent: string;
        descendants(f: (n: { type: { name: string }; textContent: string }, pos: number) => boolean): void;
      };
      selection: { from: number; to: number };
    };
    view: { focus(): void };
    commands: { setTextSelection(r: { from: number; to: number }): void };
  };
  __keypressPrevented: boolean[];
};

describe.skipIf(skip !== null)('typing in the page editor', () => {
  const app = useWebApp(home, { width: 1400, height: 900 });

  const spanText = (p: Page) => p.locator('.entity[data-label="PER"]').first().innerText();
  const editorText = (p: Page) =>
    p.evaluate(() => (globalThis as unknown as Hook).__galleyEditor.state.doc.textContent);

  function spansInDb(pageId: number): { label: string; text: string }[] {
    const db = new Database(join(home, 'default.galley'), { readonly: true, nativeBinding: sqliteNativeBinding() });
    try {
      return db.prepare('SELECT label, text FROM spans WHERE page_id = ? ORDER BY start').all(pageId) as {
        label: string;
        text: string;
      }[];
    } finally {
      db.close();
    }
  }

  it('grows a span typed inside, not at its edges; replaces a selection; undoes; saves what it shows', async () => {
    const p = app.page;
    const url = new URL(app.serve.openUrl);
    url.search = '?e2e=1';
    await p.goto(url.toString());
    await expect.poll(() => p.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    await p.getByTestId('library-row').filter({ hasText: SEED }).dblclick();
    await p.getByTestId('tab-edit').click();
    await expect.poll(() => p.getByTestId('editor-text').count(), { timeout: 10_000 }).toBe(1);
    const pageId = Number(await p.getByTestId('page-view').getAttribute('data-page-id'));
    // Whether the browser's own insertion was prevented, for each keypress (seen after the editor's handler).
    await p.evaluate(() => {
      const w = globalThis as unknown as Hook & {
        addEventListener(type: string, f: (e: { defaultPrevented: boolean }) => void): void;
      };
      w.__keypressPrevented = [];
      w.addEventListener('keypress', (e) => w.__keypressPrevented.push(e.defaultPrevented));
    });

    await selectInEditor(p, '倪岳峰', 0, 3);
    await p.keyboard.press('1');
    await expect.poll(() => spanText(p)).toBe('倪岳峰');
    await expect.poll(() => p.getByTestId('entity-item').allInnerTexts()).toEqual(['倪岳峰']);

    // Inside the span: it grows.
    await selectInEditor(p, '倪岳峰', 1, 0);
    await p.keyboard.type('ab');
    await expect.poll(() => spanText(p)).toBe('倪ab岳峰');
    // The entity panel follows after a pause in typing (its groups render again only when their spans change).
    await expect.poll(() => p.getByTestId('entity-item').allInnerTexts()).toEqual(['倪ab岳峰']);
    // At its end and at its start: the span stays as it is.
    await selectInEditor(p, '倪ab岳峰', 5, 0);
    await p.keyboard.type('c');
    await selectInEditor(p, '倪ab岳峰c', 0, 0);
    await p.keyboard.type('d');
    await expect.poll(() => spanText(p)).toBe('倪ab岳峰');
    expect(await editorText(p)).toContain('d倪ab岳峰c');

    // Over a selection of plain text: replaced by what is typed.
    const before = await editorText(p);
    const at = before.indexOf('d倪ab岳峰c') + 'd倪ab岳峰c'.length;
    const plain = before.slice(at, at + 4);
    await selectInEditor(p, 'd倪ab岳峰c', 7, 4);
    await p.keyboard.type('Q');
    expect(await editorText(p)).toContain('d倪ab岳峰c' + 'Q');
    expect(await editorText(p)).not.toContain('d倪ab岳峰c' + plain);

    // Every one of those characters went in as a transaction, the browser's insertion prevented.
    expect(await p.evaluate(() => (globalThis as unknown as Hook).__keypressPrevented)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);

    // Undo takes back the replacement (its own step: the selection changed before it).
    await p.keyboard.press('Control+z');
    await expect.poll(() => editorText(p)).toContain('d倪ab岳峰c' + plain);

    await expect
      .poll(() => p.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('saved');
    expect(spansInDb(pageId)).toEqual([{ label: 'PER', text: '倪ab岳峰' }]);
    await p.screenshot({ path: screenshotPath('editor-typing') });
  });
});
