// Builds the Suggestion records the editor shows, with ids that stay the same when the engine runs again.
//
// An id is the kind plus where the decision sits in the page (fragment indices and UTF-16 offsets), never a
// confidence or a counter, so a stored accept/reject still matches the suggestion on the next run.
// The `applied` each builder sets is the best reading's (confidence >= 0.5); repairPage replaces it with the
// state in the reading it builds from the threshold and the human decisions. How confident each suggestion
// is comes from confidence.ts (structure), paragraphs.ts (merges), furniture.ts / classify.ts (furniture
// cues) and ocr.ts (OCR suspects).
import type { BlockRole } from '../domain';
import type { ArticleDraft, HeadlineMove } from './articles';
import type { FurnitureReason } from './classify';
import {
  jumpConfidence,
  mergeConfidence,
  moveConfidence,
  paragraphRoleConfidence,
  splitConfidence,
  stackRoleConfidence,
  type SplitEvidence,
  type StackEvidence,
} from './confidence';
import type { Piece } from './fragments';
import type { StackPart } from './headline';
import type { OcrSuspect } from './ocr';
import type { MergeDecision } from './paragraphs';
import type { PunctuationChange } from './punctuation';
import type { Suggestion } from './types';

/** "12" for a piece that starts its fragment, "12@40" for one that starts inside it (after a marker). */
export function pieceKey(p: Piece): string {
  return p.start === 0 ? String(p.frag) : `${p.frag}@${p.start}`;
}

export function spanKey(frag: number, start: number, end: number): string {
  return `${frag}@${start}-${end}`;
}

