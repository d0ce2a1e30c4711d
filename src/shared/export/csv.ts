// The entity table as CSV for Excel: UTF-8 with a BOM, CRLF rows, one row per span, offsets in code points.
import { type ExportInput, articlesOf } from './common';

/** Excel reads UTF-8 only when the file starts with a byte order mark. */
export const CSV_BOM = '\ufeff';

export const CSV_COLUMNS = [
  'page_file',
  'newspaper',
  'date',
  'article_headline',
  'label',
  'text',
  'entity',
  'start',
  'end',
] as const;

export interface CsvOptions {
  /**
   * Prefix `'` to a text cell starting with = + - @ TAB or CR, which Excel and other spreadsheets would run as
   * a formula (CSV injection); default on, since this table is made for Excel. Off for tools wanting raw text.
   */
  formulaGuard?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 quoting: a field with a comma, quote, line break or edge space is quoted, quotes doubled. With the
 * formula guard (default), a string that a spreadsheet would take for a formula gets a leading apostrophe,
 * which Excel shows as plain text; numbers are left as they are.
 */
export function csvField(value: string | number | null, formulaGuard = true): string {
  if (value === null) return '';
  let text = String(value);
  if (formulaGuard && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: readonly (string | number | null)[], formulaGuard = true): string {
  return `${fields.map((f) => csvField(f, formulaGuard)).join(',')}\r\n`;
}

/** The header row, preceded by the BOM: write it once at the start of the file. */
export function csvHeader(): string {
  return CSV_BOM + csvRow(CSV_COLUMNS);
}

/**
 * One row per span; start and end are code points in the article text (the text doccano and brat carry). The
 * page's and each article's leading cells are quoted once, not once per span.
 */
export function csvRows(input: ExportInput, options: CsvOptions = {}): string[] {
  const guard = options.formulaGuard ?? true;
  const { page } = input;
  const pageCells = `${csvField(page.fileName, guard)},${csvField(page.newspaper, guard)},${csvField(page.date, guard)},`;
  const labelCells = new Map<string, string>();
  const rows: string[] = [];
  for (const article of articlesOf(input)) {
    if (article.spans.length === 0) continue;
    const articleCells = `${pageCells}${csvField(article.headline, guard)},`;
    for (const s of article.spans) {
      let label = labelCells.get(s.label);
      if (label === undefined) {
        label = csvField(s.label, guard);
        labelCells.set(s.label, label);
      }
      rows.push(
        `${articleCells}${label},${csvField(s.text, guard)},${csvField(s.entityId, guard)},${s.cpStart},${s.cpEnd}\r\n`,
      );
    }
  }
  return rows;
}
