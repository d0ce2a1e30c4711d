// Search over a small corpus: the trigram indexes and the short-term scan against a LIKE oracle, filters, snippets,
// index upkeep (corrected and original text), span search.
import { join } from 'node:path';

import type Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';

import { corpusRows, createSearchIndex, runSearchCommand, search, searchSpans } from '../../../src/main/search';
import { FINISH_NOW_MAX_PAGES } from '../../../src/main/search/background';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { createDocumentStore } from '../../../src/main/store/documents';
import { migration0040 } from '../../../src/main/store/migrations/0040-create-search';
import type { PageDocument } from '../../../src/shared/document';
import type { BlockRole, PageStatus } from '../../../src/shared/domain';
import { compileQuery, parseQuery, type SearchFilters } from '../../../src/shared/search';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir('galley-search-');
let n = 0;

/** Opens a fresh corpus at schema 4; applies migration 0040 itself until the lead registers it. */
function openDb(): Database.Database {
  const corpus = openCorpus(join(dir, `s${n++}.galley`));
  const db = corpus.db;
  if ((db.pragma('user_version', { simple: true }) as number) === 3) {
    db.transaction(() => {
      migration0040.up(db);
      db.pragma('user_version = 4');
    })();
  }
  return db;
}

interface PageSpec {
  newspaper: string;
  date: string;
  status: PageStatus;
  original: string;
  /** Corrected blocks as [role, text]; one article. */
  blocks?: [BlockRole, string][];
  /** Saved as a document (else stored as a repair reading). */
  saved?: boolean;
  spans?: { block: number; text: string; label: string }[];
}

function addPage(db: Database.Database, spec: PageSpec): number {
  const now = new Date().toISOString();
  const id = Number(
    db
      .prepare(
        `INSERT INTO pages (file_name, sha256, encoding, original_text, chars, newspaper, date, page_no, status,
                            imported_at, updated_at)
         VALUES (?, ?, 'utf-8', ?, ?, ?, ?, '01', ?, ?, ?)`,
      )
      .run(
        `${spec.newspaper}_${spec.date}_${n}.txt`,
        `sha-${Math.random()}`,
        spec.original,
        spec.original.length,
        spec.newspaper,
        spec.date,
        spec.status,
        now,
        now,
      ).lastInsertRowid,
  );
  const blocks = spec.blocks ?? [];
  if (spec.saved) {
    const doc: PageDocument = {
      version: 1,
      articles: [
        {
          id: `d${id}-a0`,
          blocks: blocks.map(([role, text], i) => ({
            id: `d${id}-b${i}`,
            role,
            text,
            spans: (spec.spans ?? [])
              .filter((s) => s.block === i)
              .map((s, k) => {
                const start = text.indexOf(s.text);
                return { id: `d${id}-s${i}-${k}`, label: s.label, start, end: start + s.text.length, origin: 'manual' };
              }),
          })),
        },
      ],
      setAside: [],
    };
    createDocumentStore(db).write(id, 1, doc, [], now);
  } else if (blocks.length > 0) {
    const reading = { articles: [{ blocks: blocks.map(([role, text]) => ({ role, text })) }], removed: [] };
    db.prepare(
      `INSERT INTO page_readings (page_id, engine_version, threshold, reading, updated_at) VALUES (?, 1, 0.5, ?, ?)`,
    ).run(id, JSON.stringify(reading), now);
  }
  return id;
}

