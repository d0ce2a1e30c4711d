// Spans survive edits: typing, deleting and replacing around, at the edges of and inside entity spans.
import { describe, expect, it } from 'vitest';

import { PageDocumentSchema, type DocSpan } from '../../../src/shared/document/model';
import {
  applySteps,
  editBlock,
  mapSpans,
  mergeBlocks,
  moveBlock,
  splitBlock,
  type ReplaceStep,
  type SpanReview,
} from '../../../src/shared/document/span-mapping';
import { GAIJI, block, covered, deepFreeze, del, docOf, ins, mark, rep } from './helpers';

/** Maps and returns what a reader of the result wants: the new text, id → covered text, id → reason. */
function edit(text: string, spans: DocSpan[], ...steps: ReplaceStep[]) {
  const r = mapSpans(deepFreeze(text), deepFreeze(spans), deepFreeze(steps));
  return {
    text: r.text,
    covered: covered(r.text, r.spans),
    reasons: Object.fromEntries(r.review.map((x) => [x.span.id, x.reason])),
    result: r,
  };
}

const NAME = '会见倪岳峰时说'; // 倪岳峰 = [2, 5)
const name = (): DocSpan[] => mark(NAME, ['倪岳峰']);

describe('mapSpans: insertions', () => {
  it('shifts a span when typing before it, also right at its start', () => {
    for (const at of [0, 1, 2]) {
      const r = edit(NAME, name(), ins(at, '今天'));
      expect(r.covered).toEqual({ s0: '倪岳峰' });
      expect(r.reasons).toEqual({});
      expect(r.result.spans[0]).toMatchObject({ start: 4, end: 7 });
    }
  });

  it('leaves a span alone when typing after it, also right at its end (the span does not grow)', () => {
    for (const at of [5, 6, 7]) {
      const r = edit(NAME, name(), ins(at, '同志'));
      expect(r.covered).toEqual({ s0: '倪岳峰' });
      expect(r.reasons).toEqual({});
      expect(r.result.spans[0]).toMatchObject({ start: 2, end: 5 });
    }
  });

  it('does not grow when typing at both edges in one edit', () => {
    const r = edit(NAME, name(), ins(5, '》'), ins(2, '《'));
    expect(r.text).toBe('会见《倪岳峰》时说');
    expect(r.covered).toEqual({ s0: '倪岳峰' });
    expect(r.reasons).toEqual({});
  });

  it('grows when typing strictly inside, and lists the span as extended with its old text', () => {
    const r = edit(NAME, name(), ins(3, '·'));
    expect(r.covered).toEqual({ s0: '倪·岳峰' });
    expect(r.result.review).toEqual<SpanReview[]>([
      {
        span: name()[0] as DocSpan,
        reason: 'extended',
        oldText: '倪岳峰',
        current: { ...(name()[0] as DocSpan), start: 2, end: 6 },
      },
    ]);
  });

  it('keeps ids, labels, origin and entity links', () => {
    const spans: DocSpan[] = [{ id: 'e1', label: 'PER', start: 2, end: 5, entityId: 'Q1', origin: 'gazetteer' }];
    const r = mapSpans(NAME, spans, [ins(0, '今天')]);
    expect(r.spans).toEqual([{ id: 'e1', label: 'PER', start: 4, end: 7, entityId: 'Q1', origin: 'gazetteer' }]);
  });

  it('an empty edit changes nothing', () => {
    const r = edit(NAME, name());
    expect(r.text).toBe(NAME);
    expect(r.result.spans).toEqual(name());
    expect(r.result.review).toEqual([]);
    expect(edit(NAME, name(), ins(3, '')).result.review).toEqual([]);
  });
});

