// A researcher fixes the page's articles by hand: drags a block by its handle in the margin into another
// article (a paragraph the layout put in the wrong story), its entity span with it, undoes it, and cancels a
// second drag with Escape; then starts a new article at a block and joins it back, from the keyboard and from
// the Article menu. Checked against the stored document (document.get) after each autosave.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { DocumentState } from '../../src/shared/api';
import type { DocBlock, PageDocument } from '../../src/shared/document';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, openSeedInEditor, screenshotPath, selectInEditor, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-block-drag-');
const SEED = '003_e4dddeaf5a82f68e.txt';

/** Each article's block ids, in order. */
const layout = (doc: PageDocument): string[][] => doc.articles.map((a) => a.blocks.map((b) => b.id));

describe.skipIf(skip !== null)('moving a block by dragging its handle', () => {
  const app = useWebApp(home, { width: 1400, height: 900 });
  let pageId: number;
  let before: string[][];
  /** The dragged block (the first of its article) and the block it is dropped after (in the article before). */
  let moved: DocBlock;
  let anchor: DocBlock;

  const documentState = () => app.api<DocumentState>('document.get', { pageId });
  const status = (p: Page) => p.getByTestId('save-status').getAttribute('data-status');
  const saved = () => expect.poll(() => status(app.page), { timeout: 10_000 }).toBe('saved');
  const block = (id: string) => app.page.locator(`.ed-block[data-block-id="${id}"]`);

  /** Presses the handle of block `id` and moves the pointer to the lower (or upper) part of block `over`. */
  async function dragOnto(id: string, over: string, part: 'lower' | 'upper' = 'lower'): Promise<void> {
    await block(id).evaluate('(el) => el.scrollIntoView({ block: "center" })');
    await block(id).hover({ position: { x: 200, y: 8 } });
    const handle = app.page.getByTestId('block-handle');
    await expect.poll(() => handle.count()).toBe(1);
    const from = (await handle.boundingBox())!;
    await app.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await app.page.mouse.down();
    const to = (await block(over).boundingBox())!;
    // In steps, as a hand moves: the handle tracks the pointer through the blocks in between.
    await app.page.mouse.move(to.x + 200, part === 'lower' ? to.y + to.height - 4 : to.y + 4, { steps: 8 });
  }

  it('opens a seed page of several articles and tags a span on the block to move', async () => {
    pageId = await openSeedInEditor(app, SEED);

    // Saved once so the stored document is the editor's (the repaired reading, suggestions pending).
    const { document } = await documentState();
    // The first block of an article with a body, dropped after the last block of the article before it.
    const index = document.articles.findIndex((a, i) => i > 0 && a.blocks.length >= 2);
    expect(index).toBeGreaterThan(0);
    moved = document.articles[index]!.blocks[0]!;
    anchor = document.articles[index - 1]!.blocks.at(-1)!;
    await selectInEditor(app.page, moved.text.slice(0, 2));
    await app.page.keyboard.press('3');
    await saved();
    const tagged = (await documentState()).document.articles.flatMap((a) => a.blocks).find((b) => b.id === moved.id)!;
    expect(tagged.spans.map((s) => [s.label, tagged.text.slice(s.start, s.end)])).toEqual([
      ['LOC', moved.text.slice(0, 2)],
    ]);
    moved = tagged;
    before = layout((await documentState()).document);
  });

  it('drops the block after a block of another article, with its span; undo puts it back', async () => {
    await dragOnto(moved.id, anchor.id);
    const line = app.page.getByTestId('block-drop-line');
    await expect.poll(() => line.count()).toBe(1);
    // The line is drawn under the target block.
    const lineBox = (await line.boundingBox())!;
    const anchorBox = (await block(anchor.id).boundingBox())!;
    expect(Math.abs(lineBox.y - (anchorBox.y + anchorBox.height))).toBeLessThan(8);
    await app.page.screenshot({ path: screenshotPath('editor-block-drag') });
    await app.page.mouse.up();
    await expect.poll(() => line.count()).toBe(0);
    await saved();

    const after = (await documentState()).document;
    const expected = before.map((ids) => ids.filter((id) => id !== moved.id)).filter((ids) => ids.length > 0);
    const target = expected.find((ids) => ids.includes(anchor.id))!;
    target.splice(target.indexOf(anchor.id) + 1, 0, moved.id);
    expect(layout(after)).toEqual(expected);
    const landed = after.articles.flatMap((a) => a.blocks).find((b) => b.id === moved.id)!;
    expect(landed).toEqual(moved);
    // The caret followed the block: Ctrl/⌘+Z undoes the move.
    await app.page.keyboard.press('Control+z');
    await saved();
    expect(layout((await documentState()).document)).toEqual(before);
  });

  it('cancels a drag with Escape, and a drop onto the block itself is no move', async () => {
    await dragOnto(moved.id, anchor.id);
    await expect.poll(() => app.page.getByTestId('block-drop-line').count()).toBe(1);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByTestId('block-drop-line').count()).toBe(0);
    await app.page.mouse.up();
    // (Its upper part: moving down at the window's bottom edge would scroll the page.)
    await dragOnto(moved.id, moved.id, 'upper');
    expect(await app.page.getByTestId('block-drop-line').count()).toBe(0);
    await app.page.mouse.up();
    // Held near the bottom of the window, a drag scrolls the text until the pointer leaves the edge.
    await block(moved.id).evaluate('(el) => el.scrollIntoView({ block: "start" })');
    await dragOnto(moved.id, moved.id, 'upper');
    const startY = (await block(moved.id).boundingBox())!.y;
    await app.page.mouse.move(400, 890, { steps: 6 });
    await expect
      .poll(async () => (await block(moved.id).boundingBox())!.y, { timeout: 5_000 })
      .toBeLessThan(startY - 100);
    await app.page.mouse.move(400, 450, { steps: 4 });
    const stoppedAt = (await block(moved.id).boundingBox())!.y;
    await app.page.waitForTimeout(300);
    expect((await block(moved.id).boundingBox())!.y).toBe(stoppedAt);
    await app.page.keyboard.press('Escape');
    await app.page.mouse.up();
    // Nothing changed: no save was needed.
    expect(await status(app.page)).toBe('saved');
    expect(layout((await documentState()).document)).toEqual(before);
  });

  it('starts a new article at a block and joins it back, from the keyboard and from the Article menu', async () => {
    const { document } = await documentState();
    const article = document.articles.find((a) => a.blocks.length >= 3)!;
    const second = article.blocks[1]!;
    const split = (doc: PageDocument): string[][] =>
      layout(doc).flatMap((ids) =>
        ids.includes(second.id) ? [ids.slice(0, ids.indexOf(second.id)), ids.slice(ids.indexOf(second.id))] : [ids],
      );
    const articleIds = (doc: PageDocument) => doc.articles.map((a) => a.id);

    await selectInEditor(app.page, second.text.slice(0, 8), 0, 0);
    await app.page.keyboard.press('Control+Shift+Enter');
    await saved();
    let now = (await documentState()).document;
    expect(layout(now)).toEqual(split(document));
    // The new article has an id of its own.
    expect(new Set(articleIds(now)).size).toBe(now.articles.length);
    expect(articleIds(now)).toEqual(expect.arrayContaining(articleIds(document)));
    await app.page.keyboard.press('Control+Shift+Backspace');
    await saved();
    now = (await documentState()).document;
    expect(layout(now)).toEqual(layout(document));
    expect(articleIds(now)).toEqual(articleIds(document));

    // The same from the menu.
    await selectInEditor(app.page, second.text.slice(0, 8), 0, 0);
    await app.page.getByTestId('article-menu').selectOption('split');
    await saved();
    expect(layout((await documentState()).document)).toEqual(split(document));
    await app.page.screenshot({ path: screenshotPath('editor-article-split') });
    await app.page.getByTestId('article-menu').selectOption('join');
    await saved();
    expect(layout((await documentState()).document)).toEqual(layout(document));

    // A block that starts its article: nothing to split, and the message line says so.
    await selectInEditor(app.page, article.blocks[0]!.text.slice(0, 8), 0, 0);
    await app.page.keyboard.press('Control+Shift+Enter');
    await expect.poll(() => app.page.getByTestId('editor-message').innerText()).toContain('already starts');
    expect(layout((await documentState()).document)).toEqual(layout(document));
  });

  it('accepts every pending suggestion and opens the label set and the history from the keyboard', async () => {
    const pending = app.page.getByTestId('editor-suggestion');
    const shown = await pending.count();
    expect(shown).toBeGreaterThan(0);
    type Reading = { suggestions: { decision: string | null }[] };
    const accepted = async () =>
      (await app.api<Reading>('repair.reading', { pageId })).suggestions.filter((s) => s.decision === 'accepted')
        .length;
    const acceptedBefore = await accepted();
    await selectInEditor(app.page, moved.text.slice(0, 8), 0, 0);
    await app.page.keyboard.press('Control+Alt+Enter');
    await expect.poll(() => pending.count(), { timeout: 10_000 }).toBe(0);
    await saved();
    expect(await accepted()).toBe(acceptedBefore + shown);

    await app.page.keyboard.press('Control+Alt+e');
    await expect.poll(() => app.page.getByTestId('labels-dialog').count()).toBe(1);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByTestId('labels-dialog').count()).toBe(0);
    await app.page.keyboard.press('Control+Alt+r');
    await expect.poll(() => app.page.getByTestId('revisions-dialog').count()).toBe(1);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => app.page.getByTestId('revisions-dialog').count()).toBe(0);
  });
});
