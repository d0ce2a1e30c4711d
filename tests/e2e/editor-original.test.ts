// The Edit tab's original pane (differences highlighted, scroll-synced, remembered) and pending repair
// suggestions inside the editor (markers, accept and reject from the list and the keyboard), checked against
// what the API and the corpus database hold.
import { join } from 'node:path';

import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { DocumentState, PageReading } from '../../src/shared/api';
import { documentFromReading, isExportedRole, type PageDocument } from '../../src/shared/document';
import { sqliteNativeBinding } from '../../src/main/store/native';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, useWebApp } from './harness';

/** The few DOM calls the page-side helpers make (this tsconfig has no DOM types: they run in the browser). */
interface PageBox {
  scrollTop: number;
  textContent: string | null;
  getBoundingClientRect(): { top: number; bottom: number };
  querySelectorAll(selector: string): Iterable<PageBox>;
}
interface PageDom {
  querySelector(selector: string): PageBox | null;
  createTreeWalker(root: PageBox, show: number): { nextNode(): { textContent: string | null } | null };
  createRange(): {
    setStart(node: unknown, offset: number): void;
    setEnd(node: unknown, offset: number): void;
    getBoundingClientRect(): { top: number; bottom: number };
  };
}
const SHOW_TEXT = 4;

const skip = browserSkipReason();
const home = tempDir('galley-e2e-editor-original-');
const SEED = '000_f1346f968acf4f03.txt';

