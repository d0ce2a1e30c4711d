// The export job service: arguments, the destination folder, progress, cancellation, scopes, and that the
// HTTP server keeps answering while a large export runs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { EXPORT_FORMATS, exportCorpus } from '../../../src/main/export';
import { prepareOutDir } from '../../../src/main/services/export-jobs';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { startWebServer } from '../../../src/main/web/server';
import { ApiCallError, type ExportJob } from '../../../src/shared/api';
import { readDoccano } from '../../../src/shared/export';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';
import { LABELS, seedDocument } from '../export/fixtures';

const dir = tempDir('galley-export-jobs-');
let n = 0;

const pageText = (i: number) => `第${i}版 新闻标题${i}\n\n本报讯 这是第${i}篇测试文章的正文，石家庄召开会议。\n`;

/** A corpus with the two seed pages (one saved with spans) and `extra` small generated pages. */
async function setup(extra = 0) {
  const corpus = openCorpus(join(dir, `c${n++}.galley`));
  const exportsRoot = join(dir, `home${n}`);
  const services = createServices({ corpus, seedsDir: SEEDS_DIR, exportsRoot });
  await services.ensureSample();
  const client = createDirectClient(services.methods);
  services.documents.saveLabels(LABELS);
  const seeds = (await client.call('pages.list', { sort: 'fileName' })).rows;
  const first = seeds.find((r) => r.fileName.startsWith('000_'))!;
  await client.call('document.save', {
    pageId: first.id,
    baseRevision: 0,
    document: seedDocument('000_f1346f968acf4f03.txt'),
    review: [],
  });
  const generated = Array.from({ length: extra }, (_, i) => {
    const text = pageText(i);
    return {
      fileName: `gen-${String(i).padStart(4, '0')}.txt`,
      sourcePath: null,
      sha256: createHash('sha256').update(text).digest('hex'),
      encoding: 'utf-8' as const,
      originalText: text,
      chars: [...text].length,
      newspaper: i % 2 === 0 ? '河北日报' : '石家庄日报',
      date: `2022-11-${String(1 + (i % 28)).padStart(2, '0')}`,
      pageNo: String(i),
    };
  });
  if (generated.length > 0) services.pages.insertBatch(generated);
  return { corpus, services, client, first, seeds, exportsRoot };
}

const files = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(root.length + 1))
    .sort();

async function badRequest(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiCallError);
  expect((error as ApiCallError).code).toBe('BAD_REQUEST');
  return (error as ApiCallError).message;
}

