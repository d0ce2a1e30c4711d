// Pending repair suggestions inside the editor: where each applies in the current document (found through
// the alignment of the original OCR text with the editor's text, so it survives edits, merges and moves),
// and the edit that accepting it makes — the same change the repair reading makes when it applies it.
// Pure ProseMirror, no DOM: unit-tested in Node.
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';

import type { SuggestionView } from '../../../shared/api';
import type { BlockRole } from '../../../shared/domain';
import { findDoubledSuspects, findLatinSuspects } from '../../../shared/repair/ocr';
import { blockAtOffset, type CurrentText, type OriginalAlignment, originalToCurrent } from './original-diff';

/** A fragment of the original (a non-empty line, trimmed as the repair engine trims it): UTF-16 range. */
export interface FragmentRange {
  start: number;
  end: number;
}

const TRIM_START = /^[\s\uFEFF]+/u;
const TRIM_END = /[\s\uFEFF]+$/u;

/** Where the repair engine's fragments (its suggestions' `target.fragments`) sit in the original text. */
export function fragmentRanges(original: string): FragmentRange[] {
  const out: FragmentRange[] = [];
  const re = /\r\n|\r|\n/g;
  let lineStart = 0;
  for (;;) {
    const m = re.exec(original);
    const lineEnd = m ? m.index : original.length;
    const line = original.slice(lineStart, lineEnd);
    const lead = TRIM_START.exec(line)?.[0].length ?? 0;
    const trail = TRIM_END.exec(line)?.[0].length ?? 0;
    if (lead < line.length) out.push({ start: lineStart + lead, end: lineEnd - trail });
    if (!m) break;
    lineStart = m.index + m[0].length;
  }
  return out;
}

/** The suggestions the editor shows: no decision yet, and not applied by the threshold. */
export function pendingSuggestions(suggestions: readonly SuggestionView[]): SuggestionView[] {
  return suggestions.filter((s) => s.decision === null && !s.applied);
}

/**
 * One place a suggestion marks in the document. `break`: the end of a block's text (merge with the next
 * block); `block`: a whole block node [from, to) (set role, new article, headline to move); `dest`: the
 * position before the block a headline moves to; `range`: text [from, to) in one block (jump, furniture, OCR
 * suspect); `part`: text in one block that gets the proposed role (a block of its own when it is only part);
 * `char`: one character to replace with `replacement` (punctuation).
 */
export interface SuggestionMark {
  role: 'break' | 'block' | 'dest' | 'range' | 'part' | 'char';
  from: number;
  to: number;
  replacement?: string;
  /** The character expected at `char` marks (the original's); anything else means the text was corrected. */
  expected?: string;
}

export interface LocatedSuggestion {
  suggestion: SuggestionView;
  marks: SuggestionMark[];
}

export interface LocateContext {
  doc: PMNode;
  current: CurrentText;
  alignment: OriginalAlignment;
  fragments: readonly FragmentRange[];
}

/** The original range a suggestion's target names: [start in the first fragment, end in the last). */
function targetRange(s: SuggestionView, fragments: readonly FragmentRange[]): FragmentRange | null {
  const first = fragments[s.target.fragments[0] ?? -1];
  const last = fragments[s.target.fragments[s.target.fragments.length - 1] ?? -1];
  if (!first || !last) return null;
  const start = first.start + (s.target.start ?? 0);
  const end = s.target.end !== undefined ? last.start + s.target.end : last.end;
  return start <= end && end <= last.end ? { start, end } : null;
}

function blockIndexAt(current: CurrentText, offset: number): number {
  const block = blockAtOffset(current, offset);
  return block ? current.blocks.indexOf(block) : -1;
}

/**
 * The document ranges of an original range, one per block it now spans, when the current text there still
 * reads as the original (else the researcher already changed it, and the suggestion no longer applies).
 */
function docRanges(ctx: LocateContext, range: FragmentRange): { from: number; to: number }[] | null {
  if (range.end <= range.start) return null;
  const { current, alignment } = ctx;
  const from = originalToCurrent(alignment, range.start);
  const lastChar = originalToCurrent(alignment, range.end - 1);
  const code = alignment.current.charCodeAt(lastChar);
  const to = lastChar + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
  const first = blockIndexAt(current, from);
  const last = blockIndexAt(current, lastChar);
  if (first < 0 || last < first || to <= from) return null;
  const expected = alignment.original.slice(range.start, range.end).replace(/\s+/gu, '');
  const actual = alignment.current.slice(from, to).replace(/\s+/gu, '');
  if (expected !== actual) return null;
  const out: { from: number; to: number }[] = [];
  for (let i = first; i <= last; i++) {
    const block = current.blocks[i]!;
    const start = Math.max(from, block.start);
    const end = Math.min(to, block.end);
    if (end > start) out.push({ from: block.pos + 1 + (start - block.start), to: block.pos + 1 + (end - block.start) });
  }
  return out.length > 0 ? out : null;
}

