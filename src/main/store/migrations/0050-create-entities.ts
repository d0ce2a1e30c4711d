// Schema version 5: the entity register — entities with a canonical name, label and note, their variant
// spellings, and the proposals a researcher dismissed. Which span links to which entity stays in each page's
// document (span.entityId); the derived spans table gains an index on entity_id to count and list mentions.
import type { Migration } from './types';

export const migration0050: Migration = {
  version: 5,
  name: '0050-create-entities',
  up(db) {
    db.exec(`
      CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        canonical TEXT NOT NULL CHECK (length(canonical) > 0),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX entities_label_canonical ON entities (label, canonical);
      CREATE INDEX entities_canonical ON entities (canonical);

      CREATE TABLE entity_variants (
        entity_id TEXT NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
        text TEXT NOT NULL CHECK (length(text) > 0),
        PRIMARY KEY (entity_id, text)
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX entity_variants_text ON entity_variants (text);

      -- Proposals the researcher dismissed, by their key ('create' label+text, or 'merge' of two entity ids).
      CREATE TABLE entity_dismissals (
        proposal_key TEXT PRIMARY KEY,
        dismissed_at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX spans_entity ON spans (entity_id, page_id) WHERE entity_id IS NOT NULL;
    `);
  },
};
