// Runs search queries over the index (trigram MATCH, LIKE for 1–2 character terms) and over the span rows.
import type Database from 'better-sqlite3';

import type { BlockRole } from '../../shared/domain';
import {
  compileQuery,
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
  type SearchSource,
  type SpanSearchArgs,
  type SpanSearchResult,
} from '../../shared/search';
import { ServiceError } from '../services/errors';
import { ORIGINAL_ROWID_BASE } from './index-store';
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

interface HitRow {
  id: number;
  page_id: number;
  source: SearchSource;
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

/**
 * Searches the corrected (default) or original text, case-insensitively. A query whose terms all have 3+ code
 * points is answered by the trigram index; one with a 1–2 code point term (which a trigram MATCH silently
 * misses) by the character index — never by a scan. A hit is one block (one page for the original text), in
 * index order: page order after a rebuild, a re-saved page's blocks after the rest. Throws ServiceError
 * BAD_REQUEST for a query that does not parse.
 */
export function search(db: Database.Database, input: SearchArgs): SearchResult {
  const started = performance.now();
  const args = SearchArgsSchema.parse(input);
  const filters: SearchFilters = args.filters;
  let compiled;
  try {
    compiled = compileQuery(parseQuery(args.query), 'b.text');
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new ServiceError('BAD_REQUEST', error.message);
    throw error;
  }

  const table = compiled.index === 'trigram' ? 'search_fts' : 'search_chars';
  // The source is a rowid range (see ORIGINAL_ROWID_BASE), which FTS5 applies inside the index.
  const where = [`${table} MATCH ?`, filters.source === 'original' ? `${table}.rowid > ?` : `${table}.rowid < ?`];
  const params: Param[] = [compiled.match, ORIGINAL_ROWID_BASE];
  const rowFilters: string[] = [];
  if (filters.role !== undefined) {
    rowFilters.push('b.role = ?');
    params.push(filters.role);
  }
  const pages = pageCondition(filters, 'b.page_id', params);
  if (pages) rowFilters.push(pages);
  const whereSql = [...where, ...rowFilters].join(' AND ');
  // CROSS JOIN keeps the FTS table outermost: the index drives and search_blocks is looked up by rowid.
  const from = `${table} CROSS JOIN search_blocks b ON b.id = ${table}.rowid`;

  // Without row filters the count never leaves the index: a lookup per match would cost ~3 µs each.
  const total = statement(
    db,
    rowFilters.length === 0
      ? `SELECT count(*) FROM ${table} WHERE ${whereSql}`
      : `SELECT count(*) FROM ${from} WHERE ${whereSql}`,
  )
    .pluck()
    .get(...params) as number;
  // Original-text rows are whole pages; a corrected block needs its row looked up for the page id.
  const pageCount = !args.countPages
    ? undefined
    : filters.source === 'original' || total === 0
      ? total
      : (statement(db, `SELECT count(DISTINCT b.page_id) FROM ${from} WHERE ${whereSql}`)
          .pluck()
          .get(...params) as number);
  const rows =
    total <= args.offset
      ? []
      : (statement(
          db,
          `SELECT b.id, b.page_id, b.source, b.block_key, b.article_index, b.block_index, b.role, b.text,
                  p.file_name, p.newspaper, p.date, p.page_no
           FROM ${from} JOIN pages p ON p.id = b.page_id
           WHERE ${whereSql} ORDER BY ${table}.rowid LIMIT ? OFFSET ?`,
        ).all(...params, args.limit, args.offset) as HitRow[]);

  const highlight = compiled.terms.filter((t) => !t.negated).map((t) => t.text);
  const hits = rows.map((r) => {
    const found = firstMatch(r.text, highlight) ?? { start: 0, end: 0 };
    return {
      pageId: r.page_id,
      fileName: r.file_name,
      newspaper: r.newspaper,
      date: r.date,
      pageNo: r.page_no,
      source: r.source,
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
            (SELECT b.text FROM search_blocks b
             WHERE b.page_id = s.page_id AND b.source = 'corrected' AND b.block_key = s.block_id) AS block_text
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
