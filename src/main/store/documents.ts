// Data access for edited page documents: the current revision, the revision history, the spans derived from
// the document, and the label set.
import type Database from 'better-sqlite3';

import type { Label, RevisionSummary, SpanReviewItem } from '../../shared/api';
import { offsetConverter, type PageDocument } from '../../shared/document';

/** Revisions kept per page; older ones are pruned on save. */
const REVISIONS_KEPT = 200;
/**
 * Autosave writes a revision every second or so while someone types. History keeps one row per burst of
 * saves: a save less than this long after the newest row's burst began replaces that row, so the history
 * holds a version at least every two minutes of work instead of the last 200 keystrokes.
 */
const HISTORY_BURST_MS = 2 * 60_000;

export interface StoredDocument {
  revision: number;
  document: PageDocument;
  review: SpanReviewItem[];
  savedAt: string;
}

function countSpans(doc: PageDocument): number {
  let n = 0;
  for (const a of doc.articles) for (const b of a.blocks) n += b.spans.length;
  return n;
}

function countChars(doc: PageDocument): number {
  let n = 0;
  for (const a of doc.articles) for (const b of a.blocks) n += b.text.length;
  return n;
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;

export function createDocumentStore(db: Database.Database) {
  const current = db.prepare('SELECT revision, document, review, saved_at FROM page_documents WHERE page_id = ?');
  const revisionOf = db.prepare('SELECT revision FROM page_documents WHERE page_id = ?').pluck();
  const upsert = db.prepare(`
    INSERT INTO page_documents (page_id, revision, document, review, saved_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (page_id) DO UPDATE SET revision = excluded.revision, document = excluded.document,
      review = excluded.review, saved_at = excluded.saved_at`);
  const insertRevision = db.prepare(`
    INSERT INTO page_revisions (page_id, revision, document, saved_at, burst_started_at, spans, chars)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const pruneRevisions = db.prepare('DELETE FROM page_revisions WHERE page_id = ? AND revision <= ?');
  const newestRevision = db.prepare(
    'SELECT revision, burst_started_at FROM page_revisions WHERE page_id = ? ORDER BY revision DESC LIMIT 1',
  );
  const deleteRevision = db.prepare('DELETE FROM page_revisions WHERE page_id = ? AND revision = ?');
  const listRevisions = db.prepare(
    'SELECT revision, saved_at, spans, chars FROM page_revisions WHERE page_id = ? ORDER BY revision DESC',
  );
  const oneRevision = db.prepare(
    'SELECT revision, saved_at, document FROM page_revisions WHERE page_id = ? AND revision = ?',
  );
  const deleteSpans = db.prepare('DELETE FROM spans WHERE page_id = ?');
  const insertSpan = db.prepare(`
    INSERT INTO spans (page_id, span_id, block_id, article_index, label, text, start, end, cp_start, cp_end,
                       entity_id, origin)
    VALUES (@pageId, @spanId, @blockId, @articleIndex, @label, @text, @start, @end, @cpStart, @cpEnd, @entityId,
            @origin)`);
  const labels = db.prepare('SELECT name, color, hotkey FROM labels ORDER BY position');
  const labelNames = db.prepare('SELECT name FROM labels').pluck();
  const labelUsage = db.prepare('SELECT label, count(*) AS n FROM spans GROUP BY label');
  const deleteLabels = db.prepare('DELETE FROM labels');
  const insertLabel = db.prepare('INSERT INTO labels (name, color, hotkey, position) VALUES (?, ?, ?, ?)');
  const documentsWithLabel = db.prepare(
    'SELECT DISTINCT d.page_id FROM page_documents d JOIN spans s ON s.page_id = d.page_id WHERE s.label = ?',
  );

  /** Rewrites the derived span rows of a page from its document (same transaction as the save). */
  function writeSpans(pageId: number, doc: PageDocument): void {
    deleteSpans.run(pageId);
    doc.articles.forEach((article, articleIndex) => {
      for (const block of article.blocks) {
        if (block.spans.length === 0) continue;
        const offsets = offsetConverter(block.text);
        for (const span of block.spans) {
          insertSpan.run({
            pageId,
            spanId: span.id,
            blockId: block.id,
            articleIndex,
            label: span.label,
            text: block.text.slice(span.start, span.end),
            start: span.start,
            end: span.end,
            cpStart: offsets.toCodePoint(span.start),
            cpEnd: offsets.toCodePoint(span.end),
            entityId: span.entityId ?? null,
            origin: span.origin,
          });
        }
      }
    });
  }

  function parse(row: { revision: number; document: string; review: string; saved_at: string }): StoredDocument {
    return {
      revision: row.revision,
      document: JSON.parse(row.document) as PageDocument,
      review: JSON.parse(row.review) as SpanReviewItem[],
      savedAt: row.saved_at,
    };
  }

  return {
    get(pageId: number): StoredDocument | undefined {
      const row = current.get(pageId) as
        { revision: number; document: string; review: string; saved_at: string } | undefined;
      return row ? parse(row) : undefined;
    },

    revision(pageId: number): number {
      return (revisionOf.get(pageId) as number | undefined) ?? 0;
    },

    /**
     * Writes a new revision with its history row and derived spans. Call inside a transaction. `ownHistoryRow`
     * keeps the previous history row even inside a burst of autosaves: a change made from outside the editor
     * (linking spans to an entity, a corpus-wide replace or tag) must stay undoable from History….
     */
    write(
      pageId: number,
      revision: number,
      doc: PageDocument,
      review: SpanReviewItem[],
      savedAt: string,
      options: { ownHistoryRow?: boolean } = {},
    ): void {
      const json = JSON.stringify(doc);
      upsert.run(pageId, revision, json, JSON.stringify(review), savedAt);
      const newest = newestRevision.get(pageId) as { revision: number; burst_started_at: string } | undefined;
      let burstStartedAt = savedAt;
      if (
        !options.ownHistoryRow &&
        newest &&
        Date.parse(savedAt) - Date.parse(newest.burst_started_at) < HISTORY_BURST_MS
      ) {
        deleteRevision.run(pageId, newest.revision);
        burstStartedAt = newest.burst_started_at;
      }
      insertRevision.run(pageId, revision, json, savedAt, burstStartedAt, countSpans(doc), countChars(doc));
      pruneRevisions.run(pageId, revision - REVISIONS_KEPT);
      writeSpans(pageId, doc);
    },

    revisions(pageId: number): RevisionSummary[] {
      return (listRevisions.all(pageId) as { revision: number; saved_at: string; spans: number; chars: number }[]).map(
        (r) => ({ revision: r.revision, savedAt: r.saved_at, spans: r.spans, chars: r.chars }),
      );
    },

    revisionDocument(
      pageId: number,
      revision: number,
    ): { revision: number; savedAt: string; document: PageDocument } | undefined {
      const row = oneRevision.get(pageId, revision) as
        { revision: number; saved_at: string; document: string } | undefined;
      return row
        ? { revision: row.revision, savedAt: row.saved_at, document: JSON.parse(row.document) as PageDocument }
        : undefined;
    },

    labels(): (Label & { spans: number })[] {
      const usage = new Map((labelUsage.all() as { label: string; n: number }[]).map((r) => [r.label, r.n]));
      return (labels.all() as Label[]).map((l) => ({ ...l, spans: usage.get(l.name) ?? 0 }));
    },

    /** Just the names: cheap enough for every save (usage counts scan every span). */
    labelNames(): Set<string> {
      return new Set(labelNames.all() as string[]);
    },

    replaceLabels(next: readonly Label[]): void {
      deleteLabels.run();
      next.forEach((l, position) => insertLabel.run(l.name, l.color, l.hotkey, position));
    },

    pagesWithLabel(label: string): number[] {
      return documentsWithLabel.pluck().all(label) as number[];
    },
  };
}
