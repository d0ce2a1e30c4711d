// The original OCR text against the editor's current text: a character alignment that ignores whitespace
// (line breaks and indentation change with every merge and split, and are no correction), the ranges to
// highlight on either side, and the offset mapping the original pane's scroll sync and the suggestion
// markers use. Pure: no DOM, no editor; offsets are UTF-16 code units.
import type { Node as PMNode } from '@tiptap/pm/model';

import { alignTexts, type Opcode } from '../../../shared/export/alignment';

/** One block of the editor's text: where it sits in the current text and in the ProseMirror document. */
export interface CurrentBlock {
  id: string;
  /** Position just before the block node in the document. */
  pos: number;
  /** Offsets of the block's text in the current text (end exclusive). */
  start: number;
  end: number;
}

/** The editor's blocks as one text: blocks separated by a line break, articles by a blank line. */
export interface CurrentText {
  text: string;
  blocks: CurrentBlock[];
}

export function currentTextOf(doc: PMNode): CurrentText {
  const parts: string[] = [];
  const blocks: CurrentBlock[] = [];
  let length = 0;
  let first = true;
  doc.forEach((article, articleOffset) => {
    let firstInArticle = true;
    article.forEach((block, blockOffset) => {
      const sep = first ? '' : firstInArticle ? '\n\n' : '\n';
      first = false;
      firstInArticle = false;
      const text = block.textContent;
      parts.push(sep, text);
      length += sep.length;
      blocks.push({
        id: String(block.attrs.id ?? ''),
        pos: articleOffset + 1 + blockOffset,
        start: length,
        end: length + text.length,
      });
      length += text.length;
    });
  });
  return { text: parts.join(''), blocks };
}

/** A highlighted range of one side (UTF-16 offsets, end exclusive). */
export interface DiffRange {
  start: number;
  end: number;
  kind: 'deleted' | 'inserted' | 'changed';
}

/** Text the correction added at a point of the original (shown there as an insertion mark). */
export interface Insertion {
  at: number;
  text: string;
}

export interface OriginalAlignment {
  original: string;
  current: string;
  /** Opcodes over the two texts without whitespace, in characters (code points). */
  opcodes: Opcode[];
  /** UTF-16 offset of each non-whitespace character of the original / the current text. */
  originalChars: Int32Array;
  currentChars: Int32Array;
  /** Ranges of the original that the correction deleted or changed. */
  originalRanges: DiffRange[];
  /** Ranges of the current text that the correction inserted or changed. */
  currentRanges: DiffRange[];
  insertions: Insertion[];
}

/** Whether a UTF-16 code unit is whitespace (what /\s/ matches), without a regular expression per character. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    (c > 0x7f &&
      (c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff))
  );
}

/** The text without whitespace, and the UTF-16 offset of each of its characters (code points) in the text. */
function skeleton(text: string): { chars: Int32Array; text: string } {
  const offsets = new Int32Array(text.length);
  const kept: string[] = [];
  let n = 0;
  let runStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (runStart >= 0) kept.push(text.slice(runStart, i));
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = i;
    offsets[n++] = i;
    // A surrogate pair is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
  }
  if (runStart >= 0) kept.push(text.slice(runStart));
  return { chars: offsets.subarray(0, n), text: kept.join('') };
}

/** End (exclusive, UTF-16) of the k-th kept character. */
function charEnd(text: string, chars: Int32Array, k: number): number {
  const at = chars[k]!;
  const code = text.charCodeAt(at);
  return code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? at + 2 : at + 1;
}

/** The UTF-16 range covering kept characters [from, to) (empty at the position of `from`). */
function rangeOf(text: string, chars: Int32Array, from: number, to: number): { start: number; end: number } {
  if (from >= to) {
    const at = from < chars.length ? chars[from]! : text.length;
    return { start: at, end: at };
  }
  return { start: chars[from]!, end: charEnd(text, chars, to - 1) };
}

/**
 * Aligns the original with the current text. The common prefix and suffix are skipped before Myers' diff
 * (alignment.ts), so a page that is mostly its original aligns in a few milliseconds even at 20,000 characters.
 */
export function alignOriginal(original: string, current: string): OriginalAlignment {
  const a = skeleton(original);
  const b = skeleton(current);
  const opcodes = alignTexts(a.text, b.text);
  const originalRanges: DiffRange[] = [];
  const currentRanges: DiffRange[] = [];
  const insertions: Insertion[] = [];
  for (const [tag, i1, i2, j1, j2] of opcodes) {
    if (tag === 'equal') continue;
    const o = rangeOf(original, a.chars, i1, i2);
    const c = rangeOf(current, b.chars, j1, j2);
    if (tag === 'delete') originalRanges.push({ ...o, kind: 'deleted' });
    else if (tag === 'insert') {
      currentRanges.push({ ...c, kind: 'inserted' });
      insertions.push({ at: o.start, text: current.slice(c.start, c.end) });
    } else {
      originalRanges.push({ ...o, kind: 'changed' });
      currentRanges.push({ ...c, kind: 'changed' });
    }
  }
  return {
    original,
    current,
    opcodes,
    originalChars: a.chars,
    currentChars: b.chars,
    originalRanges,
    currentRanges,
    insertions,
  };
}

