// Corpus statistics computed in SQL: spans per label, top entities, mentions over time, co-occurrence of the
// top persons in articles, progress by page status, and a term's occurrences over time from the search index.
import type Database from 'better-sqlite3';

import { PAGE_STATUSES, type PageStatus } from '../../shared/domain';
import {
  autoGranularity,
  periodRange,
  StatsArgsSchema,
  TermStatsArgsSchema,
  type StatsArgs,
  type StatsFilters,
  type StatsGranularity,
  type StatsResult,
  type TermStatsArgs,
  type TermStatsResult,
} from '../../shared/stats';
import { compileForColumn, correctedMatch } from '../search/search';
import { pageFilterConditions } from '../store/page-filters';

type Param = string | number;

/**
 * The key "top entities" and co-occurrence group spans by: for now the span text (within its label). The
 * one place that says so for queries over spans; the stats_entities aggregate (migration 0060) is keyed the
 * same way by its triggers. When spans link to the entity register, both switch to the canonical name.
 */
export function entityKey(spanAlias: string): string {
  return `${spanAlias}.text`;
}

/** An ISO date (YYYY-MM-DD): only such pages have a place on the timeline. */
const DATED = (column: string) => `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`;

function periodSql(column: string, unit: StatsGranularity): string {
  return unit === 'day' ? column : unit === 'month' ? `substr(${column}, 1, 7)` : `substr(${column}, 1, 4)`;
}

/**
 * Conditions on a span table aliased `alias` (spans, or the stats_page_labels aggregate): the label, and the
 * page filters as `page_id IN (…)`, which SQLite evaluates once into a temporary index — without page
 * filters no page is looked up at all.
 */
function spanConditions(filters: StatsFilters, params: Param[], alias = 's'): string[] {
  const parts: string[] = [];
  if (filters.label !== undefined) {
    parts.push(`${alias}.label = ?`);
    params.push(filters.label);
  }
  const pageParams: Param[] = [];
  const pages = pageFilterConditions(filters, pageParams);
  if (pages.length > 0) {
    parts.push(`${alias}.page_id IN (SELECT p.id FROM pages p INDEXED BY pages_stats WHERE ${pages.join(' AND ')})`);
    params.push(...pageParams);
  }
  return parts;
}

const hasPageFilters = (f: StatsFilters) =>
  f.newspaper !== undefined || f.dateFrom !== undefined || f.dateTo !== undefined || f.status !== undefined;

const where = (parts: readonly string[]) => (parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '');

/** Statements keyed by their SQL: filter combinations are few, so each is prepared once per connection. */
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
  return prepared;
}

function all<T>(db: Database.Database, sql: string, params: readonly Param[]): T[] {
  return statement(db, sql).all(...params) as T[];
}

function get<T>(db: Database.Database, sql: string, params: readonly Param[]): T {
  return statement(db, sql).get(...params) as T;
}

/** The first column of the first row. */
function value(db: Database.Database, sql: string, params: readonly Param[]): number {
  return Object.values(get<Record<string, number>>(db, sql, params))[0] ?? 0;
}

interface DateRange {
  first: string | null;
  last: string | null;
}

function datedRange(db: Database.Database, filters: Omit<StatsFilters, 'label'>): DateRange {
  const params: Param[] = [];
  const conditions = [...pageFilterConditions(filters, params), DATED('p.date')];
  return get<DateRange>(
    db,
    `SELECT min(p.date) AS first, max(p.date) AS last FROM pages p INDEXED BY pages_stats ${where(conditions)}`,
    params,
  );
}

