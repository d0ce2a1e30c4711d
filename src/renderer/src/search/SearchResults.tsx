// The virtualized list of search results: one absolutely placed row per visible hit (a placeholder while its
// block loads), ↑/↓ to move, Enter or a click to open. Snippets are text nodes around a <mark> — never HTML.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { Snippet } from '../../../shared/search';
import { revealOf, type ResultList, type ResultRow } from './search-results';
import type { PageReveal } from './search-route';
import { listKeyAction } from '../library/list-keys';

export const RESULT_ROW_HEIGHT = 58;

interface SearchResultsProps {
  list: ResultList;
  initialOffset: number;
  initialSelected: number;
  onOpen(target: { pageId: number; reveal: PageReveal }, index: number, scrollTop: number): void;
}

function rowDomId(index: number): string {
  return `search-row-${index}`;
}

export function SearchResults({ list, initialOffset, initialSelected, onOpen }: SearchResultsProps) {
  const { t } = useTranslation();
  const { cache } = list;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState(initialSelected);
  const version = useSyncExternalStore(cache.subscribe, cache.getVersion);
  const total = cache.total;

  // The app does not use the React Compiler, so its memoization caveat about this hook does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => RESULT_ROW_HEIGHT,
    overscan: 8,
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

  // Coming back from a hit: keyboard focus returns to the list, on the row that was opened.
  useEffect(() => {
    if (initialSelected >= 0) scrollRef.current?.focus();
    // Only when the list appears.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function select(index: number): void {
    if (total === null || total === 0) return;
    const clamped = Math.max(0, Math.min(total - 1, index));
    setSelected(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  }

  function open(index: number): void {
    const row = cache.row(index);
    if (!row) return;
    setSelected(index);
    onOpen(revealOf(row), index, scrollRef.current?.scrollTop ?? 0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / RESULT_ROW_HEIGHT) - 1);
    const action = listKeyAction(event.key, { selected, firstIndex, total, pageRows });
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'select') select(action.index);
    else if (action.kind === 'open') open(action.index);
  }

  if (total === 0) {
    return (
      <p className="search-view__none" data-testid="search-none">
        {t('search.none')}
      </p>
    );
  }

  return (
    <div
      ref={scrollRef}
      className="search-results"
      role="listbox"
      aria-label={t('search.resultsLabel')}
      aria-activedescendant={selected >= 0 && cache.row(selected) ? rowDomId(selected) : undefined}
      aria-busy={total === null}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="search-results"
    >
      <div className="search-results__body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = cache.row(item.index);
          const position = { transform: `translateY(${item.start}px)`, height: RESULT_ROW_HEIGHT };
          if (!row) {
            return (
              <div
                key={item.key}
                className="search-row search-row--placeholder"
                role="option"
                aria-selected={false}
                style={position}
                data-testid="search-row-placeholder"
              >
                <span className="placeholder-bar" aria-hidden="true" />
                <span className="visually-hidden">{t('library.loadingRow')}</span>
              </div>
            );
          }
          const isSelected = item.index === selected;
          return (
            <div
              key={item.key}
              id={rowDomId(item.index)}
              className={`search-row${isSelected ? ' is-selected' : ''}`}
              role="option"
              aria-selected={isSelected}
              style={position}
              onClick={() => open(item.index)}
              data-testid="search-row"
              data-page-id={row.hit.pageId}
              data-row-index={item.index}
            >
              <ResultRowContent row={row} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function ResultRowContent({ row }: { row: ResultRow }) {
  const { t } = useTranslation();
  const { hit } = row;
  const unknown = t('library.unknown');
  const snippet: Snippet | null = row.kind === 'text' ? row.hit.snippet : row.hit.snippet;
  // The snippet was cut before the match when the match starts further in than the context kept.
  const cutBefore =
    snippet !== null && (row.kind === 'text' ? row.hit.matchStart : row.hit.start) > snippet.before.length;
  return (
    <>
      <div className="search-row__meta">
        <span className="search-row__file" title={hit.fileName}>
          {hit.fileName}
        </span>
        <span className="search-row__field">{hit.newspaper ?? unknown}</span>
        <span className="search-row__field search-row__date">{hit.date ?? unknown}</span>
        {hit.pageNo !== null && <span className="search-row__field">{t('search.pageNo', { page: hit.pageNo })}</span>}
        {row.kind === 'text' ? (
          <span className="role-badge search-row__badge">
            {row.hit.role ? t(`reading.roles.${row.hit.role}`) : t('search.originalBadge')}
          </span>
        ) : (
          <span className="search-row__label" data-label={row.hit.label}>
            {row.hit.label}
          </span>
        )}
      </div>
      <div className="search-row__snippet" lang="zh-CN" data-testid="search-snippet">
        {snippet === null ? (
          <mark className="search-hit" data-testid="search-mark">
            {row.kind === 'span' ? row.hit.text : ''}
          </mark>
        ) : (
          <>
            {cutBefore && '…'}
            {snippet.before}
            <mark className="search-hit" data-testid="search-mark">
              {snippet.match}
            </mark>
            {snippet.after}
          </>
        )}
      </div>
    </>
  );
}
