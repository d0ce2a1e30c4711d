import { describe, expect, it } from 'vitest';

import type { PageReading, SuggestionView } from '../../../src/shared/api';
import {
  articleBlockKey,
  confidencePercent,
  countSuggestions,
  filterSuggestions,
  foldForMatch,
  highlightedBlocks,
  keyAction,
  moveSelection,
  pendingIds,
  percentToThreshold,
  removedBlockKey,
  segmentBlocks,
  selectionAfterUpdate,
  suggestionState,
  thresholdToPercent,
} from '../../../src/renderer/src/repair/reading-model';

function suggestion(id: string, patch: Partial<SuggestionView> = {}): SuggestionView {
  return {
    id,
    kind: 'merge',
    confidence: 0.9,
    applied: false,
    decision: null,
    reason: { key: 'merge.midSentence', params: {} },
    target: { fragments: [0] },
    ...patch,
  };
}

const ids = (list: readonly { id: string }[]) => list.map((s) => s.id);

describe('suggestionState', () => {
  it('lets the decision win over whether the engine applied it', () => {
    expect(suggestionState({ applied: true, decision: null })).toBe('auto');
    expect(suggestionState({ applied: false, decision: null })).toBe('pending');
    expect(suggestionState({ applied: true, decision: 'rejected' })).toBe('rejected');
    expect(suggestionState({ applied: false, decision: 'accepted' })).toBe('accepted');
    // The reading shows an accepted suggestion applied; it is still "accepted", not "auto".
    expect(suggestionState({ applied: true, decision: 'accepted' })).toBe('accepted');
  });
});

describe('filters and counts', () => {
  const list = [
    suggestion('auto', { applied: true }),
    suggestion('pending'),
    suggestion('accepted', { applied: true, decision: 'accepted' }),
    suggestion('rejected', { decision: 'rejected' }),
    suggestion('pending2'),
  ];

  it('keeps the order and splits pending (not applied, no decision) from decided', () => {
    expect(ids(filterSuggestions(list, 'all'))).toEqual(['auto', 'pending', 'accepted', 'rejected', 'pending2']);
    expect(ids(filterSuggestions(list, 'pending'))).toEqual(['pending', 'pending2']);
    expect(ids(filterSuggestions(list, 'decided'))).toEqual(['accepted', 'rejected']);
  });

  it('counts each filter; applied-automatically ones are only in All', () => {
    expect(countSuggestions(list)).toEqual({ all: 5, pending: 2, decided: 2 });
    expect(countSuggestions([])).toEqual({ all: 0, pending: 0, decided: 0 });
  });

  it('lists the pending ids for "Accept all pending"', () => {
    expect(pendingIds(list)).toEqual(['pending', 'pending2']);
  });
});

describe('keyboard selection', () => {
  const list = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('moves down and up and stops at the ends', () => {
    expect(moveSelection(list, 'a', 1)).toBe('b');
    expect(moveSelection(list, 'c', 1)).toBe('c');
    expect(moveSelection(list, 'b', -1)).toBe('a');
    expect(moveSelection(list, 'a', -1)).toBe('a');
  });

  it('starts at the first (down) or last (up) without a visible selection', () => {
    expect(moveSelection(list, null, 1)).toBe('a');
    expect(moveSelection(list, null, -1)).toBe('c');
    expect(moveSelection(list, 'hidden', 1)).toBe('a');
    expect(moveSelection([], null, 1)).toBeNull();
  });

  it('keeps a selection that is still shown after a decision', () => {
    expect(selectionAfterUpdate(list, list, 'b')).toBe('b');
    expect(selectionAfterUpdate(list, list, null)).toBeNull();
  });

  it('moves on to the next shown one when the decided suggestion leaves the list', () => {
    expect(selectionAfterUpdate(list, [{ id: 'a' }, { id: 'c' }], 'b')).toBe('c');
    // The last one left: the previous one.
    expect(selectionAfterUpdate(list, [{ id: 'a' }, { id: 'b' }], 'c')).toBe('b');
    // Everything left ("Accept all pending" under Pending).
    expect(selectionAfterUpdate(list, [], 'b')).toBeNull();
  });

  it('maps keys to actions; arrows only with the panel focused, never with modifiers', () => {
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
      key: k,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      ...mods,
    });
    expect(keyAction(key('j'), false)).toBe('next');
    expect(keyAction(key('k'), false)).toBe('previous');
    expect(keyAction(key('a'), false)).toBe('accept');
    expect(keyAction(key('r'), false)).toBe('reject');
    expect(keyAction(key('u'), false)).toBe('undo');
    expect(keyAction(key('ArrowDown'), false)).toBeNull();
    expect(keyAction(key('ArrowDown'), true)).toBe('next');
    expect(keyAction(key('ArrowUp'), true)).toBe('previous');
    expect(keyAction(key('a', { ctrlKey: true }), true)).toBeNull();
    expect(keyAction(key('r', { metaKey: true }), true)).toBeNull();
    expect(keyAction(key('x'), true)).toBeNull();
  });
});

