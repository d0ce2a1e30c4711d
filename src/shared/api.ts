// The one API contract: every method the services implement, with the schema of its arguments and
// result. Electron IPC, loopback HTTP and direct calls all go through `ApiMethods` and nothing else.
import { z } from 'zod';

import {
  CorpusFindArgsSchema,
  CorpusFindResultSchema,
  CorpusOpResultSchema,
  CorpusReplaceArgsSchema,
  CorpusTagArgsSchema,
} from './corpus-ops';
import { PageDocumentSchema } from './document/model';
import { DocumentPatchSchema } from './document/patch';
import { EntityApiMethods } from './entities/types';
import { BLOCK_ROLES, IMPORT_FAILURE_CODES, PAGE_ENCODINGS, PAGE_STATUSES } from './domain';
import {
  SearchArgsSchema,
  SearchIndexStatusSchema,
  SearchResultSchema,
  SpanSearchArgsSchema,
  SpanSearchResultSchema,
} from './search/types';
import { StatsArgsSchema, StatsResultSchema, TermStatsArgsSchema, TermStatsResultSchema } from './stats';

const pageId = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const PageSummarySchema = z.object({
  id: pageId,
  fileName: z.string(),
  newspaper: z.string().nullable(),
  date: z.string().nullable(),
  pageNo: z.string().nullable(),
  status: z.enum(PAGE_STATUSES),
  /** Length of the original text in Unicode code points. */
  chars: z.number().int().nonnegative(),
  encoding: z.enum(PAGE_ENCODINGS),
  importedAt: z.string(),
});
export type PageSummary = z.infer<typeof PageSummarySchema>;

export const PageDetailSchema = PageSummarySchema.extend({
  sha256: z.string(),
  sourcePath: z.string().nullable(),
  originalText: z.string(),
});
export type PageDetail = z.infer<typeof PageDetailSchema>;

export const PAGE_SORT_KEYS = ['fileName', 'newspaper', 'date', 'pageNo', 'status', 'chars', 'importedAt'] as const;
export type PageSortKey = (typeof PAGE_SORT_KEYS)[number];