const CORPUS: PageSpec[] = [
  {
    newspaper: '人民日报',
    date: '2020-02-01',
    status: 'reviewed',
    original: '北京市疫情防控\n核酸检测全面展开',
    blocks: [
      ['headline', '北京市疫情防控'],
      ['body', '核酸检测全面展开，疫苗研发加快。'],
      ['furniture', '责任编辑 王五'],
    ],
    saved: true,
    spans: [{ block: 1, text: '核酸检测', label: 'ORG' }],
  },
  {
    newspaper: '人民日报',
    date: '2020-03-15',
    status: 'new',
    original: '上海疫苗接种\n张三说明了情况',
    blocks: [
      ['headline', '上海疫苗接种'],
      ['body', '张三在北京说明了情况。'],
      ['jump', '（下转第二版）'],
    ],
  },
  {
    newspaper: '光明日报',
    date: '2021-05-01',
    status: 'annotated',
    original: '𠮷野家在北京开店 COVID-19',
    blocks: [['body', '𠮷野家在北京开店，COVID-19 之后。']],
    saved: true,
    spans: [
      { block: 0, text: '𠮷野家', label: 'ORG' },
      { block: 0, text: '北京', label: 'LOC' },
    ],
  },
  {
    newspaper: '光明日报',
    date: '2021-06-01',
    status: 'new',
    original: '天津港口 100% 复工_率',
    // No reading yet: only the original text is searchable.
  },
  {
    newspaper: '经济日报',
    date: '2019-12-31',
    status: 'repaired',
    original: '张三 张三丰',
    blocks: [
      ['byline', '记者 张三丰'],
      ['body', '张三和李四谈疫情。'],
    ],
    saved: true,
    spans: [
      { block: 0, text: '张三丰', label: 'PER' },
      { block: 1, text: '张三', label: 'PER' },
      { block: 1, text: '李四', label: 'PER' },
    ],
  },
];

/** The exact answer by a LIKE scan of search_blocks (or of the pages' original text), in rowid order. */
function oracle(db: Database.Database, query: string, source: 'corrected' | 'original' = 'corrected'): string[] {
  const { like } = compileQuery(parseQuery(query), 'text');
  const sql =
    source === 'corrected'
      ? `SELECT page_id || ':' || block_key FROM search_blocks WHERE ${like.sql} ORDER BY id`
      : `SELECT id || ':original' FROM (SELECT id, original_text AS text FROM pages) WHERE ${like.sql} ORDER BY id`;
  return db
    .prepare(sql)
    .pluck()
    .all(...like.params) as string[];
}

function keys(db: Database.Database, query: string, filters: SearchFilters = {}, originalIndexed = false): string[] {
  return search(db, { query, filters, limit: 500 }, { originalIndexed }).hits.map((h) => `${h.pageId}:${h.blockKey}`);
}