describe('mapSpans: deletions', () => {
  it('shifts a span when deleting before it, up to its start', () => {
    expect(edit(NAME, name(), del(0, 2)).result.spans[0]).toMatchObject({ start: 0, end: 3 });
    expect(edit(NAME, name(), del(1, 2)).covered).toEqual({ s0: '倪岳峰' });
  });

  it('leaves a span alone when deleting after it, from its end', () => {
    const r = edit(NAME, name(), del(5, 7));
    expect(r.text).toBe('会见倪岳峰');
    expect(r.covered).toEqual({ s0: '倪岳峰' });
    expect(r.reasons).toEqual({});
  });

  it('lists a wholly deleted span as deleted, with its old text, instead of dropping it silently', () => {
    for (const [from, to] of [
      [2, 5],
      [1, 5],
      [2, 6],
      [0, 7],
    ] as const) {
      const r = edit(NAME, name(), del(from, to));
      expect(r.result.spans).toEqual([]);
      expect(r.result.review).toEqual([{ span: name()[0], reason: 'deleted', oldText: '倪岳峰', current: null }]);
    }
  });

  it('keeps the surviving part when a deletion cuts across its start or end, and lists it as cut', () => {
    expect(edit(NAME, name(), del(1, 3))).toMatchObject({ covered: { s0: '岳峰' }, reasons: { s0: 'cut' } });
    expect(edit(NAME, name(), del(2, 3))).toMatchObject({ covered: { s0: '岳峰' }, reasons: { s0: 'cut' } });
    expect(edit(NAME, name(), del(4, 6))).toMatchObject({ covered: { s0: '倪岳' }, reasons: { s0: 'cut' } });
    expect(edit(NAME, name(), del(4, 5))).toMatchObject({ covered: { s0: '倪岳' }, reasons: { s0: 'cut' } });
  });

  it('lists a deletion inside the span as cut', () => {
    const r = edit(NAME, name(), del(3, 4));
    expect(r.covered).toEqual({ s0: '倪峰' });
    expect(r.result.review[0]).toMatchObject({ reason: 'cut', oldText: '倪岳峰', current: { start: 2, end: 4 } });
  });

  it('deleting one character at a time until nothing is left ends as deleted, not cut', () => {
    const r = edit(NAME, name(), del(4, 5), del(3, 4), del(2, 3));
    expect(r.result.spans).toEqual([]);
    expect(r.reasons).toEqual({ s0: 'deleted' });
  });
});

describe('mapSpans: replacements', () => {
  it('keeps an OCR correction inside the name in the span (reviewed as cut: a character was lost)', () => {
    const text = '会见倪岳锋时说';
    const r = edit(text, mark(text, ['倪岳锋']), rep(4, 5, '峰'));
    expect(r.text).toBe(NAME);
    expect(r.covered).toEqual({ s0: '倪岳峰' });
    expect(r.reasons).toEqual({ s0: 'cut' });
  });

  it('keeps the span on new text that replaces its exact text', () => {
    expect(edit(NAME, name(), rep(2, 5, '李鹏'))).toMatchObject({ covered: { s0: '李鹏' }, reasons: { s0: 'cut' } });
  });

  it('does not review a replacement by the same text', () => {
    expect(edit(NAME, name(), rep(2, 5, '倪岳峰'))).toMatchObject({ covered: { s0: '倪岳峰' }, reasons: {} });
    expect(edit(NAME, name(), rep(3, 4, '岳'))).toMatchObject({ covered: { s0: '倪岳峰' }, reasons: {} });
  });

  it('keeps the insert outside the span when the replaced text overlaps only one of its edges', () => {
    const start = edit(NAME, name(), rep(1, 3, '晤'));
    expect(start.text).toBe('会晤岳峰时说');
    expect(start).toMatchObject({ covered: { s0: '岳峰' }, reasons: { s0: 'cut' } });
    const end = edit(NAME, name(), rep(4, 6, '先生'));
    expect(end.text).toBe('会见倪岳先生说');
    expect(end).toMatchObject({ covered: { s0: '倪岳' }, reasons: { s0: 'cut' } });
  });

  it('deletes the span when the replaced text covers it and more', () => {
    for (const [from, to] of [
      [1, 6],
      [2, 6],
      [1, 5],
    ] as const) {
      const r = edit(NAME, name(), rep(from, to, '他'));
      expect(r.result.spans).toEqual([]);
      expect(r.result.review).toEqual([{ span: name()[0], reason: 'deleted', oldText: '倪岳峰', current: null }]);
    }
  });

  it('follows an IME composition that replaces a selected character letter by letter', () => {
    const text = '会见倪岳锋时说';
    const r = edit(text, mark(text, ['倪岳锋']), rep(4, 5, 'f'), rep(4, 5, 'fe'), rep(4, 6, 'feng'), rep(4, 8, '峰'));
    expect(r).toMatchObject({ text: NAME, covered: { s0: '倪岳峰' }, reasons: { s0: 'cut' } });
  });

  it('does not let a composition typed right after a name join it', () => {
    const r = edit(NAME, name(), ins(5, 's'), rep(5, 6, 'sh'), rep(5, 7, '时'));
    expect(r).toMatchObject({ text: '会见倪岳峰时时说', covered: { s0: '倪岳峰' }, reasons: {} });
  });

  it('is not reviewed when the edit puts the text back as it was', () => {
    expect(edit(NAME, name(), ins(3, 'x'), del(3, 4)).reasons).toEqual({});
    expect(edit(NAME, name(), del(3, 4), ins(3, '岳')).reasons).toEqual({});
  });

  it('reports extended only when nothing original was lost', () => {
    expect(edit(NAME, name(), ins(3, 'x'), ins(5, 'y')).reasons).toEqual({ s0: 'extended' });
    expect(edit(NAME, name(), ins(3, 'x'), del(5, 6)).reasons).toEqual({ s0: 'cut' });
  });
});

