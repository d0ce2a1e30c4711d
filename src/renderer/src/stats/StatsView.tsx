// The statistics view (#/stats): corpus totals and five charts — spans per label, top entities of a label,
// mentions over time (plus a searched term), co-occurrence of the top persons in articles, progress by status —
// for the pages the filters select. Each chart exports its data as CSV and itself as PNG or SVG.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { ApiClient } from '../../../shared/api';
import { PAGE_STATUSES, type PageStatus } from '../../../shared/domain';
import type { StatsFilters, StatsGranularityArg, StatsResult, TermStatsResult } from '../../../shared/stats';
import { STATS_GRANULARITIES } from '../../../shared/stats';
import { StatsChart, type ChartTable } from './StatsChart';
import type { Translation } from '../i18n/en';
import type { ChartOption } from './echarts';

const FALLBACK_COLORS = ['#495057', '#0c8599', '#5f3dc4', '#c2255c', '#66a80f', '#e8590c'];
const TERM_COLOR = '#212529';
const PAGES_COLOR = '#4c6ef5';

interface Props {
  api: ApiClient;
  /** Bumped when the corpus changed (import, another corpus). */
  dataVersion: number;
  onError: (error: unknown) => void;
}

/** Tooltips drawn on the canvas: an HTML tooltip would put page text (entity names) into innerHTML. */
const tooltip = { renderMode: 'richText' as const, confine: true };

/** An axis name centred under the axis, where a long or translated name has room. */
const bottomName = (name: string) => ({ name, nameLocation: 'middle' as const, nameGap: 28 });

