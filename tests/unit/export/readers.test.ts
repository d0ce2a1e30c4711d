// Readers: records and errors with file and line, and export → read → rebuild → export giving identical files.
import { describe, expect, it } from 'vitest';

import {
  type ExportInput,
  type ImportRecord,
  LS_ARRAY_CLOSE,
  LS_ARRAY_OPEN,
  LS_ARRAY_SEPARATOR,
  bratDocuments,
  doccanoArticleLines,
  doccanoPageLines,
  labelStudioTaskJson,
  labelStudioTasks,
  pageBaseName,
  readBrat,
  readDoccano,
  readLabelStudio,
  rebuildPages,
} from '../../../src/shared/export';
import { LABELS, SEED_FILES, seedInput } from './fixtures';

describe('readDoccano', () => {
  it('reads records, converting code points to UTF-16, and accepts "labels" and meta', () => {
    const file = [
      '{"text":"𠮷田茂到南京","label":[[0,3,"PER"],[4,6,"LOC"]],"meta":{"page":"a.txt"}}',
      '',
      '{"text":"南京","labels":[[0,2,"LOC"]],"source":"x"}',
    ].join('\n');
    const { records, errors } = readDoccano('d.jsonl', file);
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.line, r.spans.map((s) => [s.start, s.end, s.label]), r.meta])).toEqual([
      [
        1,
        [
          [0, 4, 'PER'],
          [5, 7, 'LOC'],
        ],
        { page: 'a.txt' },
      ],
      [3, [[0, 2, 'LOC']], { source: 'x' }],
    ]);
  });

  it('reports bad JSON, bad offsets and overlaps with file and line, and keeps the valid records', () => {
    const file = [
      '{"text":"南京","label":[[0,2,"LOC"]]}',
      '{"text":"南京",',
      '{"text":"𠮷田","label":[[0,3,"PER"]]}',
      '{"text":"南京市","label":[[0,2,"LOC"],[1,3,"LOC"]]}',
      '{"text":"南京","label":[[1,1,"LOC"]]}',
      '{"text":"南京","label":[[0,2,"L O C"]]}',
      '["not a record"]',
      '{"text":"南京","label":[[0,2]]}',
    ].join('\n');
    const { records, errors } = readDoccano('d.jsonl', file);
    expect(records.map((r) => r.line)).toEqual([1]);
    expect(errors.map((e) => [e.file, e.line])).toEqual([
      ['d.jsonl', 2],
      ['d.jsonl', 3],
      ['d.jsonl', 4],
      ['d.jsonl', 5],
      ['d.jsonl', 6],
      ['d.jsonl', 7],
      ['d.jsonl', 8],
    ]);
    expect(errors[0]?.message).toMatch(/not JSON/);
    expect(errors[1]?.message).toMatch(/out of range for a text of 2/);
    expect(errors[2]?.message).toMatch(/overlaps/);
  });
});

describe('readBrat', () => {
  it('reads T lines and entity notes, skips other kinds, and checks the covered text', () => {
    const txt = '𠮷田茂到南京\n';
    const ann = 'T1\tPER 0 3\t𠮷田茂\nT2\tLOC 4 6\t南京\nA1\tOCRCorrected T1\n#1\tAnnotatorNotes T1\tentity=Q1\n';
    const { records, errors } = readBrat('p_a02', 'p_a02.txt', txt, 'p_a02.ann', ann);
    expect(errors).toEqual([]);
    expect(records[0]?.text).toBe('𠮷田茂到南京');
    expect(records[0]?.spans).toEqual([
      { start: 0, end: 4, label: 'PER', entityId: 'Q1' },
      { start: 5, end: 7, label: 'LOC' },
    ]);
    expect(records[0]?.meta).toEqual({ page: 'p.txt', article: 1 });
  });

  it('reports mismatched text, discontinuous spans, junk and overlaps on their .ann lines', () => {
    const ann = 'T1\tPER 0 3\t田茂到\nT2\tORG 0 1;2 3\t𠮷 茂\nnonsense\nT3\tLOC 4 6\t南京\nT4\tLOC 5 6\t京\n';
    const { records, errors } = readBrat('x', 'x.txt', '𠮷田茂到南京', 'x.ann', ann);
    expect(records).toEqual([]);
    expect(errors.map((e) => [e.file, e.line])).toEqual([
      ['x.ann', 2],
      ['x.ann', 3],
      ['x.ann', 1],
      ['x.ann', 5],
    ]);
    expect(errors[2]?.message).toMatch(/covers "𠮷田茂", not "田茂到"/);
  });
});

