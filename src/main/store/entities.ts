// Data access for the entity register: entities, their variants, dismissed proposals, and the queries over
// the derived spans table that count and list mentions. Links themselves live in the page documents.
import type Database from 'better-sqlite3';

import type { Entity, EntitySummary } from '../../shared/entities/types';

interface EntityRow {
  id: string;
  label: string;
  canonical: string;
  note: string;
  created_at: string;
  updated_at: string;
}

interface SummaryRow extends EntityRow {
  mentions: number;
  pages: number;
  first_date: string | null;
  last_date: string | null;
}

export interface MentionRow {
  page_id: number;
  span_id: string;
  block_id: string;
  article_index: number;
  label: string;
  text: string;
  start: number;
  end: number;
  file_name: string;
  newspaper: string | null;
  date: string | null;
  page_no: string | null;
}

export interface SpanLinkRow {
  page_id: number;
  span_id: string;
  label: string;
  text: string;
  entity_id: string | null;
  /** Whether entity_id names an entity of the register (else the span counts as unlinked). */
  registered: number;
}

interface SpanGroupKey {
  label: string;
  text: string;
}

export interface SpanGroup extends SpanGroupKey {
  mentions: number;
  pages: number;
}

export interface ListFilter {
  label?: string;
  text?: string;
  match: 'contains' | 'prefix' | 'exact';
  sort: 'mentions' | 'name' | 'recent';
  offset: number;
  limit: number;
}

/** Escapes LIKE wildcards (with `\` as the escape character). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Mention counts and dates per entity, from the derived spans (pages without a date are left out of the dates).
/** Mention counts and dates of the entities `ids` (a subquery) selects; dateless pages are left out of the dates. */
const mentionStats = (ids: string) => `
  SELECT s.entity_id, count(*) AS mentions, count(DISTINCT s.page_id) AS pages,
         min(p.date) AS first_date, max(p.date) AS last_date
  FROM spans s JOIN pages p ON p.id = s.page_id
  WHERE s.entity_id IN (${ids})
  GROUP BY s.entity_id`;

const SUMMARY_COLUMNS = `e.id, e.label, e.canonical, e.note, e.created_at, e.updated_at,
  coalesce(m.mentions, 0) AS mentions, coalesce(m.pages, 0) AS pages, m.first_date, m.last_date`;

const ORDER: Record<ListFilter['sort'], string> = {
  mentions: 'coalesce(m.mentions, 0) DESC, e.canonical, e.id',
  name: 'e.canonical, e.label, e.id',
  recent: 'e.updated_at DESC, e.id',
};

export type EntityStore = ReturnType<typeof createEntityStore>;

