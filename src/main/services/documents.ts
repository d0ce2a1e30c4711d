// The page editor's services: load and save page documents with revision checks (a second window editing
// the same page gets a conflict, never an overwrite), revision history, and the corpus's label set.
import type Database from 'better-sqlite3';

import type { DocumentState, Label, LabelWithUsage, SpanReviewItem } from '../../shared/api';
import {
  allBlocks,
  applyDocumentPatch,
  type DocBlock,
  type DocumentPatch,
  documentFromReading,
  mapDocumentSpans,
  type PageDocument,
  PatchError,
  patchedBlocks,
} from '../../shared/document';
import { rowsFromDocument, type SearchIndex } from '../search';
import type { DocumentStore } from '../store/documents';
import type { PageStore } from '../store/pages';
import { ServiceError } from './errors';
import { advanceStatus } from './page-status';
import type { RepairService } from './repair';

export interface DocumentServiceDeps {
  db: Database.Database;
  pages: PageStore;
  documents: DocumentStore;
  repair: RepairService;
  search: SearchIndex;
  /** Called inside the transaction that renames labels (the entity register follows). */
  onLabelsRenamed?(renames: ReadonlyMap<string, string>): void;
}

export function createDocumentService({ db, pages, documents, repair, search, onLabelsRenamed }: DocumentServiceDeps) {
  function requirePage(pageId: number): void {
    if (!pages.exists(pageId)) throw new ServiceError('NOT_FOUND', `There is no page ${pageId} in this corpus.`);
  }

  function labelNames(): Set<string> {
    return documents.labelNames();
  }

  /** Every span label must be in the label set, so a deleted label cannot come back through a stale tab. */
  function checkLabels(blocks: Iterable<DocBlock>): void {
    const known = labelNames();
    for (const b of blocks) {
      const unknown = b.spans.find((s) => !known.has(s.label));
      if (unknown)
        throw new ServiceError(
          'BAD_REQUEST',
          `Span ${unknown.id} has the label ${unknown.label}, which is not in the label set.`,
        );
    }
  }

  function state(pageId: number): DocumentState {
    requirePage(pageId);
    const stored = documents.get(pageId);
    if (stored) return { pageId, ...stored };
    // Never saved: the document follows the repair reading (with the researcher's decisions) until the
    // first save makes it the page's own.
    const reading = repair.view(pageId);
    return { pageId, revision: 0, document: documentFromReading(reading, `p${pageId}`), review: [], savedAt: null };
  }

  /**
   * One save, in one transaction: the revision check, then the document (`next` builds it from the stored one:
   * a full document ignores it, a patch applies to it), the status, the revision and span rows, the search rows.
   */
  const saveTransaction = db.transaction(
    (
      pageId: number,
      baseRevision: number,
      next: (stored: PageDocument | null) => PageDocument,
      review: SpanReviewItem[],
    ) => {
      const current = documents.revision(pageId);
      if (current !== baseRevision) {
        throw new ServiceError(
          'CONFLICT',
          `This page was saved elsewhere (revision ${current}; this editor started from ${baseRevision}). ` +
            'Your changes were not saved: reload the page to see the latest version.',
        );
      }
      // The stored document, read once: the span rows and the status compare against it.
      const stored = current > 0 ? (documents.get(pageId)?.document ?? null) : null;
      const doc = next(stored);
      const savedAt = new Date().toISOString();
      // Read before the write: a first real edit or a first span moves the status forward (page-status.ts).
      const status = advanceStatus(pages, pageId, () => stored ?? state(pageId).document, doc);
      documents.write(pageId, current + 1, doc, review, savedAt, { previous: stored });
      // The search index follows the saved text in the same transaction.
      search.indexPage(pageId, rowsFromDocument(doc));
      return { revision: current + 1, savedAt, ...(status ? { status } : {}) };
    },
  );

  return {
    state,

    save(pageId: number, baseRevision: number, doc: PageDocument, review: SpanReviewItem[]) {
      requirePage(pageId);
      checkLabels(allBlocks(doc));
      return saveTransaction(pageId, baseRevision, () => doc, review);
    },

    /**
     * A save that sends only the blocks changed since `baseRevision` (document/patch.ts): the same checks,
     * transaction and result as save() with the whole document. Needs a stored revision to build on.
     */
    saveChanges(pageId: number, baseRevision: number, patch: DocumentPatch, review: SpanReviewItem[]) {
      requirePage(pageId);
      checkLabels(patchedBlocks(patch));
      const apply = (stored: PageDocument | null): PageDocument => {
        if (!stored) throw new ServiceError('BAD_REQUEST', `Page ${pageId} has no saved revision to apply changes to.`);
        try {
          return applyDocumentPatch(stored, patch);
        } catch (error) {
          if (error instanceof PatchError) throw new ServiceError('BAD_REQUEST', `Invalid changes: ${error.message}`);
          throw error;
        }
      };
      return saveTransaction(pageId, baseRevision, apply, review);
    },

    restore(pageId: number, revision: number, baseRevision: number): DocumentState {
      requirePage(pageId);
      const old = documents.revisionDocument(pageId, revision);
      if (!old) throw new ServiceError('NOT_FOUND', `Page ${pageId} has no revision ${revision}.`);
      const known = labelNames();
      // Spans whose label has since been deleted cannot come back.
      const doc = mapDocumentSpans(old.document, (spans) =>
        spans.every((s) => known.has(s.label)) ? spans : spans.filter((s) => known.has(s.label)),
      );
      saveTransaction(pageId, baseRevision, () => doc, documents.get(pageId)?.review ?? []);
      return state(pageId);
    },

    revisions(pageId: number) {
      requirePage(pageId);
      return documents.revisions(pageId);
    },

    revision(pageId: number, revision: number) {
      requirePage(pageId);
      const found = documents.revisionDocument(pageId, revision);
      if (!found) throw new ServiceError('NOT_FOUND', `Page ${pageId} has no revision ${revision}.`);
      return found;
    },

    labels(): LabelWithUsage[] {
      return documents.labels();
    },

    /**
     * Replaces the label set. A label with `renamedFrom` renames its spans in every document; a label left
     * out is deleted together with its spans. Each touched document gets a new revision, all in one
     * transaction, so an open editor on such a page meets a conflict instead of writing old labels back.
     */
    saveLabels(next: readonly (Label & { renamedFrom?: string })[]): LabelWithUsage[] {
      const names = new Set<string>();
      const hotkeys = new Set<string>();
      for (const l of next) {
        if (names.has(l.name)) throw new ServiceError('BAD_REQUEST', `The label ${l.name} is listed twice.`);
        if (l.hotkey !== null && hotkeys.has(l.hotkey)) {
          throw new ServiceError('BAD_REQUEST', `The hotkey ${l.hotkey} is given to two labels.`);
        }
        names.add(l.name);
        if (l.hotkey !== null) hotkeys.add(l.hotkey);
      }
      const before = documents.labels().map((l) => l.name);
      const renames = new Map<string, string>();
      for (const l of next) if (l.renamedFrom && l.renamedFrom !== l.name) renames.set(l.renamedFrom, l.name);
      const deleted = new Set(before.filter((name) => !names.has(name) && !renames.has(name)));
      db.transaction(() => {
        const touched = new Set<number>();
        for (const name of [...renames.keys(), ...deleted])
          for (const id of documents.pagesWithLabel(name)) touched.add(id);
        const savedAt = new Date().toISOString();
        for (const pageId of touched) {
          const stored = documents.get(pageId);
          if (!stored) continue;
          const doc = mapDocumentSpans(stored.document, (spans) =>
            spans.some((s) => deleted.has(s.label) || renames.has(s.label))
              ? spans
                  .filter((s) => !deleted.has(s.label))
                  .map((s) => (renames.has(s.label) ? { ...s, label: renames.get(s.label)! } : s))
              : spans,
          );
          const review = stored.review
            .filter((r) => !deleted.has(r.label))
            .map((r) => (renames.has(r.label) ? { ...r, label: renames.get(r.label)! } : r));
          documents.write(pageId, stored.revision + 1, doc, review, savedAt, { ownHistoryRow: true });
        }
        documents.replaceLabels(next.map(({ name, color, hotkey }) => ({ name, color, hotkey })));
        if (renames.size > 0) onLabelsRenamed?.(renames);
      })();
      return documents.labels();
    },
  };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
