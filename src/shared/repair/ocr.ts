// Spots OCR and pipeline noise worth a human look — stray Latin words in Han text ("疫情防控 and 应急处置"),
// doubled words ("会议会议") and a clause repeated with a changed ending. Only suggested, never applied:
// 研究研究 and GDP are real text.
import { isAsciiAlnum, isCjkChar, isCjkCode } from './text';

export interface OcrSuspect {
  kind: 'ocr-latin' | 'ocr-doubled';
  start: number;
  end: number;
  text: string;
  /**
   * What accepting the suspect removes (offsets in the same text, end exclusive): a Latin word with the
   * spaces around it; the second copy of a doubled word; for repeated clauses the second clause together
   * with the clause mark in front of it, so "甲，甲′，乙" reads "甲，乙".
   */
  remove: { start: number; end: number };
  confidence: number;
  reason: { key: string; params: Record<string, string | number> };
}

/** English words a translation or pipeline leaks into Chinese text; never Chinese usage on their own. */
const FUNCTION_WORDS = new Set([
  'and',
  'or',
  'the',
  'of',
  'in',
  'on',
  'to',
  'for',
  'with',
  'at',
  'by',
  'is',
  'are',
  'was',
  'were',
  'an',
  'as',
  'from',
  'that',
  'this',
  'be',
  'it',
  'not',
]);
/** Units and common lowercase tokens that do belong in Chinese text after a number. */
const UNITS = /^(?:km|kg|mm|cm|m|g|mg|ml|l|kw|kwh|mw|gw|t|h|min|s|ppm|pm|am|mu)$/u;

function prevNonSpace(s: string, i: number): string {
  let j = i - 1;
  while (j >= 0 && /\s/u.test(s.charAt(j))) j--;
  if (j < 0) return '';
  const c = s.charCodeAt(j);
  return c >= 0xdc00 && c <= 0xdfff && j > 0 ? s.slice(j - 1, j + 1) : s.charAt(j);
}

function nextNonSpace(s: string, i: number): string {
  let j = i;
  while (j < s.length && /\s/u.test(s.charAt(j))) j++;
  if (j >= s.length) return '';
  const cp = s.codePointAt(j) ?? 0;
  return String.fromCodePoint(cp);
}

