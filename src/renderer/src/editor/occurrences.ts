// Finding text on the page: the matches of a query in a block's text (find and replace), and the untagged
// occurrences of a span's text (tag all occurrences). Pure functions over plain text and spans (UTF-16
// offsets), unit-tested in Node; blocksOf reads them from the editor's document.
import type { Node as PMNode } from '@tiptap/pm/model';

import { splitsSurrogatePair } from '../../../shared/document';

/** A half-open range [start, end) of UTF-16 offsets in a block's text. */
export interface TextRange {
  start: number;
  end: number;
}

/** A block's text and its spans' ranges, as the finders read them. */
export interface TextBlock {
  text: string;
  spans: readonly TextRange[];
}

/** A range in the block at index `block` of the list searched. */
export interface BlockMatch extends TextRange {
  block: number;
}

/**
 * The exact, non-overlapping matches of `query` in `text`, left to right (after a match the search goes on at
 * its end, so 江泽民江泽民 holds two 江泽民 and "aaa" holds one "aa"). A match never starts or ends inside a
 * surrogate pair (a query of half a character finds nothing). An empty query finds nothing.
 */
export function findMatches(text: string, query: string): TextRange[] {
  const out: TextRange[] = [];
  if (query.length === 0) return out;
  let from = 0;
  while (from <= text.length - query.length) {
    const start = text.indexOf(query, from);
    if (start < 0) break;
    const end = start + query.length;
    if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) {
      from = start + 1;
      continue;
    }
    out.push({ start, end });
    from = end;
  }
  return out;
}

/** The matches of `query` in every block, in document order. */
export function findInBlocks(blocks: readonly TextBlock[], query: string): BlockMatch[] {
  const out: BlockMatch[] = [];
  blocks.forEach((b, block) => {
    for (const m of findMatches(b.text, query)) out.push({ block, ...m });
  });
  return out;
}

/**
 * The occurrences of `text` that could become new spans: exact matches not overlapping any existing span of
 * their block (the span the text came from is one of those, so it is never counted).
 */
export function findOccurrences(blocks: readonly TextBlock[], text: string): BlockMatch[] {
  return findInBlocks(blocks, text).filter(
    (m) => !blocks[m.block]!.spans.some((s) => s.start < m.end && m.start < s.end),
  );
}

/** A block of the editor's document: its position (of the node), its text and its spans' ranges. */
export interface EditorBlock extends TextBlock {
  pos: number;
}

/** The document's blocks, in order. Block content is text only, so offset o is at position pos + 1 + o. */
export function blocksOf(doc: PMNode): EditorBlock[] {
  const out: EditorBlock[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== 'block') return true;
    out.push(blockOf(node, pos));
    return false;
  });
  return out;
}

export function blockOf(node: PMNode, pos: number): EditorBlock {
  const spans: TextRange[] = [];
  let text = '';
  node.forEach((child) => {
    const piece = child.text ?? '';
    if (child.marks.some((m) => m.type.name === 'entity')) {
      const last = spans[spans.length - 1];
      if (last && last.end === text.length) last.end += piece.length;
      else spans.push({ start: text.length, end: text.length + piece.length });
    }
    text += piece;
  });
  return { pos, text, spans };
}

/** Document positions [from, to) of a block match. */
export function matchPositions(blocks: readonly EditorBlock[], m: BlockMatch): { from: number; to: number } {
  const base = blocks[m.block]!.pos + 1;
  return { from: base + m.start, to: base + m.end };
}
