/**
 * The editor's top node: a page is a list of articles. Set-aside blocks (jumps, furniture) are not part of the
 * editable document; the page editor keeps them beside it and shows them read-only.
 */
import { Node } from '@tiptap/core';

export const PageDoc = Node.create({
  name: 'doc',
  topNode: true,
  content: 'article*',
});
