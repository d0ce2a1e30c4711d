// Reading annotated datasets back: export → import into a new corpus → export gives identical files; a
// re-import into the same corpus creates nothing; malformed records are reported with file and line.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { runCli, type CliIo } from '../../../src/main/cli';
import { exportCorpus } from '../../../src/main/export';
import { createServices } from '../../../src/main/services';
import { ANNOTATION_FORMATS, importAnnotations } from '../../../src/main/services/import-annotations';
import { openCorpus } from '../../../src/main/store/corpus';
import type { PageDocument } from '../../../src/shared/document';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir('galley-import-ann-');
let n = 0;

async function sampleCorpus() {
  const corpus = openCorpus(join(dir, `a${n++}.galley`));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  const client = createDirectClient(services.methods);
  const page = (await client.call('pages.list', {})).rows.find((r) => r.fileName.startsWith('000_'))!;
  const { document } = await client.call('document.get', { pageId: page.id });
  const doc = structuredClone(document);
  const body = doc.articles[0]!.blocks.find((b) => b.role === 'body')!;
  // 𠮷 before a span (shifts code points) and inside one (a span over an astral character).
  body.text = `𠮷${body.text}`;
  const at = body.text.indexOf('石家庄');
  body.spans = [
    { id: 's-loc', label: 'LOC', start: at, end: at + 3, origin: 'manual', entityId: 'Q-sjz' },
    { id: 's-gaiji', label: 'PER', start: 0, end: 3, origin: 'manual' },
  ];
  // Adjacent spans of one label must stay three spans.
  const names = doc.articles.at(-1)!.blocks.at(-1)!;
  names.text = `${names.text}江泽民李鹏乔石`;
  const e = names.text.length;
  names.spans.push(
    { id: 's-j', label: 'PER', start: e - 7, end: e - 4, origin: 'manual' },
    { id: 's-l', label: 'PER', start: e - 4, end: e - 2, origin: 'manual' },
    { id: 's-q', label: 'PER', start: e - 2, end: e, origin: 'manual' },
  );
  await client.call('document.save', { pageId: page.id, baseRevision: 0, document: doc, review: [] });
  // The other page keeps its repair reading (never saved) and gets metadata, so brat names it by newspaper
  // and date rather than by its file name.
  const other = (await client.call('pages.list', {})).rows.find((r) => r.id !== page.id)!;
  await client.call('pages.updateMeta', { id: other.id, newspaper: '河北日报', date: '2022-11-27', pageNo: '01' });
  return { corpus, client, pageId: page.id, doc };
}

function emptyCorpus() {
  const corpus = openCorpus(join(dir, `b${n++}.galley`));
  createServices({ corpus, seedsDir: SEEDS_DIR });
  return corpus;
}

const files = (root: string): Map<string, Buffer> =>
  new Map(
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name))
      .sort()
      .map((f) => [f.slice(root.length + 1), readFileSync(f)]),
  );

const count = (db: import('better-sqlite3').Database, sql: string): number => db.prepare(sql).pluck().get() as number;

