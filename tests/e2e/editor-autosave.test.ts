// Autosave sends only what changed (document/patch.ts): once a page is stored, a save carries the page's structure
// with the changed blocks in full and the others by id. What the server stores must still be exactly what the
// editor shows, through typing, a new span, a split and a move, and after reloading the page.
import { join } from 'node:path';

import Database from 'better-sqlite3';
import type { JSONContent } from '@tiptap/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { sqliteNativeBinding } from '../../src/main/store/native';
import { editorJsonToDoc } from '../../src/renderer/src/editor/convert';
import type { DocumentPatch, PageDocument } from '../../src/shared/document';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, selectInEditor, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-editor-autosave-');
const SEED = '000_f1346f968acf4f03.txt';

type Hook = {
  __galleyEditor: {
    getJSON(): JSONContent;
    state: {
      doc: { descendants(f: (n: { type: { name: string }; textContent: string }, pos: number) => boolean): void };
      selection: { from: number; to: number };
    };
    view: { focus(): void };
    commands: { setTextSelection(r: { from: number; to: number }): void };
  };
};

interface SaveBody {
  baseRevision: number;
  document?: PageDocument;
  changes?: DocumentPatch;
}

describe.skipIf(skip !== null)('autosave of the changed blocks', () => {
  const app = useWebApp(home, { width: 1400, height: 900 });

  function stored(pageId: number): { document: PageDocument; spans: { span_id: string; text: string }[] } {
    const db = new Database(join(home, 'default.galley'), { readonly: true, nativeBinding: sqliteNativeBinding() });
    try {
      const json = db.prepare('SELECT document FROM page_documents WHERE page_id = ?').pluck().get(pageId) as string;
      const spans = db.prepare('SELECT span_id, text FROM spans WHERE page_id = ? ORDER BY span_id').all(pageId) as {
        span_id: string;
        text: string;
      }[];
      return { document: JSON.parse(json) as PageDocument, spans };
    } finally {
      db.close();
    }
  }

  /** The editor's document as a page document (the set-aside blocks taken from the stored one). */
  async function shown(p: Page, setAside: PageDocument['setAside']): Promise<PageDocument> {
    const json = await p.evaluate(() => (globalThis as unknown as Hook).__galleyEditor.getJSON());
    return editorJsonToDoc(json, setAside);
  }

  const waitSaved = (p: Page) =>
    expect.poll(() => p.getByTestId('save-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('saved');

  it('stores exactly what the editor shows, sending the changed blocks only', async () => {
    const p = app.page;
    const saves: SaveBody[] = [];
    p.on('request', (request) => {
      if (request.url().includes('/api/document.save')) saves.push(request.postDataJSON() as SaveBody);
    });
    const url = new URL(app.serve.openUrl);
    url.search = '?e2e=1';
    await p.goto(url.toString());
    await expect.poll(() => p.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    await p.getByTestId('library-row').filter({ hasText: SEED }).dblclick();
    await p.getByTestId('tab-edit').click();
    await expect.poll(() => p.getByTestId('editor-text').count(), { timeout: 10_000 }).toBe(1);
    const pageId = Number(await p.getByTestId('page-view').getAttribute('data-page-id'));

    // Never saved: the first save sends the whole document.
    await selectInEditor(p, '倪岳峰', 0, 3);
    await p.keyboard.press('1');
    await waitSaved(p);
    expect(saves).toHaveLength(1);
    expect(saves[0]!.document).toBeDefined();
    expect(saves[0]!.changes).toBeUndefined();
    let db = stored(pageId);
    expect(db.document).toEqual(await shown(p, db.document.setAside));

    // Later saves in the same session: the changes since.
    await selectInEditor(p, '倪岳峰', 0, 0);
    await p.keyboard.type('xy');
    await waitSaved(p);
    expect(saves).toHaveLength(2);
    const typed = saves[1]!.changes!;
    expect(saves[1]!.document).toBeUndefined();
    const sent = typed.articles.flatMap((a) => a.blocks).filter((b) => typeof b !== 'string');
    expect(sent.map((b) => (typeof b === 'string' ? b : b.text.slice(0, 5)))).toEqual(['xy倪岳峰']);
    expect(typed.articles.flatMap((a) => a.blocks).filter((b) => typeof b === 'string').length).toBeGreaterThan(3);
    db = stored(pageId);
    expect(db.document).toEqual(await shown(p, db.document.setAside));

    // Reload: the new session starts from the stored revision and sends changes from its first save on.
    await p.reload();
    await expect.poll(() => p.getByTestId('editor-text').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => p.locator('.entity[data-label="PER"]').first().innerText()).toBe('倪岳峰');
    // A new span on 石家庄, a block split after 倪岳峰 (Enter), and that first block moved down (Alt+↓).
    await selectInEditor(p, '石家庄', 0, 3);
    await p.keyboard.press('3');
    await selectInEditor(p, 'xy倪岳峰', 5, 0);
    await p.keyboard.press('Enter');
    await selectInEditor(p, 'xy倪岳峰', 0, 0);
    await p.keyboard.press('Alt+ArrowDown');
    await waitSaved(p);
    const last = saves[saves.length - 1]!;
    expect(last.document).toBeUndefined();
    expect(last.changes).toBeDefined();
    db = stored(pageId);
    const now = await shown(p, db.document.setAside);
    expect(db.document).toEqual(now);
    const spans = now.articles.flatMap((a) =>
      a.blocks.flatMap((b) => b.spans.map((s) => [s.id, b.text.slice(s.start, s.end)])),
    );
    expect(spans.map(([, text]) => text).sort()).toEqual(['倪岳峰', '石家庄']);
    expect(db.spans.map((s) => [s.span_id, s.text])).toEqual(spans.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));

    // And the page reads back as it was left.
    await p.reload();
    await expect.poll(() => p.getByTestId('editor-text').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => p.locator('.entity').count()).toBe(2);
    expect(await shown(p, db.document.setAside)).toEqual(now);
    await expect.poll(() => p.getByTestId('entity-item').allInnerTexts()).toEqual(['倪岳峰', '石家庄']);
    await p.screenshot({ path: screenshotPath('editor-autosave') });
  });
});
