// Parsers for doccano JSONL, brat (.txt + .ann) and Label Studio JSON into validated records with UTF-16 spans.
import { BLOCK_ROLES, type BlockRole } from '../domain';
import { type DocArticle, type DocBlock, type PageDocument, isExportedRole, offsetConverter } from '../document';
import type { ExportPageMeta } from './common';

export interface ImportSpan {
  /** UTF-16 offsets in the record text, end exclusive. */
  start: number;
  end: number;
  label: string;
  entityId?: string | null;
}

export interface ImportRecord {
  file: string;
  /** Line of the record in its file (for brat, 1: the record is the whole document). */
  line: number;
  text: string;
  spans: ImportSpan[];
  meta: Record<string, unknown>;
}

export interface ReadError {
  file: string;
  line: number;
  message: string;
}

export interface ReadResult {
  records: ImportRecord[];
  errors: ReadError[];
}

/** A span as a file states it: code point offsets, and the covered text when the format records it. */
interface RawSpan {
  start: unknown;
  end: unknown;
  label: unknown;
  text?: string;
  entityId?: string | null;
  /** Line of the span when it has its own (brat), else the record's. */
  line?: number;
}

const LABEL = /^\S{1,100}$/;
const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Checks spans against the text and converts them to UTF-16. Offsets are code points (as Python counts),
 * `0 <= start < end <= length`; spans may not overlap; a recorded text must equal the text at the offsets
 * (whitespace collapsed when `looseText`, since Label Studio normalises it). Returns the spans or the errors.
 */
export function validateSpans(
  text: string,
  raw: readonly RawSpan[],
  at: { file: string; line: number },
  looseText = false,
): { spans: ImportSpan[]; errors: ReadError[] } {
  const conv = offsetConverter(text);
  const errors: ReadError[] = [];
  const spans: (ImportSpan & { line: number })[] = [];
  for (const r of raw) {
    const line = r.line ?? at.line;
    const fail = (message: string): void => void errors.push({ file: at.file, line, message });
    const { start, end, label } = r;
    if (typeof label !== 'string' || !LABEL.test(label)) {
      fail(`label ${JSON.stringify(label)} is not a label name`);
      continue;
    }
    if (!Number.isInteger(start) || !Number.isInteger(end)) {
      fail(`${label} span: offsets ${String(start)}..${String(end)} are not integers`);
      continue;
    }
    const s = start as number;
    const e = end as number;
    if (s < 0 || e > conv.codePointLength || s >= e) {
      fail(`${label} span ${s}..${e} is out of range for a text of ${conv.codePointLength} characters`);
      continue;
    }
    const u16 = { start: conv.toUtf16(s), end: conv.toUtf16(e) };
    const covered = text.slice(u16.start, u16.end);
    if (r.text !== undefined && (looseText ? collapse(r.text) !== collapse(covered) : r.text !== covered)) {
      fail(`${label} span ${s}..${e} covers ${JSON.stringify(covered)}, not ${JSON.stringify(r.text)}`);
      continue;
    }
    spans.push({ ...u16, label, ...(r.entityId ? { entityId: r.entityId } : {}), line });
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    const prev = spans[i - 1];
    const cur = spans[i];
    if (prev && cur && cur.start < prev.end) {
      errors.push({ file: at.file, line: cur.line, message: `${cur.label} span overlaps a ${prev.label} span` });
    }
  }
  return { spans: spans.map(({ line: _line, ...s }) => s), errors };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One doccano JSONL line: `text`, spans in `label` (or the older `labels`) as [start, end, LABEL], or the
 * relation variant's `entities`; `meta` and any other key become the record's metadata.
 */
export function readDoccanoLine(file: string, line: number, source: string): ImportRecord | ReadError[] {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return [{ file, line, message: `not JSON: ${(error as Error).message}` }];
  }
  if (!isObject(value) || typeof value.text !== 'string') {
    return [{ file, line, message: 'a record must be an object with a "text" string' }];
  }
  const raw: RawSpan[] = [];
  const list = value.label ?? value.labels ?? [];
  if (Array.isArray(value.entities)) {
    for (const e of value.entities) {
      if (!isObject(e)) return [{ file, line, message: 'an entity must be an object' }];
      raw.push({ start: e.start_offset, end: e.end_offset, label: e.label });
    }
  } else if (Array.isArray(list)) {
    for (const item of list) {
      if (!Array.isArray(item) || item.length !== 3) {
        return [{ file, line, message: `a label must be [start, end, "LABEL"], got ${JSON.stringify(item)}` }];
      }
      raw.push({ start: item[0], end: item[1], label: item[2] });
    }
  } else {
    return [{ file, line, message: '"label" must be an array' }];
  }
  const { spans, errors } = validateSpans(value.text, raw, { file, line });
  if (errors.length > 0) return errors;
  const { text, label: _l, labels: _ls, entities: _e, relations: _r, meta, ...extra } = value;
  return { file, line, text, spans, meta: { ...extra, ...(isObject(meta) ? meta : {}) } };
}

