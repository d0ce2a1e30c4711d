// Headline stacks: kicker (引题) / headline (主题) / subtitle (副题) on separate lines, run together on one
// line, or marked #/##; and which plain lines may be headlines at all.
import { describe, expect, it } from 'vitest';

import {
  assignStackRoles,
  isHeadlineShaped,
  kickerSplit,
  subtitleSplit,
  type StackLine,
} from '../../../src/shared/repair/headline';

const plain = (...texts: string[]): StackLine[] => texts.map((text) => ({ text, mdLevel: 0 }));
const roles = (lines: StackLine[]): string[] =>
  assignStackRoles(lines).map((p) => `${p.role}:${(lines[p.line]?.text ?? '').slice(p.start, p.end).trim()}`);

describe('assignStackRoles', () => {
  it('reads three plain lines as kicker, headline, subtitle', () => {
    expect(
      roles(
        plain(
          '我市召开市突发疫情紧急处置工作会议',
          '强化执行力 全面抓落实 扎扎实实做好检测流调隔离工作',
          '邢国辉主持会议并讲话 马宇骏出席',
        ),
      ),
    ).toEqual([
      'kicker:我市召开市突发疫情紧急处置工作会议',
      'headline:强化执行力 全面抓落实 扎扎实实做好检测流调隔离工作',
      'subtitle:邢国辉主持会议并讲话 马宇骏出席',
    ]);
  });

  it('reads a lead-in over a multi-part headline as kicker + headline', () => {
    expect(
      roles(
        plain(
          '王东峰在石家庄市调研检查时强调',
          '遵循科学规律优化工作流程全面提升效率 精心做好核酸检测定点隔离和医疗诊治工作',
        ),
      ),
    ).toEqual([
      'kicker:王东峰在石家庄市调研检查时强调',
      'headline:遵循科学规律优化工作流程全面提升效率 精心做好核酸检测定点隔离和医疗诊治工作',
    ]);
  });

  it('reads two similar plain lines as headline + subtitle', () => {
    expect(roles(plain('许勤主持召开石家庄市疫情防控指挥部会议', '检查调度藁城、新乐等重点区域疫情防控工作'))).toEqual([
      'headline:许勤主持召开石家庄市疫情防控指挥部会议',
      'subtitle:检查调度藁城、新乐等重点区域疫情防控工作',
    ]);
  });

  it('reads a short label over a longer statement as kicker + headline', () => {
    expect(roles(plain('科技赋能农业生产', '无人机飞防作业覆盖百万亩农田'))).toEqual([
      'kicker:科技赋能农业生产',
      'headline:无人机飞防作业覆盖百万亩农田',
    ]);
  });

  it('follows markdown levels: ## above # is a kicker, ## below is a subtitle', () => {
    const lines: StackLine[] = [
      { text: '倪岳峰在石家庄市调研时强调', mdLevel: 2 },
      { text: '坚决防控疫情 真情服务群众 积极行动起来打赢疫情防控人民战争', mdLevel: 1 },
      { text: '王正谱参加调研', mdLevel: 2 },
    ];
    expect(assignStackRoles(lines).map((p) => p.role)).toEqual(['kicker', 'headline', 'subtitle']);
  });

  it('splits a kicker run together with the headline on one # line', () => {
    const lines: StackLine[] = [
      { text: '张明远主持召开会议强调 构筑众志成城的坚固防线 汇聚同舟共济的强大合力', mdLevel: 1 },
      { text: '李四出席并讲话', mdLevel: 2 },
    ];
    expect(roles(lines)).toEqual([
      'kicker:张明远主持召开会议强调',
      'headline:构筑众志成城的坚固防线 汇聚同舟共济的强大合力',
      'subtitle:李四出席并讲话',
    ]);
  });

  it('splits a run-together subtitle introduced by a dash', () => {
    expect(roles(plain('我国夏粮收购全面展开 ——各地多措并举保障农民售粮顺畅'))).toEqual([
      'headline:我国夏粮收购全面展开',
      'subtitle:——各地多措并举保障农民售粮顺畅',
    ]);
  });
});

describe('kickerSplit', () => {
  it('splits on a lead-in cue, an event before parallel phrases, and a short label', () => {
    expect(kickerSplit('习近平在湖南考察时强调 牢记嘱托 奋力谱写新篇章')?.reason).toBe('cue');
    expect(kickerSplit('许勤在石家庄检查疫情防控工作 科学有序开展核酸检测 精准高效加快流调溯源')?.reason).toBe(
      'parallel',
    );
    expect(
      kickerSplit('市突发疫情紧急处置领导小组召开工作例会 责任必须压紧 任务必须完成 以攻城拔寨劲头做好工作')?.reason,
    ).toBe('event');
    expect(kickerSplit('新春走基层 山村里的“年味”越来越浓了')?.reason).toBe('label');
  });

  it('leaves parallel headline phrases together', () => {
    expect(kickerSplit('坚决防控疫情 真情服务群众 积极行动起来打赢疫情防控人民战争')).toBeNull();
    expect(kickerSplit('强化执行力 全面抓落实')).toBeNull();
    expect(kickerSplit('单独一行的标题')).toBeNull();
  });

  it('finds trailing attendance parts as a subtitle', () => {
    const t = '研究部署夏季安全生产工作 周立新主持会议并讲话';
    expect(subtitleSplit(t)).toBe(t.indexOf('周立新'));
    expect(subtitleSplit('强化执行力 全面抓落实')).toBeNull();
  });
});

describe('isHeadlineShaped', () => {
  it('accepts short lines with no sentence in them', () => {
    for (const t of [
      '全面排查隱患 確保市民安全度汛',
      '让群众就近享受优质医疗服务',
      '这个冬天，不再寒冷？',
      '“夜经济”点亮城市烟火气',
    ]) {
      expect(isHeadlineShaped(t), t).toBe(true);
    }
  });

  it('rejects sentences, clause tails and lines cut by a column', () => {
    for (const t of [
      '省领导高志立、夏延军参加调研检查。',
      '疫情防控和处置期间,综合警务服务站承担着重要,必须',
      '石家庄市第二轮全员核酸检测已',
      '高速公路检查站是防输入、防',
      '，重点再聚焦',
      '2023 05 06',
    ]) {
      expect(isHeadlineShaped(t), t).toBe(false);
    }
  });
});
