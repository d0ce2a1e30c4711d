// A researcher exports from the app in the browser (web mode): the whole corpus as doccano from the header,
// then one page from the page view, and finds on disk exactly what the exporter's golden files say.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import type { ExportDefaults, PageSummary } from '../../src/shared/api';
import { tempDir } from '../helpers/tmp';
import { GOLDEN, LABELS, seedDocument } from '../unit/export/fixtures';
import { browserSkipReason, screenshotPath, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-export-');
const out = tempDir('galley-e2e-export-out-');

const golden = (stem: string, file: string) => readFileSync(join(GOLDEN, stem, file), 'utf8');
const stemOf = (fileName: string) => fileName.replace(/\.txt$/, '');

describe.skipIf(skip !== null)('exporting from the app', () => {
  const app = useWebApp(home, { width: 1280, height: 860 });
  let seeds: PageSummary[];

  const dialog = () => app.page.getByTestId('export-dialog');

  it('exports the sample corpus as doccano from the header into a chosen folder', async () => {
    await app.page.goto(app.serve.openUrl);
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    // The two sample pages, annotated as the golden files have them.
    await app.api('labels.save', { labels: LABELS });
    seeds = (await app.api<{ rows: PageSummary[] }>('pages.list', { sort: 'fileName' })).rows.sort(
      (a, b) => a.id - b.id,
    );
    for (const page of seeds) {
      await app.api('document.save', {
        pageId: page.id,
        baseRevision: 0,
        document: seedDocument(page.fileName),
        review: [],
      });
    }

    await app.page.getByTestId('export-button').click();
    await expect.poll(() => dialog().isVisible()).toBe(true);
    // The destination is filled in with a fresh folder under the data folder (GALLEY_HOME here).
    const defaults = await app.api<ExportDefaults>('export.defaults', {});
    const outDirField = app.page.getByTestId('export-out-dir');
    await expect.poll(() => outDirField.inputValue()).toBe(defaults.outDir);
    expect(defaults.outDir.startsWith(join(home, 'exports', 'default-'))).toBe(true);
    expect(await app.page.getByTestId('export-scope-corpus').isChecked()).toBe(true);
    // Every exporter format is offered.
    const offered = await app.page
      .getByTestId('export-format')
      .locator('option')
      .evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    expect(offered).toEqual(defaults.formats);

    await app.page.getByTestId('export-format').selectOption('doccano');
    expect(await app.page.getByTestId('export-format-description').innerText()).toContain('One JSON line per article');
    expect(await app.page.getByTestId('export-offset-unit').getAttribute('data-unit')).toBe('codePoints');
    expect(await app.page.getByTestId('export-doccano-article').isChecked()).toBe(true);
    expect(await app.page.getByTestId('export-split').isChecked()).toBe(false);

    const target = join(out, 'corpus', 'doccano');
    await outDirField.fill(target);
    await app.page.screenshot({ path: screenshotPath('export-dialog-options') });
    // Enter in a field starts the export.
    await outDirField.press('Enter');

    const summary = app.page.getByTestId('export-summary');
    await expect.poll(() => summary.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
    expect(await app.page.getByTestId('export-files').innerText()).toBe('1');
    expect(await app.page.getByTestId('export-pages').innerText()).toBe('2');
    expect(await app.page.getByTestId('export-summary-folder').inputValue()).toBe(target);
    // No native "Show in folder" in a browser: the path is there to copy.
    expect(await app.page.getByTestId('export-show-folder').count()).toBe(0);
    expect(await app.page.getByTestId('export-copy-path').isVisible()).toBe(true);
    await app.page.screenshot({ path: screenshotPath('export-dialog-summary') });

    // On disk: the records of both pages in page order, byte for byte the golden files.
    expect(readdirSync(target)).toEqual(['corpus.jsonl']);
    expect(readFileSync(join(target, 'corpus.jsonl'), 'utf8')).toBe(
      seeds.map((p) => golden(stemOf(p.fileName), 'doccano.jsonl')).join(''),
    );

    // Escape closes the dialog.
    await app.page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);
  });

  it('refuses a folder that is a file, saying which, and keeps the form', async () => {
    await app.page.getByTestId('export-button').click();
    await expect.poll(() => dialog().isVisible()).toBe(true);
    const file = join(out, 'corpus', 'doccano', 'corpus.jsonl');
    await app.page.getByTestId('export-out-dir').fill(file);
    await app.page.getByTestId('export-start').click();
    await expect.poll(() => app.page.getByTestId('export-error').innerText()).toContain(`${file} is a file`);
    expect(await app.page.getByTestId('export-form').isVisible()).toBe(true);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);
  });

  it('exports the page being viewed, one doccano record for the page', async () => {
    const page = seeds[1]!;
    await app.page.getByTestId('library-row').filter({ hasText: page.fileName }).dblclick();
    await expect.poll(() => app.page.getByTestId('page-view').getAttribute('data-page-id')).toBe(String(page.id));

    await expect.poll(() => app.page.getByTestId('export-page').isVisible()).toBe(true);
    await app.page.screenshot({ path: screenshotPath('export-page-button') });
    await app.page.getByTestId('export-page').click();
    await expect.poll(() => dialog().isVisible()).toBe(true);
    expect(await app.page.getByTestId('export-scope-pages').isChecked()).toBe(true);
    expect(await dialog().innerText()).toContain(`This page only: ${page.fileName}`);
    await app.page.getByTestId('export-format').selectOption('doccano');
    await app.page.getByTestId('export-doccano-page').check();
    const target = join(out, 'page');
    await app.page.getByTestId('export-out-dir').fill(target);
    await app.page.getByTestId('export-start').click();

    const summary = app.page.getByTestId('export-summary');
    await expect.poll(() => summary.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
    expect(await app.page.getByTestId('export-pages').innerText()).toBe('1');
    expect(readFileSync(join(target, 'corpus.jsonl'), 'utf8')).toBe(
      golden(stemOf(page.fileName), 'doccano-page.jsonl'),
    );

    // Escape closes the dialog, not the page behind it.
    await app.page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);
    expect(await app.page.getByTestId('page-view').isVisible()).toBe(true);
  });

  it('exports brat for reviewed pages only (a filter) and shows the form in Chinese', async () => {
    const page = seeds[0]!;
    await app.api('pages.setStatus', { id: page.id, status: 'reviewed' });
    await app.page.getByTestId('back-to-library').click();
    const target = join(out, 'reviewed');
    const fillForm = async () => {
      await app.page.getByTestId('export-button').click();
      await expect.poll(() => dialog().isVisible()).toBe(true);
      await app.page.getByTestId('export-format').selectOption('brat');
      await app.page.getByTestId('export-scope-filter').check();
      await app.page.getByTestId('export-status-reviewed').check();
      await app.page.getByTestId('export-split').check();
      await app.page.getByTestId('export-out-dir').fill(target);
    };
    await fillForm();
    expect(await app.page.getByTestId('export-split-fields').isVisible()).toBe(true);
    await app.page.screenshot({ path: screenshotPath('export-dialog-filter') });
    await app.page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);

    await app.page.getByTestId('language-toggle').click();
    await fillForm();
    expect(await dialog().innerText()).toContain('偏移量以 Unicode 码位计');
    await app.page.screenshot({ path: screenshotPath('export-dialog-zh') });
    await app.page.getByTestId('export-split').uncheck();
    await app.page.getByTestId('export-start').click();

    await expect
      .poll(() => app.page.getByTestId('export-summary').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('done');
    expect(await app.page.getByTestId('export-pages').innerText()).toBe('1');
    const stem = stemOf(page.fileName);
    const bratGolden = readdirSync(join(GOLDEN, stem, 'brat')).sort();
    expect(readdirSync(target).sort()).toEqual([...bratGolden, 'annotation.conf'].sort());
    for (const file of bratGolden) {
      expect(readFileSync(join(target, file), 'utf8')).toBe(golden(stem, join('brat', file)));
    }
    expect(existsSync(join(target, `${stemOf(seeds[1]!.fileName)}_a01.txt`))).toBe(false);
    await app.page.screenshot({ path: screenshotPath('export-dialog-summary-zh') });
    await app.page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);
    await app.page.getByTestId('language-toggle').click();
  });

  it('exports the corpus archive: no page scope, a zip with the corpus file and a manifest that hashes it', async () => {
    const target = join(out, 'archive');
    await app.page.getByTestId('export-button').click();
    await expect.poll(() => dialog().isVisible()).toBe(true);
    await app.page.getByTestId('export-format').selectOption('archive');
    expect(await app.page.getByTestId('export-archive-note').isVisible()).toBe(true);
    expect(await app.page.getByTestId('export-scope-filter').count()).toBe(0);
    // Stored by default (as fast as a copy); compressing is the user's choice.
    expect(await app.page.getByTestId('export-archive-compress').isChecked()).toBe(false);
    await app.page.getByTestId('export-archive-compress').check();
    await app.page.getByTestId('export-out-dir').fill(target);
    await app.page.getByTestId('export-start').click();
    await expect
      .poll(() => app.page.getByTestId('export-summary').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('done');
    expect(await app.page.getByText(/nothing|没有/i).count()).toBe(0);
    const zips = readdirSync(target).filter((f) => f.endsWith('.zip'));
    expect(zips).toHaveLength(1);
    const files = unzipSync(readFileSync(join(target, zips[0]!)));
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as {
      snapshot: { file: string; sha256: string };
    };
    const corpusFile = files[manifest.snapshot.file]!;
    expect(createHash('sha256').update(corpusFile).digest('hex')).toBe(manifest.snapshot.sha256);
    await app.page.screenshot({ path: screenshotPath('export-dialog-archive') });
    await app.page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);
  });
});
