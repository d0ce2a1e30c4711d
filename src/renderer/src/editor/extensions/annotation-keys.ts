/**
 * The annotation keyboard, active while the editor has focus:
 * - 1–9 with text selected: a new span with that hotkey's label; with exactly one span selected: relabel it.
 *   Without a selection the digit is typed as text.
 * - Escape: select the span the caret is in (then 1–9 relabel, Delete/Backspace remove it); otherwise
 *   collapse the selection, or leave the editor.
 * - Delete / Backspace with exactly one span selected: remove the span, keep the text.
 * - Alt+←/→ move the end of the span at the caret; Alt+Shift+←/→ move its start (one character each).
 */
import { Extension } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';

import {
  activeSpan,
  createProblem,
  createSpan,
  moveBoundary,
  relabelSpan,
  removeSpan,
  selectSpan,
  selectedSpan,
} from '../spans';

export interface AnnotationHost {
  /** The label with this hotkey ("1"–"9"), or null. */
  labelForHotkey(key: string): string | null;
  newSpanId(): string;
  /** Shows a short message in the status line (an i18n key under editor.messages). */
  notify(messageKey: string): void;
}

export interface AnnotationKeysOptions {
  host: AnnotationHost | null;
}

/** Applies a label to the selection: creates a span, or relabels the selected one. Used by keys and palette. */
export function applyLabel(
  editor: {
    state: import('@tiptap/pm/state').EditorState;
    view: { dispatch: (tr: import('@tiptap/pm/state').Transaction) => void };
  },
  host: AnnotationHost,
  label: string,
): boolean {
  const { state } = editor;
  const dispatch = editor.view.dispatch;
  const selected = selectedSpan(state);
  if (selected) {
    if (selected.label !== label) relabelSpan(state, selected, label, dispatch);
    return true;
  }
  if (state.selection.empty) {
    const active = activeSpan(state);
    if (active) {
      if (active.label !== label) relabelSpan(state, active, label, dispatch);
      return true;
    }
    host.notify('selectFirst');
    return false;
  }
  const problem = createProblem(state);
  if (problem) {
    host.notify(problem);
    return false;
  }
  createSpan(state, label, host.newSpanId(), dispatch);
  return true;
}

export const AnnotationKeys = Extension.create<AnnotationKeysOptions>({
  name: 'galleyAnnotationKeys',

  addOptions() {
    return { host: null };
  },

  addKeyboardShortcuts() {
    const host = (): AnnotationHost | null => this.options.host;
    const digit = (key: string) => () => {
      const h = host();
      if (!h || this.editor.state.selection.empty) return false;
      const label = h.labelForHotkey(key);
      if (!label) return false;
      applyLabel(this.editor, h, label);
      return true;
    };
    const remove = () => {
      const span = selectedSpan(this.editor.state);
      if (!span) return false;
      removeSpan(this.editor.state, span, this.editor.view.dispatch);
      host()?.notify('removed');
      return true;
    };
    const move = (edge: 'start' | 'end', delta: -1 | 1) => () => {
      const span = activeSpan(this.editor.state);
      if (!span) return false;
      if (!moveBoundary(this.editor.state, span, edge, delta, this.editor.view.dispatch)) host()?.notify('cannotMove');
      return true;
    };
    const keys: Record<string, () => boolean> = {
      Escape: () => {
        const { state, view } = this.editor;
        const span = activeSpan(state);
        if (span && !selectedSpan(state)) {
          selectSpan(state, span, view.dispatch);
          return true;
        }
        if (!state.selection.empty) {
          view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, state.selection.head)));
          return true;
        }
        view.dom.blur();
        return true;
      },
      Delete: remove,
      Backspace: remove,
      'Alt-ArrowLeft': move('end', -1),
      'Alt-ArrowRight': move('end', 1),
      'Alt-Shift-ArrowLeft': move('start', -1),
      'Alt-Shift-ArrowRight': move('start', 1),
    };
    for (let k = 1; k <= 9; k++) keys[String(k)] = digit(String(k));
    return keys;
  },
});
