// Detects the bylines and datelines that open an article: 本报讯（…记者 …）, 新华社北京1月12日电, 记者 … 报道.
//
// Two kinds matter. A dateline (本报讯…, …电) is printed run into the first paragraph, and the reference
// readings keep it there: it is body text that also tells us an article starts. A reporter credit printed
// on a line of its own (本报记者 张三) is a block with the `byline` role.

export type BylineKind = 'dateline' | 'credit';

export interface BylineMatch {
  kind: BylineKind;
  /** UTF-16 end offset of the byline within the text */
  end: number;
  text: string;
}

const NUM = '(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})';
const AGENCY =
  '本报|本報|新华社|新華社|中新社|中新网|中新網|人民网|人民網|新华网|新華網|央视网|央視網|央视新闻|央視新聞|' +
  '光明网|光明網|中国新闻社|中國新聞社|据新华社|據新華社|据本报|據本報';
/** 本报讯 / 本報訊 followed by an optional bracketed credit. */
const BENBAOXUN = /^(?:本报讯|本報訊|本报电|本報電|本报消息|本報消息)\s*(?:[（(][^（）()\n]{1,40}[）)])?/u;
/** 新华社北京1月12日电（记者 张三）, 本报石家庄1月12日讯, 据新华社北京1月12日电. */
const WIRE = new RegExp(
  `^(?:${AGENCY})[^，。,\\s（()）]{0,12}?(?:${NUM}\\s*月\\s*)?${NUM}\\s*日\\s*(?:电|電|讯|訊|消息)\\s*` +
    `(?:[（(][^（）()\\n]{1,40}[）)])?`,
  'u',
);
/** 新华社北京电, 据新华社电: wire copy without a date (agencies only; "本报…电话" is prose). */
const WIRE_UNDATED =
  /^(?:据|據)?(?:新华社|新華社|中新社|中新网|中新網)[^，。,\s（()）]{0,8}?(?:电|電)(?![话話视視力子脑腦影器网網池商站梯缆纜价價费費信台源])\s*(?:[（(][^（）()\n]{1,40}[）)])?/u;
/** 央视网消息, 新华社消息, 本报记者 张三 报道： */
const AGENCY_MESSAGE = new RegExp(`^(?:${AGENCY})\\s*(?:消息|讯|訊)[:：]?`, 'u');
const REPORTER_KEYS =
  '本报记者|本報記者|本报特约记者|本報特約記者|特约记者|特約記者|新华社记者|新華社記者|本报通讯员|本報通訊員|' +
  '通讯员|通訊員|实习生|實習生|首席记者|首席記者|记者|記者|本报评论员|本報評論員|评论员|評論員|文／图|文/图|文/圖|撰文|摄影|攝影';
const NAME = '[\\u4e00-\\u9fff·]{2,5}';
/** "记者 张三 李四 报道：" opening a paragraph. */
const REPORTED = new RegExp(
  `^(?:${REPORTER_KEYS})\\s*${NAME}(?:[\\s、，,]+(?:(?:${REPORTER_KEYS})\\s*)?${NAME}){0,5}\\s*(?:报道|報導|报导)[:：]?`,
  'u',
);
/** A whole line that is only a reporter credit: "本报记者  张三  李四", "□ 本报记者 张三", "本报评论员". */
const CREDIT_ONLY = new RegExp(
  `^[□■●◆◇▲△○\\s]*(?:${REPORTER_KEYS})(?:[\\s:：／/]*${NAME}){0,1}` +
    `(?:[\\s、，,]+(?:(?:${REPORTER_KEYS})[\\s:：／/]*)?${NAME}){0,6}\\s*(?:报道|報導|报导|摄|攝)?$`,
  'u',
);

/** The byline or dateline that opens a paragraph, if any. */
export function bylineAtStart(text: string): BylineMatch | null {
  const t = text;
  for (const re of [BENBAOXUN, WIRE, WIRE_UNDATED, AGENCY_MESSAGE, REPORTED]) {
    const m = re.exec(t);
    if (m && m[0].length >= 3) return { kind: 'dateline', end: m[0].length, text: m[0] };
  }
  return null;
}

/** True when the whole line is a reporter credit printed apart from the text (role `byline`). */
export function isCreditLine(text: string): boolean {
  const t = text.trim();
  if (t.length > 40 || /[。！？]/u.test(t)) return false;
  if (/^(?:本报讯|本報訊)/u.test(t)) return false;
  return CREDIT_ONLY.test(t);
}

/** True when the whole line is only a dateline (it belongs at the start of the next paragraph). */
export function isDatelineOnly(text: string): boolean {
  const t = text.trim();
  const m = bylineAtStart(t);
  return m !== null && m.end >= t.length - 1;
}