export const PageListArgsSchema = z.object({
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(1000).default(200),
  sort: z.enum(PAGE_SORT_KEYS).default('fileName'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  /** Case-insensitive substring of file name or newspaper. */
  text: z.string().max(200).optional(),
  status: z.enum(PAGE_STATUSES).optional(),
  newspaper: z.string().max(200).optional(),
});
export type PageListArgs = z.input<typeof PageListArgsSchema>;

export const ImportFailureSchema = z.object({
  file: z.string(),
  code: z.enum(IMPORT_FAILURE_CODES),
  reason: z.string(),
});
export type ImportFailure = z.infer<typeof ImportFailureSchema>;

export const ImportReportSchema = z.object({
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  duplicateFiles: z.array(z.object({ file: z.string(), existingPageId: pageId.nullable() })),
  failed: z.array(ImportFailureSchema),
  cancelled: z.boolean(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ImportJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  /** Reading files into the corpus, then running layout repair on the new pages. */
  phase: z.enum(['importing', 'repairing']),
  /** Files looked at so far, and the total once the folders have been walked (null while walking). */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  current: z.string().nullable(),
  report: ImportReportSchema,
  error: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

export const CorpusInfoSchema = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  pages: z.number().int().nonnegative(),
  newspapers: z.array(z.object({ name: z.string(), pages: z.number().int() })),
  byStatus: z.record(z.enum(PAGE_STATUSES), z.number().int()),
  sizeBytes: z.number().int().nonnegative(),
  createdAt: z.string().nullable(),
});
export type CorpusInfo = z.infer<typeof CorpusInfoSchema>;

/** Base64 of one file's bytes as the browser read it; `name` may carry a relative folder path. */
const UploadedFileSchema = z.object({
  name: z.string().min(1).max(1024),
  dataBase64: z.string(),
});

const SUGGESTION_KINDS = [
  'merge',
  'set-role',
  'mark-jump',
  'mark-furniture',
  'move-block',
  'split-article',
  'ocr-latin',
  'ocr-doubled',
  'normalize-punctuation',
] as const;

export const SuggestionViewSchema = z.object({
  id: z.string(),
  kind: z.enum(SUGGESTION_KINDS),
  confidence: z.number().min(0).max(1),
  /** Whether the reading shows this suggestion applied (by decision, or by confidence ≥ threshold). */
  applied: z.boolean(),
  /** The human decision, if any; it always wins over the engine. */
  decision: z.enum(['accepted', 'rejected']).nullable(),
  reason: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  target: z.object({
    fragments: z.array(z.number().int()),
    start: z.number().int().optional(),
    end: z.number().int().optional(),
    role: z.enum(BLOCK_ROLES).optional(),
    text: z.string().optional(),
  }),
  jump: z.object({ direction: z.enum(['continued-on', 'continued-from']), page: z.string() }).optional(),
});
export type SuggestionView = z.infer<typeof SuggestionViewSchema>;

export const JumpLinkSchema = z.object({
  suggestionId: z.string(),
  direction: z.enum(['continued-on', 'continued-from']),
  newspaper: z.string().nullable(),
  date: z.string().nullable(),
  page: z.string(),
  /** The corpus page it points to, when that page has been imported. */
  targetPageId: pageId.nullable(),
});
export type JumpLink = z.infer<typeof JumpLinkSchema>;

export const PageReadingSchema = z.object({
  pageId,
  engineVersion: z.number().int(),
  threshold: z.number().min(0).max(1),
  articles: z.array(z.object({ blocks: z.array(z.object({ role: z.enum(BLOCK_ROLES), text: z.string() })) })),
  removed: z.array(z.object({ role: z.enum(['jump', 'furniture']), text: z.string() })),
  suggestions: z.array(SuggestionViewSchema),
  jumpLinks: z.array(JumpLinkSchema),
});
export type PageReading = z.infer<typeof PageReadingSchema>;

export const SettingsSchema = z.object({
  /** Suggestions at or above this confidence are applied when a page is repaired. */
  repairThreshold: z.number().min(0).max(1),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** A span an edit cut through, deleted or extended: kept on the page's "needs review" list until resolved. */
export const SpanReviewItemSchema = z.strictObject({
  spanId: z.string().min(1).max(200),
  label: z.string().min(1).max(40),
  reason: z.enum(['cut', 'deleted', 'extended']),
  /** The span's text before the edit. */
  oldText: z.string().max(10_000),
  /** Where the span is now; null when its text was deleted. */
  blockId: z.string().max(200).nullable(),
});
export type SpanReviewItem = z.infer<typeof SpanReviewItemSchema>;

export const DocumentStateSchema = z.object({
  pageId,
  /** 0 while the page has never been saved: the document is then built from the current repair reading. */
  revision: z.number().int().nonnegative(),
  document: PageDocumentSchema,
  review: z.array(SpanReviewItemSchema),
  savedAt: z.string().nullable(),
});
export type DocumentState = z.infer<typeof DocumentStateSchema>;

export const RevisionSummarySchema = z.object({
  revision: z.number().int().positive(),
  savedAt: z.string(),
  spans: z.number().int().nonnegative(),
  chars: z.number().int().nonnegative(),
});
export type RevisionSummary = z.infer<typeof RevisionSummarySchema>;

export const LABEL_NAME = /^[A-Za-z0-9_\-\u3400-\u9fff]{1,40}$/u;
export const LabelSchema = z.strictObject({
  name: z.string().regex(LABEL_NAME, 'a label is 1–40 letters, digits, _ or -'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #RRGGBB'),
  /** "1"–"9", or null for no hotkey. */
  hotkey: z
    .string()
    .regex(/^[1-9]$/)
    .nullable(),
});
export type Label = z.infer<typeof LabelSchema>;
export const LabelWithUsageSchema = LabelSchema.extend({ spans: z.number().int().nonnegative() });
export type LabelWithUsage = z.infer<typeof LabelWithUsageSchema>;

/** Export names come from the exporter's list (the service checks them), so a new format needs no change here. */
const exportFormat = z.string().regex(/^[a-z0-9-]{1,40}$/, 'an export format name');

export const ExportOptionsSchema = z.strictObject({
  /** txt and md: one file per page (default) or one corpus file. */
  perPage: z.boolean().optional(),
  /** csv: prefix ' to text cells a spreadsheet would run as a formula (= + - @ tab CR); on unless false. */
  csvFormulaGuard: z.boolean().optional(),
  /** archive: deflate the corpus snapshot (a smaller zip, about four times slower); stored by default. */
  archiveCompress: z.boolean().optional(),
  /** doccano: one record per article (default) or per page. */
  doccanoUnit: z.enum(['article', 'page']).optional(),
  /** conll: tag scheme and columns. */
  scheme: z.enum(['BIO', 'BIOES']).optional(),
  columns: z.union([z.literal(2), z.literal(4)]).optional(),
  /** Train/dev/test split by article: a seed and three proportions (normalised, not all zero). */
  split: z
    .strictObject({
      seed: z.number().int().nonnegative().max(2_147_483_647),
      train: z.number().min(0).max(1000),
      dev: z.number().min(0).max(1000),
      test: z.number().min(0).max(1000),
    })
    .refine((s) => s.train + s.dev + s.test > 0, 'the split proportions must not all be zero')
    .optional(),
});
export type ExportOptions = z.infer<typeof ExportOptionsSchema>;

/** What to export: the whole corpus, the pages matching a filter, or given pages (the page being viewed). */
export const ExportScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('corpus') }),
  z.strictObject({
    kind: z.literal('filter'),
    status: z.array(z.enum(PAGE_STATUSES)).max(PAGE_STATUSES.length).optional(),
    newspaper: z.string().min(1).max(200).optional(),
    dateFrom: isoDate.optional(),
    dateTo: isoDate.optional(),
    label: z.string().regex(LABEL_NAME).optional(),
  }),
  z.strictObject({ kind: z.literal('pages'), pageIds: z.array(pageId).min(1).max(10_000) }),
]);
export type ExportScope = z.infer<typeof ExportScopeSchema>;

export const ExportJobSchema = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  /** Counting the pages in scope, then writing them. */
  phase: z.enum(['preparing', 'exporting']),
  format: z.string(),
  /** Pages written so far, and in scope (null until counted); bytes of the snapshot for the archive. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  unit: z.enum(['pages', 'bytes']).default('pages'),
  /** What was written: complete files for the pages done, also when cancelled. */
  summary: z.object({
    files: z.number().int().nonnegative(),
    pages: z.number().int().nonnegative(),
    articles: z.number().int().nonnegative(),
    spans: z.number().int().nonnegative(),
    /** The folder written into, absolute. */
    outDir: z.string(),
  }),
  error: z.string().nullable(),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;

export const ExportDefaultsSchema = z.object({
  /** The formats the exporter writes, in its order. */
  formats: z.array(z.string()),
  /** A fresh folder for the next export: exports/<corpus name>-<date>, under Documents/Galley or the data folder. */
  outDir: z.string(),
  corpusName: z.string(),
});
export type ExportDefaults = z.infer<typeof ExportDefaultsSchema>;

const empty = z.object({}).strict();

/** Method name → argument and result schemas. Add a method here first; the services must implement it. */
/** Annotated dataset formats `import.annotations` reads (same as `galley import --format`). */
export const ANNOTATION_IMPORT_FORMATS = ['doccano', 'brat', 'labelstudio'] as const;
/** Per file and all together, in UTF-16 units; 30 Mi Chinese characters are ~90 MB of UTF-8, under the web body limit. */
export const ANNOTATION_FILE_MAX_CHARS = 16 * 1024 * 1024;
export const ANNOTATION_FILES_MAX_CHARS = 30 * 1024 * 1024;

/** A relative path of plain segments: no absolute path, drive letter, '.', '..', empty segment or control character. */
export function isSafeRelativeName(name: string): boolean {
  const path = name.replace(/\\/g, '/');
  // eslint-disable-next-line no-control-regex -- names come from the renderer
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path) || /[\u0000-\u001f\u007f]/.test(path)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

export const AnnotationUploadSchema = z.strictObject({
  /** The file's path relative to what the user picked (a folder keeps its layout); '/' or '\\' separated. */
  name: z.string().min(1).max(1024).refine(isSafeRelativeName, 'a file name must be a relative path without ..'),
  text: z.string().max(ANNOTATION_FILE_MAX_CHARS),
});

export const AnnotationImportReportSchema = z.object({
  imported: z.number().int().nonnegative(),
  attached: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  labelsAdded: z.array(z.string()),
  failed: z.array(z.object({ file: z.string(), line: z.number().int().nonnegative(), reason: z.string() })),
});
export type AnnotationImportReport = z.infer<typeof AnnotationImportReportSchema>;

export const ApiMethods = {
  'corpus.info': { args: empty, result: CorpusInfoSchema },
  'pages.list': {
    args: PageListArgsSchema.strict(),
    result: z.object({ total: z.number().int().nonnegative(), rows: z.array(PageSummarySchema) }),
  },
  'pages.get': { args: z.object({ id: pageId }).strict(), result: PageDetailSchema },
  'pages.updateMeta': {
    args: z
      .object({
        id: pageId,
        newspaper: z.string().trim().max(200).nullable().optional(),
        date: isoDate.nullable().optional(),
        pageNo: z.string().trim().max(20).nullable().optional(),
      })
      .strict(),
    result: PageSummarySchema,
  },
  'pages.setStatus': {
    args: z.object({ id: pageId, status: z.enum(PAGE_STATUSES) }).strict(),
    result: PageSummarySchema,
  },
  'pages.newspapers': { args: empty, result: z.array(z.string()) },
  'import.start': {
    args: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }).strict(),
    result: ImportJobSchema,
  },
  'import.upload': {
    args: z.object({ files: z.array(UploadedFileSchema).min(1).max(10_000) }).strict(),
    result: ImportJobSchema,
  },
  'import.sample': { args: empty, result: ImportJobSchema },
  'import.annotations': {
    args: z
      .strictObject({
        format: z.enum(ANNOTATION_IMPORT_FORMATS),
        files: z.array(AnnotationUploadSchema).min(1).max(10_000),
      })
      .refine((a) => a.files.reduce((n, f) => n + f.text.length, 0) <= ANNOTATION_FILES_MAX_CHARS, {
        message: 'the files are too large together',
      })
      .refine((a) => new Set(a.files.map((f) => f.name.replace(/\\/g, '/'))).size === a.files.length, {
        message: 'two files have the same name',
      }),
    result: AnnotationImportReportSchema,
  },
  'import.status': { args: z.object({ jobId: z.string().max(64) }).strict(), result: ImportJobSchema },
  'import.cancel': { args: z.object({ jobId: z.string().max(64) }).strict(), result: ImportJobSchema },
  'repair.reading': { args: z.object({ pageId }).strict(), result: PageReadingSchema },
  'repair.decide': {
    args: z
      .object({
        pageId,
        suggestionIds: z.array(z.string().min(1).max(200)).min(1).max(10_000),
        /** null withdraws an earlier decision, leaving the suggestion to the threshold again. */
        decision: z.enum(['accepted', 'rejected']).nullable(),
      })
      .strict(),
    result: PageReadingSchema,
  },
  'document.get': { args: z.object({ pageId }).strict(), result: DocumentStateSchema },
  'document.save': {
    args: z
      .object({
        pageId,
        /** The revision the editor started from; a different current revision is a conflict (409). */
        baseRevision: z.number().int().nonnegative(),
        /** The whole document, or instead… */
        document: PageDocumentSchema.optional(),
        /** …only the blocks changed since baseRevision, the others named by id (document/patch.ts). */
        changes: DocumentPatchSchema.optional(),
        review: z.array(SpanReviewItemSchema).max(10_000),
      })
      .strict()
      .refine((a) => (a.document === undefined) !== (a.changes === undefined), {
        message: 'give either document or changes',
      }),
    /** `status`: the page's status after the save (a first edit or span moves it forward, page-status.ts). */
    result: z.object({
      revision: z.number().int().positive(),
      savedAt: z.string(),
      status: z.enum(PAGE_STATUSES).optional(),
    }),
  },
  'document.revisions': { args: z.object({ pageId }).strict(), result: z.array(RevisionSummarySchema) },
  'document.revision': {
    args: z.object({ pageId, revision: z.number().int().positive() }).strict(),
    result: z.object({ revision: z.number().int().positive(), savedAt: z.string(), document: PageDocumentSchema }),
  },
  'document.restore': {
    args: z
      .object({ pageId, revision: z.number().int().positive(), baseRevision: z.number().int().nonnegative() })
      .strict(),
    result: DocumentStateSchema,
  },
  'labels.list': { args: empty, result: z.array(LabelWithUsageSchema) },
  'labels.save': {
    args: z
      .object({
        /** The whole label set in palette order. A label may carry the name it had, to rename its spans. */
        labels: z
          .array(LabelSchema.extend({ renamedFrom: z.string().regex(LABEL_NAME).optional() }))
          .min(1)
          .max(50),
      })
      .strict(),
    /** Labels left out are deleted together with their spans (the UI shows the count and asks first). */
    result: z.array(LabelWithUsageSchema),
  },
  'search.query': { args: SearchArgsSchema.strict(), result: SearchResultSchema },
  'search.spans': { args: SpanSearchArgsSchema.strict(), result: SpanSearchResultSchema },
  'search.status': { args: empty, result: SearchIndexStatusSchema },
  'export.defaults': { args: empty, result: ExportDefaultsSchema },
  'export.start': {
    args: z
      .object({
        format: exportFormat,
        options: ExportOptionsSchema.default({}),
        scope: ExportScopeSchema,
        /** An absolute folder path; created if missing. */
        outDir: z.string().min(1).max(4096),
      })
      .strict(),
    result: ExportJobSchema,
  },
  'export.status': { args: z.object({ jobId: z.string().max(64) }).strict(), result: ExportJobSchema },
  'export.cancel': { args: z.object({ jobId: z.string().max(64) }).strict(), result: ExportJobSchema },
  'stats.get': { args: StatsArgsSchema, result: StatsResultSchema },
  'stats.term': { args: TermStatsArgsSchema, result: TermStatsResultSchema },
  /** Corpus-wide find, replace and tag (src/shared/corpus-ops.ts). */
  'corpus.findText': { args: CorpusFindArgsSchema, result: CorpusFindResultSchema },
  'corpus.replaceText': { args: CorpusReplaceArgsSchema, result: CorpusOpResultSchema },
  'corpus.tagOccurrences': { args: CorpusTagArgsSchema, result: CorpusOpResultSchema },
  'settings.get': { args: empty, result: SettingsSchema },
  'settings.set': { args: SettingsSchema.partial().strict(), result: SettingsSchema },
  // The entity register (src/shared/entities/types.ts).
  ...EntityApiMethods,
} as const;

export type ApiMethodName = keyof typeof ApiMethods;
export type ApiArgs<M extends ApiMethodName> = z.input<(typeof ApiMethods)[M]['args']>;
export type ApiParsedArgs<M extends ApiMethodName> = z.output<(typeof ApiMethods)[M]['args']>;
export type ApiResult<M extends ApiMethodName> = z.output<(typeof ApiMethods)[M]['result']>;

export const API_METHOD_NAMES = Object.keys(ApiMethods) as ApiMethodName[];

export function isApiMethod(name: string): name is ApiMethodName {
  return Object.prototype.hasOwnProperty.call(ApiMethods, name);
}

/** Error codes that cross a transport. Anything unexpected becomes INTERNAL with a generic message. */
export const API_ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'CONFLICT',
  'CORPUS_REFUSED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'TOO_LARGE',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What every transport hands the renderer: one typed call function. */
export interface ApiClient {
  call<M extends ApiMethodName>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>>;
}

/** Thrown by clients when a call answers `{ ok: false }`, so callers can `try`/`catch`. */
export class ApiCallError extends Error implements ApiError {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Roles are part of the contract for the editor issue; exported so both sides agree on the list. */
export const BlockRoleSchema = z.enum(BLOCK_ROLES);
