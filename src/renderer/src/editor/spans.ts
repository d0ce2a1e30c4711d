// Entity spans inside the ProseMirror document: finding them, the annotation commands, and what an edit did
// to them (the "needs review" list). Pure ProseMirror, no DOM, so it is unit-tested in Node.
import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import { type EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { type Mapping, ReplaceStep } from '@tiptap/pm/transform';

import type { SpanReviewItem } from '../../../shared/api';
import { splitsSurrogatePair } from '../../../shared/document';
import { setAsideOf } from './set-aside';

/** A span where it sits in the editor: document positions [from, to), its block and its text. */
export interface EditorSpan {
  id: string;
  label: string;
  mark: Mark;
  from: number;
  to: number;
  blockId: string;
  /** Position of the block node. */
  blockPos: number;
  text: string;
}

/** Transaction meta: the transaction is a span operation, not an edit of the text (nothing to review). */
export const SPAN_OP = 'galleySpanOp';

function spansInBlock(block: PMNode, blockPos: number, out: EditorSpan[]): void {
  const blockId = String(block.attrs.id);
  let last: EditorSpan | null = null;
  block.forEach((child, offset) => {
    const from = blockPos + 1 + offset;
    const mark = child.marks.find((m) => m.type.name === 'entity');
    if (!mark) {
      last = null;
      return;
    }
    const id = String(mark.attrs.id);
    if (last && last.id === id && last.to === from) {
      last.to = from + child.nodeSize;
      last.text += child.text ?? '';
      return;
    }
    last = {
      id,
      label: String(mark.attrs.label),
      mark,
      from,
      to: from + child.nodeSize,
      blockId,
      blockPos,
      text: child.text ?? '',
    };
    out.push(last);
  });
}

/** Every span of the document in document order. A span id split over two places yields two entries. */
export function collectSpans(doc: PMNode): EditorSpan[] {
  const out: EditorSpan[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'block') {
      spansInBlock(node, pos, out);
      return false;
    }
    return true;
  });
  return out;
}

export function findSpan(doc: PMNode, id: string): EditorSpan | null {
  return collectSpans(doc).find((s) => s.id === id) ?? null;
}

/** The spans of the block holding a position. */
function blockSpansAt(doc: PMNode, pos: number): EditorSpan[] {
  const $pos = doc.resolve(pos);
  if ($pos.parent.type.name !== 'block') return [];
  const out: EditorSpan[] = [];
  spansInBlock($pos.parent, $pos.before(), out);
  return out;
}

/**
 * The span the selection is on: a caret inside it (or at its start; at its end when no span starts there),
 * or a selection inside one span. Null otherwise.
 */
export function activeSpan(state: EditorState): EditorSpan | null {
  const { from, to, empty } = state.selection;
  const spans = blockSpansAt(state.doc, from);
  if (empty) {
    return spans.find((s) => s.from <= from && from < s.to) ?? spans.find((s) => s.to === from) ?? null;
  }
  return spans.find((s) => s.from <= from && to <= s.to) ?? null;
}

/** Whether the selection covers exactly one span (then hotkeys relabel it and Delete removes it). */
export function selectedSpan(state: EditorState): EditorSpan | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const span = activeSpan(state);
  return span && span.from === from && span.to === to ? span : null;
}

export type CreateResult = 'created' | 'empty' | 'crossesBlocks' | 'overlaps';

/** Why a selection cannot become a span, or null when it can. */
export function createProblem(state: EditorState): Exclude<CreateResult, 'created'> | null {
  const { from, to, empty, $from, $to } = state.selection;
  if (empty) return 'empty';
  if (!$from.sameParent($to) || $from.parent.type.name !== 'block') return 'crossesBlocks';
  const type = state.schema.marks.entity!;
  if (state.doc.rangeHasMark(from, to, type)) return 'overlaps';
  return null;
}

function withOp(tr: Transaction, op: string): Transaction {
  return tr.setMeta(SPAN_OP, op).scrollIntoView();
}

