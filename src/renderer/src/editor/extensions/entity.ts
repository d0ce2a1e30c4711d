/**
 * An entity span as a mark: `<span class="entity" data-label data-span-id>`; its colour comes from a CSS
 * variable per label (see label-styles.ts), its label shows on hover (title), never through `::after`.
 *
 * - `inclusive: false`: typing at either edge of a span does not grow it (the shared mapSpans rules).
 * - Every mark carries its own `id`, so two adjacent spans with the same label (江泽民李鹏) never merge.
 * - The default `excludes` (a mark excludes its own type) means a character holds at most one entity mark,
 *   so overlapping spans cannot exist in the document; the annotation commands refuse a selection that
 *   touches an existing span instead of letting addMark silently replace it.
 * - `entityId` defaults to `undefined` (not null) so a span without the key round-trips without gaining one.
 */
import { Mark } from '@tiptap/core';

export const Entity = Mark.create({
  name: 'entity',
  inclusive: false,
  spanning: true,

  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-span-id'),
        renderHTML: (attrs) => ({ 'data-span-id': attrs.id as string }),
      },
      label: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-label'),
        renderHTML: (attrs) => ({ 'data-label': attrs.label as string, title: attrs.label as string }),
      },
      entityId: { default: undefined, rendered: false },
      origin: { default: 'manual', rendered: false },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-span-id]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', { ...HTMLAttributes, class: 'entity' }, 0];
  },
});
