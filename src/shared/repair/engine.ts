// Runs the repair rules over one page and assembles the best reading (articles, removed text) together with
// every suggestion behind it, so the editor can show, accept or reject each decision.
//
// The steps, in order: cut the page into pieces (fragments.ts), say what each piece is (classify.ts),
// learn the page's column and vocabulary and decide every column break (column.ts, paragraphs.ts), lay the
// pieces out as a flow (flow.ts), split the flow into articles (articles.ts), build the best reading's
// blocks and every suggestion (blocks.ts, suggestions.ts), with a confidence from the evidence around it
// (confidence.ts: how the text before a boundary ended, what follows a headline stack, the stack's shape),
// then assemble the reading the options ask for —
// threshold and human decisions — from those suggestions (assemble.ts, which documents what each decision
// does). Every step is linear in the size of the page.
import { segmentArticles, type ArticleDraft, type HeadlineMove, type ParaItem, type StackItem } from './articles';
import { assembleReading, type PieceCut, type RemovalCandidate } from './assemble';
import { locate, paraBlock, stackBlocks, type BuiltBlock } from './blocks';
import { classifyPieces, type Classified } from './classify';
import type { Before, Opens, SplitEvidence, StackEvidence } from './confidence';
import { estimateColumn, type ColumnEstimate } from './column';
import { buildFlow } from './flow';
import { splitPage, type Piece } from './fragments';
import { findDoubledSuspects, findLatinSuspects } from './ocr';
import { mergeDecision, type MergeContext, type MergeDecision } from './paragraphs';
import { normalizePunctuation } from './punctuation';
import {
  furnitureSuggestion,
  jumpSuggestion,
  mergeSuggestion,
  moveSuggestion,
  ocrSuggestion,
  paragraphRoleSuggestion,
  punctuationSuggestion,
  splitSuggestion,
  stackRoleSuggestion,
  uniq,
} from './suggestions';
import { endingOf, isCjkCode } from './text';
import type { RepairOptions, RepairResult, Suggestion } from './types';

/** A lone headline-like line is taken for a column's tail when the paragraph model is this sure. */
const TAIL_DEMOTION = 0.8;
/** Rejected merges at least this likely are still offered for review. */
const OFFER_MERGE = 0.2;

