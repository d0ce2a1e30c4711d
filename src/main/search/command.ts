// `galley search`: full-text search (or span search) of a corpus from the terminal, as text or --json.
import type Database from 'better-sqlite3';

import type { BlockRole, PageStatus } from '../../shared/domain';
import type { SearchFilters, SearchHit, SpanHit } from '../../shared/search';
import type { CliIo } from '../cli';
import { createSearchIndex } from './index-store';
import { search, searchSpans } from './search';

/** The command's options as commander hands them over (all strings, flags as booleans). */
export interface SearchCommandOptions {
  newspaper?: string;
  from?: string;
  to?: string;
  status?: PageStatus;
  role?: BlockRole;
  /** Only pages with a span of this label. */
  hasLabel?: string;
  /** Search the original OCR text instead of the corrected text. */
  original?: boolean;
  /** Search spans instead of text: the query is the span text (exact unless --contains). */
  spans?: boolean;
  /** With --spans: the span label. */
  label?: string;
  /** With --spans: match a substring of the span text. */
  contains?: boolean;
  offset?: number;
  limit?: number;
}

function hitLine(h: SearchHit): string {
  const where = [h.newspaper ?? '—', h.date ?? '—', h.pageNo ?? '—'].join(' ');
  return `${h.pageId}\t${where}\t${h.role ?? h.source}\t${h.snippet.before}[${h.snippet.match}]${h.snippet.after}`;
}

function spanLine(h: SpanHit): string {
  const where = [h.newspaper ?? '—', h.date ?? '—', h.pageNo ?? '—'].join(' ');
  return `${h.pageId}\t${where}\t${h.label}\t${h.text}\t${h.blockId}:${h.start}-${h.end}`;
}

/**
 * Runs one search and prints it. The index of a corpus migrated from an older schema is built on first use
 * (reported on stderr), so the command never answers from an empty index.
 */
export function runSearchCommand(
  db: Database.Database,
  query: string,
  options: SearchCommandOptions,
  io: Pick<CliIo, 'stdout' | 'stderr'>,
  json: boolean,
): void {
  const page = { offset: options.offset ?? 0, limit: options.limit ?? 50 };
  if (options.spans) {
    const result = searchSpans(db, {
      label: options.label,
      ...(query === '' ? {} : options.contains ? { textLike: query } : { text: query }),
      newspaper: options.newspaper,
      dateFrom: options.from,
      dateTo: options.to,
      status: options.status,
      ...page,
    });
    if (json) io.stdout(JSON.stringify(result) + '\n');
    else {
      for (const h of result.hits) io.stdout(spanLine(h) + '\n');
      io.stdout(`${result.hits.length} of ${result.total} span(s)\n`);
    }
    return;
  }
  const index = createSearchIndex(db);
  if (!index.isBuilt()) {
    io.stderr('Building the search index (once per corpus)…\n');
    index.rebuildAll();
  }
  if (options.original && index.originalState() !== 'built') {
    io.stderr('Building the original-text search index (once per corpus)…\n');
    index.rebuildOriginal();
  }
  const filters: SearchFilters = {
    newspaper: options.newspaper,
    dateFrom: options.from,
    dateTo: options.to,
    status: options.status,
    role: options.role,
    hasLabel: options.hasLabel,
    source: options.original ? 'original' : 'corrected',
  };
  const result = search(db, { query, filters, ...page }, { originalIndexed: options.original === true });
  if (json) io.stdout(JSON.stringify(result) + '\n');
  else {
    for (const h of result.hits) io.stdout(hitLine(h) + '\n');
    io.stdout(`${result.hits.length} of ${result.total} match(es) in ${result.tookMs.toFixed(1)} ms\n`);
  }
}
