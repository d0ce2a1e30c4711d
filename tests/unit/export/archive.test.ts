// The corpus archive: a zip holding a consistent snapshot of the database and a manifest that describes it.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { ARCHIVE_MANIFEST, type ArchiveManifest, type ExportProgress, exportCorpus } from '../../../src/main/export';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { createDocumentStore } from '../../../src/main/store/documents';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/store/migrations';
import { sqliteNativeBinding } from '../../../src/main/store/native';
import { createPageStore } from '../../../src/main/store/pages';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';
import { GAIJI, LABELS, seedDocument } from './fixtures';

const dir = tempDir('galley-archive-');
let n = 0;

const ASTRAL_TEXT = `${GAIJI}田茂首相抵达石家庄，会见${GAIJI}林省代表团。\n\n河北日报讯 ${GAIJI}野家的店开张。`;

/** The seed corpus, one page saved with spans (some around 𠮷), plus a page whose original text has 𠮷 in it. */
async function setup() {
  const file = join(dir, `corpus-${n++}.galley`);
  const corpus = openCorpus(file);
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  const pages = createPageStore(corpus.db);
  const docs = createDocumentStore(corpus.db);
  docs.replaceLabels(LABELS);
  const rows = pages.list({ offset: 0, limit: 100, sort: 'fileName', direction: 'asc' }).rows;
  const first = rows.find((r) => r.fileName.startsWith('000_'))!;
  docs.write(first.id, 1, seedDocument('000_f1346f968acf4f03.txt'), [], new Date().toISOString());
  pages.insertBatch([
    {
      fileName: `${GAIJI}田日报_2022-11-27_01.txt`,
      sourcePath: null,
      sha256: 'a'.repeat(64),
      encoding: 'utf-8',
      originalText: ASTRAL_TEXT,
      chars: ASTRAL_TEXT.length,
      newspaper: `${GAIJI}田日报`,
      date: '2022-11-27',
      pageNo: '1',
    },
  ]);
  return { corpus, file };
}

interface Snapshot {
  pages: { id: number; file_name: string; original_text: string; sha256: string }[];
  documents: { page_id: number; document: string }[];
  spans: number;
  labels: number;
}

