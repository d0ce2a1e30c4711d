// The statistics view in Chromium (web mode) on the sample corpus: a friendly state before anything is tagged,
// then — after spans are tagged through the API — counts that match what was tagged, a term charted from the
// search index, and CSV / PNG / SVG downloads of what the charts show.
import { readFileSync } from 'node:fs';

import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import type { DocumentState, PageSummary } from '../../src/shared/api';
import { isExportedRole, type PageDocument } from '../../src/shared/document';
import type { StatsResult, TermStatsResult } from '../../src/shared/stats';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-stats-');

/** Tags every occurrence of each [label, text] in the document's blocks; returns the count per label and text. */
function tagAll(doc: PageDocument, tags: [string, string][]): Map<string, number> {
  const counts = new Map<string, number>();
  let n = 0;
  for (const article of doc.articles) {
    for (const block of article.blocks) {
      for (const [label, text] of tags) {
        for (let at = block.text.indexOf(text); at >= 0; at = block.text.indexOf(text, at + text.length)) {
          if (block.spans.some((s) => s.start < at + text.length && at < s.end)) continue;
          block.spans.push({ id: `e2e-${n++}`, label, start: at, end: at + text.length, origin: 'manual' });
          counts.set(`${label}\t${text}`, (counts.get(`${label}\t${text}`) ?? 0) + 1);
        }
      }
    }
  }
  return counts;
}

/** Occurrences of `term` in the blocks search indexes (exported roles). */
function occurrences(doc: PageDocument, term: string): number {
  let n = 0;
  for (const article of doc.articles)
    for (const block of article.blocks) if (isExportedRole(block.role)) n += block.text.split(term).length - 1;
  return n;
}

