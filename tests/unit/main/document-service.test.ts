import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { rowsFromDocument } from '../../../src/main/search';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import type { DocumentPatch, PageDocument } from '../../../src/shared/document';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir();
let n = 0;

async function setup() {
  const corpus = openCorpus(join(dir, `d${n++}.galley`));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  const client = createDirectClient(services.methods);
  const page = (await client.call('pages.list', {})).rows.find((r) => r.fileName.startsWith('000_'))!;
  return { corpus, client, pageId: page.id };
}

/** Tags the first occurrence of `text` in the document with `label`. */
function tag(doc: PageDocument, text: string, label: string, id: string): PageDocument {
  for (const a of doc.articles) {
    for (const b of a.blocks) {
      const at = b.text.indexOf(text);
      if (at >= 0) {
        b.spans.push({ id, label, start: at, end: at + text.length, origin: 'manual' });
        return doc;
      }
    }
  }
  throw new Error(`${text} not found`);
}

describe('page documents', () => {
  it('starts from the repair reading, saves revisions and derives span rows in code points', async () => {
    const { corpus, client, pageId } = await setup();
    const initial = await client.call('document.get', { pageId });
    expect(initial.revision).toBe(0);
    expect(initial.savedAt).toBeNull();
    expect(initial.document.articles[0]!.blocks[0]!.text).toMatch(/^倪岳峰/);
    const doc = tag(structuredClone(initial.document), '倪岳峰', 'PER', 's1');
    // An astral character before a span shifts its code point offsets by one less than UTF-16.
    const body = doc.articles[0]!.blocks.find((b) => b.role === 'body')!;
    body.text = '𠮷' + body.text;
    body.spans = [
      {
        id: 's2',
        label: 'LOC',
        start: body.text.indexOf('石家庄'),
        end: body.text.indexOf('石家庄') + 3,
        origin: 'manual',
      },
    ];
    const saved = await client.call('document.save', { pageId, baseRevision: 0, document: doc, review: [] });
    expect(saved.revision).toBe(1);
    const rows = corpus.db
      .prepare('SELECT span_id, label, text, start, end, cp_start, cp_end FROM spans ORDER BY span_id')
      .all();
    const at = body.text.indexOf('石家庄');
    expect(rows).toEqual([
      { span_id: 's1', label: 'PER', text: '倪岳峰', start: 0, end: 3, cp_start: 0, cp_end: 3 },
      { span_id: 's2', label: 'LOC', text: '石家庄', start: at, end: at + 3, cp_start: at - 1, cp_end: at + 2 },
    ]);
    const again = await client.call('document.get', { pageId });
    expect(again).toMatchObject({ revision: 1, document: doc });
    corpus.close();
  });

  it('refuses a save from a stale editor (a second tab) and keeps the first one', async () => {
    const { corpus, client, pageId } = await setup();
    const base = await client.call('document.get', { pageId });
    const first = structuredClone(base.document);
    first.articles[0]!.blocks[0]!.text = '第一个窗口' + first.articles[0]!.blocks[0]!.text;
    const second = structuredClone(base.document);
    second.articles[0]!.blocks[0]!.text = '第二个窗口' + second.articles[0]!.blocks[0]!.text;
    await client.call('document.save', { pageId, baseRevision: 0, document: first, review: [] });
    await expect(
      client.call('document.save', { pageId, baseRevision: 0, document: second, review: [] }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const stored = await client.call('document.get', { pageId });
    expect(stored.document.articles[0]!.blocks[0]!.text.startsWith('第一个窗口')).toBe(true);
    corpus.close();
  });

  it('refuses invalid documents: overlapping spans, unknown labels', async () => {
    const { corpus, client, pageId } = await setup();
    const base = await client.call('document.get', { pageId });
    const overlapping = tag(tag(structuredClone(base.document), '倪岳峰', 'PER', 'a'), '岳峰', 'PER', 'b');
    const block = overlapping.articles[0]!.blocks[0]!;
    block.spans[1] = { id: 'b', label: 'PER', start: 1, end: 3, origin: 'manual' };
    await expect(
      client.call('document.save', { pageId, baseRevision: 0, document: overlapping, review: [] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const unknown = tag(structuredClone(base.document), '倪岳峰', 'NOPE', 'c');
    await expect(
      client.call('document.save', { pageId, baseRevision: 0, document: unknown, review: [] }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await client.call('document.get', { pageId })).revision).toBe(0);
    corpus.close();
  });

  it('lists revisions and restores an old one as a new revision', async () => {
    const { corpus, client, pageId } = await setup();
    const base = await client.call('document.get', { pageId });
    const v1 = tag(structuredClone(base.document), '倪岳峰', 'PER', 's1');
    await client.call('document.save', { pageId, baseRevision: 0, document: v1, review: [] });
    // Saves in one burst of typing share a history row; a save after a pause starts a new one.
    corpus.db.prepare(`UPDATE page_revisions SET burst_started_at = '2020-01-01T00:00:00.000Z'`).run();
    const v2 = structuredClone(v1);
    v2.articles[0]!.blocks[0]!.spans = [];
    await client.call('document.save', { pageId, baseRevision: 1, document: v2, review: [] });
    const revisions = await client.call('document.revisions', { pageId });
    expect(revisions.map((r) => [r.revision, r.spans])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    const restored = await client.call('document.restore', { pageId, revision: 1, baseRevision: 2 });
    expect(restored.revision).toBe(3);
    expect(restored.document).toEqual(v1);
    await expect(client.call('document.restore', { pageId, revision: 1, baseRevision: 2 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    corpus.close();
  });

  it('keeps one history row per burst of autosaves', async () => {
    const { corpus, client, pageId } = await setup();
    let state = await client.call('document.get', { pageId });
    for (let i = 0; i < 5; i++) {
      const doc = structuredClone(state.document);
      doc.articles[0]!.blocks[0]!.text += String(i);
      await client.call('document.save', { pageId, baseRevision: state.revision, document: doc, review: [] });
      state = await client.call('document.get', { pageId });
    }
    expect(state.revision).toBe(5);
    const revisions = await client.call('document.revisions', { pageId });
    expect(revisions.map((r) => r.revision)).toEqual([5]);
    corpus.close();
  });

  it('renames and deletes labels across documents, reporting usage', async () => {
    const { corpus, client, pageId } = await setup();
    const labels = await client.call('labels.list', {});
    expect(labels.map((l) => [l.name, l.hotkey])).toEqual([
      ['PER', '1'],
      ['ORG', '2'],
      ['LOC', '3'],
      ['DATE', '4'],
      ['TITLE', '5'],
    ]);
    const base = await client.call('document.get', { pageId });
    const doc = tag(tag(structuredClone(base.document), '倪岳峰', 'PER', 'p1'), '石家庄', 'LOC', 'l1');
    await client.call('document.save', { pageId, baseRevision: 0, document: doc, review: [] });
    expect((await client.call('labels.list', {})).find((l) => l.name === 'PER')!.spans).toBe(1);
    const next = labels
      .filter((l) => l.name !== 'LOC')
      .map(({ name, color, hotkey }) =>
        name === 'PER' ? { name: 'PERSON', color, hotkey, renamedFrom: 'PER' } : { name, color, hotkey },
      );
    const after = await client.call('labels.save', { labels: next });
    expect(after.map((l) => [l.name, l.spans])).toEqual([
      ['PERSON', 1],
      ['ORG', 0],
      ['DATE', 0],
      ['TITLE', 0],
    ]);
    const stored = await client.call('document.get', { pageId });
    expect(stored.revision).toBe(2);
    const spans = stored.document.articles.flatMap((a) => a.blocks.flatMap((b) => b.spans));
    expect(spans.map((s) => [s.id, s.label])).toEqual([['p1', 'PERSON']]);
    await expect(
      client.call('labels.save', {
        labels: [
          { name: 'A', color: '#000000', hotkey: '1' },
          { name: 'B', color: '#000000', hotkey: '1' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    corpus.close();
  });
});

describe('spans on set-aside blocks', () => {
  /** Seed 000 saved with 倪岳峰 tagged PER, then its block set aside (moved out of the articles with its span). */
  async function setAsideTagged() {
    const { corpus, client, pageId } = await setup();
    const base = await client.call('document.get', { pageId });
    const doc = tag(structuredClone(base.document), '倪岳峰', 'PER', 'p1');
    const article = doc.articles[0]!;
    const block = article.blocks.find((b) => b.spans.length > 0)!;
    article.blocks = article.blocks.filter((b) => b !== block);
    doc.setAside.push({ ...block, role: 'furniture' });
    await client.call('document.save', { pageId, baseRevision: 0, document: doc, review: [] });
    return { corpus, client, pageId };
  }

  it('follow a label rename and a label deletion like the articles’ spans', async () => {
    const { corpus, client, pageId } = await setAsideTagged();
    const labels = await client.call('labels.list', {});
    const renamed = labels.map(({ name, color, hotkey }) =>
      name === 'PER' ? { name: 'PERSON', color, hotkey, renamedFrom: 'PER' } : { name, color, hotkey },
    );
    await client.call('labels.save', { labels: renamed });
    let state = await client.call('document.get', { pageId });
    expect(state.revision).toBe(2);
    expect(state.document.setAside.flatMap((b) => b.spans).map((s) => [s.id, s.label])).toEqual([['p1', 'PERSON']]);
    // The restored revision 1 had PER, which no longer exists: its span cannot come back, on a set-aside block too.
    await client.call('document.restore', { pageId, revision: 1, baseRevision: 2 });
    state = await client.call('document.get', { pageId });
    expect(state.document.setAside.flatMap((b) => b.spans)).toEqual([]);
    corpus.close();

    const other = await setAsideTagged();
    const kept = (await other.client.call('labels.list', {})).filter((l) => l.name !== 'PER');
    await other.client.call('labels.save', {
      labels: kept.map(({ name, color, hotkey }) => ({ name, color, hotkey })),
    });
    state = await other.client.call('document.get', { pageId: other.pageId });
    expect(state.revision).toBe(2);
    expect(state.document.setAside.flatMap((b) => b.spans)).toEqual([]);
    other.corpus.close();
  });

  it('must carry a label of the label set', async () => {
    const { corpus, client, pageId } = await setAsideTagged();
    const state = await client.call('document.get', { pageId });
    const doc = structuredClone(state.document);
    doc.setAside[doc.setAside.length - 1]!.spans[0]!.label = 'NOPE';
    await expect(
      client.call('document.save', { pageId, baseRevision: state.revision, document: doc, review: [] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('NOPE') });
    corpus.close();
  });
});

describe('derived rows after a save (written incrementally)', () => {
  const SPAN_COLUMNS = 'span_id, block_id, article_index, label, text, start, end, cp_start, cp_end, entity_id, origin';

  /** The page's span rows and corrected search rows as stored. */
  function stored(corpus: ReturnType<typeof openCorpus>, pageId: number) {
    const db = corpus.db;
    const spans = db.prepare(`SELECT ${SPAN_COLUMNS} FROM spans WHERE page_id = ? ORDER BY span_id`).all(pageId);
    const search = db
      .prepare(
        `SELECT block_key, article_index, block_index, role, text FROM search_blocks
         WHERE page_id = ? ORDER BY id`,
      )
      .all(pageId);
    return { spans, search };
  }

  /** The rows the definition gives for a document (code points counted here independently of the store). */
  function derived(doc: PageDocument) {
    const spans = doc.articles
      .flatMap((article, articleIndex) =>
        article.blocks.flatMap((block) =>
          block.spans.map((span) => ({
            span_id: span.id,
            block_id: block.id,
            article_index: articleIndex,
            label: span.label,
            text: block.text.slice(span.start, span.end),
            start: span.start,
            end: span.end,
            cp_start: Array.from(block.text.slice(0, span.start)).length,
            cp_end: Array.from(block.text.slice(0, span.end)).length,
            entity_id: span.entityId ?? null,
            origin: span.origin,
          })),
        ),
      )
      .sort((x, y) => (x.span_id < y.span_id ? -1 : x.span_id > y.span_id ? 1 : 0));
    const search = rowsFromDocument(doc).map((r) => ({
      block_key: r.blockKey,
      article_index: r.articleIndex,
      block_index: r.blockIndex,
      role: r.role,
      text: r.text,
    }));
    return { spans, search };
  }

  it('equal what the document defines, through edits, relabels, deletions, moves and astral text', async () => {
    const { corpus, client, pageId } = await setup();
    const db = corpus.db;
    let state = await client.call('document.get', { pageId });
    const doc = structuredClone(state.document);
    tag(doc, '倪岳峰', 'PER', 's1');
    tag(doc, '石家庄', 'LOC', 's2');
    tag(doc, '河北', 'LOC', 's3');
    const edits: ((d: PageDocument) => void)[] = [
      () => undefined,
      // Typing in a later block: spans before it keep their rows.
      (d) => {
        const b = d.articles[0]!.blocks.find((x) => x.spans.some((s) => s.id === 's2'))!;
        b.text = b.text + '。补';
      },
      // An astral character before a span: same UTF-16 shift for start, one less in code points.
      (d) => {
        const b = d.articles[0]!.blocks.find((x) => x.spans.some((s) => s.id === 's1'))!;
        b.text = '𠮷' + b.text;
        for (const s of b.spans) {
          s.start += 2;
          s.end += 2;
        }
      },
      // Two UTF-16 units replaced by one astral character before a span: start stays, cp_start moves.
      (d) => {
        const b = d.articles[0]!.blocks.find((x) => x.spans.some((s) => s.id === 's2'))!;
        const at = b.spans.find((s) => s.id === 's2')!.start - 2;
        expect(b.text.slice(at, at + 2)).toMatch(/^[\u4e00-\u9fff，。、]{2}$/);
        b.text = b.text.slice(0, at) + '𠮷' + b.text.slice(at + 2);
      },
      (d) => {
        for (const a of d.articles)
          for (const b of a.blocks) for (const s of b.spans) if (s.id === 's3') s.label = 'ORG';
      },
      (d) => {
        for (const a of d.articles) for (const b of a.blocks) b.spans = b.spans.filter((s) => s.id !== 's1');
      },
      (d) => {
        expect(d.articles.length).toBeGreaterThan(1);
        const block = d.articles[d.articles.length - 1]!.blocks[0]!;
        block.spans = [{ id: 's5', label: 'PER', start: 0, end: 2, origin: 'manual' }];
      },
      // That block moved to the first article, unchanged: its article index and every search row after it change.
      (d) => {
        const last = d.articles[d.articles.length - 1]!;
        const moved = last.blocks[0]!;
        if (last.blocks.length > 1) last.blocks.shift();
        else d.articles.pop();
        d.articles[0]!.blocks.unshift(moved);
      },
    ];
    for (const edit of edits) {
      edit(doc);
      const saved = await client.call('document.save', {
        pageId,
        baseRevision: state.revision,
        document: doc,
        review: [],
      });
      state = { ...state, revision: saved.revision };
      expect(stored(corpus, pageId)).toEqual(derived(doc));
      db.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`).run();
    }
    expect(db.prepare("SELECT span_id, label FROM spans WHERE page_id = ? AND span_id = 's3'").get(pageId)).toEqual({
      span_id: 's3',
      label: 'ORG',
    });
    expect(db.prepare("SELECT count(*) FROM spans WHERE page_id = ? AND span_id = 's1'").pluck().get(pageId)).toBe(0);
  });

  it('re-indexes only the changed block under its old id; a block added keeps the rows in document order', async () => {
    const { corpus, client, pageId } = await setup();
    const db = corpus.db;
    const state = await client.call('document.get', { pageId });
    const doc = structuredClone(state.document);
    let revision = (await client.call('document.save', { pageId, baseRevision: 0, document: doc, review: [] }))
      .revision;
    const rows = () =>
      db.prepare(`SELECT id, block_key FROM search_blocks WHERE page_id = ? ORDER BY id`).all(pageId) as {
        id: number;
        block_key: string;
      }[];
    const before = rows();
    expect(before.length).toBeGreaterThan(4);
    const keys = before.map((r) => r.block_key);
    const blocks = () => doc.articles.flatMap((a) => a.blocks);
    const third = blocks().find((b) => b.id === keys[2])!;
    const oldText = third.text;
    third.text += '新闻稿在此';
    revision = (await client.call('document.save', { pageId, baseRevision: revision, document: doc, review: [] }))
      .revision;
    expect(rows()).toEqual(before);
    const hits = await client.call('search.query', { query: '新闻稿在此' });
    expect(hits.hits.map((h) => h.blockKey)).toEqual([keys[2]]);
    expect((await client.call('search.query', { query: oldText })).hits.map((h) => h.blockKey)).toEqual([keys[2]]);
    // A block added after the third: the rows from there on get new ids, still in document order.
    const article = doc.articles.find((a) => a.blocks.includes(third))!;
    article.blocks.splice(article.blocks.indexOf(third) + 1, 0, {
      id: 'added',
      role: 'body',
      text: '补充的段落',
      spans: [],
    });
    await client.call('document.save', { pageId, baseRevision: revision, document: doc, review: [] });
    const after = rows();
    expect(after.map((r) => r.block_key)).toEqual(
      blocks()
        .filter((b) => keys.includes(b.id) || b.id === 'added')
        .map((b) => b.id),
    );
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    expect((await client.call('search.query', { query: '补充的段落' })).hits.map((h) => h.blockKey)).toEqual(['added']);
    db.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`).run();
  });

  /** What the editor sends: every block equal to the stored one with its id named by id, the others in full. */
  function patchOf(doc: PageDocument, base: PageDocument): DocumentPatch {
    const stored = new Map([...base.articles.flatMap((a) => a.blocks), ...base.setAside].map((b) => [b.id, b]));
    const ref = (b: PageDocument['setAside'][number]) =>
      JSON.stringify(stored.get(b.id)) === JSON.stringify(b) ? b.id : structuredClone(b);
    return {
      version: 1,
      articles: doc.articles.map((a) => ({ id: a.id, blocks: a.blocks.map(ref) })),
      setAside: doc.setAside.map(ref),
    };
  }

  it('a save of the changed blocks only stores what the whole document would, rows and history included', async () => {
    const { corpus, client, pageId } = await setup();
    let state = await client.call('document.get', { pageId });
    // Nothing stored yet: changes have nothing to apply to.
    await expect(
      client.call('document.save', {
        pageId,
        baseRevision: 0,
        changes: patchOf(state.document, state.document),
        review: [],
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const doc = tag(structuredClone(state.document), '倪岳峰', 'PER', 's1');
    await client.call('document.save', { pageId, baseRevision: 0, document: doc, review: [] });
    state = await client.call('document.get', { pageId });
    const edits: ((d: PageDocument) => void)[] = [
      // Typing before a span in one block.
      (d) => {
        const b = d.articles[0]!.blocks.find((x) => x.spans.some((s) => s.id === 's1'))!;
        b.text = '𠮷' + b.text;
        for (const s of b.spans) {
          s.start += 2;
          s.end += 2;
        }
      },
      // A new span and a new block in the last article.
      (d) => {
        tag(d, '石家庄', 'LOC', 's2');
        d.articles[d.articles.length - 1]!.blocks.push({ id: 'new-b', role: 'body', text: '新段落', spans: [] });
      },
      // An unchanged block moved to another article, a block removed.
      (d) => {
        const last = d.articles[d.articles.length - 1]!;
        const moved = last.blocks.shift()!;
        if (last.blocks.length === 0) d.articles.pop();
        d.articles[0]!.blocks.unshift(moved);
        d.articles[0]!.blocks.splice(2, 1);
      },
    ];
    for (const edit of edits) {
      edit(doc);
      const changes = patchOf(doc, state.document);
      expect(changes.articles.flatMap((a) => a.blocks).filter((b) => typeof b === 'string').length).toBeGreaterThan(0);
      const review = [{ spanId: 's1', label: 'PER', reason: 'cut' as const, oldText: '倪岳峰', blockId: null }];
      const saved = await client.call('document.save', { pageId, baseRevision: state.revision, changes, review });
      expect(saved.revision).toBe(state.revision + 1);
      state = await client.call('document.get', { pageId });
      expect(state.document).toEqual(doc);
      expect(state.review).toEqual(review);
      expect(stored(corpus, pageId)).toEqual(derived(doc));
      const revision = await client.call('document.revision', { pageId, revision: state.revision });
      expect(revision.document).toEqual(doc);
    }
    corpus.db.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`).run();
    corpus.close();
  });

  it('refuses changes from a stale editor, to unknown blocks, with duplicate ids or unknown labels', async () => {
    const { corpus, client, pageId } = await setup();
    const base = (await client.call('document.get', { pageId })).document;
    await client.call('document.save', { pageId, baseRevision: 0, document: base, review: [] });
    const first = structuredClone(base);
    first.articles[0]!.blocks[0]!.text += '甲';
    await client.call('document.save', { pageId, baseRevision: 1, changes: patchOf(first, base), review: [] });
    const second = structuredClone(base);
    second.articles[0]!.blocks[0]!.text += '乙';
    await expect(
      client.call('document.save', { pageId, baseRevision: 1, changes: patchOf(second, base), review: [] }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const unknownBlock = patchOf(first, first);
    unknownBlock.articles[0]!.blocks.push('no-such-block');
    const twice = patchOf(first, first);
    twice.articles[0]!.blocks.push(twice.articles[0]!.blocks[0]!);
    const unknownLabel = patchOf(tag(structuredClone(first), '倪岳峰', 'NOPE', 'x'), first);
    const bodySetAside = patchOf(first, first);
    bodySetAside.setAside.push(bodySetAside.articles[0]!.blocks.pop()!);
    for (const changes of [unknownBlock, twice, unknownLabel, bodySetAside]) {
      await expect(
        client.call('document.save', { pageId, baseRevision: 2, changes, review: [] }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    // Exactly one of document and changes.
    await expect(
      client.call('document.save', {
        pageId,
        baseRevision: 2,
        document: first,
        changes: patchOf(first, first),
        review: [],
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(client.call('document.save', { pageId, baseRevision: 2, review: [] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const stored = await client.call('document.get', { pageId });
    expect(stored.revision).toBe(2);
    expect(stored.document).toEqual(first);
    corpus.close();
  });
});
