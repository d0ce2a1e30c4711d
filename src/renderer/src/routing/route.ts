// The views and how each is written in the URL fragment, so a reload reopens the page being read.

export type Route =
  | { view: 'library' }
  /** `spanId`: open the editor with this span selected (from the entity register). */
  | { view: 'page'; pageId: number; spanId?: string }
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
  const match = /^#\/page\/(\d{1,15})(?:\/span\/([^/]{1,600}))?$/.exec(hash);
  if (match) {
    const pageId = Number(match[1]);
    const spanId = match[2] === undefined ? undefined : decode(match[2]);
    if (Number.isSafeInteger(pageId) && pageId > 0 && spanId !== null) {
      return spanId ? { view: 'page', pageId, spanId } : { view: 'page', pageId };
    }
  }
  if (hash === '#/entities') return { view: 'entities', entityId: null };
  const entity = /^#\/entities\/([^/]+)$/.exec(hash);
  if (entity && ENTITY_ID.test(entity[1]!)) return { view: 'entities', entityId: entity[1]! };
  return { view: 'library' };
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'page':
      return route.spanId
        ? `#/page/${route.pageId}/span/${encodeURIComponent(route.spanId)}`
        : `#/page/${route.pageId}`;
    case 'entities':
      return route.entityId ? `#/entities/${route.entityId}` : '#/entities';
    default:
      return '#/';
  }
}
