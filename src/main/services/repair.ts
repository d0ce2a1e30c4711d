// Runs the layout-repair engine for pages of the corpus and keeps its reading, suggestions and jump links
// in step with the page's human decisions and the corpus's threshold setting.
import type Database from 'better-sqlite3';

import type { PageReading } from '../../shared/api';
import { repairPage, type RepairResult } from '../../shared/repair';
import type { PageStore } from '../store/pages';
import type { Decision, ReadingStore, StoredReading } from '../store/readings';
import { ServiceError } from './errors';

/**
 * Bumped when the engine's output changes meaning; pages repaired by an older engine are repaired again
 * when opened (their human decisions are kept and applied).
 */
export const REPAIR_ENGINE_VERSION = 2;
export const DEFAULT_REPAIR_THRESHOLD = 0.9;
const THRESHOLD_KEY = 'repair.threshold';

/** Pages repaired per transaction after an import. */
const REPAIR_BATCH = 100;

export interface RepairServiceDeps {
  db: Database.Database;
  pages: PageStore;
  readings: ReadingStore;
  /** Called inside the transaction that stored a page's new reading (not for batch repairs after import). */
  onReadingChanged?: (pageId: number) => void;
}

/** The engine's output as stored: the reading JSON plus suggestions and jump links with page metadata. */
export function toStoredReading(
  result: RepairResult,
  threshold: number,
  meta: { newspaper: string | null; date: string | null },
): StoredReading {
  const reading = {
    articles: result.articles.map((a) => ({ blocks: a.blocks.map((b) => ({ role: b.role, text: b.text })) })),
    removed: result.removed.map((r) => ({ role: r.role, text: r.text })),
  };
  return {
    engineVersion: REPAIR_ENGINE_VERSION,
    threshold,
    reading: JSON.stringify(reading),
    suggestions: result.suggestions.map((s) => ({
      id: s.id,
      kind: s.kind,
      confidence: s.confidence,
      applied: s.applied,
      reason: s.reason,
      target: s.target,
      ...(s.jump ? { jump: s.jump } : {}),
    })),
    // A jump marker on a page points into the same newspaper and day.
    jumpLinks: result.suggestions
      .filter((s) => s.kind === 'mark-jump' && s.applied && s.jump)
      .map((s) => ({
        suggestionId: s.id,
        direction: s.jump!.direction,
        newspaper: meta.newspaper,
        date: meta.date,
        page: s.jump!.page,
      })),
  };
}

export function createRepairService({ db, pages, readings, onReadingChanged }: RepairServiceDeps) {
  const getMeta = db.prepare('SELECT value FROM corpus_meta WHERE key = ?').pluck();
  const setMeta = db.prepare('INSERT OR REPLACE INTO corpus_meta (key, value) VALUES (?, ?)');

  function threshold(): number {
    const stored = Number(getMeta.get(THRESHOLD_KEY));
    return Number.isFinite(stored) && getMeta.get(THRESHOLD_KEY) !== undefined ? stored : DEFAULT_REPAIR_THRESHOLD;
  }

  /** Runs the engine on a page with its stored decisions; undefined when the page does not exist. */
  function compute(pageId: number, t: number): StoredReading | undefined {
    const page = pages.get(pageId);
    if (!page) return undefined;
    const result = repairPage(page.originalText, { threshold: t, decisions: readings.decisions(pageId) });
    return toStoredReading(result, t, page);
  }

  function refresh(pageId: number): void {
    const stored = compute(pageId, threshold());
    if (!stored) throw new ServiceError('NOT_FOUND', `There is no page ${pageId} in this corpus.`);
    readings.save(pageId, stored);
    onReadingChanged?.(pageId);
  }

  const refreshInTransaction = db.transaction((pageId: number) => refresh(pageId));
  const decideInTransaction = db.transaction((pageId: number, ids: readonly string[], decision: Decision | null) => {
    readings.decide(pageId, ids, decision);
    refresh(pageId);
  });

  function view(pageId: number): PageReading {
    let stored = readings.load(pageId);
    if (!stored || stored.engineVersion !== REPAIR_ENGINE_VERSION || stored.threshold !== threshold()) {
      // Never repaired (an import interrupted before its repair phase), repaired by an older engine, or
      // the threshold setting changed since.
      refreshInTransaction(pageId);
      stored = readings.load(pageId)!;
    }
    const decisions = readings.decisions(pageId);
    const { articles, removed } = JSON.parse(stored.reading) as Pick<PageReading, 'articles' | 'removed'>;
    return {
      pageId,
      engineVersion: stored.engineVersion,
      threshold: stored.threshold,
      articles,
      removed,
      suggestions: stored.suggestions.map((s) => ({ ...s, decision: decisions[s.id] ?? null })),
      jumpLinks: stored.jumpLinks,
    };
  }

  return {
    threshold,
    view,

    decide(pageId: number, suggestionIds: readonly string[], decision: Decision | null): PageReading {
      if (!pages.summary(pageId)) throw new ServiceError('NOT_FOUND', `There is no page ${pageId} in this corpus.`);
      const known = new Set(view(pageId).suggestions.map((s) => s.id));
      const unknown = suggestionIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new ServiceError('NOT_FOUND', `Page ${pageId} has no suggestion ${unknown.slice(0, 3).join(', ')}.`);
      }
      decideInTransaction(pageId, suggestionIds, decision);
      return view(pageId);
    },

    /** Re-reads a page after its metadata changed (jump links name its newspaper and date). */
    refreshIfRepaired(pageId: number): void {
      if (readings.load(pageId)) refreshInTransaction(pageId);
    },

    setThreshold(value: number): void {
      setMeta.run(THRESHOLD_KEY, String(value));
    },

    /**
     * Repairs the given pages in batches, one transaction each, yielding to the event loop between batches
     * so progress can be polled. Pages left unrepaired (cancel, crash) are repaired when opened.
     */
    async repairPages(
      pageIds: readonly number[],
      onProgress?: (done: number) => void,
      isCancelled?: () => boolean,
    ): Promise<void> {
      const t = threshold();
      const writeBatch = db.transaction((batch: { id: number; stored: StoredReading }[]) => {
        for (const { id, stored } of batch) readings.save(id, stored);
      });
      for (let i = 0; i < pageIds.length; i += REPAIR_BATCH) {
        if (isCancelled?.()) return;
        const batch = pageIds.slice(i, i + REPAIR_BATCH).flatMap((id) => {
          const stored = compute(id, t);
          return stored ? [{ id, stored }] : [];
        });
        writeBatch(batch);
        onProgress?.(Math.min(pageIds.length, i + REPAIR_BATCH));
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

export type RepairService = ReturnType<typeof createRepairService>;
