// Corpus-wide find, replace and tag over the pages' corrected text (requirements 4 and 6 of the editor issue).
//
// Finding reads the search index, which holds every page's current corrected blocks (the saved document, or
// for a page never saved the document document.get builds from its repair reading, with the same block ids),
// so a hit's block id and offsets are those of the document the page would open with. Replacing and tagging
// load each page's document the way document.get does, check that the page is still at the revision the hit
// was listed at and that the block still holds the text there, edit it (spans mapped through the edit by
// span-mapping.ts; a span cut by a replacement goes to the needs-review list), and write a new revision with its
// own history row (the version before stays restorable), the span rows and the search index, one transaction
// per batch of pages. A page is all or nothing: every selected hit on it is done, or none.
import type Database from 'better-sqlite3';

import type { SpanReviewItem } from '../../shared/api';
import {
  CorpusFindArgsSchema,
  CorpusReplaceArgsSchema,
  CorpusTagArgsSchema,
  type CorpusFindArgs,
  type CorpusFindResult,
  type CorpusHit,
  type CorpusHitRef,
  type CorpusOpResult,
  type CorpusPageResult,
  type CorpusReplaceArgs,
  type CorpusScope,
  type CorpusSkipReason,
  type CorpusTagArgs,
} from '../../shared/corpus-ops';
import {
  createIdFactory,
  type DocBlock,
  editBlock,
  PageDocumentSchema,
  type PageDocument,
  type ReplaceStep,
  type SpanReview,
} from '../../shared/document';
import type { BlockRole } from '../../shared/domain';
import { compileQuery, makeSnippet } from '../../shared/search';
import { correctedMatch, rowsFromDocument, type SearchIndex } from '../search';
import type { DocumentStore } from '../store/documents';
import type { PageStore } from '../store/pages';
import type { DocumentService } from './documents';
import { ServiceError } from './errors';
import { advanceStatus } from './page-status';
import { pageFilterConditions } from '../store/page-filters';

/** Pages edited per transaction: a batch commits together; a long operation does not hold the writer for long. */
export const PAGES_PER_TRANSACTION = 50;

export interface CorpusOpsDeps {
  db: Database.Database;
  pages: PageStore;
  documents: DocumentStore;
  documentService: DocumentService;
  search: SearchIndex;
}

interface BlockRow {
  page_id: number;
  block_key: string;
  article_index: number;
  block_index: number;
  role: BlockRole;
  text: string;
  file_name: string;
  newspaper: string | null;
  date: string | null;
  page_no: string | null;
  revision: number;
}

