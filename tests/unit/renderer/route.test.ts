import { describe, expect, it } from 'vitest';

import { formatRoute, parseRoute } from '../../../src/renderer/src/routing/route';
import { listArgs, toggleSort, INITIAL_LIBRARY_STATE } from '../../../src/renderer/src/library/library-query';

describe('routes in the fragment', () => {
  it('round-trips the page view', () => {
    expect(parseRoute('#/page/12')).toEqual({ view: 'page', pageId: 12 });
    expect(formatRoute({ view: 'page', pageId: 12 })).toBe('#/page/12');
    expect(parseRoute(formatRoute({ view: 'library' }))).toEqual({ view: 'library' });
  });

  it('round-trips the statistics view', () => {
    expect(formatRoute({ view: 'stats' })).toBe('#/stats');
    expect(parseRoute('#/stats')).toEqual({ view: 'stats' });
    expect(parseRoute('#/stats/x')).toEqual({ view: 'library' });
  });

  it('falls back to the library for anything else', () => {
    for (const hash of [
      '',
      '#',
      '#/',
      '#/page/',
      '#/page/0',
      '#/page/-3',
      '#/page/1x',
      '#token=abc',
      '#/page/99999999999999999999',
    ]) {
      expect(parseRoute(hash)).toEqual({ view: 'library' });
    }
  });
});

describe('library query', () => {
  const query = INITIAL_LIBRARY_STATE.query;

  it('toggles the direction on the same column and starts ascending on a new one', () => {
    const desc = toggleSort(query, 'fileName');
    expect(desc).toMatchObject({ sort: 'fileName', direction: 'desc' });
    expect(toggleSort(desc, 'chars')).toMatchObject({ sort: 'chars', direction: 'asc' });
  });

  it('sends only the filters that are set', () => {
    expect(listArgs(query, 200, 200)).toEqual({ offset: 200, limit: 200, sort: 'fileName', direction: 'asc' });
    expect(listArgs({ ...query, text: '  日报 ', status: 'new', newspaper: '河北日报' }, 0, 200)).toEqual({
      offset: 0,
      limit: 200,
      sort: 'fileName',
      direction: 'asc',
      text: '日报',
      status: 'new',
      newspaper: '河北日报',
    });
  });
});
