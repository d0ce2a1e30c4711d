// Converts a page document to the editor's JSON and back. Pure functions (no DOM, no editor), so they are
// unit-tested in Node; editorJsonToDoc(docToEditorJson(doc)) gives back `doc` exactly. The set-aside blocks
// travel as the document node's `setAside` attribute (see extensions/document.ts).
import type { JSONContent } from '@tiptap/core';

import type { BlockRole } from '../../../shared/domain';
import {
  DOCUMENT_VERSION,
  type DocArticle,
  type DocBlock,
  type DocSpan,
  type PageDocument,
  type SpanOrigin,
} from '../../../shared/document';

/** The attributes of an entity mark, as the editor stores them. */
export interface EntityAttrs {
  id: string;
  label: string;
  entityId?: string | null;
  origin: SpanOrigin;
}

function markOf(span: DocSpan): JSONContent['marks'] & object {
  const attrs: EntityAttrs = { id: span.id, label: span.label, origin: span.origin };
  if (span.entityId !== undefined) attrs.entityId = span.entityId;
  return [{ type: 'entity', attrs: attrs as unknown as Record<string, unknown> }];
}

/** A block's text as text nodes, cut at every span boundary; spans must not overlap (the schema ensures it). */
export function blockContent(block: DocBlock): JSONContent[] {
  const spans = [...block.spans].sort((a, b) => a.start - b.start);
  const out: JSONContent[] = [];
  let at = 0;
  const plain = (to: number): void => {
    if (to > at) out.push({ type: 'text', text: block.text.slice(at, to) });
    at = Math.max(at, to);
  };
  for (const span of spans) {
    plain(span.start);
    if (span.end > span.start)
      out.push({ type: 'text', text: block.text.slice(span.start, span.end), marks: markOf(span) });
    at = span.end;
  }
  plain(block.text.length);
  return out;
}

export function blockToJson(block: DocBlock): JSONContent {
  const node: JSONContent = { type: 'block', attrs: { id: block.id, role: block.role } };
  const content = blockContent(block);
  if (content.length > 0) node.content = content;
  return node;
}

/** A copy of set-aside blocks, so the editor state never shares objects with the caller's document. */
function copyBlocks(blocks: readonly DocBlock[]): DocBlock[] {
  return blocks.map((b) => ({ ...b, spans: b.spans.map((s) => ({ ...s })) }));
}

/**
 * A page as TipTap JSON: its articles are the editable content; its set-aside blocks are the document node's
 * `setAside` attribute, outside the text flow.
 */
export function docToEditorJson(doc: PageDocument): JSONContent {
  return {
    type: 'doc',
    attrs: { setAside: copyBlocks(doc.setAside) },
    content: doc.articles.map((article) => ({
      type: 'article',
      attrs: { id: article.id },
      content: article.blocks.map(blockToJson),
    })),
  };
}

function spanFromAttrs(attrs: Record<string, unknown>, start: number, end: number): DocSpan {
  const span: DocSpan = {
    id: String(attrs.id),
    label: String(attrs.label),
    start,
    end,
    origin: (attrs.origin as SpanOrigin | undefined) ?? 'manual',
  };
  // Keep the document's own key order (id, label, start, end, entityId, origin) for exact round trips.
  if (attrs.entityId !== undefined) {
    return {
      id: span.id,
      label: span.label,
      start,
      end,
      entityId: attrs.entityId as string | null,
      origin: span.origin,
    };
  }
  return span;
}

/** A block node's JSON as a document block: text concatenated, each entity mark id one span (UTF-16 offsets). */
export function jsonToBlock(node: JSONContent): DocBlock {
  let text = '';
  const spans = new Map<string, DocSpan>();
  for (const child of node.content ?? []) {
    const piece = child.text ?? '';
    const start = text.length;
    text += piece;
    for (const mark of child.marks ?? []) {
      if (mark.type !== 'entity' || !mark.attrs) continue;
      const id = String(mark.attrs.id);
      const known = spans.get(id);
      if (known) known.end = text.length;
      else spans.set(id, spanFromAttrs(mark.attrs, start, text.length));
    }
  }
  const attrs = node.attrs ?? {};
  return {
    id: String(attrs.id),
    role: (attrs.role as BlockRole | undefined) ?? 'body',
    text,
    spans: [...spans.values()].sort((a, b) => a.start - b.start),
  };
}

/** The set-aside blocks a document node's JSON carries, or null when it has none (JSON from elsewhere). */
export function setAsideOfJson(json: JSONContent): DocBlock[] | null {
  const value: unknown = json.attrs?.setAside;
  return Array.isArray(value) ? (value as DocBlock[]) : null;
}

/**
 * The editor's JSON as a page document. Its set-aside blocks come from the document node's attribute;
 * `fallback` is used only for JSON without that attribute.
 */
export function editorJsonToDoc(json: JSONContent, fallback: readonly DocBlock[] = []): PageDocument {
  const articles: DocArticle[] = (json.content ?? [])
    .filter((n) => n.type === 'article')
    .map((article) => ({
      id: String(article.attrs?.id),
      blocks: (article.content ?? []).filter((n) => n.type === 'block').map(jsonToBlock),
    }));
  return {
    version: DOCUMENT_VERSION,
    articles,
    setAside: copyBlocks(setAsideOfJson(json) ?? fallback),
  };
}
