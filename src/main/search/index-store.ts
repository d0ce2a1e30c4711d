// Keeps the search index in step with the pages: search_blocks (the corrected blocks) and its trigram index
// search_fts, per page inside the save's transaction or all at once after a bulk import; and the trigram index of
// the original OCR text, search_original, built from pages.original_text the first time somebody searches it.
import type Database from 'better-sqlite3';

import { documentFromReading, isExportedRole, type PageDocument, type ReadingLike } from '../../shared/document';
import type { BlockRole } from '../../shared/domain';
import { SEARCH_INDEX_STATE_KEY } from '../store/migrations/0040-create-search';
import { SEARCH_ORIGINAL_STATE_KEY } from '../store/migrations/0070-search-original';

/** corpus_meta key of the last page id indexed by an incremental build (state 'building'). */
export const SEARCH_INDEX_CURSOR_KEY = 'search_index_cursor';
/** corpus_meta key of the last page id whose original text an incremental build indexed. */
export const SEARCH_ORIGINAL_CURSOR_KEY = 'search_original_cursor';
export type SearchIndexState = 'built' | 'building' | 'stale';

export interface SearchIndexProgress {
  state: SearchIndexState;
  /** Pages indexed so far (all of them when built). */
  done: number;
  total: number;
}

/** One indexed text: a block of the corrected text, as the page document has it. */
export interface SearchRow {
  /** The block's id in the page document. */
  blockKey: string;
  articleIndex: number | null;
  blockIndex: number | null;
  role: BlockRole | null;
  text: string;
}

/** The block key of an original-text hit: the whole page. */
export const ORIGINAL_BLOCK_KEY = 'original';
const BLANK = /^\s*$/;
/** Pages read per query while rebuilding: bounds memory, and better-sqlite3 cannot write while iterating. */
const REBUILD_CHUNK = 1000;
/** Above this share of the corpus or this many pages, one FTS rebuild beats per-row inserts (isBulk). */
const REBUILD_SHARE = 0.2;
const REBUILD_MIN_PAGES = 2000;
/**
 * Bytes of new index entries FTS5 gathers in memory before writing a segment (its default is 1 MB). With 16 MB,
 * and no incremental merging while a rebuild runs, one rebuild of 10,000 pages took 2.2 s instead of 3.7 s,
 * with the same query speed afterwards.
 */
const FTS_HASH_BYTES = 16 * 1024 * 1024;
const FTS_AUTOMERGE = 4;

/**
 * The corrected rows of a document: the blocks of its articles that exports keep (not jump or furniture,
 * not blank), with their position so a hit can open the editor at the block.
 */
export function rowsFromDocument(doc: PageDocument): SearchRow[] {
  const rows: SearchRow[] = [];
  doc.articles.forEach((article, articleIndex) => {
    article.blocks.forEach((block, blockIndex) => {
      if (!isExportedRole(block.role) || BLANK.test(block.text)) return;
      rows.push({
        blockKey: block.id,
        articleIndex,
        blockIndex,
        role: block.role,
        text: block.text,
      });
    });
  });
  return rows;
}

/** The document an unsaved page shows: the one the editor derives from the stored reading, with the same ids. */
function documentFromStoredReading(pageId: number, json: string): PageDocument {
  const parsed = JSON.parse(json) as Partial<ReadingLike>;
  return documentFromReading({ articles: parsed.articles ?? [], removed: parsed.removed ?? [] }, `p${pageId}`);
}

function correctedRows(pageId: number, documentJson: string | null, readingJson: string | null): SearchRow[] {
  if (documentJson !== null) return rowsFromDocument(JSON.parse(documentJson) as PageDocument);
  if (readingJson !== null) return rowsFromDocument(documentFromStoredReading(pageId, readingJson));
  return [];
}

/**
 * A page's corrected rows from what is stored: the saved document if there is one, else the repair reading, else
 * none. Empty for a page that does not exist.
 */
export function corpusRows(db: Database.Database, pageId: number): SearchRow[] {
  const row = db
    .prepare(
      `SELECT d.document, r.reading FROM pages p
       LEFT JOIN page_documents d ON d.page_id = p.id LEFT JOIN page_readings r ON r.page_id = p.id
       WHERE p.id = ?`,
    )
    .get(pageId) as { document: string | null; reading: string | null } | undefined;
  return row ? correctedRows(pageId, row.document, row.reading) : [];
}

/** A row of search_blocks as indexPage compares it. */
interface StoredRow {
  id: number;
  block_key: string;
  article_index: number | null;
  block_index: number | null;
  role: string | null;
  text: string;
}

