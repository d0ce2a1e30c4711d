import { describe, expect, it } from 'vitest';

import { formatRoute, parseRoute } from '../../../src/renderer/src/routing/route';
import {
  EMPTY_SEARCH,
  formatSearchParams,
  parseSearchParams,
  spanSearchArgs,
  textSearchArgs,
  type SearchParams,
} from '../../../src/renderer/src/search/search-route';

const FULL: SearchParams = {
  mode: 'text',
  q: '核酸检测 OR "疫苗 接种" -北京 & 100%',
  source: 'original',
  newspaper: '河北日报',
  from: '2022-01-01',
  to: '2022-12-31',
  status: 'annotated',
  role: 'headline',
  label: 'PER',
  contains: false,
};

describe('the search in the fragment', () => {
  it('round-trips every field, with Chinese, quotes, & and % in the query', () => {
    const hash = formatRoute({ view: 'search', search: FULL });
    expect(hash.startsWith('#/search?')).toBe(true);
    expect(parseRoute(hash)).toEqual({ view: 'search', search: FULL });
    const spans: SearchParams = { ...EMPTY_SEARCH, mode: 'spans', q: '倪岳峰', label: 'PER', contains: true };
    expect(parseRoute(formatRoute({ view: 'search', search: spans }))).toEqual({ view: 'search', search: spans });
  });

  it('writes an empty search as #/search and only what is set, in a stable order', () => {
    expect(formatRoute({ view: 'search', search: EMPTY_SEARCH })).toBe('#/search');
    expect(parseRoute('#/search')).toEqual({ view: 'search', search: EMPTY_SEARCH });
    expect(formatSearchParams({ ...EMPTY_SEARCH, status: 'new', q: '北京' })).toBe('q=%E5%8C%97%E4%BA%AC&status=new');
  });

  it('leaves out malformed values instead of failing', () => {
    expect(
      parseSearchParams('q=x&mode=weird&source=other&from=2022-1-1&to=yesterday&status=done&role=title&contains=yes'),
    ).toEqual({ ...EMPTY_SEARCH, q: 'x' });
    expect(parseSearchParams(`newspaper=${'报'.repeat(201)}&label=`)).toEqual(EMPTY_SEARCH);
  });

  it('keeps the page and library routes as they were', () => {
    expect(parseRoute('#/page/12')).toEqual({ view: 'page', pageId: 12 });
    expect(parseRoute('#/')).toEqual({ view: 'library' });
    expect(parseRoute('#/searching')).toEqual({ view: 'library' });
  });
});

describe('a hit to reveal in the page route', () => {
  it('round-trips a corrected-text hit and an original-text hit', () => {
    const corrected = { source: 'corrected', block: 'p3-b7', start: 12, end: 15, text: '倪岳峰' } as const;
    const hash = formatRoute({ view: 'page', pageId: 3, reveal: corrected });
    expect(hash).toMatch(/^#\/page\/3\?/);
    expect(parseRoute(hash)).toEqual({ view: 'page', pageId: 3, reveal: corrected });
    const original = { source: 'original', block: 'original', start: 0, end: 2, text: '北京' } as const;
    expect(parseRoute(formatRoute({ view: 'page', pageId: 4, reveal: original }))).toEqual({
      view: 'page',
      pageId: 4,
      reveal: original,
    });
  });

  it('opens the page without a reveal when the hit part is malformed', () => {
    for (const query of ['', 'block=b1', 'block=b1&at=5-3&text=x', 'block=b1&at=a-b&text=x', 'block=b1&at=1-2']) {
      expect(parseRoute(`#/page/9?${query}`)).toEqual({ view: 'page', pageId: 9 });
    }
  });
});

describe('API arguments from the search', () => {
  it('sends only the filters that are set, and asks for the page count on the first block', () => {
    expect(textSearchArgs({ ...EMPTY_SEARCH, q: '  ' }, 0, 100)).toBeNull();
    expect(textSearchArgs({ ...EMPTY_SEARCH, q: ' 北京 ' }, 0, 100)).toEqual({
      query: '北京',
      filters: {},
      offset: 0,
      limit: 100,
      countPages: true,
    });
    expect(textSearchArgs({ ...FULL, label: '*' }, 100, 100)).toEqual({
      query: FULL.q,
      filters: {
        newspaper: '河北日报',
        dateFrom: '2022-01-01',
        dateTo: '2022-12-31',
        status: 'annotated',
        role: 'headline',
        hasLabel: true,
        source: 'original',
      },
      offset: 100,
      limit: 100,
    });
  });

  it('finds spans by exact text or by a substring, and never lists every span of the corpus', () => {
    const spans = { ...EMPTY_SEARCH, mode: 'spans' } as const;
    expect(spanSearchArgs(spans, 0, 100)).toBeNull();
    expect(spanSearchArgs({ ...spans, q: '倪岳峰', label: 'PER' }, 0, 100)).toEqual({
      label: 'PER',
      text: '倪岳峰',
      offset: 0,
      limit: 100,
    });
    expect(spanSearchArgs({ ...spans, q: '岳', contains: true, newspaper: '河北日报' }, 100, 100)).toEqual({
      textLike: '岳',
      newspaper: '河北日报',
      offset: 100,
      limit: 100,
    });
    expect(spanSearchArgs({ ...spans, label: 'LOC' }, 0, 10)).toEqual({ label: 'LOC', offset: 0, limit: 10 });
  });
});
