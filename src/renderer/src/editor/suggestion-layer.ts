// The page's pending repair suggestions in a running editor: locates them, shows them as decorations, steps
// through them from the keyboard, and accepts or rejects them — the decision stored through `repair.decide`,
// the accepted repair applied to the editor's document as one undoable edit (so unsaved edits and spans
// stay, and autosave stores the result). Outside React, like the editor session; the side list subscribes.
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';

import type { ApiClient, PageReading, SuggestionView } from '../../../shared/api';
import {
  buildSuggestionSet,
  decorationsOf,
  focusSuggestion,
  removeSuggestions,
  replaceSuggestionSet,
  type SuggestionDecorationSpec,
  suggestionMarksKey,
  suggestionMarksPlugin,
} from './extensions/suggestion-marks';
import { alignOriginal, currentTextOf } from './original-diff';
import {
  applySuggestions,
  fragmentRanges,
  type LocatedSuggestion,
  locateSuggestions,
  pendingSuggestions,
  type SuggestionMark,
} from './suggestion-model';
import { createStore } from './store';

/** A pending suggestion as the side list shows it. */
export interface PendingItem {
  suggestion: SuggestionView;
  /** Whether it was found in the text (a repair already made by hand is not). */
  located: boolean;
}

export interface SuggestionTexts {
  title(s: SuggestionView): string;
  /** The badge of a block mark: the proposed role, "new article", "move". */
  label(s: SuggestionView): string;
  /** The text of a marker widget (merge, move destination). */
  marker(s: SuggestionView, role: SuggestionMark['role']): string;
}

/** Scrolls the nearest scrolling ancestor only (not the whole page) so the element is in its middle. */
function centerInScrollBox(element: Element): void {
  for (let box = element.parentElement; box; box = box.parentElement) {
    const { overflowY } = getComputedStyle(box);
    if ((overflowY === 'auto' || overflowY === 'scroll') && box.scrollHeight > box.clientHeight) {
      const rect = element.getBoundingClientRect();
      const outer = box.getBoundingClientRect();
      box.scrollTop += rect.top - outer.top - (box.clientHeight - rect.height) / 2;
      return;
    }
  }
  element.scrollIntoView({ block: 'center' });
}

/** How long after the editor opens (or the reading changes) the suggestions are located and shown. */
const READING_DELAY_MS = 50;

export class SuggestionLayer {
  readonly items = createStore<PendingItem[]>([]);
  readonly focused = createStore<string | null>(null);
  readonly busy = createStore(false);
  readonly error = createStore<string | null>(null);
  private editor: Editor | null = null;
  private reading: PageReading | null = null;
  private idle: ReturnType<typeof setTimeout> | null = null;
  private readonly fragments: ReturnType<typeof fragmentRanges>;

  constructor(
    private readonly api: ApiClient,
    private readonly pageId: number,
    private readonly original: string,
    private readonly texts: SuggestionTexts,
    /** The stored reading after a decision made here (the page view shows it in the Reading tab). */
    private readonly onReading: (reading: PageReading) => void,
  ) {
    this.fragments = fragmentRanges(original);
  }

  attach(editor: Editor): void {
    this.editor = editor;
    editor.registerPlugin(
      suggestionMarksPlugin({
        step: (dir) => this.step(dir),
        decideFocused: (decision) => {
          const id = this.focused.get();
          if (id === null || this.busy.get()) return false;
          void this.decide([id], decision);
          return true;
        },
        acceptAll: () => {
          if (this.items.get().length === 0 || this.busy.get()) return false;
          void this.acceptAll();
          return true;
        },
      }),
    );
    editor.on('transaction', this.syncFocus);
    if (this.reading) this.setReading(this.reading);
  }

  detach(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.editor?.off('transaction', this.syncFocus);
    this.editor = null;
  }

  /** Keeps the focused store in step with the plugin (a removed suggestion loses the focus). */
  private readonly syncFocus = (): void => {
    const state = this.editor && suggestionMarksKey.getState(this.editor.state);
    if (state) this.focused.set(state.focused);
  };

