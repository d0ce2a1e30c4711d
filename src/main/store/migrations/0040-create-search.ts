// Schema version 4: the search index — one row per corrected block and per page's original text, an FTS5 trigram
// index for 3+ character terms and a character index for 1–2 character ones, all kept up explicitly (no
// triggers: a per-row trigger makes bulk imports ~3× slower).
import type { Migration } from './types';

/** corpus_meta key telling whether search_blocks reflects the pages; anything but 'built' asks for rebuildAll. */
export const SEARCH_INDEX_STATE_KEY = 'search_index_state';

export const migration0040: Migration = {
  version: 4,
  name: '0040-create-search',
  up(db) {
    db.exec(`
      -- text is the last column so a scan that rejects a row on source or role never reads its overflow pages.
      -- No ON DELETE CASCADE: a cascade would leave entries in search_fts; remove a page's rows first.
      CREATE TABLE search_blocks (
        id INTEGER PRIMARY KEY,
        page_id INTEGER NOT NULL REFERENCES pages (id),
        source TEXT NOT NULL CHECK (source IN ('corrected', 'original')),
        block_key TEXT NOT NULL,
        article_index INTEGER,
        block_index INTEGER,
        role TEXT,
        text TEXT NOT NULL
      ) STRICT;

      CREATE INDEX search_blocks_page ON search_blocks (page_id, source);

      CREATE VIRTUAL TABLE search_fts USING fts5 (
        text,
        content = 'search_blocks',
        content_rowid = 'id',
        tokenize = 'trigram'
      );

      -- A trigram MATCH silently finds nothing under 3 characters and a LIKE scan of the corpus takes ~300 ms,
      -- so 1–2 character terms use this index: the text is stored with U+E000 between code points and every
      -- other character counts as a token, so a phrase of characters matches exactly the adjacent ones.
      CREATE VIRTUAL TABLE search_chars USING fts5 (
        text,
        content = '',
        contentless_delete = 1,
        tokenize = "unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Z* C*' separators '\uE000'"
      );
    `);
    // Existing pages are indexed by the first rebuildAll, outside the migration's transaction, so opening an
    // old corpus stays quick and the migration does not depend on today's indexing code.
    db.prepare('INSERT OR REPLACE INTO corpus_meta (key, value) VALUES (?, ?)').run(SEARCH_INDEX_STATE_KEY, 'stale');
  },
};
