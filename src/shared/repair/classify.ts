// Gives every piece of a page its kind — prose, headline-stack line, byline, caption, jump or furniture —
// from its own text plus the context rules that single lines cannot decide.
import { bylineAtStart, isCreditLine, isDatelineOnly } from './byline';
import type { Piece } from './fragments';
import { endsWithPageRef, furnitureCue, type FurnitureKind } from './furniture';
import { hasSubtitleCue, isHeadlineShaped } from './headline';
import { cannotStartLine, endingOf, firstChar, innerPunctCount, sentenceContinuation } from './text';

export type PieceClass = 'prose' | 'heading' | 'byline' | 'caption' | 'jump' | 'furniture';

/** Why a piece is furniture: a cue of its own, or a context rule. */
export type FurnitureReason = FurnitureKind | 'box' | 'teaser-item' | 'orphan-heading';

export interface Classified {
  cls: PieceClass;
  furniture?: { reason: FurnitureReason; confidence: number; cue: string };
  /** prose only: the whole piece is a dateline that belongs to the next paragraph */
  datelineOnly?: boolean;
  /** prose only: the piece opens with a byline/dateline (本报讯…, …电) */
  bylineStart?: string;
  captionCue?: string;
}

export const CAPTION_START =
  /^(图为|圖為|上图|上圖|下图|下圖|左图|左圖|右图|右圖|图[:：]|圖[:：]|图片说明|圖片說明|▲|△|▼)/u;
export const CAPTION_END =
  /(摄|攝|供图|供圖|资料图片|資料圖片|新华社发|新華社發|视觉中国|視覺中國|图片来源[^，。]*)[）)]?$/u;

function captionCue(text: string, width: number): string | null {
  if (width > 120) return null;
  const s = CAPTION_START.exec(text);
  if (s) return s[0];
  const e = CAPTION_END.exec(text);
  // "……新华社记者 张三 摄" — but a sentence that ends in 。 is not a caption.
  if (e && !/[。！？]$/u.test(text)) return e[1] ?? e[0];
  return null;
}

/**
 * What must follow a doubtful headline line: another stack line or a dateline. Without it,
 * "疫情防控和处置期间,综合警务服务站承担着重要" is the head of a paragraph cut by a column break.
 */
function strongHeadlineFollower(pieces: readonly Piece[], i: number, depth = 3): boolean {
  const next = pieces[i];
  if (!next || next.kind !== 'text' || depth === 0) return false;
  if (next.mdLevel > 0 || bylineAtStart(next.text) !== null || isCreditLine(next.text)) return true;
  // More stack lines may sit between the doubtful line and the dateline.
  return (
    isHeadlineShaped(next.text) &&
    innerPunctCount(next.text).commas === 0 &&
    strongHeadlineFollower(pieces, i + 1, depth - 1)
  );
}

/** True when the prose before a line ends so that a headline could start after it. */
function endsCleanly(p: Piece, c: Classified | undefined): boolean {
  if (!c || c.cls !== 'prose') return true;
  const end = endingOf(p.text).kind;
  return end === 'final' || end === 'none';
}

