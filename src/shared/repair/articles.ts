// Splits the page's flow of headline stacks, paragraphs and jump markers into articles, and moves a
// headline that OCR placed after its article's first paragraphs back to the article's start.
import type { Piece } from './fragments';
import type { StackPart } from './headline';

export interface ParaItem {
  type: 'para';
  pieces: Piece[];
  role: 'body' | 'byline' | 'caption';
  /** the paragraph opens with a dateline/byline (本报讯…, 新华社…电, 本报记者 …) */
  bylineStart: boolean;
  text: string;
}

export interface StackItem {
  type: 'stack';
  pieces: Piece[];
  parts: StackPart[];
  text: string;
}

export interface JumpItem {
  type: 'jump';
  piece: Piece;
}

export type FlowItem = ParaItem | StackItem | JumpItem;

export type ArticleStart = 'page-start' | 'headline' | 'byline' | 'after-jump' | 'continuation';

export interface ArticleDraft {
  items: (ParaItem | StackItem)[];
  start: ArticleStart;
  /** kept up to date while the article grows, so no decision rescans its items (pages can be huge) */
  hasBody: boolean;
  hasHeading: boolean;
  /** the jump marker that opened this article (continuation) or closed the one before it */
  jump?: Piece;
}

export interface HeadlineMove {
  stack: StackItem;
  article: ArticleDraft;
  /** paragraphs the headline was found after */
  paragraphs: number;
  /** share of the headline's character trigrams found in the article's text */
  overlap: number;
  /** the article opens with a dateline (本报讯…), so it must have a headline somewhere */
  bylineOpened: boolean;
}

/** Characters that carry meaning: Han, letters, digits (punctuation and spaces differ between headline and text). */
function contentChars(s: string): string {
  return s.replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Share of the headline's character trigrams that occur in the article text. A headline repeats its
 * article's key phrases (许勤 … 核酸检测 … 流调溯源); a neighbouring article on the same topic shares
 * single words but far fewer three-character runs.
 */
export function trigramOverlap(headline: string, articleText: string): number {
  const h = Array.from(contentChars(headline));
  const body = contentChars(articleText);
  if (h.length < 3) return 0;
  const seen = new Set<string>();
  let hit = 0;
  for (let i = 0; i + 3 <= h.length; i++) {
    const g = h.slice(i, i + 3).join('');
    if (seen.has(g)) continue;
    seen.add(g);
    if (body.includes(g)) hit++;
  }
  return seen.size ? hit / seen.size : 0;
}

/**
 * Whether a headline stack found after the paragraphs of a headline-less article is that article's own
 * headline (moved there by the OCR's reading order) rather than the start of the next article. The
 * headline is compared with the text before it and with the text after it: a displaced headline repeats
 * words of the article it left, a new one those of its own article. An article opened by a dateline
 * (本报讯…) must have a headline somewhere, so it needs less evidence than a continuation does.
 */
export function headlineBelongsBefore(overlapBefore: number, overlapAfter: number, bylineOpened: boolean): boolean {
  if (bylineOpened) return overlapBefore >= 0.5 || (overlapBefore >= 0.15 && overlapBefore >= 0.6 * overlapAfter);
  return overlapBefore >= 0.5 && overlapBefore >= overlapAfter;
}

export function segmentArticles(flow: readonly FlowItem[]): {
  articles: ArticleDraft[];
  moves: HeadlineMove[];
} {
  const articles: ArticleDraft[] = [];
  const moves: HeadlineMove[] = [];
  let cur: ArticleDraft | null = null;
  let closed = false;
  let lastJump: Piece | undefined;
  let fromJump: Piece | undefined;
  const hasBody = (a: ArticleDraft): boolean => a.hasBody;
  const hasHeading = (a: ArticleDraft): boolean => a.hasHeading;
  const isBody = (it: ParaItem | StackItem): boolean => it.type === 'para' && it.role !== 'byline';
  const open = (item: ParaItem | StackItem, start: ArticleStart, jump?: Piece): ArticleDraft => {
    const a: ArticleDraft = {
      items: [item],
      start,
      hasBody: isBody(item),
      hasHeading: item.type === 'stack',
    };
    if (jump) a.jump = jump;
    articles.push(a);
    closed = false;
    return a;
  };

  for (let idx = 0; idx < flow.length; idx++) {
    const item = flow[idx];
    if (!item) continue;
    if (item.type === 'jump') {
      const dir = item.piece.jump?.direction;
      if (dir === 'continued-on') {
        // 下转: the article goes on elsewhere; what follows here is another article.
        if (cur) closed = true;
        lastJump = item.piece;
      } else if (cur === null || hasBody(cur) || closed) {
        // 上接 after body text: a continuation from another page starts here.
        closed = true;
        fromJump = item.piece;
      } else {
        // 上接 right under a headline: the continuation belongs to that headline.
        fromJump = undefined;
      }
      continue;
    }
    const article: ArticleDraft | null = cur;
    if (item.type === 'stack') {
      const next = flow[idx + 1];
      if (
        article &&
        !closed &&
        !hasHeading(article) &&
        hasBody(article) &&
        next?.type === 'para' &&
        !next.bylineStart
      ) {
        const before = trigramOverlap(item.text, article.items.map((it) => it.text).join(''));
        // The text the headline would head if it started a new article: the paragraphs up to the next
        // stack, jump or dateline (at most three, so the check stays cheap on huge pages).
        let after = '';
        for (let k = idx + 1, n = 0; k < flow.length && n < 3; k++, n++) {
          const f = flow[k];
          if (!f || f.type !== 'para' || (n > 0 && f.bylineStart)) break;
          after += f.text;
        }
        const overlap = before;
        const first = article.items[0];
        const bylineOpened = first?.type === 'para' && first.bylineStart;
        if (headlineBelongsBefore(before, trigramOverlap(item.text, after), bylineOpened)) {
          const paragraphs = article.items.length;
          article.items.unshift(item);
          article.hasHeading = true;
          moves.push({ stack: item, article, paragraphs, overlap, bylineOpened });
          continue;
        }
      }
      cur = open(item, articles.length === 0 ? 'page-start' : 'headline');
      fromJump = undefined;
      continue;
    }
    // A paragraph.
    if (article === null) {
      cur = fromJump ? open(item, 'continuation', fromJump) : open(item, 'page-start');
      fromJump = undefined;
    } else if (closed) {
      cur = fromJump ? open(item, 'continuation', fromJump) : open(item, 'after-jump', lastJump);
      fromJump = undefined;
    } else if (item.bylineStart && hasBody(article)) {
      cur = open(item, 'byline');
    } else if (item.role === 'byline' && hasBody(article) && flow[idx + 1]?.type === 'para') {
      // A credit line opens the next article only when text follows it; at an article's end it closes it.
      cur = open(item, 'byline');
    } else {
      article.items.push(item);
      if (isBody(item)) article.hasBody = true;
    }
  }
  return { articles, moves };
}
