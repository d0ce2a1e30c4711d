// Finds jump markers — （下转第二版）, (上接 04 版), 【紧接A2版】 — and reads the page they point to.
//
// A marker is not article text: it links an article to its continuation on another page. It can sit on a
// line of its own or at the end (下转) or start (上接) of a paragraph, so the finder reports offsets and
// the caller splits the fragment around them.

export type JumpDirection = 'continued-on' | 'continued-from';

export interface JumpMarker {
  start: number;
  end: number;
  text: string;
  direction: JumpDirection;
  /** page label as printed, normalized to ASCII: "2", "04", "A2" */
  page: string;
  /** true when the marker was written inside brackets (the usual, unambiguous form) */
  bracketed: boolean;
}

const HAN_DIGITS = '一二三四五六七八九十〇零两壹贰叁肆伍陆柒捌玖拾貳參陸百';
const PAGE_NUM = `(?:[0-9０-９]{1,3}|[${HAN_DIGITS}]{1,4})`;
const PAGE_LETTER = '[A-Za-zＡ-Ｚａ-ｚ]';
/** "A2", "A 02", "04", "二十", "第 4" — the page part; 版/页 is matched separately. */
const PAGE = `(?:${PAGE_LETTER}\\s*[0-9０-９]{1,3}|${PAGE_NUM})`;
const SIDE = '(?:[上下左右中]{1,2}(?:栏|欄|部|方)?)?';

// Verbs that send the reader on (下转) and that announce where the text came from (上接). Traditional forms
// are listed beside the simplified ones; "续见/見" means "continued, see page …".
const ON_LIST = [
  '下转',
  '下轉',
  '转至',
  '轉至',
  '转见',
  '轉見',
  '转入',
  '轉入',
  '续见',
  '續見',
  '详见',
  '詳見',
  '转',
  '轉',
  '见',
  '見',
];
const FROM_LIST = ['上接', '紧接', '緊接', '接上', '承上', '续上', '續上', '接', '续', '續', '承'];
/** OCR sometimes spaces out the characters of a marker ("下 转 第 二 版"); allow it inside the verb. */
const spaced = (verbs: string[]): string => verbs.map((v) => Array.from(v).join('\\s*')).join('|');
const ON_VERBS = spaced(ON_LIST);
const FROM_VERBS = spaced(FROM_LIST);

const OPEN = '[（(【\\[〔［〈<]';
const CLOSE = '[）)】\\]〕］〉>]';

// Inside brackets a marker is unambiguous as soon as it has a verb and a page; 版 may be left out.
const BRACKETED = new RegExp(
  `${OPEN}\\s*(?:[^（）()【】\\[\\]\\n]{0,6}?)(${ON_VERBS}|${FROM_VERBS})\\s*(?:第\\s*)?(${PAGE})\\s*(版|页|頁|面)?\\s*${SIDE}\\s*${CLOSE}`,
  'gu',
);
// Without brackets we insist on a two-character verb and 版, and on the marker touching the line's edge.
const BARE = new RegExp(
  `(?:——|--|—)?\\s*(下转|下轉|上接|紧接|緊接|转见|轉見|续见|續見)\\s*(?:第\\s*)?(${PAGE})\\s*(版|页|頁)`,
  'gu',
);

function directionOf(verb: string): JumpDirection {
  return FROM_LIST.includes(verb.replace(/\s+/gu, '')) ? 'continued-from' : 'continued-on';
}

/** Finds every jump marker in one line of text, left to right, without overlaps. */
export function findJumpMarkers(line: string): JumpMarker[] {
  const found: JumpMarker[] = [];
  for (const m of line.matchAll(BRACKETED)) {
    const verb = (m[1] ?? '').replace(/\s+/gu, '');
    const page = m[2] ?? '';
    const unit = m[3] ?? '';
    // A lone 转/接/续 needs 版 or 第 to be a marker: （转自新华网） and （接上文） are not.
    if (verb.length === 1 && !unit && !/第/.test(m[0])) continue;
    // Prose in brackets such as （详见说明） has no page number and never matched; （见表2） lacks 版.
    if (/^(?:详见|詳見|转见|轉見|续见|續見|见|見)$/.test(verb) && !unit) continue;
    const start = m.index ?? 0;
    found.push({
      start,
      end: start + m[0].length,
      text: m[0],
      direction: directionOf(verb),
      page: normalizePage(page),
      bracketed: true,
    });
  }
  for (const m of line.matchAll(BARE)) {
    const start = (m.index ?? 0) + (m[0].length - m[0].trimStart().length);
    const end = (m.index ?? 0) + m[0].length;
    if (found.some((f) => start < f.end && end > f.start)) continue;
    const before = line.slice(0, start).trim();
    const after = line.slice(end).trim();
    // A bare marker must own the line, close a paragraph, or open one; mid-sentence it is ordinary text.
    const atEnd = after === '' && (before === '' || /[。！？!?”）)]$/u.test(before));
    const atStart = before === '' && /^(?:上接|紧接|緊接)/u.test(m[1] ?? '');
    if (!atEnd && !atStart) continue;
    found.push({
      start,
      end,
      text: line.slice(start, end),
      direction: directionOf(m[1] ?? ''),
      page: normalizePage(m[2] ?? ''),
      bracketed: false,
    });
  }
  found.sort((a, b) => a.start - b.start);
  return found;
}

/** Parses a whole string as one jump marker (for tests and for callers that already isolated it). */
export function parseJumpMarker(text: string): JumpMarker | null {
  const t = text.trim();
  const ms = findJumpMarkers(t);
  const m = ms[0];
  if (ms.length !== 1 || !m || m.start !== 0 || m.end !== t.length) return null;
  return m;
}

const HAN_VALUE: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  壹: 1,
  二: 2,
  两: 2,
  贰: 2,
  貳: 2,
  三: 3,
  叁: 3,
  參: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  陸: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};

/** Reads a Chinese numeral up to the hundreds: 二 → 2, 十二 → 12, 二十 → 20, 一〇五 → 105. */
export function parseHanNumber(s: string): number | null {
  if (!s) return null;
  let total = 0;
  let digit = -1;
  let sawUnit = false;
  for (const ch of s) {
    if (ch === '十' || ch === '拾') {
      total += (digit < 0 ? 1 : digit) * 10;
      digit = -1;
      sawUnit = true;
    } else if (ch === '百') {
      total += (digit < 0 ? 1 : digit) * 100;
      digit = -1;
      sawUnit = true;
    } else {
      const v = HAN_VALUE[ch];
      if (v === undefined) return null;
      // Without units the digits are positional (一〇五 = 105).
      digit = !sawUnit && digit >= 0 ? digit * 10 + v : v;
    }
  }
  return total + (digit < 0 ? 0 : digit);
}

/** "０４" → "04", "第二" → "2", "ａ2" → "A2"; leading zeros are kept because they are how the page is printed. */
export function normalizePage(raw: string): string {
  const half = raw.replace(/[０-９Ａ-Ｚａ-ｚ]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const compact = half.replace(/\s+/g, '');
  if (/^[A-Za-z]?\d+$/.test(compact)) return compact.toUpperCase();
  const n = parseHanNumber(compact);
  return n === null ? compact : String(n);
}
