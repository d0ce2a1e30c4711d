import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { AllSelection, EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';

import type { SpanReviewItem } from '../../../src/shared/api';
import { docToEditorJson, editorJsonToDoc } from '../../../src/renderer/src/editor/convert';
import { schemaExtensions } from '../../../src/renderer/src/editor/extensions';
import { joinArticle, splitArticle } from '../../../src/renderer/src/editor/extensions/article-keys';
import { moveBlock, moveBlockTo, setBlockRole } from '../../../src/renderer/src/editor/extensions/block-keys';
import { groupByLabel } from '../../../src/renderer/src/editor/review';
import {
  activeSpan,
  collectSpans,
  createProblem,
  createSpan,
  fixDuplicateIds,
  keepComposedSpan,
  keepReplacedSpans,
  mayDuplicateIds,
  moveBoundary,
  relabelSpan,
  removeSpan,
  reviewAfter,
  selectedSpan,
  touchesSpans,
} from '../../../src/renderer/src/editor/spans';
import { type PageDocument, mapSpans } from '../../../src/shared/document';

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
          text: '江泽民李鹏乔石出席会议',
          spans: [
            { id: 's1', label: 'PER', start: 0, end: 3, origin: 'manual' },
            { id: 's2', label: 'PER', start: 3, end: 5, origin: 'manual' },
            { id: 's3', label: 'PER', start: 5, end: 7, origin: 'manual' },
          ],
        },
        {
          id: 'b1',
          role: 'body',
          text: '倪岳峰主持',
          spans: [{ id: 's4', label: 'PER', start: 0, end: 3, origin: 'manual' }],
        },
      ],
    },
  ],
  setAside: [],
};

function stateOf(doc: PageDocument = page): EditorState {
  return EditorState.create({ schema, doc: PMNode.fromJSON(schema, docToEditorJson(doc)) });
}

/** Document position of a text offset in the i-th block. */
function posIn(state: EditorState, block: number, offset: number): number {
  let found = -1;
  let i = 0;
  state.doc.descendants((node, pos) => {
    if (node.type.name !== 'block') return true;
    if (i++ === block) found = pos + 1 + offset;
    return false;
  });
  return found;
}

function select(state: EditorState, block: number, from: number, to = from): EditorState {
  return state.apply(
    state.tr.setSelection(TextSelection.create(state.doc, posIn(state, block, from), posIn(state, block, to))),
  );
}

function run(
  state: EditorState,
  f: (dispatch: (tr: Transaction) => void) => void,
): { state: EditorState; tr: Transaction } {
  let tr: Transaction | null = null;
  f((t) => (tr = t));
  if (!tr) throw new Error('nothing dispatched');
  return { state: state.apply(tr), tr };
}

const docOf = (state: EditorState) => editorJsonToDoc(state.doc.toJSON(), []);

