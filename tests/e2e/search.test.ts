// A researcher searches the sample corpus from anywhere with Ctrl+Shift+F, reads the counts and highlighted
// snippets, opens a hit (highlighted in the editor), comes back with Back, runs a short query, searches the
// original OCR text, tags a name and finds it as a span — each checked against what the server answers.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { SearchResult, SpanSearchResult } from '../../src/shared/search';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-search-');

interface EditorHook {
  state: {
    doc: { textBetween(a: number, b: number): string };
    selection: { from: number; to: number };
  };
  view: { focus(): void };
  commands: { setTextSelection(r: { from: number; to: number }): void };
}

/** The test id of the element that has the keyboard focus. */
const focused = (p: Page) =>
  p.evaluate(
    () =>
      (
        globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }
      ).document.activeElement?.getAttribute('data-testid') ?? null,
  );

describe.skipIf(skip !== null)('corpus search', () => {
  const app = useWebApp(home, { width: 1400, height: 900 });
  const count = (p: Page) => p.getByTestId('search-count');
  const totalShown = async (p: Page) => {
    const value = await count(p).getAttribute('data-total');
    return value === null ? null : Number(value);
  };

  /** Types a query into the box (replacing what was there) and waits until its results are counted. */
  async function searchFor(p: Page, query: string, expected: number): Promise<void> {
    await p.getByTestId('search-input').fill(query);
    await p.getByTestId('search-input').press('Enter');
    await expect.poll(() => totalShown(p), { timeout: 10_000 }).toBe(expected);
  }

  it('opens with Ctrl+Shift+F, counts hits and pages of 倪岳峰 and highlights them in the snippets', async () => {
    const url = new URL(app.serve.openUrl);
    url.search = '?e2e=1';
    await app.page.goto(url.toString());
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);

    await app.page.keyboard.press('Control+Shift+F');
    await expect.poll(() => app.page.getByTestId('search-view').count()).toBe(1);
    await expect.poll(() => focused(app.page)).toBe('search-input');
    expect(await app.page.getByTestId('search-hint').innerText()).toContain('"phrases"');

    const expected = await app.api<SearchResult>('search.query', { query: '倪岳峰', countPages: true, limit: 500 });
    expect(expected.total).toBeGreaterThan(1);
    await app.page.keyboard.type('倪岳峰');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => totalShown(app.page), { timeout: 10_000 }).toBe(expected.total);
    const pages = expected.pages!;
    expect(await count(app.page).innerText()).toBe(`${expected.total} hits in ${pages} page${pages === 1 ? '' : 's'}`);
    expect(app.page.url()).toContain(`#/search?q=${encodeURIComponent('倪岳峰')}`);

    const rows = app.page.getByTestId('search-row');
    await expect.poll(() => rows.count()).toBe(expected.total);
    const marks = await app.page.getByTestId('search-mark').allInnerTexts();
    expect(marks).toEqual(expected.hits.map(() => '倪岳峰'));
    // The first row is the first hit: its snippet is the server's, as text.
    const first = expected.hits[0]!;
    expect(await app.page.getByTestId('search-snippet').first().textContent()).toBe(
      `${first.matchStart > first.snippet.before.length ? '…' : ''}${first.snippet.before}倪岳峰${first.snippet.after}`,
    );
    expect(await rows.first().innerText()).toContain(first.fileName);
    await app.page.screenshot({ path: screenshotPath('search-results') });
  });

  it('opens the second hit with the keyboard: the editor shows it highlighted, and Back returns', async () => {
    const expected = await app.api<SearchResult>('search.query', { query: '倪岳峰', limit: 500 });
    const hit = expected.hits[1]!;
    // ↓ from the box goes to the list, ↓ ↓ select the first then the second row, Enter opens it.
    await app.page.getByTestId('search-input').focus();
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('ArrowDown');
    await expect
      .poll(() => app.page.locator('[data-testid="search-row"][aria-selected="true"]').getAttribute('data-row-index'))
      .toBe('1');
    await app.page.keyboard.press('Enter');

    await expect.poll(() => app.page.getByTestId('page-view').getAttribute('data-page-id')).toBe(String(hit.pageId));
    expect(await app.page.getByTestId('tab-edit').getAttribute('aria-selected')).toBe('true');
    const current = app.page.locator('.page-editor__text .find-match--current');
    await expect.poll(() => current.count(), { timeout: 10_000 }).toBe(1);
    expect(await current.textContent()).toBe('倪岳峰');
    // It is the hit itself: in the hit's block, at the hit's offset (the caret was put at its start).
    expect(await current.evaluate((el) => el.closest('[data-block-id]')?.getAttribute('data-block-id'))).toBe(
      hit.blockKey,
    );
    const caret = await app.page.evaluate(() => {
      const ed = (globalThis as unknown as { __galleyEditor: EditorHook }).__galleyEditor;
      return ed.state.doc.textBetween(ed.state.selection.from, ed.state.selection.from + 3);
    });
    expect(caret).toBe('倪岳峰');
    expect(await app.page.getByTestId('find-input').inputValue()).toBe('倪岳峰');
    // In view: the highlighted hit lies inside the window.
    const box = await current.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThan(0);
    expect(box!.y + box!.height).toBeLessThan(900);
    expect(await app.page.getByTestId('back-to-library').innerText()).toContain('Results');
    await app.page.screenshot({ path: screenshotPath('search-hit') });

    await app.page.goBack();
    await expect.poll(() => app.page.getByTestId('search-view').count()).toBe(1);
    expect(await app.page.getByTestId('search-input').inputValue()).toBe('倪岳峰');
    await expect.poll(() => totalShown(app.page)).toBe(expected.total);
    // The row that was opened is still the selected one, and the list has the focus.
    expect(
      await app.page.locator('[data-testid="search-row"][aria-selected="true"]').getAttribute('data-row-index'),
    ).toBe('1');
    await expect.poll(() => focused(app.page)).toBe('search-results');
  });

  it('finds 1–2 character words, which the trigram index cannot, by a scan', async () => {
    for (const word of ['疫情', '河北']) {
      const expected = await app.api<SearchResult>('search.query', { query: word, limit: 1 });
      expect(expected.index).toBe('scan');
      expect(expected.total).toBeGreaterThan(0);
      await searchFor(app.page, word, expected.total);
      const marks = await app.page.getByTestId('search-mark').allInnerTexts();
      expect(marks.length).toBeGreaterThan(0);
      expect(new Set(marks)).toEqual(new Set([word]));
    }
    await searchFor(app.page, '没有这个词语', 0);
    expect(await app.page.getByTestId('search-none').count()).toBe(1);
    await app.page.getByTestId('search-input').fill('"疫情');
    await app.page.getByTestId('search-input').press('Enter');
    await expect.poll(() => app.page.getByTestId('search-error').count(), { timeout: 10_000 }).toBe(1);
    expect(await app.page.getByTestId('search-error').innerText()).toContain('not closed');
  });

  it('searches the original OCR text and opens the hit in the Original tab', async () => {
    const expected = await app.api<SearchResult>('search.query', {
      query: '倪岳峰',
      filters: { source: 'original' },
      countPages: true,
    });
    expect(expected.total).toBeGreaterThan(0);
    await app.page.getByTestId('search-original').check();
    await searchFor(app.page, '倪岳峰', expected.total);
    expect(app.page.url()).toContain('source=original');
    await app.page.getByTestId('search-row').first().click();
    await expect.poll(() => app.page.getByTestId('tab-original').getAttribute('aria-selected')).toBe('true');
    expect(await app.page.getByTestId('original-hit').textContent()).toBe('倪岳峰');
    await app.page.goBack();
    await expect.poll(() => app.page.getByTestId('search-view').count()).toBe(1);
    await app.page.getByTestId('search-original').uncheck();
  });

  it('finds a PER span in Spans mode once 倪岳峰 is tagged', async () => {
    // Tag the first hit: open it, select the hit in the editor, press 1 (PER), wait for the save.
    await searchFor(app.page, '倪岳峰', (await app.api<SearchResult>('search.query', { query: '倪岳峰' })).total);
    await app.page.getByTestId('search-row').first().click();
    const current = app.page.locator('.page-editor__text .find-match--current');
    await expect.poll(() => current.count(), { timeout: 10_000 }).toBe(1);
    await app.page.evaluate(() => {
      const ed = (globalThis as unknown as { __galleyEditor: EditorHook }).__galleyEditor;
      const from = ed.state.selection.from;
      ed.view.focus();
      ed.commands.setTextSelection({ from, to: from + 3 });
    });
    await expect
      .poll(() =>
        app.page.evaluate(() => {
          const ed = (globalThis as unknown as { __galleyEditor: EditorHook }).__galleyEditor;
          return ed.state.doc.textBetween(ed.state.selection.from, ed.state.selection.to);
        }),
      )
      .toBe('倪岳峰');
    await app.page.keyboard.press('1');
    await expect.poll(() => app.page.locator('.entity[data-label="PER"]').count()).toBe(1);
    await expect
      .poll(() => app.page.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 })
      .toMatch(/^(saved|clean)$/);
    const spans = await app.api<SpanSearchResult>('search.spans', { label: 'PER', text: '倪岳峰' });
    expect(spans.total).toBe(1);

    await app.page.getByTestId('back-to-library').click();
    await expect.poll(() => app.page.getByTestId('search-view').count()).toBe(1);
    await app.page.getByTestId('search-mode-spans').click();
    await app.page.getByTestId('search-label').selectOption('PER');
    await searchFor(app.page, '倪岳峰', 1);
    expect(await count(app.page).innerText()).toBe('1 mention');
    expect(await app.page.getByTestId('search-mark').textContent()).toBe('倪岳峰');
    const span = spans.hits[0]!;
    expect(span.snippet).not.toBeNull();
    expect(await app.page.getByTestId('search-snippet').textContent()).toContain(
      `${span.snippet!.before}倪岳峰${span.snippet!.after}`,
    );
    expect(app.page.url()).toContain('mode=spans');
    await app.page.screenshot({ path: screenshotPath('search-spans') });

    // The mention opens at the span.
    await app.page.getByTestId('search-row').first().click();
    const entity = app.page.locator('.page-editor__text .find-match--current');
    await expect.poll(() => entity.count(), { timeout: 10_000 }).toBe(1);
    expect(await entity.evaluate((el) => el.closest('[data-block-id]')?.getAttribute('data-block-id'))).toBe(
      span.blockId,
    );
  });

  it('opens from `/` and the header button, and lists the shortcuts in the key map', async () => {
    await app.page.getByTestId('back-to-library').click();
    await app.page.getByTestId('search-back').click();
    await expect.poll(() => app.page.getByTestId('library-row').count()).toBe(2);
    await app.page.getByTestId('library-table').focus();
    await app.page.keyboard.press('/');
    await expect.poll(() => app.page.getByTestId('search-view').count()).toBe(1);
    // The last search comes back.
    expect(await app.page.getByTestId('search-input').inputValue()).toBe('倪岳峰');
    await app.page.getByTestId('search-back').click();
    await app.page.getByTestId('search-button').click();
    await expect.poll(() => app.page.getByTestId('search-view').count()).toBe(1);

    await app.page.getByTestId('search-row').first().click();
    await expect.poll(() => app.page.getByTestId('open-keys').count(), { timeout: 10_000 }).toBe(1);
    await app.page.getByTestId('open-keys').click();
    const keymap = await app.page.getByTestId('keymap-dialog').innerText();
    expect(keymap).toContain('Ctrl/⌘ + Shift + F');
    expect(keymap).toContain('Search the whole corpus');
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByTestId('keymap-dialog').count()).toBe(0);

    // Ctrl+F in the page: the find bar, from the Edit tab and from the Reading tab alike.
    await app.page.getByTestId('find-close').click();
    await expect.poll(() => app.page.getByTestId('find-bar').count()).toBe(0);
    await app.page.locator('.page-editor__text').click();
    await app.page.keyboard.press('Control+f');
    await expect.poll(() => app.page.getByTestId('find-bar').count()).toBe(1);
    await app.page.getByTestId('find-close').click();
    await app.page.getByTestId('tab-reading').click();
    await app.page.getByTestId('tab-reading').press('Control+f');
    await expect.poll(() => app.page.getByTestId('tab-edit').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => focused(app.page)).toBe('find-input');
    await app.page.keyboard.type('倪岳峰');
    await expect.poll(() => app.page.getByTestId('find-count').getAttribute('data-count')).not.toBe('0');
  });

  it('speaks Chinese', async () => {
    await app.page.getByTestId('language-toggle').click();
    await app.page.getByTestId('search-button').click();
    await expect.poll(() => app.page.getByTestId('search-view').count()).toBe(1);
    await app.page.getByTestId('search-mode-text').click();
    // The span label of the Spans mode is not carried over as a "page has label" filter.
    expect(await app.page.getByTestId('search-label').inputValue()).toBe('');
    const expected = await app.api<SearchResult>('search.query', { query: '倪岳峰', countPages: true });
    await searchFor(app.page, '倪岳峰', expected.total);
    expect(await count(app.page).innerText()).toBe(`${expected.total} 处命中，分布在 ${expected.pages} 个版面`);
    expect(await app.page.getByTestId('search-hint').innerText()).toContain('短语');
    await app.page.screenshot({ path: screenshotPath('search-zh') });
    await app.page.getByTestId('language-toggle').click();
  });
});
