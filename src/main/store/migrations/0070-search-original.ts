// Schema version 7: a leaner search index, so importing a corpus and indexing it costs little more than the text
// itself. Version 4 indexed every text twice over: the corrected blocks and a copy of each page's original text
// in search_blocks, each in the trigram index and again in a character index for 1–2 character terms — about 4×
// the work of one FTS5 rebuild of the text. Now:
// - search_blocks holds the corrected blocks only, indexed once by the trigram index search_fts;
// - 1–2 character terms are checked by a scan of the text (LIKE), narrowed by the trigram index where the query
//   allows: ~200 ms over 20,000 pages, within the 300 ms target, and the character index is gone;
// - the original OCR text is indexed straight from pages.original_text (external content, no copy), and only
//   once somebody searches it: it is immutable, so upkeep is one insert per new page.
// The old tables are dropped and the index marked for rebuilding (in the background in the app).
import { SEARCH_INDEX_STATE_KEY } from './0040-create-search';
import type { Migration } from './types';

/** corpus_meta key of the original-text index's state: 'built', 'building' (with a cursor) or anything else. */
export const SEARCH_ORIGINAL_STATE_KEY = 'search_original_state';

export const migration0070: Migration = {
  version: 7,
  name: '0070-search-original',
  up(db) {
    db.exec(`
      DROP TABLE search_fts;
      DROP TABLE search_chars;
      DROP TABLE search_blocks;

      -- text is the last column so a scan that rejects a row on its role never reads its overflow pages.
      -- No ON DELETE CASCADE: a cascade would leave entries in search_fts; remove a page's rows first.
      CREATE TABLE search_blocks (
        id INTEGER PRIMARY KEY,
        page_id INTEGER NOT NULL REFERENCES pages (id),
        block_key TEXT NOT NULL,
        article_index INTEGER,
        block_index INTEGER,
        role TEXT,
        text TEXT NOT NULL
      ) STRICT;

      CREATE INDEX search_blocks_page ON search_blocks (page_id);

      CREATE VIRTUAL TABLE search_fts USING fts5 (
        text,
        content = 'search_blocks',
        content_rowid = 'id',
        tokenize = 'trigram'
      );

      CREATE VIRTUAL TABLE search_original USING fts5 (
        original_text,
        content = 'pages',
        content_rowid = 'id',
        tokenize = 'trigram'
      );
    `);
    const setMeta = db.prepare('INSERT OR REPLACE INTO corpus_meta (key, value) VALUES (?, ?)');
    setMeta.run(SEARCH_INDEX_STATE_KEY, 'stale');
    setMeta.run(SEARCH_ORIGINAL_STATE_KEY, 'stale');
    db.prepare(`DELETE FROM corpus_meta WHERE key = 'search_index_cursor'`).run();
  },
};