/** Everything the statistics view shows, for the pages and spans the filters select. */
export function corpusStats(db: Database.Database, input: StatsArgs): StatsResult {
  const started = performance.now();
  const args = StatsArgsSchema.parse(input);
  const { filters } = args;

  // Pages: progress by status and the page totals (the label filter does not apply to pages).
  const pageParams: Param[] = [];
  const pageWhere = where(pageFilterConditions(filters, pageParams));
  const byStatus = all<{ status: PageStatus; pages: number; chars: number }>(
    db,
    `SELECT p.status, count(*) AS pages, coalesce(sum(p.chars), 0) AS chars FROM pages p INDEXED BY pages_stats ${pageWhere} GROUP BY p.status`,
    pageParams,
  );
  const progress = PAGE_STATUSES.map(
    (status) => byStatus.find((r) => r.status === status) ?? { status, pages: 0, chars: 0 },
  );
  const pageFacts = get<{ newspapers: number; undated: number }>(
    db,
    `SELECT count(DISTINCT p.newspaper) AS newspapers, coalesce(sum(NOT coalesce(${DATED('p.date')}, 0)), 0) AS undated
     FROM pages p INDEXED BY pages_stats ${pageWhere}`,
    pageParams,
  );
  const range = datedRange(db, filters);

  // Spans and pages per label, in label-set order, from the per-page aggregate.
  const aggParams: Param[] = [];
  const aggWhere = where(spanConditions(filters, aggParams, 'l'));
  const perLabel = all<{ label: string; spans: number; pages: number }>(
    db,
    `SELECT l.label, sum(l.spans) AS spans, count(*) AS pages FROM stats_page_labels l ${aggWhere} GROUP BY l.label`,
    aggParams,
  );
  const labelSet = all<{ name: string; color: string }>(db, 'SELECT name, color FROM labels ORDER BY position', []);
  const colors = new Map(labelSet.map((l) => [l.name, l.color]));
  const order = new Map(labelSet.map((l, i) => [l.name, i]));
  perLabel.sort(
    (a, b) => (order.get(a.label) ?? Infinity) - (order.get(b.label) ?? Infinity) || (a.label < b.label ? -1 : 1),
  );
  const labels = perLabel.map((r) => ({ ...r, color: colors.get(r.label) ?? null }));
  const pagesWithSpans = value(
    db,
    `SELECT count(DISTINCT l.page_id) AS n FROM stats_page_labels l ${aggWhere}`,
    aggParams,
  );

  // One ranking serves both the top entities and the co-occurrence matrix's entities.
  const entities = entityCounts(
    db,
    filters,
    labels.map((l) => l.label),
    Math.max(args.top, args.persons),
  );
  const topEntities = labels.map((l) => ({
    label: l.label,
    entities: (entities.top.get(l.label) ?? []).slice(0, args.top),
  }));

  // Mentions over time by page date.
  const unit = args.granularity === 'auto' ? autoGranularity(range.first, range.last) : args.granularity;
  const periods = range.first !== null && range.last !== null ? periodRange(range.first, range.last, unit) : [];
  const timeParams: Param[] = [];
  const timeConditions = [...pageFilterConditions(filters, timeParams), DATED('p.date')];
  if (filters.label !== undefined) {
    timeConditions.unshift('l.label = ?');
    timeParams.unshift(filters.label);
  }
  const timeRows = all<{ label: string; period: string; n: number }>(
    db,
    `SELECT l.label, ${periodSql('p.date', unit)} AS period, sum(l.spans) AS n
     FROM stats_page_labels l JOIN pages p INDEXED BY pages_stats ON p.id = l.page_id ${where(timeConditions)}
     GROUP BY l.label, period`,
    timeParams,
  );
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const series = labels.map((l) => ({ label: l.label, counts: periods.map(() => 0) }));
  const seriesOf = new Map(series.map((s) => [s.label, s]));
  for (const r of timeRows) {
    const at = periodIndex.get(r.period);
    const s = seriesOf.get(r.label);
    if (at !== undefined && s) s.counts[at] = r.n;
  }

  const cooccurrence = cooccurrenceOf(
    db,
    filters,
    args.cooccurrenceLabel,
    (entities.top.get(args.cooccurrenceLabel) ?? []).slice(0, args.persons),
  );

  return {
    totals: {
      pages: progress.reduce((n, r) => n + r.pages, 0),
      chars: progress.reduce((n, r) => n + r.chars, 0),
      spans: labels.reduce((n, r) => n + r.spans, 0),
      entities: entities.total,
      pagesWithSpans,
      newspapers: pageFacts.newspapers,
      firstDate: range.first,
      lastDate: range.last,
      undatedPages: pageFacts.undated,
    },
    labels,
    topEntities,
    timeline: { granularity: unit, periods, series },
    cooccurrence,
    progress,
    tookMs: performance.now() - started,
  };
}

interface EntityCount {
  text: string;
  count: number;
  pages: number;
}

/**
 * The `top` most mentioned entities of each label (ties by text) and the number of distinct entities. Without
 * page filters they come from the stats_entities aggregate (its rank index gives each label's top directly);
 * with page filters from the spans of the selected pages, grouped by entityKey: a scan of the (label, text,
 * page, article) index in group order, checking each page against the filter, took ~1.4 s where looking up the
 * selected pages' rows and sorting them took ~2.1–2.8 s (a quarter of 2M spans on a busy 2-core machine).
 */
function entityCounts(
  db: Database.Database,
  filters: StatsFilters,
  labels: readonly string[],
  top: number,
): { total: number; top: Map<string, EntityCount[]> } {
  const result = new Map<string, EntityCount[]>();
  if (!hasPageFilters(filters)) {
    for (const label of labels) {
      result.set(
        label,
        all<EntityCount>(
          db,
          'SELECT text, spans AS count, pages FROM stats_entities WHERE label = ? ORDER BY spans DESC, text LIMIT ?',
          [label, top],
        ),
      );
    }
    const total =
      filters.label === undefined
        ? value(db, 'SELECT count(*) AS n FROM stats_entities', [])
        : value(db, 'SELECT count(*) AS n FROM stats_entities WHERE label = ?', [filters.label]);
    return { total, top: result };
  }
  const params: Param[] = [];
  const spanWhere = where(spanConditions(filters, params));
  const rows = all<EntityCount & { label: string; total: number }>(
    db,
    `WITH entity AS (
       SELECT s.label, ${entityKey('s')} AS text, count(*) AS count, count(DISTINCT s.page_id) AS pages
       FROM spans s INDEXED BY spans_mentions ${spanWhere} GROUP BY s.label, ${entityKey('s')})
     SELECT label, text, count, pages, total FROM (
       SELECT *, row_number() OVER (PARTITION BY label ORDER BY count DESC, text) AS rank,
              count(*) OVER () AS total
       FROM entity)
     WHERE rank <= ? ORDER BY label, rank`,
    [...params, top],
  );
  for (const r of rows) {
    const list = result.get(r.label) ?? [];
    list.push({ text: r.text, count: r.count, pages: r.pages });
    result.set(r.label, list);
  }
  return { total: rows[0]?.total ?? 0, top: result };
}

