import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { LATEST_SCHEMA_VERSION } from '../../../src/main/store/migrations';
import { sqliteNativeBinding } from '../../../src/main/store/native';
import { CorpusRefusedError, GALLEY_APPLICATION_ID, openCorpus } from '../../../src/main/store/corpus';
import { createPageStore } from '../../../src/main/store/pages';
import { sha256File } from '../../helpers/hash';
import { tempDir } from '../../helpers/tmp';

const dir = tempDir();
let n = 0;
const fresh = () => join(dir, `corpus-${n++}.galley`);

function refusal(file: string): CorpusRefusedError {
  try {
    openCorpus(file).close();
  } catch (error) {
    if (error instanceof CorpusRefusedError) return error;
    throw error;
  }
  throw new Error(`${file} was opened, expected a refusal`);
}

function corpusWithPages(file: string, count: number): void {
  const corpus = openCorpus(file);
  const pages = createPageStore(corpus.db);
  pages.insertBatch(
    Array.from({ length: count }, (_, i) => ({
      fileName: `p${i}.txt`,
      sourcePath: null,
      sha256: `sha-${i}`,
      encoding: 'utf-8' as const,
      originalText: `第${i}页。`.repeat(200),
      chars: 600,
      newspaper: '河北日报',
      date: '2022-11-27',
      pageNo: String(i),
    })),
  );
  corpus.db.pragma('wal_checkpoint(TRUNCATE)');
  corpus.close();
}

describe('openCorpus', () => {
  it('creates a corpus with WAL, foreign keys, STRICT tables and the newest schema', () => {
    const file = fresh();
    const corpus = openCorpus(file);
    expect(corpus.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(corpus.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(corpus.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(corpus.db.pragma('application_id', { simple: true })).toBe(GALLEY_APPLICATION_ID);
    const sql = corpus.db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'pages'`).pluck().get() as string;
    expect(sql).toMatch(/\)\s*STRICT$/);
    corpus.close();
    // Reopening an up-to-date corpus changes nothing and keeps the data.
    const again = openCorpus(file);
    expect(again.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    again.close();
  });

  it('keeps the original text immutable', () => {
    const file = fresh();
    corpusWithPages(file, 1);
    const corpus = openCorpus(file);
    expect(() => corpus.db.prepare(`UPDATE pages SET original_text = 'x'`).run()).toThrow(/immutable/);
    expect(() => corpus.db.prepare(`UPDATE pages SET newspaper = '人民日报'`).run()).not.toThrow();
    corpus.close();
  });

  it('refuses a corpus from a newer Galley and leaves it unchanged', () => {
    const file = fresh();
    corpusWithPages(file, 3);
    const db = new Database(file, { nativeBinding: sqliteNativeBinding() });
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = sha256File(file);
    const error = refusal(file);
    expect(error.reason).toBe('NEWER_VERSION');
    expect(error.message).toMatch(/newer Galley/);
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a file that is not SQLite and leaves it unchanged', () => {
    const file = fresh();
    writeFileSync(file, '这不是数据库 — just notes\n'.repeat(50));
    const before = sha256File(file);
    expect(refusal(file).reason).toBe('NOT_SQLITE');
    expect(sha256File(file)).toBe(before);
  });

  it('refuses another application’s SQLite database', () => {
    const file = fresh();
    const db = new Database(file, { nativeBinding: sqliteNativeBinding() });
    db.exec('CREATE TABLE contacts (name TEXT)');
    db.close();
    const before = sha256File(file);
    expect(refusal(file).reason).toBe('NOT_GALLEY');
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a damaged corpus (overwritten pages) and leaves it unchanged', () => {
    const file = fresh();
    corpusWithPages(file, 200);
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    // Scribble over the middle of the file: b-tree pages of the pages table and its indexes.
    const garbage = Buffer.alloc(8192);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251;
    writeSync(fd, garbage, 0, garbage.length, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const before = sha256File(file);
    const error = refusal(file);
    expect(error.reason).toBe('CORRUPT');
    expect(error.message).toMatch(/damaged/);
    expect(sha256File(file)).toBe(before);
  });

  it('refuses a truncated corpus and leaves it unchanged', () => {
    const file = fresh();
    corpusWithPages(file, 200);
    const truncated = fresh();
    const bytes = readFileSync(file);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
    const before = sha256File(truncated);
    expect(refusal(truncated).reason).toBe('CORRUPT');
    expect(sha256File(truncated)).toBe(before);
  });

  it('refuses a missing file when asked not to create one', () => {
    expect(() => openCorpus(join(dir, 'nope.galley'), { create: false })).toThrow(CorpusRefusedError);
  });
});
