// Statistics on a small corpus built here: exact counts, filters, astral text, the aggregates kept by triggers,
// term counts over time through both search indexes, the empty corpus, and `galley stats`.
import { join } from 'node:path';

import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { runCli, type CliIo } from '../../../src/main/cli';
import { createSearchIndex } from '../../../src/main/search';
import { createServices } from '../../../src/main/services';
import { corpusStats, termStats } from '../../../src/main/stats';
import { openCorpus } from '../../../src/main/store/corpus';
import { createDocumentStore } from '../../../src/main/store/documents';
import type { PageDocument } from '../../../src/shared/document';
import type { PageStatus } from '../../../src/shared/domain';
import { autoGranularity, periodRange } from '../../../src/shared/stats';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir('galley-stats-');
let n = 0;

type Tag = [label: string, text: string];

interface PageSpec {
  newspaper: string;
  date: string | null;
  status: PageStatus;
  /** Articles of body blocks: [text, spans (each the first occurrence of its text after the previous)]. */
  articles?: [string, Tag[]][];
}

function openDb(): Database.Database {
  return openCorpus(join(dir, `c${n++}.galley`)).db;
}

function documentOf(id: number, articles: [string, Tag[]][]): PageDocument {
  return {
    version: 1,
    articles: articles.map(([text, tags], a) => {
      let from = 0;
      return {
        id: `d${id}-a${a}`,
        blocks: [
          {
            id: `d${id}-b${a}`,
            role: 'body',
            text,
            spans: tags.map(([label, tagged], k) => {
              const start = text.indexOf(tagged, from);
              if (start < 0) throw new Error(`${tagged} is not in ${text}`);
              from = start + tagged.length;
              return { id: `s${a}-${k}`, label, start, end: from, origin: 'manual' as const };
            }),
          },
        ],
      };
    }),
    setAside: [],
  } as PageDocument;
}

function addPage(db: Database.Database, spec: PageSpec): number {
  const now = new Date().toISOString();
  const text = (spec.articles ?? []).map(([t]) => t).join('\n') || '空白的一页';
  const id = Number(
    db
      .prepare(
        `INSERT INTO pages (file_name, sha256, encoding, original_text, chars, newspaper, date, page_no, status,
                            imported_at, updated_at)
         VALUES (?, ?, 'utf-8', ?, ?, ?, ?, '01', ?, ?, ?)`,
      )
      .run(
        `p${n}_${Math.random()}.txt`,
        `sha-${Math.random()}`,
        text,
        [...text].length,
        spec.newspaper,
        spec.date,
        spec.status,
        now,
        now,
      ).lastInsertRowid,
  );
  if (spec.articles) createDocumentStore(db).write(id, 1, documentOf(id, spec.articles), [], now);
  return id;
}

const P1: PageSpec = {
  newspaper: '人民日报',
  date: '2020-02-01',
  status: 'reviewed',
  articles: [
    [
      '张三和李四在北京会面。',
      [
        ['PER', '张三'],
        ['PER', '李四'],
        ['LOC', '北京'],
      ],
    ],
    [
      '张三访问上海。',
      [
        ['PER', '张三'],
        ['LOC', '上海'],
      ],
    ],
  ],
};
const P2: PageSpec = {
  newspaper: '人民日报',
  date: '2020-02-20',
  status: 'annotated',
  articles: [
    [
      '张三与王五。',
      [
        ['PER', '张三'],
        ['PER', '王五'],
      ],
    ],
    ['𠮷野家开店。', [['ORG', '𠮷野家']]],
  ],
};
const P3: PageSpec = { newspaper: '光明日报', date: '2020-04-05', status: 'new' };
const P4: PageSpec = {
  newspaper: '光明日报',
  date: null,
  status: 'repaired',
  articles: [
    [
      '李四在北京。',
      [
        ['PER', '李四'],
        ['LOC', '北京'],
      ],
    ],
  ],
};

function corpus(): { db: Database.Database; ids: number[] } {
  const db = openDb();
  const ids = [P1, P2, P3, P4].map((p) => addPage(db, p));
  return { db, ids };
}

const chars = (spec: PageSpec) => [...((spec.articles ?? []).map(([t]) => t).join('\n') || '空白的一页')].length;