describe('mapSpans: adjacent spans with the same label', () => {
  const LIST = '出席的有江泽民李鹏乔石等';
  const three = (): DocSpan[] => mark(LIST, ['江泽民'], ['李鹏'], ['乔石']);

  it('typing between them keeps three spans, none growing', () => {
    const r = edit(LIST, three(), ins(9, '、'), ins(7, '、'));
    expect(r.text).toBe('出席的有江泽民、李鹏、乔石等');
    expect(r.covered).toEqual({ s0: '江泽民', s1: '李鹏', s2: '乔石' });
    expect(r.reasons).toEqual({});
  });

  it('typing around the run and at its ends keeps them', () => {
    const r = edit(LIST, three(), ins(11, '同志'), ins(4, '：'), ins(0, '今天'));
    expect(r.covered).toEqual({ s0: '江泽民', s1: '李鹏', s2: '乔石' });
    expect(r.result.spans.map((s) => s.id)).toEqual(['s0', 's1', 's2']);
    expect(r.reasons).toEqual({});
  });

  it('deleting the middle one leaves two adjacent spans, still apart', () => {
    const r = edit(LIST, three(), del(7, 9));
    expect(r.text).toBe('出席的有江泽民乔石等');
    expect(r.result.spans).toMatchObject([
      { id: 's0', start: 4, end: 7 },
      { id: 's2', start: 7, end: 9 },
    ]);
    expect(r.result.review).toEqual([{ span: three()[1], reason: 'deleted', oldText: '李鹏', current: null }]);
    // and typing at their shared edge joins neither
    const again = edit(r.text, r.result.spans, ins(7, '、'));
    expect(again.covered).toEqual({ s0: '江泽民', s2: '乔石' });
  });

  it('a replacement across the shared edge cuts both and gives the insert to neither', () => {
    const r = edit(LIST, three(), rep(6, 8, '名、李'));
    expect(r.text).toBe('出席的有江泽名、李鹏乔石等');
    expect(r.covered).toEqual({ s0: '江泽', s1: '鹏', s2: '乔石' });
    expect(r.reasons).toEqual({ s0: 'cut', s1: 'cut' });
  });

  it('an edit inside one does not touch its neighbours', () => {
    const r = edit(LIST, three(), rep(8, 9, '鹏鹏'));
    expect(r.covered).toEqual({ s0: '江泽民', s1: '李鹏鹏', s2: '乔石' });
    expect(r.reasons).toEqual({ s1: 'cut' });
  });
});

