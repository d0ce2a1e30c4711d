/**
 * A character typed on the keyboard (keypress, outside an IME composition) goes into the document as a
 * ProseMirror insertText transaction, the browser's own insertion prevented. Left to the browser, Chrome runs
 * its editing command over the contenteditable (its undo stack, selection and layout upkeep), and ProseMirror
 * then reads the change back from the DOM: measured on a 20,000-character page, that native part was most of
 * a keystroke's main-thread time. The transaction is the one ProseMirror would build from the DOM change:
 * insertText over the selection, with the marks at the caret (so a span grows when typed inside, not at
 * its edges), and handleTextInput props still see the text first. Composition, Enter and shortcuts are
 * untouched.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';

export const TypedText = Extension.create({
  name: 'galleyTypedText',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('galleyTypedText'),
        props: {
          handleKeyPress(view, event) {
            // ProseMirror calls this only outside compositions; AltGr (Ctrl+Alt) and shortcuts go the usual way.
            if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || view.composing) return false;
            const text = event.key;
            // One character (an astral one is two UTF-16 units), never a named key or a line break.
            if ([...text].length !== 1 || /[\r\n]/.test(text)) return false;
            const { selection } = view.state;
            if (!(selection instanceof TextSelection) || !selection.$from.sameParent(selection.$to)) return false;
            if (!selection.$from.parent.inlineContent) return false;
            const { from, to } = selection;
            const deflt = () => view.state.tr.insertText(text, from, to).scrollIntoView();
            if (!view.someProp('handleTextInput', (f) => f(view, from, to, text, deflt))) view.dispatch(deflt());
            return true;
          },
        },
      }),
    ];
  },
});
