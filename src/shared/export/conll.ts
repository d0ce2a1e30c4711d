// Character-level CoNLL: one character and its BIO (or BIOES) tag per line, a blank line after each sentence.
import { type ExportArticle, type ExportInput, exportedArticles } from './common';

export type TagScheme = 'BIO' | 'BIOES';

export interface ConllOptions {
  scheme?: TagScheme;
  /** 2: `char<TAB>tag` (MSRA style); 4: `char -X- _ tag` with -DOCSTART- per article (CoNLL-2003, spaCy). */
  columns?: 2 | 4;
}

const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';']);
/** Closing quotes and brackets stay with the sentence they close: 。” ends after the quote. */
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '》', '〉', '】', '"', "'"]);
/** Whitespace (ASCII, ideographic space U+3000 and the rest) cannot be a token: it would look like a blank line. */
const WHITESPACE = /^\s$/u;

export interface ConllToken {
  char: string;
  tag: string;
}

/** The article's sentences as tokens; a sentence ends at a full stop outside any span, and at each block end. */
export function conllSentences(article: ExportArticle, scheme: TagScheme = 'BIO'): ConllToken[][] {
  // Per UTF-16 offset, the index of the span covering it (spans never overlap).
  const spanAt = new Int32Array(article.text.length).fill(-1);
  article.spans.forEach((s, k) => spanAt.fill(k, s.start, s.end));
  // Last non-whitespace character of each span, for E- and S- tags.
  const lastOf = article.spans.map((s) => {
    const chars = [...article.text.slice(s.start, s.end)];
    let end = s.end;
    for (let i = chars.length - 1; i >= 0; i--) {
      const c = chars[i] ?? '';
      if (!WHITESPACE.test(c)) return end - c.length;
      end -= c.length;
    }
    return -1;
  });
  const sentences: ConllToken[][] = [];
  for (const block of article.blocks) {
    let sentence: ConllToken[] = [];
    let lastSpan = -1;
    let pendingEnd = false;
    const flush = (): void => {
      if (sentence.length > 0) sentences.push(sentence);
      sentence = [];
      pendingEnd = false;
    };
    let at = block.start;
    for (const char of block.text) {
      const k = spanAt[at] ?? -1;
      // A sentence ends after the closers that follow its full stop.
      if (pendingEnd && !CLOSERS.has(char)) flush();
      if (!WHITESPACE.test(char)) {
        let tag = 'O';
        if (k >= 0) {
          const label = article.spans[k]?.label ?? '';
          const first = k !== lastSpan;
          const last = lastOf[k] === at;
          if (scheme === 'BIOES') tag = first && last ? 'S' : first ? 'B' : last ? 'E' : 'I';
          else tag = first ? 'B' : 'I';
          tag = `${tag}-${label}`;
          lastSpan = k;
        } else {
          lastSpan = -1;
        }
        sentence.push({ char, tag });
      }
      // A full stop inside a span (an OCR'd name, a quoted title) does not end the sentence: tags never straddle two.
      if (SENTENCE_END.has(char) && k < 0) pendingEnd = true;
      at += char.length;
    }
    flush();
  }
  return sentences;
}

/** One string per article: its sentences, each line ending in a newline and each sentence in a blank line. */
export function conllArticles(input: ExportInput, options: ConllOptions = {}): string[] {
  const columns = options.columns ?? 2;
  return exportedArticles(input.document).map((article) => {
    const parts: string[] = columns === 4 ? ['-DOCSTART- -X- O O\n\n'] : [];
    for (const sentence of conllSentences(article, options.scheme)) {
      for (const t of sentence) parts.push(columns === 4 ? `${t.char} -X- _ ${t.tag}\n` : `${t.char}\t${t.tag}\n`);
      parts.push('\n');
    }
    return parts.join('');
  });
}
