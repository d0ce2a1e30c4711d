// Data access for pages: plain functions over statements prepared once per connection.
import type Database from 'better-sqlite3';

import type { PageDetail, PageListArgs, PageSortKey, PageSummary } from '../../shared/api';
import type { PageEncoding, PageStatus } from '../../shared/domain';

export interface NewPage {
  fileName: string;
  sourcePath: string | null;
  sha256: string;
  encoding: PageEncoding;
  originalText: string;
  chars: number;
  newspaper: string | null;
  date: string | null;
  pageNo: string | null;
}

/** Positions refer to the batch passed in. */
export interface InsertOutcome {
  inserted: { index: number; id: number }[];
  duplicates: { index: number; existingPageId: number | null }[];
}

interface PageRow {
  id: number;
  file_name: string;
  newspaper: string | null;
  date: string | null;
  page_no: string | null;
  status: PageStatus;
  chars: number;
  encoding: PageEncoding;
  imported_at: string;
}

interface PageDetailRow extends PageRow {
  sha256: string;
  source_path: string | null;
  original_text: string;
}

const SUMMARY_COLUMNS = 'id, file_name, newspaper, date, page_no, status, chars, encoding, imported_at';

/** ORDER BY clauses per sort key; each ends in `id` so paging is stable. Keys come from a closed enum. */
const ORDER_BY: Record<PageSortKey, string> = {
  fileName: 'file_name COLLATE NOCASE {dir}, id {dir}',
  newspaper: 'newspaper {dir}, date {dir}, page_no {dir}, id {dir}',
  date: 'date {dir}, newspaper {dir}, page_no {dir}, id {dir}',
  pageNo: 'CAST(page_no AS INTEGER) {dir}, page_no {dir}, id {dir}',
  status: 'status {dir}, id {dir}',
  chars: 'chars {dir}, id {dir}',
  importedAt: 'id {dir}',
};

