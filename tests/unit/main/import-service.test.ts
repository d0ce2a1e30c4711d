import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir();
let n = 0;

function setup(maxFileBytes?: number) {
  const corpus = openCorpus(join(dir, `c${n++}.galley`));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR, maxFileBytes });
  return { corpus, services, client: createDirectClient(services.methods) };
}

const page = (i: number) => `第${i}版 新闻标题\n\n本报讯 这是第${i}篇测试文章的正文，用于检查导入。\n`;

describe('import service', () => {
  it('walks folders recursively, reads metadata from paths, and survives symlink loops', async () => {
    const { services, client, corpus } = setup();
    const root = join(dir, '河北日报');
    const day = join(root, '20221127');
    mkdirSync(join(day, 'a', 'b', 'c', 'd', 'e'), { recursive: true });
    writeFileSync(join(day, '004.txt'), page(4));
    writeFileSync(join(day, 'a', 'b', 'c', 'd', 'e', 'deep.md'), page(99));
    writeFileSync(join(root, 'hbrb-20221128-p02.md'), page(2));
    writeFileSync(join(root, 'cover.jpg'), 'not a page');
    symlinkSync(root, join(day, 'a', 'loop'));
    const job = await client.call('import.start', { paths: [root] });
    const done = await services.jobs.wait(job.jobId);
    expect(done.state).toBe('done');
    expect(done.report.imported).toBe(3);
    expect(done.report.failed).toEqual([]);
    const rows = (await client.call('pages.list', { sort: 'date' })).rows;
    const p4 = rows.find((r) => r.fileName === '004.txt');
    expect(p4).toMatchObject({ date: '2022-11-27', pageNo: '4' });
    expect(rows.find((r) => r.fileName === 'hbrb-20221128-p02.md')).toMatchObject({ date: '2022-11-28', pageNo: '2' });
    corpus.close();
  });

  it('reports unreadable files and goes on', async () => {
    if (process.getuid?.() === 0) return; // root reads everything: permissions cannot be tested as root
    const { services, client, corpus } = setup();
    const folder = join(dir, 'perm');
    mkdirSync(folder);
    writeFileSync(join(folder, 'ok.txt'), page(1));
    writeFileSync(join(folder, 'locked.txt'), page(2));
    chmodSync(join(folder, 'locked.txt'), 0o000);
    const done = await services.jobs.wait((await client.call('import.start', { paths: [folder] })).jobId);
    expect(done.report.imported).toBe(1);
    expect(done.report.failed).toMatchObject([{ file: 'perm/locked.txt', code: 'UNREADABLE' }]);
    corpus.close();
  });

  it('imports uploaded files (web mode) and applies the size limit', async () => {
    const { services, client, corpus } = setup(1024);
    const files = [
      { name: 'upload/人民日报_2021-03-05_04.txt', dataBase64: Buffer.from(page(5)).toString('base64') },
      { name: 'upload/big.txt', dataBase64: Buffer.alloc(4096, 'x').toString('base64') },
      { name: 'upload/photo.png', dataBase64: 'iVBORw0KGgo=' },
    ];
    const done = await services.jobs.wait((await client.call('import.upload', { files })).jobId);
    expect(done.report.imported).toBe(1);
    expect(done.report.failed.map((f) => [f.file, f.code])).toEqual([
      ['upload/photo.png', 'NOT_A_PAGE_FILE'],
      ['upload/big.txt', 'TOO_LARGE'],
    ]);
    const [row] = (await client.call('pages.list', {})).rows;
    expect(row).toMatchObject({ newspaper: '人民日报', date: '2021-03-05', pageNo: '4' });
    corpus.close();
  });

  it('reports progress and can be cancelled; what was written is whole', async () => {
    const { services, client, corpus } = setup();
    const folder = join(dir, 'many');
    mkdirSync(folder);
    for (let i = 0; i < 3000; i++) writeFileSync(join(folder, `p${String(i).padStart(5, '0')}.txt`), page(i));
    const job = await client.call('import.start', { paths: [folder] });
    await expect.poll(() => services.jobs.status(job.jobId).done, { interval: 1, timeout: 30_000 }).toBeGreaterThan(10);
    const running = services.jobs.status(job.jobId);
    expect(running.total).toBe(3000);
    expect(running.current).toMatch(/^many\/p\d+\.txt$/);
    await client.call('import.cancel', { jobId: job.jobId });
    const done = await services.jobs.wait(job.jobId);
    expect(done.state).toBe('cancelled');
    expect(done.report.cancelled).toBe(true);
    const count = corpus.db.prepare('SELECT count(*) FROM pages').pluck().get() as number;
    expect(count).toBe(done.report.imported);
    expect(count).toBeLessThan(3000);
    // Every stored page is complete: its text matches the file it came from.
    for (const row of corpus.db.prepare('SELECT file_name, original_text FROM pages').all() as {
      file_name: string;
      original_text: string;
    }[]) {
      expect(row.original_text).toBe(readFileSync(join(folder, row.file_name), 'utf8'));
    }
    // Importing again finishes the job: nothing is added twice.
    const rest = await services.jobs.wait((await client.call('import.start', { paths: [folder] })).jobId);
    expect(rest.report.imported + rest.report.duplicates).toBe(3000);
    expect(corpus.db.prepare('SELECT count(*) FROM pages').pluck().get()).toBe(3000);
    corpus.close();
  });

  it('fills a new default corpus with the sample once, not after its pages were removed', async () => {
    const { services, corpus } = setup();
    await services.ensureSample();
    expect(services.pages.count()).toBe(2);
    corpus.db.exec('DELETE FROM pages');
    await services.ensureSample();
    expect(services.pages.count()).toBe(0);
    corpus.close();
  });

  it('edits metadata and status, validating values', async () => {
    const { services, client, corpus } = setup();
    await services.ensureSample();
    const [first] = (await client.call('pages.list', {})).rows;
    const updated = await client.call('pages.updateMeta', {
      id: first!.id,
      newspaper: ' 河北日报 ',
      date: '2022-11-27',
      pageNo: '1',
    });
    expect(updated).toMatchObject({ newspaper: '河北日报', date: '2022-11-27', pageNo: '1' });
    await expect(client.call('pages.updateMeta', { id: first!.id, date: '27/11/2022' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await client.call('pages.setStatus', { id: first!.id, status: 'reviewed' })).status).toBe('reviewed');
    expect((await client.call('corpus.info', {})).byStatus).toMatchObject({ reviewed: 1, new: 1 });
    corpus.close();
  });
});
