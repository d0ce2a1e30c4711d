// Schema version 2: the repair engine's reading of each page, its suggestions, the human decisions on
// them (kept apart so a re-run of the engine can never touch them) and the jump links it found.
import type { Migration } from './types';

export const migration0020: Migration = {
  version: 2,
  name: '0020-create-readings',
  up(db) {
    db.exec(`
      CREATE TABLE page_readings (
        page_id INTEGER PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
        engine_version INTEGER NOT NULL,
        threshold REAL NOT NULL,
        reading TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE suggestions (
        page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
        suggestion_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        confidence REAL NOT NULL,
        applied INTEGER NOT NULL CHECK (applied IN (0, 1)),
        payload TEXT NOT NULL,
        PRIMARY KEY (page_id, suggestion_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE suggestion_decisions (
        page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
        suggestion_id TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
        decided_at TEXT NOT NULL,
        PRIMARY KEY (page_id, suggestion_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE jump_links (
        page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
        suggestion_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('continued-on', 'continued-from')),
        target_newspaper TEXT,
        target_date TEXT,
        target_page TEXT NOT NULL,
        PRIMARY KEY (page_id, suggestion_id)
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX jump_links_target ON jump_links (target_newspaper, target_date, target_page);
    `);
  },
};
