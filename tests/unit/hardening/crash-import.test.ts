// Crash safety: a child process running the built app is killed with SIGKILL at random moments while it imports
// a folder or saves page metadata. Whatever was committed must be whole and exact, and the corpus must open, pass
// SQLite's integrity check and finish the import when it is run again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, type CliIo } from '../../../src/main/cli';
import { sqliteNativeBinding } from '../../../src/main/store/native';
import { builtCli } from '../../helpers/built-cli';
import { pageText, prng, randomBytes, type Random } from '../../helpers/random';
import { tempDir } from '../../helpers/tmp';

const CHILD = join(__dirname, '..', '..', 'helpers', 'crash-child.mjs');
const GOOD_PAGES = 400;
const PAGE_CHARS = 2000;
/** Kills that must land while the import is still working (not after it printed its result). */
const MIN_IMPORT_KILLS = 50;
const MAX_IMPORT_ATTEMPTS = 100;
const META_KILLS = 12;
const META_MAX_DELAY_MS = 250;
/** A child that neither reports nor exits within this is a hang, not a slow machine. */
const CHILD_TIMEOUT_MS = 20_000;

const dir = tempDir('galley-crash-');
const folder = join(dir, 'pages');
/** Absolute path of each good page file → the text it holds (UTF-8, LF line ends). */
const goodTexts = new Map<string, string>();
const badFiles = new Map<string, Buffer>();
const children = new Set<ChildProcess>();
let cli: string;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function writeFolder(random: Random): void {
  mkdirSync(folder, { recursive: true });
  const papers = ['河北日报', '人民日报', '光明日报', '解放日报'];
  for (let i = 0; i < GOOD_PAGES; i++) {
    const paper = papers[i % papers.length]!;
    const date = new Date(Date.UTC(1985, 0, 1) + Math.floor(i / 32) * 86_400_000).toISOString().slice(0, 10);
    const file = join(folder, `${paper}_${date}_${String((i % 8) + 1).padStart(2, '0')}_${i}.txt`);
    const text = pageText(random, PAGE_CHARS, i);
    writeFileSync(file, text, 'utf8');
    goodTexts.set(file, text);
  }
  const damaged = Buffer.from(pageText(random, 600, -1), 'utf8');
  for (const at of [100, 400, 900]) damaged[at] = 0xff;
  badFiles.set('bad_empty.txt', Buffer.alloc(0));
  badFiles.set('bad_blank.txt', Buffer.from(' \n\t\u3000\r\n', 'utf8'));
  badFiles.set('bad_binary.txt', randomBytes(random, 3000));
  badFiles.set('bad_damaged_utf8.txt', damaged);
  badFiles.set('bad_nul.txt', Buffer.from('正文\u0000正文\u0000正文', 'utf8'));
  for (const [name, bytes] of badFiles) writeFileSync(join(folder, name), bytes);
  expect(new Set(goodTexts.values()).size).toBe(GOOD_PAGES);
}

interface ChildRun {
  child: ChildProcess;
  /** Resolves once the child printed `line`; rejects if it exits or hangs first. */
  reached: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  /** When (performance.now()) a line starting with `prefix` first arrived, if it did. */
  seenAt(prefix: string): number | undefined;
}

function spawnChild(args: string[], line: string): ChildRun {
  const child = spawn(process.execPath, [CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GALLEY_HOME: join(dir, 'home') },
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const arrivals: { line: string; at: number }[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const reached = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`child did not print "${line}" in time; stderr: ${stderr}`)),
      CHILD_TIMEOUT_MS,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      const at = performance.now();
      const before = stdout.length;
      stdout += chunk.toString('utf8');
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      for (const l of complete.slice(stdout.slice(0, before).lastIndexOf('\n') + 1).split('\n')) {
        if (l) arrivals.push({ line: l, at });
      }
      if (arrivals.some((a) => a.line.startsWith(line))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code ?? signal}) before printing "${line}"; stderr: ${stderr}`));
    });
  });
  reached.catch(() => {});
  return {
    child,
    reached,
    exited,
    stdout: () => stdout,
    seenAt: (prefix) => arrivals.find((a) => a.line.startsWith(prefix))?.at,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function removeCorpus(db: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
}

/** A write-ahead log this big holds page rows: the import's transaction had started writing. */
const WAL_WITH_PAGES_BYTES = 512 * 1024;

function walBytes(db: string): number {
  return existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0;
}

/** Kills the child as soon as the corpus's write-ahead log reaches `bytes` (or when the child has ended). */
async function killWhenWalReaches(run: ChildRun, db: string, bytes: number): Promise<void> {
  const deadline = performance.now() + CHILD_TIMEOUT_MS;
  while (run.child.exitCode === null && run.child.signalCode === null && performance.now() < deadline) {
    if (walBytes(db) >= bytes) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  run.child.kill('SIGKILL');
}

/** Opens what the killed child left the way the app would and checks it; returns how many pages it holds. */
function checkAfterCrash(db: string): number {
  if (!existsSync(db)) return 0; // killed before the file was created
  const conn = new Database(db, { nativeBinding: sqliteNativeBinding() });
  try {
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    const hasPages = conn.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pages'`).pluck();
    if (hasPages.get() === 0) return 0;
    const rows = conn
      .prepare('SELECT file_name, source_path, sha256, encoding, original_text, chars FROM pages ORDER BY id')
      .all() as {
      file_name: string;
      source_path: string;
      sha256: string;
      encoding: string;
      original_text: string;
      chars: number;
    }[];
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const expected = goodTexts.get(row.source_path);
      if (expected === undefined) problems.push(`${row.source_path}: not a good page of the folder`);
      else if (row.original_text !== expected) problems.push(`${row.file_name}: stored text differs from its file`);
      else if (row.sha256 !== sha256(expected)) problems.push(`${row.file_name}: sha256 is not the hash of the text`);
      else if (row.chars !== [...expected].length) problems.push(`${row.file_name}: chars ${row.chars}`);
      else if (row.file_name !== basename(row.source_path) || row.encoding !== 'utf-8') {
        problems.push(`${row.file_name}: wrong file name or encoding ${row.encoding}`);
      }
      if (seen.has(row.source_path)) problems.push(`${row.source_path}: stored twice`);
      seen.add(row.source_path);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    return rows.length;
  } finally {
    conn.close();
  }
}