function blockMark(ctx: LocateContext, index: number): SuggestionMark | null {
  const block = ctx.current.blocks[index];
  if (!block) return null;
  const node = ctx.doc.nodeAt(block.pos);
  return node ? { role: 'block', from: block.pos, to: block.pos + node.nodeSize } : null;
}

/** Where a pending suggestion applies in the document; null when it no longer does (already done by hand). */
export function locateSuggestion(s: SuggestionView, ctx: LocateContext): LocatedSuggestion | null {
  const { current, alignment, fragments } = ctx;
  const marks = ((): SuggestionMark[] | null => {
    switch (s.kind) {
      case 'merge': {
        const a = fragments[s.target.fragments[0] ?? -1];
        const b = fragments[s.target.fragments[s.target.fragments.length - 1] ?? -1];
        if (!a || !b || a.end <= a.start) return null;
        const ia = blockIndexAt(current, originalToCurrent(alignment, a.end - 1));
        const ib = blockIndexAt(current, originalToCurrent(alignment, b.start));
        const block = current.blocks[ia];
        if (!block || ib !== ia + 1) return null;
        const pos = block.pos + 1 + (block.end - block.start);
        return [{ role: 'break', from: pos, to: pos }];
      }
      case 'set-role': {
        const range = targetRange(s, fragments);
        const parts = range && s.target.role ? docRanges(ctx, range) : null;
        if (!parts) return null;
        const doc = ctx.doc;
        // Already done: every part is a block of its own with the role.
        const done = parts.every((p) => {
          const $p = doc.resolve(p.from);
          return $p.parent.attrs.role === s.target.role && p.from === $p.start() && p.to === $p.end();
        });
        if (done) return null;
        const badge = blockMark(ctx, blockIndexAt(current, originalToCurrent(alignment, range!.start)));
        return [...(badge ? [badge] : []), ...parts.map((p) => ({ role: 'part' as const, ...p }))];
      }
      case 'split-article':
      case 'move-block': {
        const range = targetRange(s, fragments);
        if (!range) return null;
        const index = blockIndexAt(current, originalToCurrent(alignment, range.start));
        const mark = blockMark(ctx, index);
        if (!mark) return null;
        if (s.kind === 'split-article' && ctx.doc.resolve(mark.from).index() === 0) return null;
        if (s.kind !== 'move-block') return [mark];
        // The whole stack, and the block it goes before (the paragraph named in the reason).
        const stack = new Set<number>([index]);
        for (const f of s.target.fragments) {
          const fr = fragments[f];
          if (fr) stack.add(blockIndexAt(current, originalToCurrent(alignment, fr.start)));
        }
        const toFrag = fragments[Number(s.reason.params.to ?? -1)];
        if (!toFrag) return null;
        const dest = blockIndexAt(current, originalToCurrent(alignment, toFrag.start));
        const destBlock = current.blocks[dest];
        if (!destBlock || stack.has(dest) || dest === Math.max(...stack) + 1) return null;
        const out: SuggestionMark[] = [];
        for (const i of [...stack].sort((x, y) => x - y)) {
          const m = blockMark(ctx, i);
          if (m) out.push(m);
        }
        out.push({ role: 'dest', from: destBlock.pos, to: destBlock.pos });
        return out;
      }
      case 'mark-jump':
      case 'mark-furniture':
      case 'ocr-latin':
      case 'ocr-doubled': {
        const range = targetRange(s, fragments);
        const ranges = range && docRanges(ctx, range);
        if (!ranges) return null;
        // An OCR suspect lies within one block of the reading; spread over several it was edited.
        if (s.kind.startsWith('ocr-') && ranges.length !== 1) return null;
        return ranges.map((r) => ({ role: 'range' as const, from: r.from, to: r.to }));
      }
      case 'normalize-punctuation': {
        const range = targetRange(s, fragments);
        const normalized = s.target.text;
        if (!range || normalized === undefined || normalized.length !== range.end - range.start) return null;
        const out: SuggestionMark[] = [];
        for (let k = 0; k < normalized.length; k++) {
          const before = alignment.original[range.start + k]!;
          const after = normalized[k]!;
          if (before === after) continue;
          const r = docRanges(ctx, { start: range.start + k, end: range.start + k + 1 })?.[0];
          if (r) out.push({ role: 'char', from: r.from, to: r.to, replacement: after, expected: before });
        }
        return out.length > 0 ? out : null;
      }
      default:
        return null;
    }
  })();
  return marks && marks.length > 0 ? { suggestion: s, marks } : null;
}