describe('search', () => {
  let db: Database.Database;
  let ids: number[];

  beforeAll(() => {
    db = openDb();
    ids = CORPUS.map((spec) => addPage(db, spec));
    createSearchIndex(db).rebuildAll();
  });

  it('finds 1–2 character words, which a trigram MATCH silently misses', () => {
    // The pitfall this path exists for: no error, no rows.
    expect(db.prepare(`SELECT count(*) FROM search_fts WHERE search_fts MATCH '"北京"'`).pluck().get()).toBe(0);
    const beijing = search(db, { query: '北京' });
    expect(beijing.index).toBe('scan');
    expect(beijing.total).toBe(3);
    expect(beijing.hits.map((h) => h.snippet.match)).toEqual(['北京', '北京', '北京']);
    expect(keys(db, '疫')).toEqual(oracle(db, '疫'));
    expect(keys(db, '疫').length).toBe(4);
  });

  it('answers 3+ character queries from the trigram index', () => {
    const result = search(db, { query: '核酸检测' });
    expect(result.index).toBe('trigram');
    expect(result.total).toBe(1);
    expect(result.hits[0]).toMatchObject({ pageId: ids[0], role: 'body', articleIndex: 0, blockIndex: 1 });
  });

  it.each([
    '北京',
    '疫',
    '张三',
    '张三丰',
    '核酸检测 OR 疫苗 -北京',
    '张三 -张三丰',
    '(北京 OR 上海) 疫',
    '疫苗 OR 北京市',
    '"COVID-19"',
    'covid',
    '𠮷野',
    '，',
    '情况 说明',
  ])('agrees with a LIKE scan for %j', (query) => {
    expect(keys(db, query)).toEqual(oracle(db, query));
  });

  it('mixes AND / OR / NOT across both term lengths', () => {
    expect(keys(db, '核酸检测 OR 疫苗 -北京')).toEqual([`${ids[0]}:d${ids[0]}-b1`, `${ids[1]}:p${ids[1]}-b0`]);
    expect(keys(db, '张三 -张三丰')).toEqual([`${ids[1]}:p${ids[1]}-b1`, `${ids[4]}:d${ids[4]}-b1`]);
  });

  it('leaves jump and furniture blocks out of the corrected text', () => {
    expect(search(db, { query: '责任编辑' }).total).toBe(0);
    expect(search(db, { query: '下转' }).total).toBe(0);
  });

  it('filters by newspaper, date range, status, role and label', () => {
    expect(keys(db, '疫', { newspaper: '人民日报' }).length).toBe(3);
    expect(keys(db, '疫', { dateFrom: '2020-02-02', dateTo: '2020-12-31' })).toEqual([`${ids[1]}:p${ids[1]}-b0`]);
    expect(keys(db, '疫', { status: 'repaired' })).toEqual([`${ids[4]}:d${ids[4]}-b1`]);
    expect(search(db, { query: '疫', filters: { role: 'headline' } }).hits.map((h) => h.role)).toEqual([
      'headline',
      'headline',
    ]);
    expect(keys(db, '北京', { hasLabel: 'LOC' })).toEqual([`${ids[2]}:d${ids[2]}-b0`]);
    expect(keys(db, '疫', { hasLabel: true }).map((k) => Number(k.split(':')[0]))).toEqual([ids[0], ids[0], ids[4]]);
    expect(search(db, { query: '疫情', filters: { role: 'headline', newspaper: '人民日报' } }).total).toBe(1);
  });

  it('searches the original OCR text as an option, one hit per page', () => {
    const result = search(db, { query: '复工', filters: { source: 'original' } });
    expect(result.total).toBe(1);
    expect(result.hits[0]).toMatchObject({ pageId: ids[3], blockKey: 'original', role: null, source: 'original' });
    expect(search(db, { query: '100%', filters: { source: 'original' } }).total).toBe(1);
    expect(search(db, { query: '_率', filters: { source: 'original' } }).total).toBe(1);
    expect(search(db, { query: '复工' }).total).toBe(0);
    expect(keys(db, '北京', { source: 'original' })).toEqual(oracle(db, '北京', 'original'));
  });

  it('answers the original text from its own index once built, as the scan did', () => {
    const queries = ['复工', '北京', '核酸检测', '100%', '疫苗接种 OR 北京市', '北京 -疫情', '𠮷野家', 'covid'];
    const scanned = queries.map((q) => keys(db, q, { source: 'original' }));
    const index = createSearchIndex(db);
    expect(index.originalState()).toBe('stale');
    index.rebuildOriginal();
    expect(index.originalState()).toBe('built');
    expect(queries.map((q) => keys(db, q, { source: 'original' }, true))).toEqual(scanned);
    expect(queries.map((q) => oracle(db, q, 'original'))).toEqual(scanned);
    expect(search(db, { query: '核酸检测', filters: { source: 'original' } }, { originalIndexed: true }).index).toBe(
      'trigram',
    );
    // Checked against the pages only once built: an index not built yet does not hold them.
    if (createSearchIndex(db).originalState() === 'built') {
      db.prepare(`INSERT INTO search_original (search_original, rank) VALUES ('integrity-check', 1)`).run();
    }
  });

  it('narrows a scan by the index when the query requires a 3+ character term', () => {
    const compiled = compileQuery(parseQuery('核酸检测 疫 -北京'), 'b.text');
    expect(compiled).toMatchObject({ index: 'scan', match: null, prefilter: '"核酸检测"' });
    expect(keys(db, '核酸检测 疫')).toEqual(oracle(db, '核酸检测 疫'));
    expect(keys(db, '核酸检测 疫')).toEqual([`${ids[0]}:d${ids[0]}-b1`]);
    expect(compileQuery(parseQuery('核酸检测 OR 疫')).prefilter).toBeNull();
  });

  it('gives snippet offsets in UTF-16 with 𠮷 before the match', () => {
    const hit = search(db, { query: '北京开店' }).hits[0]!;
    const text = '𠮷野家在北京开店，COVID-19 之后。';
    expect(hit.matchStart).toBe(text.indexOf('北京开店'));
    expect(hit.matchStart).toBe(5);
    expect(hit.matchEnd).toBe(9);
    expect(hit.snippet).toEqual({ before: '𠮷野家在', match: '北京开店', after: '，COVID-19 之后。' });
    const short = search(db, { query: '北京', filters: { newspaper: '光明日报' } }).hits[0]!;
    expect([short.matchStart, short.matchEnd, short.snippet.before]).toEqual([5, 7, '𠮷野家在']);
  });

  it('pages the results with a stable total', () => {
    const all = keys(db, '疫');
    const first = search(db, { query: '疫', limit: 2, offset: 0 });
    const second = search(db, { query: '疫', limit: 2, offset: 2 });
    expect(first.total).toBe(all.length);
    expect(second.total).toBe(all.length);
    expect([...first.hits, ...second.hits].map((h) => `${h.pageId}:${h.blockKey}`)).toEqual(all);
    expect(search(db, { query: '疫', offset: 100 }).hits).toEqual([]);
  });

  it('counts the pages of the hits when asked', () => {
    // 疫 is in two blocks of the first page and one block of the second and of the fifth.
    expect(search(db, { query: '疫' }).pages).toBeUndefined();
    expect(search(db, { query: '疫', countPages: true, limit: 1 })).toMatchObject({ total: 4, pages: 3 });
    expect(search(db, { query: '疫', countPages: true, filters: { newspaper: '人民日报' } })).toMatchObject({
      total: 3,
      pages: 2,
    });
    const original = oracle(db, '北京', 'original').length;
    expect(search(db, { query: '北京', countPages: true, filters: { source: 'original' } })).toMatchObject({
      total: original,
      pages: original,
    });
    expect(search(db, { query: '不存在的词', countPages: true })).toMatchObject({ total: 0, pages: 0 });
  });

  it('refuses a malformed query as a bad request', () => {
    expect(() => search(db, { query: '"北京' })).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => search(db, { query: '-北京' })).toThrow('only exclusions');
  });

  it('finds spans by label, exact text and substring', () => {
    const per = searchSpans(db, { label: 'PER' });
    expect(per.total).toBe(3);
    expect(searchSpans(db, { label: 'PER', text: '张三' }).hits.map((h) => h.text)).toEqual(['张三']);
    expect(
      searchSpans(db, { label: 'PER', textLike: '张三' })
        .hits.map((h) => h.text)
        .sort(),
    ).toEqual(['张三', '张三丰']);
    const org = searchSpans(db, { text: '𠮷野家' }).hits[0]!;
    expect(org).toMatchObject({ pageId: ids[2], label: 'ORG', start: 0, end: 4, blockId: `d${ids[2]}-b0` });
    expect(org.snippet).toEqual({ before: '', match: '𠮷野家', after: '在北京开店，COVID-19 之后。' });
    expect(searchSpans(db, { label: 'PER', text: '李四' }).hits[0]!.snippet).toEqual({
      before: '张三和',
      match: '李四',
      after: '谈疫情。',
    });
    expect(searchSpans(db, { textLike: '%' }).total).toBe(0);
    expect(searchSpans(db, { label: 'ORG', newspaper: '人民日报' }).hits.map((h) => h.text)).toEqual(['核酸检测']);
    expect(searchSpans(db, { label: 'PER', limit: 1, offset: 1 }).hits.length).toBe(1);
  });

  it('prints results for the CLI as JSON', () => {
    let out = '';
    runSearchCommand(db, '北京', { limit: 2 }, { stdout: (t) => (out += t), stderr: () => {} }, true);
    const parsed = JSON.parse(out) as { total: number; hits: unknown[] };
    expect(parsed.total).toBe(3);
    expect(parsed.hits.length).toBe(2);
  });
});