describe('mapSpans: characters outside the BMP', () => {
  const T = `${GAIJI}田茂首相`; // 𠮷田茂 = [0, 4), 首相 = [4, 6)
  const spans = (): DocSpan[] => mark(T, [`${GAIJI}田茂`], ['首相', 'TITLE']);

  it('shifts, keeps and grows spans by UTF-16 units when 𠮷 is typed before, after or inside', () => {
    expect(edit(T, spans(), ins(0, GAIJI)).result.spans).toMatchObject([
      { start: 2, end: 6 },
      { start: 6, end: 8 },
    ]);
    expect(edit(T, spans(), ins(6, GAIJI)).covered).toEqual({ s0: `${GAIJI}田茂`, s1: '首相' });
    const inside = edit(T, spans(), ins(2, GAIJI));
    expect(inside.covered).toEqual({ s0: `${GAIJI}${GAIJI}田茂`, s1: '首相' });
    expect(inside.reasons).toEqual({ s0: 'extended' });
  });

  it('deletes a whole 𠮷 before, inside and as the span', () => {
    const text = `${GAIJI}李${GAIJI}鹏${GAIJI}`;
    const s = mark(text, [`李${GAIJI}鹏`]); // [2, 6)
    expect(edit(text, s, del(0, 2)).covered).toEqual({ s0: `李${GAIJI}鹏` });
    expect(edit(text, s, del(3, 5))).toMatchObject({ covered: { s0: '李鹏' }, reasons: { s0: 'cut' } });
    expect(edit(text, s, del(6, 8)).reasons).toEqual({});
    const only = mark(text, [GAIJI]);
    expect(edit(text, only, del(0, 2)).reasons).toEqual({ s0: 'deleted' });
  });

  it('applies a step that splits a pair literally; the span keeps the half characters it covers', () => {
    // Typing between the halves of a 𠮷 that a span covers: strictly inside, so the span grows.
    const s = mark(T, [`${GAIJI}田茂`]);
    const r = edit(T, s, ins(1, 'x'));
    expect(r.text).toBe(`\ud842x\udfb7田茂首相`);
    expect(r.result.spans[0]).toMatchObject({ start: 0, end: 5 });
    expect(r.reasons).toEqual({ s0: 'extended' });
    // Deleting only the low half of the span's 𠮷 leaves a lone high half inside the span.
    const cut = edit(T, s, del(1, 2));
    expect(cut.covered).toEqual({ s0: '\ud842田茂' });
    expect(cut.reasons).toEqual({ s0: 'cut' });
  });

  it('moves a boundary that an edit leaves between the halves of a pair inward, and reviews the span', () => {
    // Lone halves around 李: deleting 李 fuses them into 𠮷 right at the span's start.
    const text = 'x\ud842李\udfb7y';
    const fused = edit(text, mark(text, ['李\udfb7y']), del(2, 3));
    expect(fused.text).toBe(`x${GAIJI}y`);
    expect(fused.covered).toEqual({ s0: 'y' });
    expect(fused.reasons).toEqual({ s0: 'cut' });
    // Nothing left after the move: deleted.
    const gone = edit(text, mark(text, ['李\udfb7']), del(2, 3));
    expect(gone.result.spans).toEqual([]);
    expect(gone.reasons).toEqual({ s0: 'deleted' });
    // Two spans meeting at the fused pair both move away from it, so they cannot overlap.
    const two = 'a\ud842-\udfb7b';
    const both = edit(two, mark(two, ['a\ud842'], ['\udfb7b']), del(2, 3));
    expect(both.text).toBe(`a${GAIJI}b`);
    expect(both.covered).toEqual({ s0: 'a', s1: 'b' });
    expect(both.reasons).toEqual({ s0: 'cut', s1: 'cut' });
  });
});

describe('mapSpans: contract', () => {
  it('refuses a step that does not fit the text it applies to', () => {
    expect(() => mapSpans('abc', [], [del(2, 4)])).toThrow(RangeError);
    expect(() => mapSpans('abc', [], [rep(2, 1, 'x')])).toThrow(RangeError);
    expect(() => mapSpans('abc', [], [ins(-1, 'x')])).toThrow(RangeError);
    expect(() => mapSpans('abc', [], [ins(1.5, 'x')])).toThrow(RangeError);
    // the second step applies to the text after the first
    expect(mapSpans('abc', [], [ins(3, 'de'), del(4, 5)]).text).toBe('abcd');
    expect(() => mapSpans('abc', [], [del(0, 3), ins(1, 'x')])).toThrow(RangeError);
  });

  it('refuses spans that are broken to begin with', () => {
    const overlap = [...mark('abcd', ['abc']), { ...(mark('abcd', ['cd'])[0] as DocSpan), id: 'x' }];
    expect(() => mapSpans('abcd', overlap, [])).toThrow(/overlaps/);
    expect(() => mapSpans('ab', mark('abc', ['abc']), [])).toThrow(/past the text/);
  });

  it('returns spans sorted by start whatever the input order', () => {
    const s = mark(NAME, ['会见'], ['倪岳峰']).reverse();
    expect(mapSpans(NAME, s, [ins(0, 'x')]).spans.map((x) => x.id)).toEqual(['s0', 's1']);
  });

  it('applySteps agrees with mapSpans on the text', () => {
    const steps = [ins(0, 'a'), rep(1, 3, 'bc'), del(4, 5)];
    expect(applySteps(NAME, steps)).toBe(mapSpans(NAME, [], steps).text);
  });

  it('editBlock maps a block and keeps its id and role', () => {
    const b = deepFreeze(block('b1', NAME, name(), 'caption'));
    const r = editBlock(b, [ins(0, '昨天')]);
    expect(r.block).toMatchObject({ id: 'b1', role: 'caption', text: `昨天${NAME}` });
    expect(covered(r.block.text, r.block.spans)).toEqual({ s0: '倪岳峰' });
    expect(r.review).toEqual([]);
  });
});

