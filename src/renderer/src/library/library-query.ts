// What the library shows (sort and filters) and where the user was in it, kept by the app while a page is open.
import type { PageListArgs, PageSortKey } from '../../../shared/api';
import type { PageStatus } from '../../../shared/domain';

export interface LibraryQuery {
  sort: PageSortKey;
  direction: 'asc' | 'desc';
  /** Substring of file name or newspaper; empty for none. */
  text: string;
  status: PageStatus | null;
  newspaper: string | null;
}

export interface LibraryState {
  query: LibraryQuery;
  /** Index of the selected row in the current sort, or -1. */
  selected: number;
  /** Scroll offset to restore when the library is shown again. */
  scrollTop: number;
  /** The row count when the library was left, so the table has its height before the first answer. */
  totalHint: number | null;
}

export const INITIAL_LIBRARY_STATE: LibraryState = {
  query: { sort: 'fileName', direction: 'asc', text: '', status: null, newspaper: null },
  selected: -1,
  scrollTop: 0,
  totalHint: null,
};

export function hasFilters(query: LibraryQuery): boolean {
  return query.text.trim() !== '' || query.status !== null || query.newspaper !== null;
}

/** The `pages.list` arguments for one block of rows. */
export function listArgs(query: LibraryQuery, offset: number, limit: number): PageListArgs {
  const text = query.text.trim();
  return {
    offset,
    limit,
    sort: query.sort,
    direction: query.direction,
    ...(text !== '' ? { text: text.slice(0, 200) } : {}),
    ...(query.status !== null ? { status: query.status } : {}),
    ...(query.newspaper !== null ? { newspaper: query.newspaper } : {}),
  };
}

/** Clicking a column header: a new column sorts ascending, the same column flips direction. */
export function toggleSort(query: LibraryQuery, key: PageSortKey): LibraryQuery {
  if (query.sort === key) return { ...query, direction: query.direction === 'asc' ? 'desc' : 'asc' };
  return { ...query, sort: key, direction: 'asc' };
}