async function importInProcess(
  db: string,
): Promise<{ code: number; imported: number; duplicates: number; failed: unknown[] }> {
  let stdout = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: () => {}, interactive: false };
  const code = await runCli(['import', folder, '--db', db, '--json'], io);
  return { code, ...JSON.parse(stdout) };
}

beforeAll(() => {
  cli = builtCli();
  writeFolder(prng(0x5eed01));
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

describe('import killed with SIGKILL at random moments', () => {
  it(`leaves a whole, exact corpus that finishes the import on the next run (≥ ${MIN_IMPORT_KILLS} kills)`, async () => {
    // How long the child works between "started" and "result", so kill times can be spread over the work. The
    // machine's load changes while the test runs, so every run that finishes before its kill updates the estimate.
    const durations: number[] = [];
    const workEstimate = () =>
      [...durations.slice(-7)].sort((a, b) => a - b)[Math.floor(Math.min(durations.length, 7) / 2)]!;
    for (let i = 0; i < 5; i++) {
      const db = join(dir, `calibrate-${i}.galley`);
      const run = spawnChild(['import', cli, folder, db], 'started');
      await run.reached;
      const exit = await run.exited;
      durations.push(run.seenAt('result')! - run.seenAt('started')!);
      expect(exit.code).toBe(0);
      const result = JSON.parse(run.stdout().split('\nresult ')[1]!) as {
        report: { imported: number; failed: unknown[] };
      };
      expect(result.report.imported).toBe(GOOD_PAGES);
      expect(result.report.failed).toHaveLength(badFiles.size);
      removeCorpus(db);
    }
    const firstEstimate = workEstimate();

    const random = prng(0xc0ffee);
    const pagesAfterKill: number[] = [];
    let landed = 0;
    let attempts = 0;
    let killedMidTransaction = 0;
    while (landed < MIN_IMPORT_KILLS && attempts < MAX_IMPORT_ATTEMPTS) {
      attempts++;
      const db = join(dir, `kill-${attempts}.galley`);
      const run = spawnChild(['import', cli, folder, db], 'started');
      await run.reached;
      if (attempts % 4 === 0) {
        // Every fourth kill waits for the write transaction itself: SQLite spills the pages being inserted into
        // the write-ahead log before the commit, so a log past a random size means rows are being written.
        await killWhenWalReaches(run, db, WAL_WITH_PAGES_BYTES / 4 + random() * 4 * WAL_WITH_PAGES_BYTES);
      } else {
        // Reading and decoding take most of the time and the commit (one transaction: the folder is under the
        // importer's 500-page batch) comes last, so 60% of the timed kills aim at the last part of the work.
        await sleep(workEstimate() * (random() < 0.4 ? random() : 0.6 + 0.5 * random()));
        run.child.kill('SIGKILL');
      }
      const exit = await run.exited;
      const finishedAt = run.seenAt('result');
      if (finishedAt === undefined && exit.signal === 'SIGKILL') landed++;
      if (finishedAt !== undefined) durations.push(finishedAt - run.seenAt('started')!);

      const walBeforeOpen = walBytes(db);
      const stored = checkAfterCrash(db);
      pagesAfterKill.push(stored);
      if (stored === 0 && walBeforeOpen >= WAL_WITH_PAGES_BYTES) killedMidTransaction++;
      const again = await importInProcess(db);
      expect(again.imported + again.duplicates).toBe(GOOD_PAGES);
      expect(again.duplicates).toBe(stored);
      expect(again.failed).toHaveLength(badFiles.size);
      expect(checkAfterCrash(db)).toBe(GOOD_PAGES);
      removeCorpus(db);
    }
    const partial = pagesAfterKill.filter((n) => n > 0 && n < GOOD_PAGES).length;
    console.log(
      `[crash-import] import works ~${firstEstimate.toFixed(0)} ms (last estimate ${workEstimate().toFixed(0)} ms); ` +
        `${landed} kills landed during the work ` +
        `in ${attempts} attempts; corpora left with 0 pages: ${pagesAfterKill.filter((n) => n === 0).length} ` +
        `(${killedMidTransaction} of them killed inside the write transaction), some: ${partial}, ` +
        `all ${GOOD_PAGES}: ${pagesAfterKill.filter((n) => n === GOOD_PAGES).length}`,
    );
    expect(landed).toBeGreaterThanOrEqual(MIN_IMPORT_KILLS);
  }, 150_000);
});

interface MetaState {
  status: string;
  newspaper: string | null;
  date: string | null;
  page_no: string | null;
}

type LoggedCall =
  | { seq: number; method: 'pages.setStatus'; args: { id: number; status: string } }
  | { seq: number; method: 'pages.updateMeta'; args: { id: number; newspaper: string; date: string; pageNo: string } };

function readState(db: string): Map<number, MetaState> {
  const conn = new Database(db, { nativeBinding: sqliteNativeBinding() });
  try {
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = conn.prepare('SELECT id, status, newspaper, date, page_no FROM pages').all() as (MetaState & {
      id: number;
    })[];
    return new Map(rows.map(({ id, ...state }) => [id, state]));
  } finally {
    conn.close();
  }
}

function applyCall(state: Map<number, MetaState>, call: LoggedCall): void {
  const page = state.get(call.args.id)!;
  if (call.method === 'pages.setStatus') page.status = call.args.status;
  else Object.assign(page, { newspaper: call.args.newspaper, date: call.args.date, page_no: call.args.pageNo });
}

describe('metadata saves killed with SIGKILL', () => {
  it('keeps every acknowledged write', async () => {
    const base = join(dir, 'meta-base.galley');
    const imported = await importInProcess(base);
    expect(imported.imported).toBe(GOOD_PAGES);
    expect(existsSync(`${base}-wal`)).toBe(false); // closed cleanly: one self-contained file to copy
    const baseState = readState(base);

    const random = prng(0xac4);
    let acknowledged = 0;
    let landed = 0;
    for (let i = 0; i < META_KILLS; i++) {
      const db = join(dir, `meta-${i}.galley`);
      const log = join(dir, `meta-${i}.log`);
      copyFileSync(base, db);
      const run = spawnChild(['meta', cli, db, log, String(1000 + i)], 'ready');
      await run.reached;
      await sleep(random() * META_MAX_DELAY_MS);
      run.child.kill('SIGKILL');
      const exit = await run.exited;
      if (exit.signal === 'SIGKILL') landed++;

      const text = readFileSync(log, 'utf8');
      const lines = text.split('\n');
      lines.pop(); // the last line is empty, or cut short by the kill
      const calls = new Map<number, LoggedCall>();
      const acks: number[] = [];
      for (const line of lines) {
        const entry = JSON.parse(line) as LoggedCall | { seq: number; ack: true };
        if ('ack' in entry) acks.push(entry.seq);
        else calls.set(entry.seq, entry);
      }
      expect(acks).toEqual(acks.map((_, k) => k + 1)); // one call at a time, in order
      acknowledged += acks.length;

      const expected = new Map([...baseState].map(([id, s]) => [id, { ...s }]));
      for (const seq of acks) applyCall(expected, calls.get(seq)!);
      // At most one call was under way when the kill came: it may or may not have committed.
      const pending = calls.get(acks.length + 1);
      const withPending = new Map([...expected].map(([id, s]) => [id, { ...s }]));
      if (pending) applyCall(withPending, pending);

      const actual = readState(db);
      const problems: string[] = [];
      for (const [id, state] of actual) {
        const a = JSON.stringify(state);
        if (a !== JSON.stringify(expected.get(id)) && a !== JSON.stringify(withPending.get(id))) {
          problems.push(`page ${id}: ${a} is neither ${JSON.stringify(expected.get(id))} nor the unacknowledged call`);
        }
      }
      expect(actual.size).toBe(GOOD_PAGES);
      expect(problems.slice(0, 5)).toEqual([]);
      removeCorpus(db);
    }
    console.log(
      `[crash-import] metadata: ${landed} kills, ${acknowledged} acknowledged writes all found in the corpus`,
    );
    expect(landed).toBe(META_KILLS);
    expect(acknowledged).toBeGreaterThan(META_KILLS * 10);
  }, 60_000);
});
