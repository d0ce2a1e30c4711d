// Test and calibration helper: random newspaper pages built from articles, with the reading they should
// give (the seed-truth format), so the engine's decisions on them can be checked one by one.
//
// A page is a masthead, perhaps a continuation from another page, one to six articles and some furniture
// (ads, a teaser box, an editor credit). Each article has a headline stack in one of the shapes papers use
// (kicker / headline / subtitle lines, a run-together line, # markers), a dateline or a reporter credit,
// paragraphs, perhaps a caption, a closing attendance line and a jump marker. The text is then laid out
// the ways OCR hands it over: paragraph per line with column breaks cutting paragraphs at the column's
// capacity (blank lines between fragments, as in the seeds), or line by line at a fixed width, with or
// without paragraph indents; half-width punctuation and CRLF now and then. Sometimes a headline is put
// after its article's first paragraphs, as OCR reading order does. The breakage is this generator's idea;
// the seeds and the fixtures are the real thing.
import type { Reading } from './reading';

type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const SURNAMES =
  '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰国庆建新志红文斌宇浩凯健俊帆鹏辉林峰晶婷雪琳立东海波';
const PLACES = [
  '石家庄市',
  '保定市',
  '裕华区',
  '新华区',
  '东平县',
  '苏州',
  '无锡',
  '滨江区',
  '南门街道',
  '长安区',
  '正定县',
  '高新区',
  '开发区',
  '沿江镇',
];
const ORGS = [
  '市政府',
  '省政府',
  '市卫健委',
  '市交通运输局',
  '市教育局',
  '市医保局',
  '市商务局',
  '市林业局',
  '省应急管理厅',
  '市农业农村局',
  '市住建局',
  '市生态环境局',
  '市文旅局',
  '省发展改革委',
];
const TOPICS = [
  '安全生产',
  '防汛抗旱',
  '核酸检测',
  '农村公路建设',
  '医疗保障',
  '消费市场',
  '植树造林',
  '营商环境',
  '乡村振兴',
  '文物保护',
  '垃圾分类',
  '老旧小区改造',
  '高校毕业生就业',
  '春耕备耕',
  '夏粮收购',
  '疫情防控',
  '生态环境治理',
  '社区网格管理',
  '冬季供暖',
  '食品安全',
];
const PAPERS = ['河北日报', '滨江日报', '人民日报', '石家庄日报', '燕赵晚报', '江南时报'];
const BRANDS = ['美佳家电 以旧换新', '华信银行 您身边的好银行', '石药集团 恩必普药业', '百年老店 品质保证'];

const name = (r: Rand): string =>
  pick(r, Array.from(SURNAMES)) + Array.from({ length: int(r, 1, 2) }, () => pick(r, Array.from(GIVEN))).join('');
const han = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

interface Head {
  kicker?: string;
  headline: string;
  subtitle?: string;
  /** the phrases of the headline, repeated in the article's first paragraph */
  phrases: string[];
}

/** Four-character objects and two- or four-character verbs, so that parallel slogan parts match in length. */
const OBJECTS4 = [
  '安全生产',
  '防汛抗旱',
  '核酸检测',
  '医疗保障',
  '消费市场',
  '植树造林',
  '营商环境',
  '乡村振兴',
  '文物保护',
  '垃圾分类',
  '春耕备耕',
  '夏粮收购',
  '疫情防控',
  '冬季供暖',
  '食品安全',
  '服务保障',
  '民生实事',
  '风险隐患',
];
const VERBS2 = ['强化', '压实', '做好', '抓实', '优化', '筑牢', '守好', '提升'];
const VERBS4 = ['全面落实', '扎实推进', '精准做好', '持续优化', '加快推动', '坚决打好', '统筹做好', '用心用情'];

/** Two (or two plus a longer third) slogan parts of the same shape: the 对仗 of a main headline. */
function slogan(r: Rand, topic: string): string[] {
  const long = r() < 0.5;
  const part = (obj: string): string => (long ? pick(r, VERBS4) : pick(r, VERBS2)) + obj;
  const a = part(OBJECTS4.includes(topic) ? topic : pick(r, OBJECTS4));
  const b = part(pick(r, OBJECTS4));
  const parts = [a, b];
  if (r() < 0.4)
    parts.push(
      `${pick(r, VERBS4)}${pick(r, ['打赢', '推动', '开展', '做好'])}${topic}${pick(r, ['攻坚战', '各项工作', '人民战争', '高质量发展'])}`,
    );
  return parts;
}

