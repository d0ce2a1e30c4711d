// Data access for edited page documents: the current revision, the revision history, the spans derived from
// the document, and the label set.
import type Database from 'better-sqlite3';

import type { Label, RevisionSummary, SpanReviewItem } from '../../shared/api';
import { type DocBlock, offsetConverter, type PageDocument } from '../../shared/document';

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

/** Whether a block's span rows would come out the same: same text and the same spans in the same order. */
function sameBlockSpans(a: DocBlock, b: DocBlock): boolean {
  if (a.text !== b.text || a.spans.length !== b.spans.length) return false;
  return a.spans.every((x, i) => {
    const y = b.spans[i]!;
    return (
      x.id === y.id &&
      x.label === y.label &&
      x.start === y.start &&
      x.end === y.end &&
      (x.entityId ?? null) === (y.entityId ?? null) &&
      x.origin === y.origin
    );
  });
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
  // A save within the newest row's burst takes that row over: same burst start, the new revision and document.
  const replaceRevision = db.prepare(`
    UPDATE page_revisions SET revision = ?, document = ?, saved_at = ?, spans = ?, chars = ?
    WHERE page_id = ? AND revision = ?`);
  const listRevisions = db.prepare(
    'SELECT revision, saved_at, spans, chars FROM page_revisions WHERE page_id = ? ORDER BY revision DESC',
  );
  const oneRevision = db.prepare(
    'SELECT revision, saved_at, document FROM page_revisions WHERE page_id = ? AND revision = ?',
  );
  const documentOf = db.prepare('SELECT document FROM page_documents WHERE page_id = ?').pluck();
  const deleteSpans = db.prepare('DELETE FROM spans WHERE page_id = ?');
  const deleteSpan = db.prepare('DELETE FROM spans WHERE page_id = ? AND span_id = ?');
  const upsertSpan = db.prepare(`
    INSERT INTO spans (page_id, span_id, block_id, article_index, label, text, start, end, cp_start, cp_end,
                       entity_id, origin)
    VALUES (@page_id, @span_id, @block_id, @article_index, @label, @text, @start, @end, @cp_start, @cp_end,
            @entity_id, @origin)
    ON CONFLICT (page_id, span_id) DO UPDATE SET block_id = excluded.block_id,
      article_index = excluded.article_index, label = excluded.label, text = excluded.text,
      start = excluded.start, end = excluded.end, cp_start = excluded.cp_start, cp_end = excluded.cp_end,
      entity_id = excluded.entity_id, origin = excluded.origin`);
  const labels = db.prepare('SELECT name, color, hotkey FROM labels ORDER BY position');
  const labelNames = db.prepare('SELECT name FROM labels').pluck();
  // From the per-page aggregate the span triggers keep (migration 0060): a few rows a page instead of every span,
  // so opening the editor on a corpus of a million spans does not count them all.
  const labelUsage = db.prepare('SELECT label, sum(spans) AS n FROM stats_page_labels GROUP BY label');
  const deleteLabels = db.prepare('DELETE FROM labels');
  const insertLabel = db.prepare('INSERT INTO labels (name, color, hotkey, position) VALUES (?, ?, ?, ?)');
  // The spans table holds the articles' spans; a set-aside block's spans live only in its document's JSON.
  const documentsWithLabel = db.prepare(`
    SELECT d.page_id FROM page_documents d JOIN spans s ON s.page_id = d.page_id WHERE s.label = @label
    UNION
    SELECT d.page_id FROM page_documents d, json_each(d.document, '$.setAside') b, json_each(b.value, '$.spans') s
    WHERE instr(d.document, '"setAside":[]') = 0 AND json_extract(s.value, '$.label') = @label`);

  /**
   * Brings the derived span rows of a page in line with its document (same transaction as the save). With
   * the previously stored document at hand, a block whose id, article, text and spans are unchanged keeps its
   * rows as they are (every column derives from those); only the spans of changed, new and removed blocks
   * are written or deleted. A save after typing a few characters then touches one block's rows, not every
   * span of the page and the table's two indexes. Without a previous document every row is written anew.
   */
  function writeSpans(pageId: number, doc: PageDocument, previous: PageDocument | null): void {
    const before = new Map<string, { articleIndex: number; block: DocBlock }>();
    if (previous) {
      previous.articles.forEach((article, articleIndex) => {
        for (const block of article.blocks) before.set(block.id, { articleIndex, block });
      });
    } else {
      deleteSpans.run(pageId);
    }
    const written = new Set<string>();
    const stale = new Set<string>();
    doc.articles.forEach((article, articleIndex) => {
      for (const block of article.blocks) {
        const old = before.get(block.id);
        before.delete(block.id);
        if (old && old.articleIndex === articleIndex && sameBlockSpans(old.block, block)) {
          for (const span of block.spans) written.add(span.id);
          continue;
        }
        if (old) for (const span of old.block.spans) stale.add(span.id);
        if (block.spans.length === 0) continue;
        const offsets = offsetConverter(block.text);
        for (const span of block.spans) {
          // The document schema keeps span ids unique; the primary key used to enforce it here too.
          if (written.has(span.id)) throw new Error(`writeSpans: span id ${span.id} occurs twice on page ${pageId}`);
          written.add(span.id);
          upsertSpan.run({
            page_id: pageId,
            span_id: span.id,
            block_id: block.id,
            article_index: articleIndex,
            label: span.label,
            text: block.text.slice(span.start, span.end),
            start: span.start,
            end: span.end,
            cp_start: offsets.toCodePoint(span.start),
            cp_end: offsets.toCodePoint(span.end),
            entity_id: span.entityId ?? null,
            origin: span.origin,
          });
        }
      }
    });
    // Blocks no longer in the document.
    for (const { block } of before.values()) for (const span of block.spans) stale.add(span.id);
    for (const spanId of stale) if (!written.has(spanId)) deleteSpan.run(pageId, spanId);
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
     * (linking spans to an entity, a corpus-wide replace or tag) must stay undoable from History…. `previous`:
     * the document stored now, when the caller has it (null: none), so it is not read and parsed again.
     */
    write(
      pageId: number,
      revision: number,
      doc: PageDocument,
      review: SpanReviewItem[],
      savedAt: string,
      options: { ownHistoryRow?: boolean; previous?: PageDocument | null } = {},
    ): void {
      // The stored document the span rows are compared with: given by a caller that has read it already.
      let previous = options.previous;
      if (previous === undefined) {
        const stored = documentOf.get(pageId) as string | undefined;
        previous = stored === undefined ? null : (JSON.parse(stored) as PageDocument);
      }
      const json = JSON.stringify(doc);
      upsert.run(pageId, revision, json, JSON.stringify(review), savedAt);
      const newest = newestRevision.get(pageId) as { revision: number; burst_started_at: string } | undefined;
      if (
        !options.ownHistoryRow &&
        newest &&
        Date.parse(savedAt) - Date.parse(newest.burst_started_at) < HISTORY_BURST_MS
      ) {
        replaceRevision.run(revision, json, savedAt, countSpans(doc), countChars(doc), pageId, newest.revision);
      } else {
        insertRevision.run(pageId, revision, json, savedAt, savedAt, countSpans(doc), countChars(doc));
      }
      pruneRevisions.run(pageId, revision - REVISIONS_KEPT);
      writeSpans(pageId, doc, previous);
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
      return documentsWithLabel.pluck().all({ label }) as number[];
    },
  };
}
