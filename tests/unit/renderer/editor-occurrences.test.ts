import { type JSONContent, getSchema } from '@tiptap/core';
import { history, undo } from '@tiptap/pm/history';
import { Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';

import { docToEditorJson, editorJsonToDoc } from '../../../src/renderer/src/editor/convert';
import { schemaExtensions } from '../../../src/renderer/src/editor/extensions';
import {
  findInfoOf,
  findMatchesOf,
  findPlugin,
  replaceRanges,
  setFindQuery,
  stepMatch,
} from '../../../src/renderer/src/editor/extensions/find';
import {
  blocksOf,
  findInBlocks,
  findMatches,
  findOccurrences,
  matchPositions,
} from '../../../src/renderer/src/editor/occurrences';
import { reviewAfter } from '../../../src/renderer/src/editor/spans';
import type { PageDocument } from '../../../src/shared/document';

describe('findMatches', () => {
  it('finds exact, non-overlapping matches left to right', () => {
    expect(findMatches('疫情防控疫情', '疫情')).toEqual([
      { start: 0, end: 2 },
      { start: 4, end: 6 },
    ]);
    expect(findMatches('aaa', 'aa')).toEqual([{ start: 0, end: 2 }]);
    expect(findMatches('abc', '')).toEqual([]);
    expect(findMatches('', 'a')).toEqual([]);
    expect(findMatches('abc', 'abcd')).toEqual([]);
  });

  it('finds adjacent occurrences', () => {
    expect(findMatches('江泽民江泽民', '江泽民')).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
    ]);
  });

  it('counts UTF-16 offsets through 𠮷 and never matches half of it', () => {
    const text = '𠮷野家𠮷野家';
    expect(findMatches(text, '𠮷野家')).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 8 },
    ]);
    expect(findMatches(text, '野')).toEqual([
      { start: 2, end: 3 },
      { start: 6, end: 7 },
    ]);
    // Lone surrogates: the low half of 𠮷 is never a match on its own.
    expect(findMatches(text, '\udfb7')).toEqual([]);
    expect(findMatches(text, '\ud842')).toEqual([]);
  });
});

describe('findOccurrences', () => {
  it('skips occurrences overlapping a span, including the span the text came from', () => {
    const blocks = [
      { text: '江泽民江泽民会见江泽', spans: [{ start: 0, end: 3 }] },
      { text: '江泽民同志', spans: [] },
      { text: '前江泽民后', spans: [{ start: 0, end: 2 }] },
    ];
    expect(findOccurrences(blocks, '江泽民')).toEqual([
      { block: 0, start: 3, end: 6 },
      { block: 1, start: 0, end: 3 },
    ]);
    expect(findInBlocks(blocks, '江泽民')).toHaveLength(4);
  });

  it('handles 𠮷 beside spans', () => {
    const blocks = [{ text: '𠮷田𠮷田', spans: [{ start: 0, end: 3 }] }];
    expect(findOccurrences(blocks, '𠮷田')).toEqual([{ block: 0, start: 3, end: 6 }]);
  });
});

const schema = getSchema(schemaExtensions());

const page: PageDocument = {
  version: 1,
  articles: [
    {
      id: 'a0',
      blocks: [
        {
          id: 'b0',
          role: 'body',
          text: '江泽民江泽民出席疫情会议',
          spans: [{ id: 's1', label: 'PER', start: 0, end: 3, origin: 'manual' }],
        },
        {
          id: 'b1',
          role: 'body',
          text: '𠮷疫情疫情',
          spans: [{ id: 's2', label: 'MISC', start: 4, end: 6, origin: 'manual' }],
        },
      ],
    },
  ],
  setAside: [],
};

function stateOf(doc: PageDocument = page): EditorState {
  return EditorState.create({
    schema,
    doc: PMNode.fromJSON(schema, docToEditorJson(doc)),
    plugins: [history(), findPlugin(() => null)],
  });
}

const docOf = (state: EditorState) => editorJsonToDoc(state.doc.toJSON() as JSONContent, []);