describe('segmentBlocks', () => {
  it('gathers each run of kicker/headline/subtitle into one headline stack', () => {
    const blocks = [
      { role: 'kicker', text: 'k' },
      { role: 'headline', text: 'h' },
      { role: 'subtitle', text: 's' },
      { role: 'byline', text: 'by' },
      { role: 'body', text: 'b1' },
      { role: 'headline', text: 'h2' },
      { role: 'body', text: 'b2' },
    ] as const;
    const segments = segmentBlocks(blocks.map((b) => ({ ...b })));
    expect(
      segments.map((s) => (s.kind === 'stack' ? s.items.map((i) => `${i.block.role}@${i.index}`) : s.block.role)),
    ).toEqual([['kicker@0', 'headline@1', 'subtitle@2'], 'byline', 'body', ['headline@5'], 'body']);
  });

  it('returns nothing for an empty article', () => {
    expect(segmentBlocks([])).toEqual([]);
  });
});

describe('highlightedBlocks', () => {
  const reading: Pick<PageReading, 'articles' | 'removed'> = {
    articles: [
      {
        blocks: [
          { role: 'headline', text: '标题' },
          { role: 'body', text: '会议指出,当前 and 我省。' },
        ],
      },
      { blocks: [{ role: 'body', text: '另一篇,文章。' }] },
    ],
    removed: [{ role: 'jump', text: '(下转 04 版)' }],
  };

  it('finds the blocks containing the target text, in articles and set aside', () => {
    const hit = highlightedBlocks(reading, suggestion('s', { target: { fragments: [3], text: 'and' } }));
    expect([...hit]).toEqual([articleBlockKey(0, 1)]);
    const jump = highlightedBlocks(reading, suggestion('j', { target: { fragments: [7], text: '(下转 04 版)' } }));
    expect([...jump]).toEqual([removedBlockKey(0)]);
  });

  it('matches a punctuation target written full-width against the half-width text not yet changed', () => {
    const target = { fragments: [1], text: '会议指出，当前 and 我省。' };
    expect([...highlightedBlocks(reading, suggestion('p', { target }))]).toEqual([articleBlockKey(0, 1)]);
    expect(foldForMatch('a, b (c)')).toBe('a，b（c）');
  });

  it('highlights nothing without a target text, for an empty one, or without a selection', () => {
    expect(highlightedBlocks(reading, suggestion('m', { target: { fragments: [0, 1] } })).size).toBe(0);
    expect(highlightedBlocks(reading, suggestion('e', { target: { fragments: [0], text: ' ' } })).size).toBe(0);
    expect(highlightedBlocks(reading, suggestion('n', { target: { fragments: [0], text: '不在' } })).size).toBe(0);
    expect(highlightedBlocks(reading, null).size).toBe(0);
  });
});

describe('percentages', () => {
  it('rounds confidence down, so nothing below a threshold shows as reaching it', () => {
    expect(confidencePercent(0.9)).toBe(90);
    expect(confidencePercent(0.899)).toBe(89);
    expect(confidencePercent(0.29)).toBe(29);
    expect(confidencePercent(1)).toBe(100);
    expect(confidencePercent(0)).toBe(0);
  });

  it('converts the threshold setting both ways, kept within 50–100%', () => {
    expect(thresholdToPercent(0.9)).toBe(90);
    expect(thresholdToPercent(0.3)).toBe(50);
    expect(percentToThreshold(85)).toBe(0.85);
    expect(percentToThreshold(120)).toBe(1);
    expect(percentToThreshold(10)).toBe(0.5);
    expect(percentToThreshold(72.6)).toBe(0.73);
    expect(percentToThreshold(Number.NaN)).toBe(0.9);
  });
});
