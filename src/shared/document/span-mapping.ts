// Keeps entity spans on their text through edits, block splits, merges and moves, and lists those that changed.
//
// The rules, for a span [s, e) and a replace step { from, to, insert } (n = insert.length):
// - Pure insertion (from === to) strictly inside (s < from < e) grows the span: it covers its text plus the
//   insert. At a boundary (from === s or from === e) it does not: typing before 倪岳峰 leaves the span on 倪岳峰,
//   and two adjacent spans (江泽民|李鹏) never swallow text typed between them.
// - A replacement whose removed range lies inside the span, edges included (s <= from, to <= e), keeps the
//   inserted text in the span. This is what correcting an OCR error inside a name looks like, and what an IME
//   does when a composition replaces a selected name letter by letter; replacing a span's exact text keeps
//   the span on the new text.
// - Any other removal trims the span to its surviving text, the insert staying outside it; when nothing
//   survives, the span is deleted.
// These are ProseMirror's own mapping rules for a range mapped with start assoc 1 and end assoc -1, so the
// editor can map its entity marks through a transaction's steps with mapSpans and compare.
//
// Review: a span whose text is the same after the whole edit is not listed, whatever happened in between.
// Otherwise it is 'deleted' (gone; the record keeps its old text), 'cut' (it survives but lost some of its
// original characters, replacements inside included) or 'extended' (it kept all of them and gained an insert).
//
// Surrogate pairs: steps are applied to the text literally, even when they split a pair (the editor's text is
// the truth and must not disagree with ours). If a span boundary then falls between a high and a low
// surrogate, the boundary moves inward past the half character (never outward, so spans cannot come to
// overlap) and the span is reviewed as 'cut', or 'deleted' when nothing is left.
import { type DocArticle, type DocBlock, type DocSpan, type PageDocument, isExportedRole, spanIssues } from './model';
import { splitsSurrogatePair } from './offsets';

/** One replacement, in UTF-16 offsets of the text as it is when the step applies. */
export interface ReplaceStep {
  from: number;
  to: number;
  insert: string;
}

export type ReviewReason = 'cut' | 'deleted' | 'extended';

export interface SpanReview {
  /** The span as it was before the edit. */
  span: DocSpan;
  reason: ReviewReason;
  /** The text the span covered before the edit. */
  oldText: string;
  /** The span after the edit, or null when it was deleted. */
  current: DocSpan | null;
}

export interface MappedSpans {
  text: string;
  spans: DocSpan[];
  review: SpanReview[];
}

/** Applies the steps in order; RangeError for a step outside the text it applies to. */
export function applySteps(text: string, steps: readonly ReplaceStep[]): string {
  let out = text;
  for (const step of steps) {
    checkStep(step, out.length);
    out = out.slice(0, step.from) + step.insert + out.slice(step.to);
  }
  return out;
}

function checkStep(step: ReplaceStep, length: number): void {
  const { from, to } = step;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to || to > length) {
    throw new RangeError(`step ${from}..${to} does not fit a text of ${length}`);
  }
}

/** A span being carried through the steps; `pieces` are the ranges still holding its original characters. */
interface Tracked {
  span: DocSpan;
  start: number;
  end: number;
  pieces: [number, number][];
  alive: boolean;
}

function mapTracked(t: Tracked, step: ReplaceStep): void {
  const { from, to } = step;
  const n = step.insert.length;
  const delta = n - (to - from);
  if (from === to) {
    if (from <= t.start) {
      t.start += n;
      t.end += n;
    } else if (from < t.end) {
      t.end += n;
    } else {
      return;
    }
    const pieces: [number, number][] = [];
    for (const [a, b] of t.pieces) {
      if (b <= from) pieces.push([a, b]);
      else if (a >= from) pieces.push([a + n, b + n]);
      else pieces.push([a, from], [from + n, b + n]);
    }
    t.pieces = pieces;
    return;
  }
  if (from >= t.end) return;
  // A boundary at or before `from` stays, one at or after `to` moves with the text after the step, so an
  // insert replacing text within [start, end] lands inside the span. A boundary strictly inside the removed
  // range has lost its character: a start goes after the insert, an end before it.
  t.start = t.start <= from ? t.start : t.start >= to ? t.start + delta : from + n;
  t.end = t.end <= from ? t.end : t.end >= to ? t.end + delta : from;
  const pieces: [number, number][] = [];
  for (const [a, b] of t.pieces) {
    if (a < from) pieces.push([a, Math.min(b, from)]);
    if (b > to) pieces.push([Math.max(a, to) + delta, b + delta]);
  }
  t.pieces = pieces;
  if (t.end <= t.start) t.alive = false;
}

