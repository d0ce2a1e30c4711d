// Times the search backend on a generated corpus: index rebuild after a bulk insert, then 3+ and 1–2 character
// queries drawn from the text, against the targets (p95 < 50 ms and < 300 ms).
// usage: npx tsx scripts/dev/bench-search.ts [--pages 20000] [--chars 2000] [--seed 1] [--queries 200] [--keep]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { createSearchIndex, search } from '../../src/main/search';
import { openCorpus } from '../../src/main/store/corpus';
import { migration0040 } from '../../src/main/store/migrations/0040-create-search';
import type { SearchFilters } from '../../src/shared/search';
import { generatePage, prng, seedSentences } from '../generate-pages.mjs';

const options = { pages: 20_000, chars: 2000, seed: 1, queries: 200, keep: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i]!;
  if (arg === '--keep') options.keep = true;
  else if (['--pages', '--chars', '--seed', '--queries'].includes(arg)) {
    options[arg.slice(2) as 'pages'] = Number(argv[++i]);
  } else throw new Error(`unknown option ${arg}`);
}

const NEWSPAPERS = ['河北日报', '人民日报', '光明日报', '经济日报', '解放日报'];
const STATUSES = ['new', 'repaired', 'annotated', 'reviewed'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A reading like the repair engine's: the first line is the headline, each further line a body block. */
function readingOf(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const removed = lines.filter((l) => l.startsWith('责任编辑')).map((t) => ({ role: 'furniture', text: t }));
  const blocks = lines
    .filter((l) => !l.startsWith('责任编辑'))
    .map((t, i) => ({ role: i === 0 ? 'headline' : t.startsWith('（下转') ? 'jump' : 'body', text: t }));
  return JSON.stringify({ articles: [{ blocks }], removed });
}

const work = mkdtempSync(join(tmpdir(), 'galley-bench-search-'));
const file = join(work, 'bench.galley');
const corpus = openCorpus(file);
const db = corpus.db;
// Until the lead registers migration 0040, openCorpus stops at schema 3: apply it here.
if ((db.pragma('user_version', { simple: true }) as number) < migration0040.version) {
  db.transaction(() => {
    migration0040.up(db);
    db.pragma(`user_version = ${migration0040.version}`);
  })();
}

const random = prng(options.seed) as () => number;
const sentences = seedSentences() as string[];
const texts: string[] = [];
let t0 = performance.now();
const insertPage = db.prepare(`
  INSERT INTO pages (id, file_name, sha256, encoding, original_text, chars, newspaper, date, page_no, status,
                     imported_at, updated_at)
  VALUES (?, ?, ?, 'utf-8', ?, ?, ?, ?, ?, ?, ?, ?)`);
const insertReading = db.prepare(`
  INSERT INTO page_readings (page_id, engine_version, threshold, reading, updated_at) VALUES (?, 1, 0.5, ?, ?)`);
db.transaction(() => {
  const now = new Date().toISOString();
  for (let i = 0; i < options.pages; i++) {
    const text = generatePage(random, sentences, options.chars) as string;
    texts.push(text);
    const id = i + 1;
    const paper = NEWSPAPERS[Math.floor(i / 8) % NEWSPAPERS.length]!;
    const date = new Date(Date.UTC(1990, 0, 1) + Math.floor(i / 40) * 86_400_000).toISOString().slice(0, 10);
    const pageNo = String((i % 8) + 1).padStart(2, '0');
    const status = STATUSES[i % STATUSES.length]!;
    insertPage.run(
      id,
      `${paper}_${date}_${pageNo}.txt`,
      `sha${id}`,
      text,
      text.length,
      paper,
      date,
      pageNo,
      status,
      now,
      now,
    );
    insertReading.run(id, readingOf(text), now);
  }
})();
const insertMs = performance.now() - t0;
const textMB = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1024 / 1024;

const index = createSearchIndex(db);
t0 = performance.now();
const report = index.rebuildAll();
const rebuildMs = performance.now() - t0;
t0 = performance.now();
index.rebuildOriginal();
const originalMs = performance.now() - t0;
db.pragma('wal_checkpoint(TRUNCATE)');
const sizeMB = statSync(file).size / 1024 / 1024;

/** A random substring of `length` code points from a random page, without line breaks or spaces. */
function draw(length: number): string {
  for (;;) {
    const chars = [...texts[Math.floor(random() * texts.length)]!];
    const at = Math.floor(random() * Math.max(1, chars.length - length));
    const piece = chars.slice(at, at + length).join('');
    if ([...piece].length === length && !/[\s"()（）。，、；：！？「」“”—]/u.test(piece)) return piece;
  }
}

function run(label: string, queries: string[], filters: SearchFilters = {}) {
  const times: number[] = [];
  let totalHits = 0;
  const plans = new Set<string>();
  for (const query of queries) {
    const started = performance.now();
    const result = search(db, { query, filters, limit: 20 }, { originalIndexed: true });
    times.push(performance.now() - started);
    totalHits += result.total;
    plans.add(result.index);
  }
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  console.log(
    `${label.padEnd(34)} n=${queries.length} p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  ` +
      `max ${Math.max(...times).toFixed(1)} ms  mean total ${(totalHits / queries.length).toFixed(0)}  plan ${[...plans].join('/')}`,
  );
  return p95;
}

console.log(
  `pages ${options.pages}, text ${textMB.toFixed(1)} MB, rows ${report.rows}; bulk insert ${insertMs.toFixed(0)} ms, ` +
    `rebuildAll ${rebuildMs.toFixed(0)} ms; original text ${originalMs.toFixed(0)} ms; file ${sizeMB.toFixed(0)} MB`,
);
const n = options.queries;
const long = Array.from({ length: n }, () => draw(3 + Math.floor(random() * 4)));
const short = Array.from({ length: n }, (_, i) => draw(i % 2 === 0 ? 1 : 2));
// Warm the page cache once, as an open app would be.
search(db, { query: short[0]!, limit: 20 });
const p95Long = run('3+ characters', long);
const p95Short = run('1–2 characters', short);
run('3+ chars, newspaper + dates', long.slice(0, 50), {
  newspaper: '人民日报',
  dateFrom: '1990-03-01',
  dateTo: '1990-09-30',
});
run('1–2 chars, newspaper + dates', short.slice(0, 50), {
  newspaper: '人民日报',
  dateFrom: '1990-03-01',
  dateTo: '1990-09-30',
});
run(
  'mixed (long short, long -short)',
  long.slice(0, 50).map((q, i) => (i % 2 ? `${q} ${short[i]}` : `${q} -${short[i]}`)),
);
run(
  'mixed (long OR short)',
  long.slice(0, 30).map((q, i) => `${q} OR ${short[i]}`),
);
run('3+ characters, original text', long.slice(0, 50), { source: 'original' });

// Upkeep on save: one page replaced in its own transaction.
const upkeep: number[] = [];
for (let i = 0; i < 50; i++) {
  const id = 1 + Math.floor(random() * options.pages);
  const started = performance.now();
  db.transaction(() => index.reindexPage(id))();
  upkeep.push(performance.now() - started);
}
console.log(
  `indexPage on save (corrected rows)  p50 ${percentile(upkeep, 50).toFixed(1)} ms  p95 ${percentile(upkeep, 95).toFixed(1)} ms`,
);

const ok = p95Long < 50 && p95Short < 300;
console.log(
  `targets: 3+ p95 ${p95Long.toFixed(1)} < 50 ms ${p95Long < 50 ? 'OK' : 'MISSED'}; ` +
    `1–2 p95 ${p95Short.toFixed(1)} < 300 ms ${p95Short < 300 ? 'OK' : 'MISSED'}`,
);
corpus.close();
if (options.keep) console.log(`kept ${file}`);
else rmSync(work, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