describe('splitBlock', () => {
  const LIST = '江泽民李鹏乔石';
  const b = () => deepFreeze(block('b1', LIST, mark(LIST, ['江泽民'], ['李鹏'], ['乔石']), 'body'));

  it('distributes spans at a span boundary without review', () => {
    const r = splitBlock(b(), 5, 'b2');
    expect(r.left).toMatchObject({ id: 'b1', role: 'body', text: '江泽民李鹏' });
    expect(r.right).toMatchObject({ id: 'b2', role: 'body', text: '乔石' });
    expect(covered(r.left.text, r.left.spans)).toEqual({ s0: '江泽民', s1: '李鹏' });
    expect(r.right.spans).toEqual([{ id: 's2', label: 'PER', start: 0, end: 2, origin: 'manual' }]);
    expect(r.review).toEqual([]);
  });

  it('keeps the left part of a span it cuts, and lists it as cut', () => {
    const r = splitBlock(b(), 4, 'b2');
    expect(covered(r.left.text, r.left.spans)).toEqual({ s0: '江泽民', s1: '李' });
    expect(covered(r.right.text, r.right.spans)).toEqual({ s2: '乔石' });
    expect(r.review).toEqual([
      { span: b().spans[1], reason: 'cut', oldText: '李鹏', current: { ...b().spans[1], start: 3, end: 4 } },
    ]);
  });

  it('splits at either end into an empty block', () => {
    expect(splitBlock(b(), 0, 'b2')).toMatchObject({ left: { text: '', spans: [] }, right: { text: LIST } });
    expect(splitBlock(b(), 7, 'b2')).toMatchObject({ left: { text: LIST }, right: { text: '', spans: [] } });
  });

  it('refuses to split outside the text or inside a surrogate pair', () => {
    expect(() => splitBlock(b(), 8, 'b2')).toThrow(RangeError);
    expect(() => splitBlock(b(), -1, 'b2')).toThrow(RangeError);
    expect(() => splitBlock(block('b', `a${GAIJI}b`), 2, 'b2')).toThrow(/surrogate/);
    const astral = splitBlock(block('b', `a${GAIJI}b`, mark(`a${GAIJI}b`, [`${GAIJI}b`])), 3, 'b2');
    expect(astral.left.text).toBe(`a${GAIJI}`);
    expect(covered(astral.left.text, astral.left.spans)).toEqual({ s0: GAIJI });
    expect(astral.review).toMatchObject([{ reason: 'cut', oldText: `${GAIJI}b` }]);
  });
});

describe('mergeBlocks', () => {
  it('joins the text, shifts the second block’s spans and keeps same-label spans at the join apart', () => {
    const a = deepFreeze(block('b1', '出席的有江泽民', mark('出席的有江泽民', ['江泽民', 'PER', 'x'])));
    const b = deepFreeze(block('b2', '李鹏等', mark('李鹏等', ['李鹏', 'PER', 'y']), 'caption'));
    const r = mergeBlocks(a, b);
    expect(r.block).toMatchObject({ id: 'b1', role: 'body', text: '出席的有江泽民李鹏等' });
    expect(r.block.spans).toEqual([
      { id: 'x', label: 'PER', start: 4, end: 7, origin: 'manual' },
      { id: 'y', label: 'PER', start: 7, end: 9, origin: 'manual' },
    ]);
    expect(r.review).toEqual([]);
  });

  it('puts an optional separator between them, outside any span', () => {
    const r = mergeBlocks(
      block('b1', 'Li', mark('Li', ['Li'])),
      block('b2', 'Peng', mark('Peng', ['Peng', 'PER', 'z'])),
      ' ',
    );
    expect(r.block.text).toBe('Li Peng');
    expect(covered(r.block.text, r.block.spans)).toEqual({ s0: 'Li', z: 'Peng' });
  });

  it('moves boundaries off a surrogate pair that the join fuses from two lone halves', () => {
    const a = block('b1', 'x\ud842', mark('x\ud842', ['x\ud842', 'PER', 'p']));
    const b = block('b2', '\udfb7y', mark('\udfb7y', ['\udfb7y', 'PER', 'q']));
    const r = mergeBlocks(a, b);
    expect(r.block.text).toBe(`x${GAIJI}y`);
    expect(covered(r.block.text, r.block.spans)).toEqual({ p: 'x', q: 'y' });
    // The records show the spans as they were stored, in their own blocks.
    expect(r.review).toEqual([
      { span: a.spans[0], reason: 'cut', oldText: 'x\ud842', current: { ...a.spans[0], start: 0, end: 1 } },
      { span: b.spans[0], reason: 'cut', oldText: '\udfb7y', current: { ...b.spans[0], start: 3, end: 4 } },
    ]);
  });

  it('split then merge gives back the block when no span was cut', () => {
    const text = '江泽民李鹏乔石';
    const original = block('b1', text, mark(text, ['江泽民'], ['李鹏'], ['乔石']));
    for (const at of [0, 3, 5, 7]) {
      const { left, right } = splitBlock(original, at, 'b2');
      expect(mergeBlocks(left, right).block).toEqual(original);
    }
  });
});

