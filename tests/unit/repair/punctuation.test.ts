// Half-width → full-width punctuation in Han text, leaving numbers, English and web addresses alone.
import { describe, expect, it } from 'vitest';

import { normalizePunctuation } from '../../../src/shared/repair/punctuation';

describe('normalizePunctuation', () => {
  it('converts commas, colons and bracket pairs in Han text', () => {
    const r = normalizePunctuation('本报讯(河北日报记者 四建磊)11月26日晚,会议在石家庄召开:各地要坚持;');
    expect(r.text).toBe('本报讯（河北日报记者 四建磊）11月26日晚，会议在石家庄召开：各地要坚持；');
    expect(r.changes.map((c) => c.from)).toEqual(['(', ')', ',', ':', ';']);
  });

  it('keeps the length, so offsets into the text stay valid', () => {
    const t = '会议指出,当前,我省疫情防控正处在特殊关键时期!';
    expect(normalizePunctuation(t).text).toHaveLength(t.length);
  });

  it('leaves numbers, English and addresses alone', () => {
    for (const t of ['增长1,000万元', '会议于10:30开始', 'PM2.5', '访问www.example.com了解详情', 'Hello, world.']) {
      expect(normalizePunctuation(t).changes, t).toEqual([]);
    }
  });

  it('turns a sentence-final dot after Han text into 。 and pairs straight quotes', () => {
    expect(normalizePunctuation('守住底线.').text).toBe('守住底线。');
    expect(normalizePunctuation('坚持"三个坚定不移"不动摇').text).toBe('坚持“三个坚定不移”不动摇');
  });

  it('returns text that needs nothing unchanged', () => {
    const t = '会议指出，当前，我省疫情防控正处在特殊关键时期。';
    expect(normalizePunctuation(t)).toEqual({ text: t, changes: [] });
  });
});