  /**
   * Shows the reading's pending suggestions, shortly: locating them aligns the whole page, which stays out of
   * the editor's opening (its first paint) and of any keystroke.
   */
  setReading(reading: PageReading): void {
    this.reading = reading;
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.idle = null;
      this.showReading();
    }, READING_DELAY_MS);
  }

  /** Shows the pending suggestions again, their texts anew (the interface language changed). */
  redraw(): void {
    if (this.reading) this.setReading(this.reading);
  }

  /**
   * Locates the reading's pending suggestions in the current document and shows them (replacing any). One
   * accepted elsewhere (the Reading tab) while shown here is made in the text as if accepted here.
   */
  private showReading(): void {
    const editor = this.editor;
    const reading = this.reading;
    if (!editor || !reading) return;
    const shown = new Set(this.items.get().map((i) => i.suggestion.id));
    const acceptedElsewhere = reading.suggestions
      .filter((s) => s.decision === 'accepted' && shown.has(s.id))
      .flatMap((s) => this.locatedNow(s.id) ?? []);
    if (acceptedElsewhere.length > 0) editor.view.dispatch(applySuggestions(editor.state, acceptedElsewhere).tr);
    const pending = pendingSuggestions(reading.suggestions);
    const located = this.locate(pending);
    const found = new Set(located.map((l) => l.suggestion.id));
    const focused = this.focused.get();
    const set = buildSuggestionSet(
      editor.state.doc,
      located,
      (l) => ({
        title: this.texts.title(l.suggestion),
        label: this.texts.label(l.suggestion),
        marker: this.texts.marker(l.suggestion, l.marks[0]!.role),
      }),
      focused !== null && found.has(focused) ? focused : null,
    );
    editor.view.dispatch(
      replaceSuggestionSet(editor.state.tr, set, focused !== null && found.has(focused) ? focused : null),
    );
    const order = new Map(located.map((l, i) => [l.suggestion.id, i]));
    this.items.set(
      [...pending]
        .sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity))
        .map((s) => ({ suggestion: s, located: found.has(s.id) })),
    );
  }

  private locate(pending: readonly SuggestionView[]): LocatedSuggestion[] {
    const doc = this.editor!.state.doc;
    const current = currentTextOf(doc);
    const alignment = alignOriginal(this.original, current.text);
    return locateSuggestions(pending, { doc, current, alignment, fragments: this.fragments });
  }

  /** A suggestion where its decorations are now (mapped through every edit since it was located). */
  private locatedNow(id: string): LocatedSuggestion | null {
    const editor = this.editor;
    const item = this.items.get().find((i) => i.suggestion.id === id);
    if (!editor || !item) return null;
    const decorations = decorationsOf(editor.state, id);
    if (decorations.length === 0) return null;
    const marks: SuggestionMark[] = decorations
      .map((d) => {
        const spec = d.spec as SuggestionDecorationSpec;
        return {
          role: spec.role,
          from: d.from,
          to: d.to,
          ...(spec.replacement !== undefined ? { replacement: spec.replacement } : {}),
          ...(spec.expected !== undefined ? { expected: spec.expected } : {}),
        };
      })
      .sort((a, b) => a.from - b.from);
    return { suggestion: item.suggestion, marks };
  }

  /** The ids in document order (those found in the text). */
  private locatedIds(): string[] {
    return this.items
      .get()
      .filter((i) => i.located)
      .map((i) => i.suggestion.id);
  }

  /** Focuses a suggestion: the caret goes to it and it is scrolled into view. */
  focus(id: string): void {
    const editor = this.editor;
    if (!editor) return;
    const located = this.locatedNow(id);
    const tr = focusSuggestion(editor.state.tr, id);
    if (located) {
      const first = located.marks[0]!;
      const pos = Math.min(first.role === 'block' ? first.from + 1 : first.from, tr.doc.content.size);
      tr.setSelection(TextSelection.near(tr.doc.resolve(pos)));
    }
    editor.view.dispatch(tr);
    editor.view.focus();
    // The marker itself is scrolled to (ProseMirror's own scrolling misses blocks not yet laid out).
    const marker = editor.view.dom.querySelector(`[data-suggestion-id="${CSS.escape(id)}"]`);
    if (marker) centerInScrollBox(marker);
  }

  /** Alt+] / Alt+[: the next or previous located suggestion after the caret (wrapping around). */
  step(dir: 1 | -1): boolean {
    const editor = this.editor;
    if (!editor) return false;
    const ids = this.locatedIds();
    if (ids.length === 0) return true;
    const focused = this.focused.get();
    const index = focused === null ? -1 : ids.indexOf(focused);
    let next: string;
    if (index >= 0) next = ids[(index + dir + ids.length) % ids.length]!;
    else {
      const caret = editor.state.selection.from;
      const at = ids.map((id) => decorationsOf(editor.state, id)[0]?.from ?? 0);
      const k = dir > 0 ? at.findIndex((p) => p > caret) : at.findLastIndex((p) => p < caret);
      next = ids[k >= 0 ? k : dir > 0 ? 0 : ids.length - 1]!;
    }
    this.focus(next);
    return true;
  }

  /**
   * Stores a decision for suggestions and, for accepted ones found in the text, makes the repair in the
   * editor (one transaction, one undo step). A failed call changes nothing and shows why.
   */
  async decide(ids: readonly string[], decision: 'accepted' | 'rejected'): Promise<boolean> {
    if (ids.length === 0 || this.busy.get()) return false;
    this.busy.set(true);
    this.error.set(null);
    try {
      const reading = await this.api.call('repair.decide', {
        pageId: this.pageId,
        suggestionIds: [...ids],
        decision,
      });
      const editor = this.editor;
      if (editor) {
        // The next one is focused after the decision, so a keyboard run can go on.
        const order = this.locatedIds();
        const focused = this.focused.get();
        const after = focused !== null && ids.includes(focused) ? order.slice(order.indexOf(focused) + 1) : [];
        const nextFocus = after.find((id) => !ids.includes(id)) ?? null;
        let tr = editor.state.tr;
        if (decision === 'accepted') {
          const located = ids.flatMap((id) => this.locatedNow(id) ?? []);
          tr = applySuggestions(editor.state, located).tr;
        }
        removeSuggestions(tr, ids);
        if (nextFocus !== null) focusSuggestion(tr, nextFocus);
        editor.view.dispatch(tr);
      }
      this.reading = reading;
      this.items.set(this.items.get().filter((i) => !ids.includes(i.suggestion.id)));
      this.onReading(reading);
      return true;
    } catch (error) {
      this.error.set(error instanceof Error ? error.message : String(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  /** Accepts every pending suggestion of the page. */
  acceptAll(): Promise<boolean> {
    return this.decide(
      this.items.get().map((i) => i.suggestion.id),
      'accepted',
    );
  }
}