export function uniq(xs: readonly number[]): number[] {
  const out: number[] = [];
  for (const x of xs) if (!out.includes(x)) out.push(x);
  return out;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Lines of one furniture box, removed together. */
export interface FurnitureGroup {
  pieces: Piece[];
  key: string;
  confidence: number;
  reason: FurnitureReason;
  cue: string;
}

const FURNITURE_REASON_KEY: Record<FurnitureReason, string> = {
  'editor-credit': 'furniture.editorCredit',
  'page-number': 'furniture.pageNumber',
  masthead: 'furniture.masthead',
  teaser: 'furniture.teaser',
  'page-ref': 'furniture.teaser',
  'teaser-item': 'furniture.teaser',
  ad: 'furniture.ad',
  box: 'furniture.box',
  'orphan-heading': 'furniture.orphanHeading',
};

export function furnitureSuggestion(g: FurnitureGroup): Suggestion | null {
  const first = g.pieces[0];
  const last = g.pieces[g.pieces.length - 1];
  if (!first || !last) return null;
  return {
    id: `mark-furniture:${g.pieces.map(pieceKey).join('+')}`,
    kind: 'mark-furniture',
    target: {
      fragments: uniq(g.pieces.map((p) => p.frag)),
      start: first.start,
      end: last.end,
      role: 'furniture',
    },
    confidence: round(g.confidence),
    applied: g.confidence >= 0.5,
    reason: { key: FURNITURE_REASON_KEY[g.reason], params: { cue: g.cue, lines: g.pieces.length } },
  };
}

export function jumpSuggestion(p: Piece, ownLine: boolean): Suggestion | null {
  const j = p.jump;
  if (!j) return null;
  return {
    id: `mark-jump:${spanKey(p.frag, p.start, p.end)}`,
    kind: 'mark-jump',
    target: { fragments: [p.frag], start: p.start, end: p.end, role: 'jump' },
    confidence: jumpConfidence(j.bracketed, ownLine),
    applied: true,
    reason: {
      key: j.direction === 'continued-on' ? 'jump.continuedOn' : 'jump.continuedFrom',
      params: { page: j.page, text: j.text },
    },
    jump: { direction: j.direction, page: j.page },
  };
}

/**
 * The join between piece a's end and piece b's start; applied when the model says ≥ 0.5. `aWasHeadline`:
 * piece a was a headline-shaped line the engine took for a column's tail.
 */
export function mergeSuggestion(a: Piece, b: Piece, d: MergeDecision, aWasHeadline: boolean): Suggestion {
  return {
    id: `merge:${pieceKey(a)}+${pieceKey(b)}`,
    kind: 'merge',
    target: { fragments: uniq([a.frag, b.frag]), start: a.end, end: b.start },
    confidence: round(mergeConfidence(d, aWasHeadline)),
    applied: d.probability >= 0.5,
    reason: d.reason,
  };
}

export function moveSuggestion(m: HeadlineMove): Suggestion {
  const firstPara = m.article.items.find((it) => it.type === 'para')?.pieces[0];
  const to = firstPara ? pieceKey(firstPara) : '';
  const confidence = moveConfidence(m);
  return {
    id: `move-block:${m.stack.pieces.map(pieceKey).join('+')}>${to}`,
    kind: 'move-block',
    target: { fragments: uniq(m.stack.pieces.map((p) => p.frag)) },
    confidence: round(confidence),
    applied: confidence >= 0.5,
    reason: {
      key: 'move.headlineAfterBody',
      params: { paragraphs: m.paragraphs, overlap: Math.round(m.overlap * 100), to: firstPara?.frag ?? -1 },
    },
  };
}

const SPLIT_REASON: Record<ArticleDraft['start'], string> = {
  'page-start': 'split.headline',
  headline: 'split.headline',
  byline: 'split.byline',
  'after-jump': 'split.afterJump',
  continuation: 'split.continuation',
};

/** An article boundary before `first`, the article's earliest piece in the source. */
export function splitSuggestion(d: ArticleDraft, first: Piece, ev: SplitEvidence): Suggestion {
  const key = SPLIT_REASON[d.start];
  const confidence = splitConfidence(ev);
  return {
    id: `split-article:${pieceKey(first)}`,
    kind: 'split-article',
    target: { fragments: [first.frag], start: first.start },
    confidence,
    applied: true,
    reason: { key, params: { page: d.jump?.jump?.page ?? '', text: first.text.slice(0, 16) } },
  };
}

/** A headline-stack role (kicker / headline / subtitle) for a span of one fragment. */
export function stackRoleSuggestion(
  frag: number,
  start: number,
  end: number,
  part: StackPart,
  ev: StackEvidence,
): Suggestion {
  const confidence = stackRoleConfidence(part, ev);
  return {
    id: `set-role:${spanKey(frag, start, end)}:${part.role}`,
    kind: 'set-role',
    target: { fragments: [frag], start, end, role: part.role },
    confidence: round(confidence),
    applied: confidence >= 0.5,
    reason: { key: part.reason.key, params: { ...part.reason.params, role: part.role } },
  };
}

/** A byline or caption role for a paragraph of its own. */
export function paragraphRoleSuggestion(
  pieces: readonly Piece[],
  role: Extract<BlockRole, 'byline' | 'caption'>,
): Suggestion | null {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (!first || !last) return null;
  return {
    id: `set-role:${spanKey(first.frag, first.start, last.end)}:${role}`,
    kind: 'set-role',
    target: { fragments: uniq(pieces.map((p) => p.frag)), start: first.start, end: last.end, role },
    confidence: paragraphRoleConfidence(role, pieces.map((p) => p.text).join('')),
    applied: true,
    reason: {
      key: role === 'byline' ? 'role.byline' : 'role.caption',
      params: { text: first.text.slice(0, 20) },
    },
  };
}

/** An OCR suspect located in fragments; never applied — a human decides. */
export function ocrSuggestion(
  s: OcrSuspect,
  from: { frag: number; offset: number },
  to: { frag: number; offset: number },
): Suggestion {
  const end = to.frag === from.frag ? `${to.offset}` : `${to.frag}@${to.offset}`;
  return {
    id: `${s.kind}:${from.frag}@${from.offset}-${end}`,
    kind: s.kind,
    target: { fragments: uniq([from.frag, to.frag]), start: from.offset, end: to.offset, text: s.text },
    confidence: round(s.confidence),
    applied: false,
    reason: s.reason,
  };
}

/** Full-width punctuation for one piece; applied only when the caller asked for it. */
export function punctuationSuggestion(
  p: Piece,
  normalized: string,
  changes: readonly PunctuationChange[],
  applied: boolean,
): Suggestion {
  const marks = uniq(changes.map((ch) => ch.from.charCodeAt(0)))
    .map((code) => String.fromCharCode(code))
    .join(' ');
  return {
    id: `normalize-punctuation:${spanKey(p.frag, p.start, p.end)}`,
    kind: 'normalize-punctuation',
    target: { fragments: [p.frag], start: p.start, end: p.end, text: normalized },
    confidence: 0.9,
    applied,
    reason: { key: 'punct.halfWidth', params: { count: changes.length, marks } },
  };
}
