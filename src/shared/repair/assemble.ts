// Builds the reading — articles and removed text — from the page's analysis and the state of every
// suggestion: applied or not, by a human decision or by its confidence against the threshold.
//
// The analysis (engine.ts) always proposes the same suggestions for a page; only this step depends on the
// decisions. It starts from the page's best reading (every suggestion applied at confidence >= 0.5) and
// undoes or adds each repair where the decisions say so, working on pieces (fragments.ts), so a decision
// means the same thing whatever is decided about the other suggestions:
//
// - merge: pieces a and b are one paragraph exactly when the merge is applied. A merge never crosses an
//   applied article split (the engine never offers one that could; if it did, the split would win and the
//   merge would be reported not applied).
// - mark-jump / mark-furniture: applied → the text is in `removed`. Not applied → every piece of it is a
//   body block of its own at its page position: after the block of the kept piece before it, in that
//   block's article. A continued-from marker ("(上接第1版)") heads what follows it, so it and the rejected
//   text after it go before the next kept piece instead; so does text above the page's first kept piece.
//   Text printed inside a paragraph (an ad the column flows around) goes after that paragraph, and text
//   between the lines of a headline stack after the stack. A rejected marker changes no article boundary:
//   boundaries are the split-article suggestions' business.
// - set-role, paragraph (byline, caption): not applied → body.
// - set-role, headline stack: not applied → the main headline part is body (it is not a headline); a kicker
//   or subtitle part is not a part of its own but belongs to the main headline: on a line run together
//   with the main headline it stays in the line's one block, on a line of its own it is a block with the
//   main headline's final role (headline, or body when the main headline part is not applied either).
// - move-block: not applied → the stack stays at its page position, after the paragraphs it was found
//   after, in the same article (a crosshead). Applied → it goes right before the paragraph it heads (the one
//   named in the suggestion id), which is the article's start — or, when the split before that paragraph
//   is not applied, the start of that part of the joined article: a headline heads the text it was
//   matched with, not the earlier article's.
// - split-article: not applied → the article is joined to the one before it.
// - ocr-latin / ocr-doubled: accepted → the suspect's `remove` span (ocr.ts) is cut from the pieces it
//   covers; the reading's text changes.
// - normalize-punctuation: applied → the piece's text is the normalized one (same length, so OCR offsets
//   still point at the same characters).
import type { BlockRole } from '../domain';
import type { ArticleDraft, HeadlineMove, ParaItem, StackItem } from './articles';
import type { BuiltBlock } from './blocks';
import type { Piece } from './fragments';
import { uniq } from './suggestions';
import { joinAcrossBreak } from './text';
import type { RemovedBlock, RepairArticle, RepairBlock, Suggestion } from './types';

/** A span of one piece's text (UTF-16 offsets into `piece.text`, end exclusive). */
export interface PieceCut {
  piece: Piece;
  start: number;
  end: number;
}

/** Text the engine proposes to remove (a jump marker, a furniture box), in page order. */
export interface RemovalCandidate {
  pieces: Piece[];
  block: RemovedBlock;
  suggestion: Suggestion | null;
  /** a continued-from marker: heads the text after it when it stays in the flow */
  headsNext: boolean;
}

export interface PageAnalysis {
  /** all pieces of the page, in page order */
  pieces: readonly Piece[];
  /** the articles of the best reading */
  drafts: readonly ArticleDraft[];
  removals: readonly RemovalCandidate[];
  /** merge suggestions by the index of their second piece, with the index of their first */
  merges: ReadonlyMap<number, { a: number; suggestion: Suggestion }>;
  moves: ReadonlyMap<StackItem, { move: HeadlineMove; suggestion: Suggestion }>;
  splits: ReadonlyMap<ArticleDraft, Suggestion>;
  /** normalized text and its suggestion by piece index */
  punctuation: ReadonlyMap<number, { text: string; suggestion: Suggestion }>;
  paraRoles: ReadonlyMap<ParaItem, Suggestion>;
  /** the best reading's blocks of each stack (one per part) with their set-role suggestions */
  stacks: ReadonlyMap<StackItem, { built: BuiltBlock; suggestion: Suggestion | null }[]>;
  ocr: readonly { suggestion: Suggestion; cuts: PieceCut[] }[];
}