/**
 * For each pair of the `ranked` (most mentioned) entities of `label`, the articles (page + article index) in
 * which both appear; the diagonal counts the articles mentioning each. A label filter other than `label`
 * leaves no entities of `label` ranked, so the matrix is empty.
 */
function cooccurrenceOf(
  db: Database.Database,
  filters: StatsFilters,
  label: string,
  ranked: readonly EntityCount[],
): StatsResult['cooccurrence'] {
  const top = ranked.map(({ text, count }) => ({ text, count }));
  const params: Param[] = [];
  const conditions = spanConditions({ ...filters, label }, params);
  const index = new Map(top.map((t, i) => [t.text, i]));
  const matrix = top.map(() => top.map(() => 0));
  if (top.length > 0) {
    // Each article's set of top entities, then its pairs: one pass over their mentions (a covering index).
    const mentions = statement(
      db,
      `SELECT s.page_id, s.article_index, ${entityKey('s')} FROM spans s
       ${where([...conditions, `${entityKey('s')} IN (SELECT value FROM json_each(?))`])}`,
    )
      .raw()
      .all(...params, JSON.stringify(top.map((t) => t.text))) as [number, number, string][];
    const articles = new Map<string, Set<number>>();
    for (const [page, article, text] of mentions) {
      const key = `${page}:${article}`;
      let set = articles.get(key);
      if (!set) articles.set(key, (set = new Set()));
      set.add(index.get(text)!);
    }
    for (const set of articles.values()) {
      for (const i of set) for (const j of set) matrix[i]![j]!++;
    }
  }
  return { label, entities: top, matrix };
}

/**
 * How often a query occurs in the corrected text over time by page date: matching blocks and pages from the
 * search index (trigram for 3+ character terms, a scan of its rows for 1–2), occurrences of its positive
 * terms counted in those blocks. The caller makes sure the index is built.
 */
export function termStats(db: Database.Database, input: TermStatsArgs): TermStatsResult {
  const started = performance.now();
  const args = TermStatsArgsSchema.parse(input);
  const compiled = compileForColumn(args.query, 'b.text');
  const range = datedRange(db, args.filters);
  const unit = args.granularity === 'auto' ? autoGranularity(range.first, range.last) : args.granularity;
  const periods = range.first !== null && range.last !== null ? periodRange(range.first, range.last, unit) : [];

  const match = correctedMatch(compiled);
  const positives = [...new Set(compiled.terms.filter((t) => !t.negated).map((t) => t.text.toLowerCase()))];
  // lower() folds ASCII only, as the indexes do for CJK text; length() counts code points.
  const occurrences = positives
    .map(() => '(length(lower(b.text)) - length(replace(lower(b.text), ?, ?))) / length(?)')
    .join(' + ');
  const params: Param[] = positives.flatMap((t) => [t, '', t]);
  params.push(...match.params);
  const conditions = [...match.where, ...pageFilterConditions(args.filters, params), DATED('p.date')];
  const rows = all<{ period: string; occurrences: number; blocks: number; pages: number }>(
    db,
    `SELECT ${periodSql('p.date', unit)} AS period, sum(${occurrences}) AS occurrences, count(*) AS blocks,
            count(DISTINCT b.page_id) AS pages
     FROM ${match.from} JOIN pages p ON p.id = b.page_id
     ${where(conditions)} GROUP BY period`,
    params,
  );
  const at = new Map(periods.map((p, i) => [p, i]));
  const result = { occurrences: periods.map(() => 0), blocks: periods.map(() => 0), pages: periods.map(() => 0) };
  const total = { occurrences: 0, blocks: 0, pages: 0 };
  for (const r of rows) {
    total.occurrences += r.occurrences;
    total.blocks += r.blocks;
    total.pages += r.pages;
    const i = at.get(r.period);
    if (i === undefined) continue;
    result.occurrences[i] = r.occurrences;
    result.blocks[i] = r.blocks;
    result.pages[i] = r.pages;
  }
  return {
    query: args.query,
    index: compiled.index,
    granularity: unit,
    periods,
    ...result,
    total,
    tookMs: performance.now() - started,
  };
}
