/**
 * Find and replace in the page. The matches of the query are inline decorations (class `find-match`, the
 * current one also `find-match--current`) in a DecorationSet kept in plugin state: built when the query
 * changes, mapped through every edit after that, and re-scanned only in the blocks an edit touched. With no
 * query the plugin returns its state untouched, so typing costs nothing while the find bar is closed.
 *
 * Replacing is an ordinary transaction (one for a replace, one for replace all, each its own undo step): the
 * replacement keeps the span a match lay inside, as the shared span rules say, and the session's review list
 * sees the edit like any other.
 */
import { Extension } from '@tiptap/core';
import { closeHistory } from '@tiptap/pm/history';
import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

import { blockOf, findMatches } from '../occurrences';

export interface FindRange {
  from: number;
  to: number;
}

export interface FindState {
  query: string;
  set: DecorationSet;
  /** The current match, or null. */
  current: FindRange | null;
}

/** What the find bar shows: the number of matches and the 1-based index of the current one (0: none). */
export interface FindInfo {
  count: number;
  index: number;
}

export const findKey = new PluginKey<FindState>('galleyFind');

type FindMeta = { query: string; from: number } | { current: FindRange | null };

const EMPTY: FindState = { query: '', set: DecorationSet.empty, current: null };

function decoration(from: number, to: number, current: FindRange | null): Decoration {
  const isCurrent = !!current && current.from === from && current.to === to;
  return Decoration.inline(
    from,
    to,
    { class: isCurrent ? 'find-match find-match--current' : 'find-match' },
    { current: isCurrent },
  );
}

/** The decorations of the matches in one block node at `pos`. */
function blockDecorations(node: PMNode, pos: number, query: string, current: FindRange | null): Decoration[] {
  const { text } = blockOf(node, pos);
  return findMatches(text, query).map((m) => decoration(pos + 1 + m.start, pos + 1 + m.end, current));
}

function build(doc: PMNode, query: string, current: FindRange | null): DecorationSet {
  const decos: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== 'block') return true;
    decos.push(...blockDecorations(node, pos, query, current));
    return false;
  });
  return DecorationSet.create(doc, decos);
}

/** The matches in document order. */
export function findMatchesOf(state: EditorState): FindRange[] {
  const s = findKey.getState(state);
  if (!s || !s.query) return [];
  return s.set
    .find()
    .map((d) => ({ from: d.from, to: d.to }))
    .sort((a, b) => a.from - b.from);
}

export function findInfoOf(state: EditorState): FindInfo {
  const s = findKey.getState(state);
  if (!s || !s.query) return { count: 0, index: 0 };
  const matches = findMatchesOf(state);
  const cur = s.current;
  const index = cur ? matches.findIndex((m) => m.from === cur.from && m.to === cur.to) + 1 : 0;
  return { count: matches.length, index };
}

/** Moves the current-match decoration from `prev` to `next` (both must be matches or null). */
function withCurrent(state: FindState, doc: PMNode, next: FindRange | null): FindState {
  let set = state.set;
  const swap = (r: FindRange | null, cur: FindRange | null) => {
    if (!r) return;
    const old = set.find(r.from, r.to, () => true).filter((d) => d.from === r.from && d.to === r.to);
    if (old.length === 0) return;
    set = set.remove(old).add(doc, [decoration(r.from, r.to, cur)]);
  };
  swap(state.current, null);
  swap(next, next);
  return { ...state, set, current: next };
}

function apply(tr: Transaction, prev: FindState, state: EditorState): FindState {
  const meta = tr.getMeta(findKey) as FindMeta | undefined;
  if (meta && 'query' in meta) {
    if (!meta.query) return EMPTY;
    const set = build(state.doc, meta.query, null);
    const first = set
      .find()
      .sort((a, b) => a.from - b.from)
      .find((d) => d.from >= meta.from);
    const fallback = first ?? set.find().sort((a, b) => a.from - b.from)[0];
    const next: FindState = { query: meta.query, set, current: null };
    return fallback ? withCurrent(next, state.doc, { from: fallback.from, to: fallback.to }) : next;
  }
  if (!prev.query) return prev;
  let next = prev;
  if (tr.docChanged) next = rescan(tr, prev, state.doc);
  if (meta && 'current' in meta) next = withCurrent(next, state.doc, meta.current);
  return next;
}