describe('spans in the editor document', () => {
  it('collects adjacent same-label spans as separate spans', () => {
    expect(collectSpans(stateOf().doc).map((s) => s.text)).toEqual(['江泽民', '李鹏', '乔石', '倪岳峰']);
  });

  it('creates a span on a free selection and refuses overlaps and cross-block selections', () => {
    let state = select(stateOf(), 0, 7, 9);
    expect(createProblem(state)).toBeNull();
    state = run(state, (d) => createSpan(state, 'ORG', 'n1', d)).state;
    expect(docOf(state).articles[0]!.blocks[0]!.spans.at(-1)).toEqual({
      id: 'n1',
      label: 'ORG',
      start: 7,
      end: 9,
      origin: 'manual',
    });
    expect(createProblem(select(state, 0, 6, 8))).toBe('overlaps');
    expect(createProblem(select(state, 0, 2, 2))).toBe('empty');
    const cross = state.apply(
      state.tr.setSelection(TextSelection.create(state.doc, posIn(state, 0, 10), posIn(state, 1, 1))),
    );
    expect(createProblem(cross)).toBe('crossesBlocks');
  });

  it('finds the active and the selected span; relabels, moves and removes it', () => {
    let state = select(stateOf(), 0, 4);
    expect(activeSpan(state)?.id).toBe('s2');
    expect(selectedSpan(state)).toBeNull();
    state = select(state, 0, 3, 5);
    const span = selectedSpan(state)!;
    expect(span.id).toBe('s2');
    state = run(state, (d) => relabelSpan(state, span, 'LOC', d)).state;
    expect(collectSpans(state.doc).map((s) => s.label)).toEqual(['PER', 'LOC', 'PER', 'PER']);
    // Cannot grow onto 乔石, can shrink.
    expect(moveBoundary(state, activeSpan(state)!, 'end', 1, () => undefined)).toBe(false);
    state = run(state, (d) => moveBoundary(state, activeSpan(state)!, 'end', -1, d)).state;
    expect(activeSpan(state)?.text).toBe('李');
    state = run(state, (d) => removeSpan(state, activeSpan(state)!, d)).state;
    expect(collectSpans(state.doc).map((s) => s.id)).toEqual(['s1', 's3', 's4']);
    expect(state.doc.textContent).toContain('江泽民李鹏乔石');
  });

  it('moves a boundary over a surrogate pair as one character', () => {
    const doc: PageDocument = {
      version: 1,
      articles: [
        {
          id: 'a',
          blocks: [
            {
              id: 'b',
              role: 'body',
              text: '𠮷野家',
              spans: [{ id: 's', label: 'ORG', start: 2, end: 4, origin: 'manual' }],
            },
          ],
        },
      ],
      setAside: [],
    };
    let state = select(stateOf(doc), 0, 3);
    state = run(state, (d) => moveBoundary(state, activeSpan(state)!, 'start', -1, d)).state;
    expect(docOf(state).articles[0]!.blocks[0]!.spans[0]).toMatchObject({ start: 0, end: 4 });
  });
});