describe('importAnnotations', () => {
  it.each(ANNOTATION_FORMATS)(
    '%s: export → import into a new corpus → export gives identical files',
    async (format) => {
      const { corpus: a } = await sampleCorpus();
      const first = join(dir, `${format}-first-${n}`);
      await exportCorpus({ db: a.db, format, outDir: first });
      const b = emptyCorpus();
      const progress: number[] = [];
      const report = await importAnnotations({
        db: b.db,
        format,
        paths: [first],
        onProgress: (p) => progress.push(p.done),
      });
      expect(report).toEqual({ imported: 2, attached: 0, duplicates: 0, labelsAdded: [], failed: [] });
      expect(progress.at(-1)).toBe(2);
      const second = join(dir, `${format}-second-${n}`);
      await exportCorpus({ db: b.db, format, outDir: second });
      const before = files(first);
      const after = files(second);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), name).toBe(true);
      if (format === 'brat') expect([...before.keys()]).toContain('河北日报_2022-11-27_01_a01.ann');
      else
        expect(b.db.prepare('SELECT newspaper, date, page_no FROM pages ORDER BY id').all()).toEqual([
          { newspaper: null, date: null, page_no: null },
          { newspaper: '河北日报', date: '2022-11-27', page_no: '01' },
        ]);
      // The span rows are derived in code points: 𠮷 before 石家庄 shifts it by one.
      const spans = b.db.prepare("SELECT text, start, cp_start FROM spans WHERE label = 'LOC'").all() as {
        text: string;
        start: number;
        cp_start: number;
      }[];
      expect(spans.find((s) => s.text === '石家庄')).toBeDefined();
      expect(spans.every((s) => s.cp_start === s.start - 1)).toBe(true);
      expect(count(b.db, "SELECT count(*) FROM spans WHERE text IN ('江泽民', '李鹏', '乔石')")).toBe(3);
      expect(count(b.db, "SELECT count(*) FROM spans WHERE text = '𠮷' || '田茂' OR text LIKE '𠮷%'")).toBe(1);

      // Into the same corpus again, and into the new one again: nothing new.
      for (const db of [a.db, b.db]) {
        const pagesBefore = count(db, 'SELECT count(*) FROM pages');
        const again = await importAnnotations({ db, format, paths: [first] });
        expect(again.imported).toBe(0);
        expect(again.failed).toEqual([]);
        expect(again.attached + again.duplicates).toBe(2);
        expect(count(db, 'SELECT count(*) FROM pages')).toBe(pagesBefore);
      }
      a.close();
      b.close();
    },
  );

  it('attaches spans to a page with the same corrected text as a new revision, keeping matching span ids', async () => {
    const { corpus: a, client, pageId, doc } = await sampleCorpus();
    const out = join(dir, `attach-${n}`);
    await exportCorpus({ db: a.db, format: 'doccano', outDir: out });
    // Remove one span and add another in the corpus; the import puts the exported spans back.
    const changed: PageDocument = structuredClone(doc);
    const names = changed.articles.at(-1)!.blocks.at(-1)!;
    names.spans = names.spans.filter((s) => s.id !== 's-l');
    await client.call('document.save', { pageId, baseRevision: 1, document: changed, review: [] });
    const report = await importAnnotations({ db: a.db, format: 'doccano', paths: [out] });
    expect(report).toMatchObject({ imported: 0, attached: 1, duplicates: 1, failed: [] });
    const state = await client.call('document.get', { pageId });
    expect(state.revision).toBe(3);
    const spans = state.document.articles.at(-1)!.blocks.at(-1)!.spans;
    expect(spans.map((s) => s.label)).toContain('PER');
    expect(spans.map((s) => s.id)).toEqual(expect.arrayContaining(['s-j', 's-q']));
    expect(spans).toHaveLength(doc.articles.at(-1)!.blocks.at(-1)!.spans.length);
    // doccano carries no entity links: the corpus's link on 石家庄 stays.
    const body = state.document.articles[0]!.blocks.find((b) => b.role === 'body')!;
    expect(body.spans.find((s) => s.id === 's-loc')?.entityId).toBe('Q-sjz');
    a.close();
  });

  it('adds labels the spans use that the label set lacks, in the order of config.xml', async () => {
    const src = join(dir, `labels-${n++}`);
    mkdirSync(src);
    const task = (text: string, label: string) => ({
      data: { text, meta: { page: 'x.txt', article: 0 } },
      annotations: [
        { result: [{ type: 'labels', value: { start: 0, end: 2, text: text.slice(0, 2), labels: [label] } }] },
      ],
    });
    writeFileSync(join(src, 'tasks.json'), JSON.stringify([task('新华社电', 'AGENCY'), task('人民日报', 'PAPER')]));
    writeFileSync(
      join(src, 'config.xml'),
      '<View>\n  <Labels name="label" toName="text">\n    <Label value="PAPER" background="#123456"/>\n' +
        '    <Label value="AGENCY"/>\n  </Labels>\n</View>\n',
    );
    const b = emptyCorpus();
    const report = await importAnnotations({ db: b.db, format: 'labelstudio', paths: [src] });
    expect(report.failed).toEqual([]);
    expect(report.labelsAdded).toEqual(['PAPER', 'AGENCY']);
    const labels = b.db.prepare('SELECT name, color, hotkey FROM labels ORDER BY position').all();
    expect(labels.slice(-2)).toEqual([
      { name: 'PAPER', color: '#123456', hotkey: '6' },
      { name: 'AGENCY', color: expect.stringMatching(/^#[0-9a-f]{6}$/), hotkey: '7' },
    ]);
    b.close();
  });

  it('reports malformed records with file and line and imports the valid ones', async () => {
    const src = join(dir, `bad-${n++}`);
    mkdirSync(join(src, 'brat'), { recursive: true });
    const doccano = join(src, 'bad.jsonl');
    writeFileSync(
      doccano,
      [
        JSON.stringify({ text: '江泽民会见客人', label: [[0, 3, 'PER']], meta: { page: 'ok1.txt' } }),
        '{"text": "broken',
        JSON.stringify({ text: '李鹏', label: [[0, 9, 'PER']], meta: { page: 'range.txt' } }),
        JSON.stringify({
          text: '乔石同志',
          label: [
            [0, 2, 'PER'],
            [1, 3, 'PER'],
          ],
          meta: { page: 'overlap.txt' },
        }),
        JSON.stringify({ text: '𠮷田茂来访', label: [[0, 3, 'PER']], meta: { page: 'ok2.txt' } }),
        '',
      ].join('\n'),
    );
    const b = emptyCorpus();
    const d = await importAnnotations({ db: b.db, format: 'doccano', paths: [doccano] });
    expect(d.imported).toBe(2);
    expect(d.failed.map((f) => [f.file, f.line])).toEqual([
      [doccano, 2],
      [doccano, 3],
      [doccano, 4],
    ]);
    expect(d.failed[0]!.reason).toMatch(/not JSON/);
    expect(d.failed[1]!.reason).toMatch(/out of range/);
    expect(d.failed[2]!.reason).toMatch(/overlaps/);
    expect(b.db.prepare('SELECT text FROM spans ORDER BY text').pluck().all()).toEqual(['江泽民', '𠮷田茂']);

    // brat: a T line whose recorded text does not match, a good document, and an .ann without its .txt.
    writeFileSync(join(src, 'brat', 'p_a01.txt'), '江泽民会见李鹏\n');
    writeFileSync(join(src, 'brat', 'p_a01.ann'), 'T1\tPER 0 3\t江泽民\nT2\tPER 5 7\t乔石\n');
    writeFileSync(join(src, 'brat', 'q_a01.txt'), '人民日报社论\n');
    writeFileSync(join(src, 'brat', 'q_a01.ann'), 'T1\tORG 0 4\t人民日报\n');
    writeFileSync(join(src, 'brat', 'lonely.ann'), 'T1\tORG 0 1\t人\n');
    const br = await importAnnotations({ db: b.db, format: 'brat', paths: [join(src, 'brat')] });
    expect(br.imported).toBe(1);
    expect(br.failed).toEqual([
      { file: join(src, 'brat', 'lonely.ann'), line: 0, reason: expect.stringMatching(/lonely\.txt/) },
      { file: join(src, 'brat', 'p_a01.ann'), line: 2, reason: expect.stringMatching(/乔石/) },
    ]);

    // Label Studio: end before start in the second task (which starts on line 3).
    const ls = join(src, 'tasks.json');
    const task = (text: string, start: number, end: number) =>
      JSON.stringify({
        data: { text, meta: { page: `${text}.txt` } },
        annotations: [{ result: [{ type: 'labels', value: { start, end, labels: ['ORG'] } }] }],
      });
    writeFileSync(ls, `[\n${task('新华社', 0, 3)},\n${task('光明日报', 3, 1)},\n${task('中央电视台', 0, 5)}\n]\n`);
    const l = await importAnnotations({ db: b.db, format: 'labelstudio', paths: [ls] });
    expect(l.imported).toBe(2);
    expect(l.failed).toEqual([{ file: ls, line: 3, reason: expect.stringMatching(/out of range/) }]);
    b.close();
  });
});

