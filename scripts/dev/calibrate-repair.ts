// Dev script: how well the repair engine's confidences say how often its suggestions are right.
//
// usage: npx tsx scripts/dev/calibrate-repair.ts [--random N] [--seed S] [--detail] [--by-reason]
//                                                [--engine DIR] [--write DIR --threshold T]
//
// Runs the engine on the seeds (with their truth), the repair fixtures (with their expected readings) and
// N random pages with known truth (tests/unit/repair/random-articles.ts, default 3000), labels every
// suggestion right or wrong (tests/unit/repair/label.ts says how; a suggestion under 0.5 is right when
// applying it would be) and prints, per kind and per source, a reliability table: confidence bucket →
// count and fraction right. A calibrated engine has about c right among suggestions at confidence c.
//   --detail      also lists every wrong suggestion on the seeds and fixtures, and every suggestion there
//                 at or above 0.9 that is wrong
//   --by-reason   one table per reason key instead of per kind
//   --engine DIR  uses the engine in DIR (a copy of src/shared/repair, e.g. an older version) instead
//   --write DIR   writes the seeds' readings at --threshold T (default 0.9) as score-repair.mjs reads them,
//                 and prints what a researcher sees at that threshold
import fs from 'node:fs';
import path from 'node:path';

import * as current from '../../src/shared/repair';
import type { RepairOptions, RepairResult, Suggestion } from '../../src/shared/repair';
import { labelSuggestions } from '../../tests/unit/repair/label';
import { randomArticlePage } from '../../tests/unit/repair/random-articles';
import { rng } from '../../tests/unit/repair/random-pages';
import { fixtureNames, loadFixture, type Reading } from '../../tests/unit/repair/reading';

const ROOT = path.join(__dirname, '..', '..');
const SEEDS = path.join(ROOT, 'seeds');
const SEED_TRUTH = process.env.SEED_TRUTH ?? path.join(ROOT, '..', 'shared', 'fixtures', 'seed-truth');
const BUCKETS = [0, 0.2, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 1.0001];
const NOT_THRESHOLDED = new Set(['ocr-latin', 'ocr-doubled', 'normalize-punctuation']);

let repairPage: (text: string, options?: RepairOptions) => RepairResult = current.repairPage;
const toRepairJson = current.toRepairJson;

interface Page {
  name: string;
  source: 'seed' | 'fixture' | 'random';
  text: string;
  truth: Reading;
}