function sameRow(stored: StoredRow, row: SearchRow): boolean {
  return (
    stored.block_key === row.blockKey &&
    stored.article_index === row.articleIndex &&
    stored.block_index === row.blockIndex &&
    stored.role === row.role &&
    stored.text === row.text
  );
}

export interface RebuildReport {
  pages: number;
  rows: number;
  ms: number;
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;

export function createSearchIndex(db: Database.Database) {
  const rowsOfPage = db.prepare(
    'SELECT id, block_key, article_index, block_index, role, text FROM search_blocks WHERE page_id = ? ORDER BY id',
  );
  const ftsDelete = db.prepare(`INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', ?, ?)`);
  const deleteRow = db.prepare('DELETE FROM search_blocks WHERE id = ?');
  const insertRow = db.prepare(`
    INSERT INTO search_blocks (id, page_id, block_key, article_index, block_index, role, text)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const nextId = db.prepare('SELECT coalesce(max(id), 0) + 1 FROM search_blocks').pluck();
  const ftsInsert = db.prepare('INSERT INTO search_fts (rowid, text) VALUES (?, ?)');
  const countPages = db.prepare('SELECT count(*) FROM pages').pluck();
  const getState = db.prepare('SELECT value FROM corpus_meta WHERE key = ?').pluck();
  const setState = db.prepare('INSERT OR REPLACE INTO corpus_meta (key, value) VALUES (?, ?)');
  const deleteMeta = db.prepare('DELETE FROM corpus_meta WHERE key = ?');
  const pagesAfter = db.prepare(`
    SELECT p.id, d.document, r.reading FROM pages p
    LEFT JOIN page_documents d ON d.page_id = p.id LEFT JOIN page_readings r ON r.page_id = p.id
    WHERE p.id > ? ORDER BY p.id LIMIT ?`);
  const countUpTo = db.prepare('SELECT count(*) FROM pages WHERE id <= ?').pluck();
  const originalsAfter = db.prepare('SELECT id, original_text FROM pages WHERE id > ? ORDER BY id LIMIT ?');
  const originalOf = db.prepare('SELECT original_text FROM pages WHERE id = ?').pluck();
  const originalInsert = db.prepare('INSERT INTO search_original (rowid, original_text) VALUES (?, ?)');
  const originalDelete = db.prepare(
    `INSERT INTO search_original (search_original, rowid, original_text) VALUES ('delete', ?, ?)`,
  );

  function stateOf(key: string): SearchIndexState {
    const value = getState.get(key);
    return value === 'built' || value === 'building' ? value : 'stale';
  }
  const state = (): SearchIndexState => stateOf(SEARCH_INDEX_STATE_KEY);
  const originalState = (): SearchIndexState => stateOf(SEARCH_ORIGINAL_STATE_KEY);
  const cursorOf = (key: string): number => Number(getState.get(key) ?? 0);

  /** One FTS5 'rebuild' of `table`, written in large segments and without merging as it goes. */
  function ftsRebuild(table: 'search_fts' | 'search_original'): void {
    // FTS5 refuses bound values for its settings: they go in as literals (constants).
    const config = (name: string, value: number) =>
      db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('${name}', ${value})`).run();
    config('hashsize', FTS_HASH_BYTES);
    config('automerge', 0);
    db.prepare(`INSERT INTO ${table} (${table}) VALUES ('rebuild')`).run();
    // Saves afterwards add small segments: merging them as they come keeps queries fast.
    config('automerge', FTS_AUTOMERGE);
  }

  /** Whether this many new or changed pages are better indexed by one rebuild than page by page. */
  function isBulk(pages: number): boolean {
    return pages >= REBUILD_MIN_PAGES || pages >= (countPages.get() as number) * REBUILD_SHARE;
  }

  function insert(id: number, pageId: number, row: SearchRow, withTrigram: boolean): void {
    insertRow.run(id, pageId, row.blockKey, row.articleIndex, row.blockIndex, row.role, row.text);
    if (withTrigram) ftsInsert.run(id, row.text);
  }