/** Index of the first kept character at or after a UTF-16 offset. */
function charAt(chars: Int32Array, offset: number): number {
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chars[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The opcode holding character `k` of one side (0 original, 1 current). */
function opcodeAt(opcodes: readonly Opcode[], side: 0 | 1, k: number): Opcode | undefined {
  const endIdx = side === 0 ? 2 : 4;
  let lo = 0;
  let hi = opcodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((opcodes[mid]![endIdx] as number) <= k) lo = mid + 1;
    else hi = mid;
  }
  return opcodes[lo];
}

function mapOffset(al: OriginalAlignment, offset: number, from: 0 | 1): number {
  const [srcChars, dstChars, dstText] =
    from === 0 ? [al.originalChars, al.currentChars, al.current] : [al.currentChars, al.originalChars, al.original];
  const k = charAt(srcChars, offset);
  const op = k < srcChars.length ? opcodeAt(al.opcodes, from, k) : undefined;
  if (!op) return dstText.length;
  const [tag, i1, , j1, j2] = op;
  const [s1, d1, d2] = from === 0 ? [i1, j1, j2] : [j1, i1, op[2]];
  // Inside an equal run the character itself; inside a change the same distance into the other side's run;
  // a deleted character maps to the first character after the deletion.
  const target = tag === 'equal' ? d1 + (k - s1) : Math.min(d1 + (k - s1), Math.max(d1, d2 - 1));
  return target < dstChars.length ? dstChars[target]! : dstText.length;
}

/** Where an offset of the original text is in the current text (the nearest aligned character). */
export function originalToCurrent(al: OriginalAlignment, offset: number): number {
  return mapOffset(al, offset, 0);
}

/** Where an offset of the current text is in the original text. */
export function currentToOriginal(al: OriginalAlignment, offset: number): number {
  return mapOffset(al, offset, 1);
}

/** The block holding a current-text offset (a separator counts for the block after it). */
export function blockAtOffset(text: CurrentText, offset: number): CurrentBlock | null {
  const { blocks } = text;
  let lo = 0;
  let hi = blocks.length - 1;
  if (hi < 0) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.end < offset) lo = mid + 1;
    else hi = mid;
  }
  return blocks[lo] ?? null;
}

/** The document position of a current-text offset. */
export function docPosOfOffset(text: CurrentText, offset: number): number | null {
  const block = blockAtOffset(text, offset);
  if (!block) return null;
  return block.pos + 1 + Math.min(block.end - block.start, Math.max(0, offset - block.start));
}

/** The current-text offset of a document position (the start of its block when it is between blocks). */
export function offsetOfDocPos(text: CurrentText, pos: number): number {
  const { blocks } = text;
  let lo = 0;
  let hi = blocks.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid]!.pos <= pos) lo = mid;
    else hi = mid - 1;
  }
  const block = blocks[lo]!;
  return block.start + Math.min(block.end - block.start, Math.max(0, pos - block.pos - 1));
}

/** A piece of the original as the pane shows it. */
export interface OriginalSegment {
  start: number;
  text: string;
  kind: 'same' | 'deleted' | 'changed';
  /** Text the correction inserted right before this segment. */
  inserted?: string;
}

/** One line of the original (a line break of the OCR file), cut into segments at every highlight. */
export interface OriginalLine {
  start: number;
  segments: OriginalSegment[];
}

/**
 * The original cut into lines and highlighted segments, for the pane: every character of the original is in
 * exactly one segment, in order; insertions ride on the segment they come before (or a trailing empty one).
 */
export function originalLines(al: OriginalAlignment): OriginalLine[] {
  const text = al.original;
  const lines: OriginalLine[] = [];
  let r = 0;
  let ins = 0;
  let lineStart = 0;
  for (;;) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const segments: OriginalSegment[] = [];
    let at = lineStart;
    while (at < lineEnd || (nl < 0 && ins < al.insertions.length)) {
      let inserted: string | undefined;
      while (ins < al.insertions.length && al.insertions[ins]!.at <= at) {
        inserted = (inserted ?? '') + al.insertions[ins]!.text;
        ins++;
      }
      while (r < al.originalRanges.length && al.originalRanges[r]!.end <= at) r++;
      const range = al.originalRanges[r];
      const inRange = range !== undefined && range.start <= at;
      let end = inRange ? Math.min(range.end, lineEnd) : Math.min(range?.start ?? lineEnd, lineEnd);
      // The next insertion point cuts the segment, so its mark sits right where the text was added.
      const nextIns = al.insertions[ins]?.at;
      if (nextIns !== undefined && nextIns > at && nextIns < end) end = nextIns;
      const kind: OriginalSegment['kind'] = inRange ? (range.kind === 'deleted' ? 'deleted' : 'changed') : 'same';
      if (end <= at && inserted === undefined) break;
      segments.push({ start: at, text: text.slice(at, end), kind, ...(inserted !== undefined ? { inserted } : {}) });
      at = Math.max(at, end);
      if (end >= lineEnd && nl < 0 && ins >= al.insertions.length) break;
    }
    lines.push({ start: lineStart, segments });
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return lines;
}