describe('the review list', () => {
  function edit(
    state: EditorState,
    block: number,
    from: number,
    to: number,
    insert: string,
    review: SpanReviewItem[] = [],
  ) {
    // As the editor does it: the transaction, then what keepReplacedSpans appends.
    const tr = state.tr.insertText(insert, posIn(state, block, from), posIn(state, block, to));
    let next = state.apply(tr);
    const kept = keepReplacedSpans(tr, next);
    if (kept) next = next.apply(kept);
    return { state: next, review: reviewAfter(state.doc, tr, review, next.doc) };
  }

  it('agrees with the shared mapSpans rules', () => {
    const block = page.articles[0]!.blocks[0]!;
    const cases: [number, number, string][] = [
      [3, 3, 'x'], // at the edge between 江泽民|李鹏: no change
      [4, 4, 'x'], // inside 李鹏: extended
      [4, 5, ''], // part of 李鹏: cut
      [3, 5, ''], // all of 李鹏: deleted
      [2, 4, 'yy'], // across 江泽民|李鹏: both cut
      [3, 5, '李鹏'], // same text again: nothing
      [3, 5, '李朋'], // the whole span retyped: the span stays on the new text, cut
      [0, 2, 'z'], // from the start of 江泽民: cut, stays
      [3, 4, ''], // start of 李鹏 deleted
    ];
    for (const [from, to, insert] of cases) {
      const { state, review } = edit(stateOf(), 0, from, to, insert);
      const shared = mapSpans(block.text, block.spans, [{ from, to, insert }]);
      expect(
        review.map((r) => [r.spanId, r.reason, r.oldText]),
        `${from}-${to} ${insert}`,
      ).toEqual(shared.review.map((r) => [r.span.id, r.reason, r.oldText]));
      expect(docOf(state).articles[0]!.blocks[0]!.spans).toEqual(shared.spans);
    }
  });

  it('keeps a span through an IME composition over it (as Chrome reports it: ni → niyue → 倪跃峰)', () => {
    let state = stateOf();
    const step = (from: number, to: number, insert: string, composing: string | null) => {
      const tr = state.tr.insertText(insert, posIn(state, 1, from), posIn(state, 1, to));
      let next = state.apply(tr);
      const kept = (composing && keepComposedSpan(tr, next, composing)) || keepReplacedSpans(tr, next);
      if (kept) next = next.apply(kept);
      state = next;
    };
    step(0, 3, 'ni', null);
    step(2, 2, 'yue', 's4');
    step(0, 5, '倪跃峰', 's4');
    expect(docOf(state).articles[0]!.blocks[1]!.spans).toEqual([
      { id: 's4', label: 'PER', start: 0, end: 3, origin: 'manual' },
    ]);
    expect(state.doc.child(0).child(1).textContent).toBe('倪跃峰主持');
  });

  it('knows when a one-step edit cannot touch a span', () => {
    const state = stateOf();
    const at = (block: number, from: number, to: number, insert: string) =>
      touchesSpans(state.doc, state.tr.insertText(insert, posIn(state, block, from), posIn(state, block, to)));
    expect(at(0, 8, 8, 'x')).toBe(false); // after the spans
    expect(at(0, 3, 3, 'x')).toBe(false); // between 江泽民|李鹏
    expect(at(0, 4, 4, 'x')).toBe(true); // inside 李鹏
    expect(at(0, 7, 9, '')).toBe(false);
    expect(at(0, 6, 8, '')).toBe(true);
  });

  it('drops an item when the span gets its text back, and ignores span operations', () => {
    const first = edit(stateOf(), 1, 1, 1, 'x');
    expect(first.review).toMatchObject([{ spanId: 's4', reason: 'extended', oldText: '倪岳峰' }]);
    const back = edit(first.state, 1, 1, 2, '', first.review);
    expect(back.review).toEqual([]);
    const state = select(stateOf(), 1, 0, 3);
    const { state: after, tr } = run(state, (d) => removeSpan(state, selectedSpan(state)!, d));
    expect(reviewAfter(state.doc, tr, [])).toEqual([]);
    expect(collectSpans(after.doc).map((s) => s.id)).not.toContain('s4');
  });

  it('a split through a span keeps its left part, gives the new block a fresh id and lists the span as cut', () => {
    const state = stateOf();
    const tr = state.tr.split(posIn(state, 1, 1));
    let next = state.apply(tr);
    const review = reviewAfter(state.doc, tr, []);
    let n = 0;
    const fix = fixDuplicateIds(next, () => `new${n++}`)!;
    next = next.apply(fix);
    const doc = docOf(next);
    expect(doc.articles[0]!.blocks.map((b) => [b.id, b.text, b.spans.map((s) => s.id)])).toEqual([
      ['b0', '江泽民李鹏乔石出席会议', ['s1', 's2', 's3']],
      ['b1', '倪', ['s4']],
      ['new0', '岳峰主持', []],
    ]);
    expect(review).toMatchObject([{ spanId: 's4', reason: 'cut', oldText: '倪岳峰', blockId: 'b1' }]);
    expect(fixDuplicateIds(next, () => 'x')).toBeNull();
  });

  it('a merge keeps both blocks’ span ids', () => {
    const state = stateOf();
    const tr = state.tr.join(posIn(state, 1, 0) - 1);
    const next = state.apply(tr);
    expect(docOf(next).articles[0]!.blocks.map((b) => [b.id, b.spans.map((s) => s.id)])).toEqual([
      ['b0', ['s1', 's2', 's3', 's4']],
    ]);
    expect(reviewAfter(state.doc, tr, [])).toEqual([]);
  });
});

