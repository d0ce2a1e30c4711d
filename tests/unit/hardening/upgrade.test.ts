// Upgrades: every fixture corpus in tests/fixtures/corpora (schema-v<N>.galley, one per schema version that ever
// shipped, written by scripts/dev/make-schema-fixture.ts) must open with today's Galley, end at the latest schema and
// keep every page; an older one must be backed up, as it was, before the migration. A new schema version only adds
// a fixture file.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';

import { GALLEY_APPLICATION_ID, openCorpus } from '../../../src/main/store/corpus';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/store/migrations';
import type { Migration } from '../../../src/main/store/migrations/types';
import { sqliteNativeBinding } from '../../../src/main/store/native';
import { tempDir } from '../../helpers/tmp';

/** The search index: rebuilt from the pages and documents, so not data a migration must keep row for row. */
const DERIVED = /^search_/;
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'corpora');
const FIXTURE_NAME = /^schema-v(\d+)\.galley$/;
const fixtures = readdirSync(FIXTURES)
  .map((name) => ({ name, version: Number(FIXTURE_NAME.exec(name)?.[1] ?? NaN) }))
  .filter((f) => Number.isInteger(f.version))
  .sort((a, b) => a.version - b.version);
const dir = tempDir('galley-upgrade-');

interface PageFacts {
  id: number;
  original_text: string;
  sha256: string;
  encoding: string;
}

/** Everything in a corpus file, read without writing to it: pragmas, schema and every table's rows. */
function dump(file: string): {
  userVersion: number;
  applicationId: number;
  schema: unknown[];
  tables: Record<string, unknown[]>;
} {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: sqliteNativeBinding() });
  try {
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as {
      type: string;
      name: string;
    }[];
    const tables: Record<string, string[]> = {};
    for (const { name } of schema.filter((s) => s.type === 'table' && !s.name.startsWith('sqlite_'))) {
      // Sorted here rather than by rowid, which a WITHOUT ROWID table does not have.
      const rows = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
      tables[name] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return {
      userVersion: db.pragma('user_version', { simple: true }) as number,
      applicationId: db.pragma('application_id', { simple: true }) as number,
      schema,
      tables,
    };
  } finally {
    db.close();
  }
}

function pagesOf(file: string): PageFacts[] {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: sqliteNativeBinding() });
  try {
    return db.prepare('SELECT id, original_text, sha256, encoding FROM pages ORDER BY id').all() as PageFacts[];
  } finally {
    db.close();
  }
}

/**
 * Opens a copy of the fixture with `open` (today's openCorpus, or one that believes in a newer schema) and checks
 * the upgrade: the latest schema, every page intact, and for an older fixture a backup of it taken first.
 */
function checkUpgrade(
  fixture: { name: string; version: number },
  open: typeof openCorpus,
  latest: number,
  label: string,
): void {
  const copy = join(dir, `${label}-${fixture.name}`);
  const backups = join(dir, `${label}-${fixture.name}-backups`);
  copyFileSync(join(FIXTURES, fixture.name), copy);
  const before = dump(copy);
  expect(before.userVersion, 'the file name must say its schema version').toBe(fixture.version);
  const pagesBefore = pagesOf(copy);
  expect(pagesBefore.length).toBeGreaterThan(0);

  const corpus = open(copy, { create: false, backupDir: backups });
  try {
    expect(corpus.db.pragma('user_version', { simple: true })).toBe(latest);
    expect(corpus.db.pragma('application_id', { simple: true })).toBe(GALLEY_APPLICATION_ID);
    expect(corpus.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const pagesAfter = corpus.db
      .prepare('SELECT id, original_text, sha256, encoding FROM pages ORDER BY id')
      .all() as PageFacts[];
    expect(pagesAfter).toEqual(pagesBefore);
    for (const page of pagesAfter) {
      expect(page.sha256).toBe(createHash('sha256').update(page.original_text, 'utf8').digest('hex'));
    }
  } finally {
    corpus.close();
  }
  // Nothing lost: every row of every table the fixture had is still there (corpus_meta records the migration
  // time, so it may gain or change rows; its created_at is compared). The search index's tables are derived from
  // the pages and documents and may be dropped and rebuilt by a migration (schema 7 did).
  const after = dump(copy);
  for (const [table, rows] of Object.entries(before.tables)) {
    if (DERIVED.test(table)) continue;
    if (table === 'corpus_meta') {
      const createdAt = rows.find((r) => String(r).includes('"created_at"'));
      expect(after.tables[table]).toContain(createdAt);
      continue;
    }
    expect(after.tables[table], `rows of ${table}`).toEqual(rows);
  }

  const written = existsSync(backups) ? readdirSync(backups) : [];
  if (fixture.version < latest) {
    expect(written).toHaveLength(1);
    // VACUUM INTO writes a fresh file (its header counters differ), so "as it was" is checked on the content: the
    // old schema version, the same schema and the same rows in every table.
    expect(dump(join(backups, written[0]!))).toEqual(before);
  } else {
    expect(written).toEqual([]);
  }
}

describe('fixture corpora of every schema version', () => {
  it('include one of the schema this build writes', () => {
    expect(fixtures.map((f) => f.version)).toContain(LATEST_SCHEMA_VERSION);
  });

  it.each(fixtures)('$name holds a page outside the BMP and one from GB18030', (fixture) => {
    const pages = pagesOf(join(FIXTURES, fixture.name));
    expect(pages.some((p) => p.original_text.includes('𠮷'))).toBe(true);
    expect(pages.some((p) => p.encoding === 'gb18030')).toBe(true);
  });

  it.each(fixtures)('$name opens at schema version $version → latest, keeping every page', (fixture) => {
    checkUpgrade(fixture, openCorpus, LATEST_SCHEMA_VERSION, 'today');
  });
});

describe('with a pretend next schema version', () => {
  // Exercises the backup-then-migrate path today, before a second real migration exists.
  it.each(fixtures)('$name is backed up, then migrated', async (fixture) => {
    vi.resetModules();
    vi.doMock('../../../src/main/store/migrations', async (importOriginal) => {
      const real = await importOriginal<typeof import('../../../src/main/store/migrations')>();
      const next: Migration = {
        version: real.LATEST_SCHEMA_VERSION + 1,
        name: '9990-test-only',
        up: (db) => db.exec('CREATE TABLE test_only_next (x INTEGER) STRICT'),
      };
      return { MIGRATIONS: [...real.MIGRATIONS, next], LATEST_SCHEMA_VERSION: next.version };
    });
    try {
      const mocked = await import('../../../src/main/store/corpus');
      checkUpgrade(fixture, mocked.openCorpus, LATEST_SCHEMA_VERSION + 1, 'next');
    } finally {
      vi.doUnmock('../../../src/main/store/migrations');
      vi.resetModules();
    }
  });
});
