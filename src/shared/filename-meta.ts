// Guesses a page's newspaper, date and page number from its file name and folders, e.g. "河北日报_2022-11-27_01.txt".
import type { PageMeta } from './domain';

/** A token is a run of non-separators; "/" stands where a date, page marker or hash was cut out. */
const TOKEN = /[^\s_\-.,，、·:：;；()（）[\]【】{}《》〈〉<>+#=~@&'"!！?？/]+/g;
/** Marks a removed span: a slash cannot occur inside one path segment, so it is never mistaken for content. */
const CUT = '/';
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const LATIN = /[A-Za-z]/;

/**
 * Bare page tokens ("01", "004", "0004", "A2", "12B"). Three digits, or four zero-padded ones: newspapers do not run
 * to a thousand pages, so "1430" is a time or a counter. A "v" prefix is a version ("v2"), not a section.
 */
const BARE_PAGE = /^(?:(?![vV])[A-Za-z]?(?:\d{1,3}|0\d{3})|(?:\d{1,3}|0\d{3})[A-Za-z])$/;

/** Words that name a folder's or scanner's role, never a newspaper; compared lower-cased. */
const GENERIC_NAMES = new Set([
  'archive',
  'archives',
  'batch',
  'clean',
  'cleaned',
  'corpus',
  'corrected',
  'data',
  'dataset',
  'desktop',
  'doc',
  'docs',
  'document',
  'documents',
  'done',
  'download',
  'downloads',
  'dsc',
  'dscn',
  'export',
  'file',
  'files',
  'final',
  'fixtures',
  'home',
  'image',
  'images',
  'img',
  'import',
  'imports',
  'input',
  'library',
  'markdown',
  'md',
  'media',
  'mnt',
  'new',
  'newspaper',
  'newspapers',
  'ocr',
  'old',
  'out',
  'output',
  'page',
  'pages',
  'pdf',
  'photo',
  'photos',
  'pic',
  'pics',
  'public',
  'raw',
  'sample',
  'samples',
  'scan',
  'scanned',
  'scans',
  'seeds',
  'shared',
  'src',
  'temp',
  'test',
  'tests',
  'text',
  'texts',
  'tmp',
  'txt',
  'untitled',
  'user',
  'users',
  'volumes',
  'work',
  '下载',
  '图片',
  '扫描',
  '扫描件',
  '报纸',
  '文本',
  '文档',
  '新建文件夹',
  '新建文本文档',
  '未命名',
  '桌面',
  '资料',
]);

/** Folders whose direct children are people's home folders, whose names must not be taken for newspapers. */
const HOME_PARENTS = new Set(['home', 'users']);

// 〇 and ○ (a circle often typed for zero) and 零 are all zero; 两 is a colloquial two.
const HAN_DIGITS = new Map<string, number>([
  ['〇', 0],
  ['○', 0],
  ['零', 0],
  ['一', 1],
  ['二', 2],
  ['两', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
]);

/** "12", "十二", "二十一", "一百零二", or digit-by-digit "一九八五" → number; null if not a numeral. */
function parseNumeral(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 0) return null;
  if (!/[十百]/.test(text)) {
    let value = 0;
    for (const ch of text) {
      const d = HAN_DIGITS.get(ch);
      if (d === undefined) return null;
      value = value * 10 + d;
    }
    return value;
  }
  let total = 0;
  let current = 0;
  for (const ch of text) {
    const d = HAN_DIGITS.get(ch);
    if (d !== undefined) current = d;
    else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else return null;
  }
  return total + current;
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1800 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (!isValidDate(year, month, day)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface DateMatch {
  /** Null when the text has the shape of a date but no such day exists (2021-02-30): the span is still not a page. */
  date: string | null;
  start: number;
  end: number;
}

const HAN_NUM = '[〇○零一二两三四五六七八九十百]';
const DATE_PATTERNS: { re: RegExp; toDate: (m: RegExpExecArray) => string | null }[] = [
  {
    // Republic of China era, as on pre-1949 and Taiwanese papers: 民國74年3月12日 is 1985-03-12.
    re: new RegExp(
      `民[国國]\\s*(\\d{1,3}|${HAN_NUM}+)\\s*年\\s*(\\d{1,2}|${HAN_NUM}+)\\s*月\\s*(\\d{1,2}|${HAN_NUM}+)\\s*[日号號]`,
      'g',
    ),
    toDate: (m) => fromParts(m[1], m[2], m[3], 1911),
  },
  {
    // 2021年3月5日, or in Han numerals 一九八五年三月十二日.
    re: new RegExp(
      `(\\d{4}|${HAN_NUM}{4})\\s*年\\s*(\\d{1,2}|${HAN_NUM}+)\\s*月\\s*(\\d{1,2}|${HAN_NUM}+)\\s*[日号號]`,
      'g',
    ),
    toDate: (m) => fromParts(m[1], m[2], m[3], 0),
  },
  {
    // 2022-11-27, 1998_01_05, 1923.05.01 — the same separator twice, so "2022-11_27" is not a date.
    re: /(?<!\d)((?:1[89]|20)\d{2})([-_./ ])(\d{1,2})\2(\d{1,2})(?!\d)/g,
    toDate: (m) => fromParts(m[1], m[3], m[4], 0),
  },
  {
    // 20221127: exactly eight digits, so longer numbers (IDs, timestamps) are left alone.
    re: /(?<!\d)((?:1[89]|20)\d{2})(\d{2})(\d{2})(?!\d)/g,
    toDate: (m) => fromParts(m[1], m[2], m[3], 0),
  },
];

function fromParts(
  y: string | undefined,
  m: string | undefined,
  d: string | undefined,
  yearOffset: number,
): string | null {
  const year = parseNumeral(y ?? '');
  const month = parseNumeral(m ?? '');
  const day = parseNumeral(d ?? '');
  if (year === null || month === null || day === null) return null;
  return isoDate(year + yearOffset, month, day);
}

/** The first real date in the text; failing that, the first date-shaped span (so its digits are not misread). */
function findDate(text: string): DateMatch | null {
  let shapeOnly: DateMatch | null = null;
  for (const { re, toDate } of DATE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const match = { date: toDate(m), start: m.index, end: m.index + m[0].length };
      if (match.date !== null) return match;
      shapeOnly ??= match;
    }
  }
  return shapeOnly;
}

/** Explicit page markers, tried in order: 第4版 / 第四版, p01 / page12 / pg.3, A2版. */
const PAGE_MARKERS: RegExp[] = [
  new RegExp(`第\\s*([A-Za-z]?\\d{1,3}[A-Za-z]?|${HAN_NUM}{1,5})\\s*[版页頁面]`),
  /(?<![A-Za-z])(?:page|pg|p)[\s_.\-#]*([A-Za-z]?\d{1,4}[A-Za-z]?)(?![A-Za-z0-9])/i,
  /(?<![A-Za-z0-9])([A-Za-z]?\d{1,3})\s*[版页頁]/,
];

/** "01" → "1", "A02" → "A2", "四" → "4"; zero is no page. */
function normalizePage(raw: string): string | null {
  const m = /^([A-Za-z]?)(\d+)([A-Za-z]?)$/.exec(raw);
  if (m !== null) {
    const n = Number(m[2]);
    return n === 0 ? null : `${m[1] ?? ''}${n}${m[3] ?? ''}`;
  }
  const n = parseNumeral(raw);
  return n === null || n === 0 ? null : String(n);
}

/** Full-width digits, letters and punctuation (common in Chinese file names) become ASCII, one unit for one. */
function toHalfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

function stripExtension(name: string): string {
  // Only extensions with a letter: "rmrb.1998.01.05" has no extension to lose.
  return name.replace(/\.(?=[A-Za-z0-9]{0,5}[A-Za-z])[A-Za-z0-9]{1,6}$/, '');
}

/**
 * Removes UUIDs and hex hashes ("f1346f968acf4f03"). A hash mixes letters and digits many times over, which tells
 * it from a name glued to a date ("ab20221127") or from a pure-digit date.
 */
function removeHashes(text: string): { text: string; found: boolean } {
  let found = false;
  const cut = (): string => {
    found = true;
    return CUT;
  };
  const out = text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, cut)
    .replace(/(?<![0-9A-Za-z])[0-9a-fA-F]{8,}(?![0-9A-Za-z])/g, (hex) => {
      const switches = hex.match(/[0-9](?=[a-fA-F])|[a-fA-F](?=[0-9])/g)?.length ?? 0;
      return switches >= 3 ? cut() : hex;
    });
  return { text: out, found };
}

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokens(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

function isGeneric(name: string): boolean {
  return GENERIC_NAMES.has(name.toLowerCase());
}

function isNameToken(token: string): boolean {
  return (HAN.test(token) || LATIN.test(token)) && !BARE_PAGE.test(token) && !/^[A-Za-z]:$/.test(token);
}

/** The newspaper in a stretch of name text: the first run of name-like tokens, kept as written (spaces and all). */
function nameIn(text: string): string | null {
  const list = tokens(text);
  const first = list.findIndex((t) => isNameToken(t.text));
  if (first < 0) return null;
  let last = first;
  while (last + 1 < list.length && isNameToken((list[last + 1] as Token).text)) last++;
  const name = text.slice((list[first] as Token).start, (list[last] as Token).end).trim();
  return name.length === 0 || isGeneric(name) || isGeneric((list[first] as Token).text) ? null : name;
}

/** Reads one path segment (a base name without extension, or a folder name). */
function parseSegment(raw: string): PageMeta {
  const hashes = removeHashes(toHalfWidth(raw));
  const dateMatch = findDate(hashes.text);
  // The date span shrinks to one CUT, so everything before that index is "pre", everything after is "post".
  const preLength = dateMatch === null ? hashes.text.length : dateMatch.start;
  let text =
    dateMatch === null ? hashes.text : hashes.text.slice(0, dateMatch.start) + CUT + hashes.text.slice(dateMatch.end);

  let pageNo: string | null = null;
  for (const re of PAGE_MARKERS) {
    const m = re.exec(text);
    if (m === null) continue;
    pageNo = normalizePage(m[1] ?? '');
    // Blank the marker with as many CUTs, keeping every index, so it becomes neither name nor page.
    text = text.slice(0, m.index) + CUT.repeat(m[0].length) + text.slice(m.index + m[0].length);
    break;
  }
  const pre = text.slice(0, preLength);
  const post = text.slice(preLength + 1);

  const preTokens = tokens(pre);
  const firstName = preTokens.find((t) => isNameToken(t.text));
  // A scanner's or a role word's counter ("IMG_0012", "scan_003") is a sequence number, not a page.
  const counterContext = dateMatch === null && firstName !== undefined && isGeneric(firstName.text);
  if (pageNo === null && !hashes.found && !counterContext) {
    if (dateMatch !== null) {
      // After a date, the first page-like token is the page: "rmrb_1998_01_05_A2", "河北日报_2022-11-27_01".
      const t = tokens(post).find((tok) => BARE_PAGE.test(tok.text));
      if (t !== undefined) pageNo = normalizePage(t.text);
    } else if (preTokens.length === 1 && BARE_PAGE.test((preTokens[0] as Token).text)) {
      pageNo = normalizePage((preTokens[0] as Token).text); // the whole name is the page: "004.txt"
    } else if (firstName !== undefined) {
      // "河北日报_01": a number after the name. A leading number ("000_…", "01_河北日报") is a sequence prefix.
      const t = preTokens.find((tok) => tok.start > firstName.start && BARE_PAGE.test(tok.text));
      if (t !== undefined) pageNo = normalizePage(t.text);
    }
  }

  const newspaper = nameIn(pre) ?? (dateMatch !== null ? nameIn(post) : null);
  return { newspaper, date: dateMatch?.date ?? null, pageNo };
}

/** A folder that holds only (part of) a date: "2022-11-27", "20221127", "2022", "11", "1127", "2022-11", "2022年". */
function isDateFolder(name: string): boolean {
  const n = toHalfWidth(name).trim();
  if (/^\d{1,2}[月日号]?$/.test(n) || /^\d{4}年?$/.test(n) || /^\d{4}[-_.]?\d{1,2}月?$/.test(n)) return true;
  const date = findDate(n);
  return date !== null && date.start === 0 && date.end === n.length;
}

/** Digits of nested date folders, farthest first, padded: ["27", "11", "2022"] → "20221127". */
function nestedDate(dateFolders: string[]): string | null {
  const parts = [...dateFolders].reverse().map((f) => toHalfWidth(f).replace(/\D/g, ''));
  const [head, ...rest] = parts;
  if (head === undefined || rest.length === 0) return null;
  const digits = head + rest.map((p) => p.padStart(2, '0')).join('');
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(digits);
  return m === null ? null : isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Date and newspaper from folders: "河北日报/20221127/004.txt", "报刊/人民日报/1998/01/05/02.txt". Date folders
 * right above the file are read first; the first folder above them is the only newspaper candidate, so that
 * "/Users/alice/Documents/2022-11-27/01.txt" yields no newspaper rather than "Documents" or "alice".
 */
function folderMeta(
  foldersNearestFirst: string[],
  fileHasDate: boolean,
): { newspaper: string | null; date: string | null } {
  const dateFolders: string[] = [];
  let i = 0;
  while (i < foldersNearestFirst.length && dateFolders.length < 3 && isDateFolder(foldersNearestFirst[i] as string)) {
    dateFolders.push(foldersNearestFirst[i] as string);
    i++;
  }
  let date: string | null = null;
  for (const f of dateFolders) {
    date = findDate(toHalfWidth(f))?.date ?? null;
    if (date !== null) break;
  }
  date ??= nestedDate(dateFolders);

  let newspaper: string | null = null;
  const candidate = foldersNearestFirst[i];
  const parent = foldersNearestFirst[i + 1];
  // A folder names the newspaper only when it holds dated pages ("河北日报/20221127/004.txt") or carries a
  // date itself ("hbrb_20221127/05.txt"); a folder of undated files ("batch3/000_f1346f.txt") says nothing.
  if (candidate !== undefined && !(parent !== undefined && HOME_PARENTS.has(parent.toLowerCase()))) {
    const seg = parseSegment(candidate);
    if (dateFolders.length > 0 || fileHasDate || seg.date !== null) newspaper = seg.newspaper;
    date ??= seg.date;
  }
  return { newspaper, date };
}

/** Newspaper, date and page guessed from a file name, which may include folders (either slash). Unknown → null. */
export function parseFileNameMeta(fileName: string): PageMeta {
  const parts = fileName.split(/[\\/]+/).filter((p) => p.trim().length > 0);
  const base = parts.pop() ?? '';
  const own = parseSegment(stripExtension(base));
  let { newspaper, date } = own;
  if (newspaper === null || date === null) {
    const folders = folderMeta(parts.reverse(), own.date !== null);
    newspaper ??= folders.newspaper;
    date ??= folders.date;
  }
  return { newspaper, date, pageNo: own.pageNo };
}
