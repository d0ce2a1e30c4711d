// A researcher tags a name in the page editor, corrects the text around it, undoes, reloads, and is stopped
// from overwriting a page another tab changed — checked against what the corpus database holds.
import { join } from 'node:path';

import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { DocumentState } from '../../src/shared/api';
import { documentText } from '../../src/shared/document';
import { sqliteNativeBinding } from '../../src/main/store/native';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, selectInEditor, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-editor-');
const SEED = '000_f1346f968acf4f03.txt';

interface EditorHook {
  state: { doc: { textContent: string } };
}

describe.skipIf(skip !== null)('the page editor', () => {
  const app = useWebApp(home, { width: 1400, height: 900 });
  let pageId: number;

  const api = app.api;

  function spansInDb(): { label: string; text: string }[] {
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

  /**
   * History keeps one row per two-minute burst of autosaves; this test runs in well under two minutes, so it
   * ends the current burst by hand (as if the researcher had paused) to get a revision of its own.
   */
  function endAutosaveBurst(): void {
    const db = new Database(join(home, 'default.galley'), { nativeBinding: sqliteNativeBinding() });
    try {
      db.prepare(`UPDATE page_revisions SET burst_started_at = '2000-01-01T00:00:00.000Z' WHERE page_id = ?`).run(
        pageId,
      );
    } finally {
      db.close();
    }
  }

  async function savedText(): Promise<string> {
    const state = await api<DocumentState>('document.get', { pageId });
    return documentText(state.document).text;
  }

  /** The test hook (only with ?e2e=1): the editor's text. */
  const editorText = (p: Page) =>
    p.evaluate(() => (globalThis as unknown as { __galleyEditor: EditorHook }).__galleyEditor.state.doc.textContent);

  async function openEditor(p: Page): Promise<void> {
    const url = new URL(app.serve.openUrl);
    url.search = '?e2e=1';
    await p.goto(url.toString());
    await expect.poll(() => p.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    await p.getByTestId('library-row').filter({ hasText: SEED }).dblclick();
    await expect.poll(() => p.getByTestId('tab-edit').count(), { timeout: 10_000 }).toBe(1);
  }

  const status = (p: Page) => p.getByTestId('save-status').getAttribute('data-status');

  it('tags 倪岳峰 with key 1 and saves the span', async () => {
    await openEditor(app.page);
    pageId = Number(await app.page.getByTestId('page-view').getAttribute('data-page-id'));
    // Never saved: the Reading tab stays the default.
    expect(await app.page.getByTestId('tab-reading').getAttribute('aria-selected')).toBe('true');
    await app.page.getByTestId('tab-edit').click();
    await expect.poll(() => app.page.getByTestId('editor-text').count(), { timeout: 10_000 }).toBe(1);
    expect(await status(app.page)).toBe('clean');

    await selectInEditor(app.page, '倪岳峰');
    await app.page.keyboard.press('1');
    await expect.poll(() => app.page.locator('.entity[data-label="PER"]').first().innerText()).toBe('倪岳峰');
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(await app.page.getByTestId('save-status').innerText()).toBe('Saved');
    expect(spansInDb()).toEqual([{ label: 'PER', text: '倪岳峰' }]);
    await expect.poll(() => app.page.getByTestId('entity-item').allInnerTexts()).toEqual(['倪岳峰']);
    endAutosaveBurst();
  });

  it('keeps the span on 倪岳峰 when text is typed before it through an IME, and undoes it', async () => {
    await selectInEditor(app.page, '倪岳峰', 0, 0);
    const cdp = await app.page.context().newCDPSession(app.page);
    await cdp.send('Input.imeSetComposition', { text: 'x', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.imeSetComposition', { text: 'xin', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.insertText', { text: '新' });
    await expect.poll(() => editorText(app.page)).toContain('新倪岳峰主持');
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(spansInDb()).toEqual([{ label: 'PER', text: '倪岳峰' }]);
    expect(await savedText()).toContain('新倪岳峰主持');
    // Typing at a span's edge is no change to the span: nothing to review.
    expect(await app.page.getByTestId('review-item').count()).toBe(0);
    await app.page.screenshot({ path: screenshotPath('editor-span') });

    await app.page.keyboard.press('Control+z');
    await expect.poll(() => editorText(app.page)).not.toContain('新倪岳峰');
    await expect.poll(() => editorText(app.page)).toContain('倪岳峰主持');
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    await expect.poll(() => savedText()).not.toContain('新倪岳峰');
    expect(spansInDb()).toEqual([{ label: 'PER', text: '倪岳峰' }]);
  });

  it('refuses an overlapping span and lists a cut span for review', async () => {
    await selectInEditor(app.page, '倪岳峰主持', 2, 3);
    await app.page.keyboard.press('2');
    await expect.poll(() => app.page.getByTestId('editor-message').innerText()).toContain('overlaps');
    expect(await app.page.locator('.entity').count()).toBe(1);

    // Typing inside the span grows it: 'extended', listed for review; undo takes it off the list.
    await selectInEditor(app.page, '倪岳峰', 1, 0);
    await app.page.keyboard.insertText('x');
    await expect.poll(() => app.page.locator('.entity').first().innerText()).toBe('倪x岳峰');
    await expect.poll(() => app.page.getByTestId('review-item').count()).toBe(1);
    expect(await app.page.getByTestId('review-item').getAttribute('data-reason')).toBe('extended');
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => app.page.getByTestId('review-item').count()).toBe(0);

    // Deleting part of it (岳峰) cuts it.
    await selectInEditor(app.page, '倪岳峰', 1, 2);
    await app.page.keyboard.press('Delete');
    await expect.poll(() => app.page.getByTestId('review-item').count()).toBe(1);
    expect(await app.page.getByTestId('review-item').getAttribute('data-reason')).toBe('cut');
    expect(await app.page.getByTestId('review-item').innerText()).toContain('倪岳峰');
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    const state = await api<DocumentState>('document.get', { pageId });
    expect(state.review).toMatchObject([{ label: 'PER', reason: 'cut', oldText: '倪岳峰' }]);
    await app.page.screenshot({ path: screenshotPath('editor-review') });

    await app.page.keyboard.press('Control+z');
    await expect.poll(() => app.page.getByTestId('review-item').count()).toBe(0);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(spansInDb()).toEqual([{ label: 'PER', text: '倪岳峰' }]);
  });

  it('relabels and removes a selected span from the keyboard', async () => {
    await selectInEditor(app.page, '倪岳峰', 1, 0);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByTestId('active-span').innerText()).toContain('Delete removes');
    await app.page.keyboard.press('2');
    await expect.poll(() => app.page.locator('.entity').first().getAttribute('data-label')).toBe('ORG');
    await app.page.keyboard.press('1');
    await expect.poll(() => app.page.locator('.entity').first().getAttribute('data-label')).toBe('PER');
    // Alt+→ grows the end by one character, Alt+← shrinks it back.
    await app.page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => app.page.locator('.entity').first().innerText()).toBe('倪岳峰主');
    await app.page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => app.page.locator('.entity').first().innerText()).toBe('倪岳峰');
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(spansInDb()).toEqual([{ label: 'PER', text: '倪岳峰' }]);
  });

  it('finds the span again after reloading, on the Edit tab', async () => {
    await app.page.reload();
    await expect.poll(() => app.page.getByTestId('editor-text').count(), { timeout: 20_000 }).toBe(1);
    expect(await app.page.getByTestId('tab-edit').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => app.page.locator('.entity[data-label="PER"]').allInnerTexts()).toEqual(['倪岳峰']);
    await app.page.screenshot({ path: screenshotPath('editor-palette') });
  });

  it('never overwrites a page another tab saved: the second save shows the conflict banner', async () => {
    const other = await app.browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    await openEditor(other);
    await expect.poll(() => other.getByTestId('editor-text').count(), { timeout: 20_000 }).toBe(1);

    await selectInEditor(app.page, '倪岳峰', 0, 0);
    await app.page.keyboard.insertText('甲');
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');

    // Coming back to a tab tells it the page changed elsewhere, before any edit there; the tab that saved is
    // not told about its own save.
    await app.page.evaluate("window.dispatchEvent(new Event('focus'))");
    await other.evaluate("window.dispatchEvent(new Event('focus'))");
    await expect.poll(() => other.getByTestId('changed-elsewhere-banner').count()).toBe(1);
    expect(await app.page.getByTestId('changed-elsewhere-banner').count()).toBe(0);
    await other.screenshot({ path: screenshotPath('editor-changed-elsewhere') });

    await selectInEditor(other, '倪岳峰', 0, 0);
    await other.keyboard.insertText('乙');
    await expect.poll(() => status(other), { timeout: 10_000 }).toBe('conflict');
    await expect
      .poll(() => other.getByTestId('conflict-banner').innerText())
      .toContain('This page was changed in another window or tab. Your changes were not saved.');
    await other.screenshot({ path: screenshotPath('editor-conflict') });
    const text = await savedText();
    expect(text).toContain('甲倪岳峰');
    expect(text).not.toContain('乙');
    // Reload brings the first tab's version.
    await other.getByTestId('conflict-reload').click();
    await expect.poll(() => editorText(other), { timeout: 10_000 }).toContain('甲倪岳峰');
    expect(await other.getByTestId('conflict-banner').count()).toBe(0);
    expect(await other.getByTestId('changed-elsewhere-banner').count()).toBe(0);
    await other.close();
  });

  it('edits the label set: adds a label with a hotkey and uses it', async () => {
    await app.page.getByTestId('edit-labels').click();
    const dialog = app.page.getByTestId('labels-dialog');
    await expect.poll(() => dialog.getByTestId('label-row').count()).toBe(5);
    await dialog.getByTestId('label-add').click();
    const row = dialog.getByTestId('label-row').nth(5);
    await row.getByTestId('label-name').fill('EVENT');
    await row.locator('select').selectOption('6');
    // Deleting a used label names the spans it takes with it and asks first.
    await dialog.getByTestId('label-row').first().getByTestId('label-delete').click();
    await expect.poll(() => dialog.getByTestId('label-delete-confirm').innerText()).toContain('1 span');
    await app.page.screenshot({ path: screenshotPath('editor-labels-dialog') });
    await dialog.getByRole('button', { name: 'Cancel' }).first().click();
    await dialog.getByTestId('labels-save').click();
    await expect.poll(() => app.page.getByTestId('labels-dialog').count()).toBe(0);
    const labels = await api<{ name: string; hotkey: string | null }[]>('labels.list', {});
    expect(labels.map((l) => l.name)).toContain('EVENT');
    expect(labels.find((l) => l.name === 'PER')).toBeDefined();

    await selectInEditor(app.page, '视频调度会议');
    await app.page.keyboard.press('6');
    await expect.poll(() => app.page.locator('.entity[data-label="EVENT"]').allInnerTexts()).toEqual(['视频调度会议']);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(spansInDb()).toContainEqual({ label: 'EVENT', text: '视频调度会议' });
    await expect.poll(() => app.page.getByTestId('entity-group').count()).toBe(2);
    await app.page.screenshot({ path: screenshotPath('editor-palette-event') });
  });

  it('shows the keyboard map with ? outside the text', async () => {
    await app.page.getByTestId('editor-text').press('Escape');
    await app.page.locator('.page-view__title').click();
    await app.page.keyboard.press('?');
    await expect.poll(() => app.page.getByTestId('keymap-dialog').count()).toBe(1);
    expect(await app.page.getByTestId('keymap-dialog').innerText()).toContain('Alt + Shift');
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByTestId('keymap-dialog').count()).toBe(0);
  });

  it('splits, joins and re-roles blocks from the keyboard, keeping span ids', async () => {
    const ids = () =>
      app.page
        .locator('.ed-block')
        .evaluateAll((blocks) => blocks.slice(0, 3).map((b) => b.getAttribute('data-block-id')));
    const before = await ids();
    await selectInEditor(app.page, '主持召开', 0, 0);
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.page.locator('.ed-block').first().innerText()).toBe('甲倪岳峰');
    const second = app.page.locator('.ed-block').nth(1);
    expect(await second.getAttribute('data-role')).toBe('kicker');
    const after = await ids();
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(new Set(after).size).toBe(3);
    // The menu and Ctrl+Alt+2 set the role of the block at the caret.
    await expect.poll(() => app.page.getByTestId('block-role').inputValue()).toBe('kicker');
    await app.page.getByTestId('block-role').selectOption('subtitle');
    await expect.poll(() => second.getAttribute('data-role')).toBe('subtitle');
    await app.page.keyboard.press('Control+Alt+2');
    await expect.poll(() => second.getAttribute('data-role')).toBe('headline');
    // Backspace at the block's start joins it back; the span keeps its id.
    const spanId = await app.page.locator('.entity[data-label="PER"]').getAttribute('data-span-id');
    await app.page.keyboard.press('Backspace');
    await expect.poll(() => app.page.locator('.ed-block').first().innerText()).toMatch(/^甲倪岳峰主持召开/);
    expect(await ids()).toEqual(before);
    expect(await app.page.locator('.entity[data-label="PER"]').getAttribute('data-span-id')).toBe(spanId);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(spansInDb()).toContainEqual({ label: 'PER', text: '倪岳峰' });
  });

  it('lists revisions, previews one and restores it', async () => {
    await app.page.getByTestId('open-history').click();
    const dialog = app.page.getByTestId('revisions-dialog');
    // Revision 1 (its own burst) and the newest row of the burst of edits since.
    await expect.poll(() => dialog.getByTestId('revision').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const oldest = dialog.getByTestId('revision').last();
    expect(await oldest.innerText()).toContain('#1');
    await oldest.locator('.revision-list__main').click();
    await expect.poll(() => dialog.getByTestId('revision-preview').innerText()).toContain('倪岳峰主持');
    expect(await dialog.getByTestId('revision-preview').innerText()).not.toContain('甲倪岳峰');
    await app.page.screenshot({ path: screenshotPath('editor-history') });
    await oldest.getByTestId('revision-restore').click();
    await expect.poll(() => app.page.getByTestId('revisions-dialog').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => editorText(app.page), { timeout: 10_000 }).not.toContain('甲倪岳峰');
    expect(await savedText()).not.toContain('甲倪岳峰');
    await expect.poll(() => app.page.locator('.entity[data-label="PER"]').allInnerTexts()).toEqual(['倪岳峰']);
  });

  it('keeps the span when an IME composes over the selected name, and dismisses the review item', async () => {
    await selectInEditor(app.page, '倪岳峰');
    const cdp = await app.page.context().newCDPSession(app.page);
    await cdp.send('Input.imeSetComposition', { text: 'ni', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.imeSetComposition', { text: 'niyue', selectionStart: 5, selectionEnd: 5 });
    await cdp.send('Input.insertText', { text: '倪跃峰' });
    await expect.poll(() => editorText(app.page)).toContain('倪跃峰主持');
    await expect.poll(() => app.page.locator('.entity[data-label="PER"]').allInnerTexts()).toEqual(['倪跃峰']);
    await expect.poll(() => app.page.getByTestId('review-item').count()).toBe(1);
    expect(await app.page.getByTestId('review-item').innerText()).toContain('倪岳峰');
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect(spansInDb()).toEqual([{ label: 'PER', text: '倪跃峰' }]);

    await app.page.getByTestId('review-dismiss').click();
    await expect.poll(() => app.page.getByTestId('review-item').count()).toBe(0);
    await expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
    expect((await api<DocumentState>('document.get', { pageId })).review).toEqual([]);
  });
});
