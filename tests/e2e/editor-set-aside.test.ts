// A researcher repairs what the repair step set aside: corrects a furniture line, restores it into the text,
// and sets a block of the text aside with its span — from the keyboard, undone and redone, saved, reloaded, and
// checked against the API (document.get), the search index and a text export.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { DocumentState, ExportJob } from '../../src/shared/api';
import type { DocBlock, PageDocument } from '../../src/shared/document';
import type { SearchResult } from '../../src/shared/search';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, openSeedInEditor, screenshotPath, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-set-aside-');
const SEED = '003_e4dddeaf5a82f68e.txt';

interface EditorHook {
  state: {
    doc: {
      descendants(
        f: (n: { type: { name: string }; attrs: { id: string }; textContent: string }, pos: number) => boolean,
      ): void;
    };
    selection: { from: number; to: number; $from: { parent: { attrs: { id: string | null } } } };
  };
  view: { focus(): void };
  commands: { setTextSelection(r: { from: number; to: number }): void };
}

const textBlocks = (doc: PageDocument): DocBlock[] => doc.articles.flatMap((a) => a.blocks);

describe.skipIf(skip !== null)('set-aside blocks in the page editor', () => {
  const app = useWebApp(home, { width: 1400, height: 900 });
  let pageId: number;
  /** The furniture line restored into the text, and the body block set aside. */
  let furniture: DocBlock;
  let body: DocBlock;

  const documentState = () => app.api<DocumentState>('document.get', { pageId });
  const status = (p: Page) => p.getByTestId('save-status').getAttribute('data-status');
  const saved = () => expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
  const items = () => app.page.getByTestId('set-aside-item');
  const itemIds = () => items().evaluateAll((els) => els.map((e) => e.getAttribute('data-block-id')));
  /** An attribute of the focused element (page script: the tests are type-checked without DOM types). */
  const focusedAttr = (name: string) =>
    app.page.evaluate(`document.activeElement?.getAttribute(${JSON.stringify(name)}) ?? null`) as Promise<
      string | null
    >;
  const editorBlockIds = () =>
    app.page.locator('.ed-block').evaluateAll((els) => els.map((e) => e.getAttribute('data-block-id')));

  /** Search hits of the corrected text, as block ids. */
  async function hitBlocks(query: string): Promise<string[]> {
    const result = await app.api<SearchResult>('search.query', { query, limit: 500 });
    return result.hits.filter((h) => h.pageId === pageId).map((h) => h.blockKey);
  }

  /** The page exported as plain text through the export service. */
  async function exportedText(): Promise<string> {
    const outDir = mkdtempSync(join(home, 'export-'));
    let job = await app.api<ExportJob>('export.start', {
      format: 'txt',
      scope: { kind: 'pages', pageIds: [pageId] },
      outDir,
    });
    await expect
      .poll(async () => (job = await app.api<ExportJob>('export.status', { jobId: job.jobId })).state, {
        timeout: 20_000,
      })
      .toBe('done');
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.txt'));
    expect(files.length).toBe(1);
    return readFileSync(join(outDir, files[0]!), 'utf8');
  }

  /**
   * Selects the first `length` characters of the editor block with this id (the caret at its start for 0),
   * focused, through the test hook; waits until ProseMirror holds that selection.
   */
  async function caretInBlock(blockId: string, length = 0): Promise<void> {
    await app.page.evaluate(
      ({ id, length }) => {
        const ed = (globalThis as unknown as { __galleyEditor: EditorHook }).__galleyEditor;
        let at = -1;
        ed.state.doc.descendants((n, pos) => {
          if (n.type.name !== 'block') return true;
          if (n.attrs.id === id) at = pos + 1;
          return false;
        });
        if (at < 0) throw new Error(`no block ${id} in the editor`);
        ed.view.focus();
        ed.commands.setTextSelection({ from: at, to: at + length });
      },
      { id: blockId, length },
    );
    await expect
      .poll(() =>
        app.page.evaluate(() => {
          const { selection } = (globalThis as unknown as { __galleyEditor: EditorHook }).__galleyEditor.state;
          return [selection.$from.parent.attrs.id, selection.to - selection.from];
        }),
      )
      .toEqual([blockId, length]);
  }

  async function openEditor(): Promise<void> {
    await expect.poll(() => app.page.getByTestId('editor-text').count(), { timeout: 20_000 }).toBe(1);
  }

  it('opens a seed page whose furniture and jump markers are listed under the text', async () => {
    pageId = await openSeedInEditor(app, SEED);

    const { document } = await documentState();
    const credit = document.setAside.find((b) => b.role === 'furniture' && b.text.startsWith('责任编辑'));
    expect(credit, 'the seed page sets its editor credit aside as furniture').toBeDefined();
    furniture = credit!;
    // Listed in document order, collapsed until asked for.
    expect(await itemIds()).toEqual(document.setAside.map((b) => b.id));
    expect(await app.page.getByTestId('editor-set-aside').getAttribute('open')).toBeNull();
    expect(await hitBlocks('版面编辑')).toEqual([]);
    expect(await exportedText()).not.toContain('版面编辑');
  });

  it('corrects a furniture line in the list and restores it into the text from the keyboard, undoably', async () => {
    const before = (await documentState()).document;
    // The caret in the first body block: the restored line goes right after it.
    const anchor = textBlocks(before).find((b) => b.role === 'body')!;
    await caretInBlock(anchor.id);

    await app.page.keyboard.press('Control+Alt+s');
    await expect.poll(() => app.page.getByTestId('editor-set-aside').getAttribute('open')).not.toBeNull();
    await expect.poll(() => focusedAttr('data-testid')).toBe('set-aside-item');
    const index = before.setAside.findIndex((b) => b.id === furniture.id);
    await app.page.keyboard.press('End');
    for (let i = before.setAside.length - 1; i > index; i--) await app.page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedAttr('data-block-id')).toBe(furniture.id);

    // E corrects the text: one character of the name (宋风渊 → 宋凤渊); Enter keeps it.
    await app.page.keyboard.press('e');
    const input = app.page.getByTestId('set-aside-input');
    await expect.poll(() => input.count()).toBe(1);
    const corrected = furniture.text.replace('宋风渊', '宋凤渊');
    expect(corrected).not.toBe(furniture.text);
    await input.fill(corrected);
    await input.press('Enter');
    await expect.poll(() => app.page.locator(`[data-block-id="${furniture.id}"]`).innerText()).toContain('宋凤渊');
    await saved();
    let state = await documentState();
    expect(state.document.setAside.find((b) => b.id === furniture.id)?.text).toBe(corrected);

    // Enter restores it: a body block right after the caret's block, the caret in it.
    await expect.poll(() => focusedAttr('data-block-id')).toBe(furniture.id);
    await app.page.keyboard.press('Enter');
    await expect.poll(() => itemIds()).not.toContain(furniture.id);
    const restored = app.page.locator(`.ed-block[data-block-id="${furniture.id}"]`);
    await expect.poll(() => restored.getAttribute('data-role')).toBe('body');
    const ids = await editorBlockIds();
    expect(ids[ids.indexOf(anchor.id) + 1]).toBe(furniture.id);
    await app.page.screenshot({ path: screenshotPath('editor-set-aside-restored') });

    // Ctrl+Z puts it back in the list, Ctrl+Shift+Z into the text again.
    await app.page.keyboard.press('Control+z');
    await expect.poll(() => itemIds()).toContain(furniture.id);
    expect(await restored.count()).toBe(0);
    await app.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => restored.count()).toBe(1);
    await saved();

    state = await documentState();
    const inText = textBlocks(state.document).find((b) => b.id === furniture.id);
    expect(inText).toEqual({ ...furniture, role: 'body', text: corrected });
    expect(state.document.setAside.map((b) => b.id)).toEqual(
      before.setAside.filter((b) => b.id !== furniture.id).map((b) => b.id),
    );
    expect(await hitBlocks('宋凤渊')).toEqual([furniture.id]);
    expect(await exportedText()).toContain(corrected);
  });

  it('sets a block of the text aside as furniture with its span, from the keyboard and undoably', async () => {
    const before = (await documentState()).document;
    const candidates = textBlocks(before).filter((b) => b.role === 'body' && b.text.length > 20);
    body = candidates[candidates.length - 1]!;
    const probe = body.text.slice(4, 12);
    expect(await hitBlocks(probe)).toContain(body.id);
    expect(await exportedText()).toContain(body.text);

    // Tag its first three characters as PER (key 1), then Ctrl+Alt+F sets the block aside.
    await caretInBlock(body.id, 3);
    await app.page.keyboard.press('1');
    const span = app.page.locator(`.ed-block[data-block-id="${body.id}"] .entity[data-label="PER"]`);
    await expect.poll(() => span.innerText()).toBe(body.text.slice(0, 3));
    await app.page.keyboard.press('Control+Alt+f');
    await expect.poll(() => app.page.locator(`.ed-block[data-block-id="${body.id}"]`).count()).toBe(0);
    await expect.poll(() => itemIds()).toContain(body.id);
    const item = app.page.locator(`[data-testid="set-aside-item"][data-block-id="${body.id}"]`);
    expect(await item.getAttribute('data-role')).toBe('furniture');
    expect(await item.locator('.entity[data-label="PER"]').innerText()).toBe(body.text.slice(0, 3));

    await app.page.keyboard.press('Control+z');
    await expect.poll(() => app.page.locator(`.ed-block[data-block-id="${body.id}"]`).count()).toBe(1);
    expect(await itemIds()).not.toContain(body.id);
    await app.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => itemIds()).toContain(body.id);
    await saved();
    await app.page.getByTestId('editor-set-aside').scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: screenshotPath('editor-set-aside-list') });

    const state = await documentState();
    expect(textBlocks(state.document).some((b) => b.id === body.id)).toBe(false);
    const aside = state.document.setAside.find((b) => b.id === body.id)!;
    expect(aside.role).toBe('furniture');
    expect(aside.text).toBe(body.text);
    expect(aside.spans.map((s) => [s.label, aside.text.slice(s.start, s.end)])).toEqual([
      ['PER', body.text.slice(0, 3)],
    ]);
    expect(await hitBlocks(probe)).not.toContain(body.id);
    expect(await exportedText()).not.toContain(body.text);
  });

  it('finds both changes again after reloading, and lists the shortcuts in the keyboard map', async () => {
    await app.page.reload();
    await openEditor();
    expect(await app.page.locator(`.ed-block[data-block-id="${furniture.id}"]`).getAttribute('data-role')).toBe('body');
    expect(await itemIds()).toContain(body.id);
    expect(await itemIds()).not.toContain(furniture.id);

    // The toolbar menu and the list's buttons do the same as the keys: set the restored line aside as a jump
    // marker, then restore it with its button.
    await caretInBlock(furniture.id);
    await app.page.getByTestId('set-aside-menu').selectOption('jump');
    await expect.poll(() => itemIds()).toContain(furniture.id);
    const item = app.page.locator(`[data-testid="set-aside-item"][data-block-id="${furniture.id}"]`);
    expect(await item.getAttribute('data-role')).toBe('jump');
    await app.page.getByTestId('editor-set-aside').locator('summary').click();
    await item.getByTestId('set-aside-restore').click();
    await expect.poll(() => app.page.locator(`.ed-block[data-block-id="${furniture.id}"]`).count()).toBe(1);
    await saved();
    expect(textBlocks((await documentState()).document).find((b) => b.id === furniture.id)?.role).toBe('body');

    await app.page.locator('.page-view__title').click();
    await app.page.keyboard.press('?');
    const map = app.page.getByTestId('keymap-dialog');
    await expect.poll(() => map.count()).toBe(1);
    expect(await map.innerText()).toContain('Ctrl/⌘ + Alt + J / F');
    expect(await map.innerText()).toContain('Ctrl/⌘ + Alt + S');
    await app.page.screenshot({ path: screenshotPath('editor-set-aside-keymap') });
    await app.page.keyboard.press('Escape');

    // The same in Chinese, the role badges in the margin too (their text comes from CSS variables).
    const badge = (): Promise<string> =>
      app.page.evaluate(
        `getComputedStyle(document.querySelector('.ed-block[data-role="body"]'), '::before').content`,
      ) as Promise<string>;
    expect(await badge()).toBe('"Body"');
    // A pending suggestion's badge in the margin (a role, a new article) is redrawn in the new language too.
    const suggestionBadge = app.page.getByTestId('suggestion-block').first();
    expect(await suggestionBadge.getAttribute('data-suggest-label')).toMatch(/^[A-Z][a-z]/);
    await app.page.getByTestId('language-toggle').click();
    await expect.poll(badge).toBe('"正文"');
    await expect.poll(() => suggestionBadge.getAttribute('data-suggest-label')).toMatch(/^\p{Script=Han}/u);
    const list = app.page.getByTestId('editor-set-aside');
    await expect.poll(() => list.locator('summary').innerText()).toContain('已剔除');
    expect(await list.getAttribute('open')).not.toBeNull();
    expect(await list.getByTestId('set-aside-restore').first().innerText()).toBe('恢复');
    expect(await app.page.getByTestId('set-aside-menu').locator('option').allInnerTexts()).toEqual([
      '剔除…',
      '作为转版标记',
      '作为版面杂项',
    ]);
    await list.scrollIntoViewIfNeeded();
    // Blocks render lazily (content-visibility): let two frames pass so the text above the list is painted.
    await app.page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    await app.page.screenshot({ path: screenshotPath('editor-set-aside-zh') });
  });
});
