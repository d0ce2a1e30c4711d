// Public shapes of the layout-repair engine: what repairPage returns and what the CLI writes.
import type { BlockRole } from '../domain';

export interface RepairBlock {
  role: BlockRole;
  text: string;
  /** indices of the source fragments (blank-line chunks / lines) this block was built from */
  sources: number[];
}

/** In reading order; jump and furniture blocks are not in articles but in `RepairResult.removed`. */
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
  /** true when confidence >= 0.5 and the repair is included in `articles` ("best reading") */
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

export interface RepairOptions {
  /** apply half-width → full-width punctuation suggestions to the best reading (default false) */
  normalizePunctuation?: boolean;
}

/** The exact JSON shape the CLI writes and score-repair.mjs reads. */
export interface RepairJson {
  source: string;
  articles: { blocks: { role: string; text: string }[] }[];
  removed: { role: string; text: string }[];
  suggestions: Suggestion[];
}
