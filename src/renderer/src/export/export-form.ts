// What the export dialog's form holds, and the `export.start` request it makes: only the options that the
// chosen format reads, and the scope as the user chose it.
import type { ApiArgs, ExportOptions, ExportScope } from '../../../shared/api';
import type { PageStatus } from '../../../shared/domain';

export type ScopeKind = ExportScope['kind'];

export interface ExportForm {
  format: string;
  scope: ScopeKind;
  status: PageStatus[];
  newspaper: string;
  dateFrom: string;
  dateTo: string;
  label: string;
  outDir: string;
  /** txt, md. */
  perPage: boolean;
  doccanoUnit: 'article' | 'page';
  scheme: 'BIO' | 'BIOES';
  columns: 2 | 4;
  /** csv. */
  csvFormulaGuard: boolean;
  /** archive: deflate the corpus file (smaller, slower). */
  archiveCompress: boolean;
  split: boolean;
  seed: number;
  train: number;
  dev: number;
  test: number;
}

export function initialForm(format: string, outDir: string, scope: ScopeKind): ExportForm {
  return {
    format,
    scope,
    status: [],
    newspaper: '',
    dateFrom: '',
    dateTo: '',
    label: '',
    outDir,
    perPage: true,
    doccanoUnit: 'article',
    scheme: 'BIO',
    columns: 2,
    csvFormulaGuard: true,
    archiveCompress: false,
    split: false,
    seed: 1,
    train: 80,
    dev: 10,
    test: 10,
  };
}

/** How a format counts positions, for the line under its description. */
export type OffsetUnit = 'codePoints' | 'characters' | 'none';

const OFFSET_UNITS: Record<string, OffsetUnit> = {
  doccano: 'codePoints',
  brat: 'codePoints',
  labelstudio: 'codePoints',
  csv: 'codePoints',
  alignment: 'codePoints',
  conll: 'characters',
  txt: 'none',
  md: 'none',
};

export function offsetUnit(format: string): OffsetUnit | null {
  return OFFSET_UNITS[format] ?? null;
}

/** Formats that carry spans by article, and so can be split into train/dev/test. */
const SPLIT_FORMATS = new Set(['doccano', 'brat', 'conll', 'labelstudio']);

export function hasPerPageOption(format: string): boolean {
  return format === 'txt' || format === 'md';
}

export function canSplit(format: string): boolean {
  return SPLIT_FORMATS.has(format);
}

function optionsOf(form: ExportForm): ExportOptions {
  const options: ExportOptions = {};
  if (hasPerPageOption(form.format)) options.perPage = form.perPage;
  if (form.format === 'doccano') options.doccanoUnit = form.doccanoUnit;
  if (form.format === 'csv') options.csvFormulaGuard = form.csvFormulaGuard;
  if (form.format === 'archive') options.archiveCompress = form.archiveCompress;
  if (form.format === 'conll') {
    options.scheme = form.scheme;
    options.columns = form.columns;
  }
  if (canSplit(form.format) && form.split) {
    options.split = { seed: form.seed, train: form.train, dev: form.dev, test: form.test };
  }
  return options;
}

/** The archive is the whole corpus file: no scope applies to it. */
export function hasScope(format: string): boolean {
  return format !== 'archive';
}

function scopeOf(form: ExportForm, pageId: number | null): ExportScope {
  if (!hasScope(form.format)) return { kind: 'corpus' };
  if (form.scope === 'pages' && pageId !== null) return { kind: 'pages', pageIds: [pageId] };
  if (form.scope === 'filter') {
    const scope: ExportScope = { kind: 'filter' };
    if (form.status.length > 0) scope.status = form.status;
    if (form.newspaper !== '') scope.newspaper = form.newspaper;
    if (form.dateFrom !== '') scope.dateFrom = form.dateFrom;
    if (form.dateTo !== '') scope.dateTo = form.dateTo;
    if (form.label !== '') scope.label = form.label;
    return scope;
  }
  return { kind: 'corpus' };
}

/** The request for `export.start`; `pageId` is the page the dialog was opened from, if any. */
export function exportRequest(form: ExportForm, pageId: number | null): ApiArgs<'export.start'> {
  return { format: form.format, options: optionsOf(form), scope: scopeOf(form, pageId), outDir: form.outDir.trim() };
}
