// The views and how each is written in the URL fragment, so a reload reopens the page being read.
import {
  formatReveal,
  formatSearchParams,
  parseReveal,
  parseSearchParams,
  type PageReveal,
  type SearchParams,
} from '../search/search-route';

export type Route =
  | { view: 'library' }
  /** `reveal`: a search hit to scroll to and highlight. */
  | { view: 'page'; pageId: number; reveal?: PageReveal }
  | { view: 'search'; search: SearchParams }
  | { view: 'stats' };

export function parseRoute(hash: string): Route {
  if (hash === '#/stats') return { view: 'stats' };
  const match = /^#\/page\/(\d{1,15})(?:\?(.*))?$/.exec(hash);
  if (match) {
    const pageId = Number(match[1]);
    if (Number.isSafeInteger(pageId) && pageId > 0) {
      const reveal = match[2] === undefined ? null : parseReveal(match[2]);
      return reveal ? { view: 'page', pageId, reveal } : { view: 'page', pageId };
    }
  }
  const search = /^#\/search(?:\?(.*))?$/.exec(hash);
  if (search) return { view: 'search', search: parseSearchParams(search[1] ?? '') };
  return { view: 'library' };
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'page':
      return route.reveal ? `#/page/${route.pageId}?${formatReveal(route.reveal)}` : `#/page/${route.pageId}`;
    case 'search': {
      const query = formatSearchParams(route.search);
      return query === '' ? '#/search' : `#/search?${query}`;
    }
    case 'stats':
      return '#/stats';
    default:
      return '#/';
  }
}
