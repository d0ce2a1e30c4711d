/**
 * The keys of the "tag all occurrences" review, while it runs: y tags the selected occurrence, n skips it,
 * a tags it and all remaining ones, Escape ends the review. They come before every other key handler, so
 * y, n and a are not typed into the text meanwhile; other keys behave as usual.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

export type PropagateKey = 'y' | 'n' | 'a' | 'Escape';

export interface PropagateHost {
  /** Whether a review is running. */
  propagating(): boolean;
  propagationKey(key: PropagateKey): void;
}

const KEYS = new Set<string>(['y', 'n', 'a', 'Escape']);

export const PropagateKeys = Extension.create<{ host: PropagateHost | null }>({
  name: 'galleyPropagateKeys',
  priority: 1000,

  addOptions() {
    return { host: null };
  },

  addProseMirrorPlugins() {
    const host = () => this.options.host;
    return [
      new Plugin({
        key: new PluginKey('galleyPropagateKeys'),
        props: {
          handleKeyDown(_view, event) {
            const h = host();
            if (!h?.propagating() || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return false;
            const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
            if (!KEYS.has(key)) return false;
            event.preventDefault();
            h.propagationKey(key as PropagateKey);
            return true;
          },
        },
      }),
    ];
  },
});
