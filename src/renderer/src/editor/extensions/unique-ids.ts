/**
 * Keeps every article, block and span id unique after splits, pastes and drops: the first holder keeps an id,
 * a later block gets a fresh one from the page's id factory, and a later piece of a span loses its mark (the
 * left part of a split span keeps the span). Runs as appendTransaction, so it joins the edit's undo step; plain
 * typing and deleting skip the walk over the whole page (see mayDuplicateIds).
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

import { fixDuplicateIds, mayDuplicateIds } from '../spans';

export interface UniqueIdsOptions {
  newId: () => string;
}

export const UniqueIds = Extension.create<UniqueIdsOptions>({
  name: 'galleyUniqueIds',

  addOptions() {
    let n = 0;
    return { newId: () => `tmp-${n++}` };
  },

  addProseMirrorPlugins() {
    const { newId } = this.options;
    return [
      new Plugin({
        key: new PluginKey('galleyUniqueIds'),
        // Typing and deleting cannot duplicate an id: only other edits pay for the walk over the page.
        appendTransaction: (transactions, _old, state) =>
          mayDuplicateIds(transactions) ? fixDuplicateIds(state, newId) : null,
      }),
    ];
  },
});