/** Marks the selection as a new span. */
export function createSpan(
  state: EditorState,
  label: string,
  id: string,
  dispatch?: (tr: Transaction) => void,
): CreateResult {
  const problem = createProblem(state);
  if (problem) return problem;
  if (dispatch) {
    const { from, to } = state.selection;
    const mark = state.schema.marks.entity!.create({ id, label, origin: 'manual' });
    dispatch(withOp(state.tr.addMark(from, to, mark), 'create'));
  }
  return 'created';
}

export function relabelSpan(
  state: EditorState,
  span: EditorSpan,
  label: string,
  dispatch: (tr: Transaction) => void,
): void {
  const mark = span.mark.type.create({ ...span.mark.attrs, label });
  dispatch(withOp(state.tr.removeMark(span.from, span.to, span.mark).addMark(span.from, span.to, mark), 'relabel'));
}

/** Links the span to an entity of the register (null unlinks it); text, label and selection stay. */
export function setSpanEntity(
  state: EditorState,
  span: EditorSpan,
  entityId: string | null,
  dispatch: (tr: Transaction) => void,
): void {
  const mark = span.mark.type.create({ ...span.mark.attrs, entityId });
  dispatch(withOp(state.tr.removeMark(span.from, span.to, span.mark).addMark(span.from, span.to, mark), 'relabel'));
}

/** Removes the span's mark; the text stays. */
export function removeSpan(state: EditorState, span: EditorSpan, dispatch: (tr: Transaction) => void): void {
  const tr = state.tr.removeMark(span.from, span.to, span.mark);
  tr.setSelection(TextSelection.create(tr.doc, span.from, span.to));
  dispatch(withOp(tr, 'remove'));
}

/**
 * Moves one boundary of a span by one character (a surrogate pair counts as one), within its block, never
 * onto a neighbouring span and never to an empty span. Returns false when it cannot move.
 */
export function moveBoundary(
  state: EditorState,
  span: EditorSpan,
  edge: 'start' | 'end',
  delta: -1 | 1,
  dispatch: (tr: Transaction) => void,
): boolean {
  const block = state.doc.nodeAt(span.blockPos);
  if (!block) return false;
  const text = block.textContent;
  const base = span.blockPos + 1;
  let start = span.from - base;
  let end = span.to - base;
  const step = (o: number): number => {
    let next = o + delta;
    if (splitsSurrogatePair(text, next)) next += delta;
    return next;
  };
  if (edge === 'start') start = step(start);
  else end = step(end);
  if (start < 0 || end > text.length || start >= end) return false;
  const others = blockSpansAt(state.doc, span.from).filter((s) => s.id !== span.id);
  if (others.some((s) => s.from - base < end && start < s.to - base)) return false;
  const tr = state.tr.removeMark(span.from, span.to, span.mark).addMark(base + start, base + end, span.mark);
  tr.setSelection(TextSelection.create(tr.doc, base + start, base + end));
  dispatch(withOp(tr, 'move'));
  return true;
}

/** Selects a span's text. */
export function selectSpan(state: EditorState, span: EditorSpan, dispatch: (tr: Transaction) => void): void {
  dispatch(state.tr.setSelection(TextSelection.create(state.doc, span.from, span.to)).scrollIntoView());
}

/** Whether any replaced range of the mapping's steps touched [from, to) (tracked through the steps). */
function lostCharacters(mapping: Mapping, from: number, to: number): boolean {
  let a = from;
  let b = to;
  let lost = false;
  for (const map of mapping.maps) {
    map.forEach((oldStart, oldEnd) => {
      if (oldEnd > oldStart && oldStart < b && oldEnd > a) lost = true;
    });
    a = map.map(a, 1);
    b = map.map(b, -1);
  }
  return lost;
}

/**
 * Whether a one-step edit could change a span: it removes marked text, or inserts strictly inside a span.
 * Edits of several steps are assumed to (the caller then compares all spans).
 */
