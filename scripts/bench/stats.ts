// Statistics: gives every page a newspaper, a date and a status and ~100 spans (pages the export section did not
// tag get span rows written straight into the spans table, as a save would derive them), then times stats.get
// (unfiltered and with each filter) and stats.term (3+ and 1–2 character terms) — the "statistics view data
// < 500 ms" target.
import { performance } from 'node:perf_hooks';

import type Database from 'better-sqlite3';

import { createSearchIndex } from '../../src/main/search';
import { corpusStats, termStats } from '../../src/main/stats';
import type { StatsArgs } from '../../src/shared/stats';
import { ms, percentile, round2, type Results, type Row } from './common';

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

  const variants: StatsArgs[] = [
    {},
    { filters: { newspaper: '河北日报' } },
    { filters: { dateFrom: '2021-03-01', dateTo: '2021-05-31' } },
    { filters: { status: 'annotated' } },
    { filters: { label: 'PER' } },
    { granularity: 'day' },
  ];
  const getTimes: number[] = [];
  for (let round = 0; round < 4; round++) {
    for (const variant of variants) getTimes.push(time(() => corpusStats(db, variant))[0]);
  }
  results.statsGetP50Ms = round2(percentile(getTimes, 50));
  results.statsGetP95Ms = round2(percentile(getTimes, 95));
  rows.push([
    `stats.get, ${getTimes.length} calls`,
    `p50 ${ms(results.statsGetP50Ms)}`,
    `p95 ${ms(results.statsGetP95Ms)}; ${pages} pages, ${spans} spans; no filter, newspaper, 3 months, status, ` +
      `label, by day`,
  ]);

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
