// Turns half-width punctuation in Han text into its full-width form (, → ，  ( → （), as an opt-in repair.
//
// Only marks touching Han text change: "1,000", "PM2.5", "10:30" and English stay as they are. Brackets
// change as a pair so "(河北日报记者 四建磊)" never becomes "（河北日报记者 四建磊)".
import { isAsciiAlnum, isCjkChar } from './text';

export interface PunctuationChange {
  index: number;
  from: string;
  to: string;
}

const SIMPLE: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！' };
const IS_CANDIDATE: boolean[] = Array.from({ length: 128 }, (_, c) => ',;:?!.()"'.includes(String.fromCharCode(c)));

function neighbour(s: string, i: number, dir: -1 | 1): string {
  let j = i + dir;
  while (j >= 0 && j < s.length && (s.charAt(j) === ' ' || s.charAt(j) === '\t')) j += dir;
  if (j < 0 || j >= s.length) return '';
  if (dir === -1) {
    const c = s.charCodeAt(j);
    if (c >= 0xdc00 && c <= 0xdfff && j > 0) return s.slice(j - 1, j + 1);
    return s.charAt(j);
  }
  return String.fromCodePoint(s.codePointAt(j) ?? 0);
}

/** Full-width punctuation marks Chinese text already uses count as Han context too (，(“ …). */
function hanContext(ch: string): boolean {
  return isCjkChar(ch) || /^[，。、；：？！“”‘’（）《》【】]$/u.test(ch);
}

/** Half-width marks this module may change; text without any of them is returned untouched (the usual case). */
const CANDIDATES = /[,;:?!.()"]/u;

export function normalizePunctuation(text: string): { text: string; changes: PunctuationChange[] } {
  if (!CANDIDATES.test(text)) return { text, changes: [] };
  const chars = text.split('');
  const changes: PunctuationChange[] = [];
  const change = (i: number, to: string): void => {
    const from = chars[i] ?? '';
    if (from === to) return;
    changes.push({ index: i, from, to });
    chars[i] = to;
  };
  const stack: number[] = [];
  let quoteOpen = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Only ASCII punctuation is looked at closely; everything else is skipped in one comparison.
    if (code > 0x7f || !IS_CANDIDATE[code]) continue;
    const ch = text.charAt(i);
    const prev = neighbour(text, i, -1);
    const next = neighbour(text, i, 1);
    const simple = SIMPLE[ch];
    if (simple) {
      // 1,000 and 10:30 are numbers; "a, b" is English.
      if (isAsciiAlnum(text.charAt(i - 1)) && isAsciiAlnum(text.charAt(i + 1))) continue;
      if (hanContext(prev) || hanContext(next)) change(i, simple);
    } else if (ch === '.') {
      // Only a sentence end after Han text: never decimals, abbreviations or web addresses.
      if (isCjkChar(prev) && (next === '' || hanContext(next)) && !isAsciiAlnum(text.charAt(i + 1))) change(i, '。');
    } else if (ch === '(') {
      stack.push(i);
    } else if (ch === ')') {
      const open = stack.pop();
      if (open !== undefined) {
        const inside = text.slice(open + 1, i);
        const outerBefore = neighbour(text, open, -1);
        const outerAfter = next;
        if (/[\u4e00-\u9fff]/u.test(inside) || isCjkChar(outerBefore) || isCjkChar(outerAfter)) {
          change(open, '（');
          change(i, '）');
        }
      }
    } else if (ch === '"') {
      // Straight quotes alternate open/close; only pairs around or beside Han text change.
      if (quoteOpen < 0) quoteOpen = i;
      else {
        const inside = text.slice(quoteOpen + 1, i);
        if (/[\u4e00-\u9fff]/u.test(inside)) {
          change(quoteOpen, '“');
          change(i, '”');
        }
        quoteOpen = -1;
      }
    }
  }
  changes.sort((a, b) => a.index - b.index);
  return { text: chars.join(''), changes };
}
