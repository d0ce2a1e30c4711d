// Splits a web-mode upload into calls of bounded size: each `import.upload` carries at most about 40 MB of
// base64, and a file too big to fit in one call is reported instead of being read.
import { base64Length } from './base64';

/** Base64 characters per `import.upload` call (the server accepts bodies up to 96 MB). */
export const MAX_UPLOAD_BASE64 = 40 * 1024 * 1024;
/** Files per call, as the API contract allows. */
export const MAX_UPLOAD_FILES = 10_000;
/** JSON around each file in the request body: quotes, keys, commas. */
const PER_FILE_OVERHEAD = 40;

/** A file to upload and how it was chosen. */
export interface PickedFile {
  file: File;
  /** File name, or its path relative to the chosen folder's parent ("pages/人民日报_2020-01-01_01.txt"). */
  name: string;
  /** Chosen by itself (not found in a folder): a non-page file is then reported rather than skipped. */
  explicit: boolean;
}

export interface UploadCandidate {
  /** Name sent to the server, with the relative folder path when the file came from a folder. */
  name: string;
  size: number;
}

export interface UploadPlan {
  /** Indices into the candidates, one list per call, in the candidates' order. */
  batches: number[][];
  /** Indices of files too large for any call. */
  tooLarge: number[];
}

export function planUploadBatches(
  candidates: readonly UploadCandidate[],
  maxBase64 = MAX_UPLOAD_BASE64,
  maxFiles = MAX_UPLOAD_FILES,
): UploadPlan {
  const batches: number[][] = [];
  const tooLarge: number[] = [];
  let current: number[] = [];
  let currentSize = 0;
  candidates.forEach((candidate, index) => {
    const cost = base64Length(candidate.size) + candidate.name.length + PER_FILE_OVERHEAD;
    if (cost > maxBase64) {
      tooLarge.push(index);
      return;
    }
    if (current.length > 0 && (currentSize + cost > maxBase64 || current.length >= maxFiles)) {
      batches.push(current);
      current = [];
      currentSize = 0;
    }
    current.push(index);
    currentSize += cost;
  });
  if (current.length > 0) batches.push(current);
  return { batches, tooLarge };
}

const PAGE_FILE = /\.(txt|md)$/i;

/** The importer reads .txt and .md files; the server reports anything else as NOT_A_PAGE_FILE. */
export function isPageFileName(name: string): boolean {
  return PAGE_FILE.test(name);
}

/** "1.5 MB" / "12 KB", as the server words sizes in its reasons. */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
