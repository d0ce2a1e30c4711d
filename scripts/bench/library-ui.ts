// The library in Chromium (web mode) on a corpus of 100,000 pages: a fast scroll through the list with the frames
// timed, a jump to the last page, and a change of sort order. The corpus is inserted straight through the page
// store (short texts with newspaper, date and page number; no import, no repair): the library reads only the
// pages' summaries. Skipped when no Chromium is installed.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openCorpus } from '../../src/main/store/corpus';
import { createPageStore } from '../../src/main/store/pages';
import { findChromium, launchChromium, startServe } from '../../tests/e2e/web-mode-process';
import { generatePage } from '../generate-pages.mjs';
import { ms, percentile, round2, type SectionArgs } from './common';

const NEWSPAPERS = ['人民日报', '光明日报', '解放日报', '文汇报', '大公报'];

/** `count` pages of ~200 characters with varied metadata, in transactions of 5,000. */
function buildCorpus(file: string, count: number, random: () => number, sentences: readonly string[]): void {
  const corpus = openCorpus(file);
  try {
    const pages = createPageStore(corpus.db);
    for (let from = 0; from < count; from += 5000) {
      const batch = Array.from({ length: Math.min(5000, count - from) }, (_, k) => {
        const n = from + k;
        const text = `${n} ${generatePage(random, sentences, 200) as string}`;
        const year = 1950 + Math.floor(random() * 70);
        const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
        const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
        return {
          fileName: `page_${String(n).padStart(6, '0')}.txt`,
          sourcePath: null,
          sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
          encoding: 'utf-8' as const,
          originalText: text,
          chars: [...text].length,
          newspaper: NEWSPAPERS[Math.floor(random() * NEWSPAPERS.length)]!,
          date: `${year}-${month}-${day}`,
          pageNo: String(1 + Math.floor(random() * 16)),
        };
      });
      pages.insertBatch(batch);
    }
  } finally {
    corpus.close();
  }
}

/** Records every animation frame's interval from now on into `window.__frames`; `__stopFrames()` ends it. */
const FRAME_PROBE = `(() => {
  window.__frames = [];
  let last = performance.now();
  let on = true;
  const tick = (now) => { window.__frames.push(now - last); last = now; if (on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  window.__stopFrames = () => { on = false; return window.__frames; };
})()`;

/** Resolves once the table shows rows and no placeholder (every visible row's data has arrived). */
const ROWS_SETTLED = `new Promise((resolve) => {
  const check = () => {
    const table = document.querySelector('[data-testid="library-table"]');
    if (table.querySelector('[data-testid="library-row"]') && !table.querySelector('[data-testid="library-row-placeholder"]'))
      resolve(performance.now());
    else requestAnimationFrame(check);
  };
  check();
})`;

export async function benchLibraryUi(args: SectionArgs & { pages: number }): Promise<void> {
  const { rows, results } = args;
  if (!findChromium()) {
    rows.push(['library in Chromium', 'skipped: no Chromium', '/usr/bin/chromium not found (or set GALLEY_CHROMIUM)']);
    return;
  }
  const home = mkdtempSync(join(tmpdir(), 'galley-bench-library-'));
  const file = join(home, 'library.galley');
  const t0 = performance.now();
  buildCorpus(file, args.pages, args.random, args.sentences);
  const insertMs = performance.now() - t0;
  const serve = await startServe(home, ['--db', file]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const open = new URL(serve.openUrl);
    open.search = '?e2e=1';
    const started = performance.now();
    await page.goto(open.toString());
    await page.evaluate(ROWS_SETTLED);
    const firstRowsMs = performance.now() - started;
    const count = await page.getByTestId('library-count').innerText();

    // (a) a fast scroll: 150 wheel turns of 600 px, as fast as they can be sent (~90,000 px, about 2,800 rows).
    const table = page.getByTestId('library-table');
    const box = (await table.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.evaluate(FRAME_PROBE);
    const scrollStart = performance.now();
    for (let i = 0; i < 150; i++) await page.mouse.wheel(0, 600);
    const frames = (await page.evaluate('window.__stopFrames()')) as number[];
    const scrollMs = performance.now() - scrollStart;
    const settleFrom = (await page.evaluate('performance.now()')) as number;
    const settledAt = (await page.evaluate(ROWS_SETTLED)) as number;
    const settleMs = settledAt - settleFrom;
    const scrolledTo = Number(await page.getByTestId('library-row').first().getAttribute('data-row-index'));

    // (b) End: the last page selected and shown.
    await table.focus();
    const endFrom = (await page.evaluate('performance.now()')) as number;
    await page.keyboard.press('End');
    await page.locator(`[data-testid="library-row"][data-row-index="${args.pages - 1}"]`).waitFor();
    const endAt = (await page.evaluate(ROWS_SETTLED)) as number;
    const endMs = endAt - endFrom;

    // (c) sort by date: the first rows of the new order shown (the list goes back to its top).
    const sortFrom = (await page.evaluate('performance.now()')) as number;
    await page.getByTestId('sort-date').click();
    await page.locator('[data-testid="library-row"][data-row-index="0"]').waitFor();
    const sortAt = (await page.evaluate(ROWS_SETTLED)) as number;
    const sortMs = sortAt - sortFrom;

    const long = frames.filter((f) => f > 50).length;
    results.libraryUiPages = args.pages;
    results.libraryUiFirstRowsMs = round2(firstRowsMs);
    results.libraryUiScrollFrames = frames.length;
    results.libraryUiScrollFrameP95Ms = round2(percentile(frames, 95));
    results.libraryUiScrollFrameMaxMs = round2(Math.max(...frames));
    results.libraryUiScrollLongFrames = long;
    results.libraryUiScrollSettleMs = round2(settleMs);
    results.libraryUiEndMs = round2(endMs);
    results.libraryUiSortMs = round2(sortMs);
    rows.push([
      `library in Chromium, ${count}`,
      `${ms(firstRowsMs)}`,
      `app loaded → first rows shown; corpus of ${args.pages} pages inserted straight in ${ms(insertMs)}`,
    ]);
    rows.push([
      '  fast scroll, 150 wheel turns of 600 px',
      `frames p95 ${ms(percentile(frames, 95))}`,
      `${frames.length} frames in ${ms(scrollMs)}, max ${ms(Math.max(...frames))}, ${long} over 50 ms; to row ` +
        `${scrolledTo}; its rows' data in ${ms(settleMs)} after the last turn`,
    ]);
    rows.push([
      '  End (the last page), sort by date',
      `${ms(endMs)} / ${ms(sortMs)}`,
      'key or click → the rows shown with their data',
    ]);
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
