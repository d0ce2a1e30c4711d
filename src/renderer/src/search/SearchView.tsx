// Corpus search: a query (words, "phrases", AND / OR / NOT) over the corrected or the original text with page
// filters, or annotated spans by label and text; the counts, and a virtualized list of hits with highlighted
// snippets that loads further rows as it scrolls. The search lives in the URL fragment (see search-route.ts).
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient } from '../../../shared/api';
import { BLOCK_ROLES, PAGE_STATUSES, type BlockRole, type PageStatus } from '../../../shared/domain';
import { applyLabelColors } from '../editor/label-styles';
import { SearchResults } from './SearchResults';
import './search.css';
import {
  formatSearchParams,
  parseSearchParams,
  type PageReveal,
  type SearchMode,
  type SearchParams,
} from './search-route';
import { createResultList, type SearchMemory } from './search-results';

/** Typing pauses this long before the search runs (Enter runs it at once). */
const QUERY_DELAY_MS = 350;

interface SearchViewProps {
  api: ApiClient;
  params: SearchParams;
  /** A new search (query or filter): the fragment is replaced, not pushed. */
  onParamsChange(next: SearchParams): void;
  onOpenHit(pageId: number, reveal: PageReveal): void;
  onBack(): void;
  memory: SearchMemory;
  /** Bumped whenever the corpus changed (import, metadata): the loaded rows are loaded again. */
  dataVersion: number;
  /** Bumped by Ctrl/⌘+Shift+F, `/` or the header button: the query box takes the focus. */
  focusKey: number;
}

