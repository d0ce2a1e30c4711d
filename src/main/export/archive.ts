// The corpus archive: a zip of a consistent snapshot of the corpus database and a manifest describing it.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';

import Database from 'better-sqlite3';
import { type AsyncFlateStreamHandler, Zip, ZipDeflate, type ZipInputFile } from 'fflate';

import { safeName } from '../../shared/export';
import { PRODUCT_NAME, appRoot } from '../paths';
import { sqliteNativeBinding } from '../store/native';
import type { ExportFolder } from './output';

/** manifest.json of an archive; `format` and `formatVersion` let a later Galley recognise and read it. */
export interface ArchiveManifest {
  format: 'galley-corpus-archive';
  formatVersion: 1;
  app: { name: string; version: string };
  /** PRAGMA user_version of the snapshot: the Galley schema it was written with. */
  schemaVersion: number;
  createdAt: string;
  counts: { pages: number; spans: number; labels: number };
  snapshot: { file: string; bytes: number; sha256: string };
  restore: string;
}

export const ARCHIVE_MANIFEST = 'manifest.json';

/** Chunks read from the snapshot and handed to the compressor: memory stays flat whatever the corpus size. */
const CHUNK_BYTES = 1 << 20;
/** fflate writes no Zip64 records, so neither an entry nor the archive may reach 4 GiB. */
const ZIP_LIMIT = 0xffffffff;

export interface ArchiveResult {
  /** The zip's path relative to the export folder; undefined when cancelled (nothing is left behind). */
  file?: string;
  pages: number;
  spans: number;
  cancelled: boolean;
}

let appVersion: string | undefined;
function galleyVersion(): string {
  appVersion ??= (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return appVersion;
}

/** The snapshot's schema version and counts, read from the snapshot itself so they describe exactly what is in it. */
function inspectSnapshot(file: string): { schemaVersion: number; counts: ArchiveManifest['counts'] } {
  const snap = new Database(file, { fileMustExist: true, nativeBinding: sqliteNativeBinding() });
  try {
    // The online backup copies the WAL flag of the source; a rollback journal makes the snapshot one
    // self-contained file that opens anywhere, even read-only media, without creating -wal and -shm files.
    snap.pragma('journal_mode = DELETE');
    const count = (table: string): number => snap.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return {
      schemaVersion: snap.pragma('user_version', { simple: true }) as number,
      counts: { pages: count('pages'), spans: count('spans'), labels: count('labels') },
    };
  } finally {
    snap.close();
  }
}

/**
 * Deflate level of the snapshot when it is compressed: within 5% of level 6's size on corpus files, in three
 * quarters of the time. By default the snapshot is stored as it is: compressing a 1 GB corpus takes about four
 * times as long as copying it (the archive's speed target is 2× a JSON dump of the documents).
 */
const SNAPSHOT_LEVEL = 4;
/** Database pages copied per step of the online backup (about 16–64 MB), between turns of the event loop. */
const BACKUP_STEP_PAGES = 4096;

/**
 * A zip entry compressed by Node's zlib (native, on the thread pool, about twice fflate's speed here) inside
 * fflate's streaming Zip, which only needs the raw deflate stream, its CRC-32 and its size. push() resolves once
 * zlib has room again, so memory stays bounded; end() resolves when the entry's last bytes reached the zip.
 */
class NativeDeflateEntry implements ZipInputFile {
  readonly compression = 8;
  crc = 0;
  size = 0;
  ondata?: AsyncFlateStreamHandler;
  private readonly deflate = createDeflateRaw({ level: SNAPSHOT_LEVEL });
  private readonly finished: Promise<void>;

  constructor(
    readonly filename: string,
    readonly mtime: Date,
  ) {
    this.deflate.on('data', (chunk: Buffer<ArrayBuffer>) => this.ondata?.(null, chunk, false));
    this.finished = new Promise<void>((done, fail) => {
      this.deflate.once('end', () => {
        this.ondata?.(null, new Uint8Array(0), true);
        done();
      });
      this.deflate.once('error', fail);
    });
    // Awaited in end(); until then a failure must not count as unhandled.
    this.finished.catch(() => undefined);
  }

  async push(chunk: Buffer): Promise<void> {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    if (!this.deflate.write(chunk)) await once(this.deflate, 'drain');
  }

  async end(): Promise<void> {
    this.deflate.end();
    await this.finished;
  }

  terminate(): void {
    this.deflate.destroy();
  }
}

/** A zip entry stored as it is (method 0), with Node's native CRC-32: the snapshot copied into the zip. */
class StoredEntry implements ZipInputFile {
  readonly compression = 0;
  crc = 0;
  size = 0;
  ondata?: AsyncFlateStreamHandler;

  constructor(
    readonly filename: string,
    readonly mtime: Date,
  ) {}

  push(chunk: Buffer): Promise<void> {
    this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
    this.ondata?.(null, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length) as Uint8Array<ArrayBuffer>, false);
    return Promise.resolve();
  }

  end(): Promise<void> {
    this.ondata?.(null, new Uint8Array(0), true);
    return Promise.resolve();
  }

  terminate(): void {}
}

