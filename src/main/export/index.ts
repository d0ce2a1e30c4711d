// Exports the corpus (or a filtered part of it) in one format into a folder, page by page in constant memory.
import type Database from 'better-sqlite3';

import {
  LS_ARRAY_CLOSE,
  LS_ARRAY_OPEN,
  LS_ARRAY_SEPARATOR,
  NameAllocator,
  type SplitName,
  type SplitOptions,
  type TagScheme,
  alignmentLine,
  articleKey,
  bratAnnotationConf,
  bratDocuments,
  conllArticles,
  corpusMarkdownHeader,
  corpusMarkdownPage,
  csvHeader,
  csvRows,
  doccanoArticleLines,
  doccanoPageLines,
  exportedArticles,
  labelStudioConfig,
  labelStudioTaskLines,
  pageBaseName,
  pageMarkdown,
  pageText,
  splitOf,
} from '../../shared/export';
import { writeCorpusArchive } from './archive';
import { ExportFolder } from './output';
import { type ExportFilter, countPages, exportPages, loadLabels } from './pages';

export { type ExportFilter } from './pages';
export { ARCHIVE_MANIFEST, type ArchiveManifest } from './archive';
export { ExportFolder, OutsideExportFolderError } from './output';

export const EXPORT_FORMATS = [
  'txt',
  'md',
  'doccano',
  'brat',
  'conll',
  'labelstudio',
  'csv',
  'alignment',
  'archive',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** txt and md: one file per page (default) or one corpus file. */
  perPage?: boolean;
  /** doccano: one record per article (default) or per page. */
  doccanoUnit?: 'article' | 'page';
  /** conll: tag scheme (BIO default) and columns (2 default; 4 for CoNLL-2003 / spaCy). */
  scheme?: TagScheme;
  columns?: 2 | 4;
  /** csv: prefix ' to text cells Excel would run as formulas (= + - @ TAB CR); default true. */
  csvFormulaGuard?: boolean;
  /** archive: deflate the corpus snapshot (smaller, about four times slower); stored as it is by default. */
  archiveCompress?: boolean;
  /** Train/dev/test split by article, for the span-carrying formats. */
  split?: SplitOptions;
}

export interface ExportProgress {
  done: number;
  total: number;
  /** What done and total count: pages, or for the archive the bytes of the snapshot streamed into the zip. */
  unit?: 'pages' | 'bytes';
}

export interface ExportSummary {
  files: number;
  pages: number;
  articles: number;
  spans: number;
  cancelled: boolean;
  /** archive: the zip written, relative to outDir. */
  archive?: string;
}

export interface ExportArgs {
  db: Database.Database;
  format: ExportFormat;
  outDir: string;
  options?: ExportOptions;
  filter?: ExportFilter;
  onProgress?: (progress: ExportProgress) => void;
  isCancelled?: () => boolean;
}

/**
 * Writes the export and returns what was written. Files are named from sanitized page metadata, deduplicated,
 * and checked to resolve inside `outDir`; a cancelled export stops after the current page, leaving complete
 * files for the pages done (JSON arrays are closed).
 */