describe('moveBlock', () => {
  const doc = () =>
    deepFreeze({
      version: 1 as const,
      articles: [
        { id: 'a1', blocks: [block('h1', '标题', [], 'headline'), block('p1', NAME, name())] },
        { id: 'a2', blocks: [block('p2', '乔石', mark('乔石', ['乔石', 'PER', 'q']))] },
      ],
      setAside: [block('j1', '（下转第二版）', [], 'jump')],
    });

  it('moves within an article and across articles, spans travelling with the block', () => {
    const within = moveBlock(doc(), 'p1', { articleId: 'a1', index: 0 });
    expect(within.articles[0]?.blocks.map((b) => b.id)).toEqual(['p1', 'h1']);
    expect(within.articles[0]?.blocks[0]).toEqual(doc().articles[0]?.blocks[1]);
    const across = moveBlock(doc(), 'p1', { articleId: 'a2', index: 1 });
    expect(across.articles.map((a) => a.blocks.map((b) => b.id))).toEqual([['h1'], ['p2', 'p1']]);
    expect(PageDocumentSchema.safeParse(across).success).toBe(true);
  });

  it('removes an article its last block leaves', () => {
    const r = moveBlock(doc(), 'p2', { articleId: 'a1', index: 2 });
    expect(r.articles.map((a) => a.id)).toEqual(['a1']);
    expect(r.articles[0]?.blocks.map((b) => b.id)).toEqual(['h1', 'p1', 'p2']);
  });

  it('moves jump and furniture blocks in and out of set-aside, but never an exported role', () => {
    const into = moveBlock(doc(), 'j1', { articleId: 'a2', index: 1 });
    expect(into.setAside).toEqual([]);
    expect(into.articles[1]?.blocks.map((b) => b.id)).toEqual(['p2', 'j1']);
    const back = moveBlock(into, 'j1', { setAside: true, index: 0 });
    expect(back).toEqual(doc());
    expect(() => moveBlock(doc(), 'p1', { setAside: true, index: 0 })).toThrow(/cannot be set aside/);
  });

  it('refuses unknown blocks and articles and indexes out of range', () => {
    expect(() => moveBlock(doc(), 'nope', { articleId: 'a1', index: 0 })).toThrow(/no block/);
    expect(() => moveBlock(doc(), 'p1', { articleId: 'nope', index: 0 })).toThrow(/no article/);
    expect(() => moveBlock(doc(), 'p1', { articleId: 'a1', index: 2 })).toThrow(RangeError);
    expect(() => moveBlock(doc(), 'p1', { articleId: 'a1', index: -1 })).toThrow(RangeError);
  });

  it('produces documents the schema accepts', () => {
    expect(PageDocumentSchema.safeParse(doc()).success).toBe(true);
    expect(PageDocumentSchema.safeParse(moveBlock(doc(), 'h1', { articleId: 'a2', index: 0 })).success).toBe(true);
  });

  it('keeps the docOf helper honest', () => {
    expect(PageDocumentSchema.safeParse(docOf(block('b', NAME, name()))).success).toBe(true);
  });
});