describe('readLabelStudio', () => {
  it('reads tasks, falls back to predictions, and tolerates LS whitespace normalisation', () => {
    const tasks = [
      {
        data: { text: '𠮷田茂 到南京', meta: { page: 'a.txt' } },
        annotations: [
          { was_cancelled: true, result: [] },
          { result: [{ type: 'labels', value: { start: 0, end: 5, text: '𠮷田茂  到', labels: ['PER'] } }] },
        ],
      },
      {
        data: { text: '南京' },
        predictions: [{ result: [{ type: 'labels', value: { start: 0, end: 2, labels: ['LOC'] } }] }],
      },
    ];
    const { records, errors } = readLabelStudio('t.json', JSON.stringify(tasks, null, 2));
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.spans, r.meta])).toEqual([
      [[{ start: 0, end: 6, label: 'PER' }], { page: 'a.txt' }],
      [[{ start: 0, end: 2, label: 'LOC' }], {}],
    ]);
  });

  it('reports errors at the line where the task starts, and bad JSON at its line', () => {
    const source = [
      '[',
      '{"data":{"text":"南京"},"annotations":[{"result":[{"type":"labels","value":{"start":0,"end":2,"labels":["LOC"]}}]}]},',
      '{"data":{"text":"南京"},"annotations":[{"result":[{"type":"labels","value":{"start":0,"end":2,"text":"北京","labels":["LOC"]}}]}]},',
      '{"data":{"text":"南京"},',
      ' "annotations":[{"result":[{"type":"labels","value":{"start":0,"end":9,"labels":["LOC"]}}]}]},',
      '{"data":{}}',
      ']',
    ].join('\n');
    const { records, errors } = readLabelStudio('t.json', source);
    expect(records.map((r) => r.line)).toEqual([2]);
    expect(errors.map((e) => [e.file, e.line])).toEqual([
      ['t.json', 3],
      ['t.json', 4],
      ['t.json', 6],
    ]);
    const bad = readLabelStudio('b.json', '[\n{"data":\n  {"text": }\n},\n{"data": {"text": "ok"}}]');
    expect(bad.errors.map((e) => [e.line, e.message.slice(0, 8)])).toEqual([[2, 'not JSON']]);
    expect(bad.records.map((r) => [r.line, r.text])).toEqual([[5, 'ok']]);
    expect(readLabelStudio('c.json', '{"data": {"text": "x"}}').records).toHaveLength(1);
  });
});

/** What a format writes for a set of pages, as file name → content (in memory). */
type Writer = (inputs: ExportInput[]) => Map<string, string>;

const writers: Record<'doccano' | 'doccano-page' | 'brat' | 'labelstudio', Writer> = {
  doccano: (inputs) =>
    new Map([
      [
        'd.jsonl',
        inputs
          .flatMap(doccanoArticleLines)
          .map((l) => `${l}\n`)
          .join(''),
      ],
    ]),
  'doccano-page': (inputs) =>
    new Map([
      [
        'd.jsonl',
        inputs
          .flatMap(doccanoPageLines)
          .map((l) => `${l}\n`)
          .join(''),
      ],
    ]),
  brat: (inputs) => {
    const out = new Map<string, string>();
    for (const input of inputs) {
      for (const d of bratDocuments(input)) {
        const name = `${pageBaseName(input.page)}_${d.suffix}`;
        out.set(`${name}.txt`, d.txt);
        out.set(`${name}.ann`, d.ann);
      }
    }
    return out;
  },
  labelstudio: (inputs) =>
    new Map([
      [
        't.json',
        LS_ARRAY_OPEN +
          inputs.flatMap(labelStudioTasks).map(labelStudioTaskJson).join(LS_ARRAY_SEPARATOR) +
          LS_ARRAY_CLOSE,
      ],
    ]),
};

function read(format: keyof typeof writers, files: Map<string, string>): ImportRecord[] {
  const records: ImportRecord[] = [];
  for (const [name, content] of files) {
    if (format === 'brat') {
      if (!name.endsWith('.txt')) continue;
      const stem = name.slice(0, -4);
      const r = readBrat(stem, name, content, `${stem}.ann`, files.get(`${stem}.ann`) ?? '');
      expect(r.errors).toEqual([]);
      records.push(...r.records);
    } else {
      const r = format === 'labelstudio' ? readLabelStudio(name, content) : readDoccano(name, content);
      expect(r.errors).toEqual([]);
      records.push(...r.records);
    }
  }
  return records;
}

describe('round trip: export → read → rebuild → export', () => {
  it.each(Object.keys(writers) as (keyof typeof writers)[])('%s gives identical files', (format) => {
    const inputs = SEED_FILES.map(seedInput);
    const first = writers[format](inputs);
    const { pages, errors } = rebuildPages(read(format, first));
    expect(errors).toEqual([]);
    expect(pages).toHaveLength(2);
    const second = writers[format](pages.map((p) => ({ ...p, labels: LABELS })));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, content] of first) expect(second.get(name), name).toBe(content);
  });

  it('rebuilds roles and entity links where the format carries them', () => {
    const input = seedInput(SEED_FILES[0]);
    const { pages } = rebuildPages(read('doccano', writers.doccano([input])));
    const roles = (p: typeof input.document) => p.articles.map((a) => a.blocks.map((b) => b.role));
    const exported = input.document.articles.map((a) =>
      a.blocks.filter((b) => b.role !== 'jump' && b.role !== 'furniture'),
    );
    expect(roles(pages[0]!.document)).toEqual(exported.map((bs) => bs.map((b) => b.role)));
    const brat = rebuildPages(read('brat', writers.brat([input]))).pages[0]!.document;
    const entities = brat.articles
      .flatMap((a) => a.blocks.flatMap((b) => b.spans.map((s) => s.entityId)))
      .filter(Boolean);
    expect(entities).toContain('Q-niyuefeng');
    expect(entities).toContain('Q-yoshida');
  });
});