/** A headline stack in one of the usual shapes. */
function makeHead(r: Rand, topic: string, person: string, place: string, org: string): Head {
  // Main headline: parallel slogan parts, or one statement.
  let phrases: string[];
  const shape = r();
  if (shape < 0.45) phrases = slogan(r, topic);
  else if (shape < 0.9)
    phrases = [
      pick(r, [
        `${place}${topic}取得新进展`,
        `${org}部署${topic}工作`,
        `全市${topic}全面展开`,
        `${topic}按下快进键`,
        `“${topic}”点亮城市烟火气`,
        `今年将新建改建${topic}项目${int(r, 2, 90)}个`,
        `小小网格员 守护大民生`,
      ]),
    ];
  else {
    // An event as the main headline, with a longer subtitle (seed 003's third article).
    const head: Head = {
      headline: `${person}主持召开${org}${topic}工作会议`,
      phrases: [`${person}主持召开${org}${topic}工作会议`],
      subtitle: `检查调度${place}等重点区域${topic}工作`,
    };
    return head;
  }
  const head: Head = { headline: phrases.join(' '), phrases };
  const k = r();
  if (k < 0.25)
    head.kicker = pick(r, [
      `${person}在${place}调研时强调`,
      `${person}主持召开${topic}工作会议强调`,
      `${org}举行新闻发布会介绍`,
      `${person}在${place}检查时指出`,
    ]);
  else if (k < 0.38)
    head.kicker = pick(r, [`${person}在${place}检查${topic}工作`, `${person}到${place}调研${topic}工作`]);
  else if (k < 0.46) head.kicker = pick(r, [`${org}召开${topic}工作会议`, `${org}举行${topic}工作推进会`]);
  else if (k < 0.54)
    head.kicker = pick(r, ['聚焦一线', '新华时评', `${topic}观察`, `${org.slice(1)}提醒`, '记者手记', '民生关注']);
  const s = r();
  if (s < 0.2)
    head.subtitle = pick(r, [`${name(r)}${name(r)}参加`, `${name(r)}主持会议并讲话`, `${name(r)}出席并讲话`]);
  else if (s < 0.28)
    head.subtitle = `——${place}${pick(r, ['多措并举保障群众需求', '推进各项工作有序开展', '着力解决群众急难愁盼问题'])}`;
  else if (s < 0.36)
    head.subtitle = pick(r, [`${org}已下达专项资金${int(r, 2, 200)}亿元`, `专家建议${pick(r, TOPICS)}要久久为功`]);
  return head;
}

type Filler = (r: Rand, topic: string, org: string, place: string, person: string) => string;
const FILLERS: Filler[] = [
  (_r, t, o) => `${o}有关负责人介绍，今年将重点做好${t}工作，确保各项措施落到实处。`,
  (_r, t) => `会议指出，当前${t}正处于关键时期，各级各部门要提高政治站位，压实工作责任，坚决防止出现工作断档。`,
  (r, t, _o, p) => `据了解，${p}已完成${t}任务的${pick(r, ['六成', '七成', '八成'])}，其中重点项目全部提前开工。`,
  (_r, t, _o, _p, n) => `“${t}事关群众切身利益，一刻也不能放松。”${n}说。`,
  (_r, t) => `要坚持问题导向，聚焦${t}中的薄弱环节，强化工作举措，优化工作流程，狠抓末端落实，全面提高工作质量和效率。`,
  (_r, t, _o, p, n) => `${n}先后来到${p}、开发区等地，实地察看${t}情况，听取有关工作汇报，与基层干部群众深入交流。`,
  (_r, t) => `会议提出三点要求。一要加强组织领导。二要强化督导检查，确保${t}各项任务按时完成。三要做好宣传引导。`,
  (_r, t) => `要严格落实属地责任、部门责任和单位主体责任，对${t}中发现的问题建立清单，逐项整改销号，做到不留死角。`,
  (_r, t, o) => `${o}将继续加大投入力度，完善配套政策，推动${t}提质增效，让群众有更多获得感、幸福感、安全感。`,
  (_r, t) => `近年来，各地持续推进${t}，一批重点项目相继建成投用，群众满意度明显提升，为经济社会发展提供了有力支撑。`,
  (_r, t, _o, p) => `在${p}，记者看到，工作人员正在有序开展${t}相关工作，现场秩序井然，群众积极配合。`,
  (_r, t) => `专家认为，${t}是一项系统工程，要在保护中发展、在发展中保护，统筹好当前和长远的关系，久久为功、持之以恒。`,
  (_r, t, _o, _p, n) => `${n}指出，${t}工作点多面广、贴近群众，要坚持以人民为中心的发展思想，耐心细致做好群众工作。`,
  (r, t) =>
    `截至目前，全市累计投入资金${int(r, 2, 99)}亿元，完成${t}项目${int(r, 10, 400)}个，受益群众超过${int(r, 2, 90)}万人。`,
  (_r, t, o) => `${o}相关负责人表示，下一步将密切关注形势变化，及早制定${t}应急预案，全力以赴确保工作平稳有序。`,
  (_r, t, _o, p) => `“以前一到这个季节就发愁，现在${t}做好了，心里踏实多了。”家住${p}的居民说。`,
  (_r, t) => `各地要加强统筹协调，建立健全${t}长效机制，做到守土有责、守土负责、守土尽责。`,
  (_r, t, o) => `据统计，今年以来${o}共开展${t}专项检查${'三'}轮，发现并整改问题一千二百余个。`,
];
const ITEM_ENDS = [
  '及时发布相关信息，引导群众合理安排。',
  '切实防止出现“卖粮难”。',
  '推广预约办理、上门服务等方式，让群众少跑腿。',
  '确保各项工作落到实处。',
];

