import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';

import { docToEditorJson } from '../../../src/renderer/src/editor/convert';
import { schemaExtensions } from '../../../src/renderer/src/editor/extensions';
import { idBlocksOf, locateInText, revealRange } from '../../../src/renderer/src/search/reveal-position';
import type { PageReveal } from '../../../src/renderer/src/search/search-route';
import type { PageDocument } from '../../../src/shared/document';

const schema = getSchema(schemaExtensions());

const doc: PageDocument = {
  version: 1,
  articles: [
    {
      id: 'a0',
      blocks: [
        { id: 'b0', role: 'headline', text: '倪岳峰主持召开会议', spans: [] },
        {
          id: 'b1',
          role: 'body',
          text: '𠮷野家在北京，倪岳峰强调，倪岳峰指出',
          spans: [{ id: 's0', label: 'PER', start: 8, end: 11, origin: 'manual' }],
        },
      ],
    },
    { id: 'a1', blocks: [{ id: 'b2', role: 'body', text: '河北日报记者', spans: [] }] },
  ],
  setAside: [],
};

const node = PMNode.fromJSON(schema, docToEditorJson(doc));
const blocks = idBlocksOf(node);

/** The text between two document positions, to check a range against what it should cover. */
const textAt = (r: { from: number; to: number } | null) => (r ? node.textBetween(r.from, r.to) : null);

const hit = (block: string, start: number, end: number, text: string): PageReveal => ({
  source: 'corrected',
  block,
  start,
  end,
  text,
});

describe('locating a hit in a block’s text', () => {
  it('keeps offsets that still hold the text, in UTF-16 (after 𠮷)', () => {
    const text = '𠮷野家在北京';
    expect(locateInText(text, 5, 7, '北京')).toEqual({ start: 5, end: 7 });
  });

  it('finds the occurrence nearest the old offset when the text moved', () => {
    expect(locateInText('abc北京def北京', 2, 4, '北京')).toEqual({ start: 3, end: 5 });
    expect(locateInText('abc北京def北京', 9, 11, '北京')).toEqual({ start: 8, end: 10 });
    expect(locateInText('abc', 0, 2, '北京')).toBeNull();
    expect(locateInText('abc', 0, 0, '')).toBeNull();
  });
});

describe('a hit → document positions', () => {
  it('reads every block with its id, in document order', () => {
    expect(blocks.map((b) => b.id)).toEqual(['b0', 'b1', 'b2']);
    expect(blocks[1]!.text).toBe(doc.articles[0]!.blocks[1]!.text);
  });

  it('maps block offsets to the positions of the text, past a span and a surrogate pair', () => {
    // The second 倪岳峰 of b1 (the first is tagged): offsets 14–17.
    const second = revealRange(blocks, hit('b1', 14, 17, '倪岳峰'));
    expect(textAt(second)).toBe('倪岳峰');
    expect(second!.from).toBe(blocks[1]!.pos + 1 + 14);
    expect(textAt(revealRange(blocks, hit('b1', 8, 11, '倪岳峰')))).toBe('倪岳峰');
    expect(revealRange(blocks, hit('b1', 8, 11, '倪岳峰'))!.from).toBe(blocks[1]!.pos + 1 + 8);
    expect(textAt(revealRange(blocks, hit('b2', 0, 4, '河北日报')))).toBe('河北日报');
  });

  it('finds the text again in its block when the offsets are stale', () => {
    const moved = revealRange(blocks, hit('b1', 0, 3, '倪岳峰'));
    expect(moved!.from).toBe(blocks[1]!.pos + 1 + 8);
  });

  it('falls back to the first occurrence in the page when the block is gone, null when the text is', () => {
    const elsewhere = revealRange(blocks, hit('b9', 0, 2, '记者'));
    expect(elsewhere!.from).toBe(blocks[2]!.pos + 1 + 4);
    expect(textAt(elsewhere)).toBe('记者');
    expect(revealRange(blocks, hit('b0', 0, 3, '张三丰'))).toBeNull();
  });
});
