// Set-aside blocks in the editor: the document ↔ editor round trip with set-aside blocks, setting a block aside,
// restoring one into the text, correcting its text — spans kept, 𠮷 counted right, undo exact.
import { getSchema } from '@tiptap/core';
import { history, undo, redo } from '@tiptap/pm/history';
import { Node as PMNode, Slice, Fragment } from '@tiptap/pm/model';
import { AllSelection, EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';

import type { SpanReviewItem } from '../../../src/shared/api';
import { docToEditorJson, editorJsonToDoc } from '../../../src/renderer/src/editor/convert';
import { schemaExtensions } from '../../../src/renderer/src/editor/extensions';
import {
  blockLines,
  editSetAsideText,
  restoreSetAside,
  setAsideOf,
  setBlockAside,
  setSetAsideRole,
  textChange,
} from '../../../src/renderer/src/editor/set-aside';
import { collectSpans, fixDuplicateIds, reviewAfter } from '../../../src/renderer/src/editor/spans';
import { type DocBlock, type PageDocument, PageDocumentSchema, documentText } from '../../../src/shared/document';

const schema = getSchema(schemaExtensions());

const page: PageDocument = {
  version: 1,
  articles: [
    {
      id: 'a0',
      blocks: [
        { id: 'b0', role: 'headline', text: '倪岳峰主持召开会议', spans: [] },
        {
          id: 'b1',
          role: 'body',
          text: '𠮷野家在𠮷祥路开业',
          spans: [
            { id: 's0', label: 'ORG', start: 0, end: 4, origin: 'manual' },
            { id: 's1', label: 'LOC', start: 5, end: 9, entityId: 'Q1', origin: 'propagated' },
          ],
        },
        { id: 'b2', role: 'body', text: '会议强调防控', spans: [] },
      ],
    },
    { id: 'a1', blocks: [{ id: 'b3', role: 'body', text: '独段文章', spans: [] }] },
  ],
  setAside: [
    { id: 'b4', role: 'jump', text: '（下转第二版）', spans: [] },
    {
      id: 'b5',
      role: 'furniture',
      text: '责任编辑 王晶晶 版面编辑 宋风渊',
      spans: [{ id: 's2', label: 'PER', start: 5, end: 8, origin: 'manual' }],
    },
    {
      id: 'b6',
      role: 'furniture',
      text: '今日 易读\n𠮷祥路\n\n2 版',
      spans: [{ id: 's3', label: 'LOC', start: 6, end: 10, origin: 'manual' }],
    },
  ],
};

function stateOf(doc: PageDocument = page, withHistory = false): EditorState {
  return EditorState.create({
    schema,
    doc: PMNode.fromJSON(schema, docToEditorJson(doc)),
    plugins: withHistory ? [history()] : [],
  });
}

/** The page document the editor state stands for, checked against the save schema. */
function docOf(state: EditorState): PageDocument {
  const doc = editorJsonToDoc(state.doc.toJSON());
  const parsed = PageDocumentSchema.safeParse(doc);
  if (!parsed.success) throw new Error(parsed.error.message);
  return doc;
}

/** The state with the caret at `offset` in the block with id `blockId`. */
function caretIn(state: EditorState, blockId: string, offset = 0): EditorState {
  let at = -1;
  state.doc.descendants((node, pos) => {
    if (node.type.name !== 'block') return true;
    if (node.attrs.id === blockId) at = pos + 1 + offset;
    return false;
  });
  if (at < 0) throw new Error(`no block ${blockId}`);
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, at)));
}

function must(tr: Transaction | null): Transaction {
  if (!tr) throw new Error('no transaction');
  return tr;
}

const spanTexts = (b: DocBlock) => b.spans.map((s) => b.text.slice(s.start, s.end));
const blockOf = (doc: PageDocument, id: string) =>
  [...doc.articles.flatMap((a) => a.blocks), ...doc.setAside].find((b) => b.id === id);
const ids = () => {
  let n = 0;
  return () => `n${n++}`;
};

