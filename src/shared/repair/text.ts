// Character classes and small text measurements that every repair rule shares.
//
// OCR output mixes full-width (，。（）) and half-width (,.()) punctuation for the same marks, so the
// predicates below treat both widths alike; only punctuation.ts cares about the difference.

/** Code point at a UTF-16 index (a whole surrogate pair when there is one). */
export function codePointAt(s: string, i: number): number {
  return s.codePointAt(i) ?? 0;
}

/** Han ideographs in all the blocks OCR produces, including the rare ones outside the BMP (𠮷). */
export function isCjkCode(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x323af) ||
    cp === 0x3007 || // 〇
    cp === 0x3005 // 々
  );
}

export function isCjkChar(ch: string | undefined): boolean {
  return ch !== undefined && ch.length > 0 && isCjkCode(codePointAt(ch, 0));
}

export function isAsciiAlnum(ch: string | undefined): boolean {
  if (ch === undefined || ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAsciiLetter(ch: string | undefined): boolean {
  if (ch === undefined || ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Marks that end a sentence. A half-width "." only counts after Han text (not in 2.5 or www.x). */
const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '…', '｡', '．']);
/** Closing marks that may follow a sentence end: 。” 。） 。」 */
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '】', '》', '〉', '〕', ']', '"', "'", '］', '｝', '}']);
const OPENERS = new Set(['“', '‘', '「', '『', '（', '(', '【', '《', '〈', '〔', '[', '［', '｛', '{']);
/** Marks after which a sentence always goes on. */
const SOFT = new Set(['，', ',', '、', '；', ';', '：', ':', '—', '－', '-', '～', '~', '·']);
/** Marks Chinese typesetting never puts at the start of a line (避头点) — a fragment starting with one continues. */
const NO_LINE_START = new Set([
  '，',
  ',',
  '。',
  '、',
  '；',
  ';',
  '：',
  ':',
  '！',
  '!',
  '？',
  '?',
  '）',
  ')',
  '”',
  '’',
  '」',
  '』',
  '】',
  '》',
  '〉',
  '〕',
  '…',
  '．',
]);

export function isCloser(ch: string | undefined): boolean {
  return ch !== undefined && CLOSERS.has(ch);
}
export function cannotStartLine(ch: string | undefined): boolean {
  return ch !== undefined && NO_LINE_START.has(ch);
}

/** Last character (a whole code point) of a string, or '' for an empty string. */
export function lastChar(s: string): string {
  if (!s) return '';
  const c = s.charCodeAt(s.length - 1);
  if (c >= 0xdc00 && c <= 0xdfff && s.length >= 2) return s.slice(-2);
  return s.slice(-1);
}

/** First character (a whole code point) of a string, or '' for an empty string. */
export function firstChar(s: string): string {
  if (!s) return '';
  const cp = s.codePointAt(0) ?? 0;
  return String.fromCodePoint(cp);
}

export type Ending = 'final' | 'soft' | 'open' | 'mid' | 'closer' | 'none';

/**
 * How a fragment ends: `final` — a sentence end, possibly wrapped in closing quotes (。” ！）);
 * `soft` — a comma-like mark; `closer` — a closing quote or bracket with no sentence end before it;
 * `open` — an opening bracket; `mid` — a letter, digit or Han character (the sentence is cut).
 */
export function endingOf(s: string): { kind: Ending; mark: string } {
  let i = s.length;
  while (i > 0 && /\s/.test(s.charAt(i - 1))) i--;
  if (i === 0) return { kind: 'none', mark: '' };
  let j = i;
  while (j > 0 && CLOSERS.has(s.charAt(j - 1))) j--;
  if (j > 0 && isSentenceEndAt(s, j - 1)) return { kind: 'final', mark: s.slice(j - 1, i) };
  if (j < i) {
    // "……的“护城河”" has no sentence end inside the quote: the sentence goes on.
    return { kind: 'closer', mark: s.slice(j, i) };
  }
  const last = lastChar(s.slice(0, i));
  if (OPENERS.has(last)) return { kind: 'open', mark: last };
  if (SOFT.has(last)) return { kind: 'soft', mark: last };
  return { kind: 'mid', mark: last };
}

