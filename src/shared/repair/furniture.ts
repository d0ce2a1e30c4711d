// Recognises page furniture — editor credits, page numbers, mastheads, teaser boxes, ads — line by line.
//
// Furniture is kept (nothing is lost) but leaves the articles. These are cues on one line; the engine adds
// the context rules (a box of short lines, a headline-like line that no article follows).
import { innerPunctCount, visualWidth } from './text';

export type FurnitureKind = 'editor-credit' | 'page-number' | 'masthead' | 'teaser' | 'page-ref' | 'ad';

export interface FurnitureCue {
  kind: FurnitureKind;
  confidence: number;
  /** the words that gave it away, shown to the researcher */
  cue: string;
}

// Simplified and traditional forms: 责任编辑/責任編輯 …
const CREDIT_KEYS =
  '责任编辑|責任編輯|版面编辑|版面編輯|本版编辑|本版編輯|本版责编|本版責編|责编|責編|美术编辑|美術編輯|' +
  '美编|美編|图片编辑|圖片編輯|校对|校對|版式设计|版式設計|版面设计|版面設計|值班编辑|值班編輯|制图|製圖|' +
  '组版|組版|审校|審校|编审|編審|监制|監製|一审|二审|三审|终审|終審|编辑|編輯';
// The key must be followed by a separator, or the line must be just a long key + name ("责任编辑王晶晶"),
// so that a headline such as "编辑部的故事" is not taken for a credit.
const CREDIT_KEYS_LONG = CREDIT_KEYS.split('|')
  .filter((k) => k.length >= 4)
  .join('|');
const CREDIT_LINE = new RegExp(
  `^[（(【\\[]?\\s*(?:${CREDIT_KEYS})(?:\\s*[:：/／]\\s*|\\s+)[\\u4e00-\\u9fff·]{2,4}|` +
    `^(?:${CREDIT_KEYS_LONG})[\\u4e00-\\u9fff·]{2,4}$`,
  'u',
);
const CREDIT_ANY = new RegExp(`(${CREDIT_KEYS})`, 'gu');
/** "（责任编辑：张三）" closing a paragraph: split off like a jump marker. */
const CREDIT_TRAILING = new RegExp(
  `[（(]\\s*(?:${CREDIT_KEYS})\\s*[:：]?\\s*[\\u4e00-\\u9fff·\\s、，,]{2,24}[）)]\\s*$`,
  'u',
);

const HAN_NUM = '[一二三四五六七八九十〇零两]';
/** "2 版", "第2版", "A2", "- 3 -", "第二版", "04" — a page label alone on its line. */
const PAGE_NUMBER = new RegExp(
  `^[-—–_·\\s]*(?:第\\s*)?(?:[A-Za-zＡ-Ｚ]?\\s*[0-9０-９]{1,3}|${HAN_NUM}{1,3})\\s*(?:版|页|頁|面)?[-—–_·\\s]*$`,
  'u',
);
/** "A2 要闻", "第3版 综合新闻" — a page label with a section name. */
const PAGE_WITH_SECTION = new RegExp(
  `^(?:第\\s*)?(?:[A-Za-z]?[0-9０-９]{1,3}|${HAN_NUM}{1,3})\\s*(?:版|版面)?\\s*[·・|｜/\\s]*[\\u4e00-\\u9fff]{2,6}$|` +
    `^[\\u4e00-\\u9fff]{2,6}\\s*[·・|｜/\\s]*(?:第\\s*)?(?:[A-Za-z]?[0-9０-９]{1,3}|${HAN_NUM}{1,3})\\s*版$`,
  'u',
);
const DATE =
  /(?:\d{4}|[０-９]{4}|[一二〇零○]{4})\s*年\s*[0-9０-９一二三四五六七八九十]{1,3}\s*月\s*[0-9０-９一二三四五六七八九十]{1,3}\s*日/u;
const MASTHEAD_WORDS =
  /(星期[一二三四五六日天]|週[一二三四五六日]|周[一二三四五六日天]|农历|農曆|总第\s*\d+\s*期|總第\s*\d+\s*期|第\s*\d+\s*期|今日\s*\d+\s*版|今日[一二三四五六七八九十]+版|国内统一连续出版物号|國內統一連續出版物號|邮发代号|郵發代號|CN\s*\d{2}\s*-\s*\d{4}|出版\s*$)/u;
const MASTHEAD_NAME =
  /^[\u4e00-\u9fff]{2,6}(日报|日報|晚报|晚報|时报|時報|商报|商報|青年报|青年報|法制报|法制報|新闻|新聞)$/u;
/** The head of a teaser box ("今日 易读", "导读", "本期看点"). */
const TEASER_HEAD =
  /^(今日\s*(易读|易讀|导读|導讀|看点|看點|要目|关注|關注|提要|提示|推荐|推薦)|本期\s*(导读|導讀|看点|看點)|本报今日导读|導讀|导读|要闻提示|要聞提示|内容提要|內容提要|版面导读|版面導讀|今日\s*[一二三四五六七八九十0-9]+\s*版)[:：]?$/u;
