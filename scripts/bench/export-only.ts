// `npx tsx scripts/bench/export-only.ts`: the export section of `npm run bench` on its own, on a corpus that can be
// kept and reused, since tagging 10,000 pages through document.save takes minutes and the exports take seconds.
// usage: npx tsx scripts/bench/export-only.ts [--pages 10000] [--chars 2000] [--seed 1] [--corpus FILE] [--formats a,b]
// With --corpus, an existing file is reused as it is (built by an earlier run with the same flags); a missing one is
// built and kept. Without it, the corpus is built in a temporary folder and removed.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { createDirectClient } from '../../src/main/api/direct-client';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/main/export';
import { createServices } from '../../src/main/services';
import { openCorpus } from '../../src/main/store/corpus';
import { generatePage, prng, seedSentences } from '../generate-pages.mjs';
import type { Results, Row } from './common';
import { tagBodies, timeExports } from './export';

interface Options {
  pages: number;
  chars: number;
  seed: number;
  corpus?: string;
  formats?: ExportFormat[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { pages: 10_000, chars: 2000, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--pages' || arg === '--chars' || arg === '--seed')
      options[arg.slice(2) as 'pages'] = Number(argv[++i]);
    else if (arg === '--corpus') options.corpus = argv[++i];
    else if (arg === '--formats') {
      const formats = (argv[++i] ?? '').split(',');
      const unknown = formats.find((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
      if (unknown !== undefined) throw new Error(`--formats: unknown format ${unknown} (${EXPORT_FORMATS.join(', ')})`);
      options.formats = formats as ExportFormat[];
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

/** Imports seeded synthetic pages and tags every page's body blocks as the bench does (every 20th character). */
async function buildCorpus(file: string, options: Options): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'galley-bench-pages-'));
  try {
    const random = prng(options.seed);
    const sentences = seedSentences();
    for (let i = 0; i < options.pages; i++) {
      const text = generatePage(random, sentences, options.chars) as string;
      writeFileSync(join(work, `bench_${String(i).padStart(6, '0')}.txt`), text);
    }
    const corpus = openCorpus(file);
    try {
      const services = createServices({ corpus, seedsDir: join(process.cwd(), 'seeds') });
      const client = createDirectClient(services.methods);
      const job = await client.call('import.start', { paths: [work] });
      await services.jobs.wait(job.jobId);
      const ids = corpus.db.prepare('SELECT id FROM pages ORDER BY id').pluck().all() as number[];
      const t0 = performance.now();
      for (const [n, pageId] of ids.entries()) {
        const state = await client.call('document.get', { pageId });
        tagBodies(state.document, 20);
        await client.call('document.save', {
          pageId,
          baseRevision: state.revision,
          document: state.document,
          review: [],
        });
        if ((n + 1) % 1000 === 0) console.error(`tagged ${n + 1} pages in ${Math.round(performance.now() - t0)} ms`);
      }
    } finally {
      corpus.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const temp = options.corpus === undefined ? mkdtempSync(join(tmpdir(), 'galley-bench-export-')) : undefined;
  const file = options.corpus ?? join(temp!, 'bench.galley');
  try {
    if (!existsSync(file)) {
      mkdirSync(join(file, '..'), { recursive: true });
      await buildCorpus(file, options);
    }
    const corpus = openCorpus(file);
    const rows: Row[] = [];
    const results: Results = {};
    try {
      const pages = corpus.db.prepare('SELECT count(*) FROM pages').pluck().get() as number;
      await timeExports(corpus.db, pages, rows, results, options.formats);
    } finally {
      corpus.close();
    }
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  │  '));
  } finally {
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