interface Para {
  text: string;
  role: 'body' | 'byline' | 'caption';
  /** a dateline printed on a line of its own before this paragraph (part of it in the reading) */
  datelineLine?: string;
  /** a jump marker printed right after this paragraph's text */
  jump?: string;
}

interface Article {
  head?: Head;
  /** where the head is printed: 0 = before the paragraphs, k = after the k-th paragraph (OCR order) */
  headAt: number;
  headMd: boolean;
  runTogether: boolean;
  /** a continued-from marker under the headline (上接第一版) */
  fromMarker?: string;
  paras: Para[];
  /** a continued-on marker on a line of its own after the article */
  jumpLine?: string;
}

/** The sentences of one article: each filler at most once, as a real article does not repeat itself. */
function sentences(r: Rand, topic: string, org: string, place: string, person: string): () => string {
  const pool = [...FILLERS];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as Filler, pool[i] as Filler];
  }
  return () => pool.pop()?.(r, topic, org, place, person) ?? '';
}

function makeArticle(r: Rand, first: boolean): Article {
  const topic = pick(r, TOPICS);
  const person = name(r);
  const place = pick(r, PLACES);
  const org = pick(r, ORGS);
  const a: Article = { headAt: 0, headMd: false, runTogether: false, paras: [] };
  const sentence = sentences(r, topic, org, place, person);
  const noHead = first && r() < 0.2;
  if (!noHead) a.head = makeHead(r, topic, person, place, org);
  // First paragraph: a dateline run in, a dateline line of its own, a reporter credit line, or nothing.
  const hp = a.head?.phrases ?? [topic];
  const opening = `${int(r, 1, 12)}月${int(r, 1, 28)}日，${org}召开${topic}工作会议，要求${hp.join('，')}，${person}出席会议并讲话。`;
  const d = r();
  // A headline over a continued-from marker (上接第一版): the text goes on mid-paragraph.
  if (a.head && r() < 0.06) a.fromMarker = pick(r, ['（上接第一版）', '(上接第1版)', '【紧接A1版】']);
  if (noHead || a.fromMarker) {
    // A continuation from another page starts mid-paragraph.
    a.paras.push({ text: sentence().slice(int(r, 2, 8)), role: 'body' });
  } else if (d < 0.55) {
    a.paras.push({ text: `本报讯（记者 ${name(r)}）${opening}`, role: 'body' });
  } else if (d < 0.68) {
    a.paras.push({
      text: `新华社${pick(r, ['北京', '南京', '上海'])}${int(r, 1, 12)}月${int(r, 1, 28)}日电（记者 ${name(r)}）${opening}`,
      role: 'body',
    });
  } else if (d < 0.76) {
    const line = `新华社${pick(r, ['北京', '南京', '上海'])}${int(r, 1, 12)}月${int(r, 1, 28)}日电`;
    a.paras.push({ text: `${line}（记者 ${name(r)}）${opening}`, role: 'body', datelineLine: line });
  } else if (d < 0.86) {
    a.paras.push({ text: `本报记者 ${name(r)}${r() < 0.5 ? ` 通讯员 ${name(r)}` : ''}`, role: 'byline' });
    a.paras.push({ text: opening, role: 'body' });
  } else {
    a.paras.push({ text: opening, role: 'body' });
  }
  const n = int(r, 1, 5);
  for (let i = 0; i < n; i++) {
    const k = int(r, 1, 4);
    let t = '';
    for (let j = 0; j < k; j++) t += sentence();
    if (!t) break;
    // Now and then a paragraph ends without punctuation (OCR lost it, or a list line).
    if (r() < 0.02) t = t.replace(/。$/u, '');
    a.paras.push({ text: t, role: 'body' });
  }
  if (r() < 0.12) {
    a.paras.push({ text: `${org}有关负责人表示，今年将重点做好以下工作：`, role: 'body' });
    const m = int(r, 2, 3);
    for (let i = 0; i < m; i++)
      a.paras.push({
        text: `${han[i]}、${pick(r, VERBS4)}${pick(r, OBJECTS4)}，${pick(r, ITEM_ENDS)}`,
        role: 'body',
      });
  }
  // A photo caption somewhere after the first paragraph.
  if (r() < 0.1)
    a.paras.splice(int(r, 1, a.paras.length), 0, {
      text: `图为${int(r, 1, 12)}月${int(r, 1, 28)}日，工作人员在${place}开展${topic}工作。${pick(r, ['新华社记者', '本报记者'])} ${name(r)} 摄`,
      role: 'caption',
    });
  if (r() < 0.25)
    a.paras.push({
      text: `${pick(r, ['省领导', '市领导', '副省长'])}${name(r)}、${name(r)}参加${pick(r, ['调研', '会议', '检查'])}。`,
      role: 'body',
    });
  // A continued-on marker: closing the last paragraph, or on a line of its own.
  if (!noHead && r() < 0.25) {
    const marker = pick(r, ['（下转第二版）', '（下转第四版）', '(下转 04 版)', '（转A3版）', '（下转第十二版）']);
    const last = a.paras[a.paras.length - 1];
    if (r() < 0.5 && last?.role === 'body') last.jump = marker;
    else a.jumpLine = r() < 0.15 ? '下转第3版' : marker;
  }
  // OCR reading order: a headline found after its article's first paragraphs (only under a dateline).
  const bodies = a.paras.filter((p) => p.role === 'body').length;
  if (a.head && a.paras[0]?.text.startsWith('本报讯') && bodies >= 3 && r() < 0.08) a.headAt = int(r, 1, 2);
  a.runTogether = a.head !== undefined && r() < 0.15;
  return a;
}