/** Moves boundaries that split a surrogate pair inward, past the half character. */
function snapInward(t: Tracked, text: string): void {
  if (!t.alive) return;
  if (splitsSurrogatePair(text, t.start)) t.start += 1;
  if (splitsSurrogatePair(text, t.end)) t.end -= 1;
  if (t.end <= t.start) {
    t.alive = false;
    return;
  }
  t.pieces = t.pieces
    .map(([a, b]): [number, number] => [Math.max(a, t.start), Math.min(b, t.end)])
    .filter(([a, b]) => a < b);
}

function finish(oldText: string, tracked: readonly Tracked[], text: string): MappedSpans {
  const spans: DocSpan[] = [];
  const review: SpanReview[] = [];
  for (const t of tracked) {
    snapInward(t, text);
    const before = oldText.slice(t.span.start, t.span.end);
    if (!t.alive) {
      review.push({ span: t.span, reason: 'deleted', oldText: before, current: null });
      continue;
    }
    const current: DocSpan = { ...t.span, start: t.start, end: t.end };
    spans.push(current);
    if (text.slice(t.start, t.end) === before) continue;
    const kept = t.pieces.reduce((sum, [a, b]) => sum + b - a, 0);
    review.push({ span: t.span, reason: kept < before.length ? 'cut' : 'extended', oldText: before, current });
  }
  spans.sort((a, b) => a.start - b.start);
  return { text, spans, review };
}

function track(spans: readonly DocSpan[]): Tracked[] {
  return spans.map((span) => ({
    span,
    start: span.start,
    end: span.end,
    pieces: [[span.start, span.end]],
    alive: true,
  }));
}

function requireValid(text: string, spans: readonly DocSpan[]): void {
  const issues = spanIssues(text, spans);
  if (issues.length > 0) throw new RangeError(`invalid spans: ${issues.map((i) => i.message).join('; ')}`);
}

/**
 * Maps a block's spans through an edit (steps applied in order) and returns the new text, the surviving spans
 * (sorted by start, ids unchanged) and the spans to review. RangeError when the spans are invalid to begin
 * with or a step does not fit; inputs are never modified.
 */
export function mapSpans(text: string, spans: readonly DocSpan[], steps: readonly ReplaceStep[]): MappedSpans {
  requireValid(text, spans);
  const tracked = track(spans);
  let current = text;
  for (const step of steps) {
    checkStep(step, current.length);
    for (const t of tracked) if (t.alive) mapTracked(t, step);
    current = current.slice(0, step.from) + step.insert + current.slice(step.to);
  }
  return finish(text, tracked, current);
}

/** mapSpans for a whole block. */
export function editBlock(block: DocBlock, steps: readonly ReplaceStep[]): { block: DocBlock; review: SpanReview[] } {
  const { text, spans, review } = mapSpans(block.text, block.spans, steps);
  return { block: { ...block, text, spans }, review };
}

/**
 * Splits a block at a UTF-16 offset; the left block keeps the id, the right one (same role) gets `rightId`.
 * A span crossing the split keeps its left part (and its id) and is reviewed as 'cut': a name cut in two is
 * almost always a mistake to look at, and two half-spans would each claim to be the entity. RangeError when
 * `at` is out of range or would split a surrogate pair (a cursor can never stand there).
 */
