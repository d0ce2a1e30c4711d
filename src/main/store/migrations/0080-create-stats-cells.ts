// Schema version 8 (7 is the search index's): span counts per entity and per cell of pages that share a newspaper,
// a status and a month, for the statistics view's top entities under page filters. Counting the selected pages'
// spans took 0.3–0.8 s of CPU on 20,000 pages with 100 spans each (seconds on a busy machine); a month of a newspaper
// holds hundreds of pages, so an entity has a row per cell where the spans table has one per mention. Kept by
// triggers on spans and on the page columns that place a page in a cell, in the writer's own transaction. Also a
// partial index of the spans linked to an entity, for the entity proposals.
import type { Migration } from './types';

/** The month of an ISO date (YYYY-MM-DD) as a cell key, '' for a page without one (or with another form). */
export function cellMonth(date: string): string {
  return `CASE WHEN ${date} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' THEN substr(${date}, 1, 7) ELSE '' END`;
}

/** The cell of the page row `page` (NEW or OLD of pages, or an alias): newspaper '' stands for none. */
const cellOf = (page: string) =>
  `(SELECT c.id FROM stats_cells c WHERE c.newspaper = coalesce(${page}.newspaper, '') AND c.status = ${page}.status
      AND c.month = ${cellMonth(`${page}.date`)})`;

// An outer statement's conflict clause (a save's upsert of span rows) would override INSERT OR IGNORE here: the
// triggers use upserts, which keep their own.
function countIn(row: string): string {
  return `
    INSERT INTO stats_cells (newspaper, status, month)
      SELECT coalesce(p.newspaper, ''), p.status, ${cellMonth('p.date')} FROM pages p WHERE p.id = ${row}.page_id
      ON CONFLICT DO NOTHING;
    INSERT INTO stats_cell_entities (label, text, cell, spans, pages)
      SELECT ${row}.label, ${row}.text, ${cellOf('p')}, 1, 1 FROM pages p WHERE p.id = ${row}.page_id
      ON CONFLICT (label, text, cell) DO UPDATE SET spans = spans + 1,
        pages = pages + ((SELECT count(*) FROM (SELECT 1 FROM spans s
          WHERE s.label = ${row}.label AND s.text = ${row}.text AND s.page_id = ${row}.page_id LIMIT 2)) = 1);`;
}

function countOut(row: string): string {
  const cell = `(SELECT ${cellOf('p')} FROM pages p WHERE p.id = ${row}.page_id)`;
  return `
    UPDATE stats_cell_entities SET spans = spans - 1,
        pages = pages - NOT EXISTS (SELECT 1 FROM spans s
          WHERE s.label = ${row}.label AND s.text = ${row}.text AND s.page_id = ${row}.page_id)
      WHERE label = ${row}.label AND text = ${row}.text AND cell = ${cell};
    DELETE FROM stats_cell_entities WHERE label = ${row}.label AND text = ${row}.text AND cell = ${cell} AND spans <= 0;`;
}

/** A page's spans per entity, as the page moves out of (sign -1) or into (+1) the cell of `page`. */
function movePage(page: string, sign: 1 | -1): string {
  if (sign === 1) {
    return `
    INSERT INTO stats_cells (newspaper, status, month)
      VALUES (coalesce(${page}.newspaper, ''), ${page}.status, ${cellMonth(`${page}.date`)})
      ON CONFLICT DO NOTHING;
    INSERT INTO stats_cell_entities (label, text, cell, spans, pages)
      SELECT s.label, s.text, ${cellOf(page)}, count(*), 1 FROM spans s WHERE s.page_id = ${page}.id
      GROUP BY s.label, s.text
      ON CONFLICT (label, text, cell) DO UPDATE SET spans = spans + excluded.spans, pages = pages + 1;`;
  }
  return `
    UPDATE stats_cell_entities AS e SET spans = e.spans - g.n, pages = e.pages - 1
      FROM (SELECT s.label, s.text, count(*) AS n FROM spans s WHERE s.page_id = ${page}.id GROUP BY s.label, s.text) g
      WHERE e.label = g.label AND e.text = g.text AND e.cell = ${cellOf(page)};
    DELETE FROM stats_cell_entities WHERE cell = ${cellOf(page)} AND spans <= 0
      AND (label, text) IN (SELECT s.label, s.text FROM spans s WHERE s.page_id = ${page}.id);`;
}

export const migration0080: Migration = {
  version: 8,
  name: '0080-create-stats-cells',
  up(db) {
    db.exec(`
      -- Pages grouped by what the statistics filters select them by: newspaper ('' for none), status and month
      -- ('' for a page without an ISO date). Rows are never removed: there are few, and an empty one costs nothing.
      CREATE TABLE stats_cells (
        id INTEGER PRIMARY KEY,
        newspaper TEXT NOT NULL,
        status TEXT NOT NULL,
        month TEXT NOT NULL,
        UNIQUE (newspaper, status, month)
      ) STRICT;

      -- Spans and pages per entity (label + span text, as in stats_entities) and cell.
      CREATE TABLE stats_cell_entities (
        label TEXT NOT NULL,
        text TEXT NOT NULL,
        cell INTEGER NOT NULL,
        spans INTEGER NOT NULL,
        pages INTEGER NOT NULL,
        PRIMARY KEY (label, text, cell)
      ) STRICT, WITHOUT ROWID;

      -- The spans linked to an entity, by group (label + text) and page: the entity proposals subtract them from
      -- stats_entities instead of grouping every span row (a partial index: unlinked spans cost nothing here).
      CREATE INDEX spans_linked ON spans (label, text, page_id, entity_id) WHERE entity_id IS NOT NULL;

      INSERT INTO stats_cells (newspaper, status, month)
        SELECT DISTINCT coalesce(newspaper, ''), status, ${cellMonth('date')} FROM pages;
      INSERT INTO stats_cell_entities (label, text, cell, spans, pages)
        SELECT s.label, s.text, ${cellOf('p')}, count(*), count(DISTINCT s.page_id)
        FROM spans s JOIN pages p ON p.id = s.page_id
        GROUP BY s.label, s.text, 3;

      CREATE TRIGGER spans_cells_insert AFTER INSERT ON spans BEGIN ${countIn('NEW')}
      END;
      CREATE TRIGGER spans_cells_delete AFTER DELETE ON spans BEGIN ${countOut('OLD')}
      END;
      CREATE TRIGGER spans_cells_update AFTER UPDATE OF page_id, label, text ON spans
      WHEN OLD.page_id IS NOT NEW.page_id OR OLD.label IS NOT NEW.label OR OLD.text IS NOT NEW.text
      BEGIN ${countOut('OLD')} ${countIn('NEW')}
      END;

      -- A page that changes newspaper, status or month takes its spans to another cell.
      CREATE TRIGGER pages_cells_move AFTER UPDATE OF newspaper, status, date ON pages
      WHEN coalesce(OLD.newspaper, '') IS NOT coalesce(NEW.newspaper, '') OR OLD.status IS NOT NEW.status
        OR ${cellMonth('OLD.date')} IS NOT ${cellMonth('NEW.date')}
      BEGIN ${movePage('OLD', -1)} ${movePage('NEW', 1)}
      END;
      -- The spans of a deleted page are counted out while the page still says which cell they are in (the
      -- foreign key's cascade would delete them after the page row).
      CREATE TRIGGER pages_cells_delete BEFORE DELETE ON pages BEGIN
        DELETE FROM spans WHERE page_id = OLD.id;
      END;
    `);
  },
};
