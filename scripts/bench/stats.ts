// Statistics: gives every page a newspaper, a date and a status and ~100 spans (pages the export section did not
// tag get span rows written straight into the spans table, as a save would derive them), then times stats.get
// (unfiltered and with each filter) and stats.term (3+ and 1–2 character terms) — the "statistics view data
// < 500 ms" target.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import type Database from 'better-sqlite3';

import { createSearchIndex } from '../../src/main/search';
import { corpusStats, termStats } from '../../src/main/stats';
import { createDocumentStore } from '../../src/main/store/documents';
import { createPageStore } from '../../src/main/store/pages';
import type { PageDocument } from '../../src/shared/document';
import type { StatsArgs } from '../../src/shared/stats';
import { generatePage } from '../generate-pages.mjs';
import { ms, percentile, round2, type Results, type Row } from './common';
import { tagBodies } from './export';

const NEWSPAPERS = ['河北日报', '人民日报', '解放日报', '南方日报'];
const STATUSES = ['new', 'repaired', 'annotated', 'reviewed'] as const;
const LABELS = ['PER', 'ORG', 'LOC', 'DATE', 'TITLE'];
const HAN = /^\p{Script=Han}+$/u;

/**
 * Spreads the pages over four newspapers, two years of dates and the four statuses, and gives each page
 * without spans ~`perPage` spans: 3-character runs of its text every 20 characters, 25 to an article.
 */
export function prepareStatsCorpus(db: Database.Database, random: () => number, perPage = 100): { spans: number } {
  const ids = db.prepare('SELECT id FROM pages ORDER BY id').pluck().all() as number[];
  const setMeta = db.prepare('UPDATE pages SET newspaper = ?, date = ?, status = ? WHERE id = ?');
  const hasSpans = db.prepare('SELECT 1 FROM spans WHERE page_id = ? LIMIT 1').pluck();
  const text = db.prepare('SELECT original_text FROM pages WHERE id = ?').pluck();
  const insert = db.prepare(`
    INSERT INTO spans (page_id, span_id, block_id, article_index, label, text, start, end, cp_start, cp_end,
                       entity_id, origin)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'manual')`);
  const start = Date.UTC(2021, 0, 1);
  db.transaction(() => {
    ids.forEach((id, i) => {
      const date = new Date(start + Math.floor((i / ids.length) * 730) * 86_400_000).toISOString().slice(0, 10);
      setMeta.run(NEWSPAPERS[i % NEWSPAPERS.length], date, STATUSES[Math.floor(random() * 4)], id);
      if (hasSpans.get(id) !== undefined) return;
      const body = text.get(id) as string;
      for (let n = 0, at = 0; n < perPage && at + 3 <= body.length; n++, at += 20) {
        const label = LABELS[Math.floor(random() * random() * LABELS.length)]!;
        insert.run(
          id,
          `g${n}`,
          `p${id}-b${Math.floor(n / 5)}`,
          Math.floor(n / 25),
          label,
          body.slice(at, at + 3),
          at,
          at + 3,
          at,
          at + 3,
        );
      }
    });
  })();
  return { spans: db.prepare('SELECT count(*) FROM spans').pluck().get() as number };
}

/**
 * For `--only stats`: `count` generated pages inserted straight through the page store (no files, no decoding,
 * no layout repair), each given a saved document of its paragraphs as body blocks, five to an article, tagged
 * every 20th character as the export section tags them (up to 100 spans a page) — documents, so that accepting
 * entity proposals rewrites real pages. Written in one transaction per 500 pages.
 */
export function buildTaggedCorpus(
  db: Database.Database,
  args: { count: number; chars: number; random: () => number; sentences: readonly string[] },
): { pages: number; spans: number } {
  const pages = createPageStore(db);
  const documents = createDocumentStore(db);
  let spans = 0;
  for (let from = 0; from < args.count; from += 500) {
    const batch = Array.from({ length: Math.min(500, args.count - from) }, (_, k) => {
      const text = generatePage(args.random, args.sentences, args.chars) as string;
      return {
        fileName: `bench_${String(from + k).padStart(6, '0')}.txt`,
        sourcePath: null,
        sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
        encoding: 'utf-8' as const,
        originalText: text,
        chars: [...text].length,
        newspaper: null,
        date: null,
        pageNo: null,
      };
    });
    const savedAt = new Date().toISOString();
    pages.insertBatch(batch, (added) => {
      for (const { id, page } of added) {
        const paragraphs = page.originalText.split(/\n+/).filter((p) => p.trim() !== '');
        const doc: PageDocument = { version: 1, articles: [], setAside: [] };
        paragraphs.forEach((text, i) => {
          if (i % 5 === 0) doc.articles.push({ id: `a${i / 5}`, blocks: [] });
          doc.articles[doc.articles.length - 1]!.blocks.push({ id: `b${i}`, role: 'body', text, spans: [] });
        });
        spans += tagBodies(doc, 20, 100);
        documents.write(id, 1, doc, [], savedAt);
      }
    });
  }
  return { pages: pages.count(), spans };
}

