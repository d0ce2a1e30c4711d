// The corpus search as written in the URL fragment (#/search?q=…&newspaper=…), so a reload or Back shows the
// same search, and a hit to reveal in a page (#/page/12?block=…&at=5-8&text=…). Pure, unit-tested.
import { BLOCK_ROLES, PAGE_STATUSES, type BlockRole, type PageStatus } from '../../../shared/domain';
import type { SearchArgs, SearchSource, SpanSearchArgs } from '../../../shared/search';

export type SearchMode = 'text' | 'spans';

/** Everything the search view shows, as the fragment holds it. Unset filters are null. */
export interface SearchParams {
  mode: SearchMode;
  /** The query (text mode) or the span text (spans mode). */
  q: string;
  source: SearchSource;
  newspaper: string | null;
  /** Inclusive dates, YYYY-MM-DD. */
  from: string | null;
  to: string | null;
  status: PageStatus | null;
  /** Text mode only. */
  role: BlockRole | null;
  /** Text mode: pages with a span of this label ('*': any label). Spans mode: the spans' label. */
  label: string | null;
  /** Spans mode: the span text contains `q` instead of being it. */
  contains: boolean;
}

export const EMPTY_SEARCH: SearchParams = {
  mode: 'text',
  q: '',
  source: 'corrected',
  newspaper: null,
  from: null,
  to: null,
  status: null,
  role: null,
  label: null,
  contains: false,
};

/** A hit to scroll to and highlight when the page opens: a range of one block's text (or the original). */
export interface PageReveal {
  source: SearchSource;
  /** The document block id; 'original' for the original text. */
  block: string;
  /** UTF-16 offsets in the block's text, end exclusive. */
  start: number;
  end: number;
  /** The matched text, to find the hit again if the block changed since it was indexed. */
  text: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 1000;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

function text(value: string | null, max = 200): string | null {
  return value === null || value === '' || value.length > max ? null : value;
}

function date(value: string | null): string | null {
  return value !== null && DATE.test(value) ? value : null;
}

/** The search in a fragment's query part (after `#/search?`); anything malformed is left out. */
export function parseSearchParams(query: string): SearchParams {
  const p = new URLSearchParams(query);
  return {
    mode: p.get('mode') === 'spans' ? 'spans' : 'text',
    q: text(p.get('q'), MAX_TEXT) ?? '',
    source: p.get('source') === 'original' ? 'original' : 'corrected',
    newspaper: text(p.get('newspaper')),
    from: date(p.get('from')),
    to: date(p.get('to')),
    status: oneOf(PAGE_STATUSES, p.get('status')),
    role: oneOf(BLOCK_ROLES, p.get('role')),
    label: text(p.get('label'), 100),
    contains: p.get('contains') === '1',
  };
}

/** The search as a fragment query part, with only what differs from an empty search (stable order). */
export function formatSearchParams(params: SearchParams): string {
  const p = new URLSearchParams();
  if (params.mode !== 'text') p.set('mode', params.mode);
  if (params.q !== '') p.set('q', params.q);
  if (params.source !== 'corrected') p.set('source', params.source);
  if (params.newspaper !== null) p.set('newspaper', params.newspaper);
  if (params.from !== null) p.set('from', params.from);
  if (params.to !== null) p.set('to', params.to);
  if (params.status !== null) p.set('status', params.status);
  if (params.role !== null) p.set('role', params.role);
  if (params.label !== null) p.set('label', params.label);
  if (params.contains) p.set('contains', '1');
  return p.toString();
}

export function sameSearch(a: SearchParams, b: SearchParams): boolean {
  return formatSearchParams(a) === formatSearchParams(b);
}

/** The reveal in a page fragment's query part, or null when it has none or it is malformed. */
export function parseReveal(query: string): PageReveal | null {
  const p = new URLSearchParams(query);
  const block = text(p.get('block'), 200);
  const at = /^(\d{1,9})-(\d{1,9})$/.exec(p.get('at') ?? '');
  const matched = text(p.get('text'), MAX_TEXT);
  if (block === null || !at || matched === null) return null;
  const start = Number(at[1]);
  const end = Number(at[2]);
  if (end <= start) return null;
  return { source: block === 'original' ? 'original' : 'corrected', block, start, end, text: matched };
}

export function formatReveal(reveal: PageReveal): string {
  const p = new URLSearchParams();
  p.set('block', reveal.source === 'original' ? 'original' : reveal.block);
  p.set('at', `${reveal.start}-${reveal.end}`);
  p.set('text', reveal.text);
  return p.toString();
}

/** The filters shared by both modes, as the API takes them. */
function pageFilters(params: SearchParams) {
  return {
    ...(params.newspaper !== null && { newspaper: params.newspaper }),
    ...(params.from !== null && { dateFrom: params.from }),
    ...(params.to !== null && { dateTo: params.to }),
    ...(params.status !== null && { status: params.status }),
  };
}

/** `search.query` arguments for one block of results; null when there is nothing to search for. */
export function textSearchArgs(params: SearchParams, offset: number, limit: number): SearchArgs | null {
  const query = params.q.trim();
  if (query === '') return null;
  return {
    query,
    filters: {
      ...pageFilters(params),
      ...(params.role !== null && { role: params.role }),
      ...(params.label !== null && { hasLabel: params.label === '*' ? true : params.label }),
      ...(params.source !== 'corrected' && { source: params.source }),
    },
    offset,
    limit,
    ...(offset === 0 && { countPages: true }),
  };
}

/** `search.spans` arguments; null without a label or a text (that would list every span of the corpus). */
export function spanSearchArgs(params: SearchParams, offset: number, limit: number): SpanSearchArgs | null {
  const q = params.q.trim();
  if (q === '' && params.label === null) return null;
  return {
    ...(params.label !== null && params.label !== '*' && { label: params.label }),
    ...(q !== '' && (params.contains ? { textLike: q } : { text: q })),
    ...pageFilters(params),
    offset,
    limit,
  };
}
