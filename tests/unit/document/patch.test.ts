// A save of only the changed blocks (document/patch.ts): the blocks named by id come from the stored revision,
// and the result is checked as a whole document would be.
import { describe, expect, it } from 'vitest';

import {
  applyDocumentPatch,
  DocumentPatchSchema,
  type DocumentPatch,
  type PageDocument,
  PageDocumentSchema,
  PatchError,
  patchedBlocks,
} from '../../../src/shared/document';

const BASE: PageDocument = {
  version: 1,
  articles: [
    {
      id: 'a1',
      blocks: [
        { id: 'b1', role: 'headline', text: '江泽民李鹏乔石出席', spans: [] },
        {
          id: 'b2',
          role: 'body',
          text: '倪岳峰在石家庄。',
          spans: [{ id: 's1', label: 'PER', start: 0, end: 3, origin: 'manual' }],
        },
      ],
    },
    { id: 'a2', blocks: [{ id: 'b3', role: 'body', text: '第二篇。', spans: [] }] },
  ],
  setAside: [{ id: 'j1', role: 'jump', text: '（下转第二版）', spans: [] }],
};

describe('applyDocumentPatch', () => {
  it('takes the named blocks from the base and the sent ones as they are, in the patch’s order', () => {
    const changed = { id: 'b2', role: 'body' as const, text: '新倪岳峰在石家庄。', spans: [] };
    const patch: DocumentPatch = {
      version: 1,
      articles: [
        { id: 'a1', blocks: ['b3', changed] },
        { id: 'a3', blocks: ['b1', { id: 'b4', role: 'body', text: '加的', spans: [] }] },
      ],
      setAside: ['j1'],
    };
    expect(DocumentPatchSchema.parse(patch)).toEqual(patch);
    const doc = applyDocumentPatch(BASE, patch);
    expect(doc).toEqual({
      version: 1,
      articles: [
        { id: 'a1', blocks: [BASE.articles[1]!.blocks[0], changed] },
        { id: 'a3', blocks: [BASE.articles[0]!.blocks[0], { id: 'b4', role: 'body', text: '加的', spans: [] }] },
      ],
      setAside: BASE.setAside,
    });
    expect(PageDocumentSchema.safeParse(doc).success).toBe(true);
    expect(patchedBlocks(patch).map((b) => b.id)).toEqual(['b2', 'b4']);
  });

  it('refuses ids the base does not hold, ids used twice and body blocks set aside', () => {
    const refused = (patch: DocumentPatch, message: RegExp) => {
      expect(() => applyDocumentPatch(BASE, patch)).toThrow(PatchError);
      expect(() => applyDocumentPatch(BASE, patch)).toThrow(message);
    };
    refused({ version: 1, articles: [{ id: 'a1', blocks: ['b9'] }], setAside: [] }, /block b9 is not in the revision/);
    refused({ version: 1, articles: [{ id: 'a1', blocks: ['b1', 'b1'] }], setAside: [] }, /duplicate id b1/);
    refused(
      {
        version: 1,
        // A block sent in full may not take the id of a span of a block named by id (one namespace).
        articles: [{ id: 'a1', blocks: ['b2'] }],
        setAside: [{ id: 's1', role: 'jump', text: '乙', spans: [] }],
      },
      /duplicate id s1/,
    );
    refused({ version: 1, articles: [{ id: 'a1', blocks: ['b1'] }], setAside: ['b3'] }, /cannot be set aside/);
  });

  it('checks sent blocks with the block schema: a broken span in a patch is refused before it is applied', () => {
    const broken = {
      version: 1,
      articles: [
        {
          id: 'a1',
          blocks: [
            {
              id: 'b1',
              role: 'body',
              text: '短',
              spans: [{ id: 'x', label: 'PER', start: 0, end: 5, origin: 'manual' }],
            },
          ],
        },
      ],
      setAside: [],
    };
    expect(DocumentPatchSchema.safeParse(broken).success).toBe(false);
    expect(DocumentPatchSchema.safeParse({ ...broken, articles: [{ id: 'a1', blocks: [] }] }).success).toBe(false);
  });
});
