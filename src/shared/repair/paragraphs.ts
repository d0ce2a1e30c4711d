// Decides, for each pair of neighbouring prose pieces, whether a column break cut one paragraph in two
// (merge) or a real paragraph ends between them.
//
// Most blank lines in an OCR'd page are column breaks, a break can fall right after 。, and a real
// paragraph end can lack it, so no single cue decides. Each cue adds log-odds; the sum gives a
// probability, and the strongest cue pointing the way of the decision becomes the reason shown.
import { isFullColumn, isShortOfColumn, type ColumnEstimate } from './column';
import type { Piece } from './fragments';
import {
  cannotStartLine,
  endingOf,
  endsDangling,
  firstChar,
  innerPunctCount,
  isCjkChar,
  lastChar,
  sentenceContinuation,
  unclosedOpeners,
} from './text';

export interface MergeDecision {
  probability: number;
  reason: { key: string; params: Record<string, string | number> };
}

export interface MergeContext {
  column: ColumnEstimate;
  /** how often a cross-boundary character pair occurs inside the page's fragments */
  bigramSeen: (a: string, b: string) => number;
  blankLineSeparated: boolean;
  /** the page indents paragraph starts (some prose lines indented, some not) */
  indentsParagraphs: boolean;
}

/** Enumeration that opens a paragraph: 一、 （一） 1. 1、 第一， */
const ENUMERATION =
  /^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十0-9]{1,3}[）)]|[0-9]{1,2}[、.．](?!\d)|第[一二三四五六七八九十]{1,3}[，,、])/u;

