// Domain vocabulary shared by every process: pages, their status and the roles a block can take.

export const PAGE_STATUSES = ['new', 'repaired', 'annotated', 'reviewed'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

export const BLOCK_ROLES = [
  'kicker',
  'headline',
  'subtitle',
  'byline',
  'body',
  'caption',
  'jump',
  'furniture',
] as const;
export type BlockRole = (typeof BLOCK_ROLES)[number];

/** Encodings the importer can recognise; the value stored with each page. */
export const PAGE_ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030', 'big5'] as const;
export type PageEncoding = (typeof PAGE_ENCODINGS)[number];

/** Metadata parsed from a file name or given by the user; every field may be unknown. */
export interface PageMeta {
  newspaper: string | null;
  /** ISO date, YYYY-MM-DD. */
  date: string | null;
  /** Page label as printed: "1", "04", "A2". */
  pageNo: string | null;
}

/** Why a file was not imported. The renderer translates the code; `detail` is for the curious. */
export const IMPORT_FAILURE_CODES = [
  'EMPTY',
  'BINARY',
  'UNDECODABLE',
  'TOO_LARGE',
  'UNREADABLE',
  'NOT_A_PAGE_FILE',
] as const;
export type ImportFailureCode = (typeof IMPORT_FAILURE_CODES)[number];
