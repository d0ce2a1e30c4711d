// Builds the search index in slices between requests, so a large corpus (a big import, or an old corpus opened
// for the first time) never freezes the app: each slice is a short transaction, and the cursor it leaves in the
// corpus lets a build resume after a restart. Small remainders are finished at once by the search that asks.
// The corrected text's index comes first; the original text's only once a search has asked for it.
import type Database from 'better-sqlite3';

import type { SearchIndex, SearchIndexProgress } from './index-store';

/**
 * Milliseconds of work per slice: short enough for the app to answer between slices, long enough that FTS5 is
 * not flushing a tiny segment per commit (40 ms slices made the build 2× slower than one transaction, 200 ms
 * 1.13×).
 */
const SLICE_MS = 100;
const SLICE_MAX_PAGES = 200;
/** A search finishes a build itself when at most this many pages are left (a few seconds at most). */
export const FINISH_NOW_MAX_PAGES = 500;
/** After a failed slice (e.g. another process holds the write lock) wait this long before trying again. */
const RETRY_MS = 2000;

export interface IndexBuilder {
  /** Starts (or resumes) the build in the background when the index is not complete. */
  kick(): void;
  /** Builds the rest now, blocking; for small remainders and for tests. */
  finishNow(): void;
  progress(): SearchIndexProgress;
  /** Stops scheduling slices; call before closing the corpus. */
  stop(): void;
}

export function createIndexBuilder(
  db: Database.Database,
  index: SearchIndex,
  onError: (error: unknown) => void = (error) => console.error('galley: search index build:', error),
): IndexBuilder {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function schedule(delayMs: number): void {
    timer = setTimeout(slice, delayMs);
    // A one-shot CLI command does not wait for the build; the cursor keeps what was done.
    timer.unref();
  }

  function slice(): void {
    timer = undefined;
    if (stopped || !db.open) return;
    try {
      const done = index.buildStep(SLICE_MS, SLICE_MAX_PAGES) && index.originalStep(SLICE_MS, SLICE_MAX_PAGES);
      if (!done) schedule(0);
    } catch (error) {
      onError(error);
      schedule(RETRY_MS);
    }
  }

  return {
    kick() {
      if (stopped || timer !== undefined || !db.open) return;
      if (index.isBuilt() && index.originalState() !== 'building') return;
      schedule(0);
    },
    finishNow() {
      while (!index.buildStep(Infinity, 1000));
    },
    progress: () => index.progress(),
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
