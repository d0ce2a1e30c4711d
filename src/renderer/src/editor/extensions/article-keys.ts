/**
 * Articles split and joined by hand, for what layout repair got wrong: Ctrl/⌘+Shift+Enter starts a new article
 * at the block holding the caret (it and the blocks after it leave their article for a new one right after),
 * Ctrl/⌘+Shift+Backspace joins the caret's article to the one before it. Each is one transaction (undoable,
 * autosaved); spans stay on their blocks; the new article's id comes from unique-ids.ts.
 */
import { Extension } from '@tiptap/core';
import { canJoin } from '@tiptap/pm/transform';
import type { EditorState, Transaction } from '@tiptap/pm/state';

/** Why an article command did nothing: the caret is in no block, or there is nothing to split or join. */
export type ArticleRefusal = 'notInBlock' | 'articleStart' | 'firstArticle';

/** The caret's block and article, or null when the caret is in no block. */
function caretBlock(state: EditorState) {
  const { $from } = state.selection;
  return $from.parent.type.name === 'block' && $from.depth >= 2 ? $from : null;
}

/** Starts a new article at the caret's block. A refusal instead when it already starts its article. */
export function splitArticle(state: EditorState, dispatch?: (tr: Transaction) => void): true | ArticleRefusal {
  const $from = caretBlock(state);
  if (!$from) return 'notInBlock';
  if ($from.index(-1) === 0) return 'articleStart';
  const article = $from.node(-1);
  if (dispatch)
    dispatch(
      state.tr
        .split($from.before(), 1, [{ type: article.type, attrs: { ...article.attrs, id: null } }])
        .scrollIntoView(),
    );
  return true;
}

/** Joins the caret's article to the one before it. A refusal instead for the page's first article. */
export function joinArticle(state: EditorState, dispatch?: (tr: Transaction) => void): true | ArticleRefusal {
  const $from = caretBlock(state);
  if (!$from) return 'notInBlock';
  const between = $from.before(-1);
  if (state.doc.resolve(between).index() === 0 || !canJoin(state.doc, between)) return 'firstArticle';
  if (dispatch) dispatch(state.tr.join(between).scrollIntoView());
  return true;
}

export interface ArticleKeysOptions {
  /** Told why a command did nothing (the session shows it in the message line). */
  refused: (why: ArticleRefusal) => void;
}

export const ArticleKeys = Extension.create<ArticleKeysOptions>({
  name: 'galleyArticleKeys',

  addOptions() {
    return { refused: () => undefined };
  },

  addKeyboardShortcuts() {
    const run = (command: typeof splitArticle) => () => {
      const done = command(this.editor.state, this.editor.view.dispatch);
      if (done !== true) this.options.refused(done);
      return true;
    };
    return { 'Mod-Shift-Enter': run(splitArticle), 'Mod-Shift-Backspace': run(joinArticle) };
  },
});
