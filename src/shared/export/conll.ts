// Character-level CoNLL: one character and its BIO (or BIOES) tag per line, a blank line after each sentence.
import { type ExportArticle, type ExportInput, articlesOf } from './common';

export type TagScheme = 'BIO' | 'BIOES';

export interface ConllOptions {
  scheme?: TagScheme;
  /** 2: `char<TAB>tag` (MSRA style); 4: `char -X- _ tag` with -DOCSTART- per article (CoNLL-2003, spaCy). */
  columns?: 2 | 4;
}

/** Sentence-final punctuation (all in the BMP, so one UTF-16 unit each). */
const SENTENCE_END = new Set([...'。！？；!?;'].map((c) => c.charCodeAt(0)));
/** Closing quotes and brackets stay with the sentence they close: 。” ends after the quote. */
const CLOSERS = new Set([...'”’」』）)》〉】"\''].map((c) => c.charCodeAt(0)));

/**
 * Whitespace (ASCII, ideographic space U+3000 and the rest) cannot be a token: it would look like a blank line.
 * Exactly the code points JavaScript's /\s/u matches, all in the BMP.
 */
export function isConllWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Line endings of a token, per tag: `\tB-PER\n` (2 columns) or ` -X- _ B-PER\n` (4 columns). */
class TagSuffixes {
  private readonly cache = new Map<string, string>();
  readonly outside: string;
  constructor(private readonly separator: string) {
    this.outside = `${separator}O\n`;
  }
  get(prefix: 'B' | 'I' | 'E' | 'S', label: string): string {
    const key = `${prefix}-${label}`;
    let suffix = this.cache.get(key);
    if (suffix === undefined) {
      suffix = `${this.separator}${key}\n`;
      this.cache.set(key, suffix);
    }
    return suffix;
  }
}

/** UTF-16 offset of the last non-whitespace code point of text[start, end), or -1 when there is none. */
function lastNonWhitespace(text: string, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > start) {
      const high = text.charCodeAt(i - 1);
      if (high >= 0xd800 && high <= 0xdbff) return i - 1;
    }
    if (!isConllWhitespace(code)) return i;
  }
  return -1;
}

/**
 * The article's sentences in CoNLL lines, each line ending in a newline and each sentence in a blank line. A
 * sentence ends at a full stop outside any span (with the closers after it), and at each block end.
 */
function conllArticleLines(article: ExportArticle, scheme: TagScheme, suffixes: TagSuffixes): string {
  const { text, spans } = article;
  // Per UTF-16 offset, the index of the span covering it (spans never overlap).
  const spanAt = new Int32Array(text.length).fill(-1);
  spans.forEach((s, k) => spanAt.fill(k, s.start, s.end));
  // Last non-whitespace character of each span, for E- and S- tags.
  const lastOf = scheme === 'BIOES' ? spans.map((s) => lastNonWhitespace(text, s.start, s.end)) : [];
  let out = '';
  for (const block of article.blocks) {
    const blockText = block.text;
    let sentence = '';
    let lastSpan = -1;
    let pendingEnd = false;
    for (let i = 0; i < blockText.length;) {
      const code = blockText.charCodeAt(i);
      let units = 1;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < blockText.length) {
        const low = blockText.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) units = 2;
      }
      const at = block.start + i;
      const k = spanAt[at] ?? -1;
      if (pendingEnd && !CLOSERS.has(code)) {
        // A sentence ends after the closers that follow its full stop.
        if (sentence !== '') out += `${sentence}\n`;
        sentence = '';
        pendingEnd = false;
      }
      if (units === 2 || !isConllWhitespace(code)) {
        const char = units === 1 ? blockText[i]! : blockText.slice(i, i + 2);
        if (k >= 0) {
          const label = spans[k]?.label ?? '';
          const first = k !== lastSpan;
          let prefix: 'B' | 'I' | 'E' | 'S';
          if (scheme === 'BIOES') {
            const last = lastOf[k] === at;
            prefix = first && last ? 'S' : first ? 'B' : last ? 'E' : 'I';
          } else prefix = first ? 'B' : 'I';
          sentence += char + suffixes.get(prefix, label);
          lastSpan = k;
        } else {
          sentence += char + suffixes.outside;
          lastSpan = -1;
        }
      }
      // A full stop inside a span (an OCR'd name, a quoted title) does not end the sentence: tags never straddle two.
      if (units === 1 && k < 0 && SENTENCE_END.has(code)) pendingEnd = true;
      i += units;
    }
    if (sentence !== '') out += `${sentence}\n`;
  }
  return out;
}

/** One string per article: its sentences, each line ending in a newline and each sentence in a blank line. */
export function conllArticles(input: ExportInput, options: ConllOptions = {}): string[] {
  const columns = options.columns ?? 2;
  const suffixes = new TagSuffixes(columns === 4 ? ' -X- _ ' : '\t');
  const scheme = options.scheme ?? 'BIO';
  return articlesOf(input).map(
    (article) => (columns === 4 ? '-DOCSTART- -X- O O\n\n' : '') + conllArticleLines(article, scheme, suffixes),
  );
}
