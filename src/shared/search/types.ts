// The search API's arguments and results as zod schemas, so IPC, HTTP and the CLI validate them the same way.
import { z } from 'zod';

import { BLOCK_ROLES, PAGE_STATUSES } from '../domain';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const SEARCH_SOURCES = ['corrected', 'original'] as const;
export type SearchSource = (typeof SEARCH_SOURCES)[number];

export const SearchFiltersSchema = z.object({
  newspaper: z.string().max(200).optional(),
  /** Inclusive, YYYY-MM-DD; pages without a date are left out once either bound is set. */
  dateFrom: isoDate.optional(),
  dateTo: isoDate.optional(),
  status: z.enum(PAGE_STATUSES).optional(),
  /** Block role; the original text has no roles, so this finds nothing with source 'original'. */
  role: z.enum(BLOCK_ROLES).optional(),
  /** Only pages with at least one span of this label (`true`: of any label). */
  hasLabel: z.union([z.string().min(1).max(100), z.literal(true)]).optional(),
  /** Which text to search: the corrected text (default) or the original OCR text. */
  source: z.enum(SEARCH_SOURCES).optional(),
});
export type SearchFilters = z.infer<typeof SearchFiltersSchema>;

export const SearchArgsSchema = z.object({
  query: z.string().min(1).max(1000),
  filters: SearchFiltersSchema.default({}),
  offset: z.number().int().nonnegative().max(100_000).default(0),
  limit: z.number().int().positive().max(500).default(50),
  /** Also count the distinct pages of the hits (a lookup per hit, so only when asked: the UI's first block). */
  countPages: z.boolean().optional(),
});
export type SearchArgs = z.input<typeof SearchArgsSchema>;

/** Plain text around the match; the renderer marks `match` itself — never HTML. */
export const SnippetSchema = z.object({ before: z.string(), match: z.string(), after: z.string() });
export type Snippet = z.infer<typeof SnippetSchema>;

export const SearchHitSchema = z.object({
  pageId: z.number().int().positive(),
  fileName: z.string(),
  newspaper: z.string().nullable(),
  date: z.string().nullable(),
  pageNo: z.string().nullable(),
  source: z.enum(SEARCH_SOURCES),
  /** The document block id (`p<page>-b<n>` before the first save); 'original' for the original text. */
  blockKey: z.string(),
  articleIndex: z.number().int().nonnegative().nullable(),
  blockIndex: z.number().int().nonnegative().nullable(),
  role: z.enum(BLOCK_ROLES).nullable(),
  snippet: SnippetSchema,
  /** UTF-16 offsets of the first match in the block's text (the whole original text for 'original'). */
  matchStart: z.number().int().nonnegative(),
  matchEnd: z.number().int().nonnegative(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z.object({
  /** Matching blocks (original text: matching pages). */
  total: z.number().int().nonnegative(),
  /** Pages holding the matching blocks; only when `countPages` was asked. */
  pages: z.number().int().nonnegative().optional(),
  hits: z.array(SearchHitSchema),
  /** How it was answered: 'trigram' index (every term 3+ characters) or 'scan' of the text (some term of 1–2). */
  index: z.enum(['trigram', 'scan']),
  tookMs: z.number().nonnegative(),
  /** Present while the index is still being built in the background: results cover `done` of `total` pages. */
  indexing: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).optional(),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const SpanSearchArgsSchema = z.object({
  label: z.string().min(1).max(100).optional(),
  /** The span's text exactly. */
  text: z.string().min(1).max(1000).optional(),
  /** A substring of the span's text (no wildcards: % and _ are literal). */
  textLike: z.string().min(1).max(1000).optional(),
  newspaper: z.string().max(200).optional(),
  dateFrom: isoDate.optional(),
  dateTo: isoDate.optional(),
  status: z.enum(PAGE_STATUSES).optional(),
  offset: z.number().int().nonnegative().max(100_000).default(0),
  limit: z.number().int().positive().max(1000).default(100),
});
export type SpanSearchArgs = z.input<typeof SpanSearchArgsSchema>;

export const SpanHitSchema = z.object({
  pageId: z.number().int().positive(),
  fileName: z.string(),
  newspaper: z.string().nullable(),
  date: z.string().nullable(),
  pageNo: z.string().nullable(),
  spanId: z.string(),
  blockId: z.string(),
  articleIndex: z.number().int().nonnegative(),
  label: z.string(),
  text: z.string(),
  /** UTF-16 offsets in the block's text. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  entityId: z.string().nullable(),
  origin: z.string(),
  /** The span in its block's context (plain text, never HTML); null when the block is not in the index. */
  snippet: SnippetSchema.nullable(),
});
export type SpanHit = z.infer<typeof SpanHitSchema>;

export const SpanSearchResultSchema = z.object({
  total: z.number().int().nonnegative(),
  hits: z.array(SpanHitSchema),
  tookMs: z.number().nonnegative(),
});
export type SpanSearchResult = z.infer<typeof SpanSearchResultSchema>;

export const SearchIndexStatusSchema = z.object({
  state: z.enum(['built', 'building', 'stale']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type SearchIndexStatus = z.infer<typeof SearchIndexStatusSchema>;