export function splitBlock(
  block: DocBlock,
  at: number,
  rightId: string,
): { left: DocBlock; right: DocBlock; review: SpanReview[] } {
  requireValid(block.text, block.spans);
  if (!Number.isInteger(at) || at < 0 || at > block.text.length) {
    throw new RangeError(`split offset ${at} is outside 0..${block.text.length}`);
  }
  if (splitsSurrogatePair(block.text, at)) throw new RangeError(`split offset ${at} splits a surrogate pair`);
  const leftSpans: DocSpan[] = [];
  const rightSpans: DocSpan[] = [];
  const review: SpanReview[] = [];
  for (const span of block.spans) {
    if (span.end <= at) {
      leftSpans.push({ ...span });
    } else if (span.start >= at) {
      rightSpans.push({ ...span, start: span.start - at, end: span.end - at });
    } else {
      const current = { ...span, end: at };
      leftSpans.push(current);
      review.push({ span, reason: 'cut', oldText: block.text.slice(span.start, span.end), current });
    }
  }
  const byStart = (a: DocSpan, b: DocSpan): number => a.start - b.start;
  return {
    left: { ...block, text: block.text.slice(0, at), spans: leftSpans.sort(byStart) },
    right: { id: rightId, role: block.role, text: block.text.slice(at), spans: rightSpans.sort(byStart) },
    review,
  };
}

/**
 * Joins `b` onto the end of `a` (with an optional separator, e.g. a space for Latin text; none for a
 * column-broken Chinese paragraph). The result keeps a's id and role; b's spans shift by the length before
 * them and keep their ids, so same-label spans meeting at the join stay two spans. Review is empty unless the
 * join fuses two lone surrogate halves into a pair under a span boundary (see the file comment).
 */
export function mergeBlocks(a: DocBlock, b: DocBlock, separator = ''): { block: DocBlock; review: SpanReview[] } {
  requireValid(a.text, a.spans);
  requireValid(b.text, b.spans);
  const shift = a.text.length + separator.length;
  const oldText = a.text + separator + b.text;
  const shifted = b.spans.map((s) => ({ ...s, start: s.start + shift, end: s.end + shift }));
  const tracked = track([...a.spans, ...shifted]);
  const { spans, review } = finish(oldText, tracked, oldText);
  // Report the spans as they were stored, not as the intermediate shifted copies.
  const stored = new Map([...a.spans, ...b.spans].map((s) => [s.id, s]));
  return {
    block: { ...a, text: oldText, spans },
    review: review.map((r) => ({ ...r, span: stored.get(r.span.id) ?? r.span })),
  };
}

/** Where a block goes: a position in an article's blocks, or in the set-aside list. */
export type BlockPlace = { articleId: string; index: number } | { setAside: true; index: number };

/**
 * Moves a block, spans and all (offsets are block-relative, so nothing to map). `index` counts in the target
 * list after the block has left its old place. An article left without blocks is removed. Errors: unknown
 * block or article, index out of range, or an exported role moving into set-aside (change the role first).
 */
export function moveBlock(doc: PageDocument, blockId: string, to: BlockPlace): PageDocument {
  let moving: DocBlock | undefined;
  const articles: DocArticle[] = doc.articles.map((a) => ({
    ...a,
    blocks: a.blocks.filter((b) => {
      if (b.id !== blockId) return true;
      moving = b;
      return false;
    }),
  }));
  const setAside = doc.setAside.filter((b) => {
    if (b.id !== blockId) return true;
    moving = b;
    return false;
  });
  if (!moving) throw new Error(`no block ${blockId}`);
  const insert = (list: DocBlock[], block: DocBlock): void => {
    if (!Number.isInteger(to.index) || to.index < 0 || to.index > list.length) {
      throw new RangeError(`index ${to.index} is outside 0..${list.length}`);
    }
    list.splice(to.index, 0, block);
  };
  if ('setAside' in to) {
    if (isExportedRole(moving.role)) throw new RangeError(`a ${moving.role} block cannot be set aside`);
    insert(setAside, moving);
  } else {
    const target = articles.find((a) => a.id === to.articleId);
    if (!target) throw new Error(`no article ${to.articleId}`);
    insert(target.blocks, moving);
  }
  return { version: doc.version, articles: articles.filter((a) => a.blocks.length > 0), setAside };
}
