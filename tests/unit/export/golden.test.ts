// Every format for the two seed pages, compared byte for byte with the stored golden files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  LS_ARRAY_CLOSE,
  LS_ARRAY_OPEN,
  LS_ARRAY_SEPARATOR,
  alignmentLine,
  bratAnnotationConf,
  bratDocuments,
  conllArticles,
  csvHeader,
  csvRows,
  doccanoArticleLines,
  doccanoPageLines,
  labelStudioConfig,
  labelStudioTaskJson,
  labelStudioTasks,
  pageMarkdown,
  pageText,
} from '../../../src/shared/export';
import { GOLDEN, LABELS, SEED_FILES, UPDATE, seedInput, seedOriginal } from './fixtures';

/** Every golden file of one seed page: relative path → content. */
export function seedOutputs(file: string): Map<string, string> {
  const input = seedInput(file);
  const stem = file.replace(/\.txt$/, '');
  const out = new Map<string, string>();
  out.set(`${stem}/${stem}.txt`, pageText(input));
  out.set(`${stem}/${stem}.md`, pageMarkdown(input));
  out.set(
    `${stem}/doccano.jsonl`,
    doccanoArticleLines(input)
      .map((l) => `${l}\n`)
      .join(''),
  );
  out.set(
    `${stem}/doccano-page.jsonl`,
    doccanoPageLines(input)
      .map((l) => `${l}\n`)
      .join(''),
  );
  for (const d of bratDocuments(input)) {
    out.set(`${stem}/brat/${stem}_${d.suffix}.txt`, d.txt);
    out.set(`${stem}/brat/${stem}_${d.suffix}.ann`, d.ann);
  }
  out.set(`${stem}/bio.conll`, conllArticles(input).join(''));
  out.set(`${stem}/bioes.conll`, conllArticles(input, { scheme: 'BIOES' }).join(''));
  out.set(`${stem}/conll2003.conll`, conllArticles(input, { columns: 4 }).join(''));
  out.set(
    `${stem}/labelstudio.json`,
    LS_ARRAY_OPEN + labelStudioTasks(input).map(labelStudioTaskJson).join(LS_ARRAY_SEPARATOR) + LS_ARRAY_CLOSE,
  );
  out.set(`${stem}/entities.csv`, csvHeader() + csvRows(input).join(''));
  out.set(`${stem}/alignment.jsonl`, `${alignmentLine(input, seedOriginal(file))}\n`);
  return out;
}

describe('golden files', () => {
  const all = new Map<string, string>([
    ['annotation.conf', bratAnnotationConf(LABELS)],
    ['config.xml', labelStudioConfig(LABELS)],
  ]);
  for (const file of SEED_FILES) for (const [k, v] of seedOutputs(file)) all.set(k, v);

  it.each([...all.keys()])('%s', (name) => {
    const path = join(GOLDEN, name);
    const actual = all.get(name) ?? '';
    if (UPDATE) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
    }
    expect(readFileSync(path, 'utf8')).toBe(actual);
  });
});