describe('export jobs', () => {
  it('offer the exporter’s formats and a fresh default folder named after the corpus and the date', async () => {
    const { client, corpus, exportsRoot } = await setup();
    const defaults = await client.call('export.defaults', {});
    expect(defaults.formats).toEqual([...EXPORT_FORMATS]);
    expect(defaults.corpusName).toMatch(/^c\d+$/);
    expect(defaults.outDir.startsWith(join(exportsRoot, 'exports', `${defaults.corpusName}-`))).toBe(true);
    expect(defaults.outDir).toMatch(/-\d{4}-\d{2}-\d{2}$/);
    // Once used, the same folder is not offered again.
    mkdirSync(defaults.outDir, { recursive: true });
    expect((await client.call('export.defaults', {})).outDir).toBe(`${defaults.outDir}-2`);
    corpus.close();
  });

  it('write what exportCorpus writes, reporting progress up to the total', async () => {
    const { client, services, corpus } = await setup(70);
    const outDir = join(dir, 'out-progress');
    const started = await client.call('export.start', { format: 'doccano', scope: { kind: 'corpus' }, outDir });
    expect(started).toMatchObject({ state: 'running', phase: 'preparing', done: 0, total: null, format: 'doccano' });
    const seen: ExportJob[] = [];
    for (let job = started; job.state === 'running';) {
      await new Promise<void>((done) => setImmediate(done));
      job = await client.call('export.status', { jobId: started.jobId });
      seen.push(job);
    }
    const done = seen.at(-1)!;
    expect(done).toMatchObject({ state: 'done', done: 72, total: 72, error: null });
    expect(done.summary).toMatchObject({ files: 1, pages: 72, outDir });
    expect(done.summary.spans).toBeGreaterThan(10);
    // Progress was seen part-way (pages come in batches), and never went backwards.
    const counts = seen.map((j) => j.done);
    expect(counts.some((c) => c > 0 && c < 72)).toBe(true);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));

    const reference = join(dir, 'out-progress-reference');
    await exportCorpus({ db: corpus.db, format: 'doccano', outDir: reference });
    expect(readFileSync(join(outDir, 'corpus.jsonl'), 'utf8')).toBe(
      readFileSync(join(reference, 'corpus.jsonl'), 'utf8'),
    );
    expect(files(outDir)).toEqual(['corpus.jsonl']);
    expect(await services.exports.wait(started.jobId)).toEqual(done);
    corpus.close();
  });

  it('stop between pages when cancelled, leaving complete files for the pages done', async () => {
    const { client, corpus } = await setup(200);
    const outDir = join(dir, 'out-cancel');
    const started = await client.call('export.start', { format: 'txt', scope: { kind: 'corpus' }, outDir });
    let job = started;
    while (job.done === 0) {
      await new Promise<void>((done) => setImmediate(done));
      job = await client.call('export.status', { jobId: started.jobId });
    }
    expect(job.state).toBe('running');
    await client.call('export.cancel', { jobId: started.jobId });
    for (; job.state === 'running'; await new Promise<void>((done) => setImmediate(done))) {
      job = await client.call('export.status', { jobId: started.jobId });
    }
    expect(job.state).toBe('cancelled');
    expect(job.total).toBe(202);
    expect(job.summary.pages).toBeGreaterThan(0);
    expect(job.summary.pages).toBeLessThan(202);
    // One .txt per page written, and no more after the cancel.
    expect(files(outDir)).toHaveLength(job.summary.pages);
    expect(job.summary.files).toBe(job.summary.pages);
    // Cancelling a finished job changes nothing.
    expect((await client.call('export.cancel', { jobId: started.jobId })).state).toBe('cancelled');
    corpus.close();
  });

  it('refuse a destination that is relative, a file, under a file, or not writable, naming it', async () => {
    const { client, corpus } = await setup();
    const start = (outDir: string) => client.call('export.start', { format: 'txt', scope: { kind: 'corpus' }, outDir });
    expect(await badRequest(start('exports/here'))).toContain('absolute path');
    const file = join(dir, 'a-file.txt');
    writeFileSync(file, 'x');
    expect(await badRequest(start(file))).toBe(`${file} is a file, not a folder: choose a folder to export into.`);
    expect(await badRequest(start(join(file, 'inside')))).toContain(
      `Cannot create the export folder ${join(file, 'inside')}`,
    );
    // /proc refuses new files even to root, which ignores permission bits.
    if (existsSync('/proc/1'))
      expect(await badRequest(start('/proc/1'))).toContain('Cannot write into the export folder /proc/1');
    // A missing folder is created, and the write test leaves nothing behind.
    const fresh = join(dir, 'fresh', 'deeper');
    expect(prepareOutDir(fresh)).toBe(fresh);
    expect(readdirSync(fresh)).toEqual([]);
    corpus.close();
  });

  it('validate the format and the options', async () => {
    const { client, corpus } = await setup();
    const outDir = join(dir, 'out-args');
    const call = (args: Record<string, unknown>) =>
      client.call('export.start', { format: 'conll', scope: { kind: 'corpus' }, outDir, ...args } as never);
    expect(await badRequest(call({ format: 'docx' }))).toContain('Unknown export format "docx"');
    expect(await badRequest(call({ format: '../x' }))).toContain('format');
    expect(await badRequest(call({ options: { columns: 3 } }))).toContain('options.columns');
    expect(await badRequest(call({ options: { split: { seed: 1, train: 0, dev: 0, test: 0 } } }))).toContain('split');
    expect(await badRequest(call({ scope: { kind: 'filter', dateFrom: '27.11.2022' } }))).toContain('dateFrom');
    expect(await badRequest(call({ scope: { kind: 'pages', pageIds: [] } }))).toContain('pageIds');
    expect(await badRequest(call({ scope: { kind: 'everything' } }))).toContain('scope');
    await expect(client.call('export.status', { jobId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    corpus.close();
  });

  it('export only the pages in scope: a filter, or the given pages', async () => {
    const { client, services, corpus, first, seeds } = await setup(20);
    const run = async (scope: Parameters<typeof client.call<'export.start'>>[1]['scope'], name: string) => {
      const outDir = join(dir, name);
      const job = await client.call('export.start', { format: 'txt', scope, outDir });
      const done = await services.exports.wait(job.jobId);
      expect(done.state).toBe('done');
      return files(outDir);
    };
    // The generated pages alternate between two newspapers, dated 2022-11-01 … 2022-11-20, and are named so.
    expect(await run({ kind: 'filter', newspaper: '河北日报' }, 'f-paper')).toHaveLength(10);
    expect(
      await run({ kind: 'filter', newspaper: '石家庄日报', dateFrom: '2022-11-05', dateTo: '2022-11-10' }, 'f-dates'),
    ).toEqual(['石家庄日报_2022-11-06_5.txt', '石家庄日报_2022-11-08_7.txt', '石家庄日报_2022-11-10_9.txt']);
    // Only the saved seed page carries spans.
    expect(await run({ kind: 'filter', label: 'PER' }, 'f-label')).toEqual([first.fileName]);
    await client.call('pages.setStatus', { id: seeds[1]!.id, status: 'reviewed' });
    expect(await run({ kind: 'filter', status: ['reviewed'] }, 'f-status')).toEqual([seeds[1]!.fileName]);
    expect(await run({ kind: 'filter', status: [] }, 'f-all')).toHaveLength(22);
    expect(await run({ kind: 'pages', pageIds: [first.id] }, 'p-one')).toEqual([first.fileName]);

    // The options reach the exporter: doccano per page, for the current page only.
    const outDir = join(dir, 'p-doccano');
    const job = await client.call('export.start', {
      format: 'doccano',
      options: { doccanoUnit: 'page' },
      scope: { kind: 'pages', pageIds: [first.id] },
      outDir,
    });
    expect((await services.exports.wait(job.jobId)).summary).toMatchObject({ pages: 1, files: 1 });
    const records = readDoccano('corpus.jsonl', readFileSync(join(outDir, 'corpus.jsonl'), 'utf8'));
    expect(records.errors).toEqual([]);
    expect(records.records).toHaveLength(1);
    corpus.close();
  });

  it('refuse a second export into a folder an export is still writing', async () => {
    const { client, services, corpus } = await setup(100);
    const outDir = join(dir, 'out-busy');
    const job = await client.call('export.start', { format: 'md', scope: { kind: 'corpus' }, outDir });
    await expect(
      client.call('export.start', { format: 'md', scope: { kind: 'corpus' }, outDir }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await services.exports.wait(job.jobId)).state).toBe('done');
    corpus.close();
  });

  it('let the HTTP server answer while a large export runs', async () => {
    const { services, corpus } = await setup(400);
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Galley</title>');
    const web = await startWebServer({ methods: services.methods, rendererDir, host: '127.0.0.1', port: 0 });
    const post = (method: string, args: unknown) =>
      new Promise<{ ok: boolean; value: ExportJob }>((resolve, reject) => {
        const req = request(
          new URL(`/api/${method}`, web.url),
          { method: 'POST', headers: { Authorization: `Bearer ${web.token}`, 'Content-Type': 'application/json' } },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve(JSON.parse(body) as { ok: boolean; value: ExportJob }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(args));
      });
    try {
      const outDir = join(dir, 'out-http');
      const started = await post('export.start', { format: 'conll', scope: { kind: 'corpus' }, outDir });
      expect(started.ok).toBe(true);
      // Status calls are answered while the job is still running, with the pages done so far.
      const answers: ExportJob[] = [];
      for (;;) {
        const status = await post('export.status', { jobId: started.value.jobId });
        expect(status.ok).toBe(true);
        answers.push(status.value);
        if (status.value.state !== 'running') break;
      }
      const running = answers.filter((a) => a.state === 'running' && a.done > 0 && a.done < 402);
      expect(running.length).toBeGreaterThan(0);
      expect(answers.at(-1)).toMatchObject({ state: 'done', done: 402, total: 402 });
    } finally {
      await web.close();
      corpus.close();
    }
  });
});
