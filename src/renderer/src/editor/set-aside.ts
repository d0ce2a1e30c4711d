// Manual repair of set-aside blocks (jump markers, page furniture) as editor transactions: set a block of the
// text aside, restore a set-aside block into the text, correct a set-aside block's text or role. The blocks
// live in the document node's `setAside` attribute (extensions/document.ts), so each operation is one
// transaction — one undo step, saved like typing. Pure ProseMirror, no DOM, so it is unit-tested in Node.
import type { Node as PMNode } from '@tiptap/pm/model';
import { Selection, TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';

import type { BlockRole } from '../../../shared/domain';
import {
  type DocBlock,
  type ReplaceStep,
  type SetAsideRole,
  editBlock,
  splitBlock,
  splitsSurrogatePair,
} from '../../../shared/document';
import { blockToJson, jsonToBlock } from './convert';

export const SET_ASIDE_ATTR = 'setAside';

/** The set-aside blocks of an editor document (the attribute's value, never to be modified in place). */
export function setAsideOf(doc: PMNode): readonly DocBlock[] {
  const value: unknown = doc.attrs[SET_ASIDE_ATTR];
  return Array.isArray(value) ? (value as DocBlock[]) : [];
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * A set-aside block as blocks of the text: one per line, since text blocks are single lines (furniture such as
 * a teaser box spans several). The first line keeps the block's id, the others get fresh ids; spans keep
 * their ids and offsets follow their line (a span across a line break keeps its first line's part). Blank lines
 * are dropped unless every line is blank.
 */
export function blockLines(block: DocBlock, role: BlockRole, newId: () => string): DocBlock[] {
  const lines: DocBlock[] = [];
  let rest: DocBlock = block;
  for (let m = LINE_BREAK.exec(rest.text); m; m = LINE_BREAK.exec(rest.text)) {
    const { left, right } = splitBlock(rest, m.index, newId());
    lines.push(left);
    rest = editBlock(right, [{ from: 0, to: m[0].length, insert: '' }]).block;
  }
  lines.push(rest);
  const kept = lines.filter((b) => b.text.trim() !== '' || b.spans.length > 0);
  const out = (kept.length > 0 ? kept : lines.slice(0, 1)).map((b) => ({ ...b, role }));
  // The block's own id stays with the first line shown, wherever the blank lines were.
  if (out[0] && out[0].id !== block.id) out[0] = { ...out[0], id: block.id };
  return out;
}

export interface RestoreOptions {
  /** The role the block gets in the text. @default 'body' */
  role?: BlockRole;
  /**
   * Whether a span's label may come into the text. The save refuses text spans whose label is not in the label
   * set, and a set-aside span can outlive its label (deleted since); such a span is dropped, and so listed for
   * review as deleted. @default every label
   */
  knownLabel?: (label: string) => boolean;
}

/**
 * Restores the set-aside block `blockId` into the text (as body unless told): after the block holding the
 * caret, or at the end of the last article when the caret is in none, or as a new article of a page without
 * any. Its spans come with it. The caret goes to the start of the restored text. Null when there is no such
 * set-aside block.
 */
export function restoreSetAside(
  state: EditorState,
  blockId: string,
  newId: () => string,
  { role = 'body', knownLabel = () => true }: RestoreOptions = {},
): Transaction | null {
  const list = setAsideOf(state.doc);
  const block = list.find((b) => b.id === blockId);
  if (!block) return null;
  const { schema } = state;
  const nodes = blockLines(block, role, newId).map((b) =>
    schema.nodeFromJSON(blockToJson({ ...b, spans: b.spans.filter((s) => knownLabel(s.label)) })),
  );
  const tr = state.tr;
  const { $from } = state.selection;
  let at: number;
  if ($from.parent.type.name === 'block' && $from.depth >= 2) {
    at = $from.after();
    tr.insert(at, nodes);
  } else if (state.doc.childCount > 0) {
    // Just inside the closing token of the last article.
    at = state.doc.content.size - 1;
    tr.insert(at, nodes);
  } else {
    tr.insert(0, schema.nodes.article!.create({ id: newId() }, nodes));
    at = 1;
  }
  tr.setDocAttribute(
    SET_ASIDE_ATTR,
    list.filter((b) => b !== block),
  );
  tr.setSelection(TextSelection.create(tr.doc, at + 1));
  return tr.scrollIntoView();
}

/**
 * Sets the block holding the caret aside as `role` (jump or furniture), spans and all, at the end of the
 * set-aside list; an article left without blocks goes with it. The caret moves to the text that followed.
 * Null outside a block.
 */
export function setBlockAside(state: EditorState, role: SetAsideRole): Transaction | null {
  const { $from } = state.selection;
  if ($from.parent.type.name !== 'block' || $from.depth < 2) return null;
  const block: DocBlock = { ...jsonToBlock($from.parent.toJSON() as Parameters<typeof jsonToBlock>[0]), role };
  const alone = $from.node(-1).childCount === 1;
  const from = alone ? $from.before(-1) : $from.before();
  const to = alone ? $from.after(-1) : $from.after();
  const tr = state.tr.delete(from, to);
  tr.setDocAttribute(SET_ASIDE_ATTR, [...setAsideOf(state.doc), block]);
  const at = Math.min(from, tr.doc.content.size);
  tr.setSelection(Selection.near(tr.doc.resolve(at), 1));
  return tr.scrollIntoView();
}

/**
 * The one replacement that turns `before` into `after` (common prefix and suffix kept), never cutting a
 * surrogate pair, so a span on 𠮷 is not split by a change next to it.
 */
export function textChange(before: string, after: string): ReplaceStep {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (splitsSurrogatePair(before, prefix) || splitsSurrogatePair(after, prefix)) prefix--;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (splitsSurrogatePair(before, before.length - suffix) || splitsSurrogatePair(after, after.length - suffix)) {
    suffix--;
  }
  return { from: prefix, to: before.length - suffix, insert: after.slice(prefix, after.length - suffix) };
}

/**
 * Corrects the text of a set-aside block; its spans follow the shared span rules (a change inside a span keeps
 * it on its text, a span whose text is removed is deleted and listed for review). Null when nothing changes.
 */
export function editSetAsideText(state: EditorState, blockId: string, text: string): Transaction | null {
  const list = setAsideOf(state.doc);
  const index = list.findIndex((b) => b.id === blockId);
  const block = list[index];
  if (!block || block.text === text) return null;
  const { block: edited } = editBlock(block, [textChange(block.text, text)]);
  return state.tr.setDocAttribute(
    SET_ASIDE_ATTR,
    list.map((b, i) => (i === index ? edited : b)),
  );
}

/** Changes a set-aside block between jump and furniture. Null when nothing changes. */
export function setSetAsideRole(state: EditorState, blockId: string, role: SetAsideRole): Transaction | null {
  const list = setAsideOf(state.doc);
  if (!list.some((b) => b.id === blockId && b.role !== role)) return null;
  return state.tr.setDocAttribute(
    SET_ASIDE_ATTR,
    list.map((b) => (b.id === blockId ? { ...b, role } : b)),
  );
}
