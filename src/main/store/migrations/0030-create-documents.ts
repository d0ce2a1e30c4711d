// Schema version 3: the edited document of each page (the source of truth for corrected text and spans once
// saved), its revision history, the spans derived from it, and the corpus's label set.
import type { Migration } from './types';

/** The default label set: persons, organizations, places, dates and titles (of works or positions). */
const DEFAULT_LABELS: [string, string, string][] = [
  ['PER', '#d9480f', '1'],
  ['ORG', '#1971c2', '2'],
  ['LOC', '#2f9e44', '3'],
  ['DATE', '#9c36b5', '4'],
  ['TITLE', '#e67700', '5'],
];

export const migration0030: Migration = {
  version: 3,
  name: '0030-create-documents',
  up(db) {
    db.exec(`
      CREATE TABLE page_documents (
        page_id INTEGER PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
        revision INTEGER NOT NULL CHECK (revision > 0),
        document TEXT NOT NULL,
        review TEXT NOT NULL,
        saved_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE page_revisions (
        page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        document TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        -- When the burst of autosaves this row stands for began (see documents.ts).
        burst_started_at TEXT NOT NULL,
        spans INTEGER NOT NULL,
        chars INTEGER NOT NULL,
        PRIMARY KEY (page_id, revision)
      ) STRICT, WITHOUT ROWID;

      -- Derived from page_documents on every save, in the same transaction: what search, statistics and
      -- exports read. start/end are UTF-16 offsets in the block's text, cp_start/cp_end code points.
      CREATE TABLE spans (
        page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
        span_id TEXT NOT NULL,
        block_id TEXT NOT NULL,
        article_index INTEGER NOT NULL,
        label TEXT NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        cp_start INTEGER NOT NULL,
        cp_end INTEGER NOT NULL,
        entity_id TEXT,
        origin TEXT NOT NULL,
        PRIMARY KEY (page_id, span_id)
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX spans_label_text ON spans (label, text);
      CREATE INDEX spans_text ON spans (text);

      CREATE TABLE labels (
        name TEXT PRIMARY KEY,
        color TEXT NOT NULL,
        hotkey TEXT UNIQUE,
        position INTEGER NOT NULL
      ) STRICT;
    `);
    const insert = db.prepare('INSERT INTO labels (name, color, hotkey, position) VALUES (?, ?, ?, ?)');
    DEFAULT_LABELS.forEach(([name, color, hotkey], position) => insert.run(name, color, hotkey, position));
  },
};
