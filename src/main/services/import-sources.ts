// Turns what the user chose (files, folders, uploaded bytes) into a flat list of page files to import.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';

import type { ImportFailure } from '../../shared/api';

/** One file to import: where it came from and how to read its bytes. */
export interface ImportSource {
  /** Base name, stored as the page's file name. */
  fileName: string;
  /** The path shown in reports and used for metadata: relative to the chosen folder's parent. */
  displayPath: string;
  /** Absolute path on disk, or null for uploaded bytes. */
  absolutePath: string | null;
  size: number;
  read(): Promise<Uint8Array>;
}

export const PAGE_FILE_EXTENSIONS = new Set(['.txt', '.md']);

export function isPageFileName(name: string): boolean {
  return PAGE_FILE_EXTENSIONS.has(extname(name).toLowerCase());
}

function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOENT') return 'file not found';
  if (e.code === 'ELOOP') return 'too many levels of symbolic links';
  if (e.code === 'EISDIR') return 'is a folder';
  return e.message ?? String(error);
}

/** lstat calls in flight at once while walking a folder. */
const STAT_BATCH = 64;

export interface WalkResult {
  sources: ImportSource[];
  failed: ImportFailure[];
}

/**
 * Walks files and folders (recursively, following symbolic links once: a link back into a folder already
 * being walked is skipped, so loops end). Folders contribute their .txt/.md files; a file named explicitly
 * with another extension is reported. Results are sorted by path so imports are reproducible.
 */
export async function collectImportSources(paths: readonly string[]): Promise<WalkResult> {
  const sources: ImportSource[] = [];
  const failed: ImportFailure[] = [];
  const visitedDirs = new Set<string>();

  const addFile = (absolutePath: string, displayPath: string, size: number) => {
    sources.push({
      fileName: basename(absolutePath),
      displayPath,
      absolutePath,
      size,
      read: () => readFile(absolutePath),
    });
  };

  async function walkDir(dir: string, root: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      failed.push({ file: relative(root, dir) || dir, code: 'UNREADABLE', reason: describeFsError(error) });
      return;
    }
    if (visitedDirs.has(real)) return;
    visitedDirs.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      failed.push({ file: relative(root, dir) || dir, code: 'UNREADABLE', reason: `folder ${describeFsError(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // The sizes of a folder's page files, asked for many at a time (one after another, 10,000 lstat calls took
    // most of a second); the results keep the folder's order.
    const files = entries.filter((e) => e.isFile() && isPageFileName(e.name)).map((e) => join(dir, e.name));
    const sizes = new Map<string, number | Error>();
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      const batch = files.slice(i, i + STAT_BATCH);
      const results = await Promise.all(
        batch.map((f) =>
          lstat(f).then(
            (st) => st.size,
            (error: Error) => error,
          ),
        ),
      );
      batch.forEach((f, k) => sizes.set(f, results[k]!));
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const display = relative(root, full);
      if (entry.isDirectory()) {
        await walkDir(full, root);
      } else if (entry.isSymbolicLink()) {
        let target;
        try {
          target = await stat(full);
        } catch (error) {
          if (isPageFileName(entry.name))
            failed.push({ file: display, code: 'UNREADABLE', reason: describeFsError(error) });
          continue;
        }
        if (target.isDirectory()) await walkDir(full, root);
        else if (target.isFile() && isPageFileName(entry.name)) addFile(full, display, target.size);
      } else if (entry.isFile() && isPageFileName(entry.name)) {
        const size = sizes.get(full)!;
        if (size instanceof Error) {
          failed.push({ file: display, code: 'UNREADABLE', reason: describeFsError(size) });
          continue;
        }
        addFile(full, display, size);
      }
    }
  }

  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      failed.push({ file: path, code: 'UNREADABLE', reason: describeFsError(error) });
      continue;
    }
    if (info.isDirectory()) {
      await walkDir(path, dirname(path));
    } else if (!isPageFileName(path)) {
      failed.push({
        file: basename(path),
        code: 'NOT_A_PAGE_FILE',
        reason: 'not a .txt or .md file',
      });
    } else {
      addFile(path, basename(path), info.size);
    }
  }
  sources.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  return { sources, failed };
}

/** Sources for files the browser uploaded (web mode file picker or drag and drop). */
export function uploadedSources(files: readonly { name: string; dataBase64: string }[]): WalkResult {
  const sources: ImportSource[] = [];
  const failed: ImportFailure[] = [];
  for (const file of files) {
    const displayPath = file.name.replace(/\\/g, '/');
    if (!isPageFileName(displayPath)) {
      failed.push({ file: displayPath, code: 'NOT_A_PAGE_FILE', reason: 'not a .txt or .md file' });
      continue;
    }
    const bytes = Buffer.from(file.dataBase64, 'base64');
    sources.push({
      fileName: displayPath.split('/').pop() ?? displayPath,
      displayPath,
      absolutePath: null,
      size: bytes.byteLength,
      read: () => Promise.resolve(bytes),
    });
  }
  return { sources, failed };
}
