/**
 * An article: a run of blocks with a stable id (`data-article-id`). Rendered as a plain <section>, never a
 * React node view (see /work/shared/editor-performance.md).
 */
import { Node } from '@tiptap/core';

export const Article = Node.create({
  name: 'article',
  content: 'block+',
  defining: true,
  isolating: true,

  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-article-id'),
        renderHTML: (attrs) => ({ 'data-article-id': attrs.id as string }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'section[data-article-id]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['section', { ...HTMLAttributes, class: 'ed-article' }, 0];
  },
});