export function touchesSpans(before: PMNode, tr: Transaction): boolean {
  if (tr.mapping.maps.length !== 1) return true;
  const type = before.type.schema.marks.entity;
  if (!type) return false;
  let touches = false;
  tr.mapping.maps[0]!.forEach((oldStart, oldEnd, newStart, newEnd) => {
    if (touches) return;
    // Inserted text carrying a span (undo, redo, paste) always counts.
    if (newEnd > newStart && tr.doc.rangeHasMark(newStart, newEnd, type)) {
      touches = true;
      return;
    }
    if (oldEnd > oldStart) {
      touches = before.rangeHasMark(oldStart, oldEnd, type);
      return;
    }
    const $pos = before.resolve(oldStart);
    const left = $pos.nodeBefore?.marks.find((m) => m.type === type);
    const right = $pos.nodeAfter?.marks.find((m) => m.type === type);
    touches = !!left && !!right && left.attrs.id === right.attrs.id;
  });
  return touches;
}

/**
 * Updates the review list after an edit: spans the edit deleted, cut or extended are added (keeping the text
 * they had when first listed); a listed span whose text is back to that text is dropped (an undo). Span
 * operations (create, relabel, remove, move) carry SPAN_OP and are not reviewed.
 */
export function reviewAfter(
  before: PMNode,
  tr: Transaction,
  review: readonly SpanReviewItem[],
  /** The document after the transaction and what plugins appended to it (keepReplacedSpans); tr.doc by default. */
  afterDoc: PMNode = tr.doc,
): SpanReviewItem[] {
  if (!tr.docChanged || tr.getMeta(SPAN_OP)) return [...review];
  // Typing outside every span (the common keystroke) cannot change one: skip walking the document. A change to
  // the set-aside blocks (their own attribute) can.
  const setAsideChanged = setAsideOf(before) !== setAsideOf(afterDoc);
  if (afterDoc === tr.doc && !setAsideChanged && !touchesSpans(before, tr)) return [...review];
  const after = new Map<string, PlacedSpan>();
  const pieces = new Map<string, number>();
  for (const s of placedSpans(afterDoc)) {
    if (!after.has(s.id)) after.set(s.id, s);
    pieces.set(s.id, (pieces.get(s.id) ?? 0) + 1);
  }
  const items = new Map(review.map((r) => [r.spanId, r]));
  for (const old of placedSpans(before)) {
    const now = after.get(old.id);
    // Moved between the text and the set-aside list with its text: nothing happened to the span.
    if (now && now.text === old.text && now.blockId === old.blockId) continue;
    const listed = items.get(old.id);
    if (!now) {
      items.set(old.id, {
        spanId: old.id,
        label: old.label,
        reason: 'deleted',
        oldText: listed?.oldText ?? old.text,
        blockId: null,
      });
      continue;
    }
    // A span split over two blocks keeps its first piece (the later one loses its mark): that is a cut.
    const split = (pieces.get(old.id) ?? 0) > 1;
    const lost =
      old.range && now.range ? lostCharacters(tr.mapping, old.range.from, old.range.to) : !keptAll(old.text, now.text);
    const reason = split || lost || listed?.reason === 'cut' ? 'cut' : 'extended';
    items.set(old.id, {
      spanId: old.id,
      label: now.label,
      reason,
      oldText: listed?.oldText ?? old.text,
      blockId: now.blockId,
    });
  }
  // Listed spans back to their listed text (undo, retyping) need no review any more.
  for (const [id, item] of items) {
    const now = after.get(id);
    if (now && now.text === item.oldText) items.delete(id);
    else if (now && item.reason === 'deleted') items.set(id, { ...item, reason: 'cut', blockId: now.blockId });
  }
  return [...items.values()];
}

/** A span in the text (with its document range) or on a set-aside block (no range: not in the text). */
interface PlacedSpan {
  id: string;
  label: string;
  text: string;
  blockId: string;
  range: { from: number; to: number } | null;
}

