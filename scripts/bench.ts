// `npm run bench`: builds a seeded synthetic corpus and prints what Galley's speed and memory targets are
// judged by, each beside a baseline measured in the same run. Writes bench-results/latest.json.
// usage: npm run bench -- [--pages 10000] [--chars 2000] [--seed 1] [--memory-pages 100000] [--library-pages 100000]
//                         [--keep] [--only editor|stats]
// --memory-pages 0 skips the memory section, which imports and serves a corpus of that size in child processes.
// --library-pages 0 skips the library in Chromium (a corpus of that size inserted straight, then scrolled).
// --only editor runs just the editor section (its own corpus and one large page) and the library in Chromium.
// --only stats runs just the statistics and entity register sections on --pages generated pages inserted straight
// into a corpus (no files, import, layout repair, library, search, export, corpus-wide, editor or memory sections).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import Database from 'better-sqlite3';

import { createDirectClient } from '../src/main/api/direct-client';
import { createServices } from '../src/main/services';
import { openCorpus } from '../src/main/store/corpus';
import { MIGRATIONS } from '../src/main/store/migrations';
import { sqliteNativeBinding } from '../src/main/store/native';
import { repairPage } from '../src/shared/repair';
import { generatePage, prng, seedSentences } from './generate-pages.mjs';
import { type Results, type Row, type SectionArgs, ms, percentile } from './bench/common';
import { benchCorpusOps } from './bench/corpus-ops';
import { benchEditor } from './bench/editor';
import { benchEntities } from './bench/entities';
import { benchLibraryUi } from './bench/library-ui';
import { benchExport } from './bench/export';
import { benchMemory } from './bench/memory';
import { benchOriginal } from './bench/original';
import { bareFtsRebuildMs, benchSearch } from './bench/search';
import { benchStats, buildTaggedCorpus } from './bench/stats';

interface Options {
  pages: number;
  chars: number;
  seed: number;
  memoryPages: number;
  libraryPages: number;
  keep: boolean;
  /** Run only this section ('editor', or 'stats' with the entity register), or every section when null. */
  only: 'editor' | 'stats' | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    pages: 10_000,
    chars: 2000,
    seed: 1,
    memoryPages: 100_000,
    libraryPages: 100_000,
    keep: false,
    only: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep') options.keep = true;
    else if (arg === '--only') {
      const section = argv[++i];
      if (section !== 'editor' && section !== 'stats')
        throw new Error(`--only: unknown section ${section} (known: editor, stats)`);
      options.only = section;
    } else if (arg === '--pages' || arg === '--chars' || arg === '--seed')
      options[arg.slice(2) as 'pages'] = Number(argv[++i]);
    else if (arg === '--memory-pages') options.memoryPages = Number(argv[++i]);
    else if (arg === '--library-pages') options.libraryPages = Number(argv[++i]);
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
sampler.unref();

/** Sections 1–6: import, library, repair, search and export on a seeded synthetic corpus of files. */
async function benchCorpus(args: SectionArgs & { options: Options; folder: string; work: string }): Promise<void> {
  const { options, folder, work, random, sentences, rows, results } = args;
  // 1. The corpus: seeded synthetic pages written as files, as a user's OCR output would be.
  const texts: string[] = [];
  for (let i = 0; i < options.pages; i++) {
    const text = generatePage(random, sentences, options.chars) as string;
    texts.push(text);
    writeFileSync(join(folder, `bench_${String(i).padStart(6, '0')}.txt`), text);
  }
  const totalBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  results.pages = options.pages;
  results.textMB = +(totalBytes / 1024 / 1024).toFixed(1);

  // 2. Import through the services (walk, read, decode, hash, batch insert) …
  const corpus = openCorpus(join(work, 'bench.galley'));
  const services = createServices({ corpus, seedsDir: join(process.cwd(), 'seeds') });
  const client = createDirectClient(services.methods);
  let t0 = performance.now();
  const job = await client.call('import.start', { paths: [folder] });
  // The job's phases: files read, decoded and inserted ('importing'), then layout repair of the new pages.
  let repairStartedMs = NaN;
  const watch = setInterval(() => {
    if (Number.isNaN(repairStartedMs) && services.jobs.status(job.jobId).phase === 'repairing') {
      repairStartedMs = performance.now() - t0;
    }
  }, 5);
  const done = await services.jobs.wait(job.jobId);
  clearInterval(watch);
  const importMs = performance.now() - t0;
  if (done.report.imported !== options.pages) throw new Error(`imported ${done.report.imported} of ${options.pages}`);
  if (Number.isNaN(repairStartedMs)) throw new Error('the import never reported its repair phase');

  // … against a bare better-sqlite3 insert of the same rows into the same schema, in one transaction.
  const bare = new Database(join(work, 'bare.sqlite'), { nativeBinding: sqliteNativeBinding() });
  bare.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS) m.up(bare);
  const insert = bare.prepare(
    `INSERT INTO pages (file_name, sha256, encoding, original_text, chars, imported_at, updated_at)
     VALUES (?, ?, 'utf-8', ?, ?, '', '')`,
  );
  t0 = performance.now();
  bare.transaction(() => texts.forEach((text, i) => insert.run(`p${i}.txt`, String(i), text, text.length)))();
  const bareMs = performance.now() - t0;
  const bareRebuildMs = bareFtsRebuildMs(bare, texts);
  bare.close();
  results.importMs = Math.round(importMs);
  results.importPagesPerSec = Math.round(options.pages / (importMs / 1000));
  results.bareInsertMs = Math.round(bareMs);
  results.importRatio = +(importMs / bareMs).toFixed(2);
  results.importStoreMs = Math.round(repairStartedMs);
  results.importRepairMs = Math.round(importMs - repairStartedMs);
  rows.push([
    'import (files → corpus)',
    `${results.importPagesPerSec} pages/s`,
    `${ms(importMs)}: read+decode+insert ${ms(repairStartedMs)}, layout repair ${ms(importMs - repairStartedMs)}; ` +
      `bare insert ${ms(bareMs)}`,
  ]);