describe.skipIf(skip !== null)('the original beside the editor, and suggestions in the editor', () => {
  const app = useWebApp(home, { width: 1500, height: 950 });
  let pageId: number;

  function decisionsInDb(): Record<string, string> {
    const db = new Database(join(home, 'default.galley'), { readonly: true, nativeBinding: sqliteNativeBinding() });
    try {
      const rows = db
        .prepare('SELECT suggestion_id AS id, decision FROM suggestion_decisions WHERE page_id = ?')
        .all(pageId) as { id: string; decision: string }[];
      return Object.fromEntries(rows.map((r) => [r.id, r.decision]));
    } finally {
      db.close();
    }
  }

  async function savedBlocks(): Promise<string[]> {
    const state = await app.api<DocumentState>('document.get', { pageId });
    return state.document.articles.flatMap((a) => a.blocks.map((b) => b.text));
  }

  async function openEditor(p: Page): Promise<void> {
    const url = new URL(app.serve.openUrl);
    url.search = '?e2e=1';
    await p.goto(url.toString());
    await expect.poll(() => p.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    await p.getByTestId('library-row').filter({ hasText: SEED }).dblclick();
    await expect.poll(() => p.getByTestId('tab-edit').count(), { timeout: 10_000 }).toBe(1);
    await p.getByTestId('tab-edit').click();
    await expect.poll(() => p.getByTestId('editor-text').count(), { timeout: 10_000 }).toBe(1);
  }

  const status = (p: Page) => p.getByTestId('save-status').getAttribute('data-status');

  /** Where an element's text is, relative to the visible part of its scroll box: 'in' when it is shown. */
  const visibility = (p: Page, box: string, text: string) =>
    p.evaluate(
      ({ box, text, SHOW_TEXT }) => {
        const dom = (globalThis as unknown as { document: PageDom }).document;
        const container = dom.querySelector(box)!;
        const outer = container.getBoundingClientRect();
        const walker = dom.createTreeWalker(container, SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.textContent!.indexOf(text);
          if (i < 0) continue;
          const range = dom.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + text.length);
          const r = range.getBoundingClientRect();
          return r.top >= outer.top - 2 && r.bottom <= outer.bottom + 2 ? 'in' : r.top < outer.top ? 'above' : 'below';
        }
        return 'missing';
      },
      { box, text, SHOW_TEXT },
    );

  /** Replaces [offset, offset + length) of the first block holding `needle` with `text`, through the test hook. */
  const type = (needle: string, length: number, text: string, offset = 0) =>
    app.page.evaluate(
      ({ needle, length, text, offset }) => {
        const ed = (
          globalThis as unknown as {
            __galleyEditor: {
              state: {
                doc: {
                  descendants(f: (n: { textContent: string; type: { name: string } }, p: number) => boolean): void;
                };
              };
              commands: { insertContentAt(r: { from: number; to: number }, text: string): void };
            };
          }
        ).__galleyEditor;
        let at = -1;
        ed.state.doc.descendants((n, pos) => {
          if (n.type.name !== 'block') return true;
          const i = n.textContent.indexOf(needle);
          if (at < 0 && i >= 0) at = pos + 1 + i + offset;
          return false;
        });
        if (at < 0) throw new Error(`not in the editor: ${needle}`);
        ed.commands.insertContentAt({ from: at, to: at + length }, text);
      },
      { needle, length, text, offset },
    );

  it('shows the original beside the editor with the differences highlighted, and remembers the choice', async () => {
    await openEditor(app.page);
    pageId = Number(await app.page.getByTestId('page-view').getAttribute('data-page-id'));
    expect(await app.page.getByTestId('original-pane').count()).toBe(0);

    await app.page.getByTestId('toggle-original').click();
    await expect.poll(() => app.page.getByTestId('original-pane').count()).toBe(1);
    expect(await app.page.getByTestId('toggle-original').getAttribute('aria-pressed')).toBe('true');
    // The repair set the jump marker aside and dropped the "#" heading marks: deleted from the corrected text.
    await expect
      .poll(() => app.page.getByTestId('original-deleted').allInnerTexts())
      .toEqual(expect.arrayContaining([expect.stringContaining('下转 04 版')]));

    // Corrections typed in the editor show up in the original after a pause: 四建磊 → 田建磊, and 全 added.
    await type('四建磊 吴韬', 1, '田');
    await type('疫情防控工作正处于攻坚期', 0, '全');
    await expect.poll(() => app.page.getByTestId('original-changed').allInnerTexts()).toContain('四');
    await expect.poll(() => app.page.getByTestId('original-inserted').allInnerTexts()).toEqual(['全']);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');

    // Ctrl+Alt+O closes and opens it; the choice survives a reload.
    await app.page.keyboard.press('Control+Alt+KeyO');
    await expect.poll(() => app.page.getByTestId('original-pane').count()).toBe(0);
    await app.page.keyboard.press('Control+Alt+KeyO');
    await expect.poll(() => app.page.getByTestId('original-pane').count()).toBe(1);
    await openEditor(app.page);
    await expect.poll(() => app.page.getByTestId('original-pane').count()).toBe(1);
    await expect.poll(() => app.page.getByTestId('original-changed').allInnerTexts()).toContain('四');
  });

  it('keeps both sides on the same text when either is scrolled', async () => {
    const EDITOR = '.orig-split__editor';
    const PANE = '[data-testid="original-text"]';
    const target = '综合警务服务站工作点多面广';
    expect(await visibility(app.page, EDITOR, target)).toBe('below');
    expect(await visibility(app.page, PANE, target)).toBe('below');

    // Scroll the editor so the paragraph is at the top: the original follows.
    await app.page.evaluate(
      ({ box, text }) => {
        const container = (globalThis as unknown as { document: PageDom }).document.querySelector(box)!;
        const p = [...container.querySelectorAll('p')].find((el) => el.textContent!.includes(text))!;
        container.scrollTop += p.getBoundingClientRect().top - container.getBoundingClientRect().top;
      },
      { box: EDITOR, text: target },
    );
    await expect.poll(() => visibility(app.page, EDITOR, target)).toBe('in');
    await expect.poll(() => visibility(app.page, PANE, target)).toBe('in');
    await app.page.screenshot({ path: screenshotPath('editor-original-synced') });

    // Scroll the original back to the top: the editor follows.
    await app.page.evaluate((box) => {
      (globalThis as unknown as { document: PageDom }).document.querySelector(box)!.scrollTop = 0;
    }, PANE);
    await expect.poll(() => visibility(app.page, EDITOR, target)).toBe('below');
    await expect
      .poll(() =>
        app.page.evaluate(
          (box) => (globalThis as unknown as { document: PageDom }).document.querySelector(box)!.scrollTop,
          EDITOR,
        ),
      )
      .toBeLessThan(50);
  });

  it('shows pending suggestions in the text and accepts and rejects them from the editor', async () => {
    const reading = await app.api<PageReading>('repair.reading', { pageId });
    const pending = reading.suggestions.filter((s) => s.decision === null && !s.applied);
    await expect.poll(() => app.page.getByTestId('editor-suggestion').count()).toBe(pending.length);
    // Merge markers at the two column breaks, the Latin word underlined, the reason on hover.
    await expect.poll(() => app.page.locator('.ed-sg-marker.ed-sg--merge').count()).toBe(2);
    const latin = app.page.locator('.ed-sg--ocr-latin');
    expect(await latin.textContent()).toBe('and');
    expect(await latin.getAttribute('title')).toContain('and');
    await app.page.screenshot({ path: screenshotPath('editor-suggestions') });

    // Accept the Latin word from the list: " and " goes, the decision is stored.
    const item = (id: string) => app.page.locator(`[data-testid="editor-suggestion"][data-suggestion-id="${id}"]`);
    await item('ocr-latin:15@75-78').getByTestId('editor-suggestion-accept').click();
    await expect.poll(() => item('ocr-latin:15@75-78').count()).toBe(0);
    await expect.poll(() => app.page.locator('.ed-sg--ocr-latin').count()).toBe(0);

    // Reject one merge from the list; accept the other from the keyboard (a click in the list focuses it).
    await item('merge:12+13').getByTestId('editor-suggestion-reject').click();
    await expect.poll(() => item('merge:12+13').count()).toBe(0);
    await item('merge:21+22').locator('.editor-suggestion__kind').click();
    await expect.poll(() => app.page.locator('.ed-sg-marker.is-focused').count()).toBe(1);
    // The picture for the docs (copied to docs/screenshots by hand, never by a test run): the original beside the
    // editor, the focused merge marker in view.
    await expect.poll(() => visibility(app.page, '.orig-split__editor', '正处于攻坚期')).toBe('in');
    await expect.poll(() => visibility(app.page, '[data-testid="original-text"]', '正处于攻坚期')).toBe('in');
    await app.page.screenshot({ path: screenshotPath('editor-original') });
    await app.page.keyboard.press('Alt+Enter');
    await expect.poll(() => item('merge:21+22').count()).toBe(0);
    await expect.poll(() => app.page.locator('.ed-sg-marker.ed-sg--merge').count()).toBe(0);

    // Alt+] goes to the next pending suggestion.
    await app.page.keyboard.press('Alt+]');
    await expect.poll(() => app.page.locator('.ed-sg.is-focused').count()).toBeGreaterThan(0);

    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(decisionsInDb()).toEqual({
      'ocr-latin:15@75-78': 'accepted',
      'merge:12+13': 'rejected',
      'merge:21+22': 'accepted',
    });
    const after = await app.api<PageReading>('repair.reading', { pageId });
    expect(after.suggestions.find((s) => s.id === 'merge:21+22')?.decision).toBe('accepted');
    const blocks = await savedBlocks();
    // The accepted repairs are in the saved document, the edit typed before them too; the rejected merge is not.
    expect(blocks.some((b) => b.includes('疫情防控 and 应急处置'))).toBe(false);
    expect(blocks.some((b) => b.includes('疫情防控应急处置'))).toBe(true);
    expect(blocks.some((b) => b.includes('当前我市全疫情防控工作正处于攻坚期,必须咬紧牙关'))).toBe(true);
    expect(blocks.some((b) => b.endsWith('倪岳峰指出,当前'))).toBe(true);
    expect(blocks.some((b) => b.startsWith('石家庄疫情防控形势严峻复杂'))).toBe(true);
    expect(blocks.some((b) => b.includes('田建磊 吴韬'))).toBe(true);
    await app.page.screenshot({ path: screenshotPath('editor-suggestions-decided') });
  });

  it('makes a suggestion accepted in the Reading tab in the open editor too', async () => {
    const id = 'normalize-punctuation:25@0-30';
    await app.page.getByTestId('tab-reading').click();
    const row = app.page.locator(`[data-testid="suggestion"][data-suggestion-id="${id}"]`);
    await row.getByTestId('suggestion-accept').click();
    await expect.poll(() => row.getByTestId('suggestion-state').innerText()).toBe('Accepted');
    await app.page.getByTestId('tab-edit').click();
    await expect
      .poll(() => app.page.locator(`[data-testid="editor-suggestion"][data-suggestion-id="${id}"]`).count())
      .toBe(0);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    const blocks = await savedBlocks();
    expect(blocks).toContain('市领导刘军志、李瑞峰、梁昆、郑巍，市直有关部门负责同志参加。');
    expect(decisionsInDb()[id]).toBe('accepted');
  });

  it('marks roles, jump markers and new articles, and accepting them all gives the accepted reading', async () => {
    // With the threshold at 100% the engine applies nothing on its own: every repair of seed 003 is pending.
    await app.api('settings.set', { repairThreshold: 1 });
    const url = new URL(app.serve.openUrl);
    url.search = '?e2e=1';
    await app.page.goto(url.toString());
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    await app.page.getByTestId('library-row').filter({ hasText: '003_' }).dblclick();
    await app.page.getByTestId('tab-edit').click();
    await expect.poll(() => app.page.getByTestId('editor-text').count(), { timeout: 10_000 }).toBe(1);
    const page3 = Number(await app.page.getByTestId('page-view').getAttribute('data-page-id'));
    const before = await app.api<PageReading>('repair.reading', { pageId: page3 });
    const pending = before.suggestions.filter((s) => s.decision === null && !s.applied);
    expect(new Set(pending.map((s) => s.kind))).toEqual(
      new Set(['merge', 'set-role', 'mark-jump', 'mark-furniture', 'split-article', 'move-block', 'ocr-doubled']),
    );
    await expect.poll(() => app.page.getByTestId('editor-suggestion').count()).toBe(pending.length);
    // A proposed role is a badge in the margin; a jump marker is struck through; the reason is the title.
    const badge = app.page.locator('[data-testid="suggestion-block"].ed-sg--set-role').first();
    expect(await badge.getAttribute('data-suggest-label')).toMatch(/Kicker|Headline|Subtitle|Byline|Caption/);
    expect(await badge.getAttribute('title')).toContain('Set role');
    const jump = app.page.locator('.ed-sg--mark-jump.ed-sg-range').first();
    expect(await jump.textContent()).toMatch(/转|接/);
    await badge.scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: screenshotPath('editor-suggestions-roles') });
    await jump.scrollIntoViewIfNeeded();
    // Blocks skipped by content-visibility are painted a frame or two after they scroll into view.
    await app.page.evaluate(
      () =>
        new Promise((resolve) => {
          const raf = (globalThis as unknown as { requestAnimationFrame(f: () => void): number }).requestAnimationFrame;
          raf(() => raf(() => raf(() => resolve(null))));
        }),
    );
    await app.page.screenshot({ path: screenshotPath('editor-suggestions-jump') });

    await app.page.getByTestId('editor-accept-all').click();
    await expect.poll(() => app.page.getByTestId('editor-suggestion').count()).toBe(0);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    const after = await app.api<PageReading>('repair.reading', { pageId: page3 });
    expect(after.suggestions.filter((s) => s.decision === 'accepted').length).toBe(pending.length);
    const saved = await app.api<DocumentState>('document.get', { pageId: page3 });
    const exported = (doc: PageDocument) =>
      doc.articles.map((a) => a.blocks.filter((b) => isExportedRole(b.role)).map((b) => `${b.role}:${b.text}`));
    expect(exported(saved.document)).toEqual(exported(documentFromReading(after, 'p')));
    await app.page.screenshot({ path: screenshotPath('editor-suggestions-all-accepted') });
  });
});
