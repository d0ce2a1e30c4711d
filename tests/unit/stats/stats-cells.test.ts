// The per-cell entity aggregate (migration 0080: spans per entity and cell of newspaper, status and month) and the
// filtered top entities read from it: the triggers keep it equal to a recount through saves, moves of a page to
// another cell, relabels and deletions, a v6 corpus gets it on upgrade, and under every kind of page filter the
// top entities and the entity total equal a grouping of every selected span.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { corpusStats } from '../../../src/main/stats';
import { scannedEntityCounts } from '../../../src/main/stats/queries';
import { openCorpus } from '../../../src/main/store/corpus';
import { createDocumentStore } from '../../../src/main/store/documents';
import { cellMonth } from '../../../src/main/store/migrations/0080-create-stats-cells';
import type { PageDocument } from '../../../src/shared/document';
import { PAGE_STATUSES } from '../../../src/shared/domain';
import type { StatsFilters } from '../../../src/shared/stats';
import { prng } from '../../helpers/random';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir('galley-stats-cells-');
let n = 0;

const NAMES = ['张三', '李四', '北京', '𠮷野家', '上海', 'ABC', 'abc', '王五', '广州', '河北'];
const LABELS = ['PER', 'LOC', 'ORG'];
const NEWSPAPERS = ['人民日报', '河北日报', '', null];
/** ISO dates in four months, a few not in ISO form, none. */
const DATES = [
  '2021-01-31',
  '2021-02-01',
  '2021-02-14',
  '2021-02-28',
  '2021-03-01',
  '2021-03-15',
  '2021-03-31',
  '2021-04-02',
  '2021-02',
  '2021年3月5日',
  null,
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A page of one or two articles whose blocks are names in a random order, each tagged. */
function randomDocument(random: () => number): PageDocument {
  const articles = Array.from({ length: 1 + Math.floor(random() * 2) }, (_, a) => {
    const names = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(random, NAMES));
    let at = 0;
    const spans = names.map((name, k) => {
      const start = at;
      at += name.length + 1;
      return {
        id: `s${a}-${k}`,
        label: pick(random, LABELS),
        start,
        end: start + name.length,
        origin: 'manual' as const,
      };
    });
    return { id: `a${a}`, blocks: [{ id: `b${a}`, role: 'body' as const, text: names.join('，'), spans }] };
  });
  return { version: 1, articles, setAside: [] };
}

