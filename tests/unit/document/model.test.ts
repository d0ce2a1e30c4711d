// The page document: built from a repair reading with stable ids, and the schema that refuses broken saves.
import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { PageReadingSchema } from '../../../src/shared/api';
import { BLOCK_ROLES } from '../../../src/shared/domain';
import {
  PageDocumentSchema,
  createIdFactory,
  documentFromReading,
  documentIds,
  spanIssues,
  type DocBlock,
  type DocSpan,
  type PageDocument,
  type ReadingLike,
} from '../../../src/shared/document/model';
import { repairPage } from '../../../src/shared/repair/engine';
import { GAIJI, block, deepFreeze, docOf, mark } from './helpers';

const READING: ReadingLike = {
  articles: [
    {
      blocks: [
        { role: 'kicker', text: '科技赋能农业生产' },
        { role: 'headline', text: '无人机飞防作业覆盖百万亩农田' },
        { role: 'body', text: '本报讯（记者 郑芳）眼下正是小麦病虫害防治关键期。' },
      ],
    },
    { blocks: [] },
    { blocks: [{ role: 'body', text: '江泽民李鹏乔石出席。' }] },
  ],
  removed: [
    { role: 'jump', text: '（下转第二版）' },
    { role: 'furniture', text: '今日导读\n城市更新按下快进键 见第2版' },
  ],
};

