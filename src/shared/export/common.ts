// What every exporter shares: the page being exported, its exported articles and their text, headline and spans.
import type { Label } from '../api';
import type { PageStatus } from '../domain';
import { type BlockRole } from '../domain';
import { type DocBlock, type PageDocument, isExportedRole, offsetConverter } from '../document';

/** Page metadata an exporter may write; the database's page summary satisfies it. */
export interface ExportPageMeta {
  id?: number;
  fileName: string;
  newspaper: string | null;
  date: string | null;
  pageNo: string | null;
  status?: PageStatus;
}

/** One page as every format function takes it. */
export interface ExportInput {
  page: ExportPageMeta;
  document: PageDocument;
  labels: readonly Label[];
  /** exportedArticles(document), when the caller has computed it already (the corpus exporter does). */
  articles?: readonly ExportArticle[];
}

/** A span of an exported article, in both offset units of the article text. */
export interface ArticleSpan {
  id: string;
  label: string;
  entityId: string | null;
  /** UTF-16 offsets in the article text. */
  start: number;
  end: number;
  /** Code point offsets in the article text, for the formats Python reads. */
  cpStart: number;
  cpEnd: number;
  text: string;
}

export interface ExportBlock {
  id: string;
  role: BlockRole;
  text: string;
  /** UTF-16 offset of the block in its article text. */
  start: number;
}

/** An article as exported: its exported blocks joined by line breaks, and their spans in that text. */
export interface ExportArticle {
  id: string;
  /** Position among the page's exported articles, from 0. */
  index: number;
  headline: string;
  blocks: ExportBlock[];
  text: string;
  spans: ArticleSpan[];
}

/** Roles set above the body as a headline stack. */
export const HEADLINE_STACK_ROLES: readonly BlockRole[] = ['kicker', 'headline', 'subtitle'];

const BLANK = /^\s*$/;

/**
 * The blocks that go into exports, as documentText keeps them: exported roles only and no blank blocks, since a
 * blank line would read as an article break. Sharing the rule keeps every format's text identical.
 */
export function exportedBlocks(blocks: readonly DocBlock[]): DocBlock[] {
  return blocks.filter((b) => isExportedRole(b.role) && !BLANK.test(b.text));
}

/** The article's headline-role block text, else its first exported block's text. */
export function articleHeadline(blocks: readonly { role: BlockRole; text: string }[]): string {
  return (blocks.find((b) => b.role === 'headline') ?? blocks[0])?.text ?? '';
}

/** The spans in start order: the array itself when already sorted (the usual case), else a sorted copy. */
function byStart<T extends { start: number }>(spans: readonly T[]): readonly T[] {
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.start) return [...spans].sort((x, y) => x.start - y.start);
  }
  return spans;
}

/**
 * The page's exported articles in order; articles with nothing exported are left out, as in documentText.
 * Code point offsets are counted block by block (a surrogate pair never spans the line break between two
 * blocks), so each span is built once and no converter runs over the whole article text.
 */
export function exportedArticles(doc: PageDocument): ExportArticle[] {
  const articles: ExportArticle[] = [];
  for (const article of doc.articles) {
    const kept = exportedBlocks(article.blocks);
    if (kept.length === 0) continue;
    const blocks: ExportBlock[] = [];
    const spans: ArticleSpan[] = [];
    let at = 0;
    let cpAt = 0;
    for (let i = 0; i < kept.length; i++) {
      const b = kept[i]!;
      if (i > 0) {
        at += 1;
        cpAt += 1;
      }
      blocks.push({ id: b.id, role: b.role, text: b.text, start: at });
      const conv = offsetConverter(b.text);
      for (const s of byStart(b.spans)) {
        spans.push({
          id: s.id,
          label: s.label,
          entityId: s.entityId ?? null,
          start: at + s.start,
          end: at + s.end,
          text: b.text.slice(s.start, s.end),
          cpStart: cpAt + conv.toCodePoint(s.start),
          cpEnd: cpAt + conv.toCodePoint(s.end),
        });
      }
      at += b.text.length;
      cpAt += conv.codePointLength;
    }
    articles.push({
      id: article.id,
      index: articles.length,
      headline: articleHeadline(kept),
      blocks,
      text: kept.length === 1 ? kept[0]!.text : kept.map((b) => b.text).join('\n'),
      spans,
    });
  }
  return articles;
}

/** Metadata written with every article record (doccano meta, Label Studio data); readers rebuild pages from it. */
export interface ArticleMeta {
  page: string;
  newspaper: string | null;
  date: string | null;
  pageNo: string | null;
  article: number;
  headline: string;
  /** The role of each line of the text, so a re-import restores the headline stack. */
  roles: BlockRole[];
}

export function articleMeta(page: ExportPageMeta, article: ExportArticle): ArticleMeta {
  return {
    page: page.fileName,
    newspaper: page.newspaper,
    date: page.date,
    pageNo: page.pageNo,
    article: article.index,
    headline: article.headline,
    roles: article.blocks.map((b) => b.role),
  };
}

/** Label names in the label set's order, then any label used on the page but missing from the set. */
export function labelNames(labels: readonly Label[], used: Iterable<string> = []): string[] {
  const names = labels.map((l) => l.name);
  const seen = new Set(names);
  for (const name of used) {
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  }
  return names;
}

/** The input's exported articles: those the caller passed, else computed from its document. */
export function articlesOf(input: Pick<ExportInput, 'document' | 'articles'>): readonly ExportArticle[] {
  return input.articles ?? exportedArticles(input.document);
}
