// The export folder: files opened only at resolved paths inside it, written synchronously chunk by chunk.
import { closeSync, constants, mkdirSync, openSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Open flags: create or truncate, and never follow a symlink planted at the target (where the OS allows). */
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

export class OutsideExportFolderError extends Error {}

/** Whether `target` lies strictly inside `root` (both resolved). */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

/** Text kept per open file before one write: large writes instead of one syscall per row or line. */
const FLUSH_CHARS = 1 << 19;

interface OpenFile {
  fd: number;
  /** Text not yet written (V8 concatenates it as a rope; it is flattened once per flush). */
  pending: string;
}

export class ExportFolder {
  readonly root: string;
  private readonly open = new Map<string, OpenFile>();
  /** Directories already created and checked to resolve inside the folder during this export. */
  private readonly checkedDirs = new Set<string>();
  /** Files created, for the summary. */
  files = 0;

  constructor(outDir: string) {
    mkdirSync(outDir, { recursive: true });
    // The real path, so a symlinked export folder is compared by where writes actually land.
    this.root = realpathSync(outDir);
    this.checkedDirs.add(this.root);
  }

  /**
   * The file at a relative path (its components already made safe by safeName), opened once and kept open
   * until close(). Refuses any path that resolves outside the folder, including through a symlinked directory.
   */
  private file(relPath: string): OpenFile {
    const existing = this.open.get(relPath);
    if (existing !== undefined) return existing;
    const target = resolve(this.root, relPath);
    if (!isInside(this.root, target))
      throw new OutsideExportFolderError(`refusing to write outside the export folder: ${relPath}`);
    const dir = dirname(target);
    if (!this.checkedDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      const realDir = realpathSync(dir);
      if (realDir !== this.root && !isInside(this.root, realDir)) {
        throw new OutsideExportFolderError(`refusing to write outside the export folder: ${relPath}`);
      }
      this.checkedDirs.add(dir);
    }
    const file = { fd: openSync(target, WRITE_FLAGS, 0o644), pending: '' };
    this.open.set(relPath, file);
    this.files++;
    return file;
  }

  /** Appends text to the file, opening it the first time; written in large chunks (see flush). */
  write(relPath: string, text: string): void {
    const file = this.file(relPath);
    file.pending += text;
    if (file.pending.length >= FLUSH_CHARS) this.flush(file);
  }

  /** Appends bytes (a zip being built, say) to the file, opening it the first time. */
  writeBytes(relPath: string, bytes: Uint8Array): void {
    const file = this.file(relPath);
    this.flush(file);
    writeAll(file.fd, bytes);
  }

  private flush(file: OpenFile): void {
    if (file.pending === '') return;
    const buffer = Buffer.from(file.pending, 'utf8');
    file.pending = '';
    writeAll(file.fd, buffer);
  }

  /** Writes a whole small file and closes it at once, so per-article files do not pile up open descriptors. */
  writeFile(relPath: string, text: string): void {
    this.write(relPath, text);
    this.closeFile(relPath);
  }

  has(relPath: string): boolean {
    return this.open.has(relPath);
  }

  closeFile(relPath: string): void {
    const file = this.open.get(relPath);
    if (file === undefined) return;
    this.open.delete(relPath);
    try {
      this.flush(file);
    } finally {
      closeSync(file.fd);
    }
  }

  /** Closes and deletes a file this export created (a partial archive after a cancel or an error). */
  remove(relPath: string): void {
    const file = this.open.get(relPath);
    if (file === undefined) return;
    this.open.delete(relPath);
    closeSync(file.fd);
    unlinkSync(resolve(this.root, relPath));
    this.files--;
  }

  /** Writes what is pending and closes every file; every descriptor is closed even when a write fails. */
  close(): void {
    let failure: unknown;
    for (const relPath of [...this.open.keys()]) {
      try {
        this.closeFile(relPath);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done);
}
