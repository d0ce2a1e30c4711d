// One list of search results (text hits or span mentions) loaded in blocks as the list scrolls, and what the
// search view remembers of it while a hit is open, so Back shows the same rows at the same scroll position.
import type { ApiClient } from '../../../shared/api';
import type { SearchHit, SpanHit } from '../../../shared/search';
import { RowBlockCache } from '../library/page-cache';
import { formatSearchParams, spanSearchArgs, textSearchArgs, type PageReveal, type SearchParams } from './search-route';

export type ResultRow = { kind: 'text'; hit: SearchHit } | { kind: 'span'; hit: SpanHit };

/** Rows per request: a few screens; search.query allows up to 500. */
export const RESULT_BLOCK_SIZE = 100;

/** What the first block reported besides the rows. */
export interface ResultMeta {
  /** Pages holding the hits (text mode). */
  pages: number | null;
  tookMs: number | null;
  /** How it was answered (text mode): 'scan' for a query with a 1–2 character word. */
  index: 'trigram' | 'scan' | null;
  /** While the index is still being built in the background: how many pages it covers so far. */
  indexing: { done: number; total: number } | null;
}

export interface ResultList {
  /** The search, as the fragment writes it: the same key is the same list. */
  key: string;
  cache: RowBlockCache<ResultRow>;
  meta: ResultMeta;
}

/** The list for a search, or null when there is nothing to search for yet. */
export function createResultList(api: ApiClient, params: SearchParams): ResultList | null {
  const meta: ResultMeta = { pages: null, tookMs: null, index: null, indexing: null };
  const key = formatSearchParams(params);
  if (params.mode === 'spans') {
    if (spanSearchArgs(params, 0, 1) === null) return null;
    const cache = new RowBlockCache<ResultRow>(
      async (offset, limit) => {
        const result = await api.call('search.spans', spanSearchArgs(params, offset, limit)!);
        if (offset === 0) meta.tookMs = result.tookMs;
        return { total: result.total, rows: result.hits.map((hit) => ({ kind: 'span', hit })) };
      },
      { blockSize: RESULT_BLOCK_SIZE },
    );
    return { key, cache, meta };
  }
  if (textSearchArgs(params, 0, 1) === null) return null;
  const cache = new RowBlockCache<ResultRow>(
    async (offset, limit) => {
      const result = await api.call('search.query', textSearchArgs(params, offset, limit)!);
      if (offset === 0) {
        meta.pages = result.pages ?? null;
        meta.tookMs = result.tookMs;
        meta.index = result.index;
        meta.indexing = result.indexing ?? null;
      }
      return { total: result.total, rows: result.hits.map((hit) => ({ kind: 'text', hit })) };
    },
    { blockSize: RESULT_BLOCK_SIZE },
  );
  return { key, cache, meta };
}

/** Where a result row points: the page and the range to highlight there. */
export function revealOf(row: ResultRow): { pageId: number; reveal: PageReveal } {
  if (row.kind === 'span') {
    const { hit } = row;
    return {
      pageId: hit.pageId,
      reveal: { source: 'corrected', block: hit.blockId, start: hit.start, end: hit.end, text: hit.text },
    };
  }
  const { hit } = row;
  return {
    pageId: hit.pageId,
    reveal: {
      source: hit.source,
      block: hit.blockKey,
      start: hit.matchStart,
      end: hit.matchEnd,
      text: hit.snippet.match,
    },
  };
}

/** The search view's memory across a visit to a hit (held by the app shell, outlives the view). */
export class SearchMemory {
  list: ResultList | null = null;
  scrollTop = 0;
  selected = -1;

  /** The list shown now; a different list starts at the top, and the old one stops loading. */
  show(list: ResultList | null): void {
    if (this.list === list) return;
    this.list?.cache.dispose();
    this.list = list;
    this.scrollTop = 0;
    this.selected = -1;
  }

  /** Set by the shortcut or the button: the query box takes the focus, even when Back would give it the list. */
  private focusBox = false;

  requestBoxFocus(): void {
    this.focusBox = true;
  }

  /** Whether the box was asked for focus since the last call. */
  takeBoxFocusRequest(): boolean {
    const asked = this.focusBox;
    this.focusBox = false;
    return asked;
  }

  /** A hit is being opened: where the list was, for Back. */
  leave(scrollTop: number, selected: number): void {
    this.scrollTop = scrollTop;
    this.selected = selected;
  }
}