  // 3. Library queries on this corpus: first, middle and last screens, sorted by date.
  const listTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    const offset = Math.floor((i / 60) * Math.max(0, options.pages - 200));
    t0 = performance.now();
    await client.call('pages.list', { offset, limit: 200, sort: i % 2 ? 'date' : 'fileName', direction: 'asc' });
    listTimes.push(performance.now() - t0);
  }
  results.listP50Ms = +percentile(listTimes, 50).toFixed(2);
  results.listP95Ms = +percentile(listTimes, 95).toFixed(2);
  rows.push(['library page of 200 rows', `p50 ${ms(results.listP50Ms)}`, `p95 ${ms(results.listP95Ms)}`]);

  // 4. Repair throughput on one core, and its growth with page size (linear means flat MB/s).
  const sample = texts.slice(0, Math.min(texts.length, 2000));
  const sampleBytes = sample.reduce((n, t) => n + Buffer.byteLength(t), 0);
  t0 = performance.now();
  for (const text of sample) repairPage(text);
  const repairMs = performance.now() - t0;
  results.repairMBps = +(sampleBytes / 1024 / 1024 / (repairMs / 1000)).toFixed(1);
  const sizes = [1, 8, 64].map((k) => {
    const big = sample.slice(0, k).join('\n\n');
    const start = performance.now();
    repairPage(big);
    return { k, mbps: Buffer.byteLength(big) / 1024 / 1024 / ((performance.now() - start) / 1000) };
  });
  results.repairLinearity = sizes.map((s) => `${s.k}p:${s.mbps.toFixed(1)}`).join(' ');
  rows.push([
    'repair throughput',
    `${results.repairMBps} MB/s`,
    `by page size (pages joined: MB/s) ${results.repairLinearity}`,
  ]);

  console.error(`bench: search… (${Math.round(performance.now() / 1000)} s)`);
  // 5. Search: the bulk index rebuild after the import, then query latency.
  benchSearch({
    db: corpus.db,
    texts,
    random,
    importMs: repairStartedMs,
    repairMs: importMs - repairStartedMs,
    bareInsertMs: bareMs,
    bareRebuildMs,
    rows,
    results,
  });

  console.error(`bench: tag spans + export… (${Math.round(performance.now() / 1000)} s)`);
  // 6. Export: ~100 spans per page saved through the services, then every format against JSON.stringify.
  await benchExport({ db: corpus.db, client, rows, results });

  console.error(`bench: statistics… (${Math.round(performance.now() / 1000)} s)`);
  // 7. Statistics: every page dated and tagged (~100 spans), then stats.get and stats.term latency.
  benchStats({ db: corpus.db, random, rows, results });
  console.error(`bench: entity register… (${Math.round(performance.now() / 1000)} s)`);
  // 8. The entity register on those spans: proposals, accepting them (page rewrites), the list, one entity.
  await benchEntities({ client, rows, results });
  console.error(`bench: corpus-wide find, replace, tag… (${Math.round(performance.now() / 1000)} s)`);
  // 9. Corpus-wide operations on the tagged corpus.
  await benchCorpusOps({ client, texts, random, rows, results });
  corpus.close();
}

