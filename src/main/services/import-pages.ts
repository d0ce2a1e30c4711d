// Imports page files into the corpus: decode, normalize, hash, skip duplicates, write in batches.
import { createHash } from 'node:crypto';

import type { ImportFailure, ImportReport } from '../../shared/api';
import { parseFileNameMeta } from '../../shared/filename-meta';
import { decodePageBytes, normalizeNewlines } from '../import/decode';
import type { NewPage, PageStore } from '../store/pages';
import type { ImportSource } from './import-sources';

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Pages per transaction: large enough to amortize the commit, small enough to keep memory flat. */
const BATCH_PAGES = 500;
const BATCH_BYTES = 32 * 1024 * 1024;
/** Files read ahead of the one being decoded. */
const READ_AHEAD = 8;

export interface ImportProgress {
  done: number;
  total: number;
  current: string | null;
}

export interface ImportOptions {
  maxFileBytes?: number;
  onProgress?: (progress: ImportProgress) => void;
  isCancelled?: () => boolean;
  /** Called inside each batch's transaction with the new page ids, so derived rows commit with them. */
  afterInsert?: (pages: { id: number; page: NewPage }[]) => void;
}

export function countCodePoints(text: string): number {
  let surrogatePairs = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        surrogatePairs++;
        i++;
      }
    }
  }
  return text.length - surrogatePairs;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Reads and decodes one source into a page row, or says why it cannot be one. */
async function preparePage(source: ImportSource, maxFileBytes: number): Promise<NewPage | ImportFailure> {
  const file = source.displayPath;
  if (source.size > maxFileBytes) {
    return {
      file,
      code: 'TOO_LARGE',
      reason: `${formatBytes(source.size)} is over the ${formatBytes(maxFileBytes)} limit for one page`,
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = await source.read();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const reason = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : (e.message ?? String(error));
    return { file, code: 'UNREADABLE', reason };
  }
  if (bytes.byteLength > maxFileBytes) {
    return { file, code: 'TOO_LARGE', reason: `${formatBytes(bytes.byteLength)} is over the limit` };
  }
  const decoded = decodePageBytes(bytes);
  if (!decoded.ok) return { file, code: decoded.code, reason: decoded.reason };
  const text = normalizeNewlines(decoded.text);
  const meta = parseFileNameMeta(source.displayPath);
  return {
    fileName: source.fileName,
    sourcePath: source.absolutePath,
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    encoding: decoded.encoding,
    originalText: text,
    chars: countCodePoints(text),
    newspaper: meta.newspaper,
    date: meta.date,
    pageNo: meta.pageNo,
  };
}

function isFailure(value: NewPage | ImportFailure): value is ImportFailure {
  return 'code' in value;
}

/**
 * Imports the sources in order. Each batch is one transaction, so a page is either wholly in the corpus or
 * absent; a bad file is reported and the rest go on. Cancelling stops after the file being read; what was
 * read before is still written.
 */
export async function importPages(
  pages: PageStore,
  sources: readonly ImportSource[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const report: ImportReport = { imported: 0, duplicates: 0, duplicateFiles: [], failed: [], cancelled: false };
  let batch: NewPage[] = [];
  let batchPaths: string[] = [];
  let batchBytes = 0;

  const flush = () => {
    if (batch.length === 0) return;
    const outcome = pages.insertBatch(batch, options.afterInsert);
    report.imported += outcome.inserted.length;
    report.duplicates += outcome.duplicates.length;
    for (const d of outcome.duplicates) {
      report.duplicateFiles.push({ file: batchPaths[d.index]!, existingPageId: d.existingPageId });
    }
    batch = [];
    batchPaths = [];
    batchBytes = 0;
  };

  // Reading files is I/O-bound: keep a few reads in flight while the current page is decoded and batched.
  const inFlight = new Map<number, Promise<NewPage | ImportFailure>>();
  let nextToPrefetch = 0;
  const prefetch = (upTo: number) => {
    for (; nextToPrefetch < sources.length && nextToPrefetch <= upTo; nextToPrefetch++) {
      inFlight.set(nextToPrefetch, preparePage(sources[nextToPrefetch]!, maxFileBytes));
    }
  };
  for (let i = 0; i < sources.length; i++) {
    if (options.isCancelled?.()) {
      report.cancelled = true;
      break;
    }
    const source = sources[i]!;
    options.onProgress?.({ done: i, total: sources.length, current: source.displayPath });
    prefetch(i + READ_AHEAD);
    const prepared = await inFlight.get(i)!;
    inFlight.delete(i);
    if (isFailure(prepared)) {
      report.failed.push(prepared);
      continue;
    }
    batch.push(prepared);
    batchPaths.push(source.displayPath);
    batchBytes += prepared.originalText.length * 2;
    if (batch.length >= BATCH_PAGES || batchBytes >= BATCH_BYTES) flush();
  }
  // Reads started for files after a cancel are awaited so no promise is left unhandled; they are not stored.
  await Promise.allSettled(inFlight.values());
  flush();
  options.onProgress?.({
    done: report.cancelled ? report.imported : sources.length,
    total: sources.length,
    current: null,
  });
  return report;
}
