// The Node side's memory at the size (100,000 pages): peak RSS of `galley import` and of `galley serve`
// answering what the app asks of a corpus that size (library screens, opening and saving pages, search), each
// in its own process as a user would run them, sampled from outside so the bench's own data does not count.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { callApi, startServe } from '../../tests/e2e/web-mode-process';
import { generatePage, prng, seedSentences } from '../generate-pages.mjs';
import { type Results, type Row, ms, percentile } from './common';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'galley.cjs');
const TARGET_MB = 400;

/** Resident and peak resident set of a live process in MB (Linux /proc; `ps` elsewhere gives the current RSS). */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples a child's memory every 50 ms until it exits; the peak is the larger of the samples and VmHWM. */
function watch(child: ChildProcess): { peakMB: () => number; stop: () => void } {
  let peak = 0;
  const sample = () => {
    const m = child.pid === undefined ? undefined : memoryOf(child.pid);
    if (m) peak = Math.max(peak, m.rss, m.hwm);
  };
  const timer = setInterval(sample, 50);
  return {
    peakMB: () => (sample(), Math.round(peak)),
    stop: () => clearInterval(timer),
  };
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; peakMB: number }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const watcher = watch(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  // The last sample before exit: the process is still there while its pipes close.
  let lastPeak = 0;
  const tail = setInterval(() => (lastPeak = Math.max(lastPeak, watcher.peakMB())), 50);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(tail);
      watcher.stop();
      if (code !== 0 && code !== 1) reject(new Error(`galley ${args[0]} exited with ${code}: ${err.slice(-2000)}`));
      else resolve({ code, out, peakMB: lastPeak });
    });
  });
}

export async function benchMemory(options: {
  pages: number;
  chars: number;
  seed: number;
  work: string;
  rows: Row[];
  results: Results;
}): Promise<void> {
  const { pages, chars, work, rows, results } = options;
  const folder = join(work, 'memory-pages');
  const home = join(work, 'memory-home');
  const db = join(work, 'memory.galley');
  mkdirSync(folder, { recursive: true });
  mkdirSync(home, { recursive: true });
  const env = { ...process.env, GALLEY_HOME: home };

  // Pages as files, written one at a time so the bench itself stays small.
  const random = prng(options.seed + 7);
  const sentences = seedSentences();
  for (let i = 0; i < pages; i++) {
    const text = generatePage(random, sentences, chars) as string;
    writeFileSync(join(folder, `mem_${String(i).padStart(6, '0')}.txt`), text);
  }

  const t0 = performance.now();
  const imported = await run(['--db', db, 'import', folder, '--json'], env);
  const importMs = performance.now() - t0;
  const report = JSON.parse(imported.out) as { imported: number };
  if (report.imported !== pages) throw new Error(`memory bench: imported ${report.imported} of ${pages}`);
  rmSync(folder, { recursive: true, force: true });
  results.memoryPages = pages;
  results.memoryImportPeakRssMB = imported.peakMB;
  results.memoryImportMs = Math.round(importMs);
  rows.push([
    `peak RSS, galley import of ${pages} pages`,
    `${imported.peakMB} MB`,
    `target < ${TARGET_MB} MB; ${ms(importMs)} incl. layout repair; separate process, sampled from outside`,
  ]);

  const serveRun = await measureServe(db, env, pages, random);
  results.memoryServePeakRssMB = serveRun.peakMB;
  results.memoryIndexBuildMs = Math.round(serveRun.indexMs);
  results.memoryBusyP95Ms = Math.round(serveRun.busyP95Ms);
  results.memoryBusyMaxMs = Math.round(serveRun.busyMaxMs);
  rows.push([
    `peak RSS, galley serve on ${pages} pages`,
    `${serveRun.peakMB} MB`,
    `target < ${TARGET_MB} MB; library, 50 pages opened and saved, searches, while the index builds behind (${ms(serveRun.indexMs)})`,
  ]);
  rows.push([
    'API latency while the index builds',
    `p95 ${ms(serveRun.busyP95Ms)}`,
    `max ${ms(serveRun.busyMaxMs)}; every call the section made, the builder working in 100 ms slices`,
  ]);
}

/**
 * Serves the corpus and makes the app's calls at this size while the search index is built in the background:
 * library screens, pages opened and saved, searches, and a library call every 250 ms until the index is built,
 * whose latency shows whether the app stays responsive meanwhile.
 */
export async function measureServe(
  db: string,
  env: NodeJS.ProcessEnv,
  pages: number,
  random: () => number,
): Promise<{ peakMB: number; ms: number; indexMs: number; busyP95Ms: number; busyMaxMs: number }> {
  const server = await startServe(env.GALLEY_HOME!, ['--db', db]);
  const watcher = watch(server.process);
  const t0 = performance.now();
  const timed = async (method: string, args: unknown, into: number[]) => {
    const start = performance.now();
    await callApi(server, method, args);
    into.push(performance.now() - start);
  };
  const latencies: number[] = [];
  try {
    await callApi(server, 'corpus.info', {});
    for (let i = 0; i < 40; i++) {
      const offset = Math.floor((i / 40) * Math.max(0, pages - 200));
      const sort = (['fileName', 'date', 'chars', 'status'] as const)[i % 4];
      await timed('pages.list', { offset, limit: 200, sort, direction: i % 3 ? 'asc' : 'desc' }, latencies);
    }
    for (const q of ['人民日报', '核酸检测', '北京', '疫'])
      await timed('search.query', { query: q, limit: 50 }, latencies);
    for (let i = 0; i < 50; i++) {
      const pageId = 1 + Math.floor(random() * pages);
      await timed('pages.get', { id: pageId }, latencies);
      await timed('repair.reading', { pageId }, latencies);
      const state = await callApi<{ revision: number; document: unknown; review: unknown[] }>(server, 'document.get', {
        pageId,
      });
      await timed(
        'document.save',
        { pageId, baseRevision: state.revision, document: state.document, review: state.review },
        latencies,
      );
    }
    for (;;) {
      const status = await callApi<{ state: string }>(server, 'search.status', {});
      if (status.state === 'built') break;
      const offset = Math.floor(random() * Math.max(0, pages - 200));
      await timed('pages.list', { offset, limit: 200, sort: 'date', direction: 'asc' }, latencies);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const indexMs = performance.now() - t0;
    for (const q of ['北京 AND 经济', '"人民"', '国']) await timed('search.query', { query: q, limit: 50 }, latencies);
    return {
      peakMB: watcher.peakMB(),
      ms: performance.now() - t0,
      indexMs,
      busyP95Ms: percentile(latencies, 95),
      busyMaxMs: Math.max(...latencies),
    };
  } finally {
    watcher.stop();
    server.process.kill('SIGTERM');
    // A server busy in a long statement only sees SIGTERM afterwards.
    setTimeout(() => server.process.exitCode === null && server.process.kill('SIGKILL'), 5000).unref();
  }
}
