/**
 * Keeps a span on its text when the text is replaced from within (typing over the selected name, an IME
 * composition over it), as the shared span rules say; see keepReplacedSpans and keepComposedSpan in
 * ../spans.ts. Runs as appendTransaction so it joins the edit's undo step.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

import { activeSpan, keepComposedSpan, keepReplacedSpans } from '../spans';

/** How long after compositionend the composition's last DOM flush may still arrive. */
const COMPOSITION_TAIL_MS = 100;

export const KeepSpans = Extension.create({
  name: 'galleyKeepSpans',

  addProseMirrorPlugins() {
    let view: EditorView | null = null;
    // The span an IME composition is replacing, while it lasts.
    let composing: string | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    return [
      new Plugin({
        key: new PluginKey('galleyKeepSpans'),
        view(v) {
          view = v;
          return {
            destroy: () => {
              view = null;
              if (timer) clearTimeout(timer);
            },
          };
        },
        props: {
          handleDOMEvents: {
            compositionend: () => {
              if (timer) clearTimeout(timer);
              timer = setTimeout(() => (composing = null), COMPOSITION_TAIL_MS);
              return false;
            },
          },
        },
        appendTransaction: (transactions, _old, state) => {
          const tr = transactions.length === 1 ? transactions[0] : undefined;
          if (!tr || !tr.docChanged) return null;
          if (composing) {
            const kept = keepComposedSpan(tr, state, composing);
            if (kept) return kept;
          }
          const kept = keepReplacedSpans(tr, state);
          if (kept && view?.composing) composing = activeSpan(state.apply(kept))?.id ?? null;
          return kept;
        },
      }),
    ];
  },
});