/** A teaser item pointing to a page: "系列举措保障疫情期间群众就医 2版", "详见第三版". */
const PAGE_REF_TAIL = new RegExp(
  `(?:(?:见|見|详见|詳見)?\\s*(?:第\\s*)?(?:[A-Za-z]?\\s*[0-9０-９]{1,3}|${HAN_NUM}{1,3})\\s*版|(?:见|見|详见|詳見)\\s*[A-Z][0-9]{1,2})\\s*$`,
  'u',
);
const AD_WORDS =
  /(提醒您|提醒你|敬请|敬請|热线|熱線|服务电话|服務電話|咨询电话|諮詢電話|订购电话|訂購電話|联系电话|聯繫電話|电话[:：]?\s*\d|電話[:：]?\s*\d|\d{3,4}-\d{7,8}|\b1\d{10}\b|www\.|https?:|\.com\b|\.cn\b|广告|廣告|招商|二维码|二維碼|扫码|掃碼|诚聘|誠聘|招聘|欢迎垂询|歡迎垂詢|欢迎订阅|歡迎訂閱|地址[:：]|优惠|優惠|特价|特價|专卖|專賣|旗舰店|旗艦店)/u;
/** The ad words that only an ad prints: contact numbers and addresses, 广告, 招商, 招聘. */
const AD_CONTACT =
  /(热线|熱線|电话|電話|\d{3,4}-\d{7,8}|1\d{10}|www\.|https?:|\.com|\.cn|广告|廣告|招商|二维码|二維碼|扫码|掃碼|诚聘|誠聘|招聘)/u;
/** An upper-case brand or acronym next to Han text in a short line ("GSPC 提醒您…"). */
const AD_ACRONYM = /(?:^|\s)[A-Z]{3,}(?:\s|$)/u;

/** Furniture cue on a single line, or null. Long prose lines never count, whatever words they contain. */
export function furnitureCue(line: string): FurnitureCue | null {
  const t = line.trim();
  if (!t) return null;
  const width = visualWidth(t);
  const { commas, stops } = innerPunctCount(t);
  const prose = stops > 0 || /[。！？]$/u.test(t);

  const credits = t.match(CREDIT_ANY)?.length ?? 0;
  if (width <= 60 && !prose && (credits >= 2 || (CREDIT_LINE.test(t) && commas === 0))) {
    const key = t.match(CREDIT_ANY)?.[0] ?? '';
    // Two credits ("责任编辑 … 版面编辑 …"), or one long key and a name ("责任编辑 王晶晶"): certain. A short
    // key alone ("编辑 张三") could start a line of text.
    return { kind: 'editor-credit', confidence: credits >= 2 ? 0.97 : key.length >= 4 ? 0.93 : 0.85, cue: key };
  }
  if (width <= 12 && PAGE_NUMBER.test(t)) return { kind: 'page-number', confidence: 0.9, cue: t };
  if (width <= 50 && !prose && commas === 0) {
    if (DATE.test(t) && (MASTHEAD_WORDS.test(t) || /^[\s\d年月日０-９一二三四五六七八九十〇零○]+$/u.test(t))) {
      // A bare date line is furniture only with a weekday or paper name; a dated signature stays in the text.
      if (MASTHEAD_WORDS.test(t)) return { kind: 'masthead', confidence: 0.9, cue: t.match(DATE)?.[0] ?? t };
    }
    const mw = t.match(MASTHEAD_WORDS);
    if (mw) return { kind: 'masthead', confidence: 0.85, cue: mw[0] };
    if (MASTHEAD_NAME.test(t)) return { kind: 'masthead', confidence: 0.7, cue: t };
    if (TEASER_HEAD.test(t)) return { kind: 'teaser', confidence: 0.9, cue: t };
    // "A2 要闻" — but "36万人", the tail of a sentence that lost its 。, has the same shape.
    if (width <= 16 && PAGE_WITH_SECTION.test(t)) return { kind: 'page-number', confidence: 0.65, cue: t };
  }
  if (width <= 40 && !prose) {
    const ad = t.match(AD_WORDS);
    // A phone number, a web address or the words 广告/招商/热线 are an ad's own; 提醒您, 优惠, 地址 … also
    // turn up in notices printed as text.
    if (ad) return { kind: 'ad', confidence: AD_CONTACT.test(ad[0]) ? 0.93 : 0.8, cue: ad[0] };
    if (AD_ACRONYM.test(t) && /[\u4e00-\u9fff]/u.test(t) && commas === 0) {
      return { kind: 'ad', confidence: 0.6, cue: (t.match(AD_ACRONYM)?.[0] ?? '').trim() };
    }
  }
  return null;
}

/** True for a teaser line that ends with the page it points to ("… 2 版"). */
export function endsWithPageRef(line: string): boolean {
  const t = line.trim();
  return visualWidth(t) <= 40 && PAGE_REF_TAIL.test(t) && !/[。！？]/u.test(t);
}

/** Offsets of a bracketed editor credit closing a paragraph ("…。（责任编辑：张三）"), or null. */
export function findTrailingCredit(line: string): { start: number; end: number } | null {
  const m = CREDIT_TRAILING.exec(line);
  if (!m || m.index === 0) return null;
  return { start: m.index, end: m.index + m[0].trimEnd().length };
}
