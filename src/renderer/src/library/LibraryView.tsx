// The library: every page of the corpus in a virtualized, sortable, filterable table whose rows are loaded
// in blocks as they scroll into view, so 100,000 pages cost no more than a screenful.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, PageSummary } from '../../../shared/api';
import { PAGE_STATUSES, type PageStatus } from '../../../shared/domain';
import { hasFilters, listArgs, toggleSort, type LibraryQuery, type LibraryState } from './library-query';
import { LibraryTable } from './LibraryTable';
import { RowBlockCache } from './page-cache';

const TEXT_FILTER_DELAY_MS = 250;

interface LibraryViewProps {
  api: ApiClient;
  state: LibraryState;
  onStateChange(update: (state: LibraryState) => LibraryState): void;
  /** Bumped whenever the corpus changed (import, edit, another corpus). */
  dataVersion: number;
  onOpenPage(id: number, position: { scrollTop: number; total: number | null }): void;
  /** The import buttons, shown again in the empty state. */
  importActions: ReactNode;
  onImportSample(): void;
}

export function LibraryView({
  api,
  state,
  onStateChange,
  dataVersion,
  onOpenPage,
  importActions,
  onImportSample,
}: LibraryViewProps) {
  const { t, i18n } = useTranslation();
  const { query, selected } = state;
  const [draftText, setDraftText] = useState(query.text);
  const [newspapers, setNewspapers] = useState<string[]>([]);
  // Where the library was when a page was opened: restored for the list it showed, not for a new one.
  const [arrival] = useState(state);

  // A new sort or filter is a new list: a new cache (and a new table). A changed corpus only makes the
  // loaded rows stale.
  const cache = useMemo(
    () =>
      new RowBlockCache<PageSummary>((offset, limit) => api.call('pages.list', listArgs(query, offset, limit)), {
        initialTotal: query === arrival.query ? arrival.totalHint : null,
      }),
    [api, query, arrival],
  );
  const firstVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion !== firstVersion.current) cache.invalidate();
  }, [cache, dataVersion]);
  const cacheVersion = useSyncExternalStore(cache.subscribe, cache.getVersion);
  const total = cache.total;
  const filtered = hasFilters(query);
  const empty = total === 0 && !filtered;

  // The table asks for the rows it shows; while the empty state stands in for it, ask here, so an import
  // (which makes the cache stale) brings the first rows and the table back.
  useEffect(() => {
    if (empty) cache.ensure(0, cache.blockSize - 1);
  }, [cache, cacheVersion, empty]);

  useEffect(() => {
    let live = true;
    api.call('pages.newspapers', {}).then(
      (names) => live && setNewspapers(names),
      () => undefined, // The filter just offers fewer choices; the table reports real failures.
    );
    return () => {
      live = false;
    };
  }, [api, dataVersion]);

  // Debounced text filter: the list is asked again only once typing pauses.
  useEffect(() => {
    if (draftText === query.text) return;
    const timer = setTimeout(() => {
      onStateChange((s) => ({ ...s, query: { ...s.query, text: draftText }, selected: -1, scrollTop: 0 }));
    }, TEXT_FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draftText, query.text, onStateChange]);

  function changeQuery(next: LibraryQuery): void {
    onStateChange((s) => ({ ...s, query: next, selected: -1, scrollTop: 0 }));
  }

  function clearFilters(): void {
    setDraftText('');
    changeQuery({ ...query, text: '', status: null, newspaper: null });
  }

  const firstError = cache.hasErrors ? cache.firstError() : undefined;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <section className="library" aria-label={t('library.tableLabel')}>
      <div className="toolbar library__toolbar">
        <label className="field field--grow">
          <span className="field__label">{t('library.filterLabel')}</span>
          <input
            type="search"
            className="input"
            value={draftText}
            maxLength={200}
            placeholder={t('library.filterPlaceholder')}
            onChange={(event) => setDraftText(event.target.value)}
            data-testid="library-filter"
          />
        </label>
        <label className="field">
          <span className="field__label">{t('library.statusFilterLabel')}</span>
          <select
            className="select"
            value={query.status ?? ''}
            onChange={(event) => changeQuery({ ...query, status: (event.target.value || null) as PageStatus | null })}
            data-testid="library-status-filter"
          >
            <option value="">{t('library.allStatuses')}</option>
            {PAGE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('library.newspaperFilterLabel')}</span>
          <select
            className="select select--wide"
            value={query.newspaper ?? ''}
            onChange={(event) => changeQuery({ ...query, newspaper: event.target.value || null })}
            data-testid="library-newspaper-filter"
          >
            <option value="">{t('library.allNewspapers')}</option>
            {query.newspaper !== null && !newspapers.includes(query.newspaper) && (
              <option value={query.newspaper}>{query.newspaper}</option>
            )}
            {newspapers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="button button--quiet" onClick={clearFilters}>
            {t('library.clearFilters')}
          </button>
        )}
      </div>

      {firstError !== undefined && (
        <div className="notice notice--error library__notice" role="alert">
          {t('library.loadFailed', { message: firstError })}{' '}
          <button type="button" className="button button--small" onClick={() => cache.retryFailed()}>
            {t('library.retry')}
          </button>
        </div>
      )}

      {empty ? (
        <div className="empty-state" data-testid="library-empty">
          <p className="empty-state__title">{t('library.emptyTitle')}</p>
          <p className="empty-state__hint">{t('library.emptyHint')}</p>
          <div className="empty-state__actions">{importActions}</div>
          <button
            type="button"
            className="button button--link"
            onClick={onImportSample}
            data-testid="import-sample-button"
          >
            {t('library.importSample')}
          </button>
        </div>
      ) : (
        <LibraryTable
          key={cache.id}
          cache={cache}
          query={query}
          selected={selected}
          initialOffset={query === arrival.query ? arrival.scrollTop : 0}
          onSelect={(index) => onStateChange((s) => ({ ...s, selected: index }))}
          onOpen={(row, scrollTop) => onOpenPage(row.id, { scrollTop, total: cache.total })}
          onSort={(key) => changeQuery(toggleSort(query, key))}
          onClearFilters={clearFilters}
        />
      )}

      <footer className="library__footer">
        <span data-testid="library-count">
          {total === null ? '\u00a0' : t('library.shown', { count: total, n: number.format(total) })}
        </span>
        <span className="library__hint">{t('library.keyboardHint')}</span>
      </footer>
    </section>
  );
}