describe('stats.get', () => {
  it('counts spans, entities, mentions over time, co-occurrence and progress exactly', () => {
    const { db } = corpus();
    const s = corpusStats(db, {});
    expect(s.totals).toEqual({
      pages: 4,
      chars: chars(P1) + chars(P2) + chars(P3) + chars(P4),
      spans: 10,
      entities: 6,
      pagesWithSpans: 3,
      newspapers: 2,
      firstDate: '2020-02-01',
      lastDate: '2020-04-05',
      undatedPages: 1,
    });
    // Label-set order (PER, ORG, LOC, …) with the set's colours.
    expect(s.labels).toEqual([
      { label: 'PER', color: '#d9480f', spans: 6, pages: 3 },
      { label: 'ORG', color: '#1971c2', spans: 1, pages: 1 },
      { label: 'LOC', color: '#2f9e44', spans: 3, pages: 2 },
    ]);
    expect(s.topEntities).toEqual([
      {
        label: 'PER',
        entities: [
          { text: '张三', count: 3, pages: 2 },
          { text: '李四', count: 2, pages: 2 },
          { text: '王五', count: 1, pages: 1 },
        ],
      },
      { label: 'ORG', entities: [{ text: '𠮷野家', count: 1, pages: 1 }] },
      {
        label: 'LOC',
        entities: [
          { text: '北京', count: 2, pages: 2 },
          { text: '上海', count: 1, pages: 1 },
        ],
      },
    ]);
    // 65 days of dates: by month; the undated page is left out, empty months are 0.
    expect(s.timeline).toEqual({
      granularity: 'month',
      periods: ['2020-02', '2020-03', '2020-04'],
      series: [
        { label: 'PER', counts: [5, 0, 0] },
        { label: 'ORG', counts: [1, 0, 0] },
        { label: 'LOC', counts: [2, 0, 0] },
      ],
    });
    // Articles: P1a0 {张三, 李四}, P1a1 {张三}, P2a0 {张三, 王五}, P4a0 {李四}.
    expect(s.cooccurrence).toEqual({
      label: 'PER',
      entities: [
        { text: '张三', count: 3 },
        { text: '李四', count: 2 },
        { text: '王五', count: 1 },
      ],
      matrix: [
        [3, 1, 1],
        [1, 2, 0],
        [1, 0, 1],
      ],
    });
    expect(s.progress).toEqual([
      { status: 'new', pages: 1, chars: chars(P3) },
      { status: 'repaired', pages: 1, chars: chars(P4) },
      { status: 'annotated', pages: 1, chars: chars(P2) },
      { status: 'reviewed', pages: 1, chars: chars(P1) },
    ]);
  });

  it('applies the newspaper, date, status and label filters', () => {
    const { db } = corpus();
    const paper = corpusStats(db, { filters: { newspaper: '人民日报' }, top: 1 });
    expect(paper.totals).toMatchObject({ pages: 2, spans: 8, entities: 6, pagesWithSpans: 2, undatedPages: 0 });
    expect(paper.labels.map((l) => [l.label, l.spans, l.pages])).toEqual([
      ['PER', 5, 2],
      ['ORG', 1, 1],
      ['LOC', 2, 1],
    ]);
    expect(paper.topEntities[0]).toEqual({ label: 'PER', entities: [{ text: '张三', count: 3, pages: 2 }] });
    // The matrix keeps its own size (10) even when fewer entities are listed per label.
    expect(paper.cooccurrence.entities.map((e) => e.text)).toEqual(['张三', '李四', '王五']);

    const late = corpusStats(db, { filters: { dateFrom: '2020-02-10', dateTo: '2020-12-31' } });
    expect(late.totals).toMatchObject({ pages: 2, spans: 3, firstDate: '2020-02-20', lastDate: '2020-04-05' });
    expect(late.topEntities.find((t) => t.label === 'ORG')?.entities).toEqual([{ text: '𠮷野家', count: 1, pages: 1 }]);
    expect(late.cooccurrence.matrix).toEqual([
      [1, 1],
      [1, 1],
    ]);

    const repaired = corpusStats(db, { filters: { status: 'repaired' } });
    expect(repaired.totals).toMatchObject({ pages: 1, spans: 2, undatedPages: 1, firstDate: null });
    expect(repaired.timeline.periods).toEqual([]);
    expect(repaired.progress.map((p) => p.pages)).toEqual([0, 1, 0, 0]);

    const loc = corpusStats(db, { filters: { label: 'LOC' }, granularity: 'day' });
    expect(loc.labels.map((l) => l.label)).toEqual(['LOC']);
    expect(loc.totals).toMatchObject({ pages: 4, spans: 3, entities: 2, pagesWithSpans: 2 });
    expect(loc.timeline.periods).toHaveLength(65);
    expect(loc.timeline.series).toEqual([{ label: 'LOC', counts: expect.any(Array) }]);
    expect(loc.timeline.series[0]!.counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(loc.cooccurrence).toEqual({ label: 'PER', entities: [], matrix: [] });
  });

  it('keeps its aggregates equal to the span rows through saves, relabels and deletions', async () => {
    const db = openDb();
    const services = createServices({ corpus: { path: '', db, close: () => {} }, seedsDir: dir });
    const client = createDirectClient(services.methods);
    const ids = [P1, P2, P4].map((p) => addPage(db, p));
    const store = createDocumentStore(db);
    // Re-save P1 without its second 张三 and with 𠮷 tagged as a person.
    store.write(
      ids[0]!,
      2,
      documentOf(ids[0]!, [
        [
          '张三和李四在北京会面。',
          [
            ['PER', '张三'],
            ['PER', '李四'],
            ['LOC', '北京'],
          ],
        ],
        [
          '𠮷访问上海。',
          [
            ['PER', '𠮷'],
            ['LOC', '上海'],
          ],
        ],
      ]),
      [],
      new Date().toISOString(),
    );
    // Rename LOC to GPE through the label service (spans are rewritten in every document).
    const labels = await client.call('labels.list', {});
    await client.call('labels.save', {
      labels: labels.map(({ name, color, hotkey }) =>
        name === 'LOC' ? { name: 'GPE', color, hotkey, renamedFrom: 'LOC' } : { name, color, hotkey },
      ),
    });
    // Delete the page that had the ORG span.
    db.prepare('DELETE FROM pages WHERE id = ?').run(ids[1]);

    const fromSpans = db
      .prepare(
        'SELECT label, text, count(*) AS spans, count(DISTINCT page_id) AS pages FROM spans GROUP BY 1, 2 ORDER BY 1, 2',
      )
      .all();
    expect(db.prepare('SELECT label, text, spans, pages FROM stats_entities ORDER BY 1, 2').all()).toEqual(fromSpans);
    expect(db.prepare('SELECT page_id, label, spans FROM stats_page_labels ORDER BY 1, 2').all()).toEqual(
      db.prepare('SELECT page_id, label, count(*) AS spans FROM spans GROUP BY 1, 2 ORDER BY 1, 2').all(),
    );
    const s = corpusStats(db, {});
    expect(s.topEntities.find((t) => t.label === 'PER')?.entities).toEqual([
      { text: '李四', count: 2, pages: 2 },
      { text: '张三', count: 1, pages: 1 },
      { text: '𠮷', count: 1, pages: 1 },
    ]);
    expect(s.labels.map((l) => [l.label, l.spans])).toEqual([
      ['PER', 4],
      ['GPE', 3],
    ]);
    // The filtered path (a scan of the spans) agrees with the aggregates.
    const filtered = corpusStats(db, { filters: { newspaper: '人民日报' } });
    expect(filtered.topEntities.find((t) => t.label === 'PER')?.entities).toEqual([
      { text: '张三', count: 1, pages: 1 },
      { text: '李四', count: 1, pages: 1 },
      { text: '𠮷', count: 1, pages: 1 },
    ]);
  });

  it('answers an empty corpus with zeros and empty lists', () => {
    const s = corpusStats(openDb(), {});
    expect(s.totals).toEqual({
      pages: 0,
      chars: 0,
      spans: 0,
      entities: 0,
      pagesWithSpans: 0,
      newspapers: 0,
      firstDate: null,
      lastDate: null,
      undatedPages: 0,
    });
    expect(s.labels).toEqual([]);
    expect(s.topEntities).toEqual([]);
    expect(s.timeline.periods).toEqual([]);
    expect(s.cooccurrence).toEqual({ label: 'PER', entities: [], matrix: [] });
    expect(s.progress.every((p) => p.pages === 0 && p.chars === 0)).toBe(true);
  });
});

describe('stats.term', () => {
  it('counts occurrences, blocks and pages per period through both indexes', () => {
    const { db } = corpus();
    createSearchIndex(db).rebuildAll();
    // 2 characters: a scan of the blocks. P1 has 张三 in two blocks, P2 in one; P4 is undated.
    const short = termStats(db, { query: '张三' });
    expect(short).toMatchObject({ index: 'scan', granularity: 'month', periods: ['2020-02', '2020-03', '2020-04'] });
    expect(short.occurrences).toEqual([3, 0, 0]);
    expect(short.blocks).toEqual([3, 0, 0]);
    expect(short.pages).toEqual([2, 0, 0]);
    expect(short.total).toEqual({ occurrences: 3, blocks: 3, pages: 2 });
    // 3 code points (one astral): the trigram index.
    const astral = termStats(db, { query: '𠮷野家', granularity: 'day' });
    expect(astral.index).toBe('trigram');
    expect(astral.periods).toHaveLength(65);
    expect(astral.occurrences[astral.periods.indexOf('2020-02-20')]).toBe(1);
    expect(astral.total).toEqual({ occurrences: 1, blocks: 1, pages: 1 });
    // OR counts each term's occurrences; filters narrow the pages.
    const either = termStats(db, { query: '李四 OR 北京', filters: { newspaper: '人民日报' } });
    expect(either.total).toEqual({ occurrences: 2, blocks: 1, pages: 1 });
    expect(termStats(db, { query: '不存在的词' }).total).toEqual({ occurrences: 0, blocks: 0, pages: 0 });
  });

  it('rejects a query that does not parse', () => {
    const { db } = corpus();
    expect(() => termStats(db, { query: '-北京' })).toThrow(/only exclusions/);
  });
});

describe('periods', () => {
  it('fills every day, month or year between two dates and picks one by the span of dates', () => {
    expect(periodRange('2020-02-27', '2020-03-02', 'day')).toEqual([
      '2020-02-27',
      '2020-02-28',
      '2020-02-29',
      '2020-03-01',
      '2020-03-02',
    ]);
    expect(periodRange('2019-11-30', '2020-02-01', 'month')).toEqual(['2019-11', '2019-12', '2020-01', '2020-02']);
    expect(periodRange('2019-11-30', '2021-01-01', 'year')).toEqual(['2019', '2020', '2021']);
    expect(autoGranularity('2020-01-01', '2020-03-01')).toBe('day');
    expect(autoGranularity('2020-01-01', '2022-01-01')).toBe('month');
    expect(autoGranularity('2000-01-01', '2022-01-01')).toBe('year');
  });
});

describe('galley stats', () => {
  async function galley(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: false };
    const code = await runCli(argv, io);
    return { code, stdout, stderr, json: () => JSON.parse(stdout) };
  }

  it('prints the statistics as JSON and as tables, term counts too; bad arguments exit 2', async () => {
    const file = join(dir, 'cli.galley');
    const c = openCorpus(file);
    for (const p of [P1, P2, P3, P4]) addPage(c.db, p);
    c.close();

    const json = await galley('stats', '--db', file, '--json');
    expect(json.code).toBe(0);
    const s = json.json();
    expect(s.totals).toMatchObject({ pages: 4, spans: 10, entities: 6 });
    expect(s.topEntities[0].entities[0]).toEqual({ text: '张三', count: 3, pages: 2 });

    const filtered = await galley('stats', '--db', file, '--newspaper', '光明日报', '--label', 'PER', '--json');
    expect(filtered.json().labels).toEqual([{ label: 'PER', color: '#d9480f', spans: 1, pages: 1 }]);

    const text = await galley('stats', '--db', file);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Spans per label');
    expect(text.stdout).toMatch(/^ {2}PER\s+6\s+3$/m);
    expect(text.stdout).toMatch(/^ {2}张三\s+3\s+2$/m);

    const term = await galley('stats', '--db', file, '--term', '张三', '--json');
    expect(term.json().total).toEqual({ occurrences: 3, blocks: 3, pages: 2 });
    const termText = await galley('stats', '--db', file, '--term', '张三');
    expect(termText.stdout).toMatch(/^ {2}2020-02\s+3\s+3\s+2$/m);

    expect((await galley('stats', '--db', file, '--from', '2020/01/01')).code).toBe(2);
    expect((await galley('stats', '--db', file, '--granularity', 'week')).code).toBe(2);
    expect((await galley('stats', '--db', file, '--term', '-北京')).code).toBe(2);
  });
});
