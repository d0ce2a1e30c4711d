// Confidences mean what they say (src/shared/repair/confidence.ts): near-certain evidence reaches the app's
// threshold (0.9), weak evidence stays under it, and what is applied at 0.9 is right. The full reliability
// tables come from scripts/dev/calibrate-repair.ts.
import { describe, expect, it } from 'vitest';

import { repairPage, type RepairResult, type Suggestion, type SuggestionKind } from '../../../src/shared/repair';
import { labelSuggestions } from './label';
import { randomArticlePage } from './random-articles';
import { rng } from './random-pages';
import { fixtureNames, loadFixture } from './reading';

const one = (r: RepairResult, kind: SuggestionKind, pred: (s: Suggestion) => boolean = () => true): Suggestion => {
  const found = r.suggestions.filter((s) => s.kind === kind && pred(s));
  expect(found, kind).toHaveLength(1);
  const [s] = found;
  if (!s) throw new Error(`no ${kind}`);
  return s;
};
const role = (r: RepairResult, name: string): Suggestion =>
  one(r, 'set-role', (s) => s.target.role === name && s.reason.key !== 'role.byline');

const BODY = '本报讯（记者 张三）5月19日，省委书记王东峰在石家庄市调研检查疫情防控工作。';
const ENDED = '会议要求，各地要加强应急值守，遇有突发情况及时报告、妥善处置。';

describe('strong evidence reaches 0.9, weak evidence stays under it', () => {
  it('is sure of a split at a headline stack between text that ended and a dateline', () => {
    const r = repairPage([ENDED, '王东峰在石家庄市调研检查时强调', '强化执行力 全面抓落实', BODY].join('\n\n'));
    expect(one(r, 'split-article').confidence).toBeGreaterThanOrEqual(0.9);
    expect(role(r, 'kicker').confidence).toBeGreaterThanOrEqual(0.9);
    expect(role(r, 'headline').confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('doubts a split under prose cut mid-sentence, where the stack may hold the prose’s tail', () => {
    const cut = '会议要求，各地要加强应急值守，遇有突发情况及时报告';
    const r = repairPage([cut, '王东峰在石家庄市调研检查时强调', '强化执行力 全面抓落实', BODY].join('\n\n'));
    const split = one(r, 'split-article');
    expect(split.confidence).toBeGreaterThanOrEqual(0.5);
    expect(split.confidence).toBeLessThan(0.9);
  });

  it('leaves the roles of two single-phrase lines of similar width pending: kicker/headline or headline/subtitle', () => {
    const r = repairPage(
      [ENDED, '许勤主持召开石家庄市疫情防控指挥部会议', '检查调度藁城、新乐等重点区域疫情防控工作', BODY].join('\n\n'),
    );
    expect(one(r, 'split-article').confidence).toBeGreaterThanOrEqual(0.9);
    expect(role(r, 'headline').confidence).toBeLessThan(0.9);
    expect(role(r, 'subtitle').confidence).toBeLessThan(0.9);
    // …but a multi-phrase line under a single one is the main headline.
    const r2 = repairPage(
      [ENDED, '邢国辉到裕华区调研检查核酸检测工作', '优化检测流程 提高信息化水平 高效有序开展全员核酸检测', BODY].join(
        '\n\n',
      ),
    );
    expect(role(r2, 'kicker').confidence).toBeGreaterThanOrEqual(0.9);
    expect(role(r2, 'headline').confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('trusts a credit line only when it reads like one', () => {
    const credit = (line: string): Suggestion =>
      one(
        repairPage(['# 标题', line, '记者从市林业局了解到，今春全市计划完成植树造林8万亩。'].join('\n\n')),
        'set-role',
        (s) => s.reason.key === 'role.byline',
      );
    expect(credit('本报记者 王君平').confidence).toBeGreaterThanOrEqual(0.9);
    expect(credit('记者手记').confidence).toBeLessThan(0.9);
  });

  it('is sure of a bracketed or lone jump marker, less of a bare one inside a line', () => {
    const jump = (text: string): Suggestion => one(repairPage(text), 'mark-jump');
    expect(jump(`${ENDED}（下转第二版）`).confidence).toBeGreaterThanOrEqual(0.9);
    expect(jump(`${ENDED}\n\n下转第3版`).confidence).toBeGreaterThanOrEqual(0.9);
    expect(jump(`${ENDED}下转第3版`).confidence).toBeLessThan(0.9);
  });
});

describe('reliability', () => {
  const STRUCTURAL: SuggestionKind[] = ['split-article', 'set-role', 'move-block', 'mark-jump', 'mark-furniture'];

  it('applies at 0.9 only right decisions on the fixtures', () => {
    for (const name of fixtureNames()) {
      const { text, expected } = loadFixture(name);
      const r = repairPage(text);
      const { labels } = labelSuggestions(r, expected);
      for (const s of r.suggestions) {
        if (s.confidence >= 0.9 && labels.get(s.id) !== undefined)
          expect(labels.get(s.id), `${name} ${s.id}`).toBe(true);
      }
    }
  });

  it('is right about 97% or more of what it is sure of on generated pages, and less sure where it is wrong more', () => {
    const r = rng(99);
    const tally = new Map<string, { n: number; right: number }>();
    const add = (key: string, right: boolean): void => {
      const t = tally.get(key) ?? { n: 0, right: 0 };
      t.n++;
      if (right) t.right++;
      tally.set(key, t);
    };
    for (let i = 0; i < 300; i++) {
      const page = randomArticlePage(r);
      const res = repairPage(page.text);
      const { labels } = labelSuggestions(res, page.truth);
      for (const s of res.suggestions) {
        const right = labels.get(s.id);
        if (right === undefined || !STRUCTURAL.includes(s.kind)) continue;
        add(`${s.kind} ${s.confidence >= 0.9 ? 'sure' : 'unsure'}`, right);
      }
    }
    // A rate over at least 20 suggestions, else NaN.
    const rate = (key: string): number => {
      const t = tally.get(key);
      return t && t.n >= 20 ? t.right / t.n : NaN;
    };
    for (const kind of STRUCTURAL) {
      const sure = rate(`${kind} sure`);
      expect(sure, `${kind} ≥ 0.9`).toBeGreaterThanOrEqual(0.97);
      const unsure = rate(`${kind} unsure`);
      if (!Number.isNaN(unsure)) expect(unsure, `${kind} < 0.9`).toBeLessThanOrEqual(sure);
    }
  });
});