describe.skipIf(skip !== null)('the statistics view', () => {
  const app = useWebApp(home, { width: 1400, height: 1010 });
  const api = app.api;
  const tagged = new Map<string, number>();
  /** Pages on which each "label\ttext" was tagged. */
  const taggedOn = new Map<string, Set<number>>();
  /** CSP violations and uncaught errors in the page. */
  const cspViolations: string[] = [];
  let pages: PageSummary[];

  const table = (id: string) => app.page.getByTestId(`stats-table-${id}`);
  /** The accessible data table of a chart as rows of cell texts. */
  const rowsOf = (id: string) =>
    table(id)
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => Array.from(r.children, (c) => (c as { textContent: string | null }).textContent ?? '')),
      );

  async function download(testId: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([
      app.page.waitForEvent('download') as Promise<Download>,
      app.page.getByTestId(testId).click(),
    ]);
    return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
  }

  it('opens from the header and says there is nothing tagged yet', async () => {
    app.page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message}`));
    app.page.on('console', (m) => {
      if (/Refused to|violates the following Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await app.page.goto(app.serve.openUrl);
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    pages = (await api<{ rows: PageSummary[] }>('pages.list', { sort: 'fileName' })).rows;
    // Give the sample pages a newspaper and dates, so the timeline has something to show.
    await api('pages.updateMeta', { id: pages[0]!.id, newspaper: '河北日报', date: '2022-11-27' });
    await api('pages.updateMeta', { id: pages[1]!.id, newspaper: '河北日报', date: '2022-12-03' });

    await app.page.getByTestId('stats-button').click();
    expect(new URL(app.page.url()).hash).toBe('#/stats');
    await expect.poll(() => app.page.getByTestId('stats-totals').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await app.page.getByTestId('stats-total-pages').locator('dd').innerText()).toBe('2');
    expect(await app.page.getByTestId('stats-total-spans').locator('dd').innerText()).toBe('0');
    expect(await app.page.getByTestId('stats-empty-labels').innerText()).toContain('No entities tagged yet');
    // Progress needs no spans: both pages are counted by status.
    expect(await app.page.getByTestId('stats-chart-progress').isVisible()).toBe(true);
  });

  it('shows the counts of the spans tagged through the API', async () => {
    const tags: [string, string][][] = [
      [
        ['PER', '倪岳峰'],
        ['PER', '王正谱'],
        ['LOC', '石家庄'],
        ['ORG', '河北日报'],
      ],
      [
        ['LOC', '石家庄'],
        ['PER', '王正谱'],
      ],
    ];
    for (const [i, page] of pages.entries()) {
      const state = await api<DocumentState>('document.get', { pageId: page.id });
      for (const [key, n] of tagAll(state.document, tags[i]!)) {
        tagged.set(key, (tagged.get(key) ?? 0) + n);
        taggedOn.set(key, (taggedOn.get(key) ?? new Set()).add(page.id));
      }
      await api('document.save', {
        pageId: page.id,
        baseRevision: state.revision,
        document: state.document,
        review: [],
      });
    }
    const count = (label: string, text?: string) =>
      [...tagged]
        .filter(([k]) => k.startsWith(`${label}\t`) && (text === undefined || k === `${label}\t${text}`))
        .reduce((n, [, v]) => n + v, 0);
    const pagesOf = (label: string, text?: string) =>
      new Set(
        [...taggedOn]
          .filter(([k]) => k.startsWith(`${label}\t`) && (text === undefined || k === `${label}\t${text}`))
          .flatMap(([, ids]) => [...ids]),
      ).size;
    expect(count('PER', '倪岳峰')).toBeGreaterThan(1);
    expect(pagesOf('LOC', '石家庄')).toBe(2);

    await app.page.reload();
    await expect.poll(() => app.page.getByTestId('stats-chart-labels').isVisible(), { timeout: 20_000 }).toBe(true);
    const total = [...tagged.values()].reduce((a, b) => a + b, 0);
    expect(await app.page.getByTestId('stats-total-spans').locator('dd').innerText()).toBe(String(total));
    expect(await app.page.getByTestId('stats-total-entities').locator('dd').innerText()).toBe(String(tagged.size));
    // Label-set order: PER, ORG, LOC; pages per label.
    expect(await rowsOf('labels')).toEqual([
      ['PER', String(count('PER')), String(pagesOf('PER'))],
      ['ORG', String(count('ORG')), String(pagesOf('ORG'))],
      ['LOC', String(count('LOC')), String(pagesOf('LOC'))],
    ]);
    // The top persons, most mentioned first.
    const persons = [
      ['倪岳峰', count('PER', '倪岳峰'), pagesOf('PER', '倪岳峰')],
      ['王正谱', count('PER', '王正谱'), pagesOf('PER', '王正谱')],
    ].sort((a, b) => (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0])));
    expect(await rowsOf('top')).toEqual(persons.map(([text, n, p]) => [text, 'PER', String(n), String(p)]));
    // Another label's top entities.
    await app.page.getByTestId('stats-top-label').selectOption('LOC');
    await expect.poll(() => rowsOf('top')).toEqual([['石家庄', 'LOC', String(count('LOC', '石家庄')), '2']]);
    // Mentions by day: 2022-11-27 … 2022-12-03, the first and last days hold the two pages' spans.
    const timeline = await rowsOf('timeline');
    expect(timeline.map((r) => r[0])).toEqual([
      '2022-11-27',
      '2022-11-28',
      '2022-11-29',
      '2022-11-30',
      '2022-12-01',
      '2022-12-02',
      '2022-12-03',
    ]);
    const perDay = timeline.map((r) => Number(r[1]));
    expect(perDay[0]! + perDay[6]!).toBe(count('PER'));
    expect(perDay.slice(1, 6)).toEqual([0, 0, 0, 0, 0]);
    // The co-occurrence matrix of the two persons: both appear in the articles of page 1 that name both.
    const stats = await api<StatsResult>('stats.get', {});
    expect(await rowsOf('cooccurrence')).toEqual(
      stats.cooccurrence.entities.map((e, i) => [e.text, ...stats.cooccurrence.matrix[i]!.map(String)]),
    );
    expect(stats.cooccurrence.entities.map((e) => e.text).sort()).toEqual(['倪岳峰', '王正谱']);
    expect(await rowsOf('progress')).toEqual(
      stats.progress.map((p) => [expect.any(String), String(p.pages), String(p.chars)]),
    );
    expect(stats.progress.reduce((n, p) => n + p.pages, 0)).toBe(2);
  });

  it('charts a term over time from the search index', async () => {
    let expected = 0;
    for (const page of pages) {
      expected += occurrences((await api<DocumentState>('document.get', { pageId: page.id })).document, '核酸检测');
    }
    expect(expected).toBeGreaterThan(0);
    await app.page.getByTestId('stats-term-input').fill('核酸检测');
    await app.page.getByTestId('stats-term-submit').click();
    await expect.poll(() => app.page.getByTestId('stats-term-total').innerText()).toContain(`${expected} occurrences`);
    const term = await api<TermStatsResult>('stats.term', { query: '核酸检测', granularity: 'day' });
    expect(term.total.occurrences).toBe(expected);
    const rows = await rowsOf('timeline');
    expect(rows.map((r) => Number(r.at(-1)))).toEqual(term.occurrences);
  });

  it('saves each chart as CSV (UTF-8 with BOM), PNG and SVG', async () => {
    const csv = await download('stats-csv-labels');
    expect(csv.name).toBe('galley-labels.csv');
    const text = csv.bytes.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n')).toEqual([
      'Label,Spans,Pages',
      ...(await rowsOf('labels')).map((r) => r.join(',')),
      '',
    ]);
    const top = (await download('stats-csv-top')).bytes.toString('utf8');
    expect(top).toContain(`石家庄,LOC,`);

    const png = await download('stats-png-top');
    expect(png.name).toBe('galley-top.png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = (await download('stats-svg-top')).bytes.toString('utf8');
    expect(svg).toMatch(/^<svg[\s>]/);
    expect(svg).toContain('石家庄');
    expect(cspViolations).toEqual([]);
  });

  it('looks right, in English and in Chinese', async () => {
    await app.page.getByTestId('stats-top-label').selectOption('PER');
    await app.page.getByTestId('stats-granularity').selectOption('day');
    await expect.poll(() => rowsOf('timeline').then((r) => r.length)).toBe(7);
    await app.page.screenshot({ path: screenshotPath('stats-en') });
    await app.page.getByTestId('language-toggle').click();
    await expect.poll(() => app.page.getByTestId('stats-button').innerText()).toBe('统计');
    await expect.poll(() => table('labels').locator('th').first().innerText()).toBe('标签');
    await app.page.screenshot({ path: screenshotPath('stats-zh') });
  });
});
