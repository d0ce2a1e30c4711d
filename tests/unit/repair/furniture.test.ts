// Page furniture cues on single lines: editor credits, page numbers, mastheads, teasers, ads.
import { describe, expect, it } from 'vitest';

import { endsWithPageRef, findTrailingCredit, furnitureCue } from '../../../src/shared/repair/furniture';

describe('furnitureCue', () => {
  const cases: [string, string][] = [
    ['责任编辑 王晶晶 版面编辑 宋风渊', 'editor-credit'],
    ['本版责编：刘 宇 周 琳 版式设计：张丹峰', 'editor-credit'],
    ['責任編輯 林美華 美術編輯 吳家豪', 'editor-credit'],
    ['编辑：陈静 校对：王伟', 'editor-credit'],
    ['2 版', 'page-number'],
    ['第1版', 'page-number'],
    ['A2', 'page-number'],
    ['- 3 -', 'page-number'],
    ['A2 要闻', 'page-number'],
    ['2023年3月5日 星期日', 'masthead'],
    ['滨江日报 2022年6月8日 星期三', 'masthead'],
    ['人民日报', 'masthead'],
    ['国内统一连续出版物号 CN13-0001', 'masthead'],
    ['今日 易读', 'teaser'],
    ['今日導讀', 'teaser'],
    ['本期导读', 'teaser'],
    ['GSPC 提醒您关注身体健康', 'ad'],
    ['服务热线：400-820-1234', 'ad'],
    ['华信银行 您身边的好银行 客服电话 95588', 'ad'],
  ];
  for (const [line, kind] of cases) {
    it(`marks “${line}” as ${kind}`, () => {
      expect(furnitureCue(line)?.kind).toBe(kind);
    });
  }

  it('never marks prose, headlines or bylines', () => {
    for (const t of [
      '会议指出，当前我市疫情防控工作正处于攻坚期，编辑部全体人员要坚守岗位。',
      '编辑部的故事',
      '让群众就近享受优质医疗服务',
      '本报记者 王君平',
      '市民可拨打12345热线反映问题，相关部门将在24小时内答复。',
      '2021年1月12日',
    ]) {
      expect(furnitureCue(t), t).toBeNull();
    }
  });
});

describe('teaser page references and trailing credits', () => {
  it('recognises teaser items that end with a page', () => {
    expect(endsWithPageRef('系列举措保障疫情期间群众就医 2版')).toBe(true);
    expect(endsWithPageRef('城市更新按下快进键 见第2版')).toBe(true);
    expect(endsWithPageRef('颱風季將至 港口加強戒備 詳見A4')).toBe(true);
    expect(endsWithPageRef('这是一句正文，说到了第2版。')).toBe(false);
  });

  it('finds an editor credit closing a paragraph', () => {
    const line = '确保如期完成全员检测任务。（责任编辑：张三）';
    const c = findTrailingCredit(line);
    expect(c && line.slice(c.start, c.end)).toBe('（责任编辑：张三）');
    expect(findTrailingCredit('（责任编辑：张三）')).toBeNull();
    expect(findTrailingCredit('会议由市委书记主持（记者 张三）')).toBeNull();
  });
});