describe('set-aside blocks in the editor document', () => {
  it('round-trip exactly through the ProseMirror schema (the document node carries them)', () => {
    const node = PMNode.fromJSON(schema, docToEditorJson(page));
    node.check();
    expect(setAsideOf(node)).toEqual(page.setAside);
    expect(editorJsonToDoc(node.toJSON())).toStrictEqual(page);
    expect(JSON.stringify(editorJsonToDoc(node.toJSON()))).toBe(JSON.stringify(page));
    // The editor state holds copies: changing the loaded document does not reach it.
    expect(setAsideOf(node)[0]).not.toBe(page.setAside[0]);
  });

  it('sets a block aside with its spans (𠮷 offsets unchanged), out of exports and the text', () => {
    const state = caretIn(stateOf(), 'b1', 3);
    const next = state.apply(must(setBlockAside(state, 'furniture')));
    const doc = docOf(next);
    expect(doc.articles[0]!.blocks.map((b) => b.id)).toEqual(['b0', 'b2']);
    const moved = doc.setAside.at(-1)!;
    expect(moved).toEqual({ ...page.articles[0]!.blocks[1]!, role: 'furniture' });
    expect(spanTexts(moved)).toEqual(['𠮷野家', '𠮷祥路']);
    expect(documentText(doc).text).not.toContain('𠮷野家');
    expect(collectSpans(next.doc).map((s) => s.id)).toEqual([]);
    // The caret moves on to the text that followed.
    expect(next.selection.$from.parent.attrs.id).toBe('b2');
  });

  it('takes an article along when its only block is set aside', () => {
    const state = caretIn(stateOf(), 'b3');
    const doc = docOf(state.apply(must(setBlockAside(state, 'jump'))));
    expect(doc.articles.map((a) => a.id)).toEqual(['a0']);
    expect(doc.setAside.at(-1)).toEqual({ id: 'b3', role: 'jump', text: '独段文章', spans: [] });
  });

  it('refuses outside a block', () => {
    const state = stateOf();
    expect(setBlockAside(state.apply(state.tr.setSelection(new AllSelection(state.doc))), 'jump')).toBeNull();
  });

  it('restores a set-aside block as body after the block at the caret, its spans coming back as marks', () => {
    const state = caretIn(stateOf(), 'b0', 2);
    const next = state.apply(must(restoreSetAside(state, 'b5', ids())));
    const doc = docOf(next);
    expect(doc.articles[0]!.blocks.map((b) => b.id)).toEqual(['b0', 'b5', 'b1', 'b2']);
    const restored = blockOf(doc, 'b5')!;
    expect(restored).toEqual({ ...page.setAside[1]!, role: 'body' });
    expect(collectSpans(next.doc).find((s) => s.id === 's2')?.text).toBe('王晶晶');
    expect(doc.setAside.map((b) => b.id)).toEqual(['b4', 'b6']);
    expect(documentText(doc).text).toContain('责任编辑 王晶晶');
    expect(next.selection.$from.parent.attrs.id).toBe('b5');
    expect(next.selection.$from.parentOffset).toBe(0);
  });

  it('restores at the end of the last article when the caret is in no block, and into a new article on an empty page', () => {
    const state = stateOf();
    const all = state.apply(state.tr.setSelection(new AllSelection(state.doc)));
    const doc = docOf(all.apply(must(restoreSetAside(all, 'b4', ids()))));
    expect(doc.articles[1]!.blocks.map((b) => [b.id, b.role, b.text])).toEqual([
      ['b3', 'body', '独段文章'],
      ['b4', 'body', '（下转第二版）'],
    ]);

    const empty = stateOf({ version: 1, articles: [], setAside: [page.setAside[0]!] });
    const filled = docOf(empty.apply(must(restoreSetAside(empty, 'b4', ids()))));
    expect(filled).toEqual({
      version: 1,
      articles: [{ id: 'n0', blocks: [{ id: 'b4', role: 'body', text: '（下转第二版）', spans: [] }] }],
      setAside: [],
    });
  });

  it('restores a multi-line block as one block per line (text blocks are single lines), spans on their line', () => {
    expect(blockLines(page.setAside[2]!, 'body', ids())).toEqual([
      { id: 'b6', role: 'body', text: '今日 易读', spans: [] },
      {
        id: 'n0',
        role: 'body',
        text: '𠮷祥路',
        spans: [{ id: 's3', label: 'LOC', start: 0, end: 4, origin: 'manual' }],
      },
      { id: 'n2', role: 'body', text: '2 版', spans: [] },
    ]);
    const state = caretIn(stateOf(), 'b2');
    const doc = docOf(state.apply(must(restoreSetAside(state, 'b6', ids()))));
    expect(doc.articles[0]!.blocks.map((b) => b.text)).toEqual([
      '倪岳峰主持召开会议',
      '𠮷野家在𠮷祥路开业',
      '会议强调防控',
      '今日 易读',
      '𠮷祥路',
      '2 版',
    ]);
  });

  it('undoes and redoes each operation exactly, as one step', () => {
    const start = caretIn(stateOf(page, true), 'b1', 1);
    const steps: ((s: EditorState) => Transaction | null)[] = [
      (s) => setBlockAside(s, 'jump'),
      (s) => restoreSetAside(s, 'b5', ids()),
      (s) => editSetAsideText(s, 'b4', '（下转第三版）'),
      (s) => setSetAsideRole(s, 'b4', 'furniture'),
    ];
    for (const step of steps) {
      const after = start.apply(must(step(start)));
      expect(docOf(after)).not.toEqual(page);
      let undone: EditorState = after;
      expect(undo(after, (tr) => (undone = after.apply(tr)))).toBe(true);
      expect(docOf(undone)).toStrictEqual(page);
      let redone: EditorState = undone;
      expect(redo(undone, (tr) => (redone = undone.apply(tr)))).toBe(true);
      expect(docOf(redone)).toStrictEqual(docOf(after));
    }
  });

  it('corrects a wrong character in a furniture line, its span kept on the name', () => {
    const state = stateOf();
    const fixed = docOf(state.apply(must(editSetAsideText(state, 'b5', '责任编辑 王晶品 版面编辑 宋风渊'))));
    const block = blockOf(fixed, 'b5')!;
    expect(block.text).toBe('责任编辑 王晶品 版面编辑 宋风渊');
    expect(spanTexts(block)).toEqual(['王晶品']);
    expect(editSetAsideText(state, 'b5', page.setAside[1]!.text)).toBeNull();
    expect(editSetAsideText(state, 'nope', 'x')).toBeNull();
  });

  it('never splits 𠮷 when working out what changed', () => {
    // 𠮷 (U+20BB7) and 𠮶 (U+20BB6) share their high surrogate: the change is the whole character.
    expect(textChange('在𠮷祥路', '在𠮶祥路')).toEqual({ from: 1, to: 3, insert: '𠮶' });
    expect(textChange('𠮷𠮷', '𠮷')).toEqual({ from: 2, to: 4, insert: '' });
    const state = stateOf();
    const doc = docOf(state.apply(must(editSetAsideText(state, 'b6', '今日 易读\n𠮶祥路\n\n2 版'))));
    expect(spanTexts(blockOf(doc, 'b6')!)).toEqual(['𠮶祥路']);
  });
});

