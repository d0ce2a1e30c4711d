// The entity register on a tagged corpus (after the export bench tagged ~100 spans a page): computing the
// proposals, accepting "create" proposals (each rewrites every page it touches in one transaction), listing
// the register and opening an entity with its mentions. Standalone: npx tsx scripts/bench/entities.ts [--pages N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { createDirectClient } from '../../src/main/api/direct-client';
import { createServices } from '../../src/main/services';
import { importPages } from '../../src/main/services/import-pages';
import { uploadedSources } from '../../src/main/services/import-sources';
import { openCorpus } from '../../src/main/store/corpus';
import { createPageStore } from '../../src/main/store/pages';
import { generatePage, prng, seedSentences } from '../generate-pages.mjs';
import { ms, percentile, round2, type Results, type Row } from './common';
import { tagBodies } from './export';

const ACCEPTED = 50;

async function timed<T>(times: number[], run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const value = await run();
  times.push(performance.now() - t0);
  return value;
}

export async function benchEntities(args: {
  client: ReturnType<typeof createDirectClient>;
  rows: Row[];
  results: Results;
}): Promise<void> {
  const { client, rows, results } = args;
  const proposalTimes: number[] = [];
  let proposals = await timed(proposalTimes, () => client.call('entities.proposals', { limit: 1000 }));
  for (let i = 0; i < 2; i++) await timed(proposalTimes, () => client.call('entities.proposals', { limit: 1000 }));
  results.entityProposals = proposals.total;
  results.entityProposalsP50Ms = round2(percentile(proposalTimes, 50));
  results.entityProposalsMaxMs = round2(Math.max(...proposalTimes));
  rows.push([
    'entity proposals (all spans grouped)',
    `p50 ${ms(results.entityProposalsP50Ms)}`,
    `max ${ms(results.entityProposalsMaxMs)} of ${proposalTimes.length} calls; ${proposals.total} proposals`,
  ]);

  const acceptTimes: number[] = [];
  let linked = 0;
  let pages = 0;
  for (const p of proposals.rows.filter((r) => r.kind === 'create').slice(0, ACCEPTED)) {
    const result = await timed(acceptTimes, () => client.call('entities.acceptProposal', { key: p.key }));
    linked += result.linked;
    pages += result.pages;
  }
  results.entityAcceptP50Ms = round2(percentile(acceptTimes, 50));
  results.entityAcceptP95Ms = round2(percentile(acceptTimes, 95));
  rows.push([
    `accept ${acceptTimes.length} "create" proposals`,
    `p50 ${ms(results.entityAcceptP50Ms)}`,
    `p95 ${ms(results.entityAcceptP95Ms)}; ${linked} spans linked, ${pages} page revisions written`,
  ]);

  const listTimes: number[] = [];
  for (let i = 0; i < 20; i++) await timed(listTimes, () => client.call('entities.list', { limit: 200 }));
  const filterTimes: number[] = [];
  const top = (await client.call('entities.list', { limit: 1 })).rows[0];
  for (let i = 0; i < 20; i++) {
    await timed(filterTimes, () =>
      client.call('entities.list', { limit: 200, text: top ? Array.from(top.canonical)[1]! : '的' }),
    );
  }
  results.entityListP95Ms = round2(percentile(listTimes, 95));
  results.entityListFilteredP95Ms = round2(percentile(filterTimes, 95));
  rows.push([
    'entity list, 200 rows by mentions',
    `p95 ${ms(results.entityListP95Ms)}`,
    `filtered by a character: p95 ${ms(results.entityListFilteredP95Ms)}`,
  ]);

  if (top) {
    const getTimes: number[] = [];
    for (let i = 0; i < 10; i++) await timed(getTimes, () => client.call('entities.get', { id: top.id, limit: 200 }));
    results.entityGetP95Ms = round2(percentile(getTimes, 95));
    rows.push([
      'open an entity (200 mentions with context)',
      `p95 ${ms(results.entityGetP95Ms)}`,
      `${top.mentions} mentions on ${top.pages} pages`,
    ]);
  }
  const afterTimes: number[] = [];
  for (let i = 0; i < 3; i++)
    proposals = await timed(afterTimes, () => client.call('entities.proposals', { limit: 1 }));
  results.entityProposalsAfter = proposals.total;
  results.entityProposalsAfterP50Ms = round2(percentile(afterTimes, 50));
  rows.push([
    'entity proposals after the accepts',
    `p50 ${ms(results.entityProposalsAfterP50Ms)}`,
    `max ${ms(Math.max(...afterTimes))} of ${afterTimes.length} calls; ${proposals.total} proposals`,
  ]);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--pages');
  const count = at > 0 ? Number(process.argv[at + 1]) : 2000;
  const work = mkdtempSync(join(tmpdir(), 'galley-bench-entities-'));
  try {
    const corpus = openCorpus(join(work, 'bench.galley'));
    const services = createServices({ corpus, seedsDir: join(process.cwd(), 'seeds') });
    const client = createDirectClient(services.methods);
    const random = prng(1);
    const sentences = seedSentences();
    const { sources } = uploadedSources(
      Array.from({ length: count }, (_, i) => ({
        name: `bench_${String(i).padStart(6, '0')}.txt`,
        dataBase64: Buffer.from(generatePage(random, sentences, 2000)).toString('base64'),
      })),
    );
    await importPages(createPageStore(corpus.db), sources);
    const ids = corpus.db.prepare('SELECT id FROM pages ORDER BY id').pluck().all() as number[];
    let spans = 0;
    const t0 = performance.now();
    for (const pageId of ids) {
      const state = await client.call('document.get', { pageId });
      spans += tagBodies(state.document, 20);
      await client.call('document.save', {
        pageId,
        baseRevision: state.revision,
        document: state.document,
        review: [],
      });
    }
    console.error(`tagged ${ids.length} pages (${spans} spans) in ${Math.round((performance.now() - t0) / 1000)} s`);
    const rows: Row[] = [];
    const results: Results = {};
    await benchEntities({ client, rows, results });
    for (const r of rows) console.log(r.join('  │  '));
    console.log(JSON.stringify(results));
    corpus.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('entities.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
