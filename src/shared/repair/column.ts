// Estimates the page's column width from its own fragment lengths, and how much "this fragment fills a
// column" says about a column break, so that evidence is weighed per page rather than by fixed rules.
//
// A fragment that ends mid-sentence was cut by a column break; the ones that started at the top of a column
// all fill it, so their widths pile up just below one value — the column width. Fragments that end a
// paragraph mostly have other widths. Counting both kinds inside the window gives the likelihood ratio
// P(full | column break) / P(full | paragraph end) for this page: large on a page like seed 003, about 1
// on a page whose paragraphs happen to be a column long, where "full" then proves nothing.

export interface ColumnSample {
  /** printed width in em (one Han character = 1) */
  width: number;
  /** how the fragment ends: 'break' = mid-sentence (cut by a column), 'end' = 。！？, 'other' = unknown */
  ending: 'break' | 'end' | 'other';
}

export interface ColumnEstimate {
  /** the column width in em, or 0 when the page shows no column */
  width: number;
  /** fragments from `min` to `max` wide count as full columns */
  min: number;
  max: number;
  /** fragments that end mid-sentence, inside the window */
  support: number;
  /** share of all prose fragments inside the window, 0..1 (near 1 when the page was OCR'd line by line) */
  share: number;
  /** log-likelihood ratio of "full" for a column break against a paragraph end (≥ 0) */
  fullLogLr: number;
  /** log-likelihood ratio of "shorter than the column" for a column break against a paragraph end (≤ 0) */
  shortLogLr: number;
}

export const NO_COLUMN: ColumnEstimate = {
  width: 0,
  min: 0,
  max: 0,
  support: 0,
  share: 0,
  fullLogLr: 0,
  shortLogLr: 0,
};

/** Tolerance below the column width that still counts as full: a cell or two, or 4% of long columns. */
export function columnTolerance(width: number): number {
  return Math.max(1.5, width * 0.04);
}

/**
 * Finds the column width. Linear in the number of fragments: widths are bucketed by half-em and every
 * window count is a difference of prefix sums.
 */
export function estimateColumn(samples: readonly ColumnSample[]): ColumnEstimate {
  const usable = samples.filter((s) => s.width >= 6);
  const breaks = usable.filter((s) => s.ending === 'break');
  if (breaks.length < 3) return NO_COLUMN;
  const maxW = Math.min(4000, Math.ceil(Math.max(...breaks.map((s) => s.width))));
  const buckets = new Int32Array(maxW * 2 + 2);
  for (const s of breaks) {
    const b = Math.min(buckets.length - 1, Math.round(s.width * 2));
    buckets[b] = (buckets[b] ?? 0) + 1;
  }
  const prefix = new Int32Array(buckets.length + 1);
  for (let i = 0; i < buckets.length; i++) prefix[i + 1] = (prefix[i] ?? 0) + (buckets[i] ?? 0);
  const count = (lo: number, hi: number): number => {
    const a = Math.max(0, Math.ceil(lo * 2));
    const b = Math.min(buckets.length - 1, Math.floor(hi * 2));
    return b < a ? 0 : (prefix[b + 1] ?? 0) - (prefix[a] ?? 0);
  };

  let best = { width: 0, support: 0 };
  for (let b = 12; b < buckets.length; b++) {
    if (!buckets[b]) continue;
    const w = b / 2;
    const support = count(w - columnTolerance(w), w + 1);
    // Prefer the wider window on ties: full columns are the longest fragments of their cluster.
    if (support > best.support || (support === best.support && w > best.width)) best = { width: w, support };
  }
  // Two fragments agree by chance on most pages; three, and a fifth of the column breaks, is a signal.
  if (best.support < 3 || best.support < 0.2 * breaks.length) return NO_COLUMN;
  const min = best.width - columnTolerance(best.width);
  const max = best.width + 1;
  const inWindow = (s: ColumnSample): boolean => s.width >= min && s.width <= max;
  const ends = usable.filter((s) => s.ending === 'end');
  const fullEnds = ends.filter(inWindow).length;
  const fullBreaks = breaks.filter(inWindow).length;
  const shortBreaks = breaks.filter((s) => s.width < min).length;
  const shortEnds = ends.filter((s) => s.width < min).length;
  // Add-half smoothing keeps a page with no full paragraph end from claiming certainty.
  const pFullBreak = (fullBreaks + 0.5) / (breaks.length + 1);
  const pFullEnd = (fullEnds + 0.5) / (ends.length + 1);
  const pShortBreak = (shortBreaks + 0.5) / (breaks.length + 1);
  const pShortEnd = (shortEnds + 0.5) / (ends.length + 1);
  return {
    width: best.width,
    min,
    max,
    support: best.support,
    share: usable.filter(inWindow).length / usable.length,
    fullLogLr: Math.max(0, Math.log(pFullBreak / pFullEnd)),
    shortLogLr: Math.min(0, Math.log(pShortBreak / pShortEnd)),
  };
}

/** True when a fragment of this width fills the column. */
export function isFullColumn(width: number, col: ColumnEstimate): boolean {
  return col.width > 0 && width >= col.min && width <= col.max;
}

/** True when a fragment is clearly shorter than the column. */
export function isShortOfColumn(width: number, col: ColumnEstimate): boolean {
  return col.width > 0 && width < col.min;
}
