// The corpus exporter: pages streamed from the database into every format, filters, safe names, cancellation.
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  EXPORT_FORMATS,
  ExportFolder,
  type ExportProgress,
  OutsideExportFolderError,
  exportCorpus,
} from '../../../src/main/export';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { createDocumentStore } from '../../../src/main/store/documents';
import { createPageStore } from '../../../src/main/store/pages';
import { readBrat, readDoccano, readLabelStudio } from '../../../src/shared/export';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';
import { LABELS, seedDocument } from './fixtures';

const dir = tempDir('galley-export-');
let n = 0;

async function setup() {
  const corpus = openCorpus(join(dir, `c${n++}.galley`));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  const db = corpus.db;
  const pages = createPageStore(db);
  const docs = createDocumentStore(db);
  docs.replaceLabels(LABELS);
  const rows = pages.list({ offset: 0, limit: 100, sort: 'fileName', direction: 'asc' }).rows;
  const first = rows.find((r) => r.fileName.startsWith('000_'))!;
  // One page saved in the editor with spans; the other keeps only its repair reading.
  docs.write(first.id, 1, seedDocument('000_f1346f968acf4f03.txt'), [], new Date().toISOString());
  return { corpus, db, pages, rows, first };
}

const files = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(root.length + 1))
    .sort();

describe('exportCorpus', () => {
  it('writes every format, and the span formats read back without errors', async () => {
    const { corpus, rows } = await setup();
    for (const format of EXPORT_FORMATS) {
      const outDir = join(dir, `out-${n}-${format}`);
      const progress: ExportProgress[] = [];
      const summary = await exportCorpus({ db: corpus.db, format, outDir, onProgress: (p) => progress.push(p) });
      expect(summary.pages).toBe(rows.length);
      expect(summary.spans).toBeGreaterThan(10);
      // The archive counts the bytes of its snapshot; every other format counts pages.
      const last = progress.at(-1)!;
      expect(last).toEqual(
        format === 'archive'
          ? { done: last.total, total: last.total, unit: 'bytes' }
          : { done: rows.length, total: rows.length, unit: 'pages' },
      );
      expect(summary.files).toBe(files(outDir).length);
      const list = files(outDir);
      if (format === 'doccano') {
        const r = readDoccano('corpus.jsonl', readFileSync(join(outDir, 'corpus.jsonl'), 'utf8'));
        expect(r.errors).toEqual([]);
        expect(r.records).toHaveLength(summary.articles);
      }
      if (format === 'labelstudio') {
        expect(list).toEqual(['config.xml', 'tasks.json']);
        const r = readLabelStudio('tasks.json', readFileSync(join(outDir, 'tasks.json'), 'utf8'));
        expect(r.errors).toEqual([]);
        expect(r.records).toHaveLength(summary.articles);
      }
      if (format === 'brat') {
        expect(list).toContain('annotation.conf');
        for (const f of list.filter((x) => x.endsWith('.txt'))) {
          const stem = f.slice(0, -4);
          const ann = readFileSync(join(outDir, `${stem}.ann`), 'utf8');
          expect(readBrat(stem, f, readFileSync(join(outDir, f), 'utf8'), `${stem}.ann`, ann).errors).toEqual([]);
        }
      }
      if (format === 'csv')
        expect(readFileSync(join(outDir, 'entities.csv'), 'utf8').startsWith('\ufeffpage_file,')).toBe(true);
      if (format === 'txt') expect(list).toEqual(rows.map((r) => r.fileName).sort());
    }
    corpus.close();
  });

  it('names files from sanitized metadata and never writes outside the folder', async () => {
    const { corpus, pages, rows } = await setup();
    pages.updateMeta(rows[0]!.id, { newspaper: '../../etc', date: '2022-11-27', pageNo: '1' });
    pages.updateMeta(rows[1]!.id, { newspaper: 'CON', date: '2022-11-27', pageNo: '1' });
    const outDir = join(dir, `safe-${n}`);
    await exportCorpus({ db: corpus.db, format: 'md', outDir });
    expect(files(outDir)).toEqual(['CON_2022-11-27_1.md', '_._etc_2022-11-27_1.md']);
    expect(existsSync(join(dir, 'etc'))).toBe(false);
    const folder = new ExportFolder(join(dir, `guard-${n}`));
    expect(() => folder.write('../x.txt', 'x')).toThrow(OutsideExportFolderError);
    mkdirSync(join(dir, 'elsewhere'), { recursive: true });
    symlinkSync(join(dir, 'elsewhere'), join(folder.root, 'link'));
    expect(() => folder.write('link/x.txt', 'x')).toThrow(OutsideExportFolderError);
    folder.close();
    corpus.close();
  });

  it('filters by status, newspaper, date, label and page ids', async () => {
    const { corpus, pages, rows, first } = await setup();
    pages.updateMeta(first.id, { newspaper: '河北日报', date: '2022-11-27', pageNo: '1' });
    const count = async (filter: object) =>
      (await exportCorpus({ db: corpus.db, format: 'txt', outDir: join(dir, `f-${n++}`), filter })).pages;
    expect(await count({ newspaper: '河北日报' })).toBe(1);
    expect(await count({ dateFrom: '2022-11-01', dateTo: '2022-11-30' })).toBe(1);
    expect(await count({ dateFrom: '2023-01-01' })).toBe(0);
    expect(await count({ label: 'PER' })).toBe(1);
    expect(await count({ pageIds: [rows[1]!.id] })).toBe(1);
    expect(await count({ status: ['new', 'repaired', 'annotated', 'reviewed'] })).toBe(rows.length);
    corpus.close();
  });

  it('exports pages never read by the engine, splits by seed, and stops when cancelled', async () => {
    const { corpus, pages, rows } = await setup();
    const text = readFileSync(join(SEEDS_DIR, '003_e4dddeaf5a82f68e.txt'), 'utf8');
    pages.insertBatch([
      {
        fileName: 'fresh.txt',
        sourcePath: null,
        sha256: 'f'.repeat(64),
        encoding: 'utf-8',
        originalText: `${text}\n补充`,
        chars: text.length,
        newspaper: null,
        date: null,
        pageNo: null,
      },
    ]);
    const out = join(dir, `split-${n}`);
    const split = { seed: 1, train: 1, dev: 1, test: 1 };
    const summary = await exportCorpus({ db: corpus.db, format: 'conll', outDir: out, options: { split } });
    expect(summary.pages).toBe(rows.length + 1);
    const again = join(dir, `split-again-${n}`);
    await exportCorpus({ db: corpus.db, format: 'conll', outDir: again, options: { split } });
    expect(files(out)).toEqual(files(again));
    for (const f of files(out)) expect(readFileSync(join(again, f), 'utf8')).toBe(readFileSync(join(out, f), 'utf8'));
    expect(files(out).every((f) => /^(train|dev|test)\.conll$/.test(f))).toBe(true);
    let calls = 0;
    const cancelled = await exportCorpus({
      db: corpus.db,
      format: 'labelstudio',
      outDir: join(dir, `cancel-${n}`),
      isCancelled: () => calls++ >= 1,
    });
    expect(cancelled).toMatchObject({ cancelled: true, pages: 1 });
    const tasks = readLabelStudio('t', readFileSync(join(dir, `cancel-${n}`, 'tasks.json'), 'utf8'));
    expect(tasks.errors).toEqual([]);
    corpus.close();
  });
});
