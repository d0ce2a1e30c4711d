// Writes tests/fixtures/corpora/schema-v<N>.galley, a small corpus of the schema this build writes (N is
// LATEST_SCHEMA_VERSION), for tests/unit/hardening/upgrade.test.ts: every later Galley must open and upgrade it
// without losing a page. Run it once per new schema version, right after adding the migration, and commit the file.
//
// usage: npx tsx scripts/dev/make-schema-fixture.ts [--force]
//   --force  rewrite an existing fixture (only before the schema version ships: released fixtures stay as they are)
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import iconv from 'iconv-lite';

import { createDirectClient } from '../../src/main/api/direct-client';
import { createServices } from '../../src/main/services';
import { importPages } from '../../src/main/services/import-pages';
import { uploadedSources } from '../../src/main/services/import-sources';
import { openCorpus, type Corpus } from '../../src/main/store/corpus';
import { LATEST_SCHEMA_VERSION } from '../../src/main/store/migrations';
import { createPageStore } from '../../src/main/store/pages';

const root = join(__dirname, '..', '..');
const target = join(root, 'tests', 'fixtures', 'corpora', `schema-v${LATEST_SCHEMA_VERSION}.galley`);

/**
 * The work of the later schema versions: a repair decision (v2), a saved document with spans, one of them
 * on a character outside the BMP (v3), and an entity of the register linked to that span (v5). Each step runs only when this build's schema has its tables.
 */
async function addEditorWork(corpus: Corpus, astralPage: number, seedPage: number): Promise<void> {
  const services = createServices({ corpus, seedsDir: join(root, 'seeds') });
  const client = createDirectClient(services.methods);
  if (LATEST_SCHEMA_VERSION >= 2) {
    await services.repair.repairPages([astralPage, seedPage]);
    const reading = await client.call('repair.reading', { pageId: seedPage });
    const merge = reading.suggestions.find((s) => s.kind === 'merge');
    if (merge)
      await client.call('repair.decide', { pageId: seedPage, suggestionIds: [merge.id], decision: 'rejected' });
  }
  if (LATEST_SCHEMA_VERSION >= 3) {
    const state = await client.call('document.get', { pageId: astralPage });
    const block = state.document.articles.flatMap((a) => a.blocks).find((b) => b.text.includes('𠮷野家'));
    if (!block) throw new Error('the astral page has no block with 𠮷野家');
    const at = block.text.indexOf('𠮷野家');
    block.spans.push({ id: 'fixture-org', label: 'ORG', start: at, end: at + '𠮷野家'.length, origin: 'manual' });
    await client.call('document.save', { pageId: astralPage, baseRevision: 0, document: state.document, review: [] });
  }
  if (LATEST_SCHEMA_VERSION >= 5) {
    // The entity register (v5): an entity with a variant and a note, linked to the astral span, and a dismissal.
    const entity = await client.call('entities.create', {
      label: 'ORG',
      canonical: '𠮷野家',
      variants: ['吉野家'],
      note: '招牌上的“𠮷”字',
    });
    await client.call('entities.link', { id: entity.id, spans: [{ pageId: astralPage, spanId: 'fixture-org' }] });
    corpus.db
      .prepare('INSERT INTO entity_dismissals (proposal_key, dismissed_at) VALUES (?, ?)')
      .run(JSON.stringify(['create', 'PER', '倪岳峰']), new Date().toISOString());
  }
}

async function main(): Promise<void> {
  if (existsSync(target) && !process.argv.includes('--force')) {
    throw new Error(`${target} exists; fixtures of released schema versions are never rewritten (--force to override)`);
  }
  const work = mkdtempSync(join(tmpdir(), 'galley-fixture-'));
  try {
    const file = join(work, 'fixture.galley');
    const corpus = openCorpus(file);
    const pages = createPageStore(corpus.db);
    const seed = readFileSync(join(root, 'seeds', '000_f1346f968acf4f03.txt'), 'utf8');
    const files = [
      // A character outside the BMP (U+20BB7), stored as a surrogate pair in JavaScript and 4 bytes in UTF-8.
      {
        name: '人民日报_1978-12-24_01.txt',
        bytes: Buffer.from('𠮷野家开张。\n招牌上的“𠮷”字，上面是土不是士。\n', 'utf8'),
      },
      // A page imported from GB18030 bytes.
      { name: '光明日报_1956-05-26_03.txt', bytes: iconv.encode(seed, 'gb18030') },
      // UTF-8 with a BOM and Windows line ends, stored normalized.
      { name: 'notes/说明.md', bytes: Buffer.from('\ufeff# 说明\r\n\r\n这是第三页。\r\n', 'utf8') },
    ];
    const { sources, failed } = uploadedSources(
      files.map((f) => ({ name: f.name, dataBase64: f.bytes.toString('base64') })),
    );
    const report = await importPages(pages, sources);
    if (failed.length > 0 || report.failed.length > 0 || report.imported !== files.length) {
      throw new Error(`the fixture pages did not all import: ${JSON.stringify(report)}`);
    }
    const stored = corpus.db.prepare('SELECT id, encoding, original_text FROM pages ORDER BY id').all() as {
      id: number;
      encoding: string;
      original_text: string;
    }[];
    if (!stored[0]?.original_text.includes('𠮷') || stored[1]?.encoding !== 'gb18030') {
      throw new Error(`unexpected fixture pages: ${JSON.stringify(stored.map((p) => p.encoding))}`);
    }
    // Some user edits, so an upgrade has more than imported data to keep.
    pages.setStatus(stored[0].id, 'reviewed');
    pages.updateMeta(stored[2]!.id, { newspaper: '说明', date: null, pageNo: '3' });
    await addEditorWork(corpus, stored[0].id, stored[1]!.id);
    // One self-contained file: no write-ahead log beside it.
    corpus.db.pragma('wal_checkpoint(TRUNCATE)');
    corpus.db.pragma('journal_mode = DELETE');
    corpus.db.exec('VACUUM');
    corpus.close();
    if (existsSync(`${file}-wal`)) throw new Error('a write-ahead log was left beside the fixture');
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(file, target);
    console.log(`wrote ${target} (schema version ${LATEST_SCHEMA_VERSION}, ${stored.length} pages)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