interface Occurrence {
  row: BlockRow;
  start: number;
  end: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every non-overlapping occurrence, left to right; with the `u` flag a match never splits a surrogate pair. */
function matcher(text: string, matchCase: boolean): (haystack: string) => { start: number; end: number }[] {
  const pattern = new RegExp(escapeRegExp(text), matchCase ? 'gu' : 'giu');
  return (haystack) => {
    const out: { start: number; end: number }[] = [];
    for (const m of haystack.matchAll(pattern)) out.push({ start: m.index, end: m.index + m[0].length });
    return out;
  };
}

/** Whether `slice` is the text looked for (case-insensitively unless matchCase). */
function sameText(slice: string, text: string, matchCase: boolean): boolean {
  if (slice === text) return true;
  return !matchCase && new RegExp(`^${escapeRegExp(text)}$`, 'iu').test(slice);
}

function scopeCondition(scope: CorpusScope, params: (string | number)[]): string {
  return pageFilterConditions(scope, params)
    .map((p) => ` AND ${p}`)
    .join('');
}

/** The review list after an edit: a span already listed keeps its first old text, and once cut stays cut. */
function mergeReview(review: readonly SpanReviewItem[], changes: readonly { block: string; r: SpanReview }[]) {
  const items = new Map(review.map((r) => [r.spanId, r]));
  for (const { block, r } of changes) {
    const listed = items.get(r.span.id);
    items.set(r.span.id, {
      spanId: r.span.id,
      label: r.span.label,
      reason: r.reason === 'deleted' ? 'deleted' : r.reason === 'cut' || listed?.reason === 'cut' ? 'cut' : r.reason,
      oldText: listed?.oldText ?? r.oldText,
      blockId: r.current ? block : null,
    });
  }
  return [...items.values()];
}

export function createCorpusOps({ db, pages, documents, documentService, search }: CorpusOpsDeps) {
  const spansOfBlock = db.prepare('SELECT span_id, label, start, end FROM spans WHERE page_id = ? AND block_id = ?');

  /** Every occurrence in scope, in page order (date, file name) then block order. */
  function occurrences(text: string, matchCase: boolean, scope: CorpusScope): Occurrence[] {
    search.ensureBuilt();
    // A phrase query: the trigram index for 3+ code points, a scan of the blocks for shorter text. Both fold
    // (ASCII) case, so they find a superset of the case-sensitive hits; the exact matching below decides.
    const match = correctedMatch(compileQuery({ kind: 'term', text, phrase: true }, 'b.text'));
    const params: (string | number)[] = [...match.params];
    const sql = `
      SELECT b.page_id, b.block_key, b.article_index, b.block_index, b.role, b.text,
             p.file_name, p.newspaper, p.date, p.page_no, coalesce(d.revision, 0) AS revision
      FROM ${match.from}
      JOIN pages p ON p.id = b.page_id LEFT JOIN page_documents d ON d.page_id = b.page_id
      WHERE ${match.where.join(' AND ')}${scopeCondition(scope, params)}
      ORDER BY p.date IS NULL, p.date, p.file_name, b.page_id, b.article_index, b.block_index`;
    const rows = db.prepare(sql).all(...params) as BlockRow[];
    const find = matcher(text, matchCase);
    const out: Occurrence[] = [];
    for (const row of rows) for (const m of find(row.text)) out.push({ row, ...m });
    return out;
  }

  function toHit(o: Occurrence): CorpusHit {
    const { row } = o;
    const spans = spansOfBlock.all(row.page_id, row.block_key) as {
      span_id: string;
      label: string;
      start: number;
      end: number;
    }[];
    const touching = spans.find((s) => s.start < o.end && o.start < s.end);
    return {
      pageId: row.page_id,
      revision: row.revision,
      blockId: row.block_key,
      start: o.start,
      end: o.end,
      fileName: row.file_name,
      newspaper: row.newspaper,
      date: row.date,
      pageNo: row.page_no,
      articleIndex: row.article_index,
      blockIndex: row.block_index,
      role: row.role,
      snippet: makeSnippet(row.text, o.start, o.end),
      span: touching
        ? {
            id: touching.span_id,
            label: touching.label,
            start: touching.start,
            end: touching.end,
            exact: touching.start === o.start && touching.end === o.end,
          }
        : null,
    };
  }

  function findText(input: CorpusFindArgs): CorpusFindResult {
    const args = CorpusFindArgsSchema.parse(input);
    const all = occurrences(args.text, args.matchCase, args.scope);
    return {
      total: all.length,
      pages: new Set(all.map((o) => o.row.page_id)).size,
      hits: all.slice(args.offset, args.offset + args.limit).map(toHit),
    };
  }

  /** The hits grouped by page, pages in the order they first appear. */
  function byPage(hits: readonly CorpusHitRef[]): Map<number, CorpusHitRef[]> {
    const groups = new Map<number, CorpusHitRef[]>();
    for (const h of hits) {
      const list = groups.get(h.pageId);
      if (list) list.push(h);
      else groups.set(h.pageId, [h]);
    }
    return groups;
  }

  interface PageEdit {
    /** The edited document, or null when the page is left alone. */
    doc: PageDocument | null;
    review: SpanReviewItem[];
    done: number;
    skipped: CorpusPageResult['skipped'];
    needsReview: number;
    /** Whether the text changed (a replacement) rather than only spans (tagging). */
    edited: boolean;
  }

  /**
   * Runs `edit` on every page of `hits`, PAGES_PER_TRANSACTION pages per transaction, after checking that each
   * page is still at the revision its hits were listed at.
   */
  function runOnPages(
    hits: readonly CorpusHitRef[],
    edit: (doc: PageDocument, review: SpanReviewItem[], hits: CorpusHitRef[]) => PageEdit,
  ): CorpusOpResult {
    const results: CorpusPageResult[] = [];
    const onePage = (pageId: number, pageHits: CorpusHitRef[]): CorpusPageResult => {
      const summary = pages.summary(pageId);
      const skipAll = (reason: CorpusSkipReason, revision: number): CorpusPageResult => ({
        pageId,
        fileName: summary?.fileName ?? '',
        done: 0,
        skipped: pageHits.map((h) => ({ blockId: h.blockId, start: h.start, reason })),
        revision,
        needsReview: 0,
      });
      if (!summary) return skipAll('moved', 0);
      const revision = documents.revision(pageId);
      if (pageHits.some((h) => h.revision !== revision)) return skipAll('changed', revision);
      // The document as document.get gives it: stored, or built from the repair reading.
      const before = documentService.state(pageId);
      const result = edit(structuredClone(before.document), before.review, pageHits);
      const base = { pageId, fileName: summary.fileName, skipped: result.skipped, needsReview: result.needsReview };
      if (!result.doc || result.done === 0) return { ...base, done: 0, revision };
      const checked = PageDocumentSchema.safeParse(result.doc);
      if (!checked.success) throw new Error(`corpus edit of page ${pageId} made an invalid document`);
      const savedAt = new Date().toISOString();
      let next = revision + 1;
      if (revision === 0) {
        // A page never saved: store the document it had first, so History can restore the version before.
        documents.write(pageId, next++, before.document, before.review, savedAt, { ownHistoryRow: true });
      }
      advanceStatus(pages, pageId, () => before.document, result.doc);
      documents.write(pageId, next, result.doc, result.review, savedAt, { ownHistoryRow: true });
      if (result.edited || revision === 0) search.indexPage(pageId, rowsFromDocument(result.doc));
      return { ...base, done: result.done, revision: next };
    };
    const batch = db.transaction((group: [number, CorpusHitRef[]][]) => group.map(([id, h]) => onePage(id, h)));
    const groups = [...byPage(hits)];
    for (let i = 0; i < groups.length; i += PAGES_PER_TRANSACTION) {
      results.push(...batch(groups.slice(i, i + PAGES_PER_TRANSACTION)));
    }
    return {
      done: results.reduce((n, r) => n + r.done, 0),
      pagesChanged: results.filter((r) => r.done > 0).length,
      skipped: results.reduce((n, r) => n + r.skipped.length, 0),
      pages: results,
    };
  }

  /** The article blocks of a document by id (set-aside blocks are not searched, so never hit). */
  function blocksById(doc: PageDocument): Map<string, DocBlock> {
    const map = new Map<string, DocBlock>();
    for (const a of doc.articles) for (const b of a.blocks) map.set(b.id, b);
    return map;
  }

  function replaceText(input: CorpusReplaceArgs): CorpusOpResult {
    const args = CorpusReplaceArgsSchema.parse(input);
    if (args.replacement === args.text) throw new ServiceError('BAD_REQUEST', 'The replacement is the same text.');
    const hits: CorpusHitRef[] =
      args.hits ??
      occurrences(args.text, args.matchCase, args.scope).map((o) => ({
        pageId: o.row.page_id,
        revision: o.row.revision,
        blockId: o.row.block_key,
        start: o.start,
        end: o.end,
      }));
    return runOnPages(hits, (doc, review, pageHits) => {
      const blocks = blocksById(doc);
      const reasons = new Map<CorpusHitRef, CorpusSkipReason>();
      const perBlock = new Map<string, CorpusHitRef[]>();
      for (const h of pageHits) {
        const block = blocks.get(h.blockId);
        if (
          !block ||
          h.end > block.text.length ||
          !sameText(block.text.slice(h.start, h.end), args.text, args.matchCase)
        )
          reasons.set(h, 'moved');
        else perBlock.set(h.blockId, [...(perBlock.get(h.blockId) ?? []), h]);
      }
      for (const list of perBlock.values()) {
        list.sort((a, b) => a.start - b.start);
        for (let i = 1; i < list.length; i++)
          if (list[i]!.start < list[i - 1]!.end) reasons.set(list[i]!, 'overlapping');
      }
      if (reasons.size > 0) {
        // All or nothing on a page: name each hit's own problem, the others share the first one.
        const first = [...reasons.values()][0]!;
        const skipped = pageHits.map((h) => ({ blockId: h.blockId, start: h.start, reason: reasons.get(h) ?? first }));
        return { doc: null, review, done: 0, skipped, needsReview: 0, edited: false };
      }
      const changes: { block: string; r: SpanReview }[] = [];
      for (const article of doc.articles) {
        article.blocks = article.blocks.map((block) => {
          const list = perBlock.get(block.id);
          if (!list) return block;
          // Right to left, so each step's offsets are those of the text as it is when the step applies.
          const steps: ReplaceStep[] = [...list]
            .reverse()
            .map((h) => ({ from: h.start, to: h.end, insert: args.replacement }));
          const edited = editBlock(block, steps);
          for (const r of edited.review) changes.push({ block: block.id, r });
          return edited.block;
        });
      }
      return {
        doc,
        review: mergeReview(review, changes),
        done: pageHits.length,
        skipped: [],
        needsReview: changes.length,
        edited: true,
      };
    });
  }

  function tagOccurrences(input: CorpusTagArgs): CorpusOpResult {
    const args = CorpusTagArgsSchema.parse(input);
    if (!documents.labelNames().has(args.label)) {
      throw new ServiceError('BAD_REQUEST', `The label ${args.label} is not in the label set.`);
    }
    const prefix = `c${Date.now().toString(36)}-`;
    return runOnPages(args.hits, (doc, review, pageHits) => {
      const blocks = blocksById(doc);
      const newId = createIdFactory(doc, prefix);
      const skipped: CorpusPageResult['skipped'] = [];
      let done = 0;
      for (const h of pageHits) {
        const block = blocks.get(h.blockId);
        if (!block || block.text.slice(h.start, h.end) !== args.text) {
          skipped.push({ blockId: h.blockId, start: h.start, reason: 'moved' });
          continue;
        }
        const touching = block.spans.find((s) => s.start < h.end && h.start < s.end);
        if (touching) {
          const same = touching.start === h.start && touching.end === h.end && touching.label === args.label;
          skipped.push({ blockId: h.blockId, start: h.start, reason: same ? 'tagged' : 'overlap' });
          continue;
        }
        block.spans.push({
          id: newId(),
          label: args.label,
          start: h.start,
          end: h.end,
          origin: 'propagated',
          ...(args.entityId ? { entityId: args.entityId } : {}),
        });
        block.spans.sort((a, b) => a.start - b.start);
        done++;
      }
      return { doc, review, done, skipped, needsReview: 0, edited: false };
    });
  }

  return { findText, replaceText, tagOccurrences };
}

export type CorpusOps = ReturnType<typeof createCorpusOps>;
