// The entity register (#/entities): filters, the proposals panel and a virtualized list of entities with their
// label, variants, mention and page counts and first and last dates; #/entities/<id> shows one entity.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient, LabelWithUsage } from '../../../shared/api';
import { ENTITY_SORTS, type EntitySummary } from '../../../shared/entities/types';
import { applyLabelColors } from '../editor/label-styles';
import { RowBlockCache } from '../library/page-cache';
import { EntityDetailView } from './EntityDetail';
import { ProposalsPanel } from './ProposalsPanel';
import './entities.css';
import { listKeyAction } from '../library/list-keys';

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 34;
const COLUMNS = ['name', 'label', 'variants', 'mentions', 'pages', 'first', 'last'] as const;

export interface EntitiesViewProps {
  api: ApiClient;
  entityId: string | null;
  onOpenEntity(id: string | null): void;
  onOpenMention(pageId: number, spanId: string): void;
}

interface Filters {
  label: string;
  text: string;
  sort: (typeof ENTITY_SORTS)[number];
}

export function EntitiesView({ api, entityId, onOpenEntity, onOpenMention }: EntitiesViewProps) {
  const [labels, setLabels] = useState<LabelWithUsage[]>([]);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    api.call('labels.list', {}).then(
      (list) => {
        if (!live) return;
        setLabels(list);
        applyLabelColors(list);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);

  if (entityId) {
    return (
      <EntityDetailView
        key={entityId}
        api={api}
        entityId={entityId}
        labels={labels}
        onBack={() => onOpenEntity(null)}
        onOpenEntity={onOpenEntity}
        onOpenMention={onOpenMention}
      />
    );
  }
  return (
    <EntityList
      api={api}
      labels={labels}
      version={version}
      onChanged={() => setVersion((v) => v + 1)}
      onOpenEntity={onOpenEntity}
    />
  );
}

/** Filters survive opening an entity and coming back (module state: one register per window). */
let rememberedFilters: Filters = { label: '', text: '', sort: 'mentions' };
let rememberedProposalsOpen = true;

function EntityList({
  api,
  labels,
  version,
  onChanged,
  onOpenEntity,
}: {
  api: ApiClient;
  labels: LabelWithUsage[];
  version: number;
  onChanged(): void;
  onOpenEntity(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<Filters>(rememberedFilters);
  const [text, setText] = useState(filters.text);
  const [proposalsOpen, setProposalsOpen] = useState(rememberedProposalsOpen);
  const [proposalCount, setProposalCount] = useState<number | null>(null);

  useEffect(() => {
    rememberedFilters = filters;
  }, [filters]);
  useEffect(() => {
    rememberedProposalsOpen = proposalsOpen;
  }, [proposalsOpen]);

  // The name filter follows typing after a short pause.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => (f.text === text ? f : { ...f, text })), 200);
    return () => clearTimeout(timer);
  }, [text]);

  const cache = useMemo(
    () =>
      new RowBlockCache<EntitySummary>(
        (offset, limit) =>
          api.call('entities.list', {
            offset,
            limit,
            sort: filters.sort,
            ...(filters.label ? { label: filters.label } : {}),
            ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
          }),
        { blockSize: 100 },
      ),
    // `version` reloads the list after a proposal changed the register.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, filters, version],
  );
  useEffect(() => () => cache.dispose(), [cache]);

  const number = new Intl.NumberFormat(i18n.language);
  const filtered = filters.label !== '' || filters.text.trim() !== '';

  return (
    <section className="entities" data-testid="entities-view">
      <div className="toolbar entities__toolbar">
        <h1 className="entities__title">{t('entities.title')}</h1>
        <label className="field field--inline">
          <span className="field__label">{t('entities.filterLabel')}</span>
          <select
            className="select select--small"
            value={filters.label}
            onChange={(event) => setFilters((f) => ({ ...f, label: event.target.value }))}
            data-testid="entities-label-filter"
          >
            <option value="">{t('entities.allLabels')}</option>
            {labels.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span className="field__label">{t('entities.filterText')}</span>
          <input
            className="input input--small"
            type="search"
            value={text}
            placeholder={t('entities.filterTextPlaceholder')}
            onChange={(event) => setText(event.target.value)}
            data-testid="entities-text-filter"
          />
        </label>
        <label className="field field--inline">
          <span className="field__label">{t('entities.sort')}</span>
          <select
            className="select select--small"
            value={filters.sort}
            onChange={(event) => setFilters((f) => ({ ...f, sort: event.target.value as Filters['sort'] }))}
            data-testid="entities-sort"
          >
            {ENTITY_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`entities.sorts.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="entities__spacer" />
        <CountLabel cache={cache} format={(n) => t('entities.shown', { count: n, n: number.format(n) })} />
        <button
          type="button"
          className={`button button--small${proposalsOpen ? ' is-active' : ''}`}
          aria-expanded={proposalsOpen}
          aria-controls="entity-proposals"
          onClick={() => setProposalsOpen((o) => !o)}
          data-testid="toggle-proposals"
        >
          {t('entities.proposals.toggle', { n: proposalCount === null ? '…' : number.format(proposalCount) })}
        </button>
      </div>
      <div className={`entities__body${proposalsOpen ? ' entities__body--with-proposals' : ''}`}>
        <EntityTable key={cache.id} cache={cache} filtered={filtered} onOpen={(row) => onOpenEntity(row.id)} />
        <ProposalsPanel
          api={api}
          hidden={!proposalsOpen}
          version={version}
          onCount={setProposalCount}
          onChanged={onChanged}
          onOpenEntity={onOpenEntity}
        />
      </div>
    </section>
  );
}

function CountLabel({ cache, format }: { cache: RowBlockCache<EntitySummary>; format(n: number): string }) {
  useSyncExternalStore(cache.subscribe, cache.getVersion);
  return (
    <span className="entities__count" role="status" data-testid="entities-count">
      {cache.total === null ? '' : format(cache.total)}
    </span>
  );
}

function rowDomId(index: number): string {
  return `entity-row-${index}`;
}

function EntityTable({
  cache,
  filtered,
  onOpen,
}: {
  cache: RowBlockCache<EntitySummary>;
  filtered: boolean;
  onOpen(row: EntitySummary): void;
}) {
  const { t, i18n } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const version = useSyncExternalStore(cache.subscribe, cache.getVersion);
  const [selected, setSelected] = useState(-1);
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
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? -1;
  const lastIndex = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (firstIndex < 0) cache.ensure(0, cache.blockSize - 1);
    else cache.ensure(firstIndex, lastIndex);
  }, [cache, version, firstIndex, lastIndex]);

  function select(index: number): void {
    if (!total) return;
    const clamped = Math.max(0, Math.min(total - 1, index));
    setSelected(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  }

  function open(index: number): void {
    const row = cache.row(index);
    if (row) onOpen(row);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.target !== event.currentTarget) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2);
    const action = listKeyAction(event.key, { selected, firstIndex, total, pageRows });
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'select') select(action.index);
    else if (action.kind === 'open') open(action.index);
  }

  const number = new Intl.NumberFormat(i18n.language);
  const error = cache.firstError();

  return (
    <div
      ref={scrollRef}
      className="entities__scroll"
      role="grid"
      aria-label={t('entities.listLabel')}
      aria-rowcount={(total ?? 0) + 1}
      aria-activedescendant={selected >= 0 && cache.row(selected) ? rowDomId(selected) : undefined}
      aria-busy={total === null}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="entities-table"
    >
      <div className="entities__head entity-grid" role="row" aria-rowindex={1}>
        {COLUMNS.map((c) => (
          <div key={c} role="columnheader" className={`cell entity-cell--${c}`}>
            {t(`entities.columns.${c}`)}
          </div>
        ))}
      </div>
      <div className="entities__rows" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = cache.row(item.index);
          const position = { transform: `translateY(${item.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT };
          if (!row) {
            return (
              <div key={item.key} className="entity-row entity-grid" role="row" style={position}>
                <div role="gridcell" className="cell entity-cell--name">
                  <span className="placeholder-bar" aria-hidden="true" />
                  <span className="visually-hidden">{t('entities.loadingRow')}</span>
                </div>
              </div>
            );
          }
          const isSelected = item.index === selected;
          return (
            <div
              key={item.key}
              id={rowDomId(item.index)}
              className={`entity-row entity-grid${isSelected ? ' is-selected' : ''}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={isSelected}
              style={position}
              onClick={() => select(item.index)}
              onDoubleClick={() => open(item.index)}
              data-testid="entity-row"
              data-entity-id={row.id}
            >
              <div role="gridcell" className="cell entity-cell--name" lang="zh-CN" title={row.canonical}>
                <button
                  type="button"
                  className="button button--link"
                  tabIndex={-1}
                  onClick={() => open(item.index)}
                  data-testid="entity-open"
                >
                  {row.canonical}
                </button>
              </div>
              <div role="gridcell" className="cell entity-cell--label">
                <span className="label-tag" data-label={row.label}>
                  {row.label}
                </span>
              </div>
              <div role="gridcell" className="cell entity-cell--variants" lang="zh-CN" title={row.variants.join('、')}>
                {row.variants.join('、')}
              </div>
              <div role="gridcell" className="cell entity-cell--mentions" data-testid="entity-mentions">
                {number.format(row.mentions)}
              </div>
              <div role="gridcell" className="cell entity-cell--pages" data-testid="entity-pages">
                {number.format(row.pages)}
              </div>
              <div role="gridcell" className="cell entity-cell--first">
                {row.firstDate ?? t('entities.noDate')}
              </div>
              <div role="gridcell" className="cell entity-cell--last">
                {row.lastDate ?? t('entities.noDate')}
              </div>
            </div>
          );
        })}
      </div>
      {total === 0 && (
        <p className="entities__empty" data-testid="entities-empty">
          {filtered ? t('entities.noMatches') : t('entities.empty')}
        </p>
      )}
      {error && (
        <p className="notice notice--error entities__empty" role="alert">
          {t('entities.failed', { message: error })}
        </p>
      )}
    </div>
  );
}