/** The aggregate as the triggers keep it, and as a recount of the span rows gives it. */
function kept(db: Database.Database): unknown[] {
  return db
    .prepare(
      `SELECT x.label, x.text, c.newspaper, c.status, c.month, x.spans, x.pages
       FROM stats_cell_entities x JOIN stats_cells c ON c.id = x.cell ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();
}
function recounted(db: Database.Database): unknown[] {
  return db
    .prepare(
      `SELECT s.label, s.text, coalesce(p.newspaper, '') AS newspaper, p.status, ${cellMonth('p.date')} AS month,
              count(*) AS spans, count(DISTINCT s.page_id) AS pages
       FROM spans s JOIN pages p ON p.id = s.page_id GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();
}

function randomCorpus(seed: number, pages: number) {
  const corpus = openCorpus(join(dir, `c${n++}.galley`));
  const { db } = corpus;
  const random = prng(seed);
  const documents = createDocumentStore(db);
  const now = new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO pages (file_name, sha256, encoding, original_text, chars, newspaper, date, status, imported_at,
                        updated_at)
     VALUES (?, ?, 'utf-8', '原文', 2, ?, ?, ?, ?, ?)`,
  );
  const revisions = new Map<number, number>();
  const save = (id: number) => {
    const revision = (revisions.get(id) ?? 0) + 1;
    revisions.set(id, revision);
    db.transaction(() => documents.write(id, revision, randomDocument(random), [], now))();
  };
  const ids: number[] = [];
  for (let i = 0; i < pages; i++) {
    const id = Number(
      insert.run(
        `p${i}.txt`,
        `sha${seed}-${i}`,
        pick(random, NEWSPAPERS),
        pick(random, DATES),
        pick(random, PAGE_STATUSES),
        now,
        now,
      ).lastInsertRowid,
    );
    ids.push(id);
    if (random() < 0.9) save(id);
  }
  return { corpus, db, random, ids, save };
}

describe('the per-cell entity aggregate', () => {
  it('equals a recount through saves, page moves, relabels and deletions', () => {
    const { corpus, db, random, ids, save } = randomCorpus(3, 60);
    expect(kept(db)).toEqual(recounted(db));
    expect(kept(db).length).toBeGreaterThan(20);
    const setMeta = db.prepare('UPDATE pages SET newspaper = ?, date = ?, status = ? WHERE id = ?');
    for (let round = 0; round < 6; round++) {
      for (const id of ids) {
        const r = random();
        if (r < 0.15) save(id);
        else if (r < 0.3) {
          const page = db.prepare('SELECT newspaper, date, status FROM pages WHERE id = ?').get(id) as {
            newspaper: string | null;
            date: string | null;
            status: string;
          };
          // One attribute at a time, sometimes to the same cell (another day of the month).
          const which = Math.floor(random() * 3);
          setMeta.run(
            which === 0 ? pick(random, NEWSPAPERS) : page.newspaper,
            which === 1 ? pick(random, DATES) : page.date,
            which === 2 ? pick(random, PAGE_STATUSES) : page.status,
            id,
          );
        }
      }
      expect(kept(db)).toEqual(recounted(db));
    }
    db.prepare("UPDATE spans SET label = 'LOC' WHERE label = 'ORG' AND page_id % 2 = 0").run();
    expect(kept(db)).toEqual(recounted(db));
    db.prepare("UPDATE spans SET text = 'x' WHERE text = 'abc'").run();
    expect(kept(db)).toEqual(recounted(db));
    db.prepare('DELETE FROM pages WHERE id % 5 = 0').run();
    expect(kept(db)).toEqual(recounted(db));
    db.prepare('DELETE FROM spans').run();
    expect(kept(db)).toEqual([]);
    corpus.close();
  });

  it('is built from the spans when a v6 corpus is upgraded', () => {
    const copy = join(dir, 'schema-v6.galley');
    copyFileSync(join(__dirname, '..', '..', 'fixtures', 'corpora', 'schema-v6.galley'), copy);
    const corpus = openCorpus(copy, { create: false, backupDir: join(dir, 'backups') });
    expect(corpus.db.prepare('SELECT count(*) FROM spans').pluck().get()).toBeGreaterThan(0);
    expect(kept(corpus.db)).toEqual(recounted(corpus.db));
    corpus.close();
  });
});

describe('top entities under page filters', () => {
  it('equal a grouping of every selected span, for each filter alone and combined', () => {
    const { corpus, db, random } = randomCorpus(5, 120);
    const froms = [undefined, '2021-01-01', '2021-02-01', '2021-02-10', '2021-03-01', '2021-03-31', '2020-12-31'];
    const tos = [undefined, '2021-02-28', '2021-02-14', '2021-03-31', '2021-03-15', '2021-04-30', '2021-02-01'];
    const cases: StatsFilters[] = [
      { newspaper: '人民日报' },
      { newspaper: '' },
      { newspaper: '光明日报' },
      { status: 'annotated' },
      { label: 'PER' },
      { label: 'PER', status: 'new' },
      ...froms.flatMap((dateFrom) => tos.map((dateTo) => ({ dateFrom, dateTo }))),
    ];
    for (let i = 0; i < 60; i++) {
      cases.push({
        newspaper: random() < 0.5 ? pick(random, ['人民日报', '河北日报']) : undefined,
        status: random() < 0.5 ? pick(random, PAGE_STATUSES) : undefined,
        dateFrom: pick(random, froms),
        dateTo: pick(random, tos),
        label: random() < 0.3 ? pick(random, LABELS) : undefined,
      });
    }
    let compared = 0;
    for (const filters of cases) {
      for (const top of [1, 3, 10]) {
        const stats = corpusStats(db, { filters, top, persons: Math.max(2, top) });
        const scanned = scannedEntityCounts(db, filters, top);
        expect(stats.totals.entities, JSON.stringify(filters)).toBe(scanned.total);
        for (const { label, entities } of stats.topEntities) {
          expect(entities, `${label} ${JSON.stringify(filters)} top ${top}`).toEqual(scanned.top.get(label) ?? []);
          compared += entities.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
    corpus.close();
  });

  it('orders ties by the text as SQLite does (code points), not by UTF-16 units', () => {
    const corpus = openCorpus(join(dir, `c${n++}.galley`));
    const { db } = corpus;
    const now = new Date().toISOString();
    const id = Number(
      db
        .prepare(
          `INSERT INTO pages (file_name, sha256, encoding, original_text, chars, newspaper, date, imported_at, updated_at)
           VALUES ('a.txt', 'a', 'utf-8', '原文', 2, '人民日报', '2021-02-03', ?, ?)`,
        )
        .run(now, now).lastInsertRowid,
    );
    // U+FF21 (Ａ) sorts before U+20BB7 (𠮷) by code point, after it by UTF-16 unit (0xD842).
    const text = 'Ａ，𠮷';
    const doc: PageDocument = {
      version: 1,
      articles: [
        {
          id: 'a0',
          blocks: [
            {
              id: 'b0',
              role: 'body',
              text,
              spans: [
                { id: 's0', label: 'PER', start: 0, end: 1, origin: 'manual' },
                { id: 's1', label: 'PER', start: 2, end: 4, origin: 'manual' },
              ],
            },
          ],
        },
      ],
      setAside: [],
    };
    db.transaction(() => createDocumentStore(db).write(id, 1, doc, [], now))();
    const filtered = corpusStats(db, { filters: { newspaper: '人民日报' } });
    expect(filtered.topEntities[0]!.entities.map((e) => e.text)).toEqual(['Ａ', '𠮷']);
    expect(filtered.topEntities).toEqual(corpusStats(db, {}).topEntities);
    corpus.close();
  });
});
