// The search view's result list against a real corpus through the direct API client: rows load in blocks as
// the list asks for them (as it scrolls), the first block brings the hit and page counts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import type { RowBlockCache } from '../../../src/renderer/src/library/page-cache';
import {
  createResultList,
  RESULT_BLOCK_SIZE,
  revealOf,
  SearchMemory,
  type ResultRow,
} from '../../../src/renderer/src/search/search-results';
import { EMPTY_SEARCH } from '../../../src/renderer/src/search/search-route';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const PAGES = 250;

/** Resolves once `ready` holds, checked whenever the cache changes (no timers). */
function until(cache: RowBlockCache<ResultRow>, ready: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (cache.hasErrors) reject(new Error(cache.firstError()));
      else if (ready()) {
        unsubscribe();
        resolve();
      }
    };
    const unsubscribe = cache.subscribe(check);
    check();
  });
}

async function corpusWithPages() {
  const dir = tempDir('galley-search-results-');
  const folder = join(dir, 'pages');
  mkdirSync(folder);
  for (let i = 1; i <= PAGES; i++) {
    const no = String(i).padStart(3, '0');
    writeFileSync(
      join(folder, `hbrb-20221127-p${no}.txt`),
      `本报讯（记者 四建磊）第${i}条消息，倪岳峰在石家庄调研。\n\n会议要求各地做好疫情防控工作。\n`,
    );
  }
  const corpus = openCorpus(join(dir, 'c.galley'));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  const client = createDirectClient(services.methods);
  const done = await services.jobs.wait((await client.call('import.start', { paths: [folder] })).jobId);
  expect(done.report.imported).toBe(PAGES);
  return { corpus, client };
}

describe('the search result list', () => {
  it('loads the blocks the list shows, and counts hits and pages with the first', async () => {
    const { corpus, client } = await corpusWithPages();
    const list = createResultList(client, { ...EMPTY_SEARCH, q: '倪岳峰' })!;
    const { cache } = list;
    expect(cache.blockSize).toBe(RESULT_BLOCK_SIZE);

    cache.ensure(0, 20);
    await until(cache, () => cache.row(0) !== undefined);
    expect(cache.total).toBe(PAGES);
    expect(list.meta).toMatchObject({ pages: PAGES, index: 'trigram' });
    expect(cache.loadedBlocks()).toEqual([0]);

    // Scrolled to the end: only the last block is loaded, not the ones scrolled past.
    cache.ensure(PAGES - 10, PAGES - 1);
    await until(cache, () => cache.row(PAGES - 1) !== undefined);
    expect(cache.loadedBlocks()).toEqual([0, 2]);
    expect(cache.row(150)).toBeUndefined();
    const last = cache.row(PAGES - 1)!;
    expect(last.kind).toBe('text');
    if (last.kind !== 'text') return;
    expect(last.hit.snippet.match).toBe('倪岳峰');
    const target = revealOf(last);
    expect(target.pageId).toBe(last.hit.pageId);
    expect(target.reveal).toEqual({
      source: 'corrected',
      block: last.hit.blockKey,
      start: last.hit.matchStart,
      end: last.hit.matchEnd,
      text: '倪岳峰',
    });

    // A short word is found by a scan; a date filter narrows the pages.
    const short = createResultList(client, { ...EMPTY_SEARCH, q: '疫情', from: '2022-11-28' })!;
    short.cache.ensure(0, 10);
    await until(short.cache, () => short.cache.total !== null);
    expect(short.cache.total).toBe(0);
    const all = createResultList(client, { ...EMPTY_SEARCH, q: '疫情' })!;
    all.cache.ensure(0, 10);
    await until(all.cache, () => all.cache.total !== null);
    expect(all.cache.total).toBe(PAGES);
    expect(all.meta.index).toBe('scan');
    corpus.close();
  });

  it('has nothing to load for an empty query, and a span list needs a label or a text', () => {
    const client = { call: () => Promise.reject(new Error('not called')) };
    expect(createResultList(client, { ...EMPTY_SEARCH, q: '  ' })).toBeNull();
    expect(createResultList(client, { ...EMPTY_SEARCH, mode: 'spans' })).toBeNull();
    expect(createResultList(client, { ...EMPTY_SEARCH, mode: 'spans', label: 'PER' })).not.toBeNull();
  });

  it('remembers where the list was while a hit is open, and starts a new list at the top', () => {
    const client = { call: () => new Promise<never>(() => undefined) };
    const memory = new SearchMemory();
    const first = createResultList(client, { ...EMPTY_SEARCH, q: '北京' });
    memory.show(first);
    memory.leave(480, 12);
    memory.show(first);
    expect([memory.list, memory.scrollTop, memory.selected]).toEqual([first, 480, 12]);
    const second = createResultList(client, { ...EMPTY_SEARCH, q: '上海' });
    memory.show(second);
    expect([memory.list, memory.scrollTop, memory.selected]).toEqual([second, 0, -1]);
    expect(memory.takeBoxFocusRequest()).toBe(false);
    memory.requestBoxFocus();
    expect(memory.takeBoxFocusRequest()).toBe(true);
    expect(memory.takeBoxFocusRequest()).toBe(false);
  });
});