describe('the review list and ids with set-aside blocks', () => {
  const reviewOf = (state: EditorState, tr: Transaction, review: SpanReviewItem[] = []) =>
    reviewAfter(state.doc, tr, review, state.apply(tr).doc);

  it('lists nothing when a block with spans is set aside or restored (the spans moved, unchanged)', () => {
    const state = caretIn(stateOf(), 'b1');
    const tr = must(setBlockAside(state, 'jump'));
    expect(reviewOf(state, tr)).toEqual([]);
    const aside = state.apply(tr);
    expect(reviewOf(aside, must(restoreSetAside(aside, 'b1', ids())))).toEqual([]);
  });

  it('lists a span cut or extended by a correction of set-aside text, and drops it when the text comes back', () => {
    const state = stateOf();
    // A replaced character inside the name: the span stays on 王晶品, which lost a character of 王晶晶.
    const cut = must(editSetAsideText(state, 'b5', '责任编辑 王晶品 版面编辑 宋风渊'));
    const review = reviewOf(state, cut);
    expect(review).toEqual([{ spanId: 's2', label: 'PER', reason: 'cut', oldText: '王晶晶', blockId: 'b5' }]);
    const next = state.apply(cut);
    const back = must(editSetAsideText(next, 'b5', page.setAside[1]!.text));
    expect(reviewOf(next, back, review)).toEqual([]);

    const grown = must(editSetAsideText(state, 'b5', '责任编辑 王晶x晶 版面编辑 宋风渊'));
    expect(reviewOf(state, grown)).toMatchObject([{ spanId: 's2', reason: 'extended', oldText: '王晶晶' }]);
    const gone = must(editSetAsideText(state, 'b5', '责任编辑'));
    expect(reviewOf(state, gone)).toMatchObject([{ spanId: 's2', reason: 'deleted', blockId: null }]);
  });

  it('drops a span whose label left the label set when its block is restored, listing it as deleted', () => {
    const state = caretIn(stateOf(), 'b0');
    const tr = must(restoreSetAside(state, 'b5', ids(), { knownLabel: (label) => label !== 'PER' }));
    expect(blockOf(docOf(state.apply(tr)), 'b5')?.spans).toEqual([]);
    expect(reviewOf(state, tr)).toEqual([
      { spanId: 's2', label: 'PER', reason: 'deleted', oldText: '王晶晶', blockId: null },
    ]);
  });

  it('gives a fresh id to a block pasted into the text with the id of a set-aside block', () => {
    const state = caretIn(stateOf(), 'b2');
    const pasted = schema.nodeFromJSON({
      type: 'block',
      attrs: { id: 'b4', role: 'body' },
      content: [{ type: 'text', text: '粘贴' }],
    });
    const tr = state.tr.replaceSelection(new Slice(Fragment.from(pasted), 0, 0));
    const after = state.apply(tr);
    const fix = must(fixDuplicateIds(after, ids()));
    const doc = docOf(after.apply(fix));
    expect(doc.setAside[0]!.id).toBe('b4');
    expect(doc.articles.flatMap((a) => a.blocks).some((b) => b.id === 'b4')).toBe(false);
  });
});