interface Cue {
  weight: number;
  key: string;
  params: Record<string, string | number>;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Probability that piece b continues the paragraph that piece a ends. A dateline alone on its line always
 * joins the paragraph after it; a b that opens with a dateline (本报讯…) always starts a new one.
 */
export function mergeDecision(
  a: Piece,
  b: Piece,
  opts: { aDatelineOnly: boolean; bBylineStart: boolean },
  ctx: MergeContext,
): MergeDecision {
  const width = Math.round(a.width);
  const col = Math.round(ctx.column.width);
  if (opts.aDatelineOnly) {
    return { probability: 0.9, reason: { key: 'merge.dateline', params: { text: a.text } } };
  }
  if (opts.bBylineStart) {
    return { probability: 0.03, reason: { key: 'merge.no.byline', params: { text: b.text.slice(0, 12) } } };
  }
  const cues: Cue[] = [];
  const end = endingOf(a.text);
  const first = firstChar(b.text);
  const full = isFullColumn(a.width, ctx.column);

  switch (end.kind) {
    case 'final':
      cues.push({ weight: -3, key: 'merge.no.sentenceEnd', params: { last: end.mark, width } });
      break;
    case 'soft':
      // A colon may close a paragraph that introduces a list or a quotation; other marks never do.
      cues.push({
        weight: /[：:]/u.test(end.mark) ? 2 : 4,
        key: 'merge.softPunctuation',
        params: { last: end.mark },
      });
      break;
    case 'open':
      cues.push({ weight: 4, key: 'merge.openBracket', params: { open: end.mark } });
      break;
    case 'closer':
      // "…守好省会“大门”" — a quotation closed without a sentence end: the sentence mostly goes on.
      cues.push({ weight: 1.5, key: 'merge.midSentence', params: { last: end.mark, width } });
      break;
    case 'mid': {
      // A Han character or letter: the sentence is cut — unless the line is a short phrase of its own.
      const { commas } = innerPunctCount(a.text);
      if (endsDangling(a.text)) {
        cues.push({ weight: 3.5, key: 'merge.danglingWord', params: { last: end.mark } });
      } else {
        const weight = commas > 0 || a.text.includes('、') || a.width > 24 ? 2.6 : 1.4;
        cues.push({ weight, key: 'merge.midSentence', params: { last: end.mark, width } });
      }
      break;
    }
    default:
      break;
  }
  const open = unclosedOpeners(a.text);
  if (open.length > 0 && end.kind !== 'open') {
    cues.push({ weight: 3.2, key: 'merge.openBracket', params: { open: open[open.length - 1] ?? '' } });
  }
  if (cannotStartLine(first)) {
    cues.push({ weight: 4, key: 'merge.nextStartsWithPunctuation', params: { first } });
  }
  // b opens by finishing a clause of one to four characters ("职责。倪岳峰…", "通、危险化学品…"): the rest
  // of a's sentence. Paragraphs do open with "对此，" or "同时，", so a two-character clause before a comma
  // proves nothing.
  const head = b.text.slice(0, 6);
  const stop = head.search(/[。！？!?]/u);
  const soft = head.search(/[，,、；;]/u);
  const enumeration = ENUMERATION.test(b.text);
  if (enumeration) {
    // "一、" finishes nothing: it opens an item.
  } else if (end.kind !== 'final' && stop > 0 && stop <= 4) {
    cues.push({ weight: 2, key: 'merge.nextFinishesSentence', params: { text: b.text.slice(0, stop + 1) } });
  } else if (end.kind !== 'final' && soft === 1) {
    cues.push({ weight: 2.5, key: 'merge.nextFinishesSentence', params: { text: b.text.slice(0, 2) } });
  }
  const cont = sentenceContinuation(b.text);
  if (cont && end.kind !== 'final') {
    cues.push({ weight: 3, key: 'merge.nextContinues', params: { word: cont } });
  }
  if (enumeration) {
    // After "…以下工作：" a numbered item opens its own paragraph.
    cues.push({
      weight: /[：:]/u.test(end.mark) ? -4.5 : -3,
      key: 'merge.no.enumeration',
      params: { first: b.text.slice(0, 3) },
    });
  }
  if (full && ctx.column.fullLogLr > 0) {
    // On a page OCR'd line by line, most lines are full and a full line ending in 。 mostly goes on.
    const lineMode = end.kind === 'final' ? 2 * Math.max(0, Math.min(1, (ctx.column.share - 0.4) / 0.3)) : 0;
    cues.push({
      weight: Math.min(4.5, ctx.column.fullLogLr) + lineMode,
      key: end.kind === 'final' ? 'merge.fullColumnAfterStop' : 'merge.fullColumn',
      params: { last: end.mark, width, column: col },
    });
  } else if (
    isShortOfColumn(a.width, ctx.column) &&
    end.kind !== 'soft' &&
    end.kind !== 'open' &&
    end.kind !== 'final'
  ) {
    cues.push({
      weight: Math.max(-4, ctx.column.shortLogLr),
      key: 'merge.no.shortLine',
      params: { last: end.mark, width, column: col },
    });
  }
  // A word cut in two: the two characters around the break also occur together elsewhere on the page.
  const la = lastChar(a.text);
  if (isCjkChar(la) && isCjkChar(first)) {
    const seen = ctx.bigramSeen(la, first);
    if (seen > 0) {
      cues.push({
        weight: Math.min(1.5, 0.8 + 0.3 * seen),
        key: 'merge.wordAcross',
        params: { word: la + first, count: seen },
      });
    } else if (end.kind === 'mid') {
      cues.push({ weight: -0.5, key: 'merge.no.wordAcross', params: { word: la + first } });
    }
  }
  if (ctx.indentsParagraphs && a.frag !== b.frag) {
    if (b.indent >= 1) cues.push({ weight: -3, key: 'merge.no.indent', params: { indent: b.indent } });
    else cues.push({ weight: 1.5, key: 'merge.noIndent', params: {} });
  }
  if (ctx.blankLineSeparated && b.tightAbove && a.frag !== b.frag) {
    cues.push({ weight: 2, key: 'merge.lineWrap', params: {} });
  }

  const probability = sigmoid(cues.reduce((s, c) => s + c.weight, 0));
  const merged = probability >= 0.5;
  let best: Cue | undefined;
  for (const c of cues) {
    if (c.weight > 0 !== merged) continue;
    if (!best || Math.abs(c.weight) > Math.abs(best.weight)) best = c;
  }
  // "Line ends mid-sentence (no 。！？) and is 62 characters long, like the page's other full columns":
  // when the ending and the column agree, say both.
  if (merged && full && (end.kind === 'mid' || end.kind === 'closer')) {
    return {
      probability,
      reason: { key: 'merge.midSentenceFullColumn', params: { last: end.mark, width, column: col } },
    };
  }
  if (!best) {
    const key = merged ? 'merge.midSentence' : 'merge.no.sentenceEnd';
    return { probability, reason: { key, params: { last: end.mark, width } } };
  }
  return { probability, reason: { key: best.key, params: best.params } };
}
