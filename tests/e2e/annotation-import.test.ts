// A researcher reads an annotated doccano export back in from the app in the browser (web mode): the header's
// "Import annotations…" dialog, the files picked, and a summary of what changed, with the broken line named.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { AnnotationImportReport, ExportJob, PageSummary } from '../../src/shared/api';
import type { PageDocument } from '../../src/shared/document';
import { tempDir } from '../helpers/tmp';
import { LABELS, seedDocument } from '../unit/export/fixtures';
import { browserSkipReason, screenshotPath, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-annot-');
const out = tempDir('galley-e2e-annot-out-');

/** A page the corpus does not have yet, with a label the label set does not have. */
const NEW_PAGE_TEXT = '北京图书馆新馆今日开放';
const NEW_PAGE = JSON.stringify({ text: NEW_PAGE_TEXT, label: [[0, 5, 'FAC']] });

describe.skipIf(skip !== null)('importing annotations from the app', () => {
  const app = useWebApp(home, { width: 1280, height: 860 });

  it('reads a doccano export back: spans attached, duplicates skipped, a new page, a broken line named', async () => {
    await app.page.goto(app.serve.openUrl);
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    await app.api('labels.save', { labels: LABELS });
    const seeds = (await app.api<{ rows: PageSummary[] }>('pages.list', { sort: 'fileName' })).rows;
    for (const page of seeds) {
      await app.api('document.save', {
        pageId: page.id,
        baseRevision: 0,
        document: seedDocument(page.fileName),
        review: [],
      });
    }

    // Export the annotated corpus as doccano.
    const target = join(out, 'doccano');
    let job = await app.api<ExportJob>('export.start', {
      format: 'doccano',
      scope: { kind: 'corpus' },
      outDir: target,
    });
    await expect
      .poll(async () => (job = await app.api<ExportJob>('export.status', { jobId: job.jobId })).state, {
        timeout: 20_000,
      })
      .toBe('done');
    const exported = join(target, 'corpus.jsonl');
    writeFileSync(exported, `${readFileSync(exported, 'utf8').trimEnd()}\n${NEW_PAGE}\n`);
    const broken = join(out, 'broken.jsonl');
    writeFileSync(
      broken,
      `${JSON.stringify({ text: '上海', label: [] })}\n{"text": "天津", "label": [[0, 9, "LOC"]]}\n`,
    );

    // Then the first page loses its spans in the corpus: the import gives them back as a new revision.
    const first = seeds[0]!;
    const stripped: PageDocument = structuredClone(seedDocument(first.fileName));
    for (const article of stripped.articles) for (const block of article.blocks) block.spans = [];
    await app.api('document.save', { pageId: first.id, baseRevision: 1, document: stripped, review: [] });

    await app.page.getByTestId('import-annotations-button').click();
    const dialog = app.page.getByTestId('annotation-import-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await app.page.getByTestId('annotation-import-expects').innerText()).toContain('.jsonl');
    await app.page.getByTestId('annotation-import-format').selectOption('brat');
    expect(await app.page.getByTestId('annotation-import-expects').innerText()).toContain('annotation.conf');
    await app.page.getByTestId('annotation-import-format').selectOption('doccano');
    await app.page.getByTestId('annotation-import-files').setInputFiles([exported, broken]);
    expect(await app.page.getByTestId('annotation-import-chosen').innerText()).toContain('corpus.jsonl, broken.jsonl');
    await app.page.screenshot({ path: screenshotPath('annotation-import-form') });
    await app.page.getByTestId('annotation-import-run').click();

    const summary = app.page.getByTestId('annotation-import-summary');
    await expect.poll(() => summary.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await app.page.getByTestId('annotation-import-imported').innerText()).toBe('2');
    expect(await app.page.getByTestId('annotation-import-attached').innerText()).toBe('1');
    expect(await app.page.getByTestId('annotation-import-duplicates').innerText()).toBe('1');
    expect(await app.page.getByTestId('annotation-import-failed').innerText()).toBe('1');
    expect(await app.page.getByTestId('annotation-import-labels').innerText()).toContain('FAC');
    const failures = await app.page.getByTestId('annotation-import-failures').locator('li').allInnerTexts();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^broken\.jsonl:2 — /);
    await app.page.screenshot({ path: screenshotPath('annotation-import-summary') });

    // The corpus has the new pages (上海 from the broken file's good line, and the added page), its first page
    // its spans back, and search finds the new page's text.
    await app.page.getByTestId('annotation-import-close').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(4);
    const restored = await app.api<{ revision: number; document: PageDocument }>('document.get', { pageId: first.id });
    expect(restored.revision).toBe(3);
    const spans = (d: PageDocument) => d.articles.flatMap((a) => a.blocks.flatMap((b) => b.spans)).length;
    expect(spans(restored.document)).toBe(spans(seedDocument(first.fileName)));
    const found = await app.api<{ total: number }>('search.query', {
      query: '图书馆新馆',
      filters: {},
      offset: 0,
      limit: 10,
    });
    expect(found.total).toBe(1);

    // The same files again: nothing new, everything a duplicate.
    const again = await app.api<AnnotationImportReport>('import.annotations', {
      format: 'doccano',
      files: [{ name: 'corpus.jsonl', text: readFileSync(exported, 'utf8') }],
    });
    expect(again).toMatchObject({ imported: 0, attached: 0, duplicates: 3, failed: [] });
  });

  it('reads a brat folder picked whole, in Chinese: .txt/.ann pairs and annotation.conf stay together', async () => {
    const target = join(out, 'brat');
    let job = await app.api<ExportJob>('export.start', { format: 'brat', scope: { kind: 'corpus' }, outDir: target });
    await expect
      .poll(async () => (job = await app.api<ExportJob>('export.status', { jobId: job.jobId })).state, {
        timeout: 20_000,
      })
      .toBe('done');
    // A stray file in the folder is reported, not read.
    writeFileSync(join(target, 'notes.md'), '# notes');

    await app.page.getByTestId('language-toggle').click();
    await app.page.getByTestId('import-annotations-button').click();
    const dialog = app.page.getByTestId('annotation-import-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await app.page.getByTestId('annotation-import-format').selectOption('brat');
    expect(await app.page.getByTestId('annotation-import-expects').innerText()).toContain('annotation.conf');
    await app.page.getByTestId('annotation-import-folder').setInputFiles(target);
    expect(await app.page.getByTestId('annotation-import-chosen').innerText()).toMatch(/^已选择 \d+ 个文件：brat\//);
    await app.page.getByTestId('annotation-import-run').click();

    const summary = app.page.getByTestId('annotation-import-summary');
    await expect.poll(() => summary.isVisible(), { timeout: 20_000 }).toBe(true);
    // Every page of the corpus is there already with the same spans.
    const pages = (await app.api<{ total: number }>('pages.list', {})).total;
    expect(await app.page.getByTestId('annotation-import-imported').innerText()).toBe('0');
    expect(await app.page.getByTestId('annotation-import-attached').innerText()).toBe('0');
    expect(await app.page.getByTestId('annotation-import-duplicates').innerText()).toBe(String(pages));
    const failures = await app.page.getByTestId('annotation-import-failures').locator('li').allInnerTexts();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^brat\/notes\.md — /);
    await app.page.screenshot({ path: screenshotPath('annotation-import-summary-zh') });
    await app.page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });
});