/** Every span of the document, the set-aside blocks' included, in document order then set-aside order. */
function placedSpans(doc: PMNode): PlacedSpan[] {
  const out: PlacedSpan[] = collectSpans(doc).map((s) => ({
    id: s.id,
    label: s.label,
    text: s.text,
    blockId: s.blockId,
    range: { from: s.from, to: s.to },
  }));
  for (const block of setAsideOf(doc)) {
    for (const s of block.spans) {
      out.push({ id: s.id, label: s.label, text: block.text.slice(s.start, s.end), blockId: block.id, range: null });
    }
  }
  return out;
}

/**
 * Whether `now` still holds every character of `old` with at most one insert among them: the span gained
 * text but lost none ('extended'). Used where no mapping tracks the span (set-aside blocks, whose text is
 * changed as a whole).
 */
function keptAll(old: string, now: string): boolean {
  if (now.length < old.length) return false;
  for (let k = 0; k <= old.length; k++) {
    if (now.startsWith(old.slice(0, k)) && now.endsWith(old.slice(k))) return true;
  }
  return false;
}

/** The entity span id of a text node, or null. */
function entityIdOf(node: PMNode | null | undefined): string | null {
  const mark = node?.marks.find((m) => m.type.name === 'entity');
  return mark ? String(mark.attrs.id) : null;
}

/**
 * Whether a transaction could have given two blocks, articles or span pieces the same id, so that
 * fixDuplicateIds has to look at the whole document. False only for edits that provably cannot: every step
 * replaces a range with nothing or with flat text that carries no span of its own and cuts no span in two
 * (typing, deleting, an IME composition, typing inside a span, which extends it). Splits, pastes, drops, mark
 * and attribute steps answer true. Checking costs a few lookups per step instead of a walk over the page.
 */
export function mayDuplicateIds(transactions: readonly Transaction[]): boolean {
  for (const tr of transactions) {
    for (let i = 0; i < tr.steps.length; i++) {
      const step = tr.steps[i];
      if (!(step instanceof ReplaceStep)) return true;
      const { slice, from, to } = step;
      if (slice.size === 0) continue; // Deleting cannot duplicate an id (joined blocks keep theirs).
      if (slice.openStart !== 0 || slice.openEnd !== 0) return true;
      const before = tr.docs[i]!;
      const $from = before.resolve(from);
      const $to = before.resolve(to);
      if ($from.parent.type.name !== 'block' || !$from.sameParent($to)) return true;
      // The span the replaced range sits inside (or null): inserted text must be part of it or of none.
      const left = entityIdOf($from.nodeBefore);
      const around = left !== null && left === entityIdOf($to.nodeAfter) ? left : null;
      let ok = true;
      slice.content.forEach((node) => {
        if (!ok) return;
        if (!node.isText) ok = false;
        else if (entityIdOf(node) !== around) ok = false;
      });
      if (!ok) return true;
    }
  }
  return false;
}

/**
 * After a split or a paste the same block id or span id can appear twice. The first keeps it; a later block
 * gets a fresh id; a later piece of a span loses its mark (a split keeps the left part, like splitBlock in
 * the shared span mapping). Returns null when every id is unique.
 */
export function fixDuplicateIds(state: EditorState, newId: () => string): Transaction | null {
  const seen = new Set<string>();
  // The set-aside blocks hold their ids: a block or span pasted back into the text with one gets a fresh one.
  for (const block of setAsideOf(state.doc)) {
    seen.add(block.id);
    for (const s of block.spans) seen.add(s.id);
  }
  const tr = state.tr;
  let changed = false;
  state.doc.descendants((node, pos) => {
    if (node.type.name === 'article' || node.type.name === 'block') {
      const id = node.attrs.id as string | null;
      if (id === null || seen.has(id)) {
        tr.setNodeMarkup(pos, undefined, { ...node.attrs, id: newId() });
        changed = true;
      } else {
        seen.add(id);
      }
    }
    return node.type.name !== 'block';
  });
  const spanSeen = new Set<string>();
  for (const span of collectSpans(state.doc)) {
    if (spanSeen.has(span.id) || seen.has(span.id)) {
      tr.removeMark(span.from, span.to, span.mark);
      changed = true;
    } else {
      spanSeen.add(span.id);
    }
  }
  // Joins the history event of the edit that caused it, so one undo reverts both.
  return changed ? tr.setMeta(SPAN_OP, 'ids') : null;
}

