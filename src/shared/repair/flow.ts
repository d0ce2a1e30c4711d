// Turns classified pieces into the page's flow — headline stacks, paragraphs and jump markers in reading
// order — and gathers furniture lines into the boxes that are removed.
import type { FlowItem, ParaItem, StackItem } from './articles';
import type { Classified, FurnitureReason } from './classify';
import type { Piece } from './fragments';
import { assignStackRoles } from './headline';
import type { MergeDecision } from './paragraphs';
import type { FurnitureGroup } from './suggestions';
import { joinAcrossBreak } from './text';

export interface PageFlow {
  flow: FlowItem[];
  furniture: FurnitureGroup[];
  jumps: Piece[];
}

/** Furniture lines of one box stay together; a credit line and a teaser are boxes of their own. */
function groupKey(r: FurnitureReason): string {
  if (r === 'editor-credit') return 'credit';
  if (r === 'teaser' || r === 'teaser-item' || r === 'page-ref') return 'teaser';
  if (r === 'page-number' || r === 'masthead') return 'page';
  return 'ad';
}

/**
 * Walks the pieces once. Prose pieces join the open paragraph when the merge decision for them says so;
 * furniture between two halves of a paragraph does not close it (the text flows around an ad).
 *
 * @param decisions merge decisions keyed by the index of the second piece of each candidate pair
 */
export function buildFlow(
  pieces: readonly Piece[],
  cls: readonly Classified[],
  decisions: ReadonlyMap<number, MergeDecision>,
  blankLineSeparated: boolean,
): PageFlow {
  const flow: FlowItem[] = [];
  const furniture: FurnitureGroup[] = [];
  const jumps: Piece[] = [];
  let para: ParaItem | null = null;
  let stack: Piece[] = [];
  let box: FurnitureGroup | null = null;

  const flushPara = (): void => {
    if (para) flow.push(para);
    para = null;
  };
  const flushStack = (): void => {
    if (!stack.length) return;
    const item: StackItem = {
      type: 'stack',
      pieces: stack,
      parts: assignStackRoles(stack.map((p) => ({ text: p.text, mdLevel: p.mdLevel }))),
      text: stack.map((p) => p.text).join(' '),
    };
    flow.push(item);
    stack = [];
  };
  const flushBox = (): void => {
    if (box) furniture.push(box);
    box = null;
  };

  pieces.forEach((p, i) => {
    const c = cls[i] ?? { cls: 'prose' };
    if (c.cls === 'furniture') {
      const reason = c.furniture?.reason ?? 'box';
      let key = groupKey(reason);
      // A page reference closes the teaser it belongs to ("今日 易读 … 2 版").
      if (key === 'page' && box?.key === 'teaser') key = 'teaser';
      const prev = box?.pieces[box.pieces.length - 1];
      const sameBox = prev !== undefined && prev.index === i - 1 && (!blankLineSeparated || prev.chunk === p.chunk);
      if (!box || !sameBox || box.key !== key || key === 'credit') {
        flushBox();
        box = {
          pieces: [p],
          key,
          confidence: c.furniture?.confidence ?? 0.6,
          reason,
          cue: c.furniture?.cue ?? '',
        };
      } else {
        box.pieces.push(p);
        box.confidence = Math.max(box.confidence, c.furniture?.confidence ?? 0);
      }
      return;
    }
    flushBox();
    if (c.cls === 'jump') {
      flushPara();
      flushStack();
      flow.push({ type: 'jump', piece: p });
      jumps.push(p);
      return;
    }
    if (c.cls === 'heading') {
      flushPara();
      stack.push(p);
      return;
    }
    flushStack();
    if (c.cls === 'byline' || c.cls === 'caption') {
      flushPara();
      flow.push({ type: 'para', pieces: [p], role: c.cls, bylineStart: c.cls === 'byline', text: p.text });
      return;
    }
    const d = decisions.get(i);
    if (para !== null && d && d.probability >= 0.5) {
      const cur: ParaItem = para;
      cur.pieces.push(p);
      cur.text = joinAcrossBreak(cur.text, p.text);
    } else {
      flushPara();
      para = {
        type: 'para',
        pieces: [p],
        role: 'body',
        bylineStart: c.bylineStart !== undefined,
        text: p.text,
      };
    }
  });
  flushBox();
  flushPara();
  flushStack();
  return { flow, furniture, jumps };
}
