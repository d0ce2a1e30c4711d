// Reads annotated datasets (doccano JSONL, brat standoff, Label Studio JSON) back into the corpus: a page whose
// corrected text is already there gets the imported spans as a new revision, any other becomes a new page.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';

import type Database from 'better-sqlite3';

import type { Label } from '../../shared/api';
import {
  type DocBlock,
  type DocSpan,
  type PageDocument,
  PageDocumentSchema,
  type ReadingLike,
  createIdFactory,
  documentFromReading,
  documentText,
} from '../../shared/document';
import {
  type ImportRecord,
  type ReadError,
  type RebuiltPage,
  pageBaseName,
  readBrat,
  readDoccano,
  readLabelStudio,
  rebuildPages,
} from '../../shared/export';
import { repairPage } from '../../shared/repair/engine';
import { createDocumentStore } from '../store/documents';
import { type NewPage, createPageStore } from '../store/pages';
import { countCodePoints } from './import-pages';

export const ANNOTATION_FORMATS = ['doccano', 'brat', 'labelstudio'] as const;
export type AnnotationFormat = (typeof ANNOTATION_FORMATS)[number];

export interface AnnotationFailure {
  file: string;
  /** Line in the file (from 1); 0 when the problem is the file as a whole or a page rebuilt from several. */
  line: number;
  reason: string;
}

export interface AnnotationImportReport {
  /** New pages created. */
  imported: number;
  /** Existing pages (same corrected text) that got the imported spans as a new revision. */
  attached: number;
  /** Pages already in the corpus with the same text and spans: nothing written. */
  duplicates: number;
  /** Labels added to the label set because imported spans use them. */
  labelsAdded: string[];
  failed: AnnotationFailure[];
}

export interface AnnotationImportProgress {
  done: number;
  total: number;
}

export interface ImportAnnotationsArgs {
  db: Database.Database;
  format: AnnotationFormat;
  paths: readonly string[];
  onProgress?: (progress: AnnotationImportProgress) => void;
  /** After each committed batch: the pages it created and the existing pages it gave a new revision. */
  onPagesWritten?: (pages: { created: number[]; attached: number[] }) => void;
  /** The source path to record for a new page read from `file`; the file's path when not given. */
  sourcePath?: (file: string) => string | null;
}

/** Pages written per transaction. */
const BATCH_PAGES = 200;

/** Colours for labels the import adds, used in order, skipping those the label set already uses. */
const LABEL_PALETTE = ['#c2255c', '#0c8599', '#5c940d', '#e8590c', '#6741d9', '#1864ab', '#862e9c', '#495057'];

/** The per-format file layout: which files are records, and which describe the label set. */
const RECORD_EXTENSIONS: Record<AnnotationFormat, readonly string[]> = {
  doccano: ['.jsonl', '.json'],
  brat: ['.ann'],
  labelstudio: ['.json'],
};
const LABEL_SET_FILES: Record<AnnotationFormat, string | null> = {
  doccano: null,
  brat: 'annotation.conf',
  labelstudio: 'config.xml',
};

interface InputFiles {
  files: string[];
  /** annotation.conf / config.xml found next to the inputs: label order and colours for labels to add. */
  labelSets: string[];
  failed: AnnotationFailure[];
}

/** The record files under the given paths (folders recursively, dot-files skipped), sorted, each once. */
async function collectFiles(format: AnnotationFormat, paths: readonly string[]): Promise<InputFiles> {
  const out: InputFiles = { files: [], labelSets: [], failed: [] };
  const seen = new Set<string>();
  const extensions = RECORD_EXTENSIONS[format];
  const labelSetName = LABEL_SET_FILES[format];
  const add = (file: string, explicit: boolean): void => {
    const name = basename(file);
    if (labelSetName !== null && name.toLowerCase() === labelSetName) {
      if (!out.labelSets.includes(file)) out.labelSets.push(file);
      return;
    }
    let target = file;
    const ext = extname(name).toLowerCase();
    // A brat .txt named on its own stands for its .ann.
    if (format === 'brat' && explicit && ext === '.txt') target = file.slice(0, -ext.length) + '.ann';
    else if (!extensions.includes(ext) && !explicit) return;
    if (seen.has(target)) return;
    seen.add(target);
    out.files.push(target);
  };
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) add(path, false);
    }
  };
  for (const raw of paths) {
    const path = resolve(raw);
    try {
      const info = await stat(path);
      if (info.isDirectory()) await walk(path);
      else add(path, true);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      out.failed.push({ file: raw, line: 0, reason: code === 'ENOENT' ? 'file not found' : String(error) });
    }
  }
  return out;
}

async function readText(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).replace(/^\ufeff/, '');
}

