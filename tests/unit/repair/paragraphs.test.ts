// The paragraph model: when a break between two prose fragments is a column break (merge).
import { describe, expect, it } from 'vitest';

import { NO_COLUMN, type ColumnEstimate } from '../../../src/shared/repair/column';
import type { Piece } from '../../../src/shared/repair/fragments';
import { mergeDecision, type MergeContext } from '../../../src/shared/repair/paragraphs';
import { visualWidth } from '../../../src/shared/repair/text';

let next = 0;
function piece(text: string, extra: Partial<Piece> = {}): Piece {
  const frag = next++;
  return {
    index: frag,
    frag,
    start: 0,
    end: text.length,
    text,
    kind: 'text',
    chunk: frag,
    mdLevel: 0,
    width: visualWidth(text),
    tightAbove: false,
    indent: 0,
    ...extra,
  };
}

const ctx = (column: ColumnEstimate = NO_COLUMN, over: Partial<MergeContext> = {}): MergeContext => ({
  column,
  bigramSeen: () => 0,
  blankLineSeparated: true,
  indentsParagraphs: false,
  ...over,
});
const decide = (a: string, b: string, c: MergeContext = ctx(), opts = { aDatelineOnly: false, bBylineStart: false }) =>
  mergeDecision(piece(a), piece(b), opts, c);

/** A line-by-line page with 22-em columns, where full lines are column breaks. */
const LINES: ColumnEstimate = {
  width: 22,
  min: 20.5,
  max: 23,
  support: 30,
  share: 0.75,
  fullLogLr: 1.5,
  shortLogLr: -3,
};
/** A page cut into column chunks where whole columns are about 88 em (like seed 003). */
const CHUNKS: ColumnEstimate = {
  width: 88,
  min: 84.5,
  max: 89,
  support: 8,
  share: 0.25,
  fullLogLr: 3.4,
  shortLogLr: -0.7,
};

describe('mergeDecision', () => {
  it('merges a fragment cut mid-word', () => {
    const d = decide('会议指出,当前,我省疫情防控正处在特殊关键时期,落实二十条优化措', '施,重点再聚焦、力度再加大');
    expect(d.probability).toBeGreaterThan(0.8);
    expect(d.reason.key).toMatch(/^merge\./);
  });

  it('keeps a paragraph end after 。 when nothing says the paragraph goes on', () => {
    const d = decide('新冠肺炎疫情防控河北工作组组长刘金峰到会指导。', '会议指出,当前,我省疫情防控正处在特殊关键时期');
    expect(d.probability).toBeLessThan(0.2);
    expect(d.reason.key).toBe('merge.no.sentenceEnd');
  });

  it('merges across a soft mark, an open quotation and a fragment starting with punctuation', () => {
    expect(decide('各部门要加强应急值守，', '严格执行24小时值班制度。').probability).toBeGreaterThan(0.9);
    expect(
      decide('他说：“我们要让农村公路真正成为群众的致富路。', '同时，还要加强养护管理。”').probability,
    ).toBeGreaterThan(0.5);
    expect(decide('确保实现应隔尽隔目标', '，王东峰来到裕华区').probability).toBeGreaterThan(0.9);
  });

  it('merges a full column that happens to end with 。 on a page where full columns are column breaks', () => {
    const full = '当前，石家庄正在全力准备定点隔离场所'.repeat(5).slice(0, 87) + '。';
    const d = mergeDecision(
      piece(full),
      piece('王东峰来到裕华区非繁城品酒店。'),
      { aDatelineOnly: false, bBylineStart: false },
      ctx(CHUNKS),
    );
    expect(d.probability).toBeGreaterThan(0.5);
    expect(d.reason.key).toBe('merge.fullColumnAfterStop');
  });

  it('says "mid-sentence and a full column" when both hold', () => {
    const full = '由深圳华大基因股份有限公司援建的实验室已于日前全面投入使用每日最大检测能力达到十万管'
      .repeat(3)
      .slice(0, 88);
    const d = mergeDecision(
      piece(full),
      piece('华大基因股份有限公司表示衷心感谢。'),
      { aDatelineOnly: false, bBylineStart: false },
      ctx(CHUNKS),
    );
    expect(d.reason.key).toBe('merge.midSentenceFullColumn');
    expect(d.reason.params.column).toBe(88);
  });

  it('ends a paragraph at a short line without punctuation on a line-by-line page', () => {
    const d = decide('%以上', '专家指出，要进一步完善分级诊疗制度，', ctx(LINES));
    expect(d.probability).toBeLessThan(0.5);
    expect(d.reason.key).toBe('merge.no.shortLine');
  });

  it('starts a new paragraph at a dateline and at a numbered item after a colon', () => {
    expect(
      decide('会议要求各地加强值守', '本报讯（记者 张三）昨日…', ctx(), {
        aDatelineOnly: false,
        bBylineStart: true,
      }).probability,
    ).toBeLessThan(0.1);
    expect(decide('今年将重点做好以下工作：', '一、加强市场监测预警，及时发布收购价格').probability).toBeLessThan(0.5);
  });

  it('joins a dateline printed alone to the paragraph after it', () => {
    const d = decide('新华社北京5月20日电', '（记者 于文静）记者20日从…', ctx(), {
      aDatelineOnly: true,
      bBylineStart: false,
    });
    expect(d.probability).toBeGreaterThan(0.5);
    expect(d.reason.key).toBe('merge.dateline');
  });

  it('uses words cut across the break, sentence continuations and indents', () => {
    const seen = ctx(NO_COLUMN, { bigramSeen: (a, b) => (a + b === '防控' ? 4 : 0) });
    expect(decide('省胸科医院是我省疫情防', '控定点医院，收治了确诊病例', seen).reason.key).toBe('merge.wordAcross');
    expect(decide('国家粮食和物资储备局有关负责人', '表示，今年将重点做好以下工作').probability).toBeGreaterThan(0.9);
    const indents = ctx(LINES, { indentsParagraphs: true });
    const a = piece('三年来，她走遍了网格内的每一户人家，居。');
    expect(
      mergeDecision(
        a,
        piece('据了解，全市已划分基础网格', { indent: 2 }),
        { aDatelineOnly: false, bBylineStart: false },
        indents,
      ).probability,
    ).toBeLessThan(0.2);
  });
});
