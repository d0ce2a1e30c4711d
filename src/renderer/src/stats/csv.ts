// CSV for the statistics exports: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte order mark so Excel reads
// Chinese text as UTF-8. Plain text only; nothing here is ever rendered as HTML.

export type CsvCell = string | number | null;

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab or CR first) gets a leading apostrophe. */
const FORMULA = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as CSV text, beginning with the byte order mark (U+FEFF). */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