export function StatsView({ api, dataVersion, onError }: Props) {
  const { t, i18n } = useTranslation();
  const number = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);
  const [filters, setFilters] = useState<StatsFilters>({});
  const [granularity, setGranularity] = useState<StatsGranularityArg>('auto');
  const [stats, setStats] = useState<StatsResult | null>(null);
  const [newspapers, setNewspapers] = useState<string[]>([]);
  const [topLabel, setTopLabel] = useState<string | null>(null);
  const [termInput, setTermInput] = useState('');
  const [term, setTerm] = useState<string | null>(null);
  const [termStats, setTermStats] = useState<TermStatsResult | null>(null);

  useEffect(() => {
    let live = true;
    api.call('pages.newspapers', {}).then((list) => live && setNewspapers(list), onError);
    return () => {
      live = false;
    };
  }, [api, dataVersion, onError]);

  useEffect(() => {
    let live = true;
    api.call('stats.get', { filters, granularity }).then((result) => live && setStats(result), onError);
    return () => {
      live = false;
    };
  }, [api, dataVersion, filters, granularity, onError]);

  // The term follows the timeline's periods: same page filters, same granularity.
  const unit = stats?.timeline.granularity;
  useEffect(() => {
    if (term === null || unit === undefined) return;
    let live = true;
    const { label: _label, ...pageFilters } = filters;
    api.call('stats.term', { query: term, filters: pageFilters, granularity: unit }).then(
      (result) => live && setTermStats(result),
      (error: unknown) => {
        if (!live) return;
        setTermStats(null);
        onError(error);
      },
    );
    return () => {
      live = false;
    };
  }, [api, dataVersion, filters, unit, term, onError]);

  const labelColor = useMemo(() => {
    const map = new Map<string, string>();
    stats?.labels.forEach((l, i) => map.set(l.label, l.color ?? FALLBACK_COLORS[i % FALLBACK_COLORS.length]!));
    return (label: string) => map.get(label) ?? FALLBACK_COLORS[0]!;
  }, [stats]);

  const shownTop = stats?.topEntities.find((g) => g.label === topLabel) ?? stats?.topEntities[0] ?? null;
  const termShown = termStats !== null && term !== null && stats !== null && termStats.granularity === unit;

  const charts = useMemo(() => {
    if (stats === null) return null;
    const axisName = (key: keyof Translation['stats']['axes']) => t(`stats.axes.${key}`);

    const labelsTable: ChartTable = {
      head: [axisName('label'), axisName('spans'), axisName('pages')],
      rows: stats.labels.map((l) => [l.label, l.spans, l.pages]),
    };
    const labelsOption: ChartOption = {
      tooltip: { ...tooltip, trigger: 'axis' },
      grid: { left: 56, right: 16, top: 32, bottom: 48 },
      xAxis: { type: 'category', data: stats.labels.map((l) => l.label), ...bottomName(axisName('label')) },
      yAxis: { type: 'value', name: axisName('spans'), minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: axisName('spans'),
          data: stats.labels.map((l) => ({ value: l.spans, itemStyle: { color: labelColor(l.label) } })),
          label: { show: true, position: 'top' },
        },
      ],
    };

    const top = shownTop?.entities ?? [];
    const topTable: ChartTable = {
      head: [axisName('entity'), axisName('label'), axisName('mentions'), axisName('pages')],
      rows: top.map((e) => [e.text, shownTop!.label, e.count, e.pages]),
    };
    const topOption: ChartOption = {
      tooltip: { ...tooltip, trigger: 'axis' },
      grid: { left: 16, right: 40, top: 24, bottom: 40, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, ...bottomName(axisName('mentions')) },
      // Most mentioned at the top.
      yAxis: { type: 'category', data: top.map((e) => e.text).reverse(), inverse: false },
      series: [
        {
          type: 'bar',
          name: axisName('mentions'),
          data: top.map((e) => e.count).reverse(),
          itemStyle: { color: labelColor(shownTop?.label ?? '') },
          label: { show: true, position: 'right' },
        },
      ],
    };

    const { periods, series } = stats.timeline;
    const termSeriesName = term === null ? '' : t('stats.termSeries', { term });
    const timelineTable: ChartTable = {
      head: [
        t(`stats.granularity.${stats.timeline.granularity}`),
        ...series.map((s) => s.label),
        ...(termShown ? [termSeriesName] : []),
      ],
      rows: periods.map((p, i) => [
        p,
        ...series.map((s) => s.counts[i] ?? 0),
        ...(termShown ? [termStats.occurrences[i] ?? 0] : []),
      ]),
    };
    const timelineOption: ChartOption = {
      tooltip: { ...tooltip, trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 40, bottom: 48 },
      xAxis: { type: 'category', data: periods, ...bottomName(t(`stats.granularity.${stats.timeline.granularity}`)) },
      yAxis: { type: 'value', name: axisName('mentions'), minInterval: 1 },
      series: [
        ...series.map((s) => ({
          type: 'line',
          name: s.label,
          data: s.counts,
          showSymbol: periods.length < 60,
          itemStyle: { color: labelColor(s.label) },
        })),
        ...(termShown
          ? [
              {
                type: 'line',
                name: termSeriesName,
                data: termStats.occurrences,
                showSymbol: periods.length < 60,
                lineStyle: { type: 'dashed', width: 2 },
                itemStyle: { color: TERM_COLOR },
              },
            ]
          : []),
      ],
    };

    const co = stats.cooccurrence;
    const names = co.entities.map((e) => e.text);
    const coTable: ChartTable = {
      head: [axisName('entity'), ...names],
      rows: names.map((name, i) => [name, ...(co.matrix[i] ?? [])]),
    };
    const coMax = Math.max(1, ...co.matrix.flatMap((row, i) => row.filter((_, j) => j !== i)));
    const coOption: ChartOption = {
      tooltip: { ...tooltip, trigger: 'item' },
      grid: { left: 16, right: 16, top: 16, bottom: 64, containLabel: true },
      xAxis: {
        type: 'category',
        data: names,
        axisLabel: { rotate: names.length > 6 ? 30 : 0 },
        splitArea: { show: true },
      },
      yAxis: { type: 'category', data: names, inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max: coMax,
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        inRange: { color: ['#f8f9fa', labelColor(co.label)] },
        text: [axisName('articles'), ''],
      },
      series: [
        {
          type: 'heatmap',
          name: axisName('articles'),
          data: co.matrix.flatMap((row, i) => row.map((n, j) => [j, i, n])),
          label: { show: names.length <= 12 },
        },
      ],
    };

    const statusName = (s: PageStatus) => t(`status.${s}`);
    const progressTable: ChartTable = {
      head: [axisName('status'), axisName('pages'), axisName('chars')],
      rows: stats.progress.map((p) => [statusName(p.status), p.pages, p.chars]),
    };
    const progressOption: ChartOption = {
      tooltip: { ...tooltip, trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 72, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: stats.progress.map((p) => statusName(p.status)), axisLabel: { interval: 0 } },
      yAxis: [
        { type: 'value', name: axisName('pages'), minInterval: 1 },
        { type: 'value', name: axisName('chars'), splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: axisName('pages'),
          data: stats.progress.map((p) => p.pages),
          itemStyle: { color: PAGES_COLOR },
          label: { show: true, position: 'top' },
        },
        {
          type: 'bar',
          name: axisName('chars'),
          yAxisIndex: 1,
          data: stats.progress.map((p) => p.chars),
          itemStyle: { color: '#ced4da' },
        },
      ],
    };

    return {
      labels: { option: labelsOption, table: labelsTable },
      top: { option: topOption, table: topTable },
      timeline: { option: timelineOption, table: timelineTable },
      cooccurrence: { option: coOption, table: coTable },
      progress: { option: progressOption, table: progressTable },
    };
  }, [stats, shownTop, term, termStats, termShown, labelColor, t]);

  function setFilter<K extends keyof StatsFilters>(key: K, value: StatsFilters[K] | ''): void {
    setFilters((f) => {
      const next = { ...f };
      if (value === '' || value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });
  }

  function chartTerm(event: FormEvent): void {
    event.preventDefault();
    const query = termInput.trim();
    setTermStats(null);
    setTerm(query === '' ? null : query);
  }

  if (stats === null || charts === null) {
    return (
      <div className="stats stats--loading" data-testid="stats-view" aria-busy="true">
        <p className="stats__loading">{t('stats.loading')}</p>
      </div>
    );
  }

  const filtered = Object.keys(filters).length > 0;
  if (stats.totals.pages === 0 && !filtered) {
    return (
      <div className="stats" data-testid="stats-view">
        <div className="empty-state" data-testid="stats-empty">
          <p className="empty-state__title">{t('stats.emptyTitle')}</p>
          <p className="empty-state__hint">{t('stats.emptyHint')}</p>
        </div>
      </div>
    );
  }

  const noSpans = stats.totals.spans === 0 ? t('stats.noSpans') : null;
  const totals = stats.totals;
  const facts: [keyof Translation['stats']['totals'], string][] = [
    ['pages', number.format(totals.pages)],
    ['chars', number.format(totals.chars)],
    ['spans', number.format(totals.spans)],
    ['entities', number.format(totals.entities)],
    ['pagesWithSpans', number.format(totals.pagesWithSpans)],
    ['dates', totals.firstDate === null ? '—' : `${totals.firstDate} – ${totals.lastDate}`],
  ];

  return (
    <div className="stats" data-testid="stats-view">
      <div className="stats__toolbar" role="search" aria-label={t('stats.filters.label')}>
        <label className="stats__field">
          <span>{t('stats.filters.newspaper')}</span>
          <select
            value={filters.newspaper ?? ''}
            onChange={(e) => setFilter('newspaper', e.target.value)}
            data-testid="stats-filter-newspaper"
          >
            <option value="">{t('stats.filters.allNewspapers')}</option>
            {newspapers.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="stats__field">
          <span>{t('stats.filters.from')}</span>
          <input
            type="date"
            value={filters.dateFrom ?? ''}
            onChange={(e) => setFilter('dateFrom', e.target.value)}
            data-testid="stats-filter-from"
          />
        </label>
        <label className="stats__field">
          <span>{t('stats.filters.to')}</span>
          <input
            type="date"
            value={filters.dateTo ?? ''}
            onChange={(e) => setFilter('dateTo', e.target.value)}
            data-testid="stats-filter-to"
          />
        </label>
        <label className="stats__field">
          <span>{t('stats.filters.status')}</span>
          <select
            value={filters.status ?? ''}
            onChange={(e) => setFilter('status', e.target.value as PageStatus | '')}
            data-testid="stats-filter-status"
          >
            <option value="">{t('stats.filters.allStatuses')}</option>
            {PAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="stats__field">
          <span>{t('stats.filters.granularity')}</span>
          <select
            value={granularity}
            onChange={(e) => setGranularity(e.target.value as StatsGranularityArg)}
            data-testid="stats-granularity"
          >
            {STATS_GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {t(`stats.granularity.${g}`)}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="button button--small button--quiet" onClick={() => setFilters({})}>
            {t('stats.filters.clear')}
          </button>
        )}
      </div>

      <div className="stats__scroll">
        <dl className="stats__totals" data-testid="stats-totals">
          {facts.map(([key, value]) => (
            <div key={key} className="stats__total" data-testid={`stats-total-${key}`}>
              <dt>{t(`stats.totals.${key}`)}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>

        <div className="stats__grid">
          <StatsChart
            id="labels"
            title={t('stats.charts.labels')}
            option={charts.labels.option}
            table={charts.labels.table}
            empty={noSpans}
          />
          <StatsChart
            id="progress"
            title={t('stats.charts.progress')}
            option={charts.progress.option}
            table={charts.progress.table}
          />
          <StatsChart
            id="top"
            title={t('stats.charts.top')}
            option={charts.top.option}
            table={charts.top.table}
            empty={noSpans}
            controls={
              stats.topEntities.length > 0 && (
                <label className="stats__field stats__field--inline">
                  <span className="visually-hidden">{t('stats.axes.label')}</span>
                  <select
                    value={shownTop?.label ?? ''}
                    onChange={(e) => setTopLabel(e.target.value)}
                    data-testid="stats-top-label"
                  >
                    {stats.topEntities.map((g) => (
                      <option key={g.label} value={g.label}>
                        {g.label}
                      </option>
                    ))}
                  </select>
                </label>
              )
            }
          />
          <StatsChart
            id="cooccurrence"
            title={t('stats.charts.cooccurrence', { label: stats.cooccurrence.label })}
            option={charts.cooccurrence.option}
            table={charts.cooccurrence.table}
            empty={
              noSpans ??
              (stats.cooccurrence.entities.length < 2 ? t('stats.noPairs', { label: stats.cooccurrence.label }) : null)
            }
            tall
          />
          <div className="stats__wide">
            <StatsChart
              id="timeline"
              tall
              title={t('stats.charts.timeline')}
              option={charts.timeline.option}
              table={charts.timeline.table}
              empty={
                stats.timeline.periods.length === 0
                  ? t('stats.noDates')
                  : noSpans !== null && !termShown
                    ? t('stats.noSpansTimeline')
                    : null
              }
              controls={
                <form className="stats__term" onSubmit={chartTerm} data-testid="stats-term-form">
                  <input
                    type="search"
                    value={termInput}
                    onChange={(e) => setTermInput(e.target.value)}
                    placeholder={t('stats.termPlaceholder')}
                    aria-label={t('stats.termLabel')}
                    data-testid="stats-term-input"
                  />
                  <button type="submit" className="button button--small" data-testid="stats-term-submit">
                    {t('stats.termChart')}
                  </button>
                  {termShown && (
                    <span className="stats__term-total" data-testid="stats-term-total">
                      {t('stats.termTotal', {
                        count: termStats.total.occurrences,
                        n: number.format(termStats.total.occurrences),
                        pages: number.format(termStats.total.pages),
                      })}
                    </span>
                  )}
                </form>
              }
            />
          </div>
        </div>
        <p className="stats__took">{t('stats.took', { ms: Math.round(stats.tookMs) })}</p>
      </div>
    </div>
  );
}