/** Locates every suggestion that still applies, in document order of its first mark. */
export function locateSuggestions(suggestions: readonly SuggestionView[], ctx: LocateContext): LocatedSuggestion[] {
  const out: LocatedSuggestion[] = [];
  for (const s of suggestions) {
    const located = locateSuggestion(s, ctx);
    if (located) out.push(located);
  }
  return out.sort((a, b) => a.marks[0]!.from - b.marks[0]!.from);
}

/** Deletes a block; its article too when that was its only block (an article is never empty). */
function deleteBlock(tr: Transaction, pos: number): PMNode | null {
  const node = tr.doc.nodeAt(pos);
  if (!node || node.type.name !== 'block') return null;
  const $pos = tr.doc.resolve(pos);
  if ($pos.parent.childCount === 1) tr.delete($pos.before(), $pos.after());
  else tr.delete(pos, pos + node.nodeSize);
  return node;
}

/** Joins the block ending at `pos` with the block after it (in the next article, if it ends this one). */
function mergeAt(tr: Transaction, pos: number): boolean {
  const $p = tr.doc.resolve(pos);
  if ($p.parent.type.name !== 'block' || pos !== $p.end()) return false;
  const article = $p.node(1);
  if ($p.index(1) + 1 < article.childCount) {
    tr.join(pos + 1);
    return true;
  }
  const nextArticle = $p.after(1);
  const next = tr.doc.nodeAt(nextArticle);
  if (!next || next.type.name !== 'article') return false;
  const block = deleteBlock(tr, nextArticle + 1);
  if (!block) return false;
  tr.insert(pos, block.content);
  return true;
}

/** Gives the text [from, to) of a block its own block with `role` (splitting around it as needed). */
function setRangeRole(tr: Transaction, from: number, to: number, role: BlockRole): boolean {
  const $from = tr.doc.resolve(from);
  if ($from.parent.type.name !== 'block' || to > $from.end()) return false;
  const start = $from.start();
  const end = $from.end();
  const text = tr.doc.textBetween(start, end);
  const rest = (tr.doc.textBetween(start, from) + tr.doc.textBetween(to, end)).trim();
  if (rest === '' || text.trim() === '') {
    const before = $from.before();
    tr.setNodeMarkup(before, undefined, { ...$from.parent.attrs, role });
    return true;
  }
  // The reading's blocks are trimmed: the spaces at a split go with it (a run-together headline stack).
  const textOf = (a: number, b: number) => tr.doc.textBetween(a, b);
  let after = to;
  while (after < end && /\s/u.test(textOf(after, after + 1))) after++;
  let cut = from;
  while (cut > start && /\s/u.test(textOf(cut - 1, cut))) cut--;
  if (to < end) {
    if (after > to) tr.delete(to, after);
    if (after < end) tr.split(to);
  }
  let before = $from.before();
  if (from > start) {
    if (cut < from) tr.delete(cut, from);
    if (cut > start) {
      tr.split(cut);
      before = cut + 1;
    }
  }
  const node = tr.doc.nodeAt(before);
  if (!node) return false;
  // The split-off block gets a fresh id from unique-ids.ts (ids do not follow a split).
  tr.setNodeMarkup(before, undefined, { ...node.attrs, role });
  return true;
}

/** Gives each `role` mark's text the block role, last first (a split moves only what comes after it). */
function setRolesOf(
  tr: Transaction,
  located: LocatedSuggestion,
  markRole: SuggestionMark['role'],
  role: BlockRole,
  map: (pos: number, assoc?: number) => number,
): boolean {
  const marks = located.marks.filter((m) => m.role === markRole).sort((a, b) => b.from - a.from);
  let changed = false;
  for (const m of marks) {
    const start = tr.mapping.maps.length;
    const from = tr.mapping.slice(start).map(map(m.from, 1), 1);
    changed = setRangeRole(tr, from, tr.mapping.slice(start).map(map(m.to, -1), -1), role) || changed;
  }
  return changed;
}

