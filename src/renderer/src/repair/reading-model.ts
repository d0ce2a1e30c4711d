// Pure logic behind the reading and its suggestions panel: a suggestion's state, the panel's filters and
// counts, keyboard selection, which blocks a suggestion points at, and the threshold as a percentage.
import type { PageReading, SuggestionView } from '../../../shared/api';
import type { BlockRole } from '../../../shared/domain';

/** What the researcher sees for a suggestion: their decision wins; otherwise whether the engine applied it. */
export type SuggestionState = 'auto' | 'pending' | 'accepted' | 'rejected';

export function suggestionState(s: Pick<SuggestionView, 'applied' | 'decision'>): SuggestionState {
  if (s.decision !== null) return s.decision;
  return s.applied ? 'auto' : 'pending';
}

export const SUGGESTION_FILTERS = ['all', 'pending', 'decided'] as const;
export type SuggestionFilter = (typeof SUGGESTION_FILTERS)[number];

export function matchesFilter(s: Pick<SuggestionView, 'applied' | 'decision'>, filter: SuggestionFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'decided') return s.decision !== null;
  return suggestionState(s) === 'pending';
}

export function filterSuggestions<S extends Pick<SuggestionView, 'applied' | 'decision'>>(
  suggestions: readonly S[],
  filter: SuggestionFilter,
): S[] {
  return suggestions.filter((s) => matchesFilter(s, filter));
}

export function countSuggestions(
  suggestions: readonly Pick<SuggestionView, 'applied' | 'decision'>[],
): Record<SuggestionFilter, number> {
  const counts: Record<SuggestionFilter, number> = { all: 0, pending: 0, decided: 0 };
  for (const s of suggestions) for (const filter of SUGGESTION_FILTERS) if (matchesFilter(s, filter)) counts[filter]++;
  return counts;
}

/** The ids "Accept all pending" sends, in the panel's order. */
export function pendingIds(suggestions: readonly Pick<SuggestionView, 'id' | 'applied' | 'decision'>[]): string[] {
  return filterSuggestions(suggestions, 'pending').map((s) => s.id);
}

/** j/k: the next or previous suggestion of the visible list; from no selection, the first or last. */
export function moveSelection(
  visible: readonly { id: string }[],
  selectedId: string | null,
  delta: 1 | -1,
): string | null {
  if (visible.length === 0) return null;
  const index = selectedId === null ? -1 : visible.findIndex((s) => s.id === selectedId);
  if (index < 0) return (delta > 0 ? visible[0] : visible[visible.length - 1])!.id;
  return visible[Math.min(visible.length - 1, Math.max(0, index + delta))]!.id;
}

/**
 * After a decision the selected suggestion may leave the filtered list (accepting one under "Pending"):
 * then the selection moves on to the next one still shown, else the previous one, else none.
 */
export function selectionAfterUpdate(
  before: readonly { id: string }[],
  after: readonly { id: string }[],
  selectedId: string | null,
): string | null {
  if (selectedId === null) return null;
  const still = new Set(after.map((s) => s.id));
  if (still.has(selectedId)) return selectedId;
  const index = before.findIndex((s) => s.id === selectedId);
  if (index < 0) return after[0]?.id ?? null;
  for (let i = index + 1; i < before.length; i++) if (still.has(before[i]!.id)) return before[i]!.id;
  for (let i = index - 1; i >= 0; i--) if (still.has(before[i]!.id)) return before[i]!.id;
  return after[0]?.id ?? null;
}

export type KeyAction = 'next' | 'previous' | 'accept' | 'reject' | 'undo';

/** The panel's keys; arrows only count while the panel has focus (elsewhere they scroll). */
export function keyAction(
  event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean },
  panelFocused: boolean,
): KeyAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'ArrowDown':
      return panelFocused ? 'next' : null;
    case 'ArrowUp':
      return panelFocused ? 'previous' : null;
    case 'a':
      return 'accept';
    case 'r':
      return 'reject';
    case 'u':
      return 'undo';
    default:
      return null;
  }
}

const HEADLINE_ROLES: ReadonlySet<BlockRole> = new Set(['kicker', 'headline', 'subtitle']);

export function isHeadlineRole(role: BlockRole): boolean {
  return HEADLINE_ROLES.has(role);
}

type Block = PageReading['articles'][number]['blocks'][number];

/** An article's blocks, with each run of kicker/headline/subtitle gathered into one headline stack. */
export type ReadingSegment =
  { kind: 'stack'; items: { block: Block; index: number }[] } | { kind: 'block'; block: Block; index: number };

export function segmentBlocks(blocks: readonly Block[]): ReadingSegment[] {
  const segments: ReadingSegment[] = [];
  blocks.forEach((block, index) => {
    if (!isHeadlineRole(block.role)) {
      segments.push({ kind: 'block', block, index });
      return;
    }
    const last = segments[segments.length - 1];
    if (last?.kind === 'stack') last.items.push({ block, index });
    else segments.push({ kind: 'stack', items: [{ block, index }] });
  });
  return segments;
}

/** Keys naming a block of the reading, for highlighting. */
export const articleBlockKey = (article: number, block: number): string => `article:${article}:${block}`;
export const removedBlockKey = (index: number): string => `removed:${index}`;

const FULL_WIDTH: Record<string, string> = {
  ',': '，',
  ';': '；',
  ':': '：',
  '!': '！',
  '?': '？',
  '(': '（',
  ')': '）',
};

/**
 * Text as compared for highlighting: without whitespace and with half-width punctuation made full-width,
 * so a punctuation suggestion's target (written full-width) still finds its block before it is applied.
 */
export function foldForMatch(text: string): string {
  return text.replace(/\s+/g, '').replace(/[,;:!?()]/g, (c) => FULL_WIDTH[c] ?? c);
}

/**
 * The blocks a suggestion points at. The reading carries no fragment indices, so only a suggestion with a
 * target text can be located: every block (article or set aside) containing that text.
 */
export function highlightedBlocks(
  reading: Pick<PageReading, 'articles' | 'removed'>,
  suggestion: SuggestionView | null,
): Set<string> {
  const keys = new Set<string>();
  const text = suggestion?.target.text;
  if (text === undefined) return keys;
  const needle = foldForMatch(text);
  if (needle === '') return keys;
  reading.articles.forEach((article, a) =>
    article.blocks.forEach((block, b) => {
      if (foldForMatch(block.text).includes(needle)) keys.add(articleBlockKey(a, b));
    }),
  );
  reading.removed.forEach((block, i) => {
    if (foldForMatch(block.text).includes(needle)) keys.add(removedBlockKey(i));
  });
  return keys;
}

/** Confidence as a whole percentage, rounded down so "90%" is never shown for 0.899 (below a 90% threshold). */
export function confidencePercent(confidence: number): number {
  return Math.floor(confidence * 100 + 1e-6);
}

export const THRESHOLD_MIN_PERCENT = 50;
export const THRESHOLD_MAX_PERCENT = 100;
export const DEFAULT_THRESHOLD_PERCENT = 90;

function clampPercent(percent: number): number {
  if (!Number.isFinite(percent)) return DEFAULT_THRESHOLD_PERCENT;
  return Math.min(THRESHOLD_MAX_PERCENT, Math.max(THRESHOLD_MIN_PERCENT, Math.round(percent)));
}

export function thresholdToPercent(threshold: number): number {
  return clampPercent(threshold * 100);
}

export function percentToThreshold(percent: number): number {
  return clampPercent(percent) / 100;
}
