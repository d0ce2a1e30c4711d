// What an autosave sends: the page's structure in full (articles, their blocks in order) but only the blocks that
// changed since the revision it builds on; an unchanged block is named by its id. Typing a few characters into a
// 20,000-character page then sends one block and ~120 ids instead of the whole document, and the server checks
// one block against the schema instead of a thousand spans. The server applies it to the stored revision the
// patch names (the save's revision check), so the result is the document a full save would have stored.
import { z } from 'zod';

import { type DocBlock, DocBlockSchema, DOCUMENT_VERSION, documentIssues, type PageDocument } from './model';

/** A block of a patch: the whole block when new or changed, or the id of a block of the base revision. */
export type PatchBlock = DocBlock | string;

export interface DocumentPatch {
  version: 1;
  articles: { id: string; blocks: PatchBlock[] }[];
  setAside: PatchBlock[];
}

const idSchema = z.string().min(1).max(200);
const PatchBlockSchema = z.union([idSchema, DocBlockSchema]);

export const DocumentPatchSchema: z.ZodType<DocumentPatch> = z.strictObject({
  version: z.literal(DOCUMENT_VERSION),
  articles: z.array(z.strictObject({ id: idSchema, blocks: z.array(PatchBlockSchema).min(1) })),
  setAside: z.array(PatchBlockSchema),
});

/** The blocks a patch carries in full (the only ones whose labels and spans are new to the server). */
export function patchedBlocks(patch: DocumentPatch): DocBlock[] {
  const out: DocBlock[] = [];
  for (const a of patch.articles) for (const b of a.blocks) if (typeof b !== 'string') out.push(b);
  for (const b of patch.setAside) if (typeof b !== 'string') out.push(b);
  return out;
}

export class PatchError extends Error {}

/**
 * The document `patch` describes over `base`: blocks named by id are taken from `base` (articles or set-aside)
 * as they are. Throws PatchError when an id is not a block of `base`, or when the result breaks a document
 * rule (duplicate ids, a body block set aside); blocks sent in full were checked by the schema.
 */
export function applyDocumentPatch(base: PageDocument, patch: DocumentPatch): PageDocument {
  const stored = new Map<string, DocBlock>();
  for (const a of base.articles) for (const b of a.blocks) stored.set(b.id, b);
  for (const b of base.setAside) stored.set(b.id, b);
  const resolve = (b: PatchBlock): DocBlock => {
    if (typeof b !== 'string') return b;
    const found = stored.get(b);
    if (!found) throw new PatchError(`block ${b} is not in the revision this save builds on`);
    return found;
  };
  const doc: PageDocument = {
    version: DOCUMENT_VERSION,
    articles: patch.articles.map((a) => ({ id: a.id, blocks: a.blocks.map(resolve) })),
    setAside: patch.setAside.map(resolve),
  };
  const issues = documentIssues(doc);
  if (issues.length > 0) {
    throw new PatchError(
      issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    );
  }
  return doc;
}