function issuesOf(doc: unknown): string[] {
  const r = PageDocumentSchema.safeParse(doc);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const span = (patch: Partial<DocSpan> = {}): DocSpan => ({
  id: 'x',
  label: 'PER',
  start: 0,
  end: 2,
  origin: 'manual',
  ...patch,
});

describe('documentFromReading', () => {
  it('keeps articles, roles and text in order and sets jump and furniture aside', () => {
    const doc = documentFromReading(deepFreeze(READING), 'p7');
    expect(doc).toEqual<PageDocument>({
      version: 1,
      articles: [
        {
          id: 'p7-a0',
          blocks: [
            { id: 'p7-b0', role: 'kicker', text: '科技赋能农业生产', spans: [] },
            { id: 'p7-b1', role: 'headline', text: '无人机飞防作业覆盖百万亩农田', spans: [] },
            { id: 'p7-b2', role: 'body', text: '本报讯（记者 郑芳）眼下正是小麦病虫害防治关键期。', spans: [] },
          ],
        },
        { id: 'p7-a2', blocks: [{ id: 'p7-b3', role: 'body', text: '江泽民李鹏乔石出席。', spans: [] }] },
      ],
      setAside: [
        { id: 'p7-b4', role: 'jump', text: '（下转第二版）', spans: [] },
        { id: 'p7-b5', role: 'furniture', text: '今日导读\n城市更新按下快进键 见第2版', spans: [] },
      ],
    });
    expect(PageDocumentSchema.parse(doc)).toEqual(doc);
  });

  it('gives the same ids for the same reading and seed, and different ones for another seed', () => {
    expect(documentFromReading(READING, 'p7')).toEqual(documentFromReading(READING, 'p7'));
    const other = documentIds(documentFromReading(READING, 'p8'));
    for (const id of documentIds(documentFromReading(READING, 'p7'))) expect(other.has(id)).toBe(false);
  });

  it('splits an exported block holding line breaks into one block per line', () => {
    const doc = documentFromReading(
      {
        articles: [
          {
            blocks: [
              { role: 'caption', text: '第一行\r\n\n第二行\r第三行' },
              { role: 'furniture', text: 'A\nB' },
            ],
          },
        ],
        removed: [],
      },
      's',
    );
    expect(doc.articles[0]?.blocks.map((b) => [b.role, b.text])).toEqual([
      ['caption', '第一行'],
      ['caption', '第二行'],
      ['caption', '第三行'],
      ['furniture', 'A\nB'],
    ]);
    expect(PageDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('takes a PageReading as the API returns it', () => {
    const reading = PageReadingSchema.parse({
      pageId: 1,
      engineVersion: 1,
      threshold: 0.8,
      articles: READING.articles,
      removed: READING.removed,
      suggestions: [],
      jumpLinks: [],
    });
    expect(documentFromReading(reading, 'p7')).toEqual(documentFromReading(READING, 'p7'));
  });

  it('builds a valid document from every hand-made reading and every repaired page in the repo', () => {
    const fixtures = path.join(__dirname, '../repair/fixtures');
    const readingFile = z.object({
      articles: z.array(z.object({ blocks: z.array(z.object({ role: z.enum(BLOCK_ROLES), text: z.string() })) })),
      removed: z.array(z.object({ role: z.enum(['jump', 'furniture']), text: z.string() })),
    });
    const readings: ReadingLike[] = [];
    for (const f of fs.readdirSync(fixtures).filter((x) => x.endsWith('.json'))) {
      readings.push(readingFile.parse(JSON.parse(fs.readFileSync(path.join(fixtures, f), 'utf8'))));
    }
    const seeds = path.join(__dirname, '../../../seeds');
    for (const f of fs.readdirSync(seeds)) readings.push(repairPage(fs.readFileSync(path.join(seeds, f), 'utf8')));
    expect(readings.length).toBeGreaterThanOrEqual(8);
    for (const reading of readings) {
      const doc = documentFromReading(reading, 'page');
      expect(issuesOf(doc)).toEqual([]);
      const text = (r: ReadingLike) => [...r.articles.flatMap((a) => a.blocks), ...r.removed].map((b) => b.text);
      // Nothing lost: the same characters, line breaks aside.
      const strip = (xs: string[]) => xs.join('').replace(/[\r\n]/g, '');
      expect(strip([...doc.articles.flatMap((a) => a.blocks), ...doc.setAside].map((b) => b.text))).toBe(
        strip(text(reading)),
      );
    }
  });
});

describe('PageDocumentSchema', () => {
  const good = (): PageDocument => ({
    version: 1,
    articles: [
      {
        id: 'a1',
        blocks: [
          block('h1', '倪岳峰会见客人', mark('倪岳峰会见客人', ['倪岳峰', 'PER', 'e1']), 'headline'),
          block('p1', '江泽民李鹏乔石', mark('江泽民李鹏乔石', ['江泽民', 'PER', 'e2'], ['李鹏', 'PER', 'e3'])),
        ],
      },
    ],
    setAside: [block('f1', '责任编辑 张三\n版面编辑 李四', [], 'furniture')],
  });

  it('accepts a valid document, adjacent same-label spans, entity links and any span order', () => {
    expect(issuesOf(good())).toEqual([]);
    const d = good();
    const p1 = d.articles[0]?.blocks[1] as DocBlock;
    p1.spans = [span({ id: 'e4', start: 5, end: 7, entityId: 'Q1', origin: 'gazetteer' }), ...p1.spans];
    p1.spans.push(span({ id: 'e5', start: 0, end: 1, entityId: null }));
    expect(issuesOf(d)).toEqual(['articles.0.blocks.1.spans.1: span e2 overlaps span e5']);
    p1.spans.pop();
    expect(issuesOf(d)).toEqual([]);
    expect(issuesOf({ version: 1, articles: [], setAside: [] })).toEqual([]);
  });

  it('accepts spans on 𠮷 and refuses boundaries inside its surrogate pair', () => {
    const text = `${GAIJI}田茂首相`;
    expect(issuesOf(docOf(block('b', text, [span({ start: 0, end: 4 })])))).toEqual([]);
    expect(issuesOf(docOf(block('b', text, [span({ start: 1, end: 4 })])))).toEqual([
      'articles.0.blocks.0.spans.0: span x: a boundary splits a surrogate pair',
    ]);
    expect(issuesOf(docOf(block('b', text, [span({ start: 0, end: 1 })])))).toHaveLength(1);
  });

  it('refuses overlapping spans, nested ones included', () => {
    const text = '江泽民李鹏乔石';
    for (const [a, b] of [
      [
        [0, 3],
        [2, 5],
      ],
      [
        [0, 7],
        [3, 5],
      ],
      [
        [3, 5],
        [3, 5],
      ],
    ] as const) {
      const spans = [span({ id: 'p', start: a[0], end: a[1] }), span({ id: 'q', start: b[0], end: b[1] })];
      expect(issuesOf(docOf(block('b', text, spans))).join()).toMatch(/overlaps/);
    }
  });

  it('refuses spans out of bounds, empty or reversed, negative or fractional', () => {
    const cases: [Partial<DocSpan>, RegExp][] = [
      [{ start: 0, end: 8 }, /past the text/],
      [{ start: 3, end: 3 }, /must be before/],
      [{ start: 4, end: 3 }, /must be before/],
      [{ start: -1, end: 2 }, /too small|>=/],
      [{ start: 0.5, end: 2 }, /int/i],
    ];
    for (const [patch, message] of cases) {
      expect(issuesOf(docOf(block('b', '江泽民李鹏乔石', [span(patch)]))).join(), JSON.stringify(patch)).toMatch(
        message,
      );
    }
  });

  it('refuses duplicate ids across articles, blocks and spans', () => {
    const blockTwice = good();
    blockTwice.setAside[0] = { ...(blockTwice.setAside[0] as DocBlock), id: 'h1' };
    expect(issuesOf(blockTwice)).toEqual(['setAside.0.id: duplicate id h1']);
    const spanTwice = good();
    const p1 = spanTwice.articles[0]?.blocks[1] as DocBlock;
    p1.spans[1] = { ...(p1.spans[1] as DocSpan), id: 'e1' };
    expect(issuesOf(spanTwice)).toEqual(['articles.0.blocks.1.spans.1.id: duplicate id e1']);
    const mixed = good();
    (mixed.articles[0] as { id: string }).id = 'e2';
    expect(issuesOf(mixed)).toEqual(['articles.0.blocks.1.spans.0.id: duplicate id e2']);
  });

  it('refuses unknown roles, exported roles set aside and line breaks in exported blocks', () => {
    const badRole = good();
    (badRole.articles[0]?.blocks[0] as { role: string }).role = 'title';
    expect(issuesOf(badRole).join()).toMatch(/articles\.0\.blocks\.0\.role/);
    const setAsideBody = good();
    setAsideBody.setAside.push(block('p9', '正文'));
    expect(issuesOf(setAsideBody)).toEqual(['setAside.1.role: a body block cannot be set aside']);
    const twoLines = good();
    (twoLines.articles[0]?.blocks[1] as DocBlock).text = '江泽民李鹏\n乔石';
    expect(issuesOf(twoLines)).toEqual(['articles.0.blocks.1.text: block p1: a body is one line']);
  });

  it('refuses unknown keys, a wrong version, empty ids or labels, unknown origins and empty articles', () => {
    expect(issuesOf({ ...good(), extra: 1 }).join()).toMatch(/extra/);
    expect(issuesOf({ ...good(), version: 2 })).toHaveLength(1);
    const s = (patch: Record<string, unknown>) => docOf(block('b', '江泽民', [{ ...span(), ...patch } as DocSpan]));
    expect(issuesOf(s({ id: '' }))).toHaveLength(1);
    expect(issuesOf(s({ label: '' }))).toHaveLength(1);
    expect(issuesOf(s({ origin: 'guess' }))).toHaveLength(1);
    expect(issuesOf(s({ colour: 'red' }))).toHaveLength(1);
    expect(issuesOf({ version: 1, articles: [{ id: 'a', blocks: [] }], setAside: [] })).toHaveLength(1);
  });
});

describe('spanIssues / createIdFactory', () => {
  it('reports nothing for valid spans and each problem once', () => {
    expect(spanIssues('江泽民李鹏', mark('江泽民李鹏', ['江泽民'], ['李鹏']))).toEqual([]);
    expect(spanIssues('江泽民', [span({ end: 9 })])).toHaveLength(1);
  });

  it('hands out ids the document does not use, deterministically', () => {
    const doc = docOf(block('n0', 'a'), block('n2', 'b', [span({ id: 'n1', end: 1 })]));
    const next = createIdFactory(doc, 'n');
    expect([next(), next(), next()]).toEqual(['n3', 'n4', 'n5']);
    expect(createIdFactory(doc, 'n')()).toBe('n3');
  });
});
