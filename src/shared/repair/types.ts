// Public shapes of the layout-repair engine: what repairPage returns and what the CLI writes.
import type { BlockRole } from '../domain';

export interface RepairBlock {
  role: BlockRole;
  text: string;
  /** indices of the source fragments (blank-line chunks / lines) this block was built from */
  sources: number[];
}

/**
 * In reading order; applied jump and furniture suggestions put their text in `RepairResult.removed`, not in
 * articles (when not applied, it stays in the article as body blocks).
 */
export interface RepairArticle {
  blocks: RepairBlock[];
}

export type SuggestionKind =
  | 'merge'
  | 'set-role'
  | 'mark-jump'
  | 'mark-furniture'
  | 'move-block'
  | 'split-article'
  | 'ocr-latin'
  | 'ocr-doubled'
  | 'normalize-punctuation';

export interface SuggestionTarget {
  fragments: number[];
  /** UTF-16 offset in the first listed fragment's text */
  start?: number;
  /** UTF-16 offset (exclusive) in the last listed fragment's text */
  end?: number;
  role?: BlockRole;
  text?: string;
}

export interface Suggestion {
  /** stable for the same input, so a stored human decision can be matched when the engine re-runs */
  id: string;
  kind: SuggestionKind;
  target: SuggestionTarget;
  /** 0..1 */
  confidence: number;
  /**
   * Whether the repair is part of this reading (`articles`, `removed`): the human decision when there is one,
   * otherwise confidence >= `RepairOptions.threshold` (0.5 by default, the "best reading"). OCR suspects are
   * applied only when accepted, punctuation when accepted or asked for (see `RepairOptions`).
   */
  applied: boolean;
  /** i18n key in repair-reasons.ts and its interpolation parameters */
  reason: { key: string; params: Record<string, string | number> };
  /** for mark-jump: the page it points to, e.g. "2", "04", "A2" */
  jump?: { direction: 'continued-on' | 'continued-from'; page: string };
}

export interface RemovedBlock {
  role: 'jump' | 'furniture';
  text: string;
  sources: number[];
}

export interface RepairResult {
  /** the page's non-empty lines, trimmed; `sources` and suggestion targets index into this list */
  fragments: string[];
  articles: RepairArticle[];
  removed: RemovedBlock[];
  suggestions: Suggestion[];
}

export type SuggestionDecision = 'accepted' | 'rejected';

/**
 * Which suggestions the reading is built with. A suggestion with a decision follows it; one without is
 * applied when its confidence is at least `threshold`, except OCR suspects (applied only when accepted) and
 * punctuation (applied when `normalizePunctuation` is set). The suggestion list itself — ids, kinds, targets,
 * confidences, reasons — does not depend on any of these options except `normalizePunctuation`, which can
 * change where OCR suspects are looked for in the text; only `applied` and the reading change.
 */
export interface RepairOptions {
  /** apply half-width → full-width punctuation suggestions that have no decision (default false) */
  normalizePunctuation?: boolean;
  /**
   * A suggestion without a decision is applied when its confidence >= threshold.
   * @default 0.5 (the "best reading")
   */
  threshold?: number;
  /** Human decisions by suggestion id; they override confidence and threshold. Unknown ids are ignored. */
  decisions?: Readonly<Record<string, SuggestionDecision>>;
}

/** The exact JSON shape the CLI writes and score-repair.mjs reads. */
export interface RepairJson {
  source: string;
  articles: { blocks: { role: string; text: string }[] }[];
  removed: { role: string; text: string }[];
  suggestions: Suggestion[];
}
