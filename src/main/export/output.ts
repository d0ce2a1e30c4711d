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

export class ExportFolder {
  readonly root: string;
  private readonly open = new Map<string, number>();
  /** Files created, for the summary. */
  files = 0;

  constructor(outDir: string) {
    mkdirSync(outDir, { recursive: true });
    // The real path, so a symlinked export folder is compared by where writes actually land.
    this.root = realpathSync(outDir);
  }

  /**
   * The file at a relative path (its components already made safe by safeName), opened once and kept open
   * until close(). Refuses any path that resolves outside the folder, including through a symlinked directory.
   */
  private fd(relPath: string): number {
    const existing = this.open.get(relPath);
    if (existing !== undefined) return existing;
    const target = resolve(this.root, relPath);
    if (!isInside(this.root, target))
      throw new OutsideExportFolderError(`refusing to write outside the export folder: ${relPath}`);
    const dir = dirname(target);
    mkdirSync(dir, { recursive: true });
    const realDir = realpathSync(dir);
    if (realDir !== this.root && !isInside(this.root, realDir)) {
      throw new OutsideExportFolderError(`refusing to write outside the export folder: ${relPath}`);
    }
    const fd = openSync(target, WRITE_FLAGS, 0o644);
    this.open.set(relPath, fd);
    this.files++;
    return fd;
  }

  write(relPath: string, text: string): void {
    if (text === '') {
      this.fd(relPath);
      return;
    }
    this.writeBytes(relPath, Buffer.from(text, 'utf8'));
  }

  /** Appends bytes (a zip being built, say) to the file, opening it the first time. */
  writeBytes(relPath: string, bytes: Uint8Array): void {
    const fd = this.fd(relPath);
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  }

  /** Closes and deletes a file this export created (a partial archive after a cancel or an error). */
  remove(relPath: string): void {
    if (!this.open.has(relPath)) return;
    this.closeFile(relPath);
    unlinkSync(resolve(this.root, relPath));
    this.files--;
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
    const fd = this.open.get(relPath);
    if (fd !== undefined) closeSync(fd);
    this.open.delete(relPath);
  }

  close(): void {
    for (const fd of this.open.values()) closeSync(fd);
    this.open.clear();
  }
}
