// Runs search queries over the index (trigram MATCH, a LIKE scan for 1–2 character terms) and over the span rows.
import type Database from 'better-sqlite3';

import type { BlockRole } from '../../shared/domain';
import {
  compileQuery,
  type CompiledQuery,
  firstMatch,
  likeContains,
  makeSnippet,
  parseQuery,
  QuerySyntaxError,
  SearchArgsSchema,
  SpanSearchArgsSchema,
  type SearchArgs,
  type SearchFilters,
  type SearchResult,
  type SpanSearchArgs,
  type SpanSearchResult,
} from '../../shared/search';
import { ServiceError } from '../services/errors';
import { ORIGINAL_BLOCK_KEY } from './index-store';
import { pageFilterConditions } from '../store/page-filters';

/** Statements keyed by their SQL: filter combinations are few, so each is prepared once per connection. */
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

type Param = string | number;

/**
 * Counts of scanned queries, so paging through the hits of a 1–2 character query does not scan the corpus again
 * for each block of results. An entry holds while the database is unchanged: `total_changes()` moves with this
 * connection's writes, `data_version` with other connections' commits.
 */
const scanCounts = new WeakMap<Database.Database, Map<string, { token: string; n: number; pages: number }>>();
const SCAN_COUNTS_KEPT = 32;

function changeToken(db: Database.Database): string {
  const changes = statement(db, 'SELECT total_changes()').pluck().get() as number;
  return `${changes}:${db.pragma('data_version', { simple: true }) as number}`;
}

/** The kept count of a scan, when the database has not changed since it was made. */
function keptCount(db: Database.Database, key: string): { n: number; pages: number } | undefined {
  const hit = scanCounts.get(db)?.get(key);
  return hit && hit.token === changeToken(db) ? hit : undefined;
}

function keepCount(db: Database.Database, key: string, counted: { n: number; pages: number }): void {
  let cache = scanCounts.get(db);
  if (!cache) scanCounts.set(db, (cache = new Map()));
  if (cache.size >= SCAN_COUNTS_KEPT) cache.delete(cache.keys().next().value!);
  cache.set(key, { token: changeToken(db), ...counted });
}

interface PageFilters {
  newspaper?: string | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  status?: string | undefined;
  hasLabel?: string | true | undefined;
}

/**
 * The page-level filters as one condition on `pageColumn`: a subquery SQLite evaluates once into a
 * temporary index, so each candidate row costs one lookup whatever the filters are.
 */
function pageCondition(filters: PageFilters, pageColumn: string, params: Param[]): string | null {
  const parts = pageFilterConditions(filters, params);
  if (filters.hasLabel === true) {
    parts.push('EXISTS (SELECT 1 FROM spans s WHERE s.page_id = p.id)');
  } else if (filters.hasLabel !== undefined) {
    parts.push('EXISTS (SELECT 1 FROM spans s WHERE s.page_id = p.id AND s.label = ?)');
    params.push(filters.hasLabel);
  }
  if (parts.length === 0) return null;
  return `${pageColumn} IN (SELECT p.id FROM pages p WHERE ${parts.join(' AND ')})`;
}

/** Where the rows matching a query come from: SQL pieces to put into a statement, params in the same order. */
export interface TextMatch {
  /** FROM clause: binds `b` (search_blocks) for the corrected text, `p` (pages) for the original text. */
  from: string;
  where: string[];
  params: Param[];
  /** Index order of the rows: page order after a rebuild. */
  order: string;
  /** A count of the matches that never leaves the index (no filters), or null when rows are scanned. */
  count: string | null;
}

/**
 * The corrected blocks matching a query compiled over `b.text`: the trigram index, or for a query with a 1–2
 * code point term a scan of search_blocks, narrowed by the index to the rows holding its required 3+ terms.
 */
export function correctedMatch(compiled: CompiledQuery): TextMatch {
  if (compiled.match !== null) {
    return {
      // CROSS JOIN keeps the FTS table outermost: the index drives and search_blocks is looked up by rowid.
      from: 'search_fts CROSS JOIN search_blocks b ON b.id = search_fts.rowid',
      where: ['search_fts MATCH ?'],
      params: [compiled.match],
      order: 'search_fts.rowid',
      count: 'SELECT count(*) FROM search_fts WHERE search_fts MATCH ?',
    };
  }
  const narrowed = compiled.prefilter !== null;
  return {
    from: 'search_blocks b',
    where: [
      ...(narrowed ? ['b.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)'] : []),
      compiled.like.sql,
    ],
    params: [...(narrowed ? [compiled.prefilter!] : []), ...compiled.like.params],
    order: 'b.id',
    count: null,
  };
}

/**
 * The pages whose original text matches a query compiled over `p.original_text`: its trigram index when built
 * (`indexed`), else (and for 1–2 code point terms) a scan of the pages.
 */