/**
 * ProseMirror drops a non-inclusive mark from text typed over a selection that covers the whole span (the
 * new text takes the marks "across" the selection, which exclude a mark ending at its end). The shared span
 * rules keep the span on the new text: correcting a name by retyping it, or an IME composing over it. For a
 * transaction that is a single replacement lying within one span (edges included), this puts the span's mark
 * back on its mapped range. Null when there is nothing to restore.
 */
export function keepReplacedSpans(tr: Transaction, state: EditorState): Transaction | null {
  if (!tr.docChanged || tr.getMeta(SPAN_OP) || tr.steps.length !== 1) return null;
  const map = tr.mapping.maps[0];
  if (!map) return null;
  let range: { from: number; to: number; size: number } | null = null;
  map.forEach((oldStart, oldEnd, newStart, newEnd) => {
    if (oldEnd > oldStart && newEnd > newStart) range = { from: oldStart, to: oldEnd, size: newEnd - newStart };
  });
  if (!range) return null;
  const { from, to, size } = range as { from: number; to: number; size: number };
  const before = blockSpansAt(tr.before, from).find((s) => s.from <= from && to <= s.to);
  if (!before) return null;
  const newFrom = before.from;
  const newTo = before.to + size - (to - from);
  if (newTo <= newFrom || newTo > state.doc.content.size) return null;
  const spans = blockSpansAt(state.doc, newFrom);
  if (spans.some((s) => s.id === before.id && s.from === newFrom && s.to === newTo)) return null;
  if (spans.some((s) => s.id !== before.id && s.from < newTo && newFrom < s.to)) return null;
  return state.tr.addMark(newFrom, newTo, before.mark).setMeta(SPAN_OP, 'keep');
}

/**
 * While an IME composes over a span (started by replacing text within it, which keepReplacedSpans kept),
 * Chrome reports the composition as edits that run past the span's end ("ni" → "niyue" → "倪跃峰"). This
 * keeps span `id` on the composed text: for a one-step edit that starts within the span or at its end, the
 * mark covers the span's start to the end of the inserted text. Null when nothing is to do.
 */
export function keepComposedSpan(tr: Transaction, state: EditorState, id: string): Transaction | null {
  if (!tr.docChanged || tr.getMeta(SPAN_OP) || tr.steps.length !== 1) return null;
  const map = tr.mapping.maps[0];
  if (!map) return null;
  let range: { oldStart: number; newEnd: number } | null = null;
  map.forEach((oldStart, _oldEnd, newStart, newEnd) => {
    if (newEnd > newStart) range = { oldStart, newEnd };
  });
  if (!range) return null;
  const { oldStart, newEnd } = range as { oldStart: number; newEnd: number };
  const span = blockSpansAt(tr.before, oldStart).find((s) => s.id === id);
  if (!span || oldStart < span.from || oldStart > span.to) return null;
  const from = span.from;
  const to = Math.max(newEnd, tr.mapping.map(span.to, 1));
  if (to > state.doc.content.size) return null;
  const spans = blockSpansAt(state.doc, from);
  if (spans.some((s) => s.id === id && s.from === from && s.to === to)) return null;
  if (spans.some((s) => s.id !== id && s.from < to && from < s.to)) return null;
  return state.tr.removeMark(from, to, span.mark.type).addMark(from, to, span.mark).setMeta(SPAN_OP, 'keep');
}