describe('which edits can duplicate an id (the cheap check before fixDuplicateIds walks the page)', () => {
  const entity = schema.marks.entity!;
  const markOf = (id: string) => entity.create({ id, label: 'PER', origin: 'manual' });

  it('typing, deleting and typing inside a span cannot; splits, pastes, cuts and mark steps may', () => {
    const state = stateOf();
    const typed = state.tr.insertText('x', posIn(state, 0, 9));
    expect(mayDuplicateIds([typed])).toBe(false);
    // Inside 江泽民 the typed text takes the span's mark: the span grows, still one piece.
    const inside = state.tr.insertText('x', posIn(state, 0, 1));
    expect(inside.doc.nodeAt(posIn(state, 0, 1))!.marks.map((m) => m.attrs.id)).toEqual(['s1']);
    expect(mayDuplicateIds([inside])).toBe(false);
    expect(mayDuplicateIds([state.tr.delete(posIn(state, 0, 2), posIn(state, 0, 6))])).toBe(false);
    // Joining two blocks keeps both ids.
    expect(mayDuplicateIds([state.tr.delete(posIn(state, 0, 11), posIn(state, 1, 0))])).toBe(false);

    expect(mayDuplicateIds([state.tr.split(posIn(state, 1, 1))])).toBe(true);
    // Unmarked text inside a span cuts it in two pieces with one id.
    const cut = state.tr.replaceWith(posIn(state, 0, 1), posIn(state, 0, 1), schema.text('x'));
    expect(mayDuplicateIds([cut])).toBe(true);
    expect(fixDuplicateIds(state.apply(cut), () => 'n')).not.toBeNull();
    // A pasted copy of a span elsewhere.
    const paste = state.tr.replaceWith(posIn(state, 1, 5), posIn(state, 1, 5), schema.text('江泽民', [markOf('s1')]));
    expect(mayDuplicateIds([paste])).toBe(true);
    expect(mayDuplicateIds([state.tr.addMark(posIn(state, 0, 8), posIn(state, 0, 10), markOf('s9'))])).toBe(true);
    expect(mayDuplicateIds([state.tr.setNodeMarkup(posIn(state, 1, 0) - 1, undefined, { id: 'b0' })])).toBe(true);
  });

  it('never says "cannot" for an edit after which fixDuplicateIds has work to do (random edits)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    let checked = 0;
    for (let round = 0; round < 400; round++) {
      let state = stateOf();
      for (let step = 0; step < 4; step++) {
        const blocks: { pos: number; size: number }[] = [];
        state.doc.descendants((node, pos) => {
          if (node.type.name === 'block') blocks.push({ pos: pos + 1, size: node.content.size });
          return node.type.name !== 'block';
        });
        const block = pick(blocks);
        const from = block.pos + Math.floor(random() * (block.size + 1));
        // Now and then a deletion that runs into the next block (joining the two).
        const to =
          random() < 0.1
            ? Math.min(state.doc.content.size - 2, from + 8)
            : Math.min(block.pos + block.size, from + Math.floor(random() * 3));
        const marks = pick([[], [], [markOf('s1')], [markOf('s4')], [markOf('fresh')]]);
        const tr =
          pick(['insertText', 'replace', 'delete']) === 'delete'
            ? state.tr.delete(from, to)
            : random() < 0.5
              ? state.tr.insertText(pick(['x', '人民']), from, to)
              : state.tr.replaceWith(from, to, schema.text(pick(['y', '日报']), marks));
        const next = state.apply(tr);
        if (!mayDuplicateIds([tr])) {
          expect(fixDuplicateIds(next, () => 'n')).toBeNull();
          checked++;
        }
        state = next.apply(fixDuplicateIds(next, () => `n${round}-${step}`) ?? next.tr);
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('block operations', () => {
  it('sets a role and moves a block with its spans', () => {
    let state = select(stateOf(), 1, 1);
    state = run(state, (d) => setBlockRole(state, 'headline', d)).state;
    state = run(state, (d) => moveBlock(state, -1, d)).state;
    const doc = docOf(state);
    expect(doc.articles[0]!.blocks.map((b) => [b.id, b.role])).toEqual([
      ['b1', 'headline'],
      ['b0', 'body'],
    ]);
    expect(doc.articles[0]!.blocks[0]!.spans[0]!.id).toBe('s4');
    expect(moveBlock(state, -1, () => undefined)).toBe(false);
  });
});

describe('moving a block anywhere (dragged by its handle)', () => {
  const twoArticles: PageDocument = {
    ...page,
    articles: [
      page.articles[0]!,
      { id: 'a1', blocks: [{ id: 'b2', role: 'headline', text: '𠮷野家开业', spans: [] }] },
    ],
  };
  /** Positions before each block and at each article's end, by article: [[before b0, before b1, end], …]. */
  function gaps(state: EditorState): number[][] {
    const out: number[][] = [];
    state.doc.forEach((article, articlePos) => {
      const row: number[] = [];
      article.forEach((_block, offset) => row.push(articlePos + 1 + offset));
      row.push(articlePos + article.nodeSize - 1);
      out.push(row);
    });
    return out;
  }
  const order = (state: EditorState): string[][] => docOf(state).articles.map((a) => a.blocks.map((b) => b.id));

  it('moves a block down and up inside its article, with its spans and their ids', () => {
    let state = stateOf(twoArticles);
    const [[b0, , end]] = gaps(state) as [number[]];
    state = run(state, (d) => moveBlockTo(state, b0!, end!, d)).state;
    expect(order(state)).toEqual([['b1', 'b0'], ['b2']]);
    expect(docOf(state).articles[0]!.blocks[1]!.spans.map((s) => [s.id, s.start, s.end])).toEqual([
      ['s1', 0, 3],
      ['s2', 3, 5],
      ['s3', 5, 7],
    ]);
    // The caret is at the moved block's start.
    expect(state.selection.$from.parent.attrs.id).toBe('b0');
    const [[first, second]] = gaps(state) as [number[]];
    state = run(state, (d) => moveBlockTo(state, second!, first!, d)).state;
    expect(order(state)).toEqual([['b0', 'b1'], ['b2']]);
  });

  it('moves a block into another article, and takes away an article it leaves empty', () => {
    let state = stateOf(twoArticles);
    const [[, b1], [, end1]] = gaps(state) as [number[], number[]];
    state = run(state, (d) => moveBlockTo(state, b1!, end1!, d)).state;
    expect(order(state)).toEqual([['b0'], ['b2', 'b1']]);
    expect(docOf(state).articles[1]!.blocks[1]!.spans.map((s) => s.id)).toEqual(['s4']);
    // b2 (with a character outside the BMP) moved into the first article leaves the second with b1 only.
    const [[b0again], [b2again]] = gaps(state) as [number[], number[]];
    state = run(state, (d) => moveBlockTo(state, b2again!, b0again!, d)).state;
    expect(order(state)).toEqual([['b2', 'b0'], ['b1']]);
    expect(docOf(state).articles[0]!.blocks[0]!.text).toBe('𠮷野家开业');
    // The last block of an article moved away: the article goes.
    const [[before], [only]] = gaps(state) as [number[], number[]];
    state = run(state, (d) => moveBlockTo(state, only!, before!, d)).state;
    expect(order(state)).toEqual([['b1', 'b2', 'b0']]);
    expect(docOf(state).articles.map((a) => a.id)).toEqual(['a0']);
  });

  it('Alt+↑/↓ take a block across an article edge, the caret keeping its place', () => {
    // b2 (first and only block of a1) up: to the end of a0; a1, left empty, goes.
    // The caret after 𠮷 (two UTF-16 units in the editor's positions).
    let state = select(stateOf(twoArticles), 2, 2);
    state = run(state, (d) => moveBlock(state, -1, d)).state;
    expect(order(state)).toEqual([['b0', 'b1', 'b2']]);
    expect([state.selection.$from.parent.attrs.id, state.selection.$from.parentOffset]).toEqual(['b2', 2]);
    // b1, the last block of a0, down: to the start of a1.
    state = select(stateOf(twoArticles), 1, 3);
    state = run(state, (d) => moveBlock(state, 1, d)).state;
    expect(order(state)).toEqual([['b0'], ['b1', 'b2']]);
    expect([state.selection.$from.parent.attrs.id, state.selection.$from.parentOffset]).toEqual(['b1', 3]);
    expect(docOf(state).articles[1]!.blocks[0]!.spans.map((s) => s.id)).toEqual(['s4']);
    // At the page's first block going up, or its last going down: nothing.
    expect(moveBlock(select(stateOf(twoArticles), 0, 0), -1, () => expect.unreachable())).toBe(false);
    expect(moveBlock(select(stateOf(twoArticles), 2, 0), 1, () => expect.unreachable())).toBe(false);
  });

  it('refuses a move that leaves the block where it is, and a target that is not between blocks', () => {
    const state = stateOf(twoArticles);
    const [[b0, b1, end]] = gaps(state) as [number[]];
    const none = (): void => {
      throw new Error('dispatched');
    };
    expect(moveBlockTo(state, b0!, b0!, none)).toBe(false);
    expect(moveBlockTo(state, b0!, b1!, none)).toBe(false);
    expect(moveBlockTo(state, b0!, b0! + 2, none)).toBe(false); // inside the block's text
    expect(moveBlockTo(state, b0! + 1, end!, none)).toBe(false); // not a block's start
    expect(moveBlockTo(state, b0!, 0, none)).toBe(false); // before the first article
  });
});

describe('splitting and joining articles by hand', () => {
  const threeBlocks: PageDocument = {
    ...page,
    articles: [
      {
        id: 'a0',
        blocks: [
          ...page.articles[0]!.blocks,
          {
            id: 'b2',
            role: 'headline',
            text: '𠮷野家开业',
            spans: [{ id: 's5', label: 'ORG', start: 0, end: 3, origin: 'manual' }],
          },
        ],
      },
    ],
  };
  /** Each article's id and its blocks' ids, read from the editor's nodes. */
  function shape(state: EditorState): [string | null, string[]][] {
    const out: [string | null, string[]][] = [];
    state.doc.forEach((article) => {
      const blocks: string[] = [];
      article.forEach((block) => blocks.push(block.attrs.id as string));
      out.push([article.attrs.id as string | null, blocks]);
    });
    return out;
  }

  it('starts a new article at the caret block, keeps the spans, and joins it back', () => {
    let state = select(stateOf(threeBlocks), 1, 2);
    state = run(state, (d) => splitArticle(state, d)).state;
    // The new article's id is null until unique-ids.ts gives it one (its appendTransaction, run here by hand).
    expect(shape(state)).toEqual([
      ['a0', ['b0']],
      [null, ['b1', 'b2']],
    ]);
    state = state.apply(fixDuplicateIds(state, () => 'a-new')!);
    expect(shape(state)).toEqual([
      ['a0', ['b0']],
      ['a-new', ['b1', 'b2']],
    ]);
    const b2 = docOf(state).articles[1]!.blocks[1]!;
    // Offsets count code points: 𠮷 is one.
    expect(b2.spans.map((s) => [s.id, [...b2.text].slice(s.start, s.end).join('')])).toEqual([['s5', '𠮷野家']]);
    // The caret stays in its block.
    expect(state.selection.$from.parent.attrs.id).toBe('b1');

    state = run(state, (d) => joinArticle(state, d)).state;
    expect(shape(state)).toEqual([['a0', ['b0', 'b1', 'b2']]]);
    expect(docOf(state).articles[0]!.blocks.flatMap((b) => b.spans.map((s) => s.id))).toEqual([
      's1',
      's2',
      's3',
      's4',
      's5',
    ]);
  });

  it('refuses a split at an article start and a join of the first article, and says why', () => {
    const state = select(stateOf(threeBlocks), 0, 1);
    expect(splitArticle(state, () => expect.unreachable())).toBe('articleStart');
    expect(joinArticle(state, () => expect.unreachable())).toBe('firstArticle');
    const fresh = stateOf(threeBlocks);
    const nowhere = fresh.apply(fresh.tr.setSelection(new AllSelection(fresh.doc)));
    expect(splitArticle(nowhere)).toBe('notInBlock');
  });
});

describe('entity panel grouping', () => {
  it('groups by label in palette order with counts', () => {
    const groups = groupByLabel(
      [
        { id: '1', label: 'LOC', text: '北京' },
        { id: '2', label: 'PER', text: '江泽民' },
        { id: '3', label: 'PER', text: '李鹏' },
        { id: '4', label: 'ZZZ', text: '?' },
      ],
      ['PER', 'ORG', 'LOC'],
    );
    expect(groups.map((g) => [g.label, g.spans.length])).toEqual([
      ['PER', 2],
      ['LOC', 1],
      ['ZZZ', 1],
    ]);
  });
});