function contents(db: Database.Database): Snapshot {
  return {
    pages: db.prepare('SELECT id, file_name, original_text, sha256 FROM pages ORDER BY id').all() as Snapshot['pages'],
    documents: db
      .prepare('SELECT page_id, document FROM page_documents ORDER BY page_id')
      .all() as Snapshot['documents'],
    spans: db.prepare('SELECT count(*) FROM spans').pluck().get() as number,
    labels: db.prepare('SELECT count(*) FROM labels').pluck().get() as number,
  };
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The CRC-32 that each entry of the zip's central directory declares, by file name (what unzip tools check). */
function declaredCrcs(zip: Buffer): Map<string, number> {
  const crcs = new Map<string, number>();
  for (let at = zip.indexOf(CENTRAL_HEADER); at >= 0; at = zip.indexOf(CENTRAL_HEADER, at + 4)) {
    const nameLength = zip.readUInt16LE(at + 28);
    crcs.set(zip.toString('utf8', at + 46, at + 46 + nameLength), zip.readUInt32LE(at + 16));
  }
  return crcs;
}
const CENTRAL_HEADER = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

describe('corpus archive', () => {
  it.each([
    [false, 0],
    [true, 8],
  ])(
    'zips a snapshot whose hash, counts and contents match the corpus, 𠮷 included (compress %s)',
    async (compress, method) => {
      const { corpus } = await setup();
      const source = contents(corpus.db);
      expect(source.spans).toBeGreaterThan(10);
      expect(source.pages.some((p) => p.original_text.includes(GAIJI))).toBe(true);
      const outDir = join(dir, `out-${n}`);
      const progress: ExportProgress[] = [];
      // Filters do not apply to an archive: this one would match no page.
      const summary = await exportCorpus({
        db: corpus.db,
        format: 'archive',
        outDir,
        filter: { newspaper: 'no such paper' },
        options: { archiveCompress: compress },
        onProgress: (p) => progress.push(p),
      });
      expect(summary).toMatchObject({ files: 1, pages: source.pages.length, spans: source.spans, cancelled: false });
      // Only the zip is left: the temporary snapshot is gone.
      expect(readdirSync(outDir)).toEqual([summary.archive]);
      expect(summary.archive).toMatch(/^corpus-\d+-archive-\d{4}-\d\d-\d\dT[\d-]+Z\.zip$/);
      const last = progress.at(-1)!;
      expect(last.unit).toBe('bytes');
      expect(last.done).toBe(last.total);

      const zip = readFileSync(join(outDir, summary.archive!));
      const entries = unzipSync(zip);
      const snapshotName = `corpus-${n - 1}.galley`;
      expect(Object.keys(entries).sort()).toEqual([snapshotName, ARCHIVE_MANIFEST]);
      expect(declaredCrcs(zip)).toEqual(
        new Map(Object.entries(entries).map(([name, data]) => [name, crc32(data)] as const)),
      );
      // Stored as it is by default (fast), deflated on request (smaller).
      expect(zip.readUInt16LE(zip.indexOf(CENTRAL_HEADER) + 10)).toBe(method);
      const manifest = JSON.parse(new TextDecoder().decode(entries[ARCHIVE_MANIFEST])) as ArchiveManifest;
      const snapshot = entries[snapshotName]!;
      expect(manifest).toMatchObject({
        format: 'galley-corpus-archive',
        formatVersion: 1,
        app: { name: 'Galley', version: expect.stringMatching(/^\d+\.\d+\.\d+/) as unknown as string },
        schemaVersion: LATEST_SCHEMA_VERSION,
        counts: { pages: source.pages.length, spans: source.spans, labels: source.labels },
        snapshot: { file: snapshotName, bytes: snapshot.length, sha256: sha256(snapshot) },
      });
      expect(Number.isNaN(Date.parse(manifest.createdAt))).toBe(false);
      expect(manifest.restore).toContain(snapshotName);

      const restored = join(dir, `restored-${n}.galley`);
      writeFileSync(restored, snapshot);
      const db = new Database(restored, { readonly: true, nativeBinding: sqliteNativeBinding() });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        // A self-contained file: rollback journal, so opening it needs no -wal beside it.
        expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
        expect(contents(db)).toEqual(source);
        expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      } finally {
        db.close();
      }
      // And Galley opens it as a corpus.
      const reopened = openCorpus(restored);
      expect(contents(reopened.db)).toEqual(source);
      reopened.close();
      corpus.close();
    },
  );

  it('includes writes made through the same connection before the export, and leaves nothing when cancelled', async () => {
    const { corpus } = await setup();
    corpus.db.prepare('UPDATE pages SET newspaper = ? WHERE id = (SELECT min(id) FROM pages)').run('后改的报名');
    const outDir = join(dir, `late-${n}`);
    const summary = await exportCorpus({ db: corpus.db, format: 'archive', outDir });
    const entries = unzipSync(readFileSync(join(outDir, summary.archive!)));
    const restored = join(dir, `late-${n}.galley`);
    writeFileSync(restored, entries[`corpus-${n - 1}.galley`]!);
    const db = new Database(restored, { readonly: true, nativeBinding: sqliteNativeBinding() });
    expect(db.prepare('SELECT newspaper FROM pages ORDER BY id LIMIT 1').pluck().get()).toBe('后改的报名');
    db.close();

    for (const after of [0, 1]) {
      let calls = 0;
      const cancelDir = join(dir, `cancel-${n}-${after}`);
      const cancelled = await exportCorpus({
        db: corpus.db,
        format: 'archive',
        outDir: cancelDir,
        isCancelled: () => calls++ >= after,
      });
      expect(cancelled).toMatchObject({ cancelled: true, files: 0 });
      expect(cancelled.archive).toBeUndefined();
      expect(readdirSync(cancelDir)).toEqual([]);
    }
    corpus.close();
  });
});