function toSummary(row: PageRow): PageSummary {
  return {
    id: row.id,
    fileName: row.file_name,
    newspaper: row.newspaper,
    date: row.date,
    pageNo: row.page_no,
    status: row.status,
    chars: row.chars,
    encoding: row.encoding,
    importedAt: row.imported_at,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type PageStore = ReturnType<typeof createPageStore>;

export function createPageStore(db: Database.Database) {
  const insert = db.prepare(`
    INSERT INTO pages (file_name, source_path, sha256, encoding, original_text, chars, newspaper, date, page_no,
                       imported_at, updated_at)
    VALUES (@fileName, @sourcePath, @sha256, @encoding, @originalText, @chars, @newspaper, @date, @pageNo,
            @now, @now)
    ON CONFLICT (sha256) DO NOTHING`);
  const idBySha = db.prepare('SELECT id FROM pages WHERE sha256 = ?').pluck();
  const byId = db.prepare(`SELECT ${SUMMARY_COLUMNS}, sha256, source_path, original_text FROM pages WHERE id = ?`);
  const summaryById = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM pages WHERE id = ?`);
  // No column: the row's columns after original_text sit behind its overflow pages, which this does not read.
  const existsById = db.prepare('SELECT 1 FROM pages WHERE id = ?').pluck();
  const idByFileName = db.prepare('SELECT id FROM pages WHERE file_name = ? ORDER BY id LIMIT 1').pluck();
  const countAll = db.prepare('SELECT count(*) FROM pages').pluck();
  const newspapers = db.prepare(`
    SELECT newspaper AS name, count(*) AS pages FROM pages WHERE newspaper IS NOT NULL
    GROUP BY newspaper ORDER BY newspaper`);
  const statusCounts = db.prepare('SELECT status, count(*) AS n FROM pages GROUP BY status');
  const updateMeta = db.prepare(`
    UPDATE pages SET newspaper = @newspaper, date = @date, page_no = @pageNo, updated_at = @now WHERE id = @id`);
  const updateStatus = db.prepare('UPDATE pages SET status = ?, updated_at = ? WHERE id = ?');
  const listCache = new Map<string, Database.Statement>();

  /** Inserts a batch in one transaction; a page whose text is already in the corpus is reported, not added. */
  /**
   * Inserts a batch in one transaction; a page whose text is already in the corpus is reported, not added.
   * `afterInsert` runs inside the same transaction so rows derived from the new pages commit with them.
   */
  const insertBatch = db.transaction(
    (pages: readonly NewPage[], afterInsert?: (added: { id: number; page: NewPage }[]) => void): InsertOutcome => {
      const outcome: InsertOutcome = { inserted: [], duplicates: [] };
      const now = new Date().toISOString();
      pages.forEach((page, index) => {
        const result = insert.run({ ...page, now });
        if (result.changes === 1) {
          outcome.inserted.push({ index, id: Number(result.lastInsertRowid) });
        } else {
          outcome.duplicates.push({ index, existingPageId: (idBySha.get(page.sha256) as number | undefined) ?? null });
        }
      });
      afterInsert?.(outcome.inserted.map(({ index, id }) => ({ id, page: pages[index]! })));
      return outcome;
    },
  );

  /** Filter and sort combinations are few (closed enums), so their statements are prepared once each. */
  function cachedStatement(sql: string): Database.Statement {
    let statement = listCache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      listCache.set(sql, statement);
    }
    return statement;
  }

  return {
    insertBatch,

    hasSha(sha256: string): boolean {
      return idBySha.get(sha256) !== undefined;
    },

    findByFileName(fileName: string): number | undefined {
      return idByFileName.get(fileName) as number | undefined;
    },

    count(): number {
      return countAll.get() as number;
    },

    /** One page of the library, filtered and sorted; `total` counts every match. */
    list(args: Required<Pick<PageListArgs, 'offset' | 'limit' | 'sort' | 'direction'>> & PageListArgs) {
      const conditions: string[] = [];
      const params: (string | number)[] = [];
      if (args.text) {
        conditions.push(`(file_name LIKE ? ESCAPE '\\' OR newspaper LIKE ? ESCAPE '\\')`);
        const pattern = `%${escapeLike(args.text)}%`;
        params.push(pattern, pattern);
      }
      if (args.status) {
        conditions.push('status = ?');
        params.push(args.status);
      }
      if (args.newspaper) {
        conditions.push('newspaper = ?');
        params.push(args.newspaper);
      }
      const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
      const orderBy = ORDER_BY[args.sort].replaceAll('{dir}', args.direction === 'desc' ? 'DESC' : 'ASC');
      const total =
        conditions.length === 0
          ? (countAll.get() as number)
          : (cachedStatement(`SELECT count(*) AS n FROM pages ${where}`).get(...params) as { n: number }).n;
      const rows = cachedStatement(
        `SELECT ${SUMMARY_COLUMNS} FROM pages ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
      ).all(...params, args.limit, args.offset) as PageRow[];
      return { total, rows: rows.map(toSummary) };
    },

    get(id: number): PageDetail | undefined {
      const row = byId.get(id) as PageDetailRow | undefined;
      if (!row) return undefined;
      return { ...toSummary(row), sha256: row.sha256, sourcePath: row.source_path, originalText: row.original_text };
    },

    /** Whether the page exists: cheaper than summary() (reads no column of the row). */
    exists(id: number): boolean {
      return existsById.get(id) !== undefined;
    },

    summary(id: number): PageSummary | undefined {
      const row = summaryById.get(id) as PageRow | undefined;
      return row ? toSummary(row) : undefined;
    },

    updateMeta(id: number, meta: { newspaper: string | null; date: string | null; pageNo: string | null }): void {
      updateMeta.run({ id, ...meta, now: new Date().toISOString() });
    },

    setStatus(id: number, status: PageStatus): void {
      updateStatus.run(status, new Date().toISOString(), id);
    },

    newspapers(): { name: string; pages: number }[] {
      return newspapers.all() as { name: string; pages: number }[];
    },

    statusCounts(): { status: PageStatus; n: number }[] {
      return statusCounts.all() as { status: PageStatus; n: number }[];
    },
  };
}
