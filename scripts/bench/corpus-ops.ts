// Corpus-wide operations: corpus.findText latency for 3+ character strings (trigram index) and 1–2 character
// ones (a scan of the blocks), then one replacement across every page holding a frequent string (a new revision,
// span mapping, span rows and search index per page) and tagging the replaced text on those pages.
import { performance } from 'node:perf_hooks';

import type { createDirectClient } from '../../src/main/api/direct-client';
import { ms, percentile, round2, type Results, type Row } from './common';

const HAN = /^\p{Script=Han}+$/u;

function sample(random: () => number, texts: readonly string[], count: number, min: number, max: number): string[] {
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

export async function benchCorpusOps(args: {
  client: ReturnType<typeof createDirectClient>;
  texts: readonly string[];
  random: () => number;
  rows: Row[];
  results: Results;
}): Promise<void> {
  const { client, rows, results } = args;
  const find = async (queries: string[]) => {
    const times: number[] = [];
    const totals: number[] = [];
    for (const text of queries) {
      const t0 = performance.now();
      const found = await client.call('corpus.findText', { text, limit: 500 });
      times.push(performance.now() - t0);
      totals.push(found.total);
    }
    return { times, totals };
  };
  const long = await find(sample(args.random, args.texts, 30, 3, 4));
  const short = await find(sample(args.random, args.texts, 30, 1, 2));
  results.corpusFindP50Ms = round2(percentile(long.times, 50));
  results.corpusFindP95Ms = round2(percentile(long.times, 95));
  results.corpusFindShortP50Ms = round2(percentile(short.times, 50));
  results.corpusFindShortP95Ms = round2(percentile(short.times, 95));
  rows.push([
    'corpus find, 3–4 chars (500 hits listed)',
    `p50 ${ms(results.corpusFindP50Ms)}`,
    `p95 ${ms(results.corpusFindP95Ms)}; median hits ${percentile(long.totals, 50)}`,
  ]);
  rows.push([
    'corpus find, 1–2 chars (500 hits listed)',
    `p50 ${ms(results.corpusFindShortP50Ms)}`,
    `p95 ${ms(results.corpusFindShortP95Ms)}; median hits ${percentile(short.totals, 50)}`,
  ]);

  // The most widespread of a few 3-character strings: a replacement touching many pages.
  let target = { text: '', pages: 0, total: 0 };
  for (const text of sample(args.random, args.texts, 20, 3, 3)) {
    const found = await client.call('corpus.findText', { text, limit: 1 });
    if (found.pages > target.pages) target = { text, pages: found.pages, total: found.total };
  }
  const replacement = `${target.text}之`;
  let t0 = performance.now();
  const replaced = await client.call('corpus.replaceText', { text: target.text, replacement, all: true });
  const replaceMs = performance.now() - t0;
  results.corpusReplacePages = replaced.pagesChanged;
  results.corpusReplaceMs = Math.round(replaceMs);
  results.corpusReplacePagesPerSec = Math.round(replaced.pagesChanged / (replaceMs / 1000));
  const needsReview = replaced.pages.reduce((n, p) => n + p.needsReview, 0);
  rows.push([
    'corpus replace, all hits',
    `${results.corpusReplacePagesPerSec} pages/s`,
    `${replaced.done} hits on ${replaced.pagesChanged} pages in ${ms(replaceMs)}; ${needsReview} spans cut → review`,
  ]);

  const hits = (await client.call('corpus.findText', { text: replacement, matchCase: true, limit: 5000 })).hits;
  t0 = performance.now();
  const tagged = await client.call('corpus.tagOccurrences', {
    label: 'PER',
    text: replacement,
    hits: hits.map(({ pageId, revision, blockId, start, end }) => ({ pageId, revision, blockId, start, end })),
  });
  const tagMs = performance.now() - t0;
  results.corpusTagMs = Math.round(tagMs);
  rows.push([
    'corpus tag occurrences',
    ms(tagMs),
    `${hits.length} hits listed: ${tagged.done} tagged on ${tagged.pagesChanged} pages, ${tagged.skipped} overlap spans`,
  ]);
}
