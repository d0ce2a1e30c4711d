import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';

import { docToEditorJson, editorJsonToDoc } from '../../../src/renderer/src/editor/convert';
import { schemaExtensions } from '../../../src/renderer/src/editor/extensions';
import { type PageDocument, PageDocumentSchema } from '../../../src/shared/document';

const schema = getSchema(schemaExtensions());

/** Through the real ProseMirror schema: JSON → node → JSON, as the editor would hold it. */
function throughEditor(doc: PageDocument): PageDocument {
  const json = docToEditorJson(doc);
  const node = PMNode.fromJSON(schema, json);
  node.check();
  return editorJsonToDoc(node.toJSON(), doc.setAside);
}

const doc: PageDocument = {
  version: 1,
  articles: [
    {
      id: 'a0',
      blocks: [
        {
          id: 'b0',
          role: 'kicker',
          text: '倪岳峰主持召开',
          spans: [{ id: 's0', label: 'PER', start: 0, end: 3, origin: 'manual' }],
        },
        {
          id: 'b1',
          role: 'body',
          text: '江泽民李鹏乔石出席',
          spans: [
            { id: 's1', label: 'PER', start: 0, end: 3, origin: 'manual' },
            { id: 's2', label: 'PER', start: 3, end: 5, entityId: null, origin: 'gazetteer' },
            { id: 's3', label: 'PER', start: 5, end: 7, entityId: 'Q1', origin: 'propagated' },
          ],
        },
        { id: 'b2', role: 'body', text: '', spans: [] },
      ],
    },
    {
      id: 'a1',
      blocks: [
        {
          id: 'b3',
          role: 'headline',
          text: '𠮷野家在𠮷祥路',
          spans: [
            { id: 's4', label: 'ORG', start: 0, end: 4, origin: 'manual' },
            { id: 's5', label: 'LOC', start: 5, end: 9, origin: 'manual' },
          ],
        },
      ],
    },
  ],
  setAside: [{ id: 'b4', role: 'jump', text: '下转第二版', spans: [] }],
};

describe('document ↔ editor JSON', () => {
  it('the fixture is a valid document', () => {
    expect(PageDocumentSchema.safeParse(doc).success).toBe(true);
  });

  it('round-trips exactly, through the ProseMirror schema too', () => {
    expect(editorJsonToDoc(docToEditorJson(doc), doc.setAside)).toStrictEqual(doc);
    expect(throughEditor(doc)).toStrictEqual(doc);
    expect(JSON.stringify(throughEditor(doc))).toBe(JSON.stringify(doc));
  });

  it('keeps adjacent same-label spans apart (江泽民李鹏乔石 is three PER spans)', () => {
    const block = throughEditor(doc).articles[0]!.blocks[1]!;
    expect(block.spans.map((s) => block.text.slice(s.start, s.end))).toEqual(['江泽民', '李鹏', '乔石']);
  });

  it('counts offsets in UTF-16 units (𠮷 is two)', () => {
    const block = throughEditor(doc).articles[1]!.blocks[0]!;
    expect(block.text.slice(block.spans[0]!.start, block.spans[0]!.end)).toBe('𠮷野家');
    expect(block.spans[1]).toMatchObject({ start: 5, end: 9 });
  });

  it('an empty page has no articles and stays so', () => {
    const empty: PageDocument = { version: 1, articles: [], setAside: [] };
    expect(throughEditor(empty)).toStrictEqual(empty);
  });

  it('round-trips random valid documents', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const chars = ['江', '泽', '民', '𠮷', 'a', ' ', '，', '1'];
    for (let round = 0; round < 200; round++) {
      let id = 0;
      const articles = Array.from({ length: 1 + rand(3) }, () => ({
        id: `x${id++}`,
        blocks: Array.from({ length: 1 + rand(3) }, () => {
          let text = '';
          for (let i = rand(12); i > 0; i--) text += chars[rand(chars.length)];
          const spans: PageDocument['articles'][number]['blocks'][number]['spans'] = [];
          let at = 0;
          while (at < text.length) {
            const start = at + rand(3);
            let end = start + 1 + rand(4);
            if (end > text.length) break;
            // Never cut a surrogate pair.
            const fix = (o: number) => (o > 0 && o < text.length && /[\udc00-\udfff]/.test(text[o]!) ? o + 1 : o);
            const s = fix(start);
            end = fix(end);
            if (end > text.length || s >= end) break;
            spans.push({ id: `x${id++}`, label: rand(2) ? 'PER' : 'LOC', start: s, end, origin: 'manual' });
            at = end;
          }
          return { id: `x${id++}`, role: 'body' as const, text, spans };
        }),
      }));
      const d: PageDocument = { version: 1, articles, setAside: [] };
      expect(PageDocumentSchema.safeParse(d).success).toBe(true);
      expect(throughEditor(d)).toStrictEqual(d);
    }
  });
});