export function repairPage(text: string, options: RepairOptions = {}): RepairResult {
  const normalize = options.normalizePunctuation === true;
  const { pieces, fragments, blankLineSeparated } = splitPage(text);
  const cls = classifyPieces(pieces, blankLineSeparated);
  const { pairs, decisions: breaks, tails } = decideBreaks(pieces, cls, blankLineSeparated);

  // Every suggestion is made from the best reading (each repair applied at confidence >= 0.5), whatever
  // the options, so the list and its ids stay the same for every set of decisions; assembleReading then
  // builds the reading the threshold and the decisions ask for.
  const suggestions: Suggestion[] = [];
  const push = <T extends Suggestion | null>(s: T): T => {
    if (s) suggestions.push(s);
    return s;
  };
  const { flow, furniture, jumps } = buildFlow(pieces, cls, breaks, blankLineSeparated);
  // Removed text in page order: jump markers and furniture boxes interleaved as they appear.
  const removals: (RemovalCandidate & { at: number })[] = [];
  const piecesPerFrag = new Map<number, number>();
  for (const p of pieces) piecesPerFrag.set(p.frag, (piecesPerFrag.get(p.frag) ?? 0) + 1);
  for (const p of jumps) {
    removals.push({
      at: p.index,
      pieces: [p],
      block: { role: 'jump', text: p.text, sources: [p.frag] },
      suggestion: push(jumpSuggestion(p, piecesPerFrag.get(p.frag) === 1)),
      headsNext: p.jump?.direction === 'continued-from',
    });
  }
  for (const g of furniture) {
    removals.push({
      at: g.pieces[0]?.index ?? 0,
      pieces: g.pieces,
      block: {
        role: 'furniture',
        text: g.pieces.map((p) => p.text).join('\n'),
        sources: uniq(g.pieces.map((p) => p.frag)),
      },
      suggestion: push(furnitureSuggestion(g)),
      headsNext: false,
    });
  }
  removals.sort((a, b) => a.at - b.at);
  const merges = new Map<number, { a: number; suggestion: Suggestion }>();
  for (const [a, b] of pairs) {
    const d = breaks.get(b);
    const pa = pieces[a];
    const pb = pieces[b];
    if (d && pa && pb && d.probability >= OFFER_MERGE)
      merges.set(b, { a, suggestion: push(mergeSuggestion(pa, pb, d, tails.has(a))) });
  }

  const { articles: drafts, moves } = segmentArticles(flow);
  const moveOf = new Map<StackItem, { move: HeadlineMove; suggestion: Suggestion }>();
  for (const m of moves) moveOf.set(m.stack, { move: m, suggestion: push(moveSuggestion(m)) });
  const splits = new Map<ArticleDraft, Suggestion>();
  drafts.forEach((d, n) => {
    const first = firstSourcePiece(d);
    if (n > 0 && first) splits.set(d, push(splitSuggestion(d, first, splitEvidence(d, first, pieces, cls))));
  });

  // Punctuation is suggested for all kept text and applied only on request.
  const punctuation = new Map<number, { text: string; suggestion: Suggestion }>();
  for (const d of drafts) {
    for (const it of d.items) {
      for (const p of it.pieces) {
        const n = normalizePunctuation(p.text);
        if (!n.changes.length) continue;
        punctuation.set(p.index, {
          text: n.text,
          suggestion: push(punctuationSuggestion(p, n.text, n.changes, normalize)),
        });
      }
    }
  }
  const textOf = (p: Piece): string => (normalize ? (punctuation.get(p.index)?.text ?? p.text) : p.text);

  // Roles and OCR suspects, block by block of the best reading.
  const paraRoles = new Map<ParaItem, Suggestion>();
  const stacks = new Map<StackItem, { built: BuiltBlock; suggestion: Suggestion | null }[]>();
  const ocr: { suggestion: Suggestion; cuts: PieceCut[] }[] = [];
  for (const d of drafts) {
    d.items.forEach((it, k) => {
      const stackEv = it.type === 'stack' ? stackEvidence(d, k, it, pieces, cls) : undefined;
      if (it.type === 'para' && it.role !== 'body') {
        const s = push(paragraphRoleSuggestion(it.pieces, it.role));
        if (s) paraRoles.set(it, s);
      }
      const parts: { built: BuiltBlock; suggestion: Suggestion | null }[] = [];
      for (const b of it.type === 'stack' ? stackBlocks(it, textOf) : [paraBlock(it, textOf)]) {
        const p = b.segments[0]?.piece;
        if (b.part && p && stackEv)
          parts.push({
            built: b,
            suggestion: push(
              stackRoleSuggestion(p.frag, p.start + b.part.start, p.start + b.part.end, b.part, stackEv),
            ),
          });
        for (const s of [...findLatinSuspects(b.block.text), ...findDoubledSuspects(b.block.text)]) {
          const from = locate(b, s.start, false);
          const to = locate(b, s.end, true);
          if (from && to)
            ocr.push({ suggestion: push(ocrSuggestion(s, from, to)), cuts: cutsOf(b, s.remove.start, s.remove.end) });
        }
      }
      if (it.type === 'stack') stacks.set(it, parts);
    });
  }

  const isApplied = appliedBy(options);
  const reading = assembleReading(
    { pieces, drafts, removals, merges, moves: moveOf, splits, punctuation, paraRoles, stacks, ocr },
    isApplied,
  );
  for (const s of suggestions) s.applied = s.kind === 'merge' ? reading.joined.has(s) : isApplied(s);
  return { fragments, articles: reading.articles, removed: reading.removed, suggestions };
}

/**
 * Whether a suggestion is applied before its interactions with others are looked at: the human decision
 * when there is one; otherwise OCR suspects never, punctuation when the option asks for it, and everything
 * else when its confidence (as shown, rounded to 0.001) reaches the threshold.
 */
function appliedBy(options: RepairOptions): (s: Suggestion) => boolean {
  const threshold = options.threshold ?? 0.5;
  const normalize = options.normalizePunctuation === true;
  const decisions = options.decisions ?? {};
  return (s) => {
    const d = Object.prototype.hasOwnProperty.call(decisions, s.id) ? decisions[s.id] : undefined;
    if (d === 'accepted') return true;
    if (d === 'rejected') return false;
    if (s.kind === 'ocr-latin' || s.kind === 'ocr-doubled') return false;
    if (s.kind === 'normalize-punctuation') return normalize;
    return s.confidence >= threshold;
  };
}

/** The pieces' spans under [start, end) of a block's text; text added by joins belongs to no piece. */
function cutsOf(b: BuiltBlock, start: number, end: number): PieceCut[] {
  const segs = b.segments;
  // First segment that ends after `start`.
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid];
    if (s && s.at + s.length <= start) lo = mid + 1;
    else hi = mid;
  }
  const out: PieceCut[] = [];
  for (let k = lo; k < segs.length; k++) {
    const seg = segs[k];
    if (!seg || seg.at >= end) break;
    const s = Math.max(start, seg.at);
    const e = Math.min(end, seg.at + seg.length);
    if (e > s) out.push({ piece: seg.piece, start: seg.pieceOffset + s - seg.at, end: seg.pieceOffset + e - seg.at });
  }
  return out;
}

