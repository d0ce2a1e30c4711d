// `import.annotations`: the renderer's picked files (name + text) through the API contract into a temp folder,
// read back by importAnnotations; names are the user's, the temp folder goes away, search finds the new pages.
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { exportCorpus } from '../../../src/main/export';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { ApiCallError } from '../../../src/shared/api';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir('galley-import-ann-upload-');
let n = 0;

/** The sample corpus with 𠮷 before a span and inside one on its first page. */
async function sampleCorpus() {
  const corpus = openCorpus(join(dir, `a${n++}.galley`));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  const client = createDirectClient(services.methods);
  const page = (await client.call('pages.list', {})).rows.find((r) => r.fileName.startsWith('000_'))!;
  const { document } = await client.call('document.get', { pageId: page.id });
  const doc = structuredClone(document);
  const body = doc.articles[0]!.blocks.find((b) => b.role === 'body')!;
  body.text = `𠮷${body.text}`;
  const at = body.text.indexOf('石家庄');
  body.spans = [
    { id: 's-loc', label: 'LOC', start: at, end: at + 3, origin: 'manual' },
    { id: 's-gaiji', label: 'PER', start: 0, end: 3, origin: 'manual' },
  ];
  await client.call('document.save', { pageId: page.id, baseRevision: 0, document: doc, review: [] });
  return corpus;
}

function emptyCorpus() {
  const corpus = openCorpus(join(dir, `b${n++}.galley`));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  return { corpus, client: createDirectClient(services.methods) };
}

/** The exported folder's files as the renderer would send them: relative names and text. */
function picked(root: string): { name: string; text: string }[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort()
    .map((f) => ({ name: f.slice(root.length + 1), text: readFileSync(f, 'utf8') }));
}

const tempFolders = (): string[] => readdirSync(tmpdir()).filter((d) => d.startsWith('galley-annotations-'));

describe('import.annotations', () => {
  it('doccano round trip with 𠮷 before and inside a span; search finds the imported page', async () => {
    const a = await sampleCorpus();
    const first = join(dir, `first-${n}`);
    await exportCorpus({ db: a.db, format: 'doccano', outDir: first });
    const files = picked(first);
    expect(files.map((f) => f.name)).toContain('corpus.jsonl');
    expect(files.some((f) => f.text.includes('𠮷'))).toBe(true);

    const { corpus: b, client } = emptyCorpus();
    // The index is built (empty) before the import, so the import has to bring it up to date.
    await client.call('search.query', { query: '石家庄', filters: {}, offset: 0, limit: 10 });
    const foldersBefore = tempFolders();
    const report = await client.call('import.annotations', { format: 'doccano', files });
    expect(report).toEqual({ imported: 2, attached: 0, duplicates: 0, labelsAdded: [], failed: [] });
    expect(tempFolders()).toEqual(foldersBefore);
    expect(b.db.prepare('SELECT count(*) FROM pages WHERE source_path IS NOT NULL').pluck().get()).toBe(0);

    const second = join(dir, `second-${n}`);
    await exportCorpus({ db: b.db, format: 'doccano', outDir: second });
    expect(picked(second)).toEqual(files);

    const found = await client.call('search.query', { query: '𠮷', filters: {}, offset: 0, limit: 10 });
    expect(found.total).toBeGreaterThan(0);
    const sjz = await client.call('search.query', { query: '石家庄', filters: {}, offset: 0, limit: 10 });
    expect(sjz.total).toBeGreaterThan(0);

    // Again into the same corpus: nothing new.
    const again = await client.call('import.annotations', { format: 'doccano', files });
    expect(again).toEqual({ imported: 0, attached: 0, duplicates: 2, labelsAdded: [], failed: [] });
    a.close();
    b.close();
  });

  it('reports a malformed line with the user file name and line, and a file of another kind', async () => {
    const { corpus, client } = emptyCorpus();
    const good = JSON.stringify({ text: '北京市人民政府', label: [[0, 2, 'LOC']] });
    const report = await client.call('import.annotations', {
      format: 'doccano',
      files: [
        { name: 'batch/more.jsonl', text: `${good}\n{"text": 12\nnot json\n` },
        { name: 'notes.md', text: 'hello' },
      ],
    });
    expect(report.imported).toBe(1);
    expect(report.labelsAdded).toEqual([]);
    expect(report.failed.map((f) => `${f.file}:${f.line}`)).toEqual([
      'notes.md:0',
      'batch/more.jsonl:2',
      'batch/more.jsonl:3',
    ]);
    for (const f of report.failed) expect(f.reason).not.toContain(tmpdir());
    corpus.close();
  });

  it('refuses names that leave the folder, absolute names and duplicates', async () => {
    const { corpus, client } = emptyCorpus();
    for (const name of ['../evil.jsonl', 'a/../../evil.jsonl', '/etc/evil.jsonl', 'C:\\evil.jsonl', 'a\\..\\b.jsonl']) {
      const call = client.call('import.annotations', { format: 'doccano', files: [{ name, text: '' }] });
      await expect(call, name).rejects.toBeInstanceOf(ApiCallError);
    }
    const twice = client.call('import.annotations', {
      format: 'doccano',
      files: [
        { name: 'a.jsonl', text: '' },
        { name: 'a.jsonl', text: '' },
      ],
    });
    await expect(twice).rejects.toThrow(/same name/);
    expect(corpus.db.prepare('SELECT count(*) FROM pages').pluck().get()).toBe(0);
    corpus.close();
  });

  it('brat: a picked folder keeps .txt/.ann pairs and annotation.conf together', async () => {
    const a = await sampleCorpus();
    const out = join(dir, `brat-${n}`);
    await exportCorpus({ db: a.db, format: 'brat', outDir: out });
    const files = picked(out).map((f) => ({ ...f, name: `export/${f.name}` }));
    const { corpus: b, client } = emptyCorpus();
    const report = await client.call('import.annotations', { format: 'brat', files });
    expect(report.failed).toEqual([]);
    expect(report.imported).toBe(2);
    a.close();
    b.close();
  });
});
