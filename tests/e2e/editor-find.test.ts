// A researcher tags a name, accepts the offer to tag its other occurrences on the page, then finds a word
// with Ctrl+F and replaces one occurrence — checked against what the server saved.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { DocumentState } from '../../src/shared/api';
import { documentText } from '../../src/shared/document';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, selectInEditor, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-editor-find-');
const SEED = '000_f1346f968acf4f03.txt';

interface HookNode {
  type: { name: string };
  textContent: string;
}
interface EditorHook {
  state: {
    doc: { descendants(f: (n: HookNode, pos: number) => boolean): void };
    selection: { from: number; to: number };
  };
  view: { focus(): void };
  commands: { setTextSelection(r: { from: number; to: number }): void };
}

/** Non-overlapping occurrences of `needle` in `text`. */
function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe.skipIf(skip !== null)('tagging all occurrences, find and replace', () => {
  const app = useWebApp(home, { width: 1400, height: 900 });
  let pageId: number;

  const api = app.api;

  /** The texts of the editor's blocks, through the test hook (only with ?e2e=1). */
  const blockTexts = (p: Page) =>
    p.evaluate(() => {
      const out: string[] = [];
      (globalThis as unknown as { __galleyEditor: EditorHook }).__galleyEditor.state.doc.descendants((n) => {
        if (n.type.name !== 'block') return true;
        out.push(n.textContent);
        return false;
      });
      return out;
    });

  const status = (p: Page) => p.getByTestId('save-status').getAttribute('data-status');

  it('tags 倪岳峰, then every other 倪岳峰 on the page with a', async () => {
    const url = new URL(app.serve.openUrl);
    url.search = '?e2e=1';
    await app.page.goto(url.toString());
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    await app.page.getByTestId('library-row').filter({ hasText: SEED }).dblclick();
    await expect.poll(() => app.page.getByTestId('tab-edit').count(), { timeout: 10_000 }).toBe(1);
    pageId = Number(await app.page.getByTestId('page-view').getAttribute('data-page-id'));
    await app.page.getByTestId('tab-edit').click();
    await expect.poll(() => app.page.getByTestId('editor-text').count(), { timeout: 10_000 }).toBe(1);

    const total = (await blockTexts(app.page)).reduce((n, t) => n + count(t, '倪岳峰'), 0);
    expect(total).toBeGreaterThan(1);

    await selectInEditor(app.page, '倪岳峰');
    await app.page.keyboard.press('1');
    await expect.poll(() => app.page.locator('.entity[data-label="PER"]').count()).toBe(1);
    const offer = app.page.getByTestId('propagate-start');
    await expect.poll(() => offer.count()).toBe(1);
    expect(await offer.innerText()).toBe(
      `Tag ${total - 1} other ${total - 1 === 1 ? 'occurrence' : 'occurrences'} of “倪岳峰” as PER`,
    );

    await offer.click();
    const progress = app.page.getByTestId('propagate-progress');
    await expect.poll(() => progress.count()).toBe(1);
    expect(await progress.innerText()).toContain(`Occurrence 1 of ${total - 1}`);
    // The occurrence under review is selected in the text.
    const selected = await app.page.evaluate(() => {
      const ed = (
        globalThis as unknown as {
          __galleyEditor: EditorHook & { state: { doc: { textBetween(a: number, b: number): string } } };
        }
      ).__galleyEditor;
      return ed.state.doc.textBetween(ed.state.selection.from, ed.state.selection.to);
    });
    expect(selected).toBe('倪岳峰');
    await app.page.screenshot({ path: screenshotPath('editor-propagate-review') });

    await app.page.keyboard.press('a');
    await expect.poll(() => app.page.getByTestId('propagate-review').count()).toBe(0);
    await expect.poll(() => app.page.locator('.entity[data-label="PER"]').count()).toBe(total);
    // No "a" was typed into the text.
    expect((await blockTexts(app.page)).reduce((n, t) => n + count(t, '倪岳峰'), 0)).toBe(total);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');

    const state = await api<DocumentState>('document.get', { pageId });
    const found: { origin: string; label: string }[] = [];
    for (const article of state.document.articles) {
      for (const block of article.blocks) {
        let at = block.text.indexOf('倪岳峰');
        while (at >= 0) {
          const span = block.spans.find((s) => s.start === at && s.end === at + 3);
          expect(span, `a span on 倪岳峰 at ${at} in ${block.id}`).toBeDefined();
          found.push({ origin: span!.origin, label: span!.label });
          at = block.text.indexOf('倪岳峰', at + 3);
        }
      }
    }
    expect(found).toHaveLength(total);
    expect(found.every((s) => s.label === 'PER')).toBe(true);
    expect(found.map((s) => s.origin)).toEqual(['manual', ...Array<string>(total - 1).fill('propagated')]);
  });

  it('finds 疫情 with Ctrl+F and replaces one occurrence', async () => {
    const before = (await blockTexts(app.page)).reduce((n, t) => n + count(t, '疫情'), 0);
    expect(before).toBeGreaterThan(1);
    await app.page.getByTestId('editor-text').click();
    await app.page.keyboard.press('Control+f');
    await expect.poll(() => app.page.getByTestId('find-bar').count()).toBe(1);
    await app.page.getByTestId('find-input').fill('疫情');
    await expect.poll(() => app.page.getByTestId('find-count').getAttribute('data-count')).toBe(String(before));
    expect(await app.page.locator('.find-match').count()).toBeGreaterThanOrEqual(before);
    expect(await app.page.getByTestId('find-count').innerText()).toMatch(new RegExp(`^\\d+ of ${before}$`));
    // Enter goes to the next match, Shift+Enter back.
    const index = async () => Number((await app.page.getByTestId('find-count').innerText()).split(' ')[0]);
    const first = await index();
    await app.page.getByTestId('find-input').press('Enter');
    await expect.poll(index).toBe((first % before) + 1);
    await app.page.getByTestId('find-input').press('Shift+Enter');
    await expect.poll(index).toBe(first);

    await app.page.getByTestId('replace-input').fill('疫况');
    await app.page.screenshot({ path: screenshotPath('editor-find-bar') });
    await app.page.getByTestId('replace-one').click();
    await expect.poll(() => app.page.getByTestId('find-count').getAttribute('data-count')).toBe(String(before - 1));
    await expect.poll(async () => (await blockTexts(app.page)).reduce((n, t) => n + count(t, '疫况'), 0)).toBe(1);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(await app.page.getByTestId('save-status').innerText()).toBe('Saved');

    const state = await api<DocumentState>('document.get', { pageId });
    const text = documentText(state.document).text;
    expect(count(text, '疫况')).toBe(1);
    expect(count(state.document.articles.flatMap((a) => a.blocks.map((b) => b.text)).join('\n'), '疫情')).toBe(
      before - 1,
    );

    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByTestId('find-bar').count()).toBe(0);
    expect(await app.page.locator('.find-match').count()).toBe(0);
  });

  it('asks to stay when the page is left with edits not saved yet, and saves them meanwhile', async () => {
    await app.page.getByTestId('editor-text').click();
    await app.page.keyboard.press('Control+Home');
    await app.page.keyboard.type('留稿');
    const dialogs: string[] = [];
    app.page.once('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss(); // "Stay on this page"
    });
    // Closing the tab asks the same (a headless Chromium shows that prompt only for a navigation).
    await expect(app.page.goto('about:blank')).rejects.toThrow(/ERR_ABORTED/);
    expect(dialogs).toEqual(['beforeunload']);
    expect(await app.page.getByTestId('editor-text').count()).toBe(1);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(documentText((await api<DocumentState>('document.get', { pageId })).document).text).toMatch(/^留稿/);
    // Nothing left unsaved: leaving asks nothing.
    const asks = `(() => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    })()`;
    expect(await app.page.evaluate(asks)).toBe(false);
  });

  it('saves the last keystrokes when the tab is closed before the autosave delay', async () => {
    await app.page.getByTestId('editor-text').click();
    await app.page.keyboard.press('Control+Home');
    await app.page.keyboard.type('终稿');
    // Leave at once, answering "Leave" to the prompt: the 800 ms autosave timer has not fired yet, so only the
    // save started on leaving (a keepalive request, which outlives the page) can keep the edit.
    app.page.once('dialog', (dialog) => void dialog.accept());
    await app.page.goto('about:blank');
    await expect
      .poll(async () => documentText((await api<DocumentState>('document.get', { pageId })).document).text, {
        timeout: 10_000,
      })
      .toMatch(/^终稿/);
  });
});