export function classifyPieces(pieces: readonly Piece[], blankLineSeparated: boolean): Classified[] {
  const out: Classified[] = pieces.map(() => ({ cls: 'prose' }));
  const get = (i: number): Classified => out[i] ?? { cls: 'prose' };
  const setFurniture = (i: number, reason: FurnitureReason, confidence: number, cue: string): void => {
    out[i] = { cls: 'furniture', furniture: { reason, confidence, cue } };
  };

  // 1. Cues a line carries by itself.
  pieces.forEach((p, i) => {
    if (p.kind === 'jump') out[i] = { cls: 'jump' };
    else if (p.kind === 'credit') setFurniture(i, 'editor-credit', 0.9, p.text);
    else {
      const cue = furnitureCue(p.text);
      if (cue) setFurniture(i, cue.kind, cue.confidence, cue.cue);
    }
  });

  // 2. Teaser boxes: the head ("今日 易读") takes the short lines after it up to the last page reference.
  pieces.forEach((p, i) => {
    if (get(i).furniture?.reason !== 'teaser') return;
    let last = -1;
    for (let j = i + 1; j < pieces.length && j <= i + 10; j++) {
      const q = pieces[j];
      if (!q || q.kind !== 'text' || q.width > 30 || /[。！？]$/u.test(q.text)) break;
      const r = get(j).furniture?.reason;
      if (r === 'page-number' || endsWithPageRef(q.text)) last = j;
      if (r === 'editor-credit' || r === 'teaser') break;
    }
    for (let j = i + 1; j <= last; j++) {
      const q = pieces[j];
      if (q && get(j).cls !== 'furniture') setFurniture(j, 'teaser-item', 0.9, p.text);
    }
  });

  // 3. Boxes: on a page that separates its fragments by blank lines, a chunk of several short lines with
  // no sentence in it and at least one furniture cue is a box (an ad, a teaser) as a whole.
  if (blankLineSeparated) {
    const byChunk = new Map<number, number[]>();
    pieces.forEach((p, i) => {
      const list = byChunk.get(p.chunk);
      if (list) list.push(i);
      else byChunk.set(p.chunk, [i]);
    });
    for (const idx of byChunk.values()) {
      const frags = new Set(idx.map((i) => pieces[i]?.frag));
      if (frags.size < 2) continue;
      const allShort = idx.every((i) => {
        const p = pieces[i];
        return p !== undefined && (p.kind !== 'text' || (p.width <= 30 && !/[。！？]$/u.test(p.text)));
      });
      const cued = idx.some((i) => get(i).cls === 'furniture');
      if (!allShort || !cued) continue;
      const cue = idx.map((i) => get(i).furniture?.cue).find((c) => c) ?? '';
      for (const i of idx) if (get(i).cls === 'prose') setFurniture(i, 'box', 0.75, cue);
    }
  }

  // 4. Headlines, bylines, captions, in reading order (a headline needs to know how the prose before it ended).
  let prevText = -1;
  pieces.forEach((p, i) => {
    if (get(i).cls !== 'prose') {
      if (get(i).cls === 'jump') prevText = -1;
      return;
    }
    const prev = prevText >= 0 ? pieces[prevText] : undefined;
    const next = pieces[i + 1];
    if (p.mdLevel > 0) {
      out[i] = { cls: 'heading' };
    } else if (isCreditLine(p.text)) {
      out[i] = { cls: 'byline' };
    } else {
      const cap = captionCue(p.text, p.width);
      const byline = bylineAtStart(p.text);
      if (cap && !byline) {
        out[i] = { cls: 'caption', captionCue: cap };
      } else if (
        !byline &&
        isHeadlineShaped(p.text) &&
        !(next && next.kind === 'text' && (cannotStartLine(firstChar(next.text)) || sentenceContinuation(next.text))) &&
        // After prose that stops mid-sentence, or with a comma of its own, a line is a headline only when a
        // stack line or a dateline follows it; otherwise it is the tail of a column.
        ((!prev || endsCleanly(prev, out[prevText])) && innerPunctCount(p.text).commas === 0
          ? true
          : strongHeadlineFollower(pieces, i + 1))
      ) {
        out[i] = { cls: 'heading' };
      } else {
        const c: Classified = { cls: 'prose' };
        if (byline) {
          c.bylineStart = byline.text;
          if (isDatelineOnly(p.text)) c.datelineOnly = true;
        }
        out[i] = c;
      }
    }
    prevText = i;
  });

  // 5. Headline runs need an article after them. Walk each run: a run that no prose, byline or jump
  // follows is a box (an ad's brand line, a teaser's items); a plain run that only reports attendance
  // ("省领导高志立参加") or is too long to be a stack is prose.
  let i = 0;
  while (i < pieces.length) {
    if (get(i).cls !== 'heading') {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < pieces.length && get(j + 1).cls === 'heading') j++;
    let k = j + 1;
    while (k < pieces.length && get(k).cls === 'furniture') k++;
    const after = k < pieces.length ? get(k).cls : null;
    const run = Array.from({ length: j - i + 1 }, (_, t) => i + t);
    const plain = run.every((t) => (pieces[t]?.mdLevel ?? 0) === 0);
    // A brand line over an ad ("石药集团 恩必普药业" / "GSPC 提醒您…"): in the same box, or straight before it.
    const nearAd =
      run.some((t) => tightNeighbourIsFurniture(pieces, out, t, blankLineSeparated)) ||
      get(j + 1).furniture?.reason === 'ad';
    // A plain run with no article after it is a box; a marked (#) headline stays a headline even then.
    if (nearAd || (plain && (after === null || after === 'heading'))) {
      for (const t of run) setFurniture(t, 'orphan-heading', nearAd ? 0.75 : 0.6, pieces[t]?.text ?? '');
    } else if (plain && (run.length > 5 || run.every((t) => hasSubtitleCue(pieces[t]?.text ?? '') !== null))) {
      for (const t of run) out[t] = { cls: 'prose' };
    }
    i = j + 1;
  }
  return out;
}

/** A headline-like line printed in the same box (no blank line between) as an ad or teaser line. */
function tightNeighbourIsFurniture(
  pieces: readonly Piece[],
  out: readonly Classified[],
  i: number,
  blankLineSeparated: boolean,
): boolean {
  if (!blankLineSeparated) return false;
  const p = pieces[i];
  if (!p) return false;
  const near = (q: Piece | undefined, c: Classified | undefined): boolean =>
    q !== undefined &&
    c?.cls === 'furniture' &&
    q.chunk === p.chunk &&
    (c.furniture?.reason === 'ad' || c.furniture?.reason === 'teaser' || c.furniture?.reason === 'box');
  return near(pieces[i - 1], out[i - 1]) || near(pieces[i + 1], out[i + 1]);
}