/** What accepting an OCR suspect removes: the suspect's `remove` range as the repair engine defines it. */
function ocrRemoval(doc: PMNode, kind: 'ocr-latin' | 'ocr-doubled', from: number, to: number): [number, number] {
  const $from = doc.resolve(from);
  const start = $from.start();
  const text = doc.textBetween(start, $from.end());
  const suspects = kind === 'ocr-latin' ? findLatinSuspects(text) : findDoubledSuspects(text);
  const found = suspects.find((x) => x.start === from - start && x.end === to - start);
  return found ? [start + found.remove.start, start + found.remove.end] : [from, to];
}

/**
 * Adds the edit of accepting a located suggestion to `tr`. The marks' positions are those of `tr.before`'s
 * document mapped through `map` (so several suggestions can be accepted in one transaction). Returns whether
 * anything could be applied.
 */
export function applySuggestion(
  tr: Transaction,
  located: LocatedSuggestion,
  map: (pos: number, assoc?: number) => number,
): boolean {
  const s = located.suggestion;
  const marks = located.marks.map((m) => ({ ...m, from: map(m.from, 1), to: map(m.to, -1) }));
  const first = marks[0];
  if (!first) return false;
  switch (s.kind) {
    case 'merge':
      return mergeAt(tr, map(located.marks[0]!.from, -1));
    case 'set-role':
      return s.target.role ? setRolesOf(tr, located, 'part', s.target.role, map) : false;
    case 'split-article': {
      const $pos = tr.doc.resolve(first.from);
      if ($pos.depth !== 1 || $pos.index() === 0) return false;
      tr.split(first.from, 1);
      return true;
    }
    case 'move-block': {
      const dest = marks.find((m) => m.role === 'dest');
      if (!dest) return false;
      // Every block now inside the stack's marks (an accepted role may have split a run-together line).
      const ranges: { from: number; to: number; node: PMNode }[] = [];
      for (const b of marks.filter((m) => m.role === 'block')) {
        tr.doc.nodesBetween(b.from, b.to, (node, pos) => {
          if (node.type.name !== 'block') return true;
          if (pos >= b.from && pos + node.nodeSize <= b.to) ranges.push({ from: pos, to: pos + node.nodeSize, node });
          return false;
        });
      }
      if (ranges.length === 0) return false;
      const start = tr.mapping.maps.length;
      for (const r of [...ranges].reverse()) deleteBlock(tr, tr.mapping.slice(start).map(r.from, 1));
      tr.insert(
        tr.mapping.slice(start).map(dest.from, 1),
        ranges.map((r) => r.node),
      );
      return true;
    }
    case 'mark-jump':
    case 'mark-furniture':
      return setRolesOf(tr, located, 'range', s.kind === 'mark-jump' ? 'jump' : 'furniture', map);
    case 'ocr-latin':
    case 'ocr-doubled': {
      const [from, to] = ocrRemoval(tr.doc, s.kind, first.from, first.to);
      if (to <= from) return false;
      tr.delete(from, to);
      return true;
    }
    case 'normalize-punctuation': {
      let changed = false;
      for (const m of marks) {
        if (m.role !== 'char' || m.replacement === undefined || m.to - m.from !== 1) continue;
        if (tr.doc.textBetween(m.from, m.to) !== m.expected) continue;
        // Same length, and the character keeps its entity mark: spans do not move.
        const marksThere = tr.doc.nodeAt(m.from)?.marks ?? [];
        tr.replaceWith(m.from, m.to, tr.doc.type.schema.text(m.replacement, marksThere));
        changed = true;
      }
      return changed;
    }
    default:
      return false;
  }
}

/** Accepts several located suggestions in one transaction (one undo step); returns the ids applied. */
export function applySuggestions(
  state: EditorState,
  list: readonly LocatedSuggestion[],
): { tr: Transaction; applied: string[] } {
  const tr = state.tr;
  const applied: string[] = [];
  // Last in the document first: earlier positions are then untouched by the edits already made. Moves go
  // last, so a role accepted with them applies to the stack before it moves (mapping a moved block is lossy).
  const isMove = (l: LocatedSuggestion) => (l.suggestion.kind === 'move-block' ? 1 : 0);
  const order = [...list].sort((a, b) => isMove(a) - isMove(b) || b.marks[0]!.from - a.marks[0]!.from);
  for (const located of order) {
    if (applySuggestion(tr, located, (pos, assoc) => tr.mapping.map(pos, assoc))) applied.push(located.suggestion.id);
  }
  return { tr, applied };
}