/** Latin words sitting inside Han text. Upper-case acronyms (GDP, CT, GSPC) and units are left alone. */
export function findLatinSuspects(text: string): OcrSuspect[] {
  const out: OcrSuspect[] = [];
  for (const m of text.matchAll(/[A-Za-z]+(?:[ '-][A-Za-z]+)*/gu)) {
    const word = m[0];
    const start = m.index ?? 0;
    const end = start + word.length;
    if (isAsciiAlnum(text.charAt(start - 1)) || isAsciiAlnum(text.charAt(end))) continue; // 5G, PM2.5
    if (word !== word.toLowerCase()) continue;
    const before = prevNonSpace(text, start);
    const after = nextNonSpace(text, end);
    if (/[0-9０-９.]/u.test(before) && UNITS.test(word)) continue;
    const cjkBefore = isCjkChar(before);
    const cjkAfter = isCjkChar(after);
    if (!cjkBefore && !cjkAfter) continue;
    const parts = word.split(/[ '-]/u);
    const functional = parts.every((w) => FUNCTION_WORDS.has(w));
    let confidence: number;
    if (functional && cjkBefore && cjkAfter) confidence = 0.85;
    else if (cjkBefore && cjkAfter) confidence = 0.55;
    else if (functional) confidence = 0.5;
    else confidence = 0.3;
    let rs = start;
    let re = end;
    while (rs > 0 && /\s/u.test(text.charAt(rs - 1))) rs--;
    while (re < text.length && /\s/u.test(text.charAt(re))) re++;
    out.push({
      kind: 'ocr-latin',
      start,
      end,
      text: word,
      remove: { start: rs, end: re },
      confidence,
      reason: { key: functional ? 'ocr.latinFunctionWord' : 'ocr.latinWord', params: { word } },
    });
  }
  return out;
}

/** 一个一个, 一步一步: reduplication Chinese uses on purpose. */
const DELIBERATE = /^一[\u4e00-\u9fff]$/u;

function sameSpan(s: string, i: number, k: number): boolean {
  for (let t = 0; t < k; t++) if (s.charCodeAt(i + t) !== s.charCodeAt(i + k + t)) return false;
  return true;
}

function allCjk(s: string, i: number, k: number): boolean {
  for (let t = 0; t < k; t++) {
    const c = s.charCodeAt(i + t);
    // A surrogate half belongs to a character outside the BMP, which is Han text in these pages.
    if (!isCjkCode(c) && !(c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/**
 * A word or phrase of 2–8 Han characters written twice in a row ("会议会议"), and neighbouring clauses
 * that repeat a long opening ("按照省委、省政府工作部署，按照省委、省政府工作安排"). Linear in the text:
 * every position is compared against at most 7 span lengths.
 */
export function findDoubledSuspects(text: string): OcrSuspect[] {
  const out: OcrSuspect[] = [];
  // Work on UTF-16 units: a doubled word outside the BMP still repeats unit for unit.
  const n = text.length;
  let i = 0;
  while (i < n) {
    let found = 0;
    const c0 = text.charCodeAt(i);
    // A doubled span starts with a Han character (or a surrogate half of one); skip everything else.
    const startsHan = isCjkCode(c0) || (c0 >= 0xd800 && c0 <= 0xdbff);
    for (let k = startsHan ? 8 : 0; k >= 2; k--) {
      // The cheap test first: the span's first unit must recur k units later.
      if (i + 2 * k > n || c0 !== text.charCodeAt(i + k)) continue;
      if (sameSpan(text, i, k) && allCjk(text, i, k)) {
        found = k;
        break;
      }
    }
    if (found > 0) {
      const unit = text.slice(i, i + found);
      const uniform = new Set(unit).size === 1; // 哈哈哈哈
      if (!uniform && !DELIBERATE.test(unit)) {
        out.push({
          kind: 'ocr-doubled',
          start: i,
          end: i + 2 * found,
          text: text.slice(i, i + 2 * found),
          remove: { start: i + found, end: i + 2 * found },
          // Two-character ABAB can be a verb said twice (研究研究); longer spans rarely are.
          confidence: found === 2 ? 0.6 : 0.8,
          reason: { key: 'ocr.doubledWord', params: { text: unit } },
        });
        i += 2 * found;
        continue;
      }
    }
    i++;
  }
  // Neighbouring clauses with a long shared opening: the pipeline pasted a variant of the same clause.
  let aStart = -1;
  let aEnd = -1;
  let cs = 0;
  for (let u = 0; u <= n; u++) {
    if (u < n && !CLAUSE_END.has(text.charCodeAt(u))) continue;
    if (u > cs) {
      if (aStart >= 0 && aEnd === cs - 1) repeatedOpening(text, aStart, aEnd, cs, u, out);
      aStart = cs;
      aEnd = u;
    } else {
      aStart = -1;
    }
    cs = u + 1;
  }
  return out;
}

/** ，,；;。！？!? */
const CLAUSE_END = new Set([0xff0c, 0x2c, 0xff1b, 0x3b, 0x3002, 0xff01, 0xff1f, 0x21, 0x3f]);

function repeatedOpening(text: string, a0: number, a1: number, b0: number, b1: number, out: OcrSuspect[]): void {
  let p = 0;
  while (a0 + p < a1 && b0 + p < b1 && text.charCodeAt(a0 + p) === text.charCodeAt(b0 + p)) p++;
  const shorter = Math.min(a1 - a0, b1 - b0);
  if (p < 6 || p < 0.6 * shorter) return;
  const opening = text.slice(a0, a0 + p);
  if (!/[\u4e00-\u9fff]{4}/u.test(opening)) return;
  const exact = a1 - a0 === b1 - b0 && p === a1 - a0;
  out.push({
    kind: 'ocr-doubled',
    start: a0,
    end: b1,
    text: text.slice(a0, b1),
    // a1 is the clause mark closing the first clause (b0 = a1 + 1).
    remove: { start: a1, end: b1 },
    confidence: exact ? 0.8 : 0.55,
    reason: {
      key: exact ? 'ocr.repeatedClause' : 'ocr.repeatedOpening',
      params: { text: opening, length: p },
    },
  });
}
