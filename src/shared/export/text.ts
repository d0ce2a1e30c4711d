// Corrected text as .txt (one line per block, a blank line between articles) and as Markdown with front matter.
import { type ExportInput, type ExportPageMeta, HEADLINE_STACK_ROLES, articlesOf } from './common';

/**
 * The page's corrected text: per article the headline stack lines then one paragraph per line, a blank line
 * between articles, ending in one newline (empty when nothing is exported). Same text as documentText.
 */
export function pageText(input: Pick<ExportInput, 'document' | 'articles'>): string {
  const articles = articlesOf(input);
  return articles.length === 0 ? '' : `${articles.map((a) => a.text).join('\n\n')}\n`;
}

/** A corpus .txt joins the pages' texts with a blank line: a page break is an article break too. */
export function corpusTextSeparator(isFirst: boolean): string {
  return isFirst ? '' : '\n';
}

/** YAML scalar: JSON strings are valid double-quoted YAML, so no YAML library is needed. */
function yamlValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** Front matter of a per-page Markdown file. */
export function markdownFrontMatter(page: ExportPageMeta): string {
  const fields: [string, string | null | undefined][] = [
    ['file', page.fileName],
    ['newspaper', page.newspaper],
    ['date', page.date],
    ['page', page.pageNo],
    ['status', page.status],
  ];
  return `---\n${fields.map(([k, v]) => `${k}: ${yamlValue(v)}`).join('\n')}\n---\n`;
}

// A line of OCR text that happens to start like Markdown syntax must stay a paragraph.
const MARKDOWN_START = /^(#{1,6}\s|>|[-+*]\s|\d+[.)]\s|[-*_]{3,}\s*$|=+\s*$|```|~~~|\|)/;

/** Escapes what would otherwise change the block's meaning: leading syntax and inline HTML-ish brackets. */
export function markdownEscape(line: string): string {
  const escaped = line.replace(/([\\`*_[\]<])/g, '\\$1');
  return MARKDOWN_START.test(escaped) ? `\\${escaped}` : escaped;
}

/**
 * The page's articles in Markdown: the headline as a heading of `level`, kicker and subtitle one level
 * below, other blocks as paragraphs; blocks and articles separated by a blank line.
 */
export function markdownArticles(input: Pick<ExportInput, 'document' | 'articles'>, level = 1): string {
  const parts: string[] = [];
  for (const article of articlesOf(input)) {
    const lines = article.blocks.map((b) => {
      const text = markdownEscape(b.text);
      if (b.role === 'headline') return `${'#'.repeat(level)} ${text}`;
      if (HEADLINE_STACK_ROLES.includes(b.role)) return `${'#'.repeat(Math.min(level + 1, 6))} ${text}`;
      return text;
    });
    parts.push(lines.join('\n\n'));
  }
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}

/** One page as a Markdown file: front matter, then the articles with headlines as top-level headings. */
export function pageMarkdown(input: ExportInput): string {
  const body = markdownArticles(input, 1);
  return `${markdownFrontMatter(input.page)}${body === '' ? '' : `\n${body}`}`;
}

/** Start of a corpus Markdown file; each page follows as a section (see corpusMarkdownPage). */
export function corpusMarkdownHeader(title: string): string {
  return `---\ntitle: ${yamlValue(title)}\n---\n`;
}

/** One page inside a corpus Markdown file: a level-1 heading naming the page, its articles one level down. */
export function corpusMarkdownPage(input: ExportInput): string {
  const { page } = input;
  const label = [page.newspaper, page.date, page.pageNo === null ? null : `p. ${page.pageNo}`]
    .filter((x): x is string => x !== null && x !== '')
    .join(' ');
  const heading = `# ${markdownEscape(label === '' ? page.fileName : `${label} (${page.fileName})`)}`;
  const body = markdownArticles(input, 2);
  return `\n${heading}\n${body === '' ? '' : `\n${body}`}`;
}
