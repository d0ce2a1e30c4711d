import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';

import { docToEditorJson } from '../../../src/renderer/src/editor/convert';
import { schemaExtensions } from '../../../src/renderer/src/editor/extensions';
import {
  alignOriginal,
  blockAtOffset,
  currentTextOf,
  currentToOriginal,
  docPosOfOffset,
  offsetOfDocPos,
  originalLines,
  originalToCurrent,
} from '../../../src/renderer/src/editor/original-diff';
import type { PageDocument } from '../../../src/shared/document';

const schema = getSchema(schemaExtensions());

function editorDoc(articles: string[][]): PMNode {
  let n = 0;
  const doc: PageDocument = {
    version: 1,
    articles: articles.map((blocks, i) => ({
      id: `a${i}`,
      blocks: blocks.map((text) => ({ id: `b${n++}`, role: 'body' as const, text, spans: [] })),
    })),
    setAside: [],
  };
  return PMNode.fromJSON(schema, docToEditorJson(doc));
}

/** The highlighted text of each range of one side. */
const texts = (text: string, ranges: readonly { start: number; end: number; kind: string }[]) =>
  ranges.map((r) => [r.kind, text.slice(r.start, r.end)]);

describe('the alignment of the original with the corrected text', () => {
  it('ignores line breaks and indentation, and finds deleted, changed and inserted characters', () => {
    const original = '　　会议会议指出,当前\n\n(下转 04 版)\n\n石家庄疫情防控';
    const current = '会议指出，当前石家庄新冠疫情防控';
    const al = alignOriginal(original, current);
    expect(texts(original, al.originalRanges)).toEqual([
      ['deleted', '会议'],
      ['changed', ','],
      ['deleted', '(下转 04 版)'],
    ]);
    expect(texts(current, al.currentRanges)).toEqual([
      ['changed', '，'],
      ['inserted', '新冠'],
    ]);
    expect(al.insertions).toEqual([{ at: original.indexOf('疫情'), text: '新冠' }]);
  });

  it('maps offsets both ways through equal runs, changes and deletions', () => {
    const original = '甲乙丙\n\n丁戊己';
    const current = '甲X丙丁己';
    const al = alignOriginal(original, current);
    expect(originalToCurrent(al, original.indexOf('丙'))).toBe(current.indexOf('丙'));
    expect(originalToCurrent(al, original.indexOf('乙'))).toBe(current.indexOf('X'));
    // A deleted character maps to the first character after the deletion.
    expect(originalToCurrent(al, original.indexOf('戊'))).toBe(current.indexOf('己'));
    // Whitespace maps to the next character.
    expect(originalToCurrent(al, original.indexOf('\n'))).toBe(current.indexOf('丁'));
    expect(currentToOriginal(al, current.indexOf('丁'))).toBe(original.indexOf('丁'));
    expect(currentToOriginal(al, current.length)).toBe(original.length);
    expect(originalToCurrent(al, original.length)).toBe(current.length);
  });

  it('keeps characters outside the BMP whole', () => {
    const original = '𠮷野家';
    const current = '吉野家';
    const al = alignOriginal(original, current);
    expect(texts(original, al.originalRanges)).toEqual([['changed', '𠮷']]);
    expect(originalToCurrent(al, 2)).toBe(1);
    expect(currentToOriginal(al, 1)).toBe(2);
  });

  it('finds text again after the repair moved a headline above its paragraphs', () => {
    const body = '本报讯（记者 甲）11月26日，会议在石家庄召开。';
    const original = `${body}\n\n精准高效落实防控措施\n\n第二段文字。`;
    const current = `精准高效落实防控措施\n${body}\n第二段文字。`;
    const al = alignOriginal(original, current);
    expect(originalToCurrent(al, original.indexOf('第二段'))).toBe(current.indexOf('第二段'));
    expect(originalToCurrent(al, original.indexOf('石家庄'))).toBe(current.indexOf('石家庄'));
  });

  it('cuts the original into lines and segments that hold every character once', () => {
    const original = '甲乙丙\n\n(下转 04 版)\n丁戊';
    const current = '甲乙新丙\n丁戊己';
    const al = alignOriginal(original, current);
    const lines = originalLines(al);
    expect(lines.map((l) => l.start)).toEqual([0, 4, 5, 15]);
    expect(lines.map((l) => l.segments.map((s) => s.text).join('')).join('\n')).toBe(original);
    const segments = lines.flatMap((l) => l.segments);
    expect(segments.find((s) => s.inserted === '新')?.text).toBe('丙');
    expect(segments.find((s) => s.kind === 'deleted')?.text).toBe('(下转 04 版)');
    // Text added after the last character is kept at the end of the last line.
    expect(segments[segments.length - 1]).toMatchObject({ text: '', inserted: '己' });
  });
});

describe('the editor text and document positions', () => {
  const doc = editorDoc([['标题', '第一段'], ['第二篇']]);
  const current = currentTextOf(doc);

  it('joins blocks with a line break and articles with a blank line', () => {
    expect(current.text).toBe('标题\n第一段\n\n第二篇');
    expect(current.blocks.map((b) => [b.id, b.start, b.end])).toEqual([
      ['b0', 0, 2],
      ['b1', 3, 6],
      ['b2', 8, 11],
    ]);
    for (const b of current.blocks) expect(doc.nodeAt(b.pos)?.attrs.id).toBe(b.id);
  });

  it('maps offsets to positions and back', () => {
    for (let offset = 0; offset <= current.text.length; offset++) {
      if (current.text[offset - 1] === '\n' && current.text[offset] === '\n') continue;
      const pos = docPosOfOffset(current, offset)!;
      const block = blockAtOffset(current, offset)!;
      expect(offsetOfDocPos(current, pos)).toBe(Math.min(Math.max(offset, block.start), block.end));
    }
    const pos = docPosOfOffset(current, current.text.indexOf('二篇'))!;
    expect(doc.textBetween(pos, pos + 2)).toBe('二篇');
  });

  it('aligns a 20,000-character page with its correction', () => {
    const line =
      '会议指出,当前我省疫情防控正处在特殊关键时期,容不得丝毫懈怠。各地各部门要把思想和行动统一到习近平总书记重要指示';
    const original = Array.from({ length: 340 }, (_, i) => `${line}${i}`).join('\n\n');
    expect(original.length).toBeGreaterThan(20_000);
    const current = original.replace(/\n\n/g, '\n').replace(/,当前/g, '，当前');
    const al = alignOriginal(original, current);
    expect(al.originalRanges).toHaveLength(340);
    expect(al.originalRanges.every((r) => original.slice(r.start, r.end) === ',' && r.kind === 'changed')).toBe(true);
    expect(originalToCurrent(al, original.lastIndexOf('重要指示'))).toBe(current.lastIndexOf('重要指示'));
  });
});
