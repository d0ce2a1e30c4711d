// Page status follows the work automatically, forward only: the first save that really edits a page (its text,
// roles or block structure, not just its spans) moves it from `new` to `repaired`, and the save that gives it
// its first span moves it to `annotated`. `reviewed` is only ever set by a person, and nothing here moves a
// page back; the status select in the editor still sets any status.
import type { PageDocument } from '../../shared/document';
import { PAGE_STATUSES, type PageStatus } from '../../shared/domain';
import type { PageStore } from '../store/pages';

const rank = (status: PageStatus): number => PAGE_STATUSES.indexOf(status);

/** The document without ids and spans: what a repair or a correction changes. */
function shape(doc: PageDocument): string {
  const blocks = (list: PageDocument['setAside']) => list.map((b) => [b.role, b.text]);
  return JSON.stringify([doc.articles.map((a) => blocks(a.blocks)), blocks(doc.setAside)]);
}

function hasSpans(doc: PageDocument): boolean {
  return (
    doc.articles.some((a) => a.blocks.some((b) => b.spans.length > 0)) || doc.setAside.some((b) => b.spans.length > 0)
  );
}

/**
 * The status a save moves the page to, or null to leave it: `annotated` when the page had no span before and
 * has one now, `repaired` when the text or structure changed; never a status below the current one.
 */
export function advancedStatus(current: PageStatus, before: PageDocument, after: PageDocument): PageStatus | null {
  let target: PageStatus | null = null;
  if (hasSpans(after) && !hasSpans(before)) target = 'annotated';
  else if (shape(before) !== shape(after)) target = 'repaired';
  return target !== null && rank(target) > rank(current) ? target : null;
}

/**
 * Advances the page's status for a save of `after` over `before` (read only when the status can still move:
 * annotated and reviewed pages cost nothing). Call inside the save's transaction. Returns the status now.
 */
export function advanceStatus(
  pages: PageStore,
  pageId: number,
  before: () => PageDocument,
  after: PageDocument,
): PageStatus | null {
  const current = pages.summary(pageId)?.status;
  if (current === undefined) return null;
  if (current !== 'new' && current !== 'repaired') return current;
  // A repaired page can only move on with a span: without one, the save need not read the document before.
  if (current === 'repaired' && !hasSpans(after)) return current;
  const next = advancedStatus(current, before(), after);
  if (next === null) return current;
  pages.setStatus(pageId, next);
  return next;
}
