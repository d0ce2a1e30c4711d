// Opens a corpus file safely: refuses what is not a Galley corpus (or is newer or damaged) without
// writing a byte, backs up before a migration, then applies pending migrations in one transaction.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import Database from 'better-sqlite3';

import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { sqliteNativeBinding } from './native';

/** `PRAGMA application_id` of a Galley corpus: "Galy" in ASCII. */
export const GALLEY_APPLICATION_ID = 0x47616c79;

const SQLITE_MAGIC = 'SQLite format 3\u0000';
/** Full integrity checks on open cost ~1 s per 100 MB; above this size they run on demand only. */
const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;
/** How many pre-migration and on-demand backups to keep per corpus. */
const BACKUPS_KEPT = 5;

export type CorpusRefusalReason =
  'NOT_SQLITE' | 'NOT_GALLEY' | 'NEWER_VERSION' | 'CORRUPT' | 'NOT_FOUND' | 'UNREADABLE';

/** Thrown when a file must not be opened as a corpus. The file has not been modified. */
export class CorpusRefusedError extends Error {
  constructor(
    readonly reason: CorpusRefusalReason,
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'CorpusRefusedError';
  }
}

export interface Corpus {
  readonly path: string;
  readonly db: Database.Database;
  close(): void;
}

export interface OpenCorpusOptions {
  /** Create the file when it does not exist (default true). */
  create?: boolean;
  /** Folder for pre-migration backups; default `<corpus folder>/backups`. */
  backupDir?: string;
}

interface HeaderFacts {
  userVersion: number;
  applicationId: number;
}

/** Reads the 100-byte SQLite header without going through SQLite, so nothing can be written. */
function readHeader(file: string): HeaderFacts | 'empty' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new CorpusRefusedError('UNREADABLE', file, `Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, 100, 0);
    if (read === 0) return 'empty';
    if (read < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
      throw new CorpusRefusedError(
        'NOT_SQLITE',
        file,
        `${file} is not a Galley corpus: it is not an SQLite database. Nothing was changed.`,
      );
    }
    return { userVersion: header.readUInt32BE(60), applicationId: header.readUInt32BE(68) };
  } finally {
    closeSync(fd);
  }
}

function refuseNewer(file: string, version: number): never {
  throw new CorpusRefusedError(
    'NEWER_VERSION',
    file,
    `${file} was written by a newer Galley (schema version ${version}; this version reads up to ` +
      `${LATEST_SCHEMA_VERSION}). Update Galley to open it. Nothing was changed.`,
  );
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_INDEX';
}

function refuseCorrupt(file: string, detail: string): never {
  throw new CorpusRefusedError(
    'CORRUPT',
    file,
    `${file} is damaged and cannot be opened (${detail}). Nothing was changed; restore it from a backup.`,
  );
}

/** Inspects an existing file read-only and returns its schema version, or throws a refusal. */
function inspectExisting(file: string): number {
  const header = readHeader(file);
  if (header === 'empty') return 0;
  if (header.userVersion > LATEST_SCHEMA_VERSION) refuseNewer(file, header.userVersion);
  if (header.applicationId !== 0 && header.applicationId !== GALLEY_APPLICATION_ID) {
    throw new CorpusRefusedError(
      'NOT_GALLEY',
      file,
      `${file} is an SQLite database of another application, not a Galley corpus. Nothing was changed.`,
    );
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: sqliteNativeBinding() });
    // The header can be stale while a write-ahead log holds newer pages: ask SQLite too.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) refuseNewer(file, version);
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    if (applicationId !== GALLEY_APPLICATION_ID && tables.n > 0) {
      throw new CorpusRefusedError(
        'NOT_GALLEY',
        file,
        `${file} is an SQLite database but not a Galley corpus. Nothing was changed.`,
      );
    }
    if (statSync(file).size <= QUICK_CHECK_MAX_BYTES) {
      const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
      const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length > 0) refuseCorrupt(file, problems.join('; '));
    }
    return version;
  } catch (error) {
    if (error instanceof CorpusRefusedError) throw error;
    if (isCorruption(error)) refuseCorrupt(file, (error as Error).message);
    throw new CorpusRefusedError('UNREADABLE', file, `Cannot open ${file}: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
}

/**
 * Writes a consistent copy of the corpus (including what still sits in the write-ahead log) into
 * `backupDir` with `VACUUM INTO`, then keeps only the newest few copies.
 */
export function backupCorpus(db: Database.Database, file: string, backupDir: string, tag: string): string {
  mkdirSync(backupDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = join(backupDir, `${basename(file)}.${tag}.${stamp}.bak`);
  db.prepare('VACUUM INTO ?').run(target);
  rotateBackups(file, backupDir);
  return target;
}

function rotateBackups(file: string, backupDir: string): void {
  const prefix = `${basename(file)}.`;
  const backups = readdirSync(backupDir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.bak'))
    .map((name) => ({ name, mtime: statSync(join(backupDir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime || b.name.localeCompare(a.name));
  for (const old of backups.slice(BACKUPS_KEPT)) unlinkSync(join(backupDir, old.name));
}

function applyMigrations(db: Database.Database, from: number): void {
  const pending = MIGRATIONS.filter((m) => m.version > from);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`);
    db.pragma(`application_id = ${GALLEY_APPLICATION_ID}`);
    db.prepare(`INSERT OR IGNORE INTO corpus_meta (key, value) VALUES ('created_at', ?)`).run(new Date().toISOString());
    db.prepare(`INSERT OR REPLACE INTO corpus_meta (key, value) VALUES ('schema_migrated_at', ?)`).run(
      new Date().toISOString(),
    );
  })();
}

/**
 * Opens (or creates) a corpus. Refusals throw CorpusRefusedError before anything is written; a corpus of an
 * older schema is copied to `backupDir` first, then migrated in one transaction.
 */
export function openCorpus(file: string, options: OpenCorpusOptions = {}): Corpus {
  const exists = existsSync(file);
  if (!exists && options.create === false) {
    throw new CorpusRefusedError('NOT_FOUND', file, `There is no corpus at ${file}.`);
  }
  const version = exists ? inspectExisting(file) : 0;
  if (!exists) mkdirSync(dirname(file), { recursive: true });

  if (version > 0 && version < LATEST_SCHEMA_VERSION) {
    // Before a migration rewrites the schema, keep the corpus as it was.
    const reader = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: sqliteNativeBinding() });
    try {
      backupCorpus(reader, file, options.backupDir ?? join(dirname(file), 'backups'), `v${version}`);
    } finally {
      reader.close();
    }
  }

  const db = new Database(file, { nativeBinding: sqliteNativeBinding() });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, version);
  } catch (error) {
    db.close();
    if (isCorruption(error)) refuseCorrupt(file, (error as Error).message);
    throw error;
  }
  return {
    path: file,
    db,
    close: () => {
      if (db.open) db.close();
    },
  };
}