  /**
   * Replaces the page's rows with `rows`. An external-content FTS table can only forget a row when told its old
   * text, so each old row is deleted from search_fts first. Rows equal to the stored ones at the page's start and
   * end are kept as they are: a save after typing in one block re-indexes that block, not the whole page.
   * Runs as a savepoint: call it inside the transaction that saves the page so both commit together.
   */
  const indexPage = db.transaction((pageId: number, rows: readonly SearchRow[]): void => {
    const stored = rowsOfPage.all(pageId) as StoredRow[];
    const shorter = Math.min(stored.length, rows.length);
    let head = 0;
    while (head < shorter && sameRow(stored[head]!, rows[head]!)) head++;
    let tail = 0;
    while (tail < shorter - head && sameRow(stored[stored.length - 1 - tail]!, rows[rows.length - 1 - tail]!)) tail++;
    const oldMiddle = stored.slice(head, stored.length - tail);
    const newMiddle = rows.slice(head, rows.length - tail);
    // The new rows take the ids of the old ones they replace, which keeps the page's rows in document order by
    // id (the order search lists hits in). More rows than ids there (a block added): every row from the first
    // change on is indexed again under new ids, after all others.
    const reuse = newMiddle.length <= oldMiddle.length;
    const removed = reuse ? oldMiddle : stored.slice(head);
    for (const old of removed) {
      ftsDelete.run(old.id, old.text);
      deleteRow.run(old.id);
    }
    const added = reuse ? newMiddle : rows.slice(head);
    added.forEach((row, i) => insert(reuse ? oldMiddle[i]!.id : (nextId.get() as number), pageId, row, true));
  });

  /**
   * Refills the index from every page and rebuilds search_fts once: far cheaper than per-row index inserts for a
   * whole corpus.
   */
  const rebuildAll = db.transaction((): RebuildReport => {
    const started = performance.now();
    db.prepare('DELETE FROM search_blocks').run();
    let rows = 0;
    let pages = 0;
    for (let after = 0; ;) {
      const chunk = pagesAfter.all(after, REBUILD_CHUNK) as {
        id: number;
        document: string | null;
        reading: string | null;
      }[];
      if (chunk.length === 0) break;
      for (const page of chunk) {
        for (const row of correctedRows(page.id, page.document, page.reading)) insert(++rows, page.id, row, false);
        pages++;
      }
      after = chunk[chunk.length - 1]!.id;
    }
    // One pass over the content table: far cheaper than the per-row trigram inserts it replaces.
    ftsRebuild('search_fts');
    setState.run(SEARCH_INDEX_STATE_KEY, 'built');
    deleteMeta.run(SEARCH_INDEX_CURSOR_KEY);
    return { pages, rows, ms: performance.now() - started };
  });

  /** Empties the index and starts an incremental build from the first page (state 'building'). */
  const startBuild = db.transaction((): void => {
    db.prepare('DELETE FROM search_blocks').run();
    db.prepare(`INSERT INTO search_fts (search_fts) VALUES ('delete-all')`).run();
    setState.run(SEARCH_INDEX_STATE_KEY, 'building');
    setState.run(SEARCH_INDEX_CURSOR_KEY, '0');
  });

  /**
   * One slice of an incremental build, in its own transaction: indexes the pages after the cursor (per-row index
   * inserts) until `budgetMs` has passed or `maxPages` were done, and moves the cursor. Saves made meanwhile keep
   * their page's rows right (indexPage replaces a page's rows, here as there), so a build can run between
   * requests and resume after a restart. Returns true when the index is complete.
   */
  const buildStep = db.transaction((budgetMs: number, maxPages: number): boolean => {
    if (state() === 'stale') startBuild();
    if (state() === 'built') return true;
    const started = performance.now();
    let after = cursorOf(SEARCH_INDEX_CURSOR_KEY);
    const chunk = pagesAfter.all(after, maxPages) as { id: number; document: string | null; reading: string | null }[];
    if (chunk.length === 0) {
      setState.run(SEARCH_INDEX_STATE_KEY, 'built');
      deleteMeta.run(SEARCH_INDEX_CURSOR_KEY);
      return true;
    }
    for (const page of chunk) {
      indexPage(page.id, correctedRows(page.id, page.document, page.reading));
      after = page.id;
      if (performance.now() - started >= budgetMs) break;
    }
    setState.run(SEARCH_INDEX_CURSOR_KEY, String(after));
    return false;
  });

  /** The original-text index in one FTS5 rebuild, read straight from pages.original_text. */
  const rebuildOriginal = db.transaction((): void => {
    ftsRebuild('search_original');
    setState.run(SEARCH_ORIGINAL_STATE_KEY, 'built');
    deleteMeta.run(SEARCH_ORIGINAL_CURSOR_KEY);
  });

  /**
   * One slice of the original-text index's incremental build (state 'building', see requestOriginal), like
   * buildStep. Returns true when there is nothing (more) to do.
   */
  const originalStep = db.transaction((budgetMs: number, maxPages: number): boolean => {
    if (originalState() !== 'building') return true;
    const started = performance.now();
    let after = cursorOf(SEARCH_ORIGINAL_CURSOR_KEY);
    const chunk = originalsAfter.all(after, maxPages) as { id: number; original_text: string }[];
    if (chunk.length === 0) {
      setState.run(SEARCH_ORIGINAL_STATE_KEY, 'built');
      deleteMeta.run(SEARCH_ORIGINAL_CURSOR_KEY);
      return true;
    }
    for (const page of chunk) {
      originalInsert.run(page.id, page.original_text);
      after = page.id;
      if (performance.now() - started >= budgetMs) break;
    }
    setState.run(SEARCH_ORIGINAL_CURSOR_KEY, String(after));
    return false;
  });

