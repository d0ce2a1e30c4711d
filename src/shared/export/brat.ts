// brat standoff: a .txt and an .ann per article (offsets in code points) and the annotation.conf of the label set.
import type { Label } from '../api';
import { type ExportArticle, type ExportInput, articlesOf, labelNames } from './common';

export interface BratDocument {
  /** Base name without extension, unique within the page: the caller prefixes the page's safe name. */
  suffix: string;
  txt: string;
  ann: string;
}

/** brat types cannot hold spaces or tabs; the label schema already forbids them, this is belt and braces. */
function bratType(label: string): string {
  return label.replace(/[\s]/g, '_');
}

/** The .ann of one article: T lines in text order, then an AnnotatorNotes line per span linked to an entity. */
export function bratAnn(article: ExportArticle): string {
  const lines: string[] = [];
  const notes: string[] = [];
  article.spans.forEach((s, i) => {
    lines.push(`T${i + 1}\t${bratType(s.label)} ${s.cpStart} ${s.cpEnd}\t${s.text}`);
    // AnnotatorNotes needs no tools.conf, unlike N (normalization) lines, so brat opens the files as they are.
    if (s.entityId) notes.push(`#${notes.length + 1}\tAnnotatorNotes T${i + 1}\tentity=${s.entityId}`);
  });
  const all = [...lines, ...notes];
  return all.length === 0 ? '' : `${all.join('\n')}\n`;
}

/** The page's articles as brat documents `a01`, `a02`…; the .txt is the article text plus a final newline. */
export function bratDocuments(input: ExportInput): BratDocument[] {
  const articles = articlesOf(input);
  const width = Math.max(2, String(articles.length).length);
  return articles.map((article) => ({
    suffix: `a${String(article.index + 1).padStart(width, '0')}`,
    txt: `${article.text}\n`,
    ann: bratAnn(article),
  }));
}

/** annotation.conf declaring every label as an entity type; brat wants all four sections present. */
export function bratAnnotationConf(labels: readonly Label[], used: Iterable<string> = []): string {
  const types = labelNames(labels, used).map(bratType);
  return ['[entities]', ...types, '', '[relations]', '', '[events]', '', '[attributes]', ''].join('\n');
}