const unescapeXml = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Label names (and colours, when given) in the order a Label Studio config or brat annotation.conf lists them. */
function labelSetOrder(file: string, content: string): { name: string; color: string | null }[] {
  if (basename(file).toLowerCase() === 'config.xml') {
    const out: { name: string; color: string | null }[] = [];
    for (const m of content.matchAll(/<Label\s+([^>]*?)\/?>/g)) {
      const attrs = m[1] ?? '';
      const value = /value="([^"]*)"/.exec(attrs)?.[1];
      const background = /background="([^"]*)"/.exec(attrs)?.[1];
      if (value !== undefined)
        out.push({ name: unescapeXml(value), color: background ? unescapeXml(background) : null });
    }
    return out;
  }
  const out: { name: string; color: string | null }[] = [];
  let section = '';
  for (const line of content.split(/\r?\n/)) {
    const trimmed = line.trim();
    const header = /^\[(\w+)\]$/.exec(trimmed);
    if (header) section = header[1] ?? '';
    else if (section === 'entities' && trimmed !== '' && !trimmed.startsWith('#')) {
      const name = trimmed.split(/\s/)[0]?.replace(/^!/, '');
      if (name) out.push({ name, color: null });
    }
  }
  return out;
}

/** Reads and parses every input file; records in file order, errors as failures. */
async function readRecords(
  format: AnnotationFormat,
  files: readonly string[],
): Promise<{ records: ImportRecord[]; errors: ReadError[] }> {
  const records: ImportRecord[] = [];
  const errors: ReadError[] = [];
  for (const file of files) {
    if (format === 'brat') {
      const txtFile = file.replace(/\.ann$/i, '.txt');
      let ann: string;
      let txt: string;
      try {
        ann = await readText(file);
      } catch {
        errors.push({ file, line: 0, message: 'cannot read the .ann file' });
        continue;
      }
      try {
        txt = await readText(txtFile);
      } catch {
        errors.push({ file, line: 0, message: `no ${basename(txtFile)} next to ${basename(file)}` });
        continue;
      }
      const r = readBrat(basename(file).replace(/\.ann$/i, ''), txtFile, txt, file, ann);
      records.push(...r.records);
      errors.push(...r.errors);
      continue;
    }
    let content: string;
    try {
      content = await readText(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push({ file, line: 0, message: code === 'ENOENT' ? 'file not found' : 'cannot read the file' });
      continue;
    }
    const r = format === 'doccano' ? readDoccano(file, content) : readLabelStudio(file, content);
    records.push(...r.records);
    errors.push(...r.errors);
  }
  return { records, errors };
}

/** A page metadata value from a record: a trimmed, non-empty, single-line string, else null. */
function metaValue(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  // eslint-disable-next-line no-control-regex -- metadata comes from strangers' files
  return v !== '' && v.length <= 200 && !/[\u0000-\u001f\u007f]/.test(v) ? v : null;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A span as compared for duplicates: entity ids count only when the format carries them (brat). */
const spanKey = (s: { label: string; start: number; end: number; entityId?: string | null }, withEntity: boolean) =>
  `${s.start}:${s.end}:${s.label}${withEntity ? `:${s.entityId ?? ''}` : ''}`;

/** The exported blocks of a document in text order, as objects of that document (so they can be edited). */
function exportedBlockObjects(doc: PageDocument): DocBlock[] {
  const byId = new Map<string, DocBlock>();
  for (const a of doc.articles) for (const b of a.blocks) byId.set(b.id, b);
  return documentText(doc).blocks.map((r) => byId.get(r.blockId)!);
}

/**
 * The existing document with the spans of its exported blocks replaced by the imported ones, pairing blocks
 * one to one by text; null when they do not pair. Spans that match an existing one (same label and offsets)
 * keep its id, origin and — unless the format carries entity links — its entity id.
 */
export function attachSpans(
  existing: PageDocument,
  imported: PageDocument,
  withEntity: boolean,
): { document: PageDocument; changed: boolean } | null {
  const document = structuredClone(existing);
  const targets = exportedBlockObjects(document);
  const sources = exportedBlockObjects(imported);
  if (targets.length !== sources.length) return null;
  if (targets.some((t, i) => t.text !== sources[i]?.text)) return null;
  const nextId = createIdFactory(document, 'imp');
  let changed = false;
  targets.forEach((target, i) => {
    const source = sources[i]!;
    const before = target.spans.map((s) => spanKey(s, withEntity)).sort();
    const after = source.spans.map((s) => spanKey(s, withEntity)).sort();
    if (before.length === after.length && before.every((k, j) => k === after[j])) return;
    changed = true;
    const old = new Map(target.spans.map((s) => [spanKey(s, false), s]));
    target.spans = [...source.spans]
      .sort((a, b) => a.start - b.start)
      .map((s): DocSpan => {
        const match = old.get(spanKey(s, false));
        const entityId = withEntity ? (s.entityId ?? null) : (match?.entityId ?? null);
        const { entityId: _old, ...base }: DocSpan = match ?? {
          id: nextId(),
          label: s.label,
          start: s.start,
          end: s.end,
          origin: s.origin,
        };
        return entityId ? { ...base, entityId } : base;
      });
  });
  return { document, changed };
}

interface PageRow {
  id: number;
  file_name: string;
  newspaper: string | null;
  date: string | null;
  page_no: string | null;
  original_text: string;
  document: string | null;
  reading: string | null;
}

/** Imports annotated files into the corpus; see the file comment. Never throws for bad input, only reports it. */
export async function importAnnotations(args: ImportAnnotationsArgs): Promise<AnnotationImportReport> {
  const { db, format } = args;
  const report: AnnotationImportReport = { imported: 0, attached: 0, duplicates: 0, labelsAdded: [], failed: [] };
  const fail = (file: string, line: number, reason: string): void => void report.failed.push({ file, line, reason });

  const inputs = await collectFiles(format, args.paths);
  report.failed.push(...inputs.failed);
  const { records, errors } = await readRecords(format, inputs.files);
  for (const e of errors) fail(e.file, e.line, e.message);
  const rebuilt = rebuildPages(records);
  for (const e of rebuilt.errors) fail(e.file, e.line, e.message);

  // rebuildPages keys a page by meta.page, else by `${file}#${index}`: find each page's first record again.
  const firstRecord = new Map<string, ImportRecord>();
  records.forEach((r, i) => {
    const key = typeof r.meta.page === 'string' ? r.meta.page : `${r.file}#${i}`;
    if (!firstRecord.has(key)) firstRecord.set(key, r);
  });

  const labelOrder: { name: string; color: string | null }[] = [];
  for (const file of inputs.labelSets) {
    try {
      labelOrder.push(...labelSetOrder(file, await readText(file)));
    } catch {
      // The label set description only orders and colours new labels; without it they keep first-use order.
    }
  }

  const pages = createPageStore(db);
  const documents = createDocumentStore(db);
  const byFileName = db.prepare('SELECT id FROM pages WHERE file_name = ? ORDER BY id').pluck();
  const bySha = db.prepare('SELECT id FROM pages WHERE sha256 = ?').pluck();
  const pageRow = db.prepare(`
    SELECT p.id, p.file_name, p.newspaper, p.date, p.page_no, p.original_text, d.document, r.reading
    FROM pages p
    LEFT JOIN page_documents d ON d.page_id = p.id
    LEFT JOIN page_readings r ON r.page_id = p.id
    WHERE p.id = ?`);
  const allMeta = db.prepare('SELECT id, file_name, newspaper, date, page_no FROM pages ORDER BY id');

  /** brat files are named after pageBaseName, not the file name: an index from base name to pages, built once. */
  let baseNames: Map<string, number[]> | null = null;
  const byBaseName = (stem: string): number[] => {
    if (!baseNames) {
      baseNames = new Map();
      for (const r of allMeta.all() as PageRow[]) {
        const base = pageBaseName({ fileName: r.file_name, newspaper: r.newspaper, date: r.date, pageNo: r.page_no });
        const list = baseNames.get(base) ?? [];
        list.push(r.id);
        baseNames.set(base, list);
      }
    }
    return baseNames.get(stem.replace(/~\d+$/, '')) ?? [];
  };

  /** The page's current document, as the exporter sees it. */
  const currentDocument = (row: PageRow): PageDocument => {
    if (row.document !== null) return JSON.parse(row.document) as PageDocument;
    const reading = row.reading !== null ? (JSON.parse(row.reading) as ReadingLike) : repairPage(row.original_text);
    return documentFromReading(reading, `p${row.id}`);
  };

  /** The existing page whose corrected text is `text`: candidates by file name, base name, then hash. */
  const findPage = (meta: RebuiltPage['page'], text: string): { row: PageRow; document: PageDocument } | null => {
    const tried = new Set<number>();
    const candidates = (): number[] => {
      const ids = byFileName.all(meta.fileName) as number[];
      if (format === 'brat') ids.push(...byBaseName(meta.fileName.replace(/\.txt$/, '')));
      ids.push(...(bySha.all(sha256(text)) as number[]));
      return ids;
    };
    for (const id of candidates()) {
      if (tried.has(id)) continue;
      tried.add(id);
      const row = pageRow.get(id) as PageRow | undefined;
      if (!row) continue;
      const document = currentDocument(row);
      if (documentText(document).text === text) return { row, document };
    }
    return null;
  };

  const usedLabels = (doc: PageDocument): string[] =>
    doc.articles.flatMap((a) => a.blocks.flatMap((b) => b.spans.map((s) => s.label)));

  /** Adds the labels the documents use that the set lacks: config order first, then first use. */
  const addLabels = (docs: readonly PageDocument[]): void => {
    const current = documents.labels().map(({ name, color, hotkey }): Label => ({ name, color, hotkey }));
    const known = new Set(current.map((l) => l.name));
    const needed = new Set<string>();
    for (const doc of docs) for (const name of usedLabels(doc)) if (!known.has(name)) needed.add(name);
    if (needed.size === 0) return;
    const ordered = [
      ...labelOrder.map((l) => l.name).filter((n) => needed.has(n)),
      ...[...needed].filter((n) => !labelOrder.some((l) => l.name === n)),
    ].filter((n, i, all) => all.indexOf(n) === i);
    const colors = new Set(current.map((l) => l.color.toLowerCase()));
    const hotkeys = new Set(current.map((l) => l.hotkey));
    const next = [...current];
    for (const name of ordered) {
      const given = labelOrder.find((l) => l.name === name)?.color;
      const color =
        (given && /^#[0-9a-f]{6}$/i.test(given) ? given : undefined) ??
        LABEL_PALETTE.find((c) => !colors.has(c)) ??
        LABEL_PALETTE[next.length % LABEL_PALETTE.length]!;
      colors.add(color.toLowerCase());
      const hotkey = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((k) => !hotkeys.has(k)) ?? null;
      if (hotkey) hotkeys.add(hotkey);
      next.push({ name, color, hotkey });
      report.labelsAdded.push(name);
    }
    documents.replaceLabels(next);
  };

  const writeBatch = db.transaction((batch: readonly RebuiltPage[]) => {
    const savedAt = new Date().toISOString();
    const written: PageDocument[] = [];
    const ids = { created: [] as number[], attached: [] as number[] };
    for (const page of batch) {
      const first = firstRecord.get(page.page.fileName);
      const where = { file: first?.file ?? page.page.fileName, line: first?.line ?? 0 };
      const text = documentText(page.document).text;
      if (text === '') continue;
      const valid = PageDocumentSchema.safeParse(page.document);
      if (!valid.success) {
        fail(where.file, where.line, `the page does not make a valid document: ${valid.error.issues[0]?.message}`);
        continue;
      }
      const found = findPage(page.page, text);
      if (found) {
        const attached = attachSpans(found.document, page.document, format === 'brat');
        if (!attached) {
          fail(where.file, where.line, `structure differs from page ${found.row.id} (${found.row.file_name})`);
          continue;
        }
        if (!attached.changed) {
          report.duplicates++;
          continue;
        }
        const stored = documents.get(found.row.id);
        documents.write(found.row.id, (stored?.revision ?? 0) + 1, attached.document, stored?.review ?? [], savedAt);
        written.push(attached.document);
        ids.attached.push(found.row.id);
        report.attached++;
        continue;
      }
      const fileName =
        typeof first?.meta.page === 'string' && first.meta.page.trim() !== ''
          ? page.page.fileName
          : basename(first?.file ?? page.page.fileName);
      const row: NewPage = {
        fileName,
        sourcePath: first ? (args.sourcePath ? args.sourcePath(first.file) : first.file) : null,
        sha256: sha256(text),
        encoding: 'utf-8',
        originalText: text,
        chars: countCodePoints(text),
        newspaper: metaValue(page.page.newspaper),
        date: metaValue(page.page.date),
        pageNo: metaValue(page.page.pageNo),
      };
      const outcome = pages.insertBatch([row]);
      const inserted = outcome.inserted[0];
      if (!inserted) {
        const other = outcome.duplicates[0]?.existingPageId;
        fail(
          where.file,
          where.line,
          `page ${other ?? '?'} has this text as its original text but a different corrected text`,
        );
        continue;
      }
      documents.write(inserted.id, 1, page.document, [], savedAt);
      written.push(page.document);
      ids.created.push(inserted.id);
      baseNames = null;
      report.imported++;
    }
    // Labels go in with the documents that use them, in the same transaction.
    addLabels(written);
    return ids;
  });

  const total = rebuilt.pages.length;
  for (let done = 0; done < total;) {
    const batch = rebuilt.pages.slice(done, done + BATCH_PAGES);
    const ids = writeBatch(batch);
    args.onPagesWritten?.(ids);
    done += batch.length;
    args.onProgress?.({ done, total });
    if (done < total) await new Promise<void>((next) => setImmediate(next));
  }
  return report;
}
