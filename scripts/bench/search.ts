// Search: the bulk index rebuild after an import (against a bare FTS5 trigram rebuild of the same text), then
// query latency for trigram (3+ character) and scanned (1–2 character) queries drawn from the corpus.
import { performance } from 'node:perf_hooks';

import type Database from 'better-sqlite3';

import { createSearchIndex, search } from '../../src/main/search';
import { ms, percentile, round2, type Results, type Row } from './common';

/** The bare baseline: the same texts in a plain FTS5 trigram table, timing one `rebuild`. */
export function bareFtsRebuildMs(bare: Database.Database, texts: readonly string[]): number {
  bare.exec(`CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')`);
  const insert = bare.prepare('INSERT INTO t (text) VALUES (?)');
  bare.transaction(() => texts.forEach((text) => insert.run(text)))();
  const t0 = performance.now();
  bare.exec(`INSERT INTO t(t) VALUES('rebuild')`);
  return performance.now() - t0;
}

const HAN = /^\p{Script=Han}+$/u;

/** `count` seeded substrings of the corpus of `min`–`max` Han characters (no punctuation or query syntax). */
function queries(random: () => number, texts: readonly string[], count: number, min: number, max: number): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const text = texts[Math.floor(random() * texts.length)]!;
    const length = min + Math.floor(random() * (max - min + 1));
    const at = Math.floor(random() * Math.max(1, text.length - length));
    const query = text.slice(at, at + length);
    if (HAN.test(query)) out.push(query);
  }
  return out;
}

export function benchSearch(args: {
  db: Database.Database;
  texts: readonly string[];
  random: () => number;
  /** The import without its layout repair: files read, decoded, hashed and inserted. */
  importMs: number;
  /** The import's layout repair of the new pages (not indexing work; reported beside the ratio). */
  repairMs: number;
  bareInsertMs: number;
  bareRebuildMs: number;
  rows: Row[];
  results: Results;
}): void {
  const { db, rows, results } = args;
  let t0 = performance.now();
  const index = createSearchIndex(db);
  const report = index.rebuildAll();
  const indexMs = performance.now() - t0;
  const total = args.importMs + indexMs;
  const baseline = args.bareInsertMs + args.bareRebuildMs;
  results.searchIndexMs = Math.round(indexMs);
  results.searchIndexRows = report.rows;
  results.importPlusIndexMs = Math.round(total);
  results.bareInsertPlusFtsRebuildMs = Math.round(baseline);
  results.bareFtsRebuildMs = Math.round(args.bareRebuildMs);
  results.importPlusIndexRatio = round2(total / baseline);
  results.importRepairPlusIndexRatio = round2((total + args.repairMs) / baseline);
  rows.push([
    'import + search index',
    `ratio ${results.importPlusIndexRatio}×`,
    `import ${ms(args.importMs)} + index ${ms(indexMs)} (${report.rows} rows) against bare insert + one FTS5 ` +
      `trigram rebuild ${ms(baseline)}; with layout repair ${results.importRepairPlusIndexRatio}×`,
  ]);
  t0 = performance.now();
  index.rebuildOriginal();
  results.originalIndexMs = Math.round(performance.now() - t0);
  rows.push([
    'original-text index, built when first searched',
    ms(results.originalIndexMs),
    'one FTS5 rebuild straight from pages.original_text',
  ]);

  for (const [name, key, min, max, source] of [
    ['search, 3+ chars (trigram)', 'searchLong', 3, 6, 'corrected'],
    ['search, 1–2 chars (scan)', 'searchShort', 1, 2, 'corrected'],
    ['search original text, 3+ chars', 'searchOriginalLong', 3, 6, 'original'],
    ['search original text, 1–2 chars', 'searchOriginalShort', 1, 2, 'original'],
  ] as const) {
    const times: number[] = [];
    let hits = 0;
    for (const query of queries(args.random, args.texts, 100, min, max)) {
      t0 = performance.now();
      const result = search(db, { query, offset: 0, limit: 20, filters: { source } }, { originalIndexed: true });
      times.push(performance.now() - t0);
      hits += result.hits.length;
    }
    results[`${key}P50Ms`] = round2(percentile(times, 50));
    results[`${key}P95Ms`] = round2(percentile(times, 95));
    rows.push([
      `${name}, 100 queries`,
      `p50 ${ms(percentile(times, 50))}`,
      `p95 ${ms(percentile(times, 95))}; ${hits} hits in the first pages of 20`,
    ]);
  }

  // The search view's first request: 100 rows and the number of distinct pages (a lookup per hit).
  for (const [name, key, min, max] of [
    ['search view first block, 3+ chars', 'searchViewLong', 3, 6],
    ['search view first block, 1–2 chars', 'searchViewShort', 1, 2],
  ] as const) {
    const times: number[] = [];
    let maxTotal = 0;
    for (const query of queries(args.random, args.texts, 50, min, max)) {
      t0 = performance.now();
      const result = search(db, { query, offset: 0, limit: 100, countPages: true });
      times.push(performance.now() - t0);
      maxTotal = Math.max(maxTotal, result.total);
    }
    results[`${key}P50Ms`] = round2(percentile(times, 50));
    results[`${key}P95Ms`] = round2(percentile(times, 95));
    rows.push([
      `${name} (100 rows + page count), 50 queries`,
      `p50 ${ms(percentile(times, 50))}`,
      `p95 ${ms(percentile(times, 95))}; up to ${maxTotal} hits counted`,
    ]);
  }
}
