// Builds the output blocks of an article and keeps, for each block, which piece every character came from,
// so offsets found in a block (an OCR suspect) can be pointed back at a fragment.
import type { ParaItem, StackItem } from './articles';
import type { Piece } from './fragments';
import type { StackPart } from './headline';
import { uniq } from './suggestions';
import { joinAcrossBreak } from './text';
import type { RepairBlock } from './types';

export interface BuiltBlock {
  block: RepairBlock;
  /** where each piece's text sits in the block's text */
  segments: { piece: Piece; at: number; pieceOffset: number; length: number }[];
  /** the stack part a headline-stack block came from */
  part?: StackPart;
}

/** One block per stack part; a run-together line gives several blocks from one fragment. */
export function stackBlocks(it: StackItem, textOf: (p: Piece) => string): BuiltBlock[] {
  const out: BuiltBlock[] = [];
  for (const part of it.parts) {
    const p = it.pieces[part.line];
    if (!p) continue;
    const full = textOf(p);
    // Trim the slice but keep its offsets pointing into the piece.
    let s = part.start;
    let e = part.end;
    while (s < e && /\s/u.test(full.charAt(s))) s++;
    while (e > s && /\s/u.test(full.charAt(e - 1))) e--;
    if (e <= s) continue;
    out.push({
      block: { role: part.role, text: full.slice(s, e), sources: [p.frag] },
      segments: [{ piece: p, at: 0, pieceOffset: s, length: e - s }],
      part: { ...part, start: s, end: e },
    });
  }
  return out;
}

/** A paragraph: its pieces joined across column breaks. */
export function paraBlock(it: ParaItem, textOf: (p: Piece) => string): BuiltBlock {
  let text = '';
  const segments: BuiltBlock['segments'] = [];
  for (const p of it.pieces) {
    const t = textOf(p);
    const joined = text ? joinAcrossBreak(text, t) : t;
    segments.push({ piece: p, at: joined.length - t.length, pieceOffset: 0, length: t.length });
    text = joined;
  }
  return { block: { role: it.role, text, sources: uniq(it.pieces.map((p) => p.frag)) }, segments };
}

/** Maps an offset in a block's text back to a fragment and an offset in that fragment. */
export function locate(b: BuiltBlock, offset: number, isEnd: boolean): { frag: number; offset: number } | null {
  // Binary search for the last segment starting at (or, for an end offset, before) the offset.
  let lo = 0;
  let hi = b.segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const at = b.segments[mid]?.at ?? 0;
    if (isEnd ? at < offset : at <= offset) lo = mid;
    else hi = mid - 1;
  }
  const seg = b.segments[lo];
  if (!seg) return null;
  const within = Math.max(0, Math.min(seg.length, offset - seg.at));
  return { frag: seg.piece.frag, offset: seg.piece.start + seg.pieceOffset + within };
}
