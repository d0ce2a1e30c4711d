// Schema version 1: the corpus metadata table and pages with their immutable original text.
import type { Migration } from './types';

export const migration0010: Migration = {
  version: 1,
  name: '0010-create-pages',
  up(db) {
    db.exec(`
      CREATE TABLE corpus_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        file_name TEXT NOT NULL,
        source_path TEXT,
        sha256 TEXT NOT NULL UNIQUE,
        encoding TEXT NOT NULL,
        original_text TEXT NOT NULL,
        chars INTEGER NOT NULL,
        newspaper TEXT,
        date TEXT,
        page_no TEXT,
        status TEXT NOT NULL DEFAULT 'new'
          CHECK (status IN ('new', 'repaired', 'annotated', 'reviewed')),
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX pages_file_name ON pages (file_name COLLATE NOCASE, id);
      CREATE INDEX pages_newspaper ON pages (newspaper, date, page_no, id);
      CREATE INDEX pages_date ON pages (date, newspaper, page_no, id);
      CREATE INDEX pages_status ON pages (status, id);

      -- The original OCR text is the reference every correction is a diff against: never rewrite it.
      CREATE TRIGGER pages_original_immutable
      BEFORE UPDATE OF original_text, sha256, encoding ON pages
      BEGIN
        SELECT RAISE(ABORT, 'the original text of a page is immutable');
      END;
    `);
  },
};