export interface TruthPage {
  text: string;
  truth: Reading;
  /** how the page was laid out, for reports */
  style: string;
}

/** One random page and its reading. */
export function randomArticlePage(r: Rand): TruthPage {
  const mode = pick(r, ['chunks', 'chunks', 'markdown', 'lines', 'indented'] as const);
  const markdown = mode === 'markdown';
  const halfWidth = markdown ? r() < 0.7 : r() < 0.05;
  const truth: Reading = { articles: [], removed: [] };
  /** fragments as printed: text, and whether a blank line goes before it */
  const out: { text: string; blank: boolean }[] = [];
  const width = mode === 'lines' || mode === 'indented' ? int(r, 12, 24) : int(r, 10, 22);
  const height = int(r, 4, 14);
  let used = 0; // lines used in the current column (chunk modes)
  const hw = (s: string): string =>
    halfWidth
      ? s.replace(/，/gu, ',').replace(/（/gu, '(').replace(/）/gu, ')').replace(/：/gu, ':').replace(/；/gu, ';')
      : s;
  const emitLine = (text: string, blank = mode === 'chunks' || mode === 'markdown'): void => {
    out.push({ text, blank });
  };
  const furniture = (text: string, role: 'furniture' | 'jump' = 'furniture'): void => {
    truth.removed.push({ role, text });
    for (const line of text.split('\n')) emitLine(line);
  };
  const NO_START = new Set(Array.from('，。、；：？！）》」』”,.;:?!)'));
  const NO_END = new Set(Array.from('（《「『“(【'));
  /** Lays a paragraph out; returns nothing, records the fragments. */
  const layPara = (text: string, indent: boolean, tail?: string): void => {
    const chars = Array.from(text + (tail ?? ''));
    const tailAt = Array.from(text).length;
    /** Where a line or column really ends near `end`: no closing mark starts a line, no opening mark ends
     * one, and a jump marker is not cut. */
    const cut = (pos: number, end: number): number => {
      let e = end;
      while (e < chars.length && NO_START.has(chars[e] ?? '')) e++;
      if (e < chars.length && e - 1 > pos && NO_END.has(chars[e - 1] ?? '')) e--;
      if (tail && e > tailAt && e < chars.length) e = tailAt > pos ? tailAt : chars.length;
      return e;
    };
    if (mode === 'lines' || mode === 'indented') {
      let pos = 0;
      let firstLine = true;
      while (pos < chars.length) {
        const end = cut(pos, Math.min(chars.length, pos + width - (indent && firstLine ? 2 : 0)));
        emitLine((indent && firstLine ? '　　' : '') + chars.slice(pos, end).join(''), false);
        pos = end;
        firstLine = false;
      }
      return;
    }
    // Chunks: a paragraph is one fragment unless a column ends inside it.
    let pos = 0;
    let blank = true;
    while (pos < chars.length) {
      const room = (height - used) * width;
      const left = chars.length - pos;
      if (left <= room) {
        emitLine(chars.slice(pos).join(''), blank);
        used += Math.ceil(left / width);
        if (used >= height) used = 0;
        return;
      }
      const end = cut(pos, pos + room);
      emitLine(chars.slice(pos, end).join(''), blank);
      pos = end;
      used = 0;
      // Most column breaks are blank lines in the OCR; some pages run the columns together.
      blank = true;
    }
  };
  const layHead = (a: Article, head: Head): Reading['articles'][number]['blocks'] => {
    const blocks: Reading['articles'][number]['blocks'] = [];
    const md = a.headMd;
    if (head.kicker) blocks.push({ role: 'kicker', text: head.kicker });
    blocks.push({ role: 'headline', text: head.headline });
    if (head.subtitle) blocks.push({ role: 'subtitle', text: head.subtitle });
    if (a.runTogether && !md) {
      emitLine(blocks.map((b) => b.text).join(' '));
    } else {
      for (const b of blocks) {
        const mark = !md ? '' : b.role === 'headline' ? '# ' : '## ';
        emitLine(mark + b.text);
      }
    }
    if (mode === 'chunks' || mode === 'markdown') used = r() < 0.7 ? 0 : used;
    return blocks;
  };

  // Masthead.
  if (r() < 0.35) {
    const paper = pick(r, PAPERS);
    const date = `${int(r, 2019, 2024)}年${int(r, 1, 12)}月${int(r, 1, 28)}日 星期${pick(r, Array.from('一二三四五六日'))}`;
    if (r() < 0.5) furniture(`${paper} ${date}`);
    else {
      furniture(paper);
      furniture(date);
      furniture(`第${int(r, 1, 12)}版`);
    }
  }
  const count = int(r, 1, 6);
  for (let ai = 0; ai < count; ai++) {
    const a = makeArticle(r, ai === 0);
    a.headMd = markdown && a.head !== undefined && r() < 0.85;
    const blocks: Reading['articles'][number]['blocks'] = [];
    const indent = mode === 'indented';
    if (!a.head && r() < 0.8) furniture(pick(r, ['（上接第一版）', '(上接第1版)', '（上接04版）']), 'jump');
    if (a.head && a.headAt === 0) blocks.push(...layHead(a, a.head));
    if (a.fromMarker) furniture(a.fromMarker, 'jump');
    let bodySeen = 0;
    a.paras.forEach((p) => {
      if (p.role === 'byline' || p.role === 'caption') {
        emitLine(p.text);
        blocks.push({ role: p.role, text: p.text });
        return;
      }
      if (p.datelineLine) {
        emitLine(p.datelineLine);
        layPara(hw(p.text.slice(p.datelineLine.length)), indent, p.jump);
      } else layPara(hw(p.text), indent, p.jump);
      blocks.push({ role: 'body', text: hw(p.text) });
      if (p.jump) truth.removed.push({ role: 'jump', text: p.jump });
      bodySeen++;
      if (a.head && a.headAt === bodySeen) {
        // The head belongs first in the reading.
        layHead(a, a.head).forEach((b, k) => blocks.splice(k, 0, b));
      }
    });
    truth.articles.push({ blocks });
    if (a.jumpLine) furniture(a.jumpLine, 'jump');
    // Furniture between articles.
    const f = r();
    if (f < 0.08) furniture(`${pick(r, BRANDS)}\n服务热线：400-${int(r, 100, 999)}-${int(r, 1000, 9999)}`);
    else if (f < 0.12) furniture(`今日 易读\n${pick(r, TOPICS)}有新进展 ${int(r, 2, 8)}版`);
  }
  if (r() < 0.6) furniture(`责任编辑 ${name(r)} 版面编辑 ${name(r)}`);
  // Text: blank lines between fragments (or not), CRLF now and then.
  const nl = r() < 0.15 ? '\r\n' : '\n';
  let text = '';
  out.forEach((f, i) => {
    if (i > 0) text += f.blank ? nl + nl : nl;
    text += f.text;
  });
  return { text: text + nl, truth, style: `${mode}${halfWidth ? '+half' : ''}` };
}
