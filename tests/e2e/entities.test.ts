// The entity register in Chromium (web mode): a name tagged on both sample pages is proposed as an entity;
// accepting it gives one entity with its two mentions; a mention opens the editor at the span, whose side
// panel shows the link.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { DocumentState, PageSummary } from '../../src/shared/api';
import type { PageDocument } from '../../src/shared/document';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-entities-');

/** Tags the first `max` occurrences of `text` with `label` (ids `${prefix}<n>`). */
function tag(doc: PageDocument, text: string, label: string, prefix: string, max: number): number {
  let k = 0;
  for (const block of doc.articles.flatMap((a) => a.blocks)) {
    let at = block.text.indexOf(text);
    while (at >= 0 && k < max) {
      block.spans.push({ id: `${prefix}${k++}`, label, start: at, end: at + text.length, origin: 'manual' });
      at = block.text.indexOf(text, at + text.length);
    }
  }
  return k;
}

interface EditorHook {
  state: { selection: { from: number; to: number }; doc: { textBetween(from: number, to: number): string } };
}

const selectedText = (p: Page) =>
  p.evaluate(() => {
    const editor = (globalThis as unknown as { __galleyEditor?: EditorHook }).__galleyEditor;
    if (!editor) return null;
    const { from, to } = editor.state.selection;
    return editor.state.doc.textBetween(from, to);
  });

/** The page's URL fragment (the test runs in Node: the page's globals are reached through the evaluate). */
const hashOf = (p: Page) => p.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
const goTo = (p: Page, hash: string) =>
  p.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);

