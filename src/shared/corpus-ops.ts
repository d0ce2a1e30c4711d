// Corpus-wide operations on page documents: find a string in every page's corrected text, replace chosen hits
// (fixing an OCR error pattern everywhere, as PoCoTo does) and tag chosen occurrences with a label. The schemas
// of their arguments and results, referenced by ApiMethods.
import { z } from 'zod';

import { BLOCK_ROLES, PAGE_STATUSES } from './domain';
import { SnippetSchema } from './search/types';

const pageId = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
/** Exported blocks are single lines: a find or replacement text holding a line break could never match. */
const oneLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\r\n]/.test(s), 'a line break cannot be searched for or inserted');

export const CorpusScopeSchema = z
  .object({
    newspaper: z.string().max(200).optional(),
    status: z.enum(PAGE_STATUSES).optional(),
    /** Inclusive, YYYY-MM-DD; pages without a date are left out once either bound is set. */
    dateFrom: isoDate.optional(),
    dateTo: isoDate.optional(),
  })
  .strict();
export type CorpusScope = z.infer<typeof CorpusScopeSchema>;

/** Where a hit was listed: the page's revision then, the block and the UTF-16 offsets in its text. */
export const CorpusHitRefSchema = z
  .object({
    pageId,
    /** The page's document revision when the hit was listed (0: never saved); a different one now skips it. */
    revision: z.number().int().nonnegative(),
    blockId: z.string().min(1).max(200),
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
  })
  .strict();
export type CorpusHitRef = z.infer<typeof CorpusHitRefSchema>;

export const CorpusFindArgsSchema = z
  .object({
    text: oneLine(1000).pipe(z.string().min(1)),
    /** Off by default: case-insensitively (Latin letters in OCR text are often in the wrong case). */
    matchCase: z.boolean().default(false),
    scope: CorpusScopeSchema.default({}),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().positive().max(5000).default(500),
  })
  .strict();
export type CorpusFindArgs = z.input<typeof CorpusFindArgsSchema>;

export const CorpusHitSchema = CorpusHitRefSchema.extend({
  fileName: z.string(),
  newspaper: z.string().nullable(),
  date: z.string().nullable(),
  pageNo: z.string().nullable(),
  articleIndex: z.number().int().nonnegative(),
  blockIndex: z.number().int().nonnegative(),
  role: z.enum(BLOCK_ROLES),
  /** Plain text around the hit (never HTML). */
  snippet: SnippetSchema,
  /** The existing span this hit touches, if any: `exact` when it covers exactly the hit. */
  span: z
    .object({ id: z.string(), label: z.string(), start: z.number().int(), end: z.number().int(), exact: z.boolean() })
    .nullable(),
});
export type CorpusHit = z.infer<typeof CorpusHitSchema>;

export const CorpusFindResultSchema = z.object({
  /** Every hit in scope (hits are listed from `offset`, at most `limit`). */
  total: z.number().int().nonnegative(),
  /** Pages holding at least one hit. */
  pages: z.number().int().nonnegative(),
  hits: z.array(CorpusHitSchema),
});
export type CorpusFindResult = z.infer<typeof CorpusFindResultSchema>;

export const CorpusReplaceArgsSchema = z
  .object({
    text: oneLine(1000).pipe(z.string().min(1)),
    replacement: oneLine(1000),
    matchCase: z.boolean().default(false),
    /** The hits to replace, as corpus.findText listed them; or `all` for every hit in `scope` now. */
    hits: z.array(CorpusHitRefSchema).max(100_000).optional(),
    all: z.literal(true).optional(),
    scope: CorpusScopeSchema.default({}),
  })
  .strict()
  .refine((a) => (a.hits !== undefined) !== (a.all !== undefined), 'give either hits or all: true');
export type CorpusReplaceArgs = z.input<typeof CorpusReplaceArgsSchema>;

/** Why a page (replace) or a hit (tag) was left alone. */
export const CORPUS_SKIP_REASONS = [
  /** The page was saved since the hit was listed. */
  'changed',
  /** The block is gone, or its text at the hit is no longer the text looked for. */
  'moved',
  /** Two selected hits overlap. */
  'overlapping',
  /** Tagging: the hit overlaps an existing span. */
  'overlap',
  /** Tagging: a span with this label already covers exactly the hit. */
  'tagged',
] as const;
export type CorpusSkipReason = (typeof CORPUS_SKIP_REASONS)[number];

export const CorpusPageResultSchema = z.object({
  pageId,
  fileName: z.string(),
  /** Hits replaced or tagged on this page (0 when it was skipped). */
  done: z.number().int().nonnegative(),
  skipped: z.array(z.object({ blockId: z.string(), start: z.number().int(), reason: z.enum(CORPUS_SKIP_REASONS) })),
  /** The page's revision after the operation (unchanged when nothing was done). */
  revision: z.number().int().nonnegative(),
  /** Spans the replacement cut or deleted, now on the page's needs-review list. */
  needsReview: z.number().int().nonnegative(),
});
export type CorpusPageResult = z.infer<typeof CorpusPageResultSchema>;

export const CorpusOpResultSchema = z.object({
  /** Hits replaced or tagged, over all pages. */
  done: z.number().int().nonnegative(),
  /** Pages that got a new revision. */
  pagesChanged: z.number().int().nonnegative(),
  /** Hits left alone, over all pages. */
  skipped: z.number().int().nonnegative(),
  pages: z.array(CorpusPageResultSchema),
});
export type CorpusOpResult = z.infer<typeof CorpusOpResultSchema>;

export const CorpusTagArgsSchema = z
  .object({
    label: z.string().min(1).max(100),
    /** The text every hit must still cover exactly. */
    text: oneLine(1000).pipe(z.string().min(1)),
    hits: z.array(CorpusHitRefSchema).min(1).max(100_000),
    entityId: z.string().min(1).max(200).nullable().optional(),
  })
  .strict();
export type CorpusTagArgs = z.input<typeof CorpusTagArgsSchema>;
