// Where a search hit lies in the page as it is now: the index gives a block id and UTF-16 offsets, but the
// page may have been edited since (in another window, or the index is older), so the offsets are checked
// against the text and the hit is looked for again when they no longer hold. Pure, unit-tested.
import type { Node as PMNode } from '@tiptap/pm/model';

import type { PageReveal } from './search-route';

export interface TextRange {
  start: number;
  end: number;
}

/** A block of the editor's document: its id, its position (of the node) and its text. */
export interface IdBlock {
  id: string;
  pos: number;
  text: string;
}

/**
 * The range of `match` in `text`: [start, end) itself when it still holds `match`, else the occurrence of
 * `match` nearest to `start`, else null.
 */
export function locateInText(text: string, start: number, end: number, match: string): TextRange | null {
  if (match === '') return null;
  if (text.slice(start, end) === match) return { start, end };
  let best: number | null = null;
  for (let at = text.indexOf(match); at >= 0; at = text.indexOf(match, at + 1)) {
    if (best === null || Math.abs(at - start) < Math.abs(best - start)) best = at;
  }
  return best === null ? null : { start: best, end: best + match.length };
}

/**
 * The document positions [from, to) of a corrected-text hit: in its block when that block still exists and
 * holds the text, else at the first occurrence of the text in the page; null when the text is gone.
 * Block content is text only, so offset o of a block at `pos` is at position pos + 1 + o.
 */
export function revealRange(blocks: readonly IdBlock[], reveal: PageReveal): { from: number; to: number } | null {
  const own = blocks.find((b) => b.id === reveal.block);
  const inOwn = own ? locateInText(own.text, reveal.start, reveal.end, reveal.text) : null;
  if (own && inOwn) return { from: own.pos + 1 + inOwn.start, to: own.pos + 1 + inOwn.end };
  for (const block of blocks) {
    const at = block.text.indexOf(reveal.text);
    if (at >= 0 && reveal.text !== '') return { from: block.pos + 1 + at, to: block.pos + 1 + at + reveal.text.length };
  }
  return null;
}

/** The blocks of the editor's document with their ids, in order. */
export function idBlocksOf(doc: PMNode): IdBlock[] {
  const out: IdBlock[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== 'block') return true;
    out.push({ id: String(node.attrs.id ?? ''), pos, text: node.textContent });
    return false;
  });
  return out;
}