describe.skipIf(skip !== null)('the entity register', () => {
  const app = useWebApp(home, { width: 1360, height: 820 });
  const pages: Record<string, number> = {};

  it('proposes 习近平, tagged PER on both sample pages, as one entity', async () => {
    const url = new URL(app.serve.openUrl);
    url.search = '?e2e=1';
    await app.page.goto(url.toString());
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);

    // Setup through the API: dates for the two pages, and the tags a researcher would have made.
    const rows = (await app.api<{ rows: PageSummary[] }>('pages.list', {})).rows;
    pages.first = rows.find((r) => r.fileName.startsWith('000_'))!.id;
    pages.second = rows.find((r) => r.fileName.startsWith('003_'))!.id;
    await app.api('pages.updateMeta', { id: pages.first, newspaper: '河北日报', date: '2022-11-27', pageNo: '1' });
    await app.api('pages.updateMeta', { id: pages.second, newspaper: '河北日报', date: '2021-01-13', pageNo: '1' });
    for (const [pageId, extra] of [
      [pages.first, (doc: PageDocument) => tag(doc, '倪岳峰', 'PER', 'n', 2)],
      [pages.second, (doc: PageDocument) => tag(doc, '石家庄', 'LOC', 'l', 1)],
    ] as const) {
      const state = await app.api<DocumentState>('document.get', { pageId });
      const doc = structuredClone(state.document);
      expect(tag(doc, '习近平', 'PER', 'x', 1)).toBe(1);
      expect(extra(doc)).toBeGreaterThan(0);
      if (pageId === pages.first) expect(tag(doc, '石家庄', 'LOC', 'l', 1)).toBe(1);
      await app.api('document.save', { pageId, baseRevision: state.revision, document: doc, review: [] });
    }

    await app.page.getByTestId('open-entities').click();
    await expect.poll(() => app.page.getByTestId('entities-view').count()).toBe(1);
    expect(await hashOf(app.page)).toBe('#/entities');
    await expect.poll(() => app.page.getByTestId('entities-empty').count()).toBe(1);

    // Two names are on both pages (习近平 PER, 石家庄 LOC); 倪岳峰 is on one page only and is not proposed.
    const proposals = app.page.getByTestId('proposal');
    await expect.poll(() => proposals.count(), { timeout: 10_000 }).toBe(2);
    expect(await app.page.getByTestId('entity-proposals').innerText()).not.toContain('倪岳峰');
    const xi = proposals.filter({ hasText: '习近平' });
    expect(await xi.innerText()).toContain('2 mentions on 2 pages');
    await xi.getByTestId('proposal-accept').click();

    await expect.poll(() => proposals.count()).toBe(1);
    await expect.poll(() => app.page.getByTestId('proposal-done').innerText()).toContain('习近平');
    const row = app.page.getByTestId('entity-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('entity-open').innerText()).toBe('习近平');
    expect(await row.getByTestId('entity-mentions').innerText()).toBe('2');
    expect(await row.getByTestId('entity-pages').innerText()).toBe('2');
    expect(await row.innerText()).toContain('2021-01-13');
    expect(await row.innerText()).toContain('2022-11-27');
    expect(await app.page.getByTestId('entities-count').innerText()).toBe('1 entity');
    await app.page.screenshot({ path: screenshotPath('entities-list') });

    // The filters: by label and by name.
    await app.page.getByTestId('entities-label-filter').selectOption('LOC');
    await expect.poll(() => app.page.getByTestId('entities-empty').innerText()).toContain('No entity matches');
    await app.page.getByTestId('entities-label-filter').selectOption('PER');
    await app.page.getByTestId('entities-text-filter').fill('近平');
    await expect.poll(() => row.count()).toBe(1);
  });

  it('opens the entity with its mentions on both pages, by keyboard', async () => {
    // Keyboard: focus the table, move to the row, Enter opens it.
    await app.page.getByTestId('entities-table').focus();
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.getByTestId('entity-detail').count()).toBe(1);
    expect(await hashOf(app.page)).toMatch(/^#\/entities\/ent-[0-9a-z]+$/);
    expect(await app.page.getByTestId('entity-title').innerText()).toBe('习近平');
    const mentions = app.page.getByTestId('mention');
    await expect.poll(() => mentions.count()).toBe(2);
    // Oldest page first, each with its context around the name.
    expect(await mentions.nth(0).getAttribute('data-page-id')).toBe(String(pages.second));
    expect(await mentions.nth(1).getAttribute('data-page-id')).toBe(String(pages.first));
    expect(await mentions.nth(0).locator('mark').innerText()).toBe('习近平');
    expect(await mentions.nth(0).innerText()).toContain('2021-01-13');
    expect(await app.page.getByTestId('entity-summary').innerText()).toBe(
      '2 mentions · 2 pages · 2021-01-13 – 2022-11-27',
    );

    // A note and a variant, saved.
    await app.page.getByTestId('entity-variants').fill('习主席');
    await app.page.getByTestId('entity-note').fill('中共中央总书记');
    await app.page.getByTestId('entity-save').click();
    await expect.poll(() => app.page.getByTestId('entity-variants').inputValue()).toBe('习主席');
    await app.page.getByTestId('mention').first().hover();
    await app.page.screenshot({ path: screenshotPath('entities-detail') });
  });

  it('opens a mention in the editor with the span selected and its entity shown in the side panel', async () => {
    await app.page.getByTestId('mention').first().click();
    await expect.poll(() => app.page.getByTestId('page-view').getAttribute('data-page-id')).toBe(String(pages.second));
    expect(await app.page.getByTestId('tab-edit').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => selectedText(app.page), { timeout: 10_000 }).toBe('习近平');
    const panel = app.page.getByTestId('span-entity-current');
    await expect.poll(() => panel.count()).toBe(1);
    await expect.poll(() => panel.innerText()).toContain('习近平');
    await app.page.screenshot({ path: screenshotPath('entities-editor') });
  });

  it('links a span to an entity from the editor’s side panel and the register counts it', async () => {
    // Back on the first page, select the first 倪岳峰 span and create its entity from the side panel.
    await goTo(app.page, `#/page/${pages.first}/span/n0`);
    await expect.poll(() => selectedText(app.page), { timeout: 10_000 }).toBe('倪岳峰');
    await expect.poll(() => app.page.getByTestId('span-entity-create').count()).toBe(1);
    await app.page.getByTestId('span-entity-create').click();
    await expect.poll(() => app.page.getByTestId('span-entity-current').innerText()).toContain('倪岳峰');
    await expect
      .poll(() => app.page.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 })
      .toMatch(/^(saved|clean)$/);

    // The second 倪岳峰 span: the search finds the new entity, and one click links it.
    await goTo(app.page, `#/page/${pages.first}/span/n1`);
    await expect.poll(() => selectedText(app.page), { timeout: 10_000 }).toBe('倪岳峰');
    const result = app.page.getByTestId('span-entity-result');
    await expect.poll(() => result.count()).toBe(1);
    await result.click();
    await expect.poll(() => app.page.getByTestId('span-entity-current').innerText()).toContain('倪岳峰');
    await expect
      .poll(() => app.page.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 })
      .toMatch(/^(saved|clean)$/);

    await app.page.getByTestId('open-entities').click();
    const row = app.page.getByTestId('entity-row').filter({ hasText: '倪岳峰' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.getByTestId('entity-mentions').innerText()).toBe('2');
    expect(await row.getByTestId('entity-pages').innerText()).toBe('1');
    await app.page.getByTestId('entities-text-filter').fill('');
    await app.page.getByTestId('entities-label-filter').selectOption('');
    await expect.poll(() => app.page.getByTestId('entity-row').count()).toBe(2);
    await app.page.getByTestId('entities-text-filter').blur();
    await app.page.screenshot({ path: screenshotPath('entities') });

    // In Chinese.
    await app.page.getByTestId('language-toggle').click();
    await expect.poll(() => app.page.getByTestId('open-entities').innerText()).toBe('实体');
    expect(await app.page.getByTestId('entities-count').innerText()).toBe('2 个实体');
    expect(await app.page.getByTestId('proposal').innerText()).toContain('建立LOC实体“石家庄”');
    await app.page.screenshot({ path: screenshotPath('entities-zh') });
    await app.page.getByTestId('language-toggle').click();
  });
});
