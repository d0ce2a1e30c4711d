/**
 * Pending repair suggestions as decorations (never document content): a marker at a break for a merge, a
 * role badge in the margin for a role, a struck-through range for a jump marker or furniture, an underline
 * for an OCR suspect or half-width punctuation; the reason is the title (hover). The DecorationSet is built
 * when the suggestions change and mapped through every transaction, never rebuilt per keystroke
 * (/work/shared/editor-performance.md). Keys: Alt+] / Alt+[ next / previous, Alt+Enter accept, Alt+Shift+Enter
 * reject the focused suggestion.
 */
import { keymap } from '@tiptap/pm/keymap';
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

import type { LocatedSuggestion, SuggestionMark } from '../suggestion-model';

/** What a decoration remembers, so it can be found (and re-created as focused) after any edit. */
export interface SuggestionDecorationSpec {
  id: string;
  kind: string;
  role: SuggestionMark['role'];
  title: string;
  /** The badge text of a block mark (the proposed role), or the marker text of a break. */
  label: string;
  focused: boolean;
  replacement?: string;
  expected?: string;
}

export interface SuggestionMarksState {
  set: DecorationSet;
  focused: string | null;
}

export const suggestionMarksKey = new PluginKey<SuggestionMarksState>('galleySuggestionMarks');

type Meta =
  | { type: 'replace'; set: DecorationSet; focused: string | null }
  | { type: 'remove'; ids: readonly string[] }
  | { type: 'focus'; id: string | null };

/** One decoration for a mark of a suggestion. */
export function suggestionDecoration(from: number, to: number, spec: SuggestionDecorationSpec): Decoration {
  const cls = `ed-sg ed-sg--${spec.kind}${spec.focused ? ' is-focused' : ''}`;
  const attrs = { class: cls, title: spec.title, 'data-suggestion-id': spec.id };
  switch (spec.role) {
    case 'break':
    case 'dest':
      return Decoration.widget(
        from,
        () => {
          const el = document.createElement('span');
          el.className = `${cls} ed-sg-marker ed-sg-marker--${spec.role}`;
          el.title = spec.title;
          el.dataset.suggestionId = spec.id;
          el.dataset.testid = 'suggestion-marker';
          el.textContent = spec.label;
          el.contentEditable = 'false';
          return el;
        },
        // A new key when the focus changes, so the widget is drawn again with the class.
        { ...spec, key: `${spec.id}:${spec.role}:${spec.focused ? 1 : 0}`, side: spec.role === 'break' ? 1 : -1 },
      );
    case 'block':
      return Decoration.node(
        from,
        to,
        { ...attrs, class: `${cls} ed-sg-block`, 'data-suggest-label': spec.label, 'data-testid': 'suggestion-block' },
        spec,
      );
    default:
      return Decoration.inline(
        from,
        to,
        { ...attrs, class: `${cls} ed-sg-range`, 'data-testid': 'suggestion-range' },
        { ...spec, inclusiveStart: false, inclusiveEnd: false },
      );
  }
}

/** Builds the set for located suggestions; `describe` gives each one's title and label. */
export function buildSuggestionSet(
  doc: EditorState['doc'],
  located: readonly LocatedSuggestion[],
  describe: (l: LocatedSuggestion) => { title: string; label: string; marker: string },
  focused: string | null,
): DecorationSet {
  const decorations: Decoration[] = [];
  for (const l of located) {
    const { title, label, marker } = describe(l);
    for (const m of l.marks) {
      decorations.push(
        suggestionDecoration(m.from, m.to, {
          id: l.suggestion.id,
          kind: l.suggestion.kind,
          role: m.role,
          title,
          label: m.role === 'block' ? label : marker,
          focused: l.suggestion.id === focused,
          ...(m.replacement !== undefined ? { replacement: m.replacement } : {}),
          ...(m.expected !== undefined ? { expected: m.expected } : {}),
        }),
      );
    }
  }
  return DecorationSet.create(doc, decorations);
}

/** The decorations of one suggestion in the current document. */
export function decorationsOf(state: EditorState, id: string): Decoration[] {
  const set = suggestionMarksKey.getState(state)?.set;
  if (!set) return [];
  return set.find(undefined, undefined, (spec) => (spec as SuggestionDecorationSpec).id === id);
}

export function replaceSuggestionSet(tr: Transaction, set: DecorationSet, focused: string | null): Transaction {
  return tr.setMeta(suggestionMarksKey, { type: 'replace', set, focused } satisfies Meta);
}

export function removeSuggestions(tr: Transaction, ids: readonly string[]): Transaction {
  return tr.setMeta(suggestionMarksKey, { type: 'remove', ids } satisfies Meta);
}

export function focusSuggestion(tr: Transaction, id: string | null): Transaction {
  return tr.setMeta(suggestionMarksKey, { type: 'focus', id } satisfies Meta);
}

/** Re-creates one suggestion's decorations with the focus flag set or cleared. */
function refocus(set: DecorationSet, id: string | null, focused: boolean, doc: EditorState['doc']): DecorationSet {
  if (id === null) return set;
  const old = set.find(undefined, undefined, (spec) => (spec as SuggestionDecorationSpec).id === id);
  if (old.length === 0) return set;
  const next = old.map((d) => suggestionDecoration(d.from, d.to, { ...(d.spec as SuggestionDecorationSpec), focused }));
  return set.remove(old).add(doc, next);
}

export interface SuggestionKeysHost {
  step(dir: 1 | -1): boolean;
  decideFocused(decision: 'accepted' | 'rejected'): boolean;
  /** Accepts every pending suggestion of the page; false when there is none. */
  acceptAll(): boolean;
}

/** The plugin, registered on the running editor by suggestion-layer.ts. */
export function suggestionMarksPlugin(host: SuggestionKeysHost | null): Plugin<SuggestionMarksState> {
  return new Plugin<SuggestionMarksState>({
    key: suggestionMarksKey,
    state: {
      init: () => ({ set: DecorationSet.empty, focused: null }),
      apply(tr, value) {
        const { focused } = value;
        let { set } = value;
        if (tr.docChanged) set = set.map(tr.mapping, tr.doc);
        const meta = tr.getMeta(suggestionMarksKey) as Meta | undefined;
        if (!meta) return set === value.set ? value : { set, focused };
        if (meta.type === 'replace') return { set: meta.set, focused: meta.focused };
        if (meta.type === 'remove') {
          const ids = new Set(meta.ids);
          set = set.remove(set.find(undefined, undefined, (spec) => ids.has((spec as SuggestionDecorationSpec).id)));
          return { set, focused: focused !== null && ids.has(focused) ? null : focused };
        }
        if (meta.id === focused) return { set, focused };
        set = refocus(set, focused, false, tr.doc);
        set = refocus(set, meta.id, true, tr.doc);
        return { set, focused: meta.id };
      },
    },
    props: {
      decorations: (state) => suggestionMarksKey.getState(state)?.set,
      handleKeyDown: host
        ? keymap({
            'Alt-]': () => host.step(1),
            'Alt-[': () => host.step(-1),
            'Alt-Enter': () => host.decideFocused('accepted'),
            'Alt-Shift-Enter': () => host.decideFocused('rejected'),
            'Mod-Alt-Enter': () => host.acceptAll(),
          }).props.handleKeyDown
        : undefined,
    },
  });
}
