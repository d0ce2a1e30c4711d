/**
 * A block of an article (kicker, headline, body, …): one line of text with entity marks. Attributes: `id`
 * (stable, unique on the page) and `role`. Rendered with renderHTML as a <p> carrying `data-role`, which the
 * stylesheet shows as a badge through `::before`, its text from a CSS variable per role that the editor's host
 * sets in the interface language (so a language switch renames every badge without redrawing the text); block
 * nodes get `content-visibility: auto` in styles.css. No React node views: they cost typing latency.
 */
import { Node } from '@tiptap/core';

import type { BlockRole } from '../../../../shared/domain';

export const Block = Node.create({
  name: 'block',
  content: 'text*',
  marks: 'entity',

  addAttributes() {
    return {
      id: {
        default: null,
        // A split block gets a fresh id (see unique-ids.ts); the role goes with it.
        keepOnSplit: false,
        parseHTML: (el) => el.getAttribute('data-block-id'),
        renderHTML: (attrs) => ({ 'data-block-id': attrs.id as string }),
      },
      role: {
        default: 'body',
        parseHTML: (el) => el.getAttribute('data-role') ?? 'body',
        renderHTML: (attrs) => ({ 'data-role': attrs.role as BlockRole }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'p[data-block-id]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['p', { ...HTMLAttributes, class: 'ed-block' }, 0];
  },
});