/** Maps the set through an edit and scans the blocks it touched again. */
function rescan(tr: Transaction, prev: FindState, doc: PMNode): FindState {
  let current: FindRange | null = null;
  if (prev.current) {
    const from = tr.mapping.map(prev.current.from, 1);
    const to = tr.mapping.map(prev.current.to, -1);
    if (to > from) current = { from, to };
  }
  let set = prev.set.map(tr.mapping, doc);
  const touched = new Map<number, PMNode>();
  tr.mapping.maps.forEach((map, i) => {
    const rest = tr.mapping.slice(i + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      const a = Math.max(0, rest.map(newStart, -1) - 1);
      const b = Math.min(doc.content.size, rest.map(newEnd, 1) + 1);
      doc.nodesBetween(a, b, (node, pos) => {
        if (node.type.name !== 'block') return true;
        touched.set(pos, node);
        return false;
      });
    });
  });
  for (const [pos, node] of touched) {
    const end = pos + node.nodeSize;
    set = set.remove(set.find(pos, end)).add(doc, blockDecorations(node, pos, prev.query, current));
  }
  // The current match may be gone (replaced, edited): then there is none until the next step.
  if (current && !set.find(current.from, current.to).some((d) => d.from === current!.from && d.to === current!.to))
    current = null;
  return { query: prev.query, set, current };
}

/** Sets the query (an empty one clears the matches); the current match is the first at or after `from`. */
export function setFindQuery(state: EditorState, query: string, from: number): Transaction {
  return state.tr.setMeta(findKey, { query, from } satisfies FindMeta).setMeta('addToHistory', false);
}

/** Makes the next (dir 1) or previous (dir -1) match current, wrapping around; null when there is none. */
export function stepMatch(state: EditorState, dir: 1 | -1): { tr: Transaction; match: FindRange } | null {
  const matches = findMatchesOf(state);
  if (matches.length === 0) return null;
  const cur = findKey.getState(state)?.current ?? null;
  const at = cur ? cur.from : state.selection.from;
  let match: FindRange | undefined;
  if (dir === 1) match = matches.find((m) => (cur ? m.from > at : m.from >= at)) ?? matches[0];
  else match = [...matches].reverse().find((m) => m.from < at) ?? matches[matches.length - 1];
  if (!match) return null;
  const tr = state.tr.setMeta(findKey, { current: match } satisfies FindMeta).setMeta('addToHistory', false);
  return { tr, match };
}

/** The entity mark a replacement of [from, to) keeps: that of a span holding the whole range, edges included. */
function spanMarkAround(doc: PMNode, from: number, to: number): Mark | null {
  const $from = doc.resolve(from);
  if ($from.parent.type.name !== 'block' || !$from.sameParent(doc.resolve(to))) return null;
  const base = $from.start();
  const spans: { mark: Mark; from: number; to: number }[] = [];
  $from.parent.forEach((child, offset) => {
    const mark = child.marks.find((m) => m.type.name === 'entity');
    if (!mark) return;
    const last = spans[spans.length - 1];
    if (last && last.mark.attrs.id === mark.attrs.id && last.to === base + offset) last.to += child.nodeSize;
    else spans.push({ mark, from: base + offset, to: base + offset + child.nodeSize });
  });
  return spans.find((s) => s.from <= from && to <= s.to)?.mark ?? null;
}

/**
 * One transaction replacing each range with `text` (ranges in document order, not overlapping). The
 * inserted text keeps the span a range lies inside; otherwise it carries no span. Null without ranges.
 */
export function replaceRanges(state: EditorState, ranges: readonly FindRange[], text: string): Transaction | null {
  if (ranges.length === 0) return null;
  const tr = state.tr;
  for (const r of [...ranges].sort((a, b) => b.from - a.from)) {
    if (text.length === 0) {
      tr.delete(r.from, r.to);
      continue;
    }
    const mark = spanMarkAround(state.doc, r.from, r.to);
    tr.replaceWith(r.from, r.to, state.schema.text(text, mark ? [mark] : []));
  }
  // Its own undo step, however soon after typing it comes.
  return closeHistory(tr);
}

/** The plugin; `onChange` hears the match count and current index whenever the find state changes. */
export function findPlugin(onChange: () => ((info: FindInfo) => void) | null): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => EMPTY,
      apply: (tr, prev, _old, state) => apply(tr, prev, state),
    },
    props: {
      decorations: (state) => findKey.getState(state)?.set ?? null,
    },
    view: () => ({
      update(view, prevState) {
        if (findKey.getState(view.state) === findKey.getState(prevState)) return;
        onChange()?.(findInfoOf(view.state));
      },
    }),
  });
}

export const FindReplace = Extension.create<{ onChange: ((info: FindInfo) => void) | null }>({
  name: 'galleyFind',

  addOptions() {
    return { onChange: null };
  },

  addProseMirrorPlugins() {
    return [findPlugin(() => this.options.onChange)];
  },
});
