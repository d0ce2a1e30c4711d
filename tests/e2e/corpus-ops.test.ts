// Corpus-wide operations from the editor, in Chromium against web mode: tag 倪岳峰 as PER on seed 000 and tag
// its occurrences across the whole corpus from the offer; replace a string across the corpus, confirming hits
// one by one; the page status moving forward on its own and set from the keyboard. Checked through the API.
import { describe, expect, it } from 'vitest';

import type { DocumentState, PageDetail, PageSummary } from '../../src/shared/api';
import type { CorpusFindResult } from '../../src/shared/corpus-ops';
import type { SpanSearchResult } from '../../src/shared/search';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, selectInEditor, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-corpus-');
const SEED_000 = '000_f1346f968acf4f03.txt';
const SEED_003 = '003_e4dddeaf5a82f68e.txt';

describe.skipIf(skip !== null)('corpus-wide tagging and replacing', () => {
  const app = useWebApp(home, { width: 1400, height: 900 });
  const api = app.api;
  let p000: number;
  let p003: number;

  const occurrences = async (pageId: number, text: string) => {
    const state = await api<DocumentState>('document.get', { pageId });
    return state.document.articles.flatMap((a) => a.blocks).reduce((n, b) => n + b.text.split(text).length - 1, 0);
  };

  it('tags 倪岳峰 on seed 000, then its occurrences on both seed pages from "whole corpus"', async () => {
    const url = new URL(app.serve.openUrl);
    url.search = '?e2e=1';
    await app.page.goto(url.toString());
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    const rows = (await api<{ rows: PageSummary[] }>('pages.list', {})).rows;
    p000 = rows.find((r) => r.fileName === SEED_000)!.id;
    p003 = rows.find((r) => r.fileName === SEED_003)!.id;

    // Seed 003 never names 倪岳峰: a researcher's earlier correction on that page adds a sentence that does
    // (saved through the API, as another window would), so the name is on both pages.
    const state003 = await api<DocumentState>('document.get', { pageId: p003 });
    const doc003 = structuredClone(state003.document);
    const body = doc003.articles.flatMap((a) => a.blocks).find((b) => b.role === 'body')!;
    body.text = '倪岳峰同志出席会议。' + body.text;
    await api('document.save', { pageId: p003, baseRevision: 0, document: doc003, review: [] });
    expect((await api<PageDetail>('pages.get', { id: p003 })).status).toBe('repaired');
    const on000 = await occurrences(p000, '倪岳峰');
    expect(on000).toBeGreaterThan(1);

    await app.page.getByTestId('library-row').filter({ hasText: SEED_000 }).dblclick();
    await expect.poll(() => app.page.getByTestId('tab-edit').count(), { timeout: 10_000 }).toBe(1);
    await app.page.getByTestId('tab-edit').click();
    await expect.poll(() => app.page.getByTestId('editor-text').count(), { timeout: 10_000 }).toBe(1);

    await selectInEditor(app.page, '倪岳峰');
    await app.page.keyboard.press('1');
    await expect.poll(() => app.page.locator('.entity[data-label="PER"]').count()).toBe(1);
    await expect.poll(() => app.page.getByTestId('propagate-corpus').count()).toBe(1);
    await app.page.getByTestId('propagate-corpus').click();

    const panel = app.page.getByTestId('corpus-panel');
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 10_000 }).toBe('review');
    const hits = app.page.getByTestId('corpus-hit');
    // Every 倪岳峰 in the corpus is listed; the one just tagged is flagged and cannot be chosen.
    await expect.poll(() => hits.count()).toBe(on000 + 1);
    expect(await app.page.getByTestId('corpus-hit-flag').count()).toBe(1);
    expect(await hits.filter({ hasText: SEED_003 }).count()).toBe(1);
    expect(await app.page.getByTestId('corpus-found').innerText()).toContain(`${on000 + 1} hits on 2 page(s)`);

    // Hit by hit: y chooses the hit under the cursor and moves on, n leaves it.
    await app.page.keyboard.press('y');
    await app.page.keyboard.press('n');
    await expect.poll(() => hits.nth(1).getAttribute('data-checked')).toBe('true');
    expect(await hits.nth(2).getAttribute('data-checked')).toBe('false');
    expect(await app.page.getByTestId('corpus-apply-selected').innerText()).toContain('Tag 1 chosen');
    await app.page.screenshot({ path: screenshotPath('corpus-tag-review') });

    // Then accept all of them.
    await app.page.getByTestId('corpus-apply-all').click();
    const outcome = app.page.getByTestId('corpus-outcome-text');
    await expect
      .poll(() => outcome.innerText(), { timeout: 10_000 })
      .toBe(`Tagged ${on000} occurrences of “倪岳峰” on 2 page(s).`);
    // The open page was changed by the operation: the editor reloaded it with every span.
    await expect.poll(() => app.page.locator('.entity[data-label="PER"]').count(), { timeout: 10_000 }).toBe(on000);
    await expect.poll(() => app.page.getByTestId('entity-item').count()).toBe(on000);
    await app.page.screenshot({ path: screenshotPath('corpus-tag-done') });

    const spans = await api<SpanSearchResult>('search.spans', { text: '倪岳峰', label: 'PER' });
    expect(spans.total).toBe(on000 + 1);
    expect(new Set(spans.hits.map((h) => h.pageId))).toEqual(new Set([p000, p003]));
    expect(spans.hits.filter((h) => h.origin === 'manual')).toHaveLength(1);
    const on003 = (await api<DocumentState>('document.get', { pageId: p003 })).document.articles
      .flatMap((a) => a.blocks)
      .flatMap((b) => b.spans.map((s) => ({ text: b.text.slice(s.start, s.end), ...s })));
    expect(on003).toEqual([expect.objectContaining({ text: '倪岳峰', label: 'PER', origin: 'propagated' })]);

    // Both pages moved forward on their own: annotated once they have a span.
    expect((await api<PageDetail>('pages.get', { id: p000 })).status).toBe('annotated');
    expect((await api<PageDetail>('pages.get', { id: p003 })).status).toBe('annotated');
    await expect.poll(() => app.page.getByTestId('page-status').inputValue()).toBe('annotated');
  });

  it('replaces a string across the corpus, confirming hits one by one', async () => {
    const before = await api<CorpusFindResult>('corpus.findText', { text: '新冠肺炎', limit: 5000 });
    expect(before.pages).toBe(2);
    expect((await api<CorpusFindResult>('corpus.findText', { text: '新型冠状病毒肺炎' })).total).toBe(0);

    await app.page.getByTestId('editor-text').click();
    await app.page.keyboard.press('Control+f');
    await expect.poll(() => app.page.getByTestId('find-bar').count()).toBe(1);
    await app.page.getByTestId('find-scope').selectOption('corpus');
    await app.page.getByTestId('find-input').fill('新冠肺炎');
    await app.page.getByTestId('replace-input').fill('新型冠状病毒肺炎');
    await app.page.getByTestId('replace-input').press('Enter');

    const panel = app.page.getByTestId('corpus-panel');
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 10_000 }).toBe('review');
    const hits = app.page.getByTestId('corpus-hit');
    // The list is virtualized: the count is in the head line, the rows are those in view.
    expect(await app.page.getByTestId('corpus-found').innerText()).toContain(`${before.total} hits on 2 page(s)`);
    expect(await hits.count()).toBeGreaterThan(2);
    // Confirm the first and the third, leave the second.
    await app.page.keyboard.press('y');
    await app.page.keyboard.press('n');
    await app.page.keyboard.press('y');
    await expect.poll(() => app.page.getByTestId('corpus-apply-selected').innerText()).toContain('Replace 2 chosen');
    await app.page.screenshot({ path: screenshotPath('corpus-replace-review') });
    await app.page.keyboard.press('Enter');

    // The previous test's outcome may still be shown: wait for this one's text, not just for an outcome.
    const outcome = app.page.getByTestId('corpus-outcome-text');
    const chosen = [before.hits[0]!, before.hits[2]!];
    const changedPages = new Set(chosen.map((h) => h.pageId)).size;
    await expect
      .poll(() => outcome.innerText(), { timeout: 10_000 })
      .toBe(`Replaced “新冠肺炎” 2 times on ${changedPages} page(s).`);
    expect(await outcome.count()).toBe(1);
    await app.page.screenshot({ path: screenshotPath('corpus-replace-done') });

    const after = await api<CorpusFindResult>('corpus.findText', { text: '新冠肺炎', limit: 5000 });
    expect(after.total).toBe(before.total - 2);
    const replaced = await api<CorpusFindResult>('corpus.findText', { text: '新型冠状病毒肺炎', limit: 5000 });
    expect(replaced.total).toBe(2);
    // Exactly the confirmed hits: same blocks, same starts.
    expect(replaced.hits.map((h) => [h.pageId, h.blockId, h.start])).toEqual(
      chosen.map((h) => [h.pageId, h.blockId, h.start]),
    );
    // The second hit, left alone, is still there.
    expect(after.hits.some((h) => h.blockId === before.hits[1]!.blockId && h.start === before.hits[1]!.start)).toBe(
      true,
    );
    // The open editor shows the new text once it reloaded (the first hit is on this page when it is on 000).
    if (chosen.some((h) => h.pageId === p000)) {
      await expect
        .poll(() => app.page.getByTestId('editor-text').innerText(), { timeout: 10_000 })
        .toContain('新型冠状病毒肺炎');
    }
  });

  it('sets the page status from the keyboard', async () => {
    await app.page.getByTestId('editor-text').click();
    await app.page.keyboard.press('Control+Shift+4');
    await expect.poll(() => app.page.getByTestId('page-status').inputValue()).toBe('reviewed');
    expect((await api<PageDetail>('pages.get', { id: p000 })).status).toBe('reviewed');
    await app.page.keyboard.press('Control+Shift+2');
    await expect.poll(() => app.page.getByTestId('page-status').inputValue()).toBe('repaired');
    expect((await api<PageDetail>('pages.get', { id: p000 })).status).toBe('repaired');
    // The keyboard map lists the new shortcuts.
    await app.page.getByTestId('open-keys').click();
    const map = app.page.getByTestId('keymap-dialog');
    await expect.poll(() => map.count()).toBe(1);
    expect(await map.innerText()).toContain('Ctrl/⌘ + Shift + 1 … 4');
    expect(await map.innerText()).toContain('Set the page status: new, repaired, annotated, reviewed.');
    await app.page.screenshot({ path: screenshotPath('corpus-keymap') });
    await app.page.keyboard.press('Escape');
    await expect.poll(() => map.count()).toBe(0);
  });

  it('shows the corpus review in Chinese', async () => {
    await app.page.getByTestId('language-toggle').click();
    await app.page.getByTestId('editor-text').click();
    await app.page.keyboard.press('Control+f');
    await expect.poll(() => app.page.getByTestId('find-bar').count()).toBe(1);
    await app.page.getByTestId('find-scope').selectOption('corpus');
    await app.page.getByTestId('find-input').fill('石家庄');
    await app.page.getByTestId('replace-input').fill('石家庄市');
    await app.page.getByTestId('find-in-corpus').click();
    const panel = app.page.getByTestId('corpus-panel');
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 10_000 }).toBe('review');
    const found = await api<CorpusFindResult>('corpus.findText', { text: '石家庄' });
    expect(await app.page.getByTestId('corpus-found').innerText()).toBe(`2 页中共 ${found.total} 处。`);
    await app.page.screenshot({ path: screenshotPath('corpus-replace-review-zh') });
    // Esc closes the review without changing anything.
    await app.page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect((await api<CorpusFindResult>('corpus.findText', { text: '石家庄' })).total).toBe(found.total);
    await app.page.getByTestId('language-toggle').click();
  });

  it('an editor open on a page that a corpus operation changed elsewhere gets the conflict message', async () => {
    // Another window replaces text on page 000 while this editor still shows the revision before.
    const before = await api<DocumentState>('document.get', { pageId: p000 });
    const result = await api<{ pagesChanged: number }>('corpus.replaceText', {
      text: '省应对',
      replacement: '省应对的',
      all: true,
    });
    expect(result.pagesChanged).toBeGreaterThan(0);
    const changed = await api<DocumentState>('document.get', { pageId: p000 });
    expect(changed.revision).toBeGreaterThan(before.revision);

    // Typing here saves from the old revision: refused, with the conflict message, and nothing overwritten.
    await app.page.getByTestId('editor-text').click();
    await app.page.keyboard.press('Control+Home');
    await app.page.keyboard.type('旧稿');
    await expect.poll(() => app.page.getByTestId('conflict-banner').count(), { timeout: 10_000 }).toBe(1);
    await app.page.getByTestId('conflict-banner').scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: screenshotPath('corpus-conflict') });
    const stored = await api<DocumentState>('document.get', { pageId: p000 });
    expect(stored.revision).toBe(changed.revision);
    expect(JSON.stringify(stored.document)).not.toContain('旧稿');
    // Reloading shows the corpus operation's text.
    await app.page.getByTestId('conflict-reload').click();
    await expect.poll(() => app.page.getByTestId('editor-text').innerText(), { timeout: 10_000 }).toContain('省应对的');
  });
});
