// doccano sequence-labelling JSONL: one record per article (or per page), label offsets in code points.
import { offsetConverter } from '../document';
import { type ArticleMeta, type ExportInput, articleMeta, articlesOf } from './common';

export interface DoccanoRecord {
  text: string;
  label: [number, number, string][];
  meta: ArticleMeta | PageLevelMeta;
}

export interface PageLevelMeta {
  page: string;
  newspaper: string | null;
  date: string | null;
  pageNo: string | null;
  roles: ArticleMeta['roles'];
}

/** One JSON line per article, without the newline; `label` is [start, end, LABEL] in code points, end exclusive. */
export function doccanoArticleLines(input: ExportInput): string[] {
  return articlesOf(input).map((article) => {
    const record: DoccanoRecord = {
      text: article.text,
      label: article.spans.map((s) => [s.cpStart, s.cpEnd, s.label]),
      meta: articleMeta(input.page, article),
    };
    return JSON.stringify(record);
  });
}

/**
 * The whole page as one record: its articles' texts joined by a blank line (the documentText text), so a
 * re-import can split the articles again; [] when nothing is exported.
 */
export function doccanoPageLines(input: ExportInput): string[] {
  const articles = articlesOf(input);
  if (articles.length === 0) return [];
  const text = articles.map((a) => a.text).join('\n\n');
  const conv = offsetConverter(text);
  const label: [number, number, string][] = [];
  let at = 0;
  for (const a of articles) {
    for (const s of a.spans) label.push([conv.toCodePoint(at + s.start), conv.toCodePoint(at + s.end), s.label]);
    at += a.text.length + 2;
  }
  const { page } = input;
  const meta: PageLevelMeta = {
    page: page.fileName,
    newspaper: page.newspaper,
    date: page.date,
    pageNo: page.pageNo,
    roles: articles.flatMap((a) => a.blocks.map((b) => b.role)),
  };
  return [JSON.stringify({ text, label, meta } satisfies DoccanoRecord)];
}