export function createEntityStore(db: Database.Database) {
  const insertEntity = db.prepare(
    'INSERT INTO entities (id, label, canonical, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const updateEntity = db.prepare(
    'UPDATE entities SET label = ?, canonical = ?, note = ?, updated_at = ? WHERE id = ?',
  );
  const deleteEntity = db.prepare('DELETE FROM entities WHERE id = ?');
  const oneEntity = db.prepare('SELECT * FROM entities WHERE id = ?');
  const variantsOf = db.prepare('SELECT text FROM entity_variants WHERE entity_id = ? ORDER BY text').pluck();
  const variantsOfMany = db.prepare(
    'SELECT entity_id, text FROM entity_variants WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY text',
  );
  const deleteVariants = db.prepare('DELETE FROM entity_variants WHERE entity_id = ?');
  const insertVariant = db.prepare('INSERT OR IGNORE INTO entity_variants (entity_id, text) VALUES (?, ?)');
  const byLabelCanonical = db.prepare('SELECT id FROM entities WHERE label = ? AND canonical = ? AND id <> ?').pluck();
  const summaryOf = db.prepare(`
    SELECT ${SUMMARY_COLUMNS}
    FROM entities e LEFT JOIN (
      SELECT s.entity_id, count(*) AS mentions, count(DISTINCT s.page_id) AS pages,
             min(p.date) AS first_date, max(p.date) AS last_date
      FROM spans s JOIN pages p ON p.id = s.page_id WHERE s.entity_id = @id GROUP BY s.entity_id
    ) m ON m.entity_id = e.id
    WHERE e.id = @id`);
  const mentionCount = db.prepare('SELECT count(*) FROM spans WHERE entity_id = ?').pluck();
  const mentions = db.prepare(`
    SELECT s.page_id, s.span_id, s.block_id, s.article_index, s.label, s.text, s.start, s.end,
           p.file_name, p.newspaper, p.date, p.page_no
    FROM spans s JOIN pages p ON p.id = s.page_id
    WHERE s.entity_id = ?
    ORDER BY p.date IS NULL, p.date, p.newspaper, p.page_no, p.id, s.article_index, s.cp_start
    LIMIT ? OFFSET ?`);
  const spanRef = db.prepare(`
    SELECT s.page_id, s.span_id, s.label, s.text, s.entity_id, e.id IS NOT NULL AS registered
    FROM spans s LEFT JOIN entities e ON e.id = s.entity_id
    WHERE s.page_id = ? AND s.span_id = ?`);
  const unlinkedSpans = db.prepare(`
    SELECT s.page_id, s.span_id, s.label, s.text, s.entity_id, 0 AS registered
    FROM spans s LEFT JOIN entities e ON e.id = s.entity_id
    WHERE s.label = ? AND s.text = ? AND e.id IS NULL`);
  const spansOfEntity = db.prepare(`
    SELECT page_id, span_id, label, text, entity_id, 1 AS registered FROM spans WHERE entity_id = ?`);
  // Every (label, text) group of spans with its mentions and pages, from the aggregate the span triggers keep
  // (migration 0060), in (label, text) order as GROUP BY gave them.
  const spanGroups = db.prepare(
    'SELECT label, text, spans AS mentions, pages FROM stats_entities ORDER BY label, text',
  );
  // Spans linked to a registered entity per (label, text) group, read from the partial index of linked spans
  // (migration 0080) in group order without touching the span rows.
  const linkedPerGroup = db.prepare(`
    SELECT s.label, s.text, count(*) AS linked
    FROM spans s INDEXED BY spans_linked JOIN entities e ON e.id = s.entity_id
    WHERE s.entity_id IS NOT NULL
    GROUP BY s.label, s.text`);
  // For a group only partly linked: the pages on which every span of the group is linked (its linked spans on a
  // page against all of its spans there).
  const whollyLinkedPages = db
    .prepare(
      `SELECT count(*) FROM (
         SELECT s.page_id, count(*) AS linked
         FROM spans s INDEXED BY spans_linked JOIN entities e ON e.id = s.entity_id
         WHERE s.label = @label AND s.text = @text AND s.entity_id IS NOT NULL
         GROUP BY s.page_id) l
       WHERE l.linked = (SELECT count(*) FROM spans m INDEXED BY spans_mentions
                         WHERE m.label = @label AND m.text = @text AND m.page_id = l.page_id)`,
    )
    .pluck();
  const allNames = db.prepare(`
    SELECT e.id, e.label, e.canonical AS name, e.canonical, e.created_at FROM entities e
    UNION
    SELECT e.id, e.label, v.text AS name, e.canonical, e.created_at
    FROM entity_variants v JOIN entities e ON e.id = v.entity_id`);
  const named = db
    .prepare(
      `SELECT id FROM entities WHERE label = @label AND canonical = @text
       UNION SELECT e.id FROM entity_variants v JOIN entities e ON e.id = v.entity_id
       WHERE e.label = @label AND v.text = @text`,
    )
    .pluck();
  const isDismissed = db.prepare('SELECT 1 FROM entity_dismissals WHERE proposal_key = ?').pluck();
  const dismissed = db.prepare('SELECT proposal_key FROM entity_dismissals').pluck();
  const dismiss = db.prepare('INSERT OR IGNORE INTO entity_dismissals (proposal_key, dismissed_at) VALUES (?, ?)');

  function withVariants(rows: SummaryRow[]): EntitySummary[] {
    const variants = new Map<string, string[]>();
    if (rows.length > 0) {
      const all = variantsOfMany.all(JSON.stringify(rows.map((r) => r.id))) as { entity_id: string; text: string }[];
      for (const v of all) {
        const list = variants.get(v.entity_id) ?? [];
        list.push(v.text);
        variants.set(v.entity_id, list);
      }
    }
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      canonical: r.canonical,
      variants: variants.get(r.id) ?? [],
      note: r.note,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      mentions: r.mentions,
      pages: r.pages,
      firstDate: r.first_date,
      lastDate: r.last_date,
    }));
  }

  return {
    insert(e: Entity): void {
      insertEntity.run(e.id, e.label, e.canonical, e.note, e.createdAt, e.updatedAt);
      for (const v of e.variants) insertVariant.run(e.id, v);
    },

    update(id: string, patch: { label: string; canonical: string; note: string; variants: string[] }, at: string) {
      updateEntity.run(patch.label, patch.canonical, patch.note, at, id);
      deleteVariants.run(id);
      for (const v of patch.variants) insertVariant.run(id, v);
    },

    delete(id: string): void {
      deleteEntity.run(id);
    },

    get(id: string): Entity | undefined {
      const row = oneEntity.get(id) as EntityRow | undefined;
      if (!row) return undefined;
      return {
        id: row.id,
        label: row.label,
        canonical: row.canonical,
        note: row.note,
        variants: variantsOf.all(id) as string[],
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    },

    /** Another entity with this label and canonical name, if any. */
    sameName(label: string, canonical: string, exceptId = ''): string | undefined {
      return byLabelCanonical.get(label, canonical, exceptId) as string | undefined;
    },

    summary(id: string): EntitySummary | undefined {
      const row = summaryOf.get({ id }) as SummaryRow | undefined;
      return row ? withVariants([row])[0] : undefined;
    },

    list(filter: ListFilter): { total: number; rows: EntitySummary[] } {
      const where: string[] = [];
      const params: Record<string, string | number> = { limit: filter.limit, offset: filter.offset };
      if (filter.label) {
        where.push('e.label = @label');
        params.label = filter.label;
      }
      const text = filter.text?.trim();
      if (text) {
        if (filter.match === 'exact') {
          where.push(
            '(e.canonical = @text OR EXISTS (SELECT 1 FROM entity_variants v WHERE v.entity_id = e.id AND v.text = @text))',
          );
          params.text = text;
        } else {
          where.push(
            "(e.canonical LIKE @text ESCAPE '\\' OR EXISTS (SELECT 1 FROM entity_variants v WHERE v.entity_id = e.id AND v.text LIKE @text ESCAPE '\\'))",
          );
          params.text = filter.match === 'prefix' ? `${likeEscape(text)}%` : `%${likeEscape(text)}%`;
        }
      }
      const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const { limit: _l, offset: _o, ...countParams } = params;
      const total = db.prepare(`SELECT count(*) FROM entities e ${whereSql}`).pluck().get(countParams) as number;
      // Counts are computed for the filtered entities only (by mentions), or only for the rows of this page.
      const sql =
        filter.sort === 'mentions'
          ? `WITH f AS (SELECT e.id FROM entities e ${whereSql}), m AS (${mentionStats('SELECT id FROM f')})
             SELECT ${SUMMARY_COLUMNS} FROM entities e JOIN f ON f.id = e.id LEFT JOIN m ON m.entity_id = e.id
             ORDER BY ${ORDER.mentions} LIMIT @limit OFFSET @offset`
          : `WITH page AS (SELECT e.id FROM entities e ${whereSql} ORDER BY ${ORDER[filter.sort]}
                           LIMIT @limit OFFSET @offset),
                  m AS (${mentionStats('SELECT id FROM page')})
             SELECT ${SUMMARY_COLUMNS} FROM entities e JOIN page ON page.id = e.id LEFT JOIN m ON m.entity_id = e.id
             ORDER BY ${ORDER[filter.sort]}`;
      const rows = db.prepare(sql).all(params) as SummaryRow[];
      return { total, rows: withVariants(rows) };
    },

    mentionCount(id: string): number {
      return mentionCount.get(id) as number;
    },

    mentions(id: string, offset: number, limit: number): MentionRow[] {
      return mentions.all(id, limit, offset) as MentionRow[];
    },

    span(pageId: number, spanId: string): SpanLinkRow | undefined {
      return spanRef.get(pageId, spanId) as SpanLinkRow | undefined;
    },

    unlinkedSpans(label: string, text: string): SpanLinkRow[] {
      return unlinkedSpans.all(label, text) as SpanLinkRow[];
    },

    spansOf(id: string): SpanLinkRow[] {
      return spansOfEntity.all(id) as SpanLinkRow[];
    },

    /**
     * Spans not linked to an entity of the register, grouped by label and text, with their mentions and pages,
     * in (label, text) order. Derived from the span aggregate minus the linked spans, so the cost follows the
     * number of groups and of linked spans instead of every span in the corpus (a scan of 2M spans took seconds),
     * and only a group that is partly linked has its pages looked at.
     */
    unlinkedGroups(): SpanGroup[] {
      const linked = new Map<string, number>();
      for (const r of linkedPerGroup.all() as (SpanGroupKey & { linked: number })[]) {
        linked.set(`${r.label}\u0000${r.text}`, r.linked);
      }
      const groups = spanGroups.all() as SpanGroup[];
      if (linked.size === 0) return groups;
      const out: SpanGroup[] = [];
      for (const g of groups) {
        const n = linked.get(`${g.label}\u0000${g.text}`);
        if (n === undefined) out.push(g);
        else if (g.mentions > n) {
          const pages = g.pages - (whollyLinkedPages.get({ label: g.label, text: g.text }) as number);
          out.push({ ...g, mentions: g.mentions - n, pages });
        }
      }
      return out;
    },

    names(): { id: string; label: string; name: string; canonical: string; created_at: string }[] {
      return allNames.all() as { id: string; label: string; name: string; canonical: string; created_at: string }[];
    },

    /** Entities of this label whose canonical name or a variant is `text`. */
    named(label: string, text: string): string[] {
      return named.all({ label, text }) as string[];
    },

    isDismissed(key: string): boolean {
      return isDismissed.get(key) !== undefined;
    },

    dismissed(): Set<string> {
      return new Set(dismissed.all() as string[]);
    },

    /** Follows renamed labels (a swap too): every entity of a renamed label takes the new name. */
    renameLabels(renames: ReadonlyMap<string, string>): void {
      const byLabel = db.prepare('SELECT id FROM entities WHERE label = ?').pluck();
      const setLabel = db.prepare('UPDATE entities SET label = ? WHERE id = ?');
      const moves = [...renames].map(([from, to]) => ({ to, ids: byLabel.all(from) as string[] }));
      for (const { to, ids } of moves) for (const id of ids) setLabel.run(to, id);
    },

    dismiss(key: string, at: string): boolean {
      return dismiss.run(key, at).changes > 0;
    },
  };
}