interface Row {
  source: Page['source'];
  page: string;
  s: Suggestion;
  right: boolean;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function loadPages(random: number, seed: number): Page[] {
  const pages: Page[] = [];
  if (fs.existsSync(SEED_TRUTH)) {
    for (const f of fs
      .readdirSync(SEEDS)
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      const t = path.join(SEED_TRUTH, f.replace(/\.txt$/u, '.json'));
      if (!fs.existsSync(t)) continue;
      const truth = JSON.parse(fs.readFileSync(t, 'utf8')) as Reading;
      pages.push({ name: f, source: 'seed', text: fs.readFileSync(path.join(SEEDS, f), 'utf8'), truth });
    }
  } else console.warn(`no seed truth at ${SEED_TRUTH} (set SEED_TRUTH)`);
  for (const n of fixtureNames()) {
    const { text, expected } = loadFixture(n);
    pages.push({ name: n, source: 'fixture', text, truth: expected });
  }
  const r = rng(seed);
  for (let i = 0; i < random; i++) {
    const p = randomArticlePage(r);
    pages.push({ name: `random#${i} (${p.style})`, source: 'random', text: p.text, truth: p.truth });
  }
  return pages;
}

function label(pages: Page[]): { rows: Row[]; unlabelled: number; unmatched: number } {
  const rows: Row[] = [];
  let unlabelled = 0;
  let unmatched = 0;
  for (const p of pages) {
    const result = repairPage(p.text);
    const { labels, unmatched: u } = labelSuggestions(result, p.truth);
    unmatched += u;
    for (const s of result.suggestions) {
      if (NOT_THRESHOLDED.has(s.kind)) continue;
      const l = labels.get(s.id);
      if (l === undefined) unlabelled++;
      else rows.push({ source: p.source, page: p.name, s, right: l });
    }
  }
  return { rows, unlabelled, unmatched };
}

const pct = (x: number): string => x.toFixed(3);

function bucketOf(c: number): number {
  for (let i = BUCKETS.length - 2; i >= 0; i--) if (c >= (BUCKETS[i] ?? 0)) return i;
  return 0;
}

/** Reliability table: rows are confidence buckets; per source, count and fraction right. */
function table(title: string, rows: Row[]): void {
  const sources: Page['source'][] = ['seed', 'fixture', 'random'];
  console.log(`\n${title}`);
  console.log(`  bucket       ${sources.map((s) => s.padStart(9) + '  right  ').join('')}  all: n  right  mean conf`);
  for (let b = 0; b < BUCKETS.length - 1; b++) {
    const inB = rows.filter((x) => bucketOf(x.s.confidence) === b);
    if (!inB.length) continue;
    const lo = BUCKETS[b] ?? 0;
    const hi = Math.min(1, BUCKETS[b + 1] ?? 1);
    const cells = sources.map((src) => {
      const xs = inB.filter((x) => x.source === src);
      return xs.length
        ? `${String(xs.length).padStart(9)}  ${pct(xs.filter((x) => x.right).length / xs.length)}  `
        : ' '.repeat(18);
    });
    const mean = inB.reduce((s, x) => s + x.s.confidence, 0) / inB.length;
    const right = inB.filter((x) => x.right).length / inB.length;
    console.log(
      `  ${lo.toFixed(2)}–${hi.toFixed(2)}${hi === 1 ? ']' : ')'}  ${cells.join('')}  ${String(inB.length).padStart(6)}  ${pct(right)}  ${pct(mean)}`,
    );
  }
  // Expected calibration error, and the decisions a 0.5 and a 0.9 threshold make.
  const n = rows.length;
  let ece = 0;
  for (let b = 0; b < BUCKETS.length - 1; b++) {
    const inB = rows.filter((x) => bucketOf(x.s.confidence) === b);
    if (!inB.length) continue;
    const mean = inB.reduce((s, x) => s + x.s.confidence, 0) / inB.length;
    const right = inB.filter((x) => x.right).length / inB.length;
    ece += (inB.length / n) * Math.abs(mean - right);
  }
  const at = (t: number): string => {
    const xs = rows.filter((x) => x.s.confidence >= t);
    const wrong = xs.filter((x) => !x.right).length;
    return `${xs.length} applied, ${wrong} wrong`;
  };
  const missed = rows.filter((x) => x.s.confidence < 0.5 && x.right).length;
  console.log(`  n=${n}  ECE=${ece.toFixed(3)}  ≥0.5: ${at(0.5)} (${missed} right ones under 0.5)  ≥0.9: ${at(0.9)}`);
}

/** What a researcher sees on a page at a threshold. */
function describeReading(name: string, r: RepairResult): void {
  const pending = r.suggestions.filter((s) => !NOT_THRESHOLDED.has(s.kind) && !s.applied);
  console.log(`\n${name}: ${r.articles.length} article(s), ${r.removed.length} removed, ${pending.length} pending`);
  r.articles.forEach((a, i) => {
    const heads = a.blocks.filter((b) => b.role !== 'body').map((b) => `${b.role}「${b.text.slice(0, 18)}」`);
    console.log(`  article ${i + 1}: ${a.blocks.length} blocks; ${heads.join(' ') || '(no headline)'}`);
  });
  for (const s of pending) console.log(`  pending ${s.confidence.toFixed(3)} ${s.kind} ${s.reason.key} ${s.id}`);
}

async function main(argv: string[]): Promise<number> {
  const engine = arg(argv, '--engine');
  if (engine) {
    const mod = (await import(path.resolve(engine, 'index.ts'))) as typeof current;
    repairPage = mod.repairPage;
  }
  const random = Number(arg(argv, '--random') ?? 3000);
  const seed = Number(arg(argv, '--seed') ?? 20240701);
  const write = arg(argv, '--write');
  if (write) {
    const threshold = Number(arg(argv, '--threshold') ?? 0.9);
    fs.mkdirSync(write, { recursive: true });
    for (const f of fs
      .readdirSync(SEEDS)
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      const result = repairPage(fs.readFileSync(path.join(SEEDS, f), 'utf8'), { threshold });
      fs.writeFileSync(
        path.join(write, f.replace(/\.txt$/u, '.json')),
        JSON.stringify(toRepairJson(f, result), null, 1) + '\n',
      );
      describeReading(`${f} at ${threshold}`, result);
    }
    for (const n of fixtureNames())
      describeReading(`${n} at ${threshold}`, repairPage(loadFixture(n).text, { threshold }));
    return 0;
  }
  const pages = loadPages(random, seed);
  const { rows, unlabelled, unmatched } = label(pages);
  console.log(
    `${pages.length} pages, ${rows.length} labelled suggestions (${unlabelled} the truth says nothing about; ` +
      `${unmatched} truth blocks not found in their page)`,
  );
  const byReason = argv.includes('--by-reason');
  const keys = [...new Set(rows.map((x) => (byReason ? x.s.reason.key : x.s.kind)))].sort();
  for (const k of keys)
    table(
      k,
      rows.filter((x) => (byReason ? x.s.reason.key : x.s.kind) === k),
    );
  table(
    'ALL (seeds + fixtures)',
    rows.filter((x) => x.source !== 'random'),
  );
  table('ALL', rows);
  if (argv.includes('--detail')) {
    console.log('\nwrong on the seeds and fixtures, or ≥ 0.9 and wrong anywhere (first 60):');
    const show = rows.filter((x) => (x.source !== 'random' && !x.right) || (x.s.confidence >= 0.9 && !x.right));
    for (const x of show.slice(0, 60))
      console.log(`  ${x.s.confidence.toFixed(3)} ${x.s.kind} ${x.s.reason.key} ${x.s.id} — ${x.page}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
