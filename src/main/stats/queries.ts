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
 * with page filters from the per-cell aggregate (see cellEntityCounts).
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
  // The cells key a missing newspaper as '': a filter on the newspaper '' cannot tell the two apart.
  if (filters.newspaper === '') return scannedEntityCounts(db, filters, top);
  return cellEntityCounts(db, filters, labels, top);
}

/**
 * The same figures as entityCounts under page filters, from every span of the selected pages grouped by entityKey:
 * a scan of the (label, text, page, article) index in group order, checking each page against the filter (~0.3 s
 * of CPU for a quarter of 2M spans, ~0.5 s for half). Kept for the one filter the cells cannot answer.
 */
export function scannedEntityCounts(
  db: Database.Database,
  filters: StatsFilters,
  top: number,
): { total: number; top: Map<string, EntityCount[]> } {
  const result = new Map<string, EntityCount[]>();
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

/** Connections whose temporary tables for the selected cells and edge pages exist. */
const withSelectionTables = new WeakSet<Database.Database>();

/**
 * Fills temp.stats_selected_cells with the cells (migration 0080: newspaper, status, month) whose pages all pass
 * the page filters, and temp.stats_edge_pages with the pages that pass them in no such cell: those of a month the
 * date range cuts through, and those without an ISO date. Together they are exactly the selected pages.
 */
function selectCells(db: Database.Database, filters: StatsFilters): { edgePages: number } {
  if (!withSelectionTables.has(db)) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS stats_selected_cells (id INTEGER PRIMARY KEY);
             CREATE TEMP TABLE IF NOT EXISTS stats_edge_pages (id INTEGER PRIMARY KEY);`);
    withSelectionTables.add(db);
  }
  statement(db, 'DELETE FROM temp.stats_selected_cells').run();
  statement(db, 'DELETE FROM temp.stats_edge_pages').run();
  const cellParams: Param[] = [];
  const cells: string[] = [];
  if (filters.newspaper !== undefined) {
    cells.push('c.newspaper = ?');
    cellParams.push(filters.newspaper);
  }
  if (filters.status !== undefined) {
    cells.push('c.status = ?');
    cellParams.push(filters.status);
  }
  // A month the range starts or ends in is whole when no page of that month (of any newspaper or status) is
  // dated outside the range; else its selected pages are edge pages, counted from their spans.
  const edge: string[] = [];
  const edgeParams: Param[] = [];
  if (filters.dateFrom !== undefined || filters.dateTo !== undefined) {
    cells.push("c.month <> ''");
    edge.push(`NOT coalesce(${DATED('p.date')}, 0)`);
  }
  if (filters.dateFrom !== undefined) {
    const month = filters.dateFrom.slice(0, 7);
    const whole =
      value(
        db,
        `SELECT EXISTS (SELECT 1 FROM pages p INDEXED BY pages_date WHERE p.date >= ? AND p.date < ? AND ${DATED('p.date')}) AS n`,
        [month, filters.dateFrom],
      ) === 0;
    cells.push(whole ? 'c.month >= ?' : 'c.month > ?');
    cellParams.push(month);
    if (!whole) {
      edge.push(`(${DATED('p.date')} AND substr(p.date, 1, 7) = ?)`);
      edgeParams.push(month);
    }
  }
  if (filters.dateTo !== undefined) {
    const month = filters.dateTo.slice(0, 7);
    const whole =
      value(
        db,
        `SELECT EXISTS (SELECT 1 FROM pages p INDEXED BY pages_date WHERE p.date > ? AND p.date < ? AND ${DATED('p.date')}) AS n`,
        [filters.dateTo, `${month}~`],
      ) === 0;
    cells.push(whole ? 'c.month <= ?' : 'c.month < ?');
    cellParams.push(month);
    if (!whole) {
      edge.push(`(${DATED('p.date')} AND substr(p.date, 1, 7) = ?)`);
      edgeParams.push(month);
    }
  }
  statement(db, `INSERT INTO temp.stats_selected_cells (id) SELECT c.id FROM stats_cells c ${where(cells)}`).run(
    ...cellParams,
  );
  if (edge.length === 0) return { edgePages: 0 };
  const pageParams: Param[] = [];
  const pages = pageFilterConditions(filters, pageParams);
  const edgePages = statement(
    db,
    `INSERT INTO temp.stats_edge_pages (id) SELECT p.id FROM pages p INDEXED BY pages_stats
     WHERE ${[...pages, `(${edge.join(' OR ')})`].join(' AND ')}`,
  ).run(...pageParams, ...edgeParams).changes;
  return { edgePages };
}

/** SQLite's order of TEXT (BINARY: UTF-8 bytes, i.e. code points), which differs from `<` on UTF-16 strings. */
function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Candidates read from the rank index at a time. */
const RANK_BATCH = 256;

/**
 * entityCounts under page filters, from the per-cell aggregate (migration 0080) plus the spans of edge pages.
 * Each label's top: entities are taken in order of their mentions in the whole corpus (the stats_entities rank
 * index), which bounds their mentions in the selection, and counted in the selected cells; once the next one's
 * corpus-wide mentions are fewer than the current `top`-th's selected mentions, no later one can enter. The
 * total: the entities with a row in a selected cell, plus those mentioned on edge pages only.
 */
function cellEntityCounts(
  db: Database.Database,
  filters: StatsFilters,
  labels: readonly string[],
  top: number,
): { total: number; top: Map<string, EntityCount[]> } {
  const { edgePages } = selectCells(db, filters);
  const key = (label: string, text: string) => `${label}\u0000${text}`;
  const edge = new Map<string, EntityCount & { label: string }>();
  if (edgePages > 0) {
    const params: Param[] = [];
    const label = filters.label === undefined ? '' : 'WHERE s.label = ?';
    if (filters.label !== undefined) params.push(filters.label);
    const rows = statement(
      db,
      `SELECT s.label, ${entityKey('s')} AS text, count(*) AS count, count(DISTINCT s.page_id) AS pages
       FROM temp.stats_edge_pages e CROSS JOIN spans s ON s.page_id = e.id ${label}
       GROUP BY s.label, ${entityKey('s')}`,
    ).all(...params) as (EntityCount & { label: string })[];
    for (const r of rows) edge.set(key(r.label, r.text), r);
  }
  const inCells = statement(
    db,
    `SELECT coalesce(sum(x.spans), 0) AS count, coalesce(sum(x.pages), 0) AS pages
     FROM stats_cell_entities x CROSS JOIN temp.stats_selected_cells c ON c.id = x.cell
     WHERE x.label = ? AND x.text = ?`,
  );
  const counted = (label: string, text: string): { count: number; pages: number } => {
    const cells = inCells.get(label, text) as { count: number; pages: number };
    const onEdge = edge.get(key(label, text));
    return onEdge ? { count: cells.count + onEdge.count, pages: cells.pages + onEdge.pages } : cells;
  };
  const ranked = statement(
    db,
    `SELECT text, spans FROM stats_entities INDEXED BY stats_entities_rank
     WHERE label = ? AND (spans < ? OR (spans = ? AND text > ?)) ORDER BY spans DESC, text LIMIT ?`,
  );
  const result = new Map<string, EntityCount[]>();
  for (const label of labels) {
    const best: EntityCount[] = [];
    let after: { spans: number; text: string } = { spans: Number.MAX_SAFE_INTEGER, text: '' };
    search: for (;;) {
      const batch = ranked.all(label, after.spans, after.spans, after.text, RANK_BATCH) as {
        text: string;
        spans: number;
      }[];
      for (const candidate of batch) {
        if (best.length >= top && candidate.spans < best[top - 1]!.count) break search;
        const { count, pages } = counted(label, candidate.text);
        if (count === 0) continue;
        const entity = { text: candidate.text, count, pages };
        let at = best.length;
        while (
          at > 0 &&
          (best[at - 1]!.count < count ||
            (best[at - 1]!.count === count && compareText(best[at - 1]!.text, entity.text) > 0))
        )
          at--;
        if (at < top) {
          best.splice(at, 0, entity);
          if (best.length > top) best.pop();
        }
      }
      if (batch.length < RANK_BATCH) break;
      after = batch[batch.length - 1]!;
    }
    if (best.length > 0) result.set(label, best);
  }

  // The total: entities with a row in a selected cell, and those of the edge pages that have none.
  const labelParams: Param[] = filters.label === undefined ? [] : [filters.label];
  const inSelectedCells = statement(
    db,
    `SELECT e.label, e.text FROM stats_entities e ${filters.label === undefined ? '' : 'WHERE e.label = ?'}
     ${filters.label === undefined ? 'WHERE' : 'AND'} EXISTS (
       SELECT 1 FROM stats_cell_entities x CROSS JOIN temp.stats_selected_cells c ON c.id = x.cell
       WHERE x.label = e.label AND x.text = e.text)`,
  );
  let total: number;
  if (edge.size === 0) {
    total = (inSelectedCells.raw().all(...labelParams) as unknown[]).length;
  } else {
    const found = new Set(edge.keys());
    for (const [label, text] of inSelectedCells.raw().iterate(...labelParams) as Iterable<[string, string]>) {
      found.add(key(label, text));
    }
    total = found.size;
  }
  return { total, top: result };
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
  // lower() folds ASCII only, as the search does; length() counts code points. A term without ASCII letters (most
  // Chinese ones) is counted in the text as it is, sparing two lower() copies of every matching block.
  const occurrences = positives
    .map((t) =>
      /[a-z]/.test(t)
        ? '(length(lower(b.text)) - length(replace(lower(b.text), ?, ?))) / length(?)'
        : '(length(b.text) - length(replace(b.text, ?, ?))) / length(?)',
    )
    .join(' + ');
  const params: Param[] = positives.flatMap((t) => [t, '', t]);
  params.push(...match.params);
  const pages = [...pageFilterConditions(args.filters, params), DATED('p.date')];
  // Blocks are summed page by page (walking the pages in the filter, each page's blocks by index), then each
  // page's date is read once: a common character is in ~10 blocks of every page.
  const conditions = [...match.where, `b.page_id IN (SELECT p.id FROM pages p WHERE ${pages.join(' AND ')})`];
  const rows = all<{ period: string; occurrences: number; blocks: number; pages: number }>(
    db,
    `SELECT ${periodSql('p.date', unit)} AS period, sum(m.occurrences) AS occurrences, sum(m.blocks) AS blocks,
            count(*) AS pages
     FROM (SELECT b.page_id, sum(${occurrences}) AS occurrences, count(*) AS blocks
           FROM ${match.from} ${where(conditions)} GROUP BY b.page_id) m
     JOIN pages p ON p.id = m.page_id
     GROUP BY period`,
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
