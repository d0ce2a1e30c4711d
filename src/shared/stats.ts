// The statistics API's arguments and results as zod schemas, shared by the services, the CLI and the view.
import { z } from 'zod';

import { PAGE_STATUSES } from './domain';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const STATS_GRANULARITIES = ['auto', 'day', 'month', 'year'] as const;
export type StatsGranularityArg = (typeof STATS_GRANULARITIES)[number];
export type StatsGranularity = Exclude<StatsGranularityArg, 'auto'>;

export const StatsFiltersSchema = z.strictObject({
  newspaper: z.string().max(200).optional(),
  /** Inclusive, YYYY-MM-DD; pages without a date are left out once either bound is set. */
  dateFrom: isoDate.optional(),
  dateTo: isoDate.optional(),
  status: z.enum(PAGE_STATUSES).optional(),
  /** Only spans of this label (span sections); page sections ignore it. */
  label: z.string().min(1).max(100).optional(),
});
export type StatsFilters = z.infer<typeof StatsFiltersSchema>;

export const StatsArgsSchema = z.strictObject({
  filters: StatsFiltersSchema.default({}),
  /** Entities listed per label. */
  top: z.number().int().min(1).max(100).default(10),
  /** The most frequent entities of `cooccurrenceLabel` in the co-occurrence matrix. */
  persons: z.number().int().min(2).max(30).default(10),
  cooccurrenceLabel: z.string().min(1).max(100).default('PER'),
  /** Period of the timeline; 'auto' picks day, month or year from the dates of the filtered pages. */
  granularity: z.enum(STATS_GRANULARITIES).default('auto'),
});
export type StatsArgs = z.input<typeof StatsArgsSchema>;

const count = z.number().int().nonnegative();
const granularity = z.enum(['day', 'month', 'year']);

export const StatsResultSchema = z.object({
  totals: z.object({
    pages: count,
    /** Code points of the pages' original text. */
    chars: count,
    spans: count,
    /** Distinct entities (span text + label). */
    entities: count,
    pagesWithSpans: count,
    newspapers: count,
    firstDate: z.string().nullable(),
    lastDate: z.string().nullable(),
    undatedPages: count,
  }),
  /** Spans per label, in the order of the label set, then labels no longer in the set. */
  labels: z.array(z.object({ label: z.string(), color: z.string().nullable(), spans: count, pages: count })),
  /** The most frequent entities of each label with spans: mentions and pages mentioning them. */
  topEntities: z.array(
    z.object({ label: z.string(), entities: z.array(z.object({ text: z.string(), count, pages: count })) }),
  ),
  /** Mentions per label over time by page date (dated pages only); periods are contiguous, gaps are 0. */
  timeline: z.object({
    granularity,
    periods: z.array(z.string()),
    series: z.array(z.object({ label: z.string(), counts: z.array(count) })),
  }),
  /**
   * Articles in which two of the top entities of `label` both appear; the diagonal is the articles that
   * mention each one.
   */
  cooccurrence: z.object({
    label: z.string(),
    entities: z.array(z.object({ text: z.string(), count })),
    matrix: z.array(z.array(count)),
  }),
  /** Pages and their characters per status, in workflow order. */
  progress: z.array(z.object({ status: z.enum(PAGE_STATUSES), pages: count, chars: count })),
  tookMs: z.number().nonnegative(),
});
export type StatsResult = z.infer<typeof StatsResultSchema>;

export const TermStatsArgsSchema = z.strictObject({
  /** Search syntax (words, "phrases", OR, -word); 1–2 character terms are found by a scan of the text. */
  query: z.string().min(1).max(1000),
  filters: StatsFiltersSchema.omit({ label: true }).default({}),
  granularity: z.enum(STATS_GRANULARITIES).default('auto'),
});
export type TermStatsArgs = z.input<typeof TermStatsArgsSchema>;

export const TermStatsResultSchema = z.object({
  query: z.string(),
  index: z.enum(['trigram', 'scan']),
  granularity,
  periods: z.array(z.string()),
  /** Occurrences of the query's (positive) terms in the corrected text of dated pages, per period. */
  occurrences: z.array(count),
  /** Corrected blocks that match the query, per period. */
  blocks: z.array(count),
  /** Pages with a matching block, per period. */
  pages: z.array(count),
  total: z.object({ occurrences: count, blocks: count, pages: count }),
  tookMs: z.number().nonnegative(),
  /** Present while the search index is still being built: counts cover `done` of `total` pages. */
  indexing: z.object({ done: count, total: count }).optional(),
});
export type TermStatsResult = z.infer<typeof TermStatsResultSchema>;

/** The periods from the one holding `first` to the one holding `last` (YYYY-MM-DD), gaps included. */
export function periodRange(first: string, last: string, unit: StatsGranularity): string[] {
  const out: string[] = [];
  if (unit === 'year') {
    for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) out.push(String(y).padStart(4, '0'));
    return out;
  }
  if (unit === 'month') {
    let y = Number(first.slice(0, 4));
    let m = Number(first.slice(5, 7));
    const end = last.slice(0, 7);
    for (;;) {
      const key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
      if (key > end) break;
      out.push(key);
      if (++m > 12) {
        m = 1;
        y++;
      }
    }
    return out;
  }
  const day = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || Number.isNaN(end.getTime())) return [];
  while (day <= end) {
    out.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

/** Day for up to ~2 months of dates, month for up to 6 years, else year. */
export function autoGranularity(first: string | null, last: string | null): StatsGranularity {
  if (first === null || last === null) return 'month';
  const days = (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000;
  if (!(days >= 0)) return 'month';
  if (days <= 62) return 'day';
  if (days <= 6 * 366) return 'month';
  return 'year';
}
