/**
 * Setting a block aside from the keyboard: Mod+Alt+J sets the block holding the caret aside as a jump marker,
 * Mod+Alt+F as page furniture (out of the text, into the set-aside list below it; see ../set-aside.ts).
 * Mod+Alt+7/8 (block-keys.ts) only change the role in place, struck through where it stands.
 */
import { Extension } from '@tiptap/core';

import type { SetAsideRole } from '../../../../shared/document';

export interface SetAsideHost {
  /** Sets the block at the caret aside; false when the caret is in no block. */
  setBlockAside(role: SetAsideRole): boolean;
}

export const SetAsideKeys = Extension.create<{ host: SetAsideHost | null }>({
  name: 'galleySetAsideKeys',

  addOptions() {
    return { host: null };
  },

  addKeyboardShortcuts() {
    const run = (role: SetAsideRole) => () => this.options.host?.setBlockAside(role) ?? false;
    return { 'Mod-Alt-j': run('jump'), 'Mod-Alt-f': run('furniture') };
  },
});
