// The stored document of a page (articles of blocks with text and entity spans) and the schema that guards saves.
import { z } from 'zod';

import { BLOCK_ROLES, type BlockRole } from '../domain';
import { splitsSurrogatePair } from './offsets';

export const DOCUMENT_VERSION = 1;

/** How a span came to be: typed by a person, copied from another mention, or found by a gazetteer. */
export const SPAN_ORIGINS = ['manual', 'propagated', 'gazetteer'] as const;
export type SpanOrigin = (typeof SPAN_ORIGINS)[number];

/** Roles that are kept but never exported; only these may sit in `setAside`. */
export const SET_ASIDE_ROLES = ['jump', 'furniture'] as const;
export type SetAsideRole = (typeof SET_ASIDE_ROLES)[number];

/** An entity mention. Offsets are UTF-16 code units within the block's text, end exclusive. */
export interface DocSpan {
  id: string;
  label: string;
  start: number;
  end: number;
  entityId?: string | null;
  origin: SpanOrigin;
}

export interface DocBlock {
  id: string;
  role: BlockRole;
  text: string;
  spans: DocSpan[];
}

export interface DocArticle {
  id: string;
  blocks: DocBlock[];
}

export interface PageDocument {
  version: 1;
  articles: DocArticle[];
  /** Jump markers and page furniture: kept so nothing is lost, excluded from exports. */
  setAside: DocBlock[];
}

/** Whether a block's text goes into exports (and so must be a single line). */
export function isExportedRole(role: BlockRole): boolean {
  return role !== 'jump' && role !== 'furniture';
}

const LINE_BREAK = /[\r\n]/;

/**
 * Everything wrong with a block's spans, as messages; empty when they are valid. Shared by the schema and by
 * the span mapping, which refuses to map spans that are already broken rather than make them worse.
 */
export function spanIssues(text: string, spans: readonly DocSpan[]): { index: number; message: string }[] {
  const issues: { index: number; message: string }[] = [];
  spans.forEach((s, index) => {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0) {
      issues.push({ index, message: `span ${s.id}: offsets must be non-negative integers` });
    } else if (s.start >= s.end) {
      issues.push({ index, message: `span ${s.id}: start ${s.start} must be before end ${s.end}` });
    } else if (s.end > text.length) {
      issues.push({ index, message: `span ${s.id}: end ${s.end} is past the text (${text.length})` });
    } else if (splitsSurrogatePair(text, s.start) || splitsSurrogatePair(text, s.end)) {
      // A boundary inside a surrogate pair would export half a character in code point formats.
      issues.push({ index, message: `span ${s.id}: a boundary splits a surrogate pair` });
    }
  });
  // Sorting a copy keeps the check independent of stored order, which carries no meaning.
  const order = spans.map((s, index) => ({ s, index })).sort((a, b) => a.s.start - b.s.start || a.s.end - b.s.end);
  for (let i = 1; i < order.length; i++) {
    const prev = order[i - 1];
    const cur = order[i];
    if (prev && cur && cur.s.start < prev.s.end) {
      issues.push({ index: cur.index, message: `span ${cur.s.id} overlaps span ${prev.s.id}` });
    }
  }
  return issues;
}

const idSchema = z.string().min(1).max(200);

export const DocSpanSchema = z.strictObject({
  id: idSchema,
  label: z.string().min(1).max(100),
  start: z.int().nonnegative(),
  end: z.int().nonnegative(),
  entityId: idSchema.nullable().optional(),
  origin: z.enum(SPAN_ORIGINS),
});

export const DocBlockSchema = z
  .strictObject({
    id: idSchema,
    role: z.enum(BLOCK_ROLES),
    text: z.string(),
    spans: z.array(DocSpanSchema),
  })
  .superRefine((block, ctx) => {
    for (const issue of spanIssues(block.text, block.spans)) {
      ctx.addIssue({ code: 'custom', path: ['spans', issue.index], message: issue.message });
    }
    // documentText writes one exported block per line; a line break inside one would fake a paragraph.
    if (isExportedRole(block.role) && LINE_BREAK.test(block.text)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: `block ${block.id}: a ${block.role} is one line` });
    }
  });

export const DocArticleSchema = z.strictObject({
  id: idSchema,
  // The editor's article node needs at least one block; an article without any carries nothing.
  blocks: z.array(DocBlockSchema).min(1),
});

/**
 * What is wrong with a document as a whole, as messages with their paths; empty when it is valid. One namespace
 * for article, block and span ids, so any id names exactly one thing on the page; only jump and furniture
 * blocks may be set aside. Shared by the schema and by applyDocumentPatch (a patch's unchanged blocks were
 * checked when stored, but where they land and what ids they meet are checked here).
 */
