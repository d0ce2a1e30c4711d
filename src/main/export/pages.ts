// Streams the pages to export from the corpus in small id-ordered batches, each with its document.
import type Database from 'better-sqlite3';

import type { Label } from '../../shared/api';
import { type PageDocument, documentFromReading, type ReadingLike } from '../../shared/document';
import type { PageStatus } from '../../shared/domain';
import type { ExportPageMeta } from '../../shared/export';
import { repairPage } from '../../shared/repair/engine';
import { pageFilterConditions } from '../store/page-filters';

export interface ExportFilter {
  status?: PageStatus[];
  newspaper?: string;
  /** ISO dates, inclusive. */
  dateFrom?: string;
  dateTo?: string;
  /** Only pages with at least one span of this label. */
  label?: string;
  pageIds?: number[];
}

export interface ExportedPage {
  page: ExportPageMeta & { id: number };
  document: PageDocument;
  originalText: string;
}

interface Row {
  id: number;
  file_name: string;
  newspaper: string | null;
  date: string | null;
  page_no: string | null;
  status: PageStatus;
  original_text: string;
  document: string | null;
  reading: string | null;
}

/** Pages fetched per query: enough to amortise the query, few enough that memory stays flat. */
const BATCH = 32;

function whereClause(filter: ExportFilter): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  const conditions = pageFilterConditions(filter, params);
  if (filter.label !== undefined) {
    conditions.push('EXISTS (SELECT 1 FROM spans s WHERE s.page_id = p.id AND s.label = ?)');
    params.push(filter.label);
  }
  if (filter.pageIds !== undefined) {
    // One JSON parameter instead of a placeholder per id, which SQLite caps.
    conditions.push('p.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.pageIds));
  }
  return { sql: conditions.map((c) => ` AND ${c}`).join(''), params };
}

export function countPages(db: Database.Database, filter: ExportFilter): number {
  const { sql, params } = whereClause(filter);
  return db
    .prepare(`SELECT count(*) FROM pages p WHERE 1 = 1${sql}`)
    .pluck()
    .get(...params) as number;
}

export function loadLabels(db: Database.Database): Label[] {
  return db.prepare('SELECT name, color, hotkey FROM labels ORDER BY position').all() as Label[];
}

/**
 * The document of a page: the saved one, else the stored repair reading's, else a fresh repair of the
 * original text (a page imported but never read by the engine).
 */
function documentOf(row: Row): PageDocument {
  if (row.document !== null) return JSON.parse(row.document) as PageDocument;
  const reading = row.reading !== null ? (JSON.parse(row.reading) as ReadingLike) : repairPage(row.original_text);
  return documentFromReading(reading, `p${row.id}`);
}

/**
 * The matching pages in id order, fetched BATCH at a time by keyset (id > last), so no statement stays open
 * between batches: the caller may await in between while other code uses the same connection.
 */
export async function* exportPages(db: Database.Database, filter: ExportFilter): AsyncGenerator<ExportedPage> {
  const { sql, params } = whereClause(filter);
  const statement = db.prepare(`
    SELECT p.id, p.file_name, p.newspaper, p.date, p.page_no, p.status, p.original_text, d.document,
      -- The reading is only needed for a page never saved; SQLite then reads no blob for the others.
      CASE WHEN d.document IS NULL THEN r.reading END AS reading
    FROM pages p
    LEFT JOIN page_documents d ON d.page_id = p.id
    LEFT JOIN page_readings r ON r.page_id = p.id
    WHERE p.id > ?${sql}
    ORDER BY p.id LIMIT ${BATCH}`);
  let last = 0;
  for (;;) {
    const rows = statement.all(last, ...params) as Row[];
    if (rows.length === 0) return;
    for (const row of rows) {
      last = row.id;
      yield {
        page: {
          id: row.id,
          fileName: row.file_name,
          newspaper: row.newspaper,
          date: row.date,
          pageNo: row.page_no,
          status: row.status,
        },
        document: documentOf(row),
        originalText: row.original_text,
      };
    }
    // Let the event loop breathe between batches (IPC, progress messages, cancellation).
    await new Promise<void>((done) => setImmediate(done));
  }
}
