// The Edit tab's original pane and suggestion markers: aligning a generated 20,000-character page with its
// corrected text and cutting it into the pane's lines, for a few amounts of scattered correction, beside the
// baseline of the bare alignment (alignment.ts on the texts without whitespace); and locating the page's
// pending suggestions. Both run after a pause in typing or a decision, never on a keystroke.
// Runs inside `npm run bench`, or alone: npx tsx scripts/bench/original.ts
import { performance } from 'node:perf_hooks';

import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';

import { docToEditorJson } from '../../src/renderer/src/editor/convert';
import { schemaExtensions } from '../../src/renderer/src/editor/extensions';
import { alignOriginal, currentTextOf, originalLines } from '../../src/renderer/src/editor/original-diff';
import { fragmentRanges, locateSuggestions, pendingSuggestions } from '../../src/renderer/src/editor/suggestion-model';
import { documentFromReading } from '../../src/shared/document';
import { alignTexts } from '../../src/shared/export/alignment';
import { repairPage } from '../../src/shared/repair';
import { generatePage, prng, seedSentences } from '../generate-pages.mjs';
import { ms, percentile, type Row, type SectionArgs } from './common';

const CHARS = 20_000;
const RUNS = 7;

/** The median of a few runs after one warm-up run. */
function median(f: () => void): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return percentile(times, 50);
}

/** `edits` single-character corrections (delete, insert, replace) at random places. */
function corrected(random: () => number, text: string, edits: number): string {
  const chars = [...text];
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * chars.length);
    const op = random();
    if (op < 0.33) chars.splice(at, 1);
    else if (op < 0.66) chars.splice(at, 0, '新');
    else chars[at] = '改';
  }
  return chars.join('');
}

export function benchOriginal({ random, sentences, rows, results }: SectionArgs): void {
  const original = generatePage(random, sentences, CHARS);
  const reading = repairPage(original, { threshold: 0.9 });
  const view = { ...reading, suggestions: reading.suggestions.map((s) => ({ ...s, decision: null })) };
  const doc = PMNode.fromJSON(getSchema(schemaExtensions()), docToEditorJson(documentFromReading(view, 'p')));
  const current = currentTextOf(doc);
  const strip = (t: string) => t.replace(/\s+/gu, '');
  for (const edits of [0, 100, 400, 1000]) {
    const text = corrected(random, current.text, edits);
    const t = median(() => originalLines(alignOriginal(original, text)));
    const base = median(() => alignTexts(strip(original), strip(text)));
    results[`originalAlign${edits}Ms`] = +t.toFixed(2);
    results[`originalAlignBaseline${edits}Ms`] = +base.toFixed(2);
    rows.push([
      `original pane: align ${(original.length / 1000).toFixed(0)}k chars, ${edits} corrections`,
      ms(t),
      `bare alignment: ${ms(base)}`,
    ]);
  }
  const pending = pendingSuggestions(view.suggestions);
  const fragments = fragmentRanges(original);
  const locate = median(() => {
    const cur = currentTextOf(doc);
    locateSuggestions(pending, { doc, current: cur, alignment: alignOriginal(original, cur.text), fragments });
  });
  results.suggestionLocateMs = +locate.toFixed(2);
  rows.push([
    `editor: locate ${pending.length} pending suggestions (20k page)`,
    ms(locate),
    'align + map, once per reading',
  ]);
}

// Alone: npx tsx scripts/bench/original.ts
if (process.argv[1]?.endsWith('original.ts')) {
  const rows: Row[] = [];
  benchOriginal({ random: prng(1), sentences: seedSentences(), rows, results: {} });
  for (const r of rows) console.log(r.join('  │  '));
}