/**
 * Learns what the page says about its own layout — column width, words cut across breaks, indents — and
 * decides every candidate column break with it. A lone plain "headline" that the model is sure continues
 * into the next prose ("省胸科医院是我省疫情防" + "控定点医院，…") is turned back into prose first, since
 * it is the tail of a column. Mutates `cls` for those lines.
 */
function decideBreaks(
  pieces: readonly Piece[],
  cls: Classified[],
  blankLineSeparated: boolean,
): { pairs: [number, number][]; decisions: Map<number, MergeDecision>; tails: Set<number> } {
  const clsOf = (i: number): Classified => cls[i] ?? { cls: 'prose' };
  const prose = (): Piece[] => pieces.filter((_, i) => clsOf(i).cls === 'prose');
  // Column width from the prose only: headlines and furniture have widths of their own.
  const estimate = (): ColumnEstimate =>
    estimateColumn(prose().map((p) => ({ width: p.width, ending: sampleEnding(p.text) })));
  // Print indents paragraph starts and OCR keeps the indent on some pages. It is evidence only when the
  // page has both indented and flush prose lines.
  const all = prose();
  const indented = all.filter((p) => p.indent >= 1).length;

  const tails: [number, number][] = [];
  pieces.forEach((p, i) => {
    if (clsOf(i).cls !== 'heading' || p.mdLevel > 0 || i + 1 >= pieces.length) return;
    if (clsOf(i - 1).cls === 'heading' || clsOf(i + 1).cls !== 'prose' || clsOf(i + 1).bylineStart !== undefined)
      return;
    tails.push([i, i + 1]);
  });
  // Candidate breaks: neighbouring prose pieces with at most furniture between them.
  const candidatePairs = (): [number, number][] => {
    const out: [number, number][] = [];
    let last = -1;
    pieces.forEach((_, i) => {
      const c = clsOf(i).cls;
      if (c === 'prose') {
        if (last >= 0) out.push([last, i]);
        last = i;
      } else if (c !== 'furniture') last = -1;
    });
    return out;
  };
  const seen = countBoundaryBigrams(pieces, cls, [...candidatePairs(), ...tails]);
  const ctx: MergeContext = {
    column: estimate(),
    indentsParagraphs: indented >= 3 && all.length - indented >= 3,
    blankLineSeparated,
    bigramSeen: (a, b) => seen.get(bigramKey(a.codePointAt(0) ?? 0, b.codePointAt(0) ?? 0)) ?? 0,
  };
  const demoted = new Set<number>();
  for (const [i, j] of tails) {
    const a = pieces[i];
    const b = pieces[j];
    if (!a || !b) continue;
    if (mergeDecision(a, b, { aDatelineOnly: false, bBylineStart: false }, ctx).probability >= TAIL_DEMOTION) {
      cls[i] = { cls: 'prose' };
      demoted.add(i);
    }
  }
  if (demoted.size) ctx.column = estimate();

  const pairs = candidatePairs();
  const decisions = new Map<number, MergeDecision>();
  for (const [a, b] of pairs) {
    const pa = pieces[a];
    const pb = pieces[b];
    if (!pa || !pb) continue;
    const opts = {
      aDatelineOnly: clsOf(a).datelineOnly === true,
      bBylineStart: clsOf(b).bylineStart !== undefined,
    };
    decisions.set(b, mergeDecision(pa, pb, opts, ctx));
  }
  return { pairs, decisions, tails: demoted };
}

/** How a fragment ends, for the column estimate: cut mid-sentence, at a sentence end, or unclear. */
function sampleEnding(text: string): 'break' | 'end' | 'other' {
  const k = endingOf(text).kind;
  if (k === 'mid' || k === 'soft' || k === 'open') return 'break';
  if (k === 'final') return 'end';
  return 'other';
}

function bigramKey(a: number, b: number): number {
  return a * 0x110000 + b;
}

/**
 * How often each character pair that straddles a candidate break occurs inside the page's own fragments.
 * Only the pairs at breaks are counted, so one pass over the text is enough (linear in the page).
 */
function countBoundaryBigrams(
  pieces: readonly Piece[],
  cls: readonly Classified[],
  pairs: [number, number][],
): Map<number, number> {
  const counts = new Map<number, number>();
  for (const [a, b] of pairs) {
    const la = lastCode(pieces[a]?.text ?? '');
    const fb = (pieces[b]?.text ?? '').codePointAt(0) ?? 0;
    if (isCjkCode(la) && isCjkCode(fb)) counts.set(bigramKey(la, fb), 0);
  }
  if (!counts.size) return counts;
  pieces.forEach((p, i) => {
    const c = cls[i]?.cls;
    if (c !== 'prose' && c !== 'heading') return;
    const t = p.text;
    let prev = -1;
    for (let k = 0; k < t.length; k++) {
      const cp = t.codePointAt(k) ?? 0;
      if (cp > 0xffff) k++;
      if (prev >= 0) {
        const key = bigramKey(prev, cp);
        const v = counts.get(key);
        if (v !== undefined) counts.set(key, v + 1);
      }
      prev = cp;
    }
  });
  return counts;
}

