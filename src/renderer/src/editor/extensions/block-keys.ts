/**
 * Block operations from the keyboard: Mod+Alt+1…8 set the block's role (in BLOCK_ROLES order), Alt+↑/↓ move
 * the block up or down, across an article's edge too (moveBlockTo moves it anywhere: dragged by its handle,
 * BlockDrag.tsx). Enter (split, same role, fresh id) and Backspace at a block's start
 * (join with the previous block, spans keep their ids) come from TipTap's core keymap; unique-ids.ts fixes ids.
 */
import { Extension } from '@tiptap/core';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { TextSelection } from '@tiptap/pm/state';

import { BLOCK_ROLES, type BlockRole } from '../../../../shared/domain';

/** Sets the role of the block holding the selection's start. */
export function setBlockRole(state: EditorState, role: BlockRole, dispatch: (tr: Transaction) => void): boolean {
  const { $from } = state.selection;
  if ($from.parent.type.name !== 'block') return false;
  dispatch(state.tr.setNodeMarkup($from.before(), undefined, { ...$from.parent.attrs, role }));
  return true;
}

/**
 * Moves the block holding the selection one place up (-1) or down (1): within its article, or from an
 * article's first block up to the end of the article before (from its last block down to the start of the
 * article after). The caret keeps its place in the block.
 */
export function moveBlock(state: EditorState, dir: -1 | 1, dispatch: (tr: Transaction) => void): boolean {
  const { $from } = state.selection;
  if ($from.parent.type.name !== 'block' || $from.depth < 2) return false;
  const article = $from.node(-1);
  const other = $from.index(-1) + dir;
  const from = $from.before();
  const offset = $from.pos - from;
  if (other < 0 || other >= article.childCount) {
    const next = $from.index(0) + dir;
    if (next < 0 || next >= state.doc.childCount) return false;
    // The end of the article before, or the start of the article after.
    return moveBlockTo(state, from, dir === -1 ? $from.before(1) - 1 : $from.after(1) + 1, dispatch, offset);
  }
  // Before the block above, or after the block below.
  const to = dir === -1 ? from - article.child(other).nodeSize : $from.after() + article.child(other).nodeSize;
  return moveBlockTo(state, from, to, dispatch, offset);
}

/**
 * Moves the block that starts at `from` to `to`, a position between two blocks of any article (before the
 * first or after the last included), in one transaction, its spans with it; the caret goes into it at `caret`
 * (1: its start). An
 * article the move leaves empty goes too. False (nothing dispatched) when `to` is no such position or the move
 * would leave the block where it is.
 */
export function moveBlockTo(
  state: EditorState,
  from: number,
  to: number,
  dispatch: (tr: Transaction) => void,
  caret = 1,
): boolean {
  const block = state.doc.nodeAt(from);
  if (block?.type.name !== 'block') return false;
  if (to === from || to === from + block.nodeSize || to < 0 || to > state.doc.content.size) return false;
  if (state.doc.resolve(to).parent.type.name !== 'article') return false;
  const $from = state.doc.resolve(from);
  const tr = state.tr;
  if ($from.parent.childCount === 1) tr.delete($from.before(), $from.after());
  else tr.delete(from, from + block.nodeSize);
  const insertAt = tr.mapping.map(to);
  tr.insert(insertAt, block);
  tr.setSelection(TextSelection.create(tr.doc, insertAt + caret));
  dispatch(tr.scrollIntoView());
  return true;
}

export const BlockKeys = Extension.create({
  name: 'galleyBlockKeys',

  addKeyboardShortcuts() {
    const keys: Record<string, () => boolean> = {
      'Alt-ArrowUp': () => moveBlock(this.editor.state, -1, this.editor.view.dispatch),
      'Alt-ArrowDown': () => moveBlock(this.editor.state, 1, this.editor.view.dispatch),
    };
    BLOCK_ROLES.forEach((role, i) => {
      keys[`Mod-Alt-${i + 1}`] = () => setBlockRole(this.editor.state, role, this.editor.view.dispatch);
    });
    return keys;
  },
});