export interface AssembledReading {
  articles: RepairArticle[];
  removed: RemovedBlock[];
  /** merge suggestions whose two pieces ended up in one block */
  joined: Set<Suggestion>;
}

type Entry = { type: 'block'; block: RepairBlock } | { type: 'break' };

const trimWs = (s: string): string => s.replace(/^\s+|\s+$/gu, '');

export function assembleReading(an: PageAnalysis, isApplied: (s: Suggestion) => boolean): AssembledReading {
  // No suggestion (never the case for a structure the engine proposes, but cheap to allow): as proposed.
  const on = (s: Suggestion | null | undefined): boolean => (s ? isApplied(s) : true);

  // Accepted OCR cuts, per piece.
  const cuts = new Map<number, [number, number][]>();
  for (const o of an.ocr) {
    if (!isApplied(o.suggestion)) continue;
    for (const c of o.cuts) {
      const list = cuts.get(c.piece.index);
      if (list) list.push([c.start, c.end]);
      else cuts.set(c.piece.index, [[c.start, c.end]]);
    }
  }
  for (const list of cuts.values()) list.sort((x, y) => x[0] - y[0]);

  const baseText = (p: Piece): string => {
    const n = an.punctuation.get(p.index);
    return n && isApplied(n.suggestion) ? n.text : p.text;
  };
  /** The piece's text in [start, end) as this reading has it: normalized or not, accepted OCR cuts removed. */
  const slice = (p: Piece, start: number, end: number): string => {
    const t = baseText(p);
    const list = cuts.get(p.index);
    if (!list) return t.slice(start, end);
    let out = '';
    let pos = start;
    for (const [s, e] of list) {
      if (e <= pos) continue;
      if (s >= end) break;
      if (s > pos) out += t.slice(pos, s);
      pos = Math.max(pos, e);
    }
    if (pos < end) out += t.slice(pos, end);
    return out;
  };
  const pieceText = (p: Piece): string => {
    if (!cuts.has(p.index)) return baseText(p);
    return trimWs(slice(p, 0, p.text.length));
  };

  const entries: Entry[] = [];
  /** piece index → [first, last] entry of the unit (paragraph block, or whole stack) holding it; one array per unit */
  const unitOf = new Map<number, [number, number]>();
  const joined = new Set<Suggestion>();

  let open: { pieces: Piece[]; role: BlockRole } | null = null;
  const closePara = (): void => {
    if (!open) return;
    let text = '';
    for (const p of open.pieces) {
      const t = pieceText(p);
      if (!t) continue;
      text = text ? joinAcrossBreak(text, t) : t;
    }
    const at = entries.length;
    entries.push({
      type: 'block',
      block: { role: open.role, text, sources: uniq(open.pieces.map((p) => p.frag)) },
    });
    const unit: [number, number] = [at, at];
    for (const p of open.pieces) unitOf.set(p.index, unit);
    open = null;
  };

  const emitStack = (it: StackItem): void => {
    const parts = an.stacks.get(it) ?? [];
    const pieceOf = (x: { built: BuiltBlock }): Piece | undefined => x.built.segments[0]?.piece;
    const main = parts.find((x) => x.built.part?.role === 'headline');
    const mainRole: BlockRole = main && !on(main.suggestion) ? 'body' : 'headline';
    const mainPiece = main ? pieceOf(main) : undefined;
    // A kicker or subtitle that is not applied on the main headline's own line stays in its block.
    const absorbed = (x: (typeof parts)[number]): boolean =>
      x !== main && !on(x.suggestion) && mainPiece !== undefined && pieceOf(x) === mainPiece;
    let s0 = Infinity;
    let e0 = -Infinity;
    if (main?.built.part) {
      s0 = main.built.part.start;
      e0 = main.built.part.end;
      for (const x of parts) {
        if (!absorbed(x) || !x.built.part) continue;
        s0 = Math.min(s0, x.built.part.start);
        e0 = Math.max(e0, x.built.part.end);
      }
    }
    const first = entries.length;
    for (const x of parts) {
      const part = x.built.part;
      const p = pieceOf(x);
      if (!part || !p || absorbed(x)) continue;
      const isMain = x === main;
      const role: BlockRole = isMain ? mainRole : on(x.suggestion) ? part.role : mainRole;
      const text = isMain ? slice(p, s0, e0) : slice(p, part.start, part.end);
      entries.push({ type: 'block', block: { role, text: trimWs(text), sources: [p.frag] } });
    }
    // A stack that gave no block (all its text cut) anchors nothing.
    if (entries.length === first) return;
    const unit: [number, number] = [first, entries.length - 1];
    for (const p of it.pieces) unitOf.set(p.index, unit);
  };

  /** The article's items in reading order: a move that is not applied leaves its stack where it was. */
  const orderedItems = (d: ArticleDraft): readonly (ParaItem | StackItem)[] => {
    const head = d.items[0];
    const mv = head?.type === 'stack' ? an.moves.get(head) : undefined;
    if (!head || !mv || on(mv.suggestion)) return d.items;
    const rest = d.items.slice(1);
    rest.splice(mv.move.paragraphs, 0, head);
    return rest;
  };

  an.drafts.forEach((d, n) => {
    if (n > 0 && on(an.splits.get(d))) {
      closePara();
      entries.push({ type: 'break' });
    }
    for (const it of orderedItems(d)) {
      if (it.type === 'stack') {
        closePara();
        emitStack(it);
        continue;
      }
      const role: BlockRole = it.role === 'body' || !on(an.paraRoles.get(it)) ? 'body' : it.role;
      for (const p of it.pieces) {
        const m = an.merges.get(p.index);
        const last = open?.pieces[open.pieces.length - 1];
        if (open && role === 'body' && open.role === 'body' && m && last?.index === m.a && on(m.suggestion)) {
          open.pieces.push(p);
          joined.add(m.suggestion);
        } else {
          closePara();
          open = { pieces: [p], role };
        }
      }
      // A byline or caption is a block of its own.
      if (role !== 'body') closePara();
    }
  });
  closePara();

  // Text the engine proposed to remove but that stays: body blocks at their page positions. `inserts`
  // holds, per entry position, the blocks that go before that entry (in page order).
  const removed: RemovedBlock[] = [];
  const rejectedAt = new Map<number, { piece: Piece; headsNext: boolean }>();
  for (const r of an.removals) {
    if (on(r.suggestion)) {
      removed.push(r.block);
      continue;
    }
    for (const p of r.pieces) rejectedAt.set(p.index, { piece: p, headsNext: r.headsNext });
  }
  const inserts = new Map<number, RepairBlock[]>();
  const insert = (pos: number, p: Piece): void => {
    const b: RepairBlock = { role: 'body', text: p.text, sources: [p.frag] };
    const list = inserts.get(pos);
    if (list) list.push(b);
    else inserts.set(pos, [b]);
  };
  if (rejectedAt.size) {
    let prev: [number, number] | undefined;
    let pending: { piece: Piece; headsNext: boolean }[] = [];
    const flush = (next: [number, number] | undefined): void => {
      if (!pending.length) return;
      const inside = prev !== undefined && next !== undefined && prev === next;
      let cut = pending.length; // pending[cut..] goes before `next`, the rest after `prev`
      if (!prev) cut = 0;
      else if (next && !inside) {
        const k = pending.findIndex((x) => x.headsNext);
        if (k >= 0) cut = k;
      }
      pending.forEach((x, k) => {
        if (k < cut && prev) insert(prev[1] + 1, x.piece);
        else if (next) insert(next[0], x.piece);
        else insert(entries.length, x.piece);
      });
      pending = [];
    };
    for (const p of an.pieces) {
      const r = rejectedAt.get(p.index);
      if (r) {
        pending.push(r);
        continue;
      }
      const unit = unitOf.get(p.index);
      if (!unit) continue; // removed, or a piece that gave no block
      flush(unit);
      prev = unit;
    }
    flush(undefined);
  }

  const articles: RepairArticle[] = [];
  let blocks: RepairBlock[] = [];
  const emit = (b: RepairBlock): void => {
    if (b.text) blocks.push(b);
  };
  for (let i = 0; i <= entries.length; i++) {
    for (const b of inserts.get(i) ?? []) emit(b);
    const e = entries[i];
    if (!e) continue;
    if (e.type === 'break') {
      if (blocks.length) articles.push({ blocks });
      blocks = [];
    } else emit(e.block);
  }
  if (blocks.length) articles.push({ blocks });
  return { articles, removed, joined };
}
