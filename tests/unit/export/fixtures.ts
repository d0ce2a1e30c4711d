// Fixed seed-page documents for the export tests: the repair reading of each seed with a few spans added.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Label } from '../../../src/shared/api';
import { type DocBlock, type PageDocument, documentFromReading } from '../../../src/shared/document';
import type { ExportInput } from '../../../src/shared/export';
import { repairPage } from '../../../src/shared/repair/engine';

export const GAIJI = '𠮷';
export const FIXTURES = join(__dirname, '../../fixtures/export');
export const GOLDEN = join(FIXTURES, 'golden');
export const SEEDS = join(__dirname, '../../../seeds');
export const SEED_FILES = ['000_f1346f968acf4f03.txt', '003_e4dddeaf5a82f68e.txt'] as const;
/** Regenerate the stored documents and golden files instead of comparing: UPDATE_GOLDEN=1 npx vitest … */
export const UPDATE = process.env.UPDATE_GOLDEN === '1';

export const LABELS: Label[] = [
  { name: 'PER', color: '#e41a1c', hotkey: '1' },
  { name: 'ORG', color: '#377eb8', hotkey: '2' },
  { name: 'LOC', color: '#4daf4a', hotkey: '3' },
];

/** Needles tagged in every block, first come first served, so a later needle never overlaps an earlier one. */
const NEEDLES: [string, string, string?][] = [
  [`${GAIJI}田茂`, 'PER', 'Q-yoshida'],
  [`${GAIJI}林省`, 'LOC'],
  ['河北日报', 'ORG'],
  ['石家庄日报', 'ORG'],
  ['倪岳峰', 'PER', 'Q-niyuefeng'],
  ['王正谱', 'PER'],
  ['刘金峰', 'PER'],
  ['王东峰', 'PER'],
  ['许勤', 'PER'],
  ['石家庄', 'LOC'],
];

function tagBlock(block: DocBlock, next: () => string): void {
  const taken: [number, number][] = [];
  for (const [needle, label, entityId] of NEEDLES) {
    let from = 0;
    for (;;) {
      const at = block.text.indexOf(needle, from);
      if (at < 0) break;
      from = at + needle.length;
      if (taken.some(([s, e]) => at < e && s < from)) continue;
      taken.push([at, from]);
      block.spans.push({
        id: next(),
        label,
        start: at,
        end: from,
        origin: 'manual',
        ...(entityId ? { entityId } : {}),
      });
    }
  }
  block.spans.sort((a, b) => a.start - b.start);
}

/** The document of a seed page as the tests fix it: its repair reading, a 𠮷 block on page 000, spans. */
export function buildSeedDocument(file: string): PageDocument {
  const doc = documentFromReading(repairPage(readFileSync(join(SEEDS, file), 'utf8')), 'p');
  if (file.startsWith('000')) {
    doc.articles[0]?.blocks.push({
      id: 'p-gaiji',
      role: 'body',
      text: `${GAIJI}田茂首相抵达石家庄，会见${GAIJI}林省代表团。`,
      spans: [],
    });
  }
  let n = 0;
  for (const a of doc.articles) for (const b of a.blocks) tagBlock(b, () => `s${n++}`);
  return doc;
}

/** The stored document of a seed (built and stored when updating), so a change in the repair engine cannot move the goldens. */
export function seedDocument(file: string): PageDocument {
  const stored = join(FIXTURES, `${file.replace(/\.txt$/, '')}.document.json`);
  if (UPDATE || !existsSync(stored)) {
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(stored, `${JSON.stringify(buildSeedDocument(file), null, 1)}\n`);
  }
  return JSON.parse(readFileSync(stored, 'utf8')) as PageDocument;
}

export function seedInput(file: string): ExportInput {
  return {
    page: { fileName: file, newspaper: null, date: null, pageNo: null, status: 'annotated' },
    document: seedDocument(file),
    labels: LABELS,
  };
}

export function seedOriginal(file: string): string {
  return readFileSync(join(SEEDS, file), 'utf8');
}

/** Python's text[start:end] on code points. */
export function pySlice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('');
}
