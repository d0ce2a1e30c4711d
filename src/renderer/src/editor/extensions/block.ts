/**
 * A block of an article (kicker, headline, body, …): one line of text with entity marks. Attributes: `id`
 * (stable, unique on the page) and `role`. Rendered with renderHTML as a <p> carrying `data-role` and a
 * translated `data-role-label`, which the stylesheet shows as a badge through `::before`; block nodes get
 * `content-visibility: auto` in styles.css. No React node views: they cost typing latency.
 */
import { Node } from '@tiptap/core';

import type { BlockRole } from '../../../../shared/domain';

export interface BlockOptions {
  /** The role's name as shown in the badge. */
  roleLabel: (role: BlockRole) => string;
}

export const Block = Node.create<BlockOptions>({
  name: 'block',
  content: 'text*',
  marks: 'entity',

  addOptions() {
    return { roleLabel: (role: BlockRole) => role };
  },

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
        renderHTML: (attrs) => ({
          'data-role': attrs.role as string,
          'data-role-label': this.options.roleLabel(attrs.role as BlockRole),
        }),
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
