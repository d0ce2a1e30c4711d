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

  it('round-trips the entity register and a page opened at a span', () => {
    expect(parseRoute('#/entities')).toEqual({ view: 'entities', entityId: null });
    expect(parseRoute('#/entities/ent-0a1b2c3d4e5f')).toEqual({ view: 'entities', entityId: 'ent-0a1b2c3d4e5f' });
    expect(formatRoute({ view: 'entities', entityId: 'ent-0a1b2c3d4e5f' })).toBe('#/entities/ent-0a1b2c3d4e5f');
    expect(formatRoute({ view: 'entities', entityId: null })).toBe('#/entities');
    const atSpan = { view: 'page' as const, pageId: 3, spanId: 'e-1/𠮷 x' };
    expect(parseRoute(formatRoute(atSpan))).toEqual(atSpan);
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
      '#/page/3/span/',
      '#/page/3/span/%E0%A4%A',
      '#/entities/',
      '#/entities/x',
      '#/entities/ent-1/2',
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