/** A timestamp usable in a file name on every system, as the corpus backups use. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Writes `<corpus>-archive-<time>.zip` into the folder: `<corpus>.galley`, a snapshot taken with SQLite's online
 * backup (consistent even while the app keeps writing through the same connection), and manifest.json with its
 * size and SHA-256. The snapshot is made in a temporary folder inside the export folder, streamed into the zip
 * in CHUNK_BYTES pieces (hashed on the way, compressed by zlib off the main thread) and deleted. Cancelled, the partial zip is removed.
 */
export async function writeCorpusArchive(args: {
  db: Database.Database;
  folder: ExportFolder;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
  /** Deflate the snapshot: a smaller zip, about four times slower to write. Stored as it is by default. */
  compress?: boolean;
}): Promise<ArchiveResult> {
  const { db, folder } = args;
  const createdAt = new Date();
  const source = db.memory ? 'corpus' : basename(db.name, extname(db.name));
  const stem = safeName(source, 'corpus');
  const entryName = `${stem}.galley`;
  const zipName = `${stem}-archive-${stamp(createdAt)}.zip`;
  const temp = mkdtempSync(join(folder.root, '.galley-snapshot-'));
  let zipStarted = false;
  let entry: NativeDeflateEntry | StoredEntry | undefined;
  try {
    const snapshot = join(temp, entryName);
    // Large steps: the default 100 pages per step spends most of a big copy going round the event loop.
    await db.backup(snapshot, { progress: () => BACKUP_STEP_PAGES });
    if (args.isCancelled?.()) return { pages: 0, spans: 0, cancelled: true };
    const { schemaVersion, counts } = inspectSnapshot(snapshot);
    const bytes = statSync(snapshot).size;
    if (bytes >= ZIP_LIMIT) {
      throw new Error(
        `The corpus is ${bytes} bytes; a zip archive holds at most 4 GiB. Copy the .galley file instead.`,
      );
    }

    let failure: Error | null = null;
    const zip = new Zip((error, data) => {
      if (error) failure ??= error;
      else if (data.length > 0) folder.writeBytes(zipName, data);
    });
    zipStarted = true;
    folder.writeBytes(zipName, new Uint8Array(0));
    entry = args.compress ? new NativeDeflateEntry(entryName, createdAt) : new StoredEntry(entryName, createdAt);
    zip.add(entry);
    const hash = createHash('sha256');
    let done = 0;
    args.onProgress?.(0, bytes);
    for await (const chunk of createReadStream(snapshot, { highWaterMark: CHUNK_BYTES })) {
      const data = chunk as Buffer;
      hash.update(data);
      await entry.push(data);
      if (failure) throw failure;
      done += data.length;
      args.onProgress?.(done, bytes);
      if (args.isCancelled?.()) {
        entry.terminate();
        zip.terminate();
        folder.remove(zipName);
        return { pages: 0, spans: 0, cancelled: true };
      }
    }
    await entry.end();
    if (failure) throw failure;

    const manifest: ArchiveManifest = {
      format: 'galley-corpus-archive',
      formatVersion: 1,
      app: { name: PRODUCT_NAME, version: galleyVersion() },
      schemaVersion,
      createdAt: createdAt.toISOString(),
      counts,
      snapshot: { file: entryName, bytes, sha256: hash.digest('hex') },
      restore:
        `Unzip, check that ${entryName} has the SHA-256 above, then use it with \`galley <command> --db ${entryName}\`, ` +
        'or close Galley and copy it over the corpus file that `galley where` names.',
    };
    const manifestEntry = new ZipDeflate(ARCHIVE_MANIFEST, { level: 6 });
    manifestEntry.mtime = createdAt;
    zip.add(manifestEntry);
    manifestEntry.push(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'), true);
    zip.end();
    if (failure) throw failure;
    folder.closeFile(zipName);
    return { file: zipName, pages: counts.pages, spans: counts.spans, cancelled: false };
  } catch (error) {
    entry?.terminate();
    if (zipStarted) folder.remove(zipName);
    throw error;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
