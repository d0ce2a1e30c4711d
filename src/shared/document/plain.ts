// The corrected plain text of a page, as search and every exporter see it, with a map back to block offsets.
import { type DocSpan, type PageDocument, isExportedRole } from './model';

/** Where one block's text sits in the document text (UTF-16 offsets, end exclusive). */
export interface PlainBlockRange {
  articleId: string;
  blockId: string;
  start: number;
  end: number;
}

/** A span of an exported block, with its offsets in the document text (UTF-16). */
export interface PlainSpan {
  blockId: string;
  span: DocSpan;
  start: number;
  end: number;
}

export interface DocumentText {
  text: string;
  /** Exported blocks in text order. */
  blocks: PlainBlockRange[];
  /** Spans of the exported blocks in text order. */
  spans: PlainSpan[];
  /**
   * Offset in `text` of an offset inside a block (0..block length); null for a block that is not in the text
   * (set aside, jump or furniture role, blank). RangeError for an offset outside an exported block.
   */
  toTextOffset(blockId: string, offset: number): number | null;
  /** The block and offset inside it of a text offset; null on the blank line between articles. */
  fromTextOffset(offset: number): { blockId: string; offset: number } | null;
}

const BLANK = /^\s*$/;

/**
 * Per article, one line per exported block in order (the headline stack then the paragraphs), articles
 * separated by a blank line, no trailing newline. Left out: set-aside blocks, jump and furniture blocks
 * inside articles, and blocks that are empty or only whitespace, since such a line would read as an article
 * break (their spans, on whitespace only, are not exported). An article with nothing exported is left out.
 */
export function documentText(doc: PageDocument): DocumentText {
  const parts: string[] = [];
  const blocks: PlainBlockRange[] = [];
  const spans: PlainSpan[] = [];
  const lengths = new Map<string, number>();
  let length = 0;
  for (const article of doc.articles) {
    const exported = article.blocks.filter((b) => isExportedRole(b.role) && !BLANK.test(b.text));
    if (exported.length === 0) continue;
    exported.forEach((block, i) => {
      const sep = i > 0 ? '\n' : blocks.length > 0 ? '\n\n' : '';
      parts.push(sep, block.text);
      length += sep.length;
      blocks.push({ articleId: article.id, blockId: block.id, start: length, end: length + block.text.length });
      lengths.set(block.id, block.text.length);
      for (const span of [...block.spans].sort((a, b) => a.start - b.start)) {
        spans.push({ blockId: block.id, span, start: length + span.start, end: length + span.end });
      }
      length += block.text.length;
    });
  }
  const text = parts.join('');
  const startOf = new Map(blocks.map((b) => [b.blockId, b.start]));
  return {
    text,
    blocks,
    spans,
    toTextOffset(blockId, offset) {
      const start = startOf.get(blockId);
      const blockLength = lengths.get(blockId);
      if (start === undefined || blockLength === undefined) return null;
      if (!Number.isInteger(offset) || offset < 0 || offset > blockLength) {
        throw new RangeError(`offset ${offset} is outside block ${blockId} (0..${blockLength})`);
      }
      return start + offset;
    },
    fromTextOffset(offset) {
      // Binary search for the last block starting at or before the offset.
      let lo = 0;
      let hi = blocks.length - 1;
      let found: PlainBlockRange | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const b = blocks[mid];
        if (!b) break;
        if (b.start <= offset) {
          found = b;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      if (!found || offset > found.end) return null;
      return { blockId: found.blockId, offset: offset - found.start };
    },
  };
}