/** Lines of a file, numbered from 1, without line ends or a leading byte order mark. */
function lines(content: string): string[] {
  return content.replace(/^\ufeff/, '').split(/\r?\n/);
}

/** A doccano JSONL file; blank lines are skipped. */
export function readDoccano(file: string, content: string): ReadResult {
  const result: ReadResult = { records: [], errors: [] };
  lines(content).forEach((source, i) => {
    if (source.trim() === '') return;
    const record = readDoccanoLine(file, i + 1, source);
    if (Array.isArray(record)) result.errors.push(...record);
    else result.records.push(record);
  });
  return result;
}

const BRAT_T = /^(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$/;
const BRAT_NOTE = /^#\S*\tAnnotatorNotes (T\S+)\t(.*)$/;

/**
 * A brat document: its .txt (one final newline dropped, as the exporter adds it) and .ann. T lines become
 * spans; an AnnotatorNotes `entity=<id>` line links its span to an entity; other kinds (A, R, E, N, *) are
 * not spans and are skipped. Errors give the .ann line. The record's meta names the page and article from
 * the exporter's `<page>_aNN` naming.
 */
export function readBrat(name: string, txtFile: string, txt: string, annFile: string, ann: string): ReadResult {
  const text = txt.replace(/^\ufeff/, '').replace(/\r?\n$/, '');
  const errors: ReadError[] = [];
  const raw = new Map<string, RawSpan>();
  const notes: { target: string; entity: string; line: number }[] = [];
  lines(ann).forEach((source, i) => {
    const line = i + 1;
    if (source.trim() === '') return;
    const t = BRAT_T.exec(source);
    if (t) {
      const [, id = '', label = '', offsets = '', covered = ''] = t;
      if (offsets.includes(';')) {
        errors.push({ file: annFile, line, message: `${id}: discontinuous spans are not supported` });
        return;
      }
      const [start, end] = offsets.split(' ').map(Number);
      if (raw.has(id)) errors.push({ file: annFile, line, message: `${id} is defined twice` });
      raw.set(id, { start, end, label, text: covered, line });
      return;
    }
    const note = BRAT_NOTE.exec(source);
    if (note) {
      const [, target = '', body = ''] = note;
      if (body.startsWith('entity=')) notes.push({ target, entity: body.slice('entity='.length), line });
      return;
    }
    if (/^[ARENM*#]\S*\t/.test(source)) return;
    errors.push({ file: annFile, line, message: `not a brat annotation line: ${JSON.stringify(source.slice(0, 40))}` });
  });
  for (const n of notes) {
    const span = raw.get(n.target);
    if (span) span.entityId = n.entity;
    else errors.push({ file: annFile, line: n.line, message: `note on unknown annotation ${n.target}` });
  }
  const checked = validateSpans(text, [...raw.values()], { file: annFile, line: 1 });
  errors.push(...checked.errors);
  if (errors.length > 0) return { records: [], errors };
  const m = /^(.*)_a(\d+)$/.exec(name);
  const meta = m ? { page: `${m[1]}.txt`, article: Number(m[2]) - 1 } : { page: `${name}.txt`, article: 0 };
  return { records: [{ file: txtFile, line: 1, text, spans: checked.spans, meta }], errors: [] };
}

/** A top-level element of a JSON array: its source slice and the line (from 1) where it starts. */
interface Element {
  source: string;
  line: number;
}

/**
 * The elements of a top-level JSON array, cut by a scan that tracks nesting and skips strings, so that each
 * task parses on its own: a broken task is reported at its line and the others are still read. A source
 * that is not an array is one element.
 */
function arrayElements(source: string): Element[] | null {
  const first = source.search(/\S/);
  if (first < 0 || source[first] !== '[') return null;
  const out: Element[] = [];
  let line = 1;
  for (let i = 0; i < first; i++) if (source[i] === '\n') line++;
  let depth = 0;
  let inString = false;
  let start = -1;
  let startLine = 0;
  const end = (i: number): void => {
    if (start >= 0) out.push({ source: source.slice(start, i), line: startLine });
    start = -1;
  };
  for (let i = first; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && start < 0 && !/[\s,\]]/.test(c)) {
      start = i;
      startLine = line;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        end(i);
        break;
      }
    } else if (c === ',' && depth === 1) end(i);
  }
  end(source.length);
  return out;
}

/**
 * A Label Studio JSON export or import file (an array of tasks, or one task). The text is `data.text`; spans
 * come from the first annotation not cancelled, else the first prediction; only `labels` results are read.
 * `data.meta` and the other data keys become the record's meta. Errors give the line where the task starts.
 */
