// Bylines and datelines that open an article, in simplified and traditional characters.
import { describe, expect, it } from 'vitest';

import { bylineAtStart, isCreditLine, isDatelineOnly } from '../../../src/shared/repair/byline';

describe('bylineAtStart', () => {
  it('finds datelines that open the first paragraph', () => {
    const cases: [string, string][] = [
      ['本报讯(河北日报记者 四建磊 吴韬)11月26日晚,省应对…', '本报讯(河北日报记者 四建磊 吴韬)'],
      ['本报讯（首席记者 齐广君 记者 陈赫一）1月12日上午，我市…', '本报讯（首席记者 齐广君 记者 陈赫一）'],
      ['本報訊（記者 陳志明）市政府昨日召開防汛工作會議', '本報訊（記者 陳志明）'],
      ['新华社北京5月20日电（记者 于文静 侯雪静）记者20日从…', '新华社北京5月20日电（记者 于文静 侯雪静）'],
      ['本报北京3月4日电（记者 郁静娴）国务院新闻办公室4日…', '本报北京3月4日电（记者 郁静娴）'],
      ['新华社南京3月4日电 3月2日至4日，国务院副总理…', '新华社南京3月4日电 '],
      ['据新华社北京1月5日电 国家统计局今天发布…', '据新华社北京1月5日电 '],
      ['记者 张三 李四 报道：连日来，…', '记者 张三 李四 报道：'],
      ['央视网消息：昨天，…', '央视网消息：'],
    ];
    for (const [text, byline] of cases) {
      const m = bylineAtStart(text);
      expect(m, text).not.toBeNull();
      expect(m?.text).toBe(byline);
      expect(m?.kind).toBe('dateline');
    }
  });

  it('ignores paragraphs that merely mention the paper or a reporter', () => {
    for (const t of [
      '会议指出，当前本报记者了解到…',
      '本报今年推出了新栏目。',
      '记者从市医保局获悉，今年…',
      '据介绍，新标准自7月1日起执行',
    ]) {
      expect(bylineAtStart(t), t).toBeNull();
    }
  });
});

describe('isCreditLine / isDatelineOnly', () => {
  it('recognises reporter credits printed on their own line', () => {
    for (const t of [
      '本报记者 王君平',
      '本报记者 刘晓燕 通讯员 高强',
      '□ 本报记者 张三',
      '本報記者 陳志明',
      '记者 张三 报道',
      '本报评论员',
    ]) {
      expect(isCreditLine(t), t).toBe(true);
    }
    for (const t of ['本报讯（记者 张三）', '记者从市医保局获悉，今年我市…', '省领导高志立、夏延军参加调研检查。']) {
      expect(isCreditLine(t), t).toBe(false);
    }
  });

  it('recognises a dateline that stands alone on its line', () => {
    expect(isDatelineOnly('新华社北京5月20日电')).toBe(true);
    expect(isDatelineOnly('本报讯（记者 张三）')).toBe(true);
    expect(isDatelineOnly('新华社北京5月20日电 记者20日从国家粮食和物资储备局了解到')).toBe(false);
  });
});

describe('undated wire copy', () => {
  it('reads 新华社北京电 and 据新华社电 as datelines but not prose about phones', () => {
    expect(bylineAtStart('新华社北京电 国家统计局今天发布数据…')?.kind).toBe('dateline');
    expect(bylineAtStart('据新华社电（记者 王五）连日来…')?.text).toBe('据新华社电（记者 王五）');
    expect(bylineAtStart('新华社电话采访了多位专家')).toBeNull();
    expect(bylineAtStart('本报记者电话采访了多位专家')).toBeNull();
  });
});
