// The views and how each is written in the URL fragment, so a reload reopens the page being read.

export type Route = { view: 'library' } | { view: 'page'; pageId: number } | { view: 'stats' };

export function parseRoute(hash: string): Route {
  if (hash === '#/stats') return { view: 'stats' };
  const match = /^#\/page\/(\d{1,15})$/.exec(hash);
  if (match) {
    const pageId = Number(match[1]);
    if (Number.isSafeInteger(pageId) && pageId > 0) return { view: 'page', pageId };
  }
  return { view: 'library' };
}

export function formatRoute(route: Route): string {
  if (route.view === 'stats') return '#/stats';
  return route.view === 'page' ? `#/page/${route.pageId}` : '#/';
}
