// repairPage with a threshold and human decisions: each kind of suggestion, accepted or rejected, changes
// the reading as documented in src/shared/repair/assemble.ts, the suggestion list never changes, and the
// page's text is kept whatever is decided.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  repairPage,
  type RepairOptions,
  type RepairResult,
  type Suggestion,
  type SuggestionDecision,
  type SuggestionKind,
} from '../../../src/shared/repair';
import { SEEDS_DIR } from '../../helpers/tmp';
import { randomPage, rng } from './random-pages';
import { fixtureNames, loadFixture } from './reading';

type Decisions = Record<string, SuggestionDecision>;

/** Each article as "role:text" lines. */
const view = (r: RepairResult): string[][] => r.articles.map((a) => a.blocks.map((b) => `${b.role}:${b.text}`));
const removedView = (r: RepairResult): string[] => r.removed.map((x) => `${x.role}:${x.text}`);

function only(r: RepairResult, kind: SuggestionKind, pred: (s: Suggestion) => boolean = () => true): Suggestion {
  const found = r.suggestions.filter((s) => s.kind === kind && pred(s));
  expect(found, `${kind} suggestions`).toHaveLength(1);
  const [s] = found;
  if (!s) throw new Error(`no ${kind} suggestion`);
  return s;
}

const appliedOf = (r: RepairResult, id: string): boolean | undefined => r.suggestions.find((s) => s.id === id)?.applied;

/** Everything of a suggestion except whether it is applied. */
const listOf = (r: RepairResult): Omit<Suggestion, 'applied'>[] =>
  r.suggestions.map(({ applied: _applied, ...rest }) => rest);

const seedPages = (): { name: string; text: string }[] =>
  readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(SEEDS_DIR, f), 'utf8') }));

const allPages = (): { name: string; text: string }[] => [
  ...seedPages(),
  ...fixtureNames().map((n) => ({ name: n, text: loadFixture(n).text })),
];

const isOcr = (s: Suggestion): boolean => s.kind === 'ocr-latin' || s.kind === 'ocr-doubled';

/** The applied state the options ask for, before any interaction between suggestions. */
function expectedApplied(s: Suggestion, o: RepairOptions): boolean {
  const d = o.decisions?.[s.id];
  if (d) return d === 'accepted';
  if (isOcr(s)) return false;
  if (s.kind === 'normalize-punctuation') return o.normalizePunctuation === true;
  return s.confidence >= (o.threshold ?? 0.5);
}

/** Full-width marks punctuation normalization writes, folded back to the half-width ones it replaces. */
const FOLD: Record<string, string> = {
  '，': ',',
  '；': ';',
  '：': ':',
  '？': '?',
  '！': '!',
  '。': '.',
  '（': '(',
  '）': ')',
  '“': '"',
  '”': '"',
};
function chars(texts: string[], fold: boolean): string[] {
  const all = Array.from(texts.join('').replace(/\s+/gu, '')).filter((c) => c !== '#');
  return (fold ? all.map((c) => FOLD[c] ?? c) : all).sort();
}
const outputTexts = (r: RepairResult): string[] => [
  ...r.articles.flatMap((a) => a.blocks.map((b) => b.text)),
  ...r.removed.map((x) => x.text),
];

/**
 * Text preservation: every non-whitespace character of the input once in blocks + removed (# markers
 * aside; marks compared up to width when punctuation was normalized). With an accepted OCR suspect the
 * output may only lose characters.
 */
function expectKept(text: string, r: RepairResult): void {
  const ocrAccepted = r.suggestions.some((s) => isOcr(s) && s.applied);
  const fold = r.suggestions.some((s) => s.kind === 'normalize-punctuation' && s.applied);
  const input = chars([text], fold);
  const output = chars(outputTexts(r), fold);
  if (!ocrAccepted) {
    expect(output.join('')).toBe(input.join(''));
    return;
  }
  // A sub-multiset of the input.
  const left = new Map<string, number>();
  for (const c of input) left.set(c, (left.get(c) ?? 0) + 1);
  for (const c of output) {
    const n = left.get(c) ?? 0;
    expect(n, `extra ${c}`).toBeGreaterThan(0);
    left.set(c, n - 1);
  }
  expect(output.length).toBeLessThan(input.length);
}