function time<T>(fn: () => T): [number, T] {
  const t0 = performance.now();
  const value = fn();
  return [performance.now() - t0, value];
}

/** `count` seeded Han substrings of the corpus's text of `min`–`max` characters. */
function terms(db: Database.Database, random: () => number, count: number, min: number, max: number): string[] {
  const pick = db.prepare('SELECT original_text FROM pages ORDER BY random() LIMIT 50').pluck();
  const texts = pick.all() as string[];
  const out: string[] = [];
  while (out.length < count) {
    const text = texts[Math.floor(random() * texts.length)]!;
    const length = min + Math.floor(random() * (max - min + 1));
    const at = Math.floor(random() * Math.max(1, text.length - length));
    const term = text.slice(at, at + length);
    if (HAN.test(term)) out.push(term);
  }
  return out;
}

export function benchStats(args: { db: Database.Database; random: () => number; rows: Row[]; results: Results }): void {
  const { db, random, rows, results } = args;
  const t0 = performance.now();
  const { spans } = prepareStatsCorpus(db, random);
  createSearchIndex(db).ensureBuilt();
  db.pragma('optimize');
  const pages = db.prepare('SELECT count(*) FROM pages').pluck().get() as number;
  console.error(`bench: stats corpus ready, ${spans} spans (${Math.round((performance.now() - t0) / 1000)} s)`);
  results.statsSpans = spans;

  const variants: [name: string, args: StatsArgs][] = [
    ['no filter', {}],
    ['newspaper', { filters: { newspaper: '河北日报' } }],
    ['3 months', { filters: { dateFrom: '2021-03-01', dateTo: '2021-05-31' } }],
    ['1 year', { filters: { dateFrom: '2021-01-01', dateTo: '2021-12-31' } }],
    // Both ends mid-month: the pages of those two months are counted span by span (the rest from the cells).
    ['mid-month range', { filters: { dateFrom: '2021-03-10', dateTo: '2021-09-20' } }],
    ['status', { filters: { status: 'annotated' } }],
    ['label', { filters: { label: 'PER' } }],
    ['by day', { granularity: 'day' }],
    ['newspaper + status', { filters: { newspaper: '河北日报', status: 'annotated' } }],
    [
      'all four filters',
      {
        filters: {
          newspaper: '人民日报',
          dateFrom: '2021-01-01',
          dateTo: '2021-12-31',
          status: 'repaired',
          label: 'LOC',
        },
      },
    ],
  ];
  const ROUNDS = 5;
  const getTimes: number[] = [];
  const byVariant = variants.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    variants.forEach(([, variant], v) => {
      const cpu0 = process.cpuUsage();
      const [t] = time(() => corpusStats(db, variant));
      const cpu = process.cpuUsage(cpu0);
      getTimes.push(t);
      byVariant[v]!.wall.push(t);
      byVariant[v]!.cpu.push((cpu.user + cpu.system) / 1000);
    });
  }
  results.statsGetP50Ms = round2(percentile(getTimes, 50));
  results.statsGetP95Ms = round2(percentile(getTimes, 95));
  rows.push([
    `stats.get, ${getTimes.length} calls`,
    `p50 ${ms(results.statsGetP50Ms)}`,
    `p95 ${ms(results.statsGetP95Ms)}; ${pages} pages, ${spans} spans; ${variants.map(([n]) => n).join(', ')}`,
  ]);
  variants.forEach(([name], v) => {
    const { wall, cpu } = byVariant[v]!;
    const key = name.replace(/[^a-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
    results[`statsGet_${key}_P95Ms`] = round2(percentile(wall, 95));
    results[`statsGet_${key}_CpuP50Ms`] = round2(percentile(cpu, 50));
    rows.push([
      `  stats.get ${name}`,
      `p95 ${ms(percentile(wall, 95))}`,
      `p50 ${ms(percentile(wall, 50))}; CPU p50 ${ms(percentile(cpu, 50))} (${ROUNDS} calls)`,
    ]);
  });

  for (const [name, key, min, max] of [
    ['stats.term, 3+ chars (trigram)', 'statsTermLong', 3, 6],
    ['stats.term, 1–2 chars (scan)', 'statsTermShort', 1, 2],
  ] as const) {
    const times: number[] = [];
    let occurrences = 0;
    for (const query of terms(db, random, 30, min, max)) {
      const [t, result] = time(() => termStats(db, { query }));
      times.push(t);
      occurrences += result.total.occurrences;
    }
    results[`${key}P50Ms`] = round2(percentile(times, 50));
    results[`${key}P95Ms`] = round2(percentile(times, 95));
    rows.push([
      `${name}, 30 terms`,
      `p50 ${ms(percentile(times, 50))}`,
      `p95 ${ms(percentile(times, 95))}; ${occurrences} occurrences in all`,
    ]);
  }
}