/**
 * `--only stats`: sections 7 and 8 alone on `--pages` generated pages with saved, tagged documents, inserted
 * straight through the page and document stores (the search index is built for stats.term).
 */
async function benchStatsOnly(args: SectionArgs & { options: Options; work: string }): Promise<void> {
  const { options, work, random, sentences, rows, results } = args;
  const corpus = openCorpus(join(work, 'bench.galley'));
  const services = createServices({ corpus, seedsDir: join(process.cwd(), 'seeds') });
  const client = createDirectClient(services.methods);
  const t0 = performance.now();
  const built = buildTaggedCorpus(corpus.db, { count: options.pages, chars: options.chars, random, sentences });
  results.pages = built.pages;
  console.error(
    `bench: ${built.pages} pages, ${built.spans} spans inserted in ${Math.round((performance.now() - t0) / 1000)} s`,
  );
  rows.push([
    'corpus (inserted, not imported)',
    `${built.pages} pages`,
    `${built.spans} spans in saved documents; skipped: import, library, repair, search, export, corpus-wide, editor, memory`,
  ]);
  console.error(`bench: statistics… (${Math.round(performance.now() / 1000)} s)`);
  benchStats({ db: corpus.db, random, rows, results });
  console.error(`bench: entity register… (${Math.round(performance.now() / 1000)} s)`);
  await benchEntities({ client, rows, results });
  corpus.close();
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'galley-bench-'));
  const folder = join(work, 'pages');
  mkdirSync(folder);
  const rows: Row[] = [];
  const results: Results = {};

  const random = prng(options.seed);
  const sentences = seedSentences();
  if (options.only === null) await benchCorpus({ options, folder, work, random, sentences, rows, results });
  if (options.only === 'stats') await benchStatsOnly({ options, work, random, sentences, rows, results });

  if (options.only !== 'stats') {
    console.error(`bench: editor in Chromium… (${Math.round(performance.now() / 1000)} s)`);
    // 10. The editor in Chromium, in web mode (its own corpus, one large page).
    await benchEditor({ random, sentences, rows, results });
    if (options.libraryPages > 0) {
      console.error(
        `bench: library of ${options.libraryPages} pages in Chromium… (${Math.round(performance.now() / 1000)} s)`,
      );
      await benchLibraryUi({ pages: options.libraryPages, random, sentences, rows, results });
    }
    // 11. The original pane and suggestion markers: alignment of a 20k page with its correction.
    benchOriginal({ random, sentences, rows, results });
  }
  // A section that never yields to the event loop leaves the sampler unfired: take one sample here too.
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  results.peakRssMB = Math.round(peakRss / 1024 / 1024);
  rows.push([
    'peak RSS (bench process)',
    `${results.peakRssMB} MB`,
    'sampled every 20 ms; holds all generated texts and every section’s data',
  ]);

  // 12. The Node side’s memory at 100,000 pages: `galley import` and `galley serve` as separate processes.
  if (options.memoryPages > 0 && options.only === null) {
    console.error(`bench: memory at ${options.memoryPages} pages… (${Math.round(performance.now() / 1000)} s)`);
    await benchMemory({ pages: options.memoryPages, chars: options.chars, seed: options.seed, work, rows, results });
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GB, Node ${process.version}`;
  console.log(
    options.only === 'stats'
      ? `\nGalley bench — stats and entities sections only, ${options.pages} pages × ~${options.chars} chars, seed ${options.seed}`
      : options.only
        ? `\nGalley bench — ${options.only} section only, seed ${options.seed}`
        : `\nGalley bench — ${options.pages} pages × ~${options.chars} chars (${results.textMB} MB), seed ${options.seed}`,
  );
  console.log(`machine: ${machine}\n`);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  │  '));
  mkdirSync('bench-results', { recursive: true });
  // A single section does not overwrite the full run's results.
  const out = join('bench-results', options.only ? `latest-${options.only}.json` : 'latest.json');
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), machine, options, results }, null, 2) + '\n');
  console.log(`\nwritten to ${out}`);
  if (!options.keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