export function documentIssues(doc: PageDocument): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const seen = new Set<string>();
  const claim = (id: string, path: (string | number)[]): void => {
    if (seen.has(id)) issues.push({ path, message: `duplicate id ${id}` });
    seen.add(id);
  };
  const claimBlock = (block: DocBlock, path: (string | number)[]): void => {
    claim(block.id, [...path, 'id']);
    block.spans.forEach((s, k) => claim(s.id, [...path, 'spans', k, 'id']));
  };
  doc.articles.forEach((a, i) => {
    claim(a.id, ['articles', i, 'id']);
    a.blocks.forEach((b, j) => claimBlock(b, ['articles', i, 'blocks', j]));
  });
  doc.setAside.forEach((b, j) => {
    claimBlock(b, ['setAside', j]);
    if (!(SET_ASIDE_ROLES as readonly string[]).includes(b.role)) {
      issues.push({ path: ['setAside', j, 'role'], message: `a ${b.role} block cannot be set aside` });
    }
  });
  return issues;
}

export const PageDocumentSchema: z.ZodType<PageDocument> = z
  .strictObject({
    version: z.literal(DOCUMENT_VERSION),
    articles: z.array(DocArticleSchema),
    setAside: z.array(DocBlockSchema),
  })
  .superRefine((doc, ctx) => {
    for (const issue of documentIssues(doc)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

/** What documentFromReading needs of a repair reading (PageReading satisfies it). */
export interface ReadingLike {
  articles: readonly { blocks: readonly { role: BlockRole; text: string }[] }[];
  removed: readonly { role: SetAsideRole; text: string }[];
}

/**
 * The first document of a page, from the repair engine's reading. Ids are `${idSeed}-a<i>` for the reading's
 * i-th article and `${idSeed}-b<n>` for blocks (numbered in page order, set-aside blocks last), so the same
 * reading and seed always give the same document. Articles without blocks are dropped; an exported block
 * whose text holds line breaks becomes one block per non-empty line, since exported blocks are single lines.
 */
export function documentFromReading(reading: ReadingLike, idSeed: string): PageDocument {
  let blockNo = 0;
  const block = (role: BlockRole, text: string): DocBlock => ({ id: `${idSeed}-b${blockNo++}`, role, text, spans: [] });
  const articles: DocArticle[] = [];
  reading.articles.forEach((article, i) => {
    const blocks: DocBlock[] = [];
    for (const b of article.blocks) {
      if (isExportedRole(b.role) && LINE_BREAK.test(b.text)) {
        const lines = b.text.split(/\r\n|\r|\n/).filter((line) => line !== '');
        for (const line of lines.length > 0 ? lines : ['']) blocks.push(block(b.role, line));
      } else {
        blocks.push(block(b.role, b.text));
      }
    }
    if (blocks.length > 0) articles.push({ id: `${idSeed}-a${i}`, blocks });
  });
  const setAside = reading.removed.map((b) => block(b.role, b.text));
  return { version: DOCUMENT_VERSION, articles, setAside };
}

/**
 * The document with `change` applied to the spans of every block, the set-aside ones included (a span on a jump or
 * furniture line is kept there and comes back with it). Blocks whose spans `change` returns unchanged are kept.
 */
export function mapDocumentSpans(
  doc: PageDocument,
  change: (spans: DocSpan[], block: DocBlock) => DocSpan[],
): PageDocument {
  const mapBlock = (b: DocBlock): DocBlock => {
    const spans = change(b.spans, b);
    return spans === b.spans ? b : { ...b, spans };
  };
  return {
    ...doc,
    articles: doc.articles.map((a) => ({ ...a, blocks: a.blocks.map(mapBlock) })),
    setAside: doc.setAside.map(mapBlock),
  };
}

/** Every block of a document: the articles' in order, then the set-aside ones. */
export function allBlocks(doc: PageDocument): DocBlock[] {
  return [...doc.articles.flatMap((a) => a.blocks), ...doc.setAside];
}

/** Every id used in a document, in one set (the schema keeps them unique across kinds). */
export function documentIds(doc: PageDocument): Set<string> {
  const ids = new Set<string>();
  const addBlock = (b: DocBlock): void => {
    ids.add(b.id);
    for (const s of b.spans) ids.add(s.id);
  };
  for (const a of doc.articles) {
    ids.add(a.id);
    a.blocks.forEach(addBlock);
  }
  doc.setAside.forEach(addBlock);
  return ids;
}

/**
 * A source of fresh ids `${prefix}<n>` that the document does not use yet, for blocks made by a split and for
 * new spans; deterministic, so tests and replays get the same ids.
 */
export function createIdFactory(doc: PageDocument, prefix: string): () => string {
  const taken = documentIds(doc);
  let n = 0;
  return () => {
    let id = `${prefix}${n++}`;
    while (taken.has(id)) id = `${prefix}${n++}`;
    taken.add(id);
    return id;
  };
}
