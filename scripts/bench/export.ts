// Export: first gives pages ~100 spans each through the document services, then times every export format
// against a baseline that streams JSON.stringify({page, document}) of the same documents to one file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type Database from 'better-sqlite3';

import type { createDirectClient } from '../../src/main/api/direct-client';
import { EXPORT_FORMATS, ExportFolder, type ExportFormat, exportCorpus } from '../../src/main/export';
import { exportPages } from '../../src/main/export/pages';
import type { PageDocument } from '../../src/shared/document';
import { ms, round2, type Results, type Row } from './common';

const LABELS = ['PER', 'ORG', 'LOC'] as const;

/** Tags a 3-character run at every `every`th character of the body blocks; returns how many spans it added. */
export function tagBodies(doc: PageDocument, every: number, max = Infinity): number {
  let n = 0;
  for (const article of doc.articles) {
    for (const block of article.blocks) {
      if (block.role !== 'body') continue;
      block.spans = [];
      for (let at = 0; at + 3 <= block.text.length && n < max; at += every) {
        block.spans.push({ id: `b${n}`, label: LABELS[n % 3]!, start: at, end: at + 3, origin: 'manual' });
        n++;
      }
    }
  }
  return n;
}

/** Pages tagged while the projected time for all of them stays under this; else a fixed sample. */
const TAG_BUDGET_MS = 120_000;
const TAG_SAMPLE = 2000;

export async function benchExport(args: {
  db: Database.Database;
  client: ReturnType<typeof createDirectClient>;
  rows: Row[];
  results: Results;
}): Promise<void> {
  const { db, client, rows, results } = args;
  const ids = db.prepare('SELECT id FROM pages ORDER BY id').pluck().all() as number[];
  const t0 = performance.now();
  let tagged = 0;
  let spans = 0;
  let limit = ids.length;
  for (const pageId of ids) {
    if (tagged >= limit) break;
    // After 200 pages, project the time for all of them; past the budget, stop at a fixed sample.
    if (tagged === 200 && ((performance.now() - t0) / 200) * ids.length > TAG_BUDGET_MS) limit = TAG_SAMPLE;
    const state = await client.call('document.get', { pageId });
    spans += tagBodies(state.document, 20);
    await client.call('document.save', { pageId, baseRevision: state.revision, document: state.document, review: [] });
    tagged++;
  }
  const tagMs = performance.now() - t0;
  console.error(`bench: tagged ${tagged} pages in ${Math.round(tagMs / 1000)} s; exporting…`);
  results.spanPages = tagged;
  results.spans = spans;
  results.spanSaveMs = Math.round(tagMs);
  results.spanSavePagesPerSec = Math.round(tagged / (tagMs / 1000));
  rows.push([
    'tag + save spans (document.get/save)',
    `${results.spanSavePagesPerSec} pages/s`,
    `${ms(tagMs)} for ${tagged === ids.length ? 'all' : 'a fixed sample of the first'} ${tagged} pages, ` +
      `${spans} spans (~${Math.round(spans / Math.max(1, tagged))}/page)`,
  ]);

  await timeExports(db, ids.length, rows, results);
}

/** Times the JSON.stringify baseline, then every export format, on a corpus whose pages are already tagged. */
export async function timeExports(
  db: Database.Database,
  pages: number,
  rows: Row[],
  results: Results,
  formats: readonly ExportFormat[] = EXPORT_FORMATS,
): Promise<void> {
  let t0: number;
  const out = mkdtempSync(join(tmpdir(), 'galley-bench-export-'));
  try {
    // Baseline: the same documents, loaded the same way, as one JSON line per page through the same writer.
    // Process CPU time is recorded beside wall time: on a shared machine it shows what the load did to a ratio.
    const cpuMs = (since: NodeJS.CpuUsage): number => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    let cpu0 = process.cpuUsage();
    t0 = performance.now();
    const folder = new ExportFolder(join(out, 'baseline'));
    try {
      for await (const item of exportPages(db, {}))
        folder.write('pages.jsonl', `${JSON.stringify({ page: item.page, document: item.document })}\n`);
    } finally {
      folder.close();
    }
    const baseMs = performance.now() - t0;
    const baseCpuMs = cpuMs(cpu0);
    results.exportBaselineMs = Math.round(baseMs);
    results.exportBaselineCpuMs = Math.round(baseCpuMs);
    rows.push([
      'export baseline (JSON.stringify)',
      ms(baseMs),
      `${pages} pages, {page, document} per line; CPU ${ms(baseCpuMs)}`,
    ]);
    for (const format of formats) {
      cpu0 = process.cpuUsage();
      t0 = performance.now();
      const summary = await exportCorpus({ db, format, outDir: join(out, format) });
      const formatMs = performance.now() - t0;
      const formatCpuMs = cpuMs(cpu0);
      results[`export_${format}_ms`] = Math.round(formatMs);
      results[`export_${format}_ratio`] = round2(formatMs / baseMs);
      results[`export_${format}_cpu_ratio`] = round2(formatCpuMs / baseCpuMs);
      rows.push([
        `export ${format}`,
        ms(formatMs),
        `ratio ${round2(formatMs / baseMs)}× baseline (CPU ${round2(formatCpuMs / baseCpuMs)}×); ` +
          `${summary.files} files, ${summary.spans} spans`,
      ]);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