/** True when s[i] ends a sentence; "." only when it follows Han text and is not part of a number. */
export function isSentenceEndAt(s: string, i: number): boolean {
  const ch = s.charAt(i);
  if (SENTENCE_END.has(ch)) return true;
  if (ch === '.') {
    const prev = s.charAt(i - 1);
    const next = s.charAt(i + 1);
    return (isCjkChar(prev) || isCloser(prev)) && !isAsciiAlnum(next);
  }
  return false;
}

/**
 * Brackets and quotes opened in the text and not closed by its end. Only the pairs OCR keeps reliably are
 * counted; straight quotes are ambiguous and ignored.
 */
export function unclosedOpeners(s: string): string[] {
  const stack: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    switch (ch) {
      case '（':
      case '(':
      case '“':
      case '《':
      case '「':
      case '『':
      case '【':
        stack.push(ch);
        break;
      case '）':
      case ')':
        popMatching(stack, ['（', '(']);
        break;
      case '”':
        popMatching(stack, ['“']);
        break;
      case '》':
        popMatching(stack, ['《']);
        break;
      case '」':
        popMatching(stack, ['「']);
        break;
      case '』':
        popMatching(stack, ['『']);
        break;
      case '】':
        popMatching(stack, ['【']);
        break;
      default:
        break;
    }
  }
  return stack;
}

function popMatching(stack: string[], openers: string[]): void {
  // A stray closer (common in OCR) must not swallow an older, still open bracket of another kind.
  const top = stack[stack.length - 1];
  if (top !== undefined && openers.includes(top)) stack.pop();
}

/**
 * Printed width of a text in em (one Han character = 1): half-width letters and digits take half a cell,
 * which keeps "11月26日" from looking longer than the column it sits in.
 */
export function visualWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue; // low surrogate: counted with its high half
    if (c === 0x20 || c === 0x09) w += 0.5;
    else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) w += 0.5;
    else w += 1;
  }
  return w;
}

/** Count of sentence-internal punctuation (commas, enumeration commas, semicolons, sentence ends inside). */
export function innerPunctCount(s: string): { commas: number; stops: number } {
  let commas = 0;
  let stops = 0;
  const end = s.length - 1;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch === '，' || ch === ',' || ch === '；' || ch === ';') commas++;
    else if (i < end && (ch === '。' || ch === '！' || ch === '？')) stops++;
  }
  return { commas, stops };
}

/** Joins two pieces of one paragraph that a column break separated: no space, except between Latin words. */
export function joinAcrossBreak(left: string, right: string): string {
  const a = lastChar(left);
  const b = firstChar(right);
  // Two English words cut by a column keep their space; Han text, digits and hyphenated words join as is.
  return isAsciiLetter(a) && isAsciiLetter(b) ? left + ' ' + right : left + right;
}

/**
 * Words that cannot open a sentence, so a fragment starting with one continues the sentence before it:
 * a speech verb that needs its subject ("表示，…" after "…有关负责人"), or a particle ("的消费热情").
 * Returns the word, or null.
 */
export function sentenceContinuation(s: string): string | null {
  const m = CONTINUATION.exec(s);
  return m ? (m[1] ?? m[0]) : null;
}

const CONTINUATION =
  /^(?:(表示|指出|强调|強調|介绍|介紹|认为|認為|透露|坦言|说|說|称|稱|告诉记者|告訴記者|提出|补充说|補充說|回忆说|回憶說)[，,：:]|(的)(?!确|確)|(了)(?!解|不起|结|結)|(们|們|吗|嗎|呢|吧))/u;

/**
 * Function words that end no headline and no sentence ("…检测已", "…组织的"): a fragment ending in one was
 * cut in the middle of a sentence. Characters that also end common nouns (会, 能, 要, 应 …) are left out.
 */
export function endsDangling(s: string): boolean {
  return DANGLING.test(s);
}

const DANGLING = /[的和已把被从又再也各每这那]$/u;
