// Data access for the repair engine's output: readings, suggestions, jump links, and the human decisions
// that are stored apart from them so that re-running the engine can never overwrite a decision.
import type Database from 'better-sqlite3';

import type { JumpLink, SuggestionView } from '../../shared/api';

export type Decision = 'accepted' | 'rejected';

export interface StoredReading {
  engineVersion: number;
  threshold: number;
  /** JSON of `{ articles, removed }`. */
  reading: string;
  suggestions: Omit<SuggestionView, 'decision'>[];
  jumpLinks: Omit<JumpLink, 'targetPageId'>[];
}

export type ReadingStore = ReturnType<typeof createReadingStore>;

export function createReadingStore(db: Database.Database) {
  const upsertReading = db.prepare(`
    INSERT INTO page_readings (page_id, engine_version, threshold, reading, updated_at)
    VALUES (@pageId, @engineVersion, @threshold, @reading, @now)
    ON CONFLICT (page_id) DO UPDATE SET engine_version = excluded.engine_version, threshold = excluded.threshold,
      reading = excluded.reading, updated_at = excluded.updated_at`);
  const deleteSuggestions = db.prepare('DELETE FROM suggestions WHERE page_id = ?');
  const insertSuggestion = db.prepare(`
    INSERT INTO suggestions (page_id, suggestion_id, position, kind, confidence, applied, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const deleteJumps = db.prepare('DELETE FROM jump_links WHERE page_id = ?');
  const insertJump = db.prepare(`
    INSERT INTO jump_links (page_id, suggestion_id, position, direction, target_newspaper, target_date, target_page)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const readingOf = db.prepare('SELECT engine_version, threshold, reading FROM page_readings WHERE page_id = ?');
  const suggestionsOf = db.prepare(
    'SELECT suggestion_id, kind, confidence, applied, payload FROM suggestions WHERE page_id = ? ORDER BY position',
  );
  const decisionsOf = db.prepare('SELECT suggestion_id, decision FROM suggestion_decisions WHERE page_id = ?');
  const upsertDecision = db.prepare(`
    INSERT INTO suggestion_decisions (page_id, suggestion_id, decision, decided_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (page_id, suggestion_id) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at`);
  const deleteDecision = db.prepare('DELETE FROM suggestion_decisions WHERE page_id = ? AND suggestion_id = ?');
  const jumpsOf = db.prepare(`
    SELECT j.suggestion_id, j.direction, j.target_newspaper, j.target_date, j.target_page,
           (SELECT p.id FROM pages p
             WHERE p.newspaper IS j.target_newspaper AND p.date IS j.target_date
               AND (p.page_no = j.target_page OR CAST(p.page_no AS INTEGER) = CAST(j.target_page AS INTEGER))
               AND j.target_newspaper IS NOT NULL
             ORDER BY p.id LIMIT 1) AS target_page_id
    FROM jump_links j WHERE j.page_id = ? ORDER BY j.position`);
  const pagesWithoutReading = db.prepare(
    'SELECT p.id FROM pages p LEFT JOIN page_readings r ON r.page_id = p.id WHERE r.page_id IS NULL ORDER BY p.id',
  );

  return {
    /** Replaces the engine's output for a page. Decisions are untouched: they live in their own table. */
    save(pageId: number, stored: StoredReading): void {
      upsertReading.run({
        pageId,
        engineVersion: stored.engineVersion,
        threshold: stored.threshold,
        reading: stored.reading,
        now: new Date().toISOString(),
      });
      deleteSuggestions.run(pageId);
      stored.suggestions.forEach((s, position) => {
        const { id, kind, confidence, applied, ...payload } = s;
        insertSuggestion.run(pageId, id, position, kind, confidence, applied ? 1 : 0, JSON.stringify(payload));
      });
      deleteJumps.run(pageId);
      stored.jumpLinks.forEach((j, position) => {
        insertJump.run(pageId, j.suggestionId, position, j.direction, j.newspaper, j.date, j.page);
      });
    },

    load(pageId: number): (StoredReading & { jumpLinks: JumpLink[] }) | undefined {
      const row = readingOf.get(pageId) as { engine_version: number; threshold: number; reading: string } | undefined;
      if (!row) return undefined;
      const suggestions = (
        suggestionsOf.all(pageId) as {
          suggestion_id: string;
          kind: SuggestionView['kind'];
          confidence: number;
          applied: number;
          payload: string;
        }[]
      ).map((r) => ({
        id: r.suggestion_id,
        kind: r.kind,
        confidence: r.confidence,
        applied: r.applied === 1,
        ...(JSON.parse(r.payload) as Pick<SuggestionView, 'reason' | 'target' | 'jump'>),
      }));
      const jumpLinks = (
        jumpsOf.all(pageId) as {
          suggestion_id: string;
          direction: JumpLink['direction'];
          target_newspaper: string | null;
          target_date: string | null;
          target_page: string;
          target_page_id: number | null;
        }[]
      ).map((j) => ({
        suggestionId: j.suggestion_id,
        direction: j.direction,
        newspaper: j.target_newspaper,
        date: j.target_date,
        page: j.target_page,
        targetPageId: j.target_page_id,
      }));
      return {
        engineVersion: row.engine_version,
        threshold: row.threshold,
        reading: row.reading,
        suggestions,
        jumpLinks,
      };
    },

    decisions(pageId: number): Record<string, Decision> {
      const out: Record<string, Decision> = {};
      for (const r of decisionsOf.all(pageId) as { suggestion_id: string; decision: Decision }[]) {
        out[r.suggestion_id] = r.decision;
      }
      return out;
    },

    decide(pageId: number, suggestionIds: readonly string[], decision: Decision | null): void {
      const now = new Date().toISOString();
      for (const id of suggestionIds) {
        if (decision === null) deleteDecision.run(pageId, id);
        else upsertDecision.run(pageId, id, decision, now);
      }
    },

    pagesWithoutReading(): number[] {
      return pagesWithoutReading.pluck().all() as number[];
    },
  };
}
