// The corrected text of a page and its map between block offsets and text offsets.
import { describe, expect, it } from 'vitest';

import type { PageDocument } from '../../../src/shared/document/model';
import { offsetConverter } from '../../../src/shared/document/offsets';
import { documentText } from '../../../src/shared/document/plain';
import { GAIJI, block, deepFreeze, mark } from './helpers';

const DOC: PageDocument = deepFreeze({
  version: 1,
  articles: [
    {
      id: 'a1',
      blocks: [
        block('k1', '科技赋能农业生产', [], 'kicker'),
        block('h1', '无人机飞防覆盖百万亩农田', [], 'headline'),
        block('p1', '本报讯（记者 郑芳）眼下正是防治关键期。', mark('本报讯（记者 郑芳）', ['郑芳', 'PER', 'x1'])),
        block('j1', '（下转第二版）', [], 'jump'),
        block('e1', '   ', [], 'body'),
        block(
          'p2',
          '江泽民李鹏乔石出席。',
          mark('江泽民李鹏乔石出席。', ['江泽民', 'PER', 'x2'], ['李鹏', 'PER', 'x3']),
        ),
      ],
    },
    { id: 'a2', blocks: [block('f1', '责任编辑 张三', [], 'furniture')] },
    {
      id: 'a3',
      blocks: [
        block('h2', `${GAIJI}田茂访华`, mark(`${GAIJI}田茂访华`, [`${GAIJI}田茂`, 'PER', 'x4']), 'headline'),
        block('p3', '首相抵达南京。', mark('首相抵达南京。', ['南京', 'LOC', 'x5'])),
      ],
    },
  ],
  setAside: [block('s1', '今日导读\n见第2版', [], 'furniture')],
});

describe('documentText', () => {
  it('writes one line per exported block and a blank line between articles, leaving the rest out', () => {
    const { text, blocks } = documentText(DOC);
    expect(text).toBe(
      [
        '科技赋能农业生产',
        '无人机飞防覆盖百万亩农田',
        '本报讯（记者 郑芳）眼下正是防治关键期。',
        '江泽民李鹏乔石出席。',
        '',
        `${GAIJI}田茂访华`,
        '首相抵达南京。',
      ].join('\n'),
    );
    expect(blocks.map((b) => b.blockId)).toEqual(['k1', 'h1', 'p1', 'p2', 'h2', 'p3']);
    expect(blocks.map((b) => b.articleId)).toEqual(['a1', 'a1', 'a1', 'a1', 'a3', 'a3']);
    for (const b of blocks) expect(text.slice(b.start, b.end)).not.toContain('\n');
  });

  it('maps every offset of every exported block to the same character in the text', () => {
    const plain = documentText(DOC);
    for (const b of [...DOC.articles.flatMap((a) => a.blocks), ...DOC.setAside]) {
      const start = plain.toTextOffset(b.id, 0);
      if (!['k1', 'h1', 'p1', 'p2', 'h2', 'p3'].includes(b.id)) {
        expect(start, b.id).toBeNull();
        continue;
      }
      for (let i = 0; i <= b.text.length; i++) {
        const at = plain.toTextOffset(b.id, i) as number;
        expect(plain.text.charCodeAt(at)).toBe(i < b.text.length ? b.text.charCodeAt(i) : plain.text.charCodeAt(at));
        expect(plain.fromTextOffset(at)).toEqual({ blockId: b.id, offset: i });
      }
    }
    expect(() => plain.toTextOffset('p1', 999)).toThrow(RangeError);
    expect(() => plain.toTextOffset('p1', -1)).toThrow(RangeError);
    expect(plain.toTextOffset('nope', 0)).toBeNull();
  });

  it('lists the spans with text offsets that cover the same text', () => {
    const plain = documentText(DOC);
    expect(plain.spans.map((s) => [s.span.id, plain.text.slice(s.start, s.end)])).toEqual([
      ['x1', '郑芳'],
      ['x2', '江泽民'],
      ['x3', '李鹏'],
      ['x4', `${GAIJI}田茂`],
      ['x5', '南京'],
    ]);
  });

  it('gives code point offsets that Python would index by, through offsetConverter', () => {
    const plain = documentText(DOC);
    const conv = offsetConverter(plain.text);
    const points = [...plain.text];
    for (const s of plain.spans) {
      const [start, end] = [conv.toCodePoint(s.start), conv.toCodePoint(s.end)];
      expect(points.slice(start, end).join('')).toBe(plain.text.slice(s.start, s.end));
    }
    // 𠮷 sits before 南京: one fewer code point than UTF-16 units.
    const nanjing = plain.spans.find((s) => s.span.id === 'x5');
    expect(conv.toCodePoint(nanjing?.start ?? 0)).toBe((nanjing?.start ?? 0) - 1);
  });

  it('finds no block on the blank line between articles or outside the text', () => {
    const plain = documentText(DOC);
    const p2 = plain.blocks.find((b) => b.blockId === 'p2');
    expect(plain.fromTextOffset((p2?.end ?? 0) + 1)).toBeNull();
    expect(plain.fromTextOffset((p2?.end ?? 0) + 2)).toEqual({ blockId: 'h2', offset: 0 });
    expect(plain.fromTextOffset(-1)).toBeNull();
    expect(plain.fromTextOffset(plain.text.length + 1)).toBeNull();
  });

  it('is empty for a page with nothing exported', () => {
    const empty = documentText({ version: 1, articles: [], setAside: [block('j', '（下转第二版）', [], 'jump')] });
    expect(empty.text).toBe('');
    expect(empty.blocks).toEqual([]);
    expect(empty.fromTextOffset(0)).toBeNull();
  });
});
