// Schema version 6 (5 is left to the entity register): aggregates of the spans for the statistics view, kept by
// triggers on spans so every writer (document saves, label renames, page deletions) keeps them in step in its own
// transaction. On 20,000 pages with 100 spans each, counting the 2M span rows costs seconds on a busy 2-core
// machine; these tables hold one row per page and label and one per entity, so the unfiltered view reads
// ~100k + a few hundred rows instead. Two covering indexes serve the remaining reads (see below).
import type { Migration } from './types';

/** The part of the triggers that counts one span row in (`row` is NEW) or out (OLD). */
function countIn(row: string): string {
  return `
    INSERT INTO stats_page_labels (page_id, label, spans) VALUES (${row}.page_id, ${row}.label, 1)
      ON CONFLICT (page_id, label) DO UPDATE SET spans = spans + 1;
    INSERT INTO stats_entities (label, text, spans, pages) VALUES (${row}.label, ${row}.text, 1, 1)
      ON CONFLICT (label, text) DO UPDATE SET spans = spans + 1,
        pages = pages + ((SELECT count(*) FROM (SELECT 1 FROM spans s
          WHERE s.label = ${row}.label AND s.text = ${row}.text AND s.page_id = ${row}.page_id LIMIT 2)) = 1);`;
}

function countOut(row: string): string {
  return `
    UPDATE stats_page_labels SET spans = spans - 1 WHERE page_id = ${row}.page_id AND label = ${row}.label;
    DELETE FROM stats_page_labels WHERE page_id = ${row}.page_id AND label = ${row}.label AND spans <= 0;
    UPDATE stats_entities SET spans = spans - 1,
        pages = pages - NOT EXISTS (SELECT 1 FROM spans s
          WHERE s.label = ${row}.label AND s.text = ${row}.text AND s.page_id = ${row}.page_id)
      WHERE label = ${row}.label AND text = ${row}.text;
    DELETE FROM stats_entities WHERE label = ${row}.label AND text = ${row}.text AND spans <= 0;`;
}

export const migration0060: Migration = {
  version: 6,
  name: '0060-create-stats',
  up(db) {
    db.exec(`
      -- Spans per page and label: spans per label, pages per label and mentions over time (joined to pages).
      CREATE TABLE stats_page_labels (
        page_id INTEGER NOT NULL,
        label TEXT NOT NULL,
        spans INTEGER NOT NULL,
        PRIMARY KEY (page_id, label)
      ) STRICT, WITHOUT ROWID;

      -- Spans and pages per entity (label + span text): the top entities of each label without a scan.
      CREATE TABLE stats_entities (
        label TEXT NOT NULL,
        text TEXT NOT NULL,
        spans INTEGER NOT NULL,
        pages INTEGER NOT NULL,
        PRIMARY KEY (label, text)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX stats_entities_rank ON stats_entities (label, spans DESC, text);

      -- The page columns statistics read, keyed by id: a page's newspaper, date, status and chars sit after its
      -- original text in the row, so reading them from the table walks the text's overflow pages.
      CREATE INDEX pages_stats ON pages (id, date, newspaper, status, chars);
      -- Co-occurrence reads the articles mentioning the top entities without a lookup per mention.
      CREATE INDEX spans_mentions ON spans (label, text, page_id, article_index);

      INSERT INTO stats_page_labels (page_id, label, spans)
        SELECT page_id, label, count(*) FROM spans GROUP BY page_id, label;
      INSERT INTO stats_entities (label, text, spans, pages)
        SELECT label, text, count(*), count(DISTINCT page_id) FROM spans GROUP BY label, text;

      CREATE TRIGGER spans_stats_insert AFTER INSERT ON spans BEGIN ${countIn('NEW')}
      END;
      CREATE TRIGGER spans_stats_delete AFTER DELETE ON spans BEGIN ${countOut('OLD')}
      END;
      CREATE TRIGGER spans_stats_update AFTER UPDATE OF page_id, label, text ON spans
      WHEN OLD.page_id IS NOT NEW.page_id OR OLD.label IS NOT NEW.label OR OLD.text IS NOT NEW.text
      BEGIN ${countOut('OLD')} ${countIn('NEW')}
      END;
    `);
  },
};