export async function exportCorpus(args: ExportArgs): Promise<ExportSummary> {
  if (args.format === 'archive') return exportArchive(args);
  const { db, format, options = {}, filter = {} } = args;
  const folder = new ExportFolder(args.outDir);
  const labels = loadLabels(db);
  const total = countPages(db, filter);
  // Corpus-level names are taken first, so no page can be called "corpus" or "annotation" and clash.
  const names = new NameAllocator(['annotation.conf', 'config.xml', 'corpus.txt', 'corpus.md']);
  const usedLabels = new Set<string>();
  const summary: ExportSummary = { files: 0, pages: 0, articles: 0, spans: 0, cancelled: false };
  const started = new Set<string>();
  const splitName = (fileName: string, index: number): SplitName | 'corpus' =>
    options.split ? splitOf(options.split, articleKey(fileName, index)) : 'corpus';
  /** Appends to a corpus-level file, writing its header the first time. */
  const append = (file: string, text: string, header = '', separator = ''): void => {
    if (!started.has(file)) {
      started.add(file);
      folder.write(file, header + text);
    } else {
      folder.write(file, separator + text);
    }
  };

  try {
    if (format === 'csv') folder.write('entities.csv', csvHeader());
    for await (const item of exportPages(db, filter)) {
      if (args.isCancelled?.()) {
        summary.cancelled = true;
        break;
      }
      // Computed once per page and shared by the summary and the format.
      const articles = exportedArticles(item.document);
      const input = { page: item.page, document: item.document, labels, articles };
      summary.pages++;
      summary.articles += articles.length;
      for (const a of articles) {
        summary.spans += a.spans.length;
        // Only brat's annotation.conf and Label Studio's config list the labels in use.
        if (format === 'brat' || format === 'labelstudio') for (const s of a.spans) usedLabels.add(s.label);
      }
      const base = (): string => pageBaseName(item.page);
      switch (format) {
        case 'txt':
          if (options.perPage === false) {
            const text = pageText(input);
            if (text !== '') append('corpus.txt', text, '', '\n');
          } else folder.writeFile(names.allocate(base(), '.txt'), pageText(input));
          break;
        case 'md':
          if (options.perPage === false) {
            append('corpus.md', corpusMarkdownPage(input), corpusMarkdownHeader('Galley corpus'));
          } else {
            folder.writeFile(names.allocate(base(), '.md'), pageMarkdown(input));
          }
          break;
        case 'doccano':
          if (options.doccanoUnit === 'page') {
            for (const line of doccanoPageLines(input))
              append(`${splitName(item.page.fileName, -1)}.jsonl`, `${line}\n`);
          } else {
            doccanoArticleLines(input).forEach((line, i) =>
              append(`${splitName(item.page.fileName, i)}.jsonl`, `${line}\n`),
            );
          }
          break;
        case 'brat': {
          const stem = names.allocate(base());
          for (const doc of bratDocuments(input)) {
            const index = Number(doc.suffix.slice(1)) - 1;
            const dir = options.split ? `${splitName(item.page.fileName, index)}/` : '';
            folder.writeFile(`${dir}${stem}_${doc.suffix}.txt`, doc.txt);
            folder.writeFile(`${dir}${stem}_${doc.suffix}.ann`, doc.ann);
          }
          break;
        }
        case 'conll':
          conllArticles(input, options).forEach((chunk, i) =>
            append(`${splitName(item.page.fileName, i)}.conll`, chunk),
          );
          break;
        case 'labelstudio':
          labelStudioTaskLines(input).forEach((task, i) => {
            const file = `${splitName(item.page.fileName, i) === 'corpus' ? 'tasks' : splitName(item.page.fileName, i)}.json`;
            append(file, task, LS_ARRAY_OPEN, LS_ARRAY_SEPARATOR);
          });
          break;
        case 'csv':
          for (const row of csvRows(input, { formulaGuard: options.csvFormulaGuard }))
            folder.write('entities.csv', row);
          break;
        case 'alignment':
          append('alignment.jsonl', `${alignmentLine(input, item.originalText)}\n`);
          break;
      }
      args.onProgress?.({ done: summary.pages, total, unit: 'pages' });
    }
    // Files that describe the whole export come last, once every label in use is known.
    if (format === 'brat') folder.writeFile('annotation.conf', bratAnnotationConf(labels, usedLabels));
    if (format === 'labelstudio') {
      for (const file of started) folder.write(file, LS_ARRAY_CLOSE);
      if (started.size === 0) folder.write('tasks.json', '[]\n');
      folder.writeFile('config.xml', labelStudioConfig(labels, usedLabels));
    }
    if (format === 'md' && options.perPage === false && !started.has('corpus.md')) {
      folder.write('corpus.md', corpusMarkdownHeader('Galley corpus'));
    }
  } finally {
    folder.close();
  }
  summary.files = folder.files;
  return summary;
}

/**
 * The whole corpus as one zip (filters do not apply: an archive is for backup and sharing; its one option is
 * whether to compress the snapshot). Pages
 * and spans are those in the snapshot; articles are not counted, as nothing is split into articles.
 */
async function exportArchive(args: ExportArgs): Promise<ExportSummary> {
  const folder = new ExportFolder(args.outDir);
  try {
    const result = await writeCorpusArchive({
      db: args.db,
      folder,
      isCancelled: args.isCancelled,
      compress: args.options?.archiveCompress === true,
      onProgress: (done, total) => args.onProgress?.({ done, total, unit: 'bytes' }),
    });
    return {
      files: result.file === undefined ? 0 : 1,
      pages: result.pages,
      articles: 0,
      spans: result.spans,
      cancelled: result.cancelled,
      ...(result.file === undefined ? {} : { archive: result.file }),
    };
  } finally {
    folder.close();
  }
}
