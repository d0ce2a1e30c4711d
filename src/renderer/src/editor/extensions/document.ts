/**
 * The editor's top node: a page is a list of articles. Set-aside blocks (jumps, furniture) are not part of the
 * text flow: they ride along as the `setAside` attribute of the document node (a list of document blocks,
 * never rendered in the text). Keeping them in the editor state rather than beside it makes setting a block
 * aside, restoring it and correcting its text ordinary transactions (DocAttrStep), so the editor's undo,
 * dirty tracking and autosave cover them like any other edit. See ../set-aside.ts.
 */
import { Node } from '@tiptap/core';

export const PageDoc = Node.create({
  name: 'doc',
  topNode: true,
  content: 'article*',

  addAttributes() {
    return {
      setAside: {
        default: [],
        // Never in the DOM: the page editor shows the list below the text.
        rendered: false,
        parseHTML: () => [],
      },
    };
  },
});