export function readLabelStudio(file: string, content: string): ReadResult {
  const source = content.replace(/^\ufeff/, '');
  const elements = arrayElements(source) ?? [{ source, line: 1 }];
  const result: ReadResult = { records: [], errors: [] };
  for (const element of elements) {
    const line = element.line;
    const fail = (message: string): void => void result.errors.push({ file, line, message });
    let task: unknown;
    try {
      task = JSON.parse(element.source);
    } catch (error) {
      fail(`not JSON: ${(error as Error).message}`);
      continue;
    }
    if (!isObject(task) || !isObject(task.data) || typeof task.data.text !== 'string') {
      fail('a task must be an object with a data.text string');
      continue;
    }
    const pick = (list: unknown): Record<string, unknown> | undefined =>
      Array.isArray(list)
        ? (list.find((a) => isObject(a) && a.was_cancelled !== true) as Record<string, unknown> | undefined)
        : undefined;
    const annotation = pick(task.annotations) ?? pick(task.predictions);
    const results = annotation?.result ?? [];
    if (!Array.isArray(results)) {
      fail('an annotation result must be an array');
      continue;
    }
    const raw: RawSpan[] = [];
    let broken = false;
    for (const r of results) {
      if (!isObject(r) || r.type !== 'labels') continue;
      const v = r.value;
      if (!isObject(v) || !Array.isArray(v.labels) || v.labels.length !== 1) {
        fail(`result ${String(r.id ?? '')}: value needs start, end and exactly one label`);
        broken = true;
        break;
      }
      raw.push({
        start: v.start,
        end: v.end,
        label: v.labels[0],
        ...(typeof v.text === 'string' ? { text: v.text } : {}),
      });
    }
    if (broken) continue;
    const { spans, errors } = validateSpans(task.data.text, raw, { file, line }, true);
    if (errors.length > 0) {
      result.errors.push(...errors);
      continue;
    }
    const { text, meta, ...extra } = task.data;
    result.records.push({ file, line, text, spans, meta: { ...extra, ...(isObject(meta) ? meta : {}) } });
  }
  return result;
}

/** A page rebuilt from imported records, ready to store or to export again. */
export interface RebuiltPage {
  page: ExportPageMeta;
  document: PageDocument;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Pages from records: records sharing `meta.page` form one page, their articles in `meta.article` order (file
 * order otherwise). A text splits into articles at blank lines and into blocks at line breaks; block roles
 * come from `meta.roles` when it fits, else every block is body. Spans crossing a line break cannot sit in a
 * block and are reported. Ids are `${idSeed}<n>-a<i>`, `-b<i>`, `-s<i>`, deterministic.
 */
export function rebuildPages(
  records: readonly ImportRecord[],
  idSeed = 'p',
): { pages: RebuiltPage[]; errors: ReadError[] } {
  const groups = new Map<string, ImportRecord[]>();
  records.forEach((r, i) => {
    const key = str(r.meta.page) ?? `${r.file}#${i}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  });
  const pages: RebuiltPage[] = [];
  const errors: ReadError[] = [];
  let pageNo = 0;
  for (const [key, group] of groups) {
    const seed = `${idSeed}${pageNo++}`;
    const ordered = group
      .map((r, i) => ({ r, order: typeof r.meta.article === 'number' ? r.meta.article : i }))
      .sort((a, b) => a.order - b.order)
      .map((x) => x.r);
    const articles: DocArticle[] = [];
    let blockNo = 0;
    let spanNo = 0;
    for (const record of ordered) {
      const texts = record.text.split('\n');
      const metaRoles = Array.isArray(record.meta.roles) ? record.meta.roles : [];
      const roles: BlockRole[] = texts.map((_t, i) => {
        const role = metaRoles[i] as BlockRole;
        return BLOCK_ROLES.includes(role) && isExportedRole(role) ? role : 'body';
      });
      // Blocks per line, with a blank line closing the article.
      let blocks: DocBlock[] = [];
      let offset = 0;
      let roleAt = 0;
      const starts: { block: DocBlock; start: number }[] = [];
      const close = (): void => {
        if (blocks.length > 0) articles.push({ id: `${seed}-a${articles.length}`, blocks });
        blocks = [];
      };
      for (const t of texts) {
        if (t === '') close();
        else {
          const block: DocBlock = { id: `${seed}-b${blockNo++}`, role: roles[roleAt++] ?? 'body', text: t, spans: [] };
          blocks.push(block);
          starts.push({ block, start: offset });
        }
        offset += t.length + 1;
      }
      close();
      for (const s of record.spans) {
        const home = starts.find((b) => b.start <= s.start && s.end <= b.start + b.block.text.length);
        if (!home) {
          errors.push({ file: record.file, line: record.line, message: `${s.label} span crosses a line break` });
          continue;
        }
        home.block.spans.push({
          id: `${seed}-s${spanNo++}`,
          label: s.label,
          start: s.start - home.start,
          end: s.end - home.start,
          ...(s.entityId ? { entityId: s.entityId } : {}),
          origin: 'manual',
        });
      }
    }
    const first = ordered[0]?.meta ?? {};
    pages.push({
      page: { fileName: key, newspaper: str(first.newspaper), date: str(first.date), pageNo: str(first.pageNo) },
      document: { version: 1, articles, setAside: [] },
    });
  }
  return { pages, errors };
}