function originalMatch(compiled: CompiledQuery, indexed: boolean): TextMatch {
  if (compiled.match !== null && indexed) {
    return {
      from: 'search_original CROSS JOIN pages p ON p.id = search_original.rowid',
      where: ['search_original MATCH ?'],
      params: [compiled.match],
      order: 'search_original.rowid',
      count: 'SELECT count(*) FROM search_original WHERE search_original MATCH ?',
    };
  }
  const narrowed = indexed && compiled.prefilter !== null;
  return {
    from: 'pages p',
    where: [
      ...(narrowed ? ['p.id IN (SELECT rowid FROM search_original WHERE search_original MATCH ?)'] : []),
      compiled.like.sql,
    ],
    params: [...(narrowed ? [compiled.prefilter!] : []), ...compiled.like.params],
    order: 'p.id',
    count: null,
  };
}

/** Parses and compiles a query for the column, a syntax error becoming BAD_REQUEST for the user. */
export function compileForColumn(query: string, column: string): CompiledQuery {
  try {
    return compileQuery(parseQuery(query), column);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new ServiceError('BAD_REQUEST', error.message);
    throw error;
  }
}

interface HitRow {
  id: number;
  page_id: number;
  block_key: string;
  article_index: number | null;
  block_index: number | null;
  role: BlockRole | null;
  text: string;
  file_name: string;
  newspaper: string | null;
  date: string | null;
  page_no: string | null;
}

const CORRECTED_COLUMNS = `b.id, b.page_id, b.block_key, b.article_index, b.block_index, b.role, b.text,
  p.file_name, p.newspaper, p.date, p.page_no`;
const ORIGINAL_COLUMNS = `p.id, p.id AS page_id, '${ORIGINAL_BLOCK_KEY}' AS block_key, NULL AS article_index,
  NULL AS block_index, NULL AS role, p.original_text AS text, p.file_name, p.newspaper, p.date, p.page_no`;

export interface SearchOptions {
  /** Whether the original text's trigram index is built; without it the original text is scanned. */
  originalIndexed?: boolean;
}

/**
 * Searches the corrected (default) or original text, case-insensitively (ASCII; CJK has no case). A query whose
 * terms all have 3+ code points is answered by a trigram index; one with a 1–2 code point term (which a trigram
 * MATCH silently misses) by a scan of the text, narrowed by the index when it can be. A hit is one block (one
 * page for the original text), in index order: page order after a rebuild, a re-saved page's blocks after the
 * rest. Throws ServiceError BAD_REQUEST for a query that does not parse.
 */
export function search(db: Database.Database, input: SearchArgs, options: SearchOptions = {}): SearchResult {
  const started = performance.now();
  const args = SearchArgsSchema.parse(input);
  const filters: SearchFilters = args.filters;
  const original = filters.source === 'original';
  const compiled = compileForColumn(args.query, original ? 'p.original_text' : 'b.text');
  const match = original ? originalMatch(compiled, options.originalIndexed === true) : correctedMatch(compiled);
  const where = [...match.where];
  const params = [...match.params];
  if (filters.role !== undefined) {
    // The original text has no blocks and so no roles: a role filter leaves nothing of it.
    where.push(original ? '0' : 'b.role = ?');
    if (!original) params.push(filters.role);
  }
  const pages = pageCondition(filters, original ? 'p.id' : 'b.page_id', params);
  if (pages) where.push(pages);
  const whereSql = where.join(' AND ');
  const filtered = where.length > match.where.length;
  const from = original ? match.from : `${match.from} JOIN pages p ON p.id = b.page_id`;
  const rowsOf = (limit: number, offset: number) =>
    statement(
      db,
      `SELECT ${original ? ORIGINAL_COLUMNS : CORRECTED_COLUMNS} FROM ${from}
       WHERE ${whereSql} ORDER BY ${match.order} LIMIT ? OFFSET ?`,
    ).all(...params, limit, offset) as HitRow[];

  let total: number;
  let pageCount: number | undefined;
  let rows: HitRow[] | undefined;
  if (match.count !== null && !filtered) {
    // Without row filters the count never leaves the index: a lookup per match would cost ~3 µs each.
    total = statement(db, match.count)
      .pluck()
      .get(...match.params) as number;
    // Original-text rows are whole pages; corrected blocks need their page ids counted.
    if (args.countPages) {
      pageCount =
        original || total === 0
          ? total
          : (statement(db, `SELECT count(DISTINCT b.page_id) FROM ${match.from} WHERE ${whereSql}`)
              .pluck()
              .get(...params) as number);
    }
  } else if (match.count !== null) {
    const counted = statement(
      db,
      `SELECT count(*) AS n, ${original ? 'count(*)' : 'count(DISTINCT b.page_id)'} AS pages
       FROM ${match.from} WHERE ${whereSql}`,
    ).get(...params) as { n: number; pages: number };
    total = counted.n;
    if (args.countPages) pageCount = counted.pages;
  } else {
    // A scan (a 1–2 character term): one pass over the text gives the count, the pages and the rows asked for;
    // the count is kept while nothing changes, so the next block of results scans only as far as it needs.
    const key = JSON.stringify([whereSql, params]);
    const kept = keptCount(db, key);
    if (kept) {
      total = kept.n;
      pageCount = kept.pages;
    } else {
      const id = original ? 'p.id' : 'b.id';
      const counted = statement(
        db,
        `WITH m AS MATERIALIZED (SELECT ${id} AS id, ${original ? 'p.id' : 'b.page_id'} AS page_id
                                 FROM ${match.from} WHERE ${whereSql})
         SELECT (SELECT count(*) FROM m) AS n, (SELECT count(DISTINCT page_id) FROM m) AS pages,
                (SELECT json_group_array(id) FROM (SELECT id FROM m ORDER BY id LIMIT ? OFFSET ?)) AS ids`,
      ).get(...params, args.limit, args.offset) as { n: number; pages: number; ids: string };
      keepCount(db, key, counted);
      total = counted.n;
      pageCount = counted.pages;
      rows = statement(
        db,
        `SELECT ${original ? ORIGINAL_COLUMNS : CORRECTED_COLUMNS}
         FROM ${original ? 'pages p' : 'search_blocks b JOIN pages p ON p.id = b.page_id'}
         WHERE ${id} IN (SELECT value FROM json_each(?)) ORDER BY ${id}`,
      ).all(counted.ids) as HitRow[];
    }
    if (!args.countPages) pageCount = undefined;
  }
  rows ??= total <= args.offset ? [] : rowsOf(args.limit, args.offset);

  const highlight = compiled.terms.filter((t) => !t.negated).map((t) => t.text);
  const hits = rows.map((r) => {
    const found = firstMatch(r.text, highlight) ?? { start: 0, end: 0 };
    return {
      pageId: r.page_id,
      fileName: r.file_name,
      newspaper: r.newspaper,
      date: r.date,
      pageNo: r.page_no,
      source: original ? ('original' as const) : ('corrected' as const),
      blockKey: r.block_key,
      articleIndex: r.article_index,
      blockIndex: r.block_index,
      role: r.role,
      snippet: makeSnippet(r.text, found.start, found.end),
      matchStart: found.start,
      matchEnd: found.end,
    };
  });
  return {
    total,
    ...(pageCount === undefined ? {} : { pages: pageCount }),
    hits,
    index: compiled.index,
    tookMs: performance.now() - started,
  };
}

