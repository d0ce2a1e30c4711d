/**
 * Outlines the span the caret or selection is on (class `is-active-span`). One inline decoration, kept in
 * plugin state: mapped through edits and recomputed only when the active span changes, so typing elsewhere
 * costs a lookup in one block.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

import { activeSpan } from '../spans';

interface ActiveState {
  id: string | null;
  set: DecorationSet;
}

const key = new PluginKey<ActiveState>('galleyActiveSpan');

export const ActiveSpan = Extension.create({
  name: 'galleyActiveSpan',

  addProseMirrorPlugins() {
    return [
      new Plugin<ActiveState>({
        key,
        state: {
          init: (): ActiveState => ({ id: null, set: DecorationSet.empty }),
          apply(tr, prev, _old, state): ActiveState {
            if (!tr.docChanged && !tr.selectionSet) return prev;
            const span = activeSpan(state);
            if (!span) return prev.id === null ? prev : { id: null, set: DecorationSet.empty };
            if (span.id === prev.id && !tr.docChanged) return prev;
            const deco = Decoration.inline(span.from, span.to, { class: 'is-active-span' });
            return { id: span.id, set: DecorationSet.create(state.doc, [deco]) };
          },
        },
        props: {
          decorations: (state) => key.getState(state)?.set ?? null,
        },
      }),
    ];
  },
});
