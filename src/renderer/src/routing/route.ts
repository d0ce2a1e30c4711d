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
  /**
   * `reveal`: a search hit to scroll to and highlight; `spanId`: open the editor with this span selected (from
   * the entity register).
   */
  | { view: 'page'; pageId: number; reveal?: PageReveal; spanId?: string }
  | { view: 'search'; search: SearchParams }
  | { view: 'stats' }
  /** The entity register; `entityId` opens one entity. */
  | { view: 'entities'; entityId: string | null };

const ENTITY_ID = /^ent-[0-9a-z]{6,32}$/;

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  if (hash === '#/stats') return { view: 'stats' };
  const span = /^#\/page\/(\d{1,15})\/span\/([^/?]{1,600})$/.exec(hash);
  if (span) {
    const pageId = Number(span[1]);
    const spanId = decode(span[2]!);
    if (Number.isSafeInteger(pageId) && pageId > 0 && spanId) return { view: 'page', pageId, spanId };
  }
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
  if (hash === '#/entities') return { view: 'entities', entityId: null };
  const entity = /^#\/entities\/([^/]+)$/.exec(hash);
  if (entity && ENTITY_ID.test(entity[1]!)) return { view: 'entities', entityId: entity[1]! };
  return { view: 'library' };
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'page':
      if (route.spanId) return `#/page/${route.pageId}/span/${encodeURIComponent(route.spanId)}`;
      return route.reveal ? `#/page/${route.pageId}?${formatReveal(route.reveal)}` : `#/page/${route.pageId}`;
    case 'search': {
      const query = formatSearchParams(route.search);
      return query === '' ? '#/search' : `#/search?${query}`;
    }
    case 'stats':
      return '#/stats';
    case 'entities':
      return route.entityId ? `#/entities/${route.entityId}` : '#/entities';
    default:
      return '#/';
  }
}