function lastCode(s: string): number {
  if (!s) return 0;
  const c = s.charCodeAt(s.length - 1);
  if (c >= 0xdc00 && c <= 0xdfff && s.length >= 2) return s.codePointAt(s.length - 2) ?? 0;
  return c;
}

/** The article's earliest piece in the source (a moved headline sits first in the article, not in the page). */
function firstSourcePiece(d: ArticleDraft): Piece | undefined {
  let best: Piece | undefined;
  for (const it of d.items) for (const p of it.pieces) if (!best || p.index < best.index) best = p;
  return best;
}

/**
 * How the text before piece `at` ended, walking back over furniture and jump markers: at a sentence end, a
 * caption, a credit line or a heading, cut mid-sentence ('open'), with a continued-on marker, or not at all.
 */
function beforeOf(at: number, pieces: readonly Piece[], cls: readonly Classified[]): Before {
  let jumpOn = false;
  for (let i = at - 1; i >= 0; i--) {
    const p = pieces[i];
    const c = cls[i]?.cls;
    if (!p || c === 'furniture') continue;
    if (c === 'jump') {
      if (p.jump?.direction === 'continued-on') jumpOn = true;
      continue;
    }
    if (jumpOn) return 'continued-on';
    if (c === 'byline') return 'credit';
    if (c === 'caption') return 'caption';
    if (c === 'heading') return 'heading';
    return endingOf(p.text).kind === 'final' ? 'sentence-end' : 'open';
  }
  return jumpOn ? 'continued-on' : 'none';
}

/**
 * What follows item k of an article: a continued-from marker printed right under it, or what the next item
 * opens with.
 */
function opensAfter(d: ArticleDraft, k: number, pieces: readonly Piece[], cls: readonly Classified[]): Opens {
  const it = d.items[k];
  const last = it?.pieces[it.pieces.length - 1];
  if (last && cls[last.index + 1]?.cls === 'jump' && pieces[last.index + 1]?.jump?.direction === 'continued-from')
    return 'continued-from';
  return opensWith(d.items[k + 1]);
}

/** What an item opens an article's text with: a credit line, a dateline (本报讯…), other text, or nothing. */
function opensWith(it: ArticleDraft['items'][number] | undefined): Opens {
  if (!it) return 'nothing';
  if (it.type === 'stack') return 'text';
  if (it.role === 'byline') return 'credit';
  if (it.bylineStart) return 'dateline';
  return 'text';
}

/** What is known about the article boundary before `first` (the article's earliest piece). */
function splitEvidence(
  d: ArticleDraft,
  first: Piece,
  pieces: readonly Piece[],
  cls: readonly Classified[],
): SplitEvidence {
  const head = d.items[0]?.type === 'stack' ? d.items[0] : undefined;
  let opens: Opens;
  if (head) opens = opensAfter(d, 0, pieces, cls);
  else opens = d.start === 'continuation' ? 'continued-from' : opensWith(d.items[0]);
  let kind: SplitEvidence['head'] = 'none';
  if (head) kind = head.pieces.some((p) => p.mdLevel > 0) ? 'marked' : head.parts.length > 1 ? 'stack' : 'line';
  return { start: d.start, before: beforeOf(first.index, pieces, cls), opens, head: kind };
}

/** Stack parts whose role a mark or cue of their own gave away (the reasons headline.ts gives). */
const CUED = /^role\.(?:markdown|kickerCue|subtitleCue|runTogetherKicker\.cue|runTogetherSubtitle)/u;

/** What is known about a headline stack (item k of its article) beyond its own lines. */
function stackEvidence(
  d: ArticleDraft,
  k: number,
  it: StackItem,
  pieces: readonly Piece[],
  cls: readonly Classified[],
): StackEvidence {
  const first = it.pieces[0];
  return {
    lines: it.pieces.map((p) => p.text),
    marked: it.pieces.some((p) => p.mdLevel > 0),
    main: it.parts.find((p) => p.role === 'headline')?.line ?? 0,
    cued: it.parts.some((p) => CUED.test(p.reason.key)),
    before: first ? beforeOf(first.index, pieces, cls) : 'none',
    opens: opensAfter(d, k, pieces, cls),
  };
}