function randomDecisions(r: () => number, suggestions: readonly Suggestion[], ocr: boolean): Decisions {
  const out: Decisions = {};
  for (const s of suggestions) {
    if (isOcr(s) && !ocr) continue;
    const x = r();
    if (x < 0.3) out[s.id] = 'accepted';
    else if (x < 0.6) out[s.id] = 'rejected';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

/** Two articles, a bare jump marker (0.93), a credit line (0.93), a column break (merge 0.891). */
const TWO_ARTICLES = [
  '# 市政府召开常务会议',
  '本报讯（记者 张三）昨日，市政府召开常务会议，研究部署夏季安全生产工作。会议指出，当前我省安全生产形势总体平稳，但',
  '各地仍要压实责任，落实各项防范措施。',
  '下转第3版',
  '# 农民抢收小麦',
  '本报讯（记者 李四）连日来，全省各地农民抓住晴好天气抢收小麦。',
  '责任编辑 王晶晶',
].join('\n\n');
const P1 =
  '本报讯（记者 张三）昨日，市政府召开常务会议，研究部署夏季安全生产工作。会议指出，当前我省安全生产形势总体平稳，但';
const P2 = '各地仍要压实责任，落实各项防范措施。';

describe('merge', () => {
  const base = repairPage(TWO_ARTICLES);
  const merge = only(base, 'merge');

  it('keeps the fragments apart when an applied merge is rejected', () => {
    expect(merge.applied).toBe(true);
    expect(view(base)[0]).toEqual(['headline:市政府召开常务会议', `body:${P1}${P2}`]);
    const r = repairPage(TWO_ARTICLES, { decisions: { [merge.id]: 'rejected' } });
    expect(view(r)[0]).toEqual(['headline:市政府召开常务会议', `body:${P1}`, `body:${P2}`]);
    expect(appliedOf(r, merge.id)).toBe(false);
  });

  it('joins them when a pending merge is accepted', () => {
    const pending = repairPage(TWO_ARTICLES, { threshold: 0.9 });
    expect(appliedOf(pending, merge.id)).toBe(false);
    expect(view(pending)[0]).toContain(`body:${P2}`);
    const r = repairPage(TWO_ARTICLES, { threshold: 0.9, decisions: { [merge.id]: 'accepted' } });
    expect(view(r)[0]).toContain(`body:${P1}${P2}`);
    expect(appliedOf(r, merge.id)).toBe(true);
  });

  it('joins a merge the engine offered below 0.5 once it is accepted', () => {
    const { text } = loadFixture('xinhua_wire_crlf');
    const r0 = repairPage(text);
    const low = r0.suggestions.find((s) => s.kind === 'merge' && !s.applied);
    if (!low) throw new Error('xinhua_wire_crlf has no pending merge');
    expect(low.confidence).toBeGreaterThanOrEqual(0.2);
    const [a, b] = low.target.fragments;
    const sourcesOf = (r: RepairResult): number[][] => r.articles.flatMap((x) => x.blocks.map((bl) => bl.sources));
    expect(sourcesOf(r0).some((s) => s.includes(a ?? -1) && s.includes(b ?? -1))).toBe(false);
    const r1 = repairPage(text, { decisions: { [low.id]: 'accepted' } });
    expect(sourcesOf(r1).some((s) => s.includes(a ?? -1) && s.includes(b ?? -1))).toBe(true);
    expect(sourcesOf(r1)).toHaveLength(sourcesOf(r0).length - 1);
  });
});

describe('mark-jump', () => {
  const base = repairPage(TWO_ARTICLES);
  const jump = only(base, 'mark-jump');

  it('keeps a rejected continued-on marker as a body block after the text it closes', () => {
    expect(removedView(base)).toContain('jump:下转第3版');
    const r = repairPage(TWO_ARTICLES, { decisions: { [jump.id]: 'rejected' } });
    expect(removedView(r)).not.toContain('jump:下转第3版');
    expect(view(r)[0]?.at(-1)).toBe('body:下转第3版');
    expect(view(r)).toHaveLength(2);
    expect(appliedOf(r, jump.id)).toBe(false);
  });

  it('removes a pending marker once it is accepted', () => {
    const pending = repairPage(TWO_ARTICLES, { threshold: 0.95 });
    expect(jump.confidence).toBeLessThan(0.95);
    expect(view(pending).flat()).toContain('body:下转第3版');
    const r = repairPage(TWO_ARTICLES, { threshold: 0.95, decisions: { [jump.id]: 'accepted' } });
    expect(removedView(r)).toEqual(['jump:下转第3版']);
    expect(view(r).flat()).not.toContain('body:下转第3版');
  });

  it('puts a rejected continued-from marker at the head of the text it introduces', () => {
    const text = [
      '# 市政府召开常务会议',
      '本报讯（记者 张三）昨日，市政府召开常务会议，研究部署夏季安全生产工作。',
      '(上接第1版)',
      '各地仍要压实责任，落实各项防范措施。',
    ].join('\n\n');
    const r0 = repairPage(text);
    const j = only(r0, 'mark-jump');
    expect(view(r0)[1]).toEqual([`body:${P2}`]);
    const r = repairPage(text, { decisions: { [j.id]: 'rejected' } });
    expect(view(r)[1]).toEqual(['body:(上接第1版)', `body:${P2}`]);
    expect(r.removed).toEqual([]);
  });
});

describe('mark-furniture', () => {
  it('keeps a rejected box as body text at its page position', () => {
    const base = repairPage(TWO_ARTICLES);
    const f = only(base, 'mark-furniture');
    expect(removedView(base)).toContain('furniture:责任编辑 王晶晶');
    const r = repairPage(TWO_ARTICLES, { decisions: { [f.id]: 'rejected' } });
    expect(view(r)[1]?.at(-1)).toBe('body:责任编辑 王晶晶');
    expect(removedView(r)).toEqual(['jump:下转第3版']);
    // Pending under 0.95, accepted back.
    const pending = repairPage(TWO_ARTICLES, { threshold: 0.95 });
    expect(view(pending).flat()).toContain('body:责任编辑 王晶晶');
    const acc = repairPage(TWO_ARTICLES, { threshold: 0.95, decisions: { [f.id]: 'accepted' } });
    expect(removedView(acc)).toEqual(['furniture:责任编辑 王晶晶']);
  });

  it('puts a rejected ad printed inside a paragraph after that paragraph, or between its halves', () => {
    const text = ['# 市政府召开常务会议', P1, 'GSPC 提醒您关注身体健康', P2].join('\n\n');
    const base = repairPage(text);
    const f = only(base, 'mark-furniture');
    const m = only(base, 'merge');
    expect(view(base)[0]).toEqual(['headline:市政府召开常务会议', `body:${P1}${P2}`]);
    const r = repairPage(text, { decisions: { [f.id]: 'rejected' } });
    expect(view(r)[0]).toEqual(['headline:市政府召开常务会议', `body:${P1}${P2}`, 'body:GSPC 提醒您关注身体健康']);
    const r2 = repairPage(text, { decisions: { [f.id]: 'rejected', [m.id]: 'rejected' } });
    expect(view(r2)[0]).toEqual([
      'headline:市政府召开常务会议',
      `body:${P1}`,
      'body:GSPC 提醒您关注身体健康',
      `body:${P2}`,
    ]);
  });

  it('gives a page of furniture only an article when its box is rejected', () => {
    const r0 = repairPage('责任编辑 王晶晶\n');
    expect(r0.articles).toEqual([]);
    const f = only(r0, 'mark-furniture');
    const r = repairPage('责任编辑 王晶晶\n', { decisions: { [f.id]: 'rejected' } });
    expect(view(r)).toEqual([['body:责任编辑 王晶晶']]);
    expect(r.removed).toEqual([]);
  });
});

describe('set-role', () => {
  const STACK = [
    '王东峰在石家庄市调研检查时强调',
    '强化执行力 全面抓落实 扎扎实实做好检测流调隔离工作',
    '许勤参加调研',
    '本报讯（记者 张三）5月19日，省委书记王东峰在石家庄市调研检查疫情防控工作。',
    '图为5月19日，农民在麦田里收获小麦。新华社记者 李安 摄',
  ].join('\n\n');
  const KICKER = '王东峰在石家庄市调研检查时强调';
  const HEAD = '强化执行力 全面抓落实 扎扎实实做好检测流调隔离工作';
  const CAPTION = '图为5月19日，农民在麦田里收获小麦。新华社记者 李安 摄';
  const base = repairPage(STACK);
  const role = (r: string): Suggestion => only(base, 'set-role', (s) => s.target.role === r);
  const BODY = 'body:本报讯（记者 张三）5月19日，省委书记王东峰在石家庄市调研检查疫情防控工作。';

  it('reads the stack and the caption as the engine proposes by default', () => {
    expect(view(base)).toEqual([
      [`kicker:${KICKER}`, `headline:${HEAD}`, 'subtitle:许勤参加调研', BODY, `caption:${CAPTION}`],
    ]);
  });

  it('makes a rejected caption body text and an accepted pending one a caption again', () => {
    const cap = role('caption');
    const r = repairPage(STACK, { decisions: { [cap.id]: 'rejected' } });
    expect(view(r)[0]?.at(-1)).toBe(`body:${CAPTION}`);
    expect(cap.confidence).toBe(0.95);
    expect(view(repairPage(STACK, { threshold: 0.96 }))[0]?.at(-1)).toBe(`body:${CAPTION}`);
    const acc = repairPage(STACK, { threshold: 0.96, decisions: { [cap.id]: 'accepted' } });
    expect(view(acc)[0]?.at(-1)).toBe(`caption:${CAPTION}`);
  });

  it('reads a rejected kicker or subtitle line as part of the main headline', () => {
    const r = repairPage(STACK, { decisions: { [role('kicker').id]: 'rejected', [role('subtitle').id]: 'rejected' } });
    expect(view(r)[0]?.slice(0, 3)).toEqual([`headline:${KICKER}`, `headline:${HEAD}`, 'headline:许勤参加调研']);
  });

  it('makes a rejected main headline body text, and unapplied kickers and subtitles with it', () => {
    const h = role('headline');
    const r = repairPage(STACK, { decisions: { [h.id]: 'rejected' } });
    expect(view(r)[0]?.slice(0, 3)).toEqual([`kicker:${KICKER}`, `body:${HEAD}`, 'subtitle:许勤参加调研']);
    // Under 0.98 nothing of the plain stack is applied: all body; accepting the headline brings the others
    // along as headline lines until they are accepted too.
    const pending = repairPage(STACK, { threshold: 0.98 });
    expect(view(pending)[0]?.slice(0, 3)).toEqual([`body:${KICKER}`, `body:${HEAD}`, 'body:许勤参加调研']);
    const acc = repairPage(STACK, { threshold: 0.98, decisions: { [h.id]: 'accepted' } });
    expect(view(acc)[0]?.slice(0, 3)).toEqual([`headline:${KICKER}`, `headline:${HEAD}`, 'headline:许勤参加调研']);
    const all = repairPage(STACK, {
      threshold: 0.98,
      decisions: { [h.id]: 'accepted', [role('kicker').id]: 'accepted', [role('subtitle').id]: 'accepted' },
    });
    expect(view(all)[0]?.slice(0, 3)).toEqual([`kicker:${KICKER}`, `headline:${HEAD}`, 'subtitle:许勤参加调研']);
  });

  it('keeps a run-together line one block when its kicker or subtitle part is rejected', () => {
    const text = [
      '王东峰在石家庄市调研检查时强调 强化执行力 全面抓落实 ——许勤参加调研',
      '本报讯（记者 张三）5月19日，省委书记王东峰在石家庄市调研检查疫情防控工作。',
    ].join('\n\n');
    const r0 = repairPage(text);
    const part = (x: string): Suggestion => only(r0, 'set-role', (s) => s.target.role === x);
    expect(view(r0)[0]?.slice(0, 3)).toEqual([
      `kicker:${KICKER}`,
      'headline:强化执行力 全面抓落实',
      'subtitle:——许勤参加调研',
    ]);
    const noKicker = repairPage(text, { decisions: { [part('kicker').id]: 'rejected' } });
    expect(view(noKicker)[0]?.slice(0, 2)).toEqual([
      `headline:${KICKER} 强化执行力 全面抓落实`,
      'subtitle:——许勤参加调研',
    ]);
    const neither = repairPage(text, {
      decisions: { [part('kicker').id]: 'rejected', [part('subtitle').id]: 'rejected' },
    });
    expect(view(neither)[0]?.[0]).toBe(`headline:${KICKER} 强化执行力 全面抓落实 ——许勤参加调研`);
    expect(view(neither)[0]).toHaveLength(2);
  });
});

describe('move-block and split-article', () => {
  const { text } = loadFixture('big5_traditional_chunks');
  const base = repairPage(text);
  const move = only(base, 'move-block');
  const HEAD = 'headline:老街區換新顏 居民笑開懷';
  const split = base.suggestions.find((s) => s.kind === 'split-article' && s.target.fragments[0] === 6);
  if (!split) throw new Error('no split before fragment 6');
  const articleWith = (r: RepairResult, line: string): string[] => view(r).find((a) => a.includes(line)) ?? [];

  it('leaves a headline where it was found when its move is rejected', () => {
    expect(articleWith(base, HEAD)[0]).toBe(HEAD);
    const r = repairPage(text, { decisions: { [move.id]: 'rejected' } });
    const art = articleWith(r, HEAD);
    expect(art.indexOf(HEAD)).toBe(2);
    expect(art[0]?.startsWith('body:本報訊')).toBe(true);
    expect(view(r)).toHaveLength(view(base).length);
  });

  it('moves a pending headline once the move is accepted', () => {
    expect(move.confidence).toBeLessThan(0.95);
    // The headline's own role (0.97) is accepted, so only the move is pending under 0.95.
    const role = only(base, 'set-role', (s) => s.target.fragments[0] === 8);
    const decisions: Decisions = { [role.id]: 'accepted' };
    const pending = repairPage(text, { threshold: 0.95, decisions });
    expect(appliedOf(pending, move.id)).toBe(false);
    expect(articleWith(pending, HEAD).indexOf(HEAD)).toBe(2);
    const r = repairPage(text, { threshold: 0.95, decisions: { ...decisions, [move.id]: 'accepted' } });
    expect(articleWith(r, HEAD)[0]).toBe(HEAD);
  });

  it('joins two articles when their split is rejected, and splits them again when it is accepted', () => {
    const r = repairPage(text, { decisions: { [split.id]: 'rejected' } });
    expect(r.articles).toHaveLength(base.articles.length - 1);
    expect(view(r)[0]).toEqual([...(view(base)[0] ?? []), ...(view(base)[1] ?? [])]);
    const pending = repairPage(text, { threshold: 0.98 });
    expect(appliedOf(pending, split.id)).toBe(false);
    const acc = repairPage(text, { threshold: 0.98, decisions: { [split.id]: 'accepted' } });
    expect(acc.articles).toHaveLength(pending.articles.length + 1);
  });

  it('keeps a moved headline at the head of its own text when the split before it is rejected', () => {
    // The headline heads the text it was matched with, not the article it is now part of.
    const r = repairPage(text, { decisions: { [split.id]: 'rejected' } });
    const art = view(r)[0] ?? [];
    const at = art.indexOf(HEAD);
    expect(at).toBe((view(base)[0] ?? []).length);
    expect(art[at + 1]?.startsWith('body:本報訊（記者 黃淑芬）')).toBe(true);
    // Moved back as well: the headline sits after the paragraphs it was found after.
    const both = repairPage(text, { decisions: { [split.id]: 'rejected', [move.id]: 'rejected' } });
    expect((view(both)[0] ?? []).indexOf(HEAD)).toBe(at + 2);
  });
});

describe('OCR suspects', () => {
  const TEXT = [
    '强化执行力 全面抓落实',
    '本报讯（记者 张三）要求在疫情防控 and 应急处置中认真学习会议会议精神，按照省委、省政府工作部署，按照省委、省政府工作安排，科学有序开展核酸检测。',
  ].join('\n\n');
  const base = repairPage(TEXT);
  const latin = only(base, 'ocr-latin');
  const doubled = only(base, 'ocr-doubled', (s) => s.target.text === '会议会议');
  const clause = only(base, 'ocr-doubled', (s) => s.reason.key === 'ocr.repeatedOpening');
  const body = (r: RepairResult): string => (view(r)[0] ?? []).find((b) => b.startsWith('body:本报讯')) ?? '';

  it('never applies a suspect without an explicit accept, whatever the threshold', () => {
    for (const threshold of [0, 0.5, 0.9]) {
      const r = repairPage(TEXT, { threshold });
      expect(r.suggestions.filter(isOcr).every((s) => !s.applied)).toBe(true);
      expect(body(r)).toContain('疫情防控 and 应急处置');
    }
  });

  it('removes a Latin word with the spaces around it when accepted', () => {
    const r = repairPage(TEXT, { decisions: { [latin.id]: 'accepted' } });
    expect(body(r)).toContain('疫情防控应急处置');
    expect(appliedOf(r, latin.id)).toBe(true);
  });

  it('removes the second copy of a doubled word, and the second of two repeated clauses', () => {
    const r = repairPage(TEXT, { decisions: { [doubled.id]: 'accepted', [clause.id]: 'accepted' } });
    expect(body(r)).toContain('学习会议精神，按照省委、省政府工作部署，科学有序开展核酸检测。');
    const rejected = repairPage(TEXT, { decisions: { [doubled.id]: 'rejected', [clause.id]: 'rejected' } });
    expect(view(rejected)).toEqual(view(base));
  });

  it('cuts a suspect that a column break splits, even when the merge is rejected', () => {
    const text = ['# 会议精神', '本报讯 各地认真学习视频会议', '会议精神，全面落实防控措施。'].join('\n\n');
    const r0 = repairPage(text);
    const d = only(r0, 'ocr-doubled');
    const m = only(r0, 'merge');
    expect(m.applied).toBe(true);
    const r = repairPage(text, { decisions: { [d.id]: 'accepted' } });
    expect(view(r)[0]).toContain('body:本报讯 各地认真学习视频会议精神，全面落实防控措施。');
    const split = repairPage(text, { decisions: { [d.id]: 'accepted', [m.id]: 'rejected' } });
    expect(view(split)[0]?.slice(1)).toEqual(['body:本报讯 各地认真学习视频会议', 'body:精神，全面落实防控措施。']);
  });
});

describe('normalize-punctuation', () => {
  const TEXT = ['本报讯 各地迅速行动,全面落实防控措施。', '会议指出,当前,我省疫情防控正处在特殊关键时期。'].join(
    '\n\n',
  );
  const base = repairPage(TEXT);
  const [p0, p1] = base.suggestions.filter((s) => s.kind === 'normalize-punctuation');
  if (!p0 || !p1) throw new Error('expected two punctuation suggestions');

  it('normalizes only the accepted pieces, and keeps rejected ones when the option is on', () => {
    expect(view(repairPage(TEXT, { threshold: 0 }))).toEqual(view(base));
    const r = repairPage(TEXT, { decisions: { [p1.id]: 'accepted' } });
    expect(view(r)[0]).toEqual([
      'body:本报讯 各地迅速行动,全面落实防控措施。',
      'body:会议指出，当前，我省疫情防控正处在特殊关键时期。',
    ]);
    const on = repairPage(TEXT, { normalizePunctuation: true, decisions: { [p0.id]: 'rejected' } });
    expect(view(on)).toEqual(view(r));
    expect(appliedOf(on, p0.id)).toBe(false);
    expect(appliedOf(on, p1.id)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('every decision set', () => {
  it('leaves the suggestion list unchanged (ids, kinds, targets, confidences, reasons)', () => {
    const r = rng(7);
    for (const { name, text } of [...allPages(), { name: 'two-articles', text: TWO_ARTICLES }]) {
      const base = repairPage(text);
      const list = listOf(base);
      for (let i = 0; i < 6; i++) {
        const threshold = [0, 0.5, 0.9, 1.01][i % 4];
        const res = repairPage(text, { threshold, decisions: randomDecisions(r, base.suggestions, true) });
        expect(listOf(res), name).toEqual(list);
      }
    }
  });

  it('applies what the threshold and the decisions say, for every kind', () => {
    const r = rng(11);
    for (const { name, text } of allPages()) {
      const base = repairPage(text);
      for (let i = 0; i < 6; i++) {
        const o: RepairOptions = {
          threshold: [0, 0.5, 0.9][i % 3],
          normalizePunctuation: i % 2 === 0,
          decisions: randomDecisions(r, base.suggestions, true),
        };
        for (const s of repairPage(text, o).suggestions)
          expect(s.applied, `${name} ${s.id}`).toBe(expectedApplied(s, o));
      }
    }
  });

  it('keeps the text of the seeds and fixtures, and never throws (300 seeded decision sets)', () => {
    const r = rng(20240611);
    const pages = allPages();
    let ocrAccepted = 0;
    for (let i = 0; i < 300; i++) {
      const page = pages[i % pages.length];
      if (!page) continue;
      const base = repairPage(page.text);
      const withOcr = i % 3 === 0;
      const o: RepairOptions = {
        threshold: r(),
        normalizePunctuation: r() < 0.3,
        decisions: randomDecisions(r, base.suggestions, withOcr),
      };
      const res = repairPage(page.text, o);
      expectKept(page.text, res);
      if (res.suggestions.some((s) => isOcr(s) && s.applied)) ocrAccepted++;
      for (const a of res.articles) {
        expect(a.blocks.length).toBeGreaterThan(0);
        for (const b of a.blocks) expect(b.text.trim()).toBe(b.text);
      }
    }
    expect(ocrAccepted).toBeGreaterThan(10);
  });

  it('keeps the text of 300 random pages under random decisions and thresholds', () => {
    const r = rng(424242);
    for (let i = 0; i < 300; i++) {
      const text = randomPage(r);
      const base = repairPage(text);
      const o: RepairOptions = { threshold: r(), decisions: randomDecisions(r, base.suggestions, i % 4 === 0) };
      const res = repairPage(text, o);
      expectKept(text, res);
      expect(listOf(res)).toEqual(listOf(base));
      for (const s of res.suggestions) expect(s.applied, s.id).toBe(expectedApplied(s, o));
    }
  });

  it('keeps the text of small pages whatever is decided about every suggestion on them', () => {
    const r = rng(3);
    for (const text of [TWO_ARTICLES, loadFixture('markdown_halfwidth_continuations').text]) {
      const base = repairPage(text);
      for (let i = 0; i < 40; i++) {
        const decisions: Decisions = {};
        for (const s of base.suggestions) {
          if (!isOcr(s) && s.kind !== 'normalize-punctuation') decisions[s.id] = r() < 0.5 ? 'accepted' : 'rejected';
        }
        expectKept(text, repairPage(text, { decisions }));
      }
    }
  });
});

describe('threshold', () => {
  it('applies at 0.9 a subset of what 0.5 applies, and at 0 everything but OCR suspects', () => {
    // A page may have nothing between 0.5 and 0.9 (plain_many_articles: every decision is certain), but the
    // pages together do.
    let highTotal = 0;
    let midTotal = 0;
    for (const { name, text } of allPages()) {
      const at = (threshold: number): Set<string> =>
        new Set(
          repairPage(text, { threshold, normalizePunctuation: true })
            .suggestions.filter((s) => s.applied)
            .map((s) => s.id),
        );
      const high = at(0.9);
      const mid = at(0.5);
      const zero = at(0);
      for (const id of high) expect(mid.has(id), `${name} ${id}`).toBe(true);
      for (const id of mid) expect(zero.has(id), `${name} ${id}`).toBe(true);
      const all = repairPage(text).suggestions;
      for (const s of all) expect(zero.has(s.id), `${name} ${s.id}`).toBe(!isOcr(s));
      expect(high.size).toBeLessThanOrEqual(mid.size);
      highTotal += high.size;
      midTotal += mid.size;
    }
    expect(highTotal).toBeLessThan(midTotal);
  });

  it('reads the page as today with no options, threshold 0.5, or decisions that agree with the defaults', () => {
    for (const { text } of allPages()) {
      const base = repairPage(text);
      expect(repairPage(text, { threshold: 0.5, decisions: {} })).toEqual(base);
      const agree: Decisions = {};
      for (const s of base.suggestions) agree[s.id] = s.applied ? 'accepted' : 'rejected';
      expect(repairPage(text, { decisions: agree })).toEqual(base);
    }
  });

  it('ignores decisions about unknown ids and values other than accepted / rejected', () => {
    const base = repairPage(TWO_ARTICLES);
    const junk = { 'merge:99+100': 'accepted', [base.suggestions[0]?.id ?? '']: 'maybe' } as unknown as Decisions;
    expect(repairPage(TWO_ARTICLES, { decisions: junk })).toEqual(base);
  });
});

describe('determinism', () => {
  it('returns the same reading for the same text and options, whatever the order of the decisions', () => {
    const r = rng(5);
    for (const { text } of allPages()) {
      const base = repairPage(text);
      const decisions = randomDecisions(r, base.suggestions, true);
      const reversed = Object.fromEntries(Object.entries(decisions).reverse());
      const once = JSON.stringify(repairPage(text, { threshold: 0.7, decisions }));
      expect(JSON.stringify(repairPage(text, { threshold: 0.7, decisions }))).toBe(once);
      expect(JSON.stringify(repairPage(text, { threshold: 0.7, decisions: reversed }))).toBe(once);
    }
  });
});