interface SpanRow {
  page_id: number;
  span_id: string;
  block_id: string;
  article_index: number;
  label: string;
  text: string;
  start: number;
  end: number;
  entity_id: string | null;
  origin: string;
  file_name: string;
  newspaper: string | null;
  date: string | null;
  page_no: string | null;
  block_text: string | null;
}

/**
 * Finds annotated spans ("all PER spans whose text is 张三"): by label, exact text (both indexed) and/or a
 * substring of the text, with the page filters. Ordered by page, then block, then position.
 */
export function searchSpans(db: Database.Database, input: SpanSearchArgs): SpanSearchResult {
  const started = performance.now();
  const args = SpanSearchArgsSchema.parse(input);
  const where: string[] = [];
  const params: Param[] = [];
  if (args.label !== undefined) {
    where.push('s.label = ?');
    params.push(args.label);
  }
  if (args.text !== undefined) {
    where.push('s.text = ?');
    params.push(args.text);
  }
  if (args.textLike !== undefined) {
    where.push(`s.text LIKE ? ESCAPE '\\'`);
    params.push(likeContains(args.textLike));
  }
  const pages = pageCondition(args, 's.page_id', params);
  if (pages) where.push(pages);
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = statement(db, `SELECT count(*) FROM spans s ${whereSql}`)
    .pluck()
    .get(...params) as number;
  const rows = statement(
    db,
    `SELECT s.page_id, s.span_id, s.block_id, s.article_index, s.label, s.text, s.start, s.end, s.entity_id,
            s.origin, p.file_name, p.newspaper, p.date, p.page_no,
            (SELECT b.text FROM search_blocks b WHERE b.page_id = s.page_id AND b.block_key = s.block_id) AS block_text
     FROM spans s JOIN pages p ON p.id = s.page_id ${whereSql}
     ORDER BY s.page_id, s.article_index, s.block_id, s.start LIMIT ? OFFSET ?`,
  ).all(...params, args.limit, args.offset) as SpanRow[];
  return {
    total,
    hits: rows.map((r) => ({
      pageId: r.page_id,
      fileName: r.file_name,
      newspaper: r.newspaper,
      date: r.date,
      pageNo: r.page_no,
      spanId: r.span_id,
      blockId: r.block_id,
      articleIndex: r.article_index,
      label: r.label,
      text: r.text,
      start: r.start,
      end: r.end,
      entityId: r.entity_id,
      origin: r.origin,
      // The index holds the block as saved with the span; anything else (not built yet) gets no context.
      snippet:
        r.block_text !== null && r.block_text.slice(r.start, r.end) === r.text
          ? makeSnippet(r.block_text, r.start, r.end)
          : null,
    })),
    tookMs: performance.now() - started,
  };
}