async function galley(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: false };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

describe('galley import --format', () => {
  it('imports records, prints the report as JSON and exits 1 when a record failed', async () => {
    const src = join(dir, `cli-${n++}`);
    mkdirSync(src);
    const good = join(src, 'good.jsonl');
    writeFileSync(
      good,
      `${JSON.stringify({ text: '江泽民李鹏乔石', label: [[0, 3, 'PER']], meta: { page: 'g.txt' } })}\n`,
    );
    const db = join(dir, `cli-${n++}.galley`);
    const ok = await galley('import', '--format', 'doccano', good, '--db', db, '--json');
    expect(ok.code).toBe(0);
    expect(ok.json()).toEqual({ imported: 1, attached: 0, duplicates: 0, labelsAdded: [], failed: [] });
    const again = await galley('import', '--format', 'doccano', good, '--db', db, '--json');
    expect(again.json()).toEqual({ imported: 0, attached: 0, duplicates: 1, labelsAdded: [], failed: [] });

    const bad = join(src, 'bad.jsonl');
    writeFileSync(bad, `not json\n${JSON.stringify({ text: '乔石', label: [[0, 2, 'NEW']] })}\n`);
    const partly = await galley('import', '--format', 'doccano', bad, '--db', db, '--json');
    expect(partly.code).toBe(1);
    expect(partly.json()).toEqual({
      imported: 1,
      attached: 0,
      duplicates: 0,
      labelsAdded: ['NEW'],
      failed: [{ file: bad, line: 1, reason: expect.stringMatching(/not JSON/) }],
    });
    const human = await galley('import', '--format', 'doccano', bad, '--db', db);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/Imported 0 page\(s\), attached spans to 0; 1 duplicate\(s\) skipped\./);
    expect(human.stdout).toContain(`failed: ${bad}:1: not JSON`);

    expect((await galley('import', '--format', 'conll', good, '--db', db)).code).toBe(2);
    expect((await galley('import', '--format', 'doccano', '--db', db)).code).toBe(2);
    expect((await galley('import', '--format', 'doccano', '--sample', '--db', db)).code).toBe(2);
    // Without --format the command still imports page files.
    const pages = await galley('import', SEEDS_DIR, '--db', db, '--json');
    expect(pages.json()).toEqual({ imported: 2, duplicates: 0, failed: [] });
  });
});