describe('occurrences in the editor document', () => {
  it('reads blocks and spans and gives document positions', () => {
    const state = stateOf();
    const blocks = blocksOf(state.doc);
    expect(blocks.map((b) => b.text)).toEqual(['江泽民江泽民出席疫情会议', '𠮷疫情疫情']);
    const found = findOccurrences(blocks, '江泽民');
    expect(found).toEqual([{ block: 0, start: 3, end: 6 }]);
    const { from, to } = matchPositions(blocks, found[0]!);
    expect(state.doc.textBetween(from, to)).toBe('江泽民');
  });
});

describe('find and replace', () => {
  it('decorates the matches and steps through them, wrapping', () => {
    let state = stateOf();
    state = state.apply(setFindQuery(state, '疫情', 0));
    expect(findInfoOf(state)).toEqual({ count: 3, index: 1 });
    const texts = findMatchesOf(state).map((m) => state.doc.textBetween(m.from, m.to));
    expect(texts).toEqual(['疫情', '疫情', '疫情']);
    for (const expected of [2, 3, 1]) {
      state = state.apply(stepMatch(state, 1)!.tr);
      expect(findInfoOf(state).index).toBe(expected);
    }
    state = state.apply(stepMatch(state, -1)!.tr);
    expect(findInfoOf(state).index).toBe(3);
    state = state.apply(setFindQuery(state, '', 0));
    expect(findInfoOf(state)).toEqual({ count: 0, index: 0 });
  });

  it('maps the matches through edits and rescans only the edited block', () => {
    let state = stateOf();
    state = state.apply(setFindQuery(state, '疫情', 0));
    const set = (s: EditorState) => findMatchesOf(s).map((m) => s.doc.textBetween(m.from, m.to));
    // Typing a new occurrence at the start of the first block.
    state = state.apply(state.tr.insertText('疫情', 1));
    expect(set(state)).toEqual(['疫情', '疫情', '疫情', '疫情']);
    // Breaking one (疫X情) removes it.
    const m = findMatchesOf(state)[1]!;
    state = state.apply(state.tr.insertText('X', m.from + 1));
    expect(findInfoOf(state).count).toBe(3);
  });

  it('replaces one match keeping the span it lies in, and lists that span for review', () => {
    let state = stateOf();
    state = state.apply(setFindQuery(state, '疫情', 0));
    const inSpan = findMatchesOf(state)[2]!;
    const tr = replaceRanges(state, [inSpan], '疫况')!;
    const review = reviewAfter(state.doc, tr, []);
    state = state.apply(tr);
    const block = docOf(state).articles[0]!.blocks[1]!;
    expect(block.text).toBe('𠮷疫情疫况');
    expect(block.spans).toEqual([{ id: 's2', label: 'MISC', start: 4, end: 6, origin: 'manual' }]);
    expect(review).toEqual([{ spanId: 's2', label: 'MISC', reason: 'cut', oldText: '疫情', blockId: 'b1' }]);
    expect(findInfoOf(state).count).toBe(2);
  });

  it('replaces all in one undo step; an empty replacement deletes', () => {
    let state = stateOf();
    state = state.apply(setFindQuery(state, '江泽民', 0));
    state = state.apply(replaceRanges(state, findMatchesOf(state), '李鹏')!);
    const doc = docOf(state);
    expect(doc.articles[0]!.blocks[0]!.text).toBe('李鹏李鹏出席疫情会议');
    expect(doc.articles[0]!.blocks[0]!.spans).toEqual([{ id: 's1', label: 'PER', start: 0, end: 2, origin: 'manual' }]);
    expect(findInfoOf(state).count).toBe(0);
    let undone = state;
    undo(state, (tr) => (undone = state.apply(tr)));
    expect(docOf(undone)).toEqual(page);

    let cleared = stateOf();
    cleared = cleared.apply(setFindQuery(cleared, '疫情', 0));
    cleared = cleared.apply(replaceRanges(cleared, findMatchesOf(cleared), '')!);
    expect(docOf(cleared).articles[0]!.blocks[1]!.text).toBe('𠮷');
    expect(docOf(cleared).articles[0]!.blocks[1]!.spans).toEqual([]);
  });
});
