// The virtualized pages table: a sticky sortable header, one absolutely placed row per visible page (a
// placeholder while its block loads), arrow keys to move the selection and Enter or double click to open.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { PageSortKey, PageSummary } from '../../../shared/api';
import { StatusPill } from '../components/StatusPill';
import type { LibraryQuery } from './library-query';
import type { RowBlockCache } from './page-cache';
import { listKeyAction } from './list-keys';

export const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 34;

/** The columns shown; each sorts by the same key in `pages.list`. */
type ColumnKey = Exclude<PageSortKey, 'importedAt'>;

const COLUMNS: readonly { key: ColumnKey; className: string }[] = [
  { key: 'fileName', className: 'cell--file' },
  { key: 'newspaper', className: 'cell--newspaper' },
  { key: 'date', className: 'cell--date' },
  { key: 'pageNo', className: 'cell--page' },
  { key: 'status', className: 'cell--status' },
  { key: 'chars', className: 'cell--chars' },
];

interface LibraryTableProps {
  /** One list (one sort and filter); the parent mounts a new table for a new cache. */
  cache: RowBlockCache<PageSummary>;
  query: LibraryQuery;
  selected: number;
  initialOffset: number;
  onSelect(index: number): void;
  onOpen(row: PageSummary, scrollTop: number): void;
  onSort(key: PageSortKey): void;
  onClearFilters(): void;
}

function rowDomId(index: number): string {
  return `library-row-${index}`;
}

export function LibraryTable({
  cache,
  query,
  selected,
  initialOffset,
  onSelect,
  onOpen,
  onSort,
  onClearFilters,
}: LibraryTableProps) {
  const { t, i18n } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const version = useSyncExternalStore(cache.subscribe, cache.getVersion);
  const total = cache.total;

  // The app does not use the React Compiler, so its memoization caveat about this hook does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    initialOffset,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? -1;
  const lastIndex = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    // Nothing laid out yet (count unknown): ask for the first block, which brings the count.
    if (firstIndex < 0) cache.ensure(0, cache.blockSize - 1);
    else cache.ensure(firstIndex, lastIndex);
  }, [cache, version, firstIndex, lastIndex]);

  // Coming back from a page: keyboard focus returns to the table, on the row that was selected.
  useEffect(() => {
    if (selected >= 0 && document.activeElement === document.body) scrollRef.current?.focus();
    // Only when the table appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function select(index: number): void {
    if (total === null || total === 0) return;
    const clamped = Math.max(0, Math.min(total - 1, index));
    onSelect(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  }

  function open(index: number): void {
    const row = cache.row(index);
    if (row) onOpen(row, scrollRef.current?.scrollTop ?? 0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.target !== event.currentTarget) return; // Keys on the header's sort buttons are theirs.
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2);
    const action = listKeyAction(event.key, { selected, firstIndex, total, pageRows });
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'select') select(action.index);
    else if (action.kind === 'open') open(action.index);
  }

  const number = new Intl.NumberFormat(i18n.language);
  const unknown = t('library.unknown');

  return (
    <div
      ref={scrollRef}
      className="library__scroll"
      role="grid"
      aria-label={t('library.tableLabel')}
      aria-rowcount={(total ?? 0) + 1}
      aria-activedescendant={selected >= 0 && cache.row(selected) ? rowDomId(selected) : undefined}
      aria-busy={total === null}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="library-table"
    >
      <div className="library__head library-grid" role="row" aria-rowindex={1}>
        {COLUMNS.map((column) => {
          const active = query.sort === column.key;
          const label = t(`library.columns.${column.key}`);
          return (
            <div
              key={column.key}
              role="columnheader"
              className={`cell ${column.className}`}
              aria-sort={active ? (query.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
            >
              <button
                type="button"
                className={`sort-button${active ? ' is-active' : ''}`}
                title={t('library.sortBy', { column: label })}
                onClick={() => onSort(column.key)}
                data-testid={`sort-${column.key}`}
              >
                <span className="sort-button__label">{label}</span>
                <span className="sort-button__arrow" aria-hidden="true">
                  {active ? (query.direction === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </div>
          );
        })}
      </div>
      <div className="library__body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = cache.row(item.index);
          const position = { transform: `translateY(${item.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT };
          if (!row) {
            return (
              <div
                key={item.key}
                className="library-row library-grid library-row--placeholder"
                role="row"
                aria-rowindex={item.index + 2}
                style={position}
                data-testid="library-row-placeholder"
              >
                <div role="gridcell" className="cell cell--file">
                  <span className="placeholder-bar" aria-hidden="true" />
                  <span className="visually-hidden">{t('library.loadingRow')}</span>
                </div>
              </div>
            );
          }
          const isSelected = item.index === selected;
          return (
            <div
              key={item.key}
              id={rowDomId(item.index)}
              className={`library-row library-grid${isSelected ? ' is-selected' : ''}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={isSelected}
              style={position}
              onClick={() => select(item.index)}
              onDoubleClick={() => open(item.index)}
              data-testid="library-row"
              data-page-id={row.id}
              data-row-index={item.index}
            >
              <div role="gridcell" className="cell cell--file" title={row.fileName}>
                {row.fileName}
              </div>
              <div role="gridcell" className="cell cell--newspaper" title={row.newspaper ?? undefined}>
                {row.newspaper ?? unknown}
              </div>
              <div role="gridcell" className="cell cell--date">
                {row.date ?? unknown}
              </div>
              <div role="gridcell" className="cell cell--page">
                {row.pageNo ?? unknown}
              </div>
              <div role="gridcell" className="cell cell--status">
                <StatusPill status={row.status} />
              </div>
              <div role="gridcell" className="cell cell--chars">
                {number.format(row.chars)}
              </div>
            </div>
          );
        })}
      </div>
      {total === 0 && (
        <div className="library__no-matches">
          <p>{t('library.noMatches')}</p>
          <button type="button" className="button" onClick={onClearFilters}>
            {t('library.clearFilters')}
          </button>
        </div>
      )}
    </div>
  );
}