  /** Re-reads the pages from the store and replaces their rows. Call inside a transaction. */
  const indexPages = db.transaction((pageIds: readonly number[]): void => {
    for (const id of pageIds) indexPage(id, corpusRows(db, id));
  });

  function progressOf(key: string, cursorKey: string): SearchIndexProgress {
    const total = countPages.get() as number;
    const current = stateOf(key);
    if (current === 'built') return { state: current, done: total, total };
    if (current === 'stale') return { state: current, done: 0, total };
    return { state: current, done: countUpTo.get(cursorOf(cursorKey)) as number, total };
  }

  return {
    indexPage,
    indexPages,
    rebuildAll,
    startBuild,
    buildStep,
    state,
    rebuildOriginal,
    originalStep,
    originalState,
    isBulk,

    /** How far the index is: all pages when built, the pages up to the cursor while building, none when stale. */
    progress: (): SearchIndexProgress => progressOf(SEARCH_INDEX_STATE_KEY, SEARCH_INDEX_CURSOR_KEY),
    originalProgress: (): SearchIndexProgress => progressOf(SEARCH_ORIGINAL_STATE_KEY, SEARCH_ORIGINAL_CURSOR_KEY),

    /** indexPage for one page, reading its rows from the store. */
    reindexPage(pageId: number): void {
      indexPage(pageId, corpusRows(db, pageId));
    },

    /** Forgets a page; call before deleting it (search_blocks refers to pages without a cascade). */
    removePage: db.transaction((pageId: number): void => {
      indexPage(pageId, []);
      const indexed =
        originalState() === 'built' ||
        (originalState() === 'building' && pageId <= cursorOf(SEARCH_ORIGINAL_CURSOR_KEY));
      const text = originalOf.get(pageId) as string | undefined;
      if (indexed && text !== undefined) originalDelete.run(pageId, text);
    }),

    /**
     * New pages' original texts: inserted into a built original-text index when they are few, else the index
     * is left to one rebuild when next searched. A build in progress reaches them by its cursor (page ids grow).
     */
    addOriginals: db.transaction((pageIds: readonly number[]): void => {
      if (originalState() !== 'built' || pageIds.length === 0) return;
      if (isBulk(pageIds.length)) {
        setState.run(SEARCH_ORIGINAL_STATE_KEY, 'stale');
        return;
      }
      for (const id of pageIds) originalInsert.run(id, originalOf.get(id) as string);
    }),

    /**
     * Asks for the original-text index to be built slice by slice (originalStep) when it is not: an empty index
     * and a cursor before the first page.
     */
    requestOriginal: db.transaction((): void => {
      if (originalState() !== 'stale') return;
      db.prepare(`INSERT INTO search_original (search_original) VALUES ('delete-all')`).run();
      setState.run(SEARCH_ORIGINAL_STATE_KEY, 'building');
      setState.run(SEARCH_ORIGINAL_CURSOR_KEY, '0');
    }),

    /**
     * After pages were added or repaired in bulk: one rebuild when they are a large part of the corpus (or the
     * index was never built), else per-page upkeep. Returns which it did.
     */
    afterImport(pageIds: readonly number[]): 'rebuilt' | 'incremental' {
      if (getState.get(SEARCH_INDEX_STATE_KEY) !== 'built' || isBulk(pageIds.length)) {
        rebuildAll();
        return 'rebuilt';
      }
      indexPages(pageIds);
      return 'incremental';
    },

    /**
     * After a large import: leave the index to one bulk rebuild at the next search instead of indexing row by
     * row now (a per-row index makes a big import several times slower).
     */
    markStale(): void {
      setState.run(SEARCH_INDEX_STATE_KEY, 'stale');
    },

    /** False after the migration to schema 7 until the first rebuildAll: old pages are not indexed yet. */
    isBuilt(): boolean {
      return getState.get(SEARCH_INDEX_STATE_KEY) === 'built';
    },

    /**
     * True when per-page upkeep is worth doing: the index is built, or being built (a page behind the cursor
     * must follow its edits; one ahead of it is indexed again when the build gets there).
     */
    isMaintained(): boolean {
      return state() !== 'stale';
    },

    /** Rebuilds when the index was never built; returns whether it did. */
    ensureBuilt(): boolean {
      if (getState.get(SEARCH_INDEX_STATE_KEY) === 'built') return false;
      rebuildAll();
      return true;
    },
  };
}