describe('index upkeep', () => {
  function snapshot(db: Database.Database) {
    const rows = db
      .prepare(
        `SELECT page_id, block_key, article_index, block_index, role, text FROM search_blocks
         ORDER BY page_id, block_key`,
      )
      .all();
    const answers = ['北京', '疫', '核酸检测', '张三 -张三丰', '新闻稿', '北京 OR 疫苗接种'].map((q) => [
      keys(db, q).sort(),
      keys(db, q, { source: 'original' }).sort(),
    ]);
    return { rows, answers };
  }

  function integrity(db: Database.Database): void {
    db.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`).run();
    // Checked against the pages only once built: an index not built yet does not hold them.
    if (createSearchIndex(db).originalState() === 'built') {
      db.prepare(`INSERT INTO search_original (search_original, rank) VALUES ('integrity-check', 1)`).run();
    }
  }

  it('indexPage replaces a page’s rows and the index forgets the old text', () => {
    const db = openDb();
    const ids = CORPUS.map((spec) => addPage(db, spec));
    const index = createSearchIndex(db);
    index.rebuildAll();
    expect(search(db, { query: '核酸检测' }).total).toBe(1);
    const before = db.prepare('SELECT count(*) FROM search_blocks').pluck().get() as number;
    db.transaction(() => {
      index.indexPage(ids[0]!, [{ blockKey: 'x', articleIndex: 0, blockIndex: 0, role: 'body', text: '新闻稿在此' }]);
    })();
    expect(search(db, { query: '核酸检测' }).total).toBe(0);
    expect(search(db, { query: '新闻稿' }).hits.map((h) => h.pageId)).toEqual([ids[0]]);
    expect(search(db, { query: '稿' }).total).toBe(1);
    expect(db.prepare('SELECT count(*) FROM search_blocks').pluck().get()).toBe(before - 1);
    integrity(db);
    index.rebuildOriginal();
    const original = { query: '核酸检测', filters: { source: 'original' as const } };
    expect(search(db, original, { originalIndexed: true }).total).toBe(1);
    index.removePage(ids[0]!);
    db.prepare('DELETE FROM page_readings WHERE page_id = ?').run(ids[0]!);
    db.prepare('DELETE FROM page_documents WHERE page_id = ?').run(ids[0]!);
    db.prepare('DELETE FROM spans WHERE page_id = ?').run(ids[0]!);
    db.prepare('DELETE FROM pages WHERE id = ?').run(ids[0]!);
    expect(search(db, original, { originalIndexed: true }).total).toBe(0);
    integrity(db);
  });

  it('counts a scanned query again once the index changed, in this connection or another', () => {
    const path = join(dir, 'counts.galley');
    const corpus = openCorpus(path);
    const ids = CORPUS.map((spec) => addPage(corpus.db, spec));
    const index = createSearchIndex(corpus.db);
    index.rebuildAll();
    // limit 1 leaves more hits than rows, so the total comes from a count (kept for the next block of results).
    const total = () => search(corpus.db, { query: '疫', limit: 1, countPages: true });
    expect(total()).toMatchObject({ total: 4, pages: 3 });
    expect(search(corpus.db, { query: '疫', limit: 1, offset: 1 }).total).toBe(4);
    const row = { blockKey: 'x', articleIndex: 0, blockIndex: 9, role: 'body' as const, text: '疫情通报' };
    corpus.db.transaction(() => index.indexPage(ids[3]!, [row]))();
    expect(total()).toMatchObject({ total: 5, pages: 4 });
    const other = openCorpus(path);
    other.db.transaction(() => createSearchIndex(other.db).indexPage(ids[3]!, []))();
    other.close();
    expect(total()).toMatchObject({ total: 4, pages: 3 });
    corpus.close();
  });

  it('rebuilds in large segments without merging, then merges later saves as usual', () => {
    const db = openDb();
    CORPUS.forEach((spec) => addPage(db, spec));
    const index = createSearchIndex(db);
    index.rebuildAll();
    index.rebuildOriginal();
    for (const table of ['search_fts', 'search_original']) {
      const config = Object.fromEntries(
        db.prepare(`SELECT k, v FROM ${table}_config`).raw().all() as [string, number][],
      );
      expect(config).toMatchObject({ hashsize: 16 * 1024 * 1024, automerge: 4 });
    }
    integrity(db);
  });

  it('a rollback of the save leaves the index as it was', () => {
    const db = openDb();
    const [id] = CORPUS.map((spec) => addPage(db, spec));
    const index = createSearchIndex(db);
    index.rebuildAll();
    expect(() =>
      db.transaction(() => {
        index.indexPage(id!, []);
        throw new Error('save failed');
      })(),
    ).toThrow('save failed');
    expect(search(db, { query: '核酸检测' }).total).toBe(1);
    integrity(db);
  });

  it('rebuildAll gives the same index as incremental upkeep', () => {
    const incremental = openDb();
    const index = createSearchIndex(incremental);
    index.rebuildAll(); // empty corpus: marks the index built
    const ids = CORPUS.map((spec) => {
      const id = addPage(incremental, spec);
      incremental.transaction(() => index.indexPage(id, corpusRows(incremental, id)))();
      return id;
    });
    // A later save of a page, as the editor would make it.
    const doc = createDocumentStore(incremental).get(ids[0]!)!.document;
    doc.articles[0]!.blocks[1]!.text = '新闻稿：核酸检测暂停。';
    doc.articles[0]!.blocks[1]!.spans = [];
    incremental.transaction(() => {
      createDocumentStore(incremental).write(ids[0]!, 2, doc, [], new Date().toISOString());
      index.reindexPage(ids[0]!);
    })();
    integrity(incremental);
    const fromIncremental = snapshot(incremental);

    const report = index.rebuildAll();
    expect(report.pages).toBe(CORPUS.length);
    integrity(incremental);
    expect(snapshot(incremental)).toEqual(fromIncremental);
    expect(fromIncremental.answers[4]![0]).toEqual([`${ids[0]}:d${ids[0]}-b1`]);
  });

  it('corpusRows prefers the saved document, then the reading, and keeps only exported blocks', () => {
    const db = openDb();
    const ids = CORPUS.map((spec) => addPage(db, spec));
    expect(corpusRows(db, ids[0]!).map((r) => [r.blockKey, r.role])).toEqual([
      [`d${ids[0]}-b0`, 'headline'],
      [`d${ids[0]}-b1`, 'body'],
    ]);
    // An unsaved page gets the editor's ids for the document it derives from the reading.
    expect(corpusRows(db, ids[1]!).map((r) => r.blockKey)).toEqual([`p${ids[1]}-b0`, `p${ids[1]}-b1`]);
    expect(corpusRows(db, ids[3]!)).toEqual([]);
    expect(corpusRows(db, 999)).toEqual([]);
  });

  it('reports a fresh migration as not built, and afterImport rebuilds then', () => {
    const db = openDb();
    const index = createSearchIndex(db);
    expect(index.isBuilt()).toBe(false);
    const ids = CORPUS.map((spec) => addPage(db, spec));
    expect(index.afterImport(ids)).toBe('rebuilt');
    expect(index.isBuilt()).toBe(true);
    const extra = addPage(db, { newspaper: '河北日报', date: '2022-01-01', status: 'new', original: '石家庄新闻' });
    expect(index.afterImport([extra])).toBe('incremental');
    expect(search(db, { query: '石家庄', filters: { source: 'original' } }).total).toBe(1);
    expect(index.ensureBuilt()).toBe(false);
  });
});

describe('incremental build in slices', () => {
  function answers(db: Database.Database) {
    return ['北京', '疫', '核酸检测', '张三 -张三丰', '天津港口', '北京 OR 疫苗接种'].map((q) => [
      keys(db, q).sort(),
      keys(db, q, { source: 'original' }).sort(),
    ]);
  }

  function rowsOf(db: Database.Database) {
    return db.prepare('SELECT page_id, block_key, role, text FROM search_blocks ORDER BY page_id, block_key').all();
  }

  it('gives the same index as rebuildAll, and resumes from its cursor after the corpus is reopened', () => {
    const path = join(dir, 'resume.galley');
    let corpus = openCorpus(path);
    CORPUS.forEach((spec) => addPage(corpus.db, spec));
    let index = createSearchIndex(corpus.db);
    expect(index.progress()).toEqual({ state: 'stale', done: 0, total: CORPUS.length });
    expect(index.buildStep(Infinity, 2)).toBe(false);
    expect(index.progress()).toEqual({ state: 'building', done: 2, total: CORPUS.length });
    corpus.close();

    corpus = openCorpus(path);
    index = createSearchIndex(corpus.db);
    expect(index.progress()).toMatchObject({ state: 'building', done: 2 });
    let steps = 0;
    while (!index.buildStep(Infinity, 2)) steps++;
    expect(steps).toBe(2);
    expect(index.progress()).toEqual({ state: 'built', done: CORPUS.length, total: CORPUS.length });
    const sliced = { rows: rowsOf(corpus.db), answers: answers(corpus.db) };
    corpus.db.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`).run();

    index.rebuildAll();
    expect({ rows: rowsOf(corpus.db), answers: answers(corpus.db) }).toEqual(sliced);
    expect(sliced.answers[0]![0]!.length).toBeGreaterThan(0);
    corpus.close();
  });

  it('keeps saves made during a build on both sides of the cursor', () => {
    const db = openDb();
    const ids = CORPUS.map((spec) => addPage(db, spec));
    const index = createSearchIndex(db);
    expect(index.buildStep(Infinity, 2)).toBe(false); // pages 1–2 indexed, 3–5 not yet
    const store = createDocumentStore(db);
    for (const id of [ids[0]!, ids[4]!]) {
      const doc = store.get(id)!.document;
      doc.articles[0]!.blocks[1]!.text = `新闻稿${id}：内容已改。`;
      doc.articles[0]!.blocks[1]!.spans = [];
      db.transaction(() => {
        store.write(id, 2, doc, [], new Date().toISOString());
        index.reindexPage(id);
      })();
    }
    expect(index.isMaintained()).toBe(true);
    while (!index.buildStep(5, 1));
    expect(keys(db, '新闻稿').sort()).toEqual([`${ids[0]}:d${ids[0]}-b1`, `${ids[4]}:d${ids[4]}-b1`].sort());
    expect(keys(db, '核酸检测')).toEqual([]);
    expect(keys(db, '李四')).toEqual([]);
    const sliced = rowsOf(db);
    index.rebuildAll();
    expect(rowsOf(db)).toEqual(sliced);
  });

  it('lets a search on a large unindexed corpus answer at once while the app builds the index behind it', async () => {
    const corpus = openCorpus(join(dir, 'large.galley'));
    const insert = corpus.db.prepare(
      `INSERT INTO pages (file_name, sha256, encoding, original_text, chars, imported_at, updated_at)
       VALUES (?, ?, 'utf-8', ?, ?, '', '')`,
    );
    corpus.db.transaction(() => {
      for (let i = 0; i < FINISH_NOW_MAX_PAGES + 300; i++) {
        const text = i % 7 === 0 ? `第${i}版 北京新闻 𠮷野家` : `第${i}版 上海新闻`;
        insert.run(`p${i}.txt`, `h${i}`, text, text.length);
      }
    })();
    const services = createServices({
      corpus,
      seedsDir: SEEDS_DIR,
      backgroundIndexing: true,
    });
    const total = FINISH_NOW_MAX_PAGES + 300;
    const query = (source: 'corrected' | 'original') =>
      services.methods['search.query']({ query: '北京新闻', filters: { source }, offset: 0, limit: 10 });
    const first = await query('corrected');
    expect(first.indexing).toEqual({ done: 0, total });
    // The original text is scanned while its index is built behind the corrected text's: complete at once.
    expect(services.search.originalState()).toBe('stale');
    const scanned = await query('original');
    expect(scanned).toMatchObject({ total: Math.ceil(total / 7), index: 'trigram' });
    expect(scanned.indexing).toBeUndefined();
    expect(services.search.originalState()).toBe('building');

    for (let i = 0; i < 600 && services.search.originalState() !== 'built'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await services.methods['search.status']({})).toEqual({ state: 'built', done: total, total });
    expect(services.search.originalProgress()).toEqual({ state: 'built', done: total, total });
    const after = await query('original');
    expect(after.indexing).toBeUndefined();
    expect(after.hits).toEqual(scanned.hits);
    expect(after.total).toBe(Math.ceil(total / 7));
    corpus.db.prepare(`INSERT INTO search_original (search_original, rank) VALUES ('integrity-check', 1)`).run();
    // Every page without a reading has no corrected text; the corrected index is complete and empty.
    expect((await query('corrected')).total).toBe(0);
    services.indexBuilder.stop();
    corpus.close();
  });

  it('finishes a small remainder within the search that asks, without background work', async () => {
    const corpus = openCorpus(join(dir, 'small.galley'));
    CORPUS.forEach((spec) => addPage(corpus.db, spec));
    const services = createServices({ corpus, seedsDir: SEEDS_DIR });
    const result = await services.methods['search.query']({ query: '𠮷野家', filters: {}, offset: 0, limit: 10 });
    expect(result.indexing).toBeUndefined();
    expect(result.total).toBe(1);
    expect(services.search.isBuilt()).toBe(true);
    corpus.close();
  });
});