export function SearchView({
  api,
  params,
  onParamsChange,
  onOpenHit,
  onBack,
  memory,
  dataVersion,
  focusKey,
}: SearchViewProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState(params.q);
  const [newspapers, setNewspapers] = useState<string[]>([]);
  const [labels, setLabels] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const [arrival] = useState(() => ({ scrollTop: memory.scrollTop, selected: memory.selected, key: memory.list?.key }));

  // The query in the fragment changed (Back, a link): the box shows it.
  const [shownQ, setShownQ] = useState(params.q);
  if (shownQ !== params.q) {
    setShownQ(params.q);
    setDraft(params.q);
  }

  // One list per search; the list remembered from before a hit was opened is reused (rows and scroll).
  const searchKey = formatSearchParams(params);
  const list = useMemo(() => {
    if (memory.list?.key === searchKey) return memory.list;
    return createResultList(api, parseSearchParams(searchKey));
  }, [api, searchKey, memory]);

  useEffect(() => {
    memory.show(list);
  }, [list, memory]);

  // Back from a hit: the remembered rows show at once, and are loaded again (the page may have been edited).
  const [returnedTo] = useState(() => (memory.list?.key === formatSearchParams(params) ? memory.list : null));
  useEffect(() => {
    returnedTo?.cache.invalidate();
  }, [returnedTo]);

  const firstVersion = useRef(dataVersion);
  useEffect(() => {
    if (dataVersion !== firstVersion.current) list?.cache.invalidate();
  }, [list, dataVersion]);

  useEffect(() => {
    let live = true;
    api.call('pages.newspapers', {}).then(
      (names) => live && setNewspapers(names),
      () => undefined, // The filter just offers fewer choices; the results report real failures.
    );
    api.call('labels.list', {}).then(
      (list) => {
        if (!live) return;
        setLabels(list.map((l) => l.name));
        applyLabelColors(list);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, dataVersion]);

  // The box takes the focus when asked, and on arrival unless Back returns to a row that was opened (the list
  // took the focus then).
  const mounted = useRef(false);
  useEffect(() => {
    const asked = memory.takeBoxFocusRequest();
    const returning = !mounted.current && arrival.selected >= 0 && arrival.key !== undefined;
    mounted.current = true;
    if (returning && !asked) return;
    input.current?.focus();
    input.current?.select();
  }, [focusKey, arrival, memory]);

  // Debounced query: the search runs once typing pauses.
  useEffect(() => {
    if (draft === params.q) return;
    const timer = setTimeout(() => onParamsChange({ ...params, q: draft }), QUERY_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, params, onParamsChange]);

  function change(next: Partial<SearchParams>): void {
    onParamsChange({ ...params, q: draft, ...next });
  }

  const cacheVersion = useSyncExternalStore(
    list?.cache.subscribe ?? noSubscribe,
    list?.cache.getVersion ?? zeroVersion,
  );
  const total = list?.cache.total ?? null;
  const number = new Intl.NumberFormat(i18n.language);
  const spans = params.mode === 'spans';
  const firstError = list?.cache.hasErrors ? list.cache.firstError() : undefined;

  function counts(): string {
    if (!list) return spans ? t('search.spansPrompt') : t('search.prompt');
    if (total === null) return t('search.searching');
    const hits = spans
      ? t('search.mentions', { count: total, n: number.format(total) })
      : t('search.hits', { count: total, n: number.format(total) });
    const pages = list.meta.pages;
    if (spans || pages === null) return hits;
    return t('search.hitsInPages', { hits, pages: t('search.pages', { count: pages, n: number.format(pages) }) });
  }

  return (
    <section className="search-view" aria-label={t('search.title')} data-testid="search-view">
      <div className="toolbar search-view__toolbar">
        <button
          type="button"
          className="button button--quiet"
          onClick={onBack}
          title={t('page.backHint')}
          data-testid="search-back"
        >
          <span aria-hidden="true">←</span> {t('page.back')}
        </button>
        <div className="view-tabs" role="tablist" aria-label={t('search.modeLabel')}>
          {(['text', 'spans'] as const satisfies readonly SearchMode[]).map((mode) => (
            <button
              key={mode}
              type="button"
              role="tab"
              aria-selected={params.mode === mode}
              className={`view-tabs__tab${params.mode === mode ? ' is-active' : ''}`}
              // The label means "page has label" in one mode and "span label" in the other: not carried over.
              onClick={() => mode !== params.mode && change({ mode, label: null })}
              data-testid={`search-mode-${mode}`}
            >
              {t(`search.modes.${mode}`)}
            </button>
          ))}
        </div>
        <form
          className="search-view__form"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            change({});
          }}
        >
          <label className="field field--grow search-view__query">
            <span className="field__label">{spans ? t('search.spanTextLabel') : t('search.queryLabel')}</span>
            <input
              ref={input}
              type="search"
              className="input"
              value={draft}
              maxLength={1000}
              lang="zh-CN"
              spellCheck={false}
              placeholder={spans ? t('search.spanTextPlaceholder') : t('search.queryPlaceholder')}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                // ↓ from the box goes to the results.
                if (event.key !== 'ArrowDown' || event.nativeEvent.isComposing) return;
                const results = document.querySelector<HTMLElement>('[data-testid="search-results"]');
                if (!results) return;
                event.preventDefault();
                results.focus();
              }}
              data-testid="search-input"
            />
          </label>
          <button type="submit" className="button button--primary" data-testid="search-submit">
            {t('search.submit')}
          </button>
        </form>
        <p className="search-view__hint" data-testid="search-hint">
          {spans ? t('search.spansHint') : t('search.syntaxHint')}
        </p>
      </div>

      <div className="toolbar search-view__filters">
        <label className="field">
          <span className="field__label">{t('library.newspaperFilterLabel')}</span>
          <select
            className="select select--wide"
            value={params.newspaper ?? ''}
            onChange={(event) => change({ newspaper: event.target.value || null })}
            data-testid="search-newspaper"
          >
            <option value="">{t('library.allNewspapers')}</option>
            {params.newspaper !== null && !newspapers.includes(params.newspaper) && (
              <option value={params.newspaper}>{params.newspaper}</option>
            )}
            {newspapers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('search.dateFrom')}</span>
          <input
            type="date"
            className="input"
            value={params.from ?? ''}
            max={params.to ?? undefined}
            onChange={(event) => change({ from: event.target.value || null })}
            data-testid="search-from"
          />
        </label>
        <label className="field">
          <span className="field__label">{t('search.dateTo')}</span>
          <input
            type="date"
            className="input"
            value={params.to ?? ''}
            min={params.from ?? undefined}
            onChange={(event) => change({ to: event.target.value || null })}
            data-testid="search-to"
          />
        </label>
        <label className="field">
          <span className="field__label">{t('library.statusFilterLabel')}</span>
          <select
            className="select"
            value={params.status ?? ''}
            onChange={(event) => change({ status: (event.target.value || null) as PageStatus | null })}
            data-testid="search-status"
          >
            <option value="">{t('library.allStatuses')}</option>
            {PAGE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        {!spans && (
          <label className="field">
            <span className="field__label">{t('search.roleLabel')}</span>
            <select
              className="select"
              value={params.role ?? ''}
              disabled={params.source === 'original'}
              title={params.source === 'original' ? t('search.roleOriginal') : undefined}
              onChange={(event) => change({ role: (event.target.value || null) as BlockRole | null })}
              data-testid="search-role"
            >
              <option value="">{t('search.allRoles')}</option>
              {BLOCK_ROLES.filter((role) => role !== 'jump' && role !== 'furniture').map((role) => (
                <option key={role} value={role}>
                  {t(`reading.roles.${role}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span className="field__label">{spans ? t('search.spanLabel') : t('search.hasLabel')}</span>
          <select
            className="select"
            value={params.label ?? ''}
            onChange={(event) => change({ label: event.target.value || null })}
            data-testid="search-label"
          >
            <option value="">{spans ? t('search.allLabels') : t('search.noLabelFilter')}</option>
            {!spans && <option value="*">{t('search.anyLabel')}</option>}
            {params.label !== null && params.label !== '*' && !labels.includes(params.label) && (
              <option value={params.label}>{params.label}</option>
            )}
            {labels.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        {spans ? (
          <label className="check search-view__check">
            <input
              type="checkbox"
              checked={params.contains}
              onChange={(event) => change({ contains: event.target.checked })}
              data-testid="search-contains"
            />
            {t('search.contains')}
          </label>
        ) : (
          <label className="check search-view__check">
            <input
              type="checkbox"
              checked={params.source === 'original'}
              onChange={(event) =>
                change({
                  source: event.target.checked ? 'original' : 'corrected',
                  role: event.target.checked ? null : params.role,
                })
              }
              data-testid="search-original"
            />
            {t('search.original')}
          </label>
        )}
      </div>

      <div className="search-view__summary">
        <span role="status" data-testid="search-count" data-total={total ?? undefined} data-version={cacheVersion}>
          {counts()}
        </span>
        {list && total !== null && list.meta.tookMs !== null && (
          <span className="search-view__took">
            {t('search.took', { ms: Math.max(1, Math.round(list.meta.tookMs)) })}
          </span>
        )}
        {list && total !== null && total > 0 && <span className="search-view__keys">{t('search.keyboardHint')}</span>}
      </div>

      {list?.meta.indexing && (
        <p className="notice search-view__notice" role="status" data-testid="search-indexing">
          {t('search.indexing', {
            percent: Math.floor((100 * list.meta.indexing.done) / Math.max(1, list.meta.indexing.total)),
            done: number.format(list.meta.indexing.done),
            total: number.format(list.meta.indexing.total),
          })}
        </p>
      )}

      {firstError !== undefined && (
        <p className="notice notice--error search-view__notice" role="alert" data-testid="search-error">
          {firstError}
        </p>
      )}

      {list && (
        <SearchResults
          key={list.key}
          list={list}
          initialOffset={arrival.key === list.key ? arrival.scrollTop : 0}
          initialSelected={arrival.key === list.key ? arrival.selected : -1}
          onOpen={(row, index, scrollTop) => {
            memory.leave(scrollTop, index);
            onOpenHit(row.pageId, row.reveal);
          }}
        />
      )}
    </section>
  );
}

const noSubscribe = () => () => undefined;
const zeroVersion = () => 0;
