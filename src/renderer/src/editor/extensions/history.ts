/**
 * Undo and redo (Mod-z, Shift-Mod-z, Mod-y) from prosemirror-history. Span operations (create, relabel,
 * remove, move a boundary) are ordinary transactions, so they undo like typing does.
 */
import { Extension } from '@tiptap/core';
import { history, redo, undo } from '@tiptap/pm/history';

export const History = Extension.create({
  name: 'galleyHistory',

  addProseMirrorPlugins() {
    return [history({ depth: 200, newGroupDelay: 500 })];
  },

  addKeyboardShortcuts() {
    const run = (cmd: typeof undo) => () => cmd(this.editor.state, this.editor.view.dispatch);
    return { 'Mod-z': run(undo), 'Shift-Mod-z': run(redo), 'Mod-y': run(redo) };
  },
});
