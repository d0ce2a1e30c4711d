// Corpus-wide find, replace and tag (corpus.findText / replaceText / tagOccurrences) and the automatic page
// status, through the direct client on a corpus holding the two sample pages.
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import type { CorpusHit } from '../../../src/shared/corpus-ops';
import type { DocBlock, PageDocument } from '../../../src/shared/document';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir();
let n = 0;

async function setup() {
  const corpus = openCorpus(join(dir, `c${n++}.galley`));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  const client = createDirectClient(services.methods);
  const rows = (await client.call('pages.list', {})).rows;
  const p000 = rows.find((r) => r.fileName.startsWith('000_'))!.id;
  const p003 = rows.find((r) => r.fileName.startsWith('003_'))!.id;
  return { corpus, client, p000, p003 };
}

type Client = Awaited<ReturnType<typeof setup>>['client'];

/** The first article block holding `text`. */
function blockWith(doc: PageDocument, text: string): DocBlock {
  for (const a of doc.articles) for (const b of a.blocks) if (b.text.includes(text)) return b;
  throw new Error(`${text} not found`);
}

async function save(client: Client, pageId: number, edit: (doc: PageDocument) => void): Promise<number> {
  const state = await client.call('document.get', { pageId });
  const doc = structuredClone(state.document);
  edit(doc);
  return (await client.call('document.save', { pageId, baseRevision: state.revision, document: doc, review: [] }))
    .revision;
}

const ref = (h: CorpusHit) => ({
  pageId: h.pageId,
  revision: h.revision,
  blockId: h.blockId,
  start: h.start,
  end: h.end,
});

async function status(client: Client, id: number) {
  return (await client.call('pages.get', { id })).status;
}

describe('corpus.findText', () => {
  it('lists every occurrence across pages with its page, block, offsets and context', async () => {
    const { corpus, client, p000, p003 } = await setup();
    const found = await client.call('corpus.findText', { text: '石家庄' });
    const onPage = (id: number) => found.hits.filter((h) => h.pageId === id).length;
    expect(found.pages).toBe(2);
    expect(found.total).toBe(found.hits.length);
    expect(onPage(p000)).toBeGreaterThan(0);
    expect(onPage(p003)).toBeGreaterThan(0);
    for (const hit of found.hits) {
      expect(hit.revision).toBe(0);
      expect(hit.snippet.match).toBe('石家庄');
      expect(hit.end - hit.start).toBe(3);
      const doc = (await client.call('document.get', { pageId: hit.pageId })).document;
      const block = doc.articles.flatMap((a) => a.blocks).find((b) => b.id === hit.blockId)!;
      expect(block.text.slice(hit.start, hit.end)).toBe('石家庄');
    }
    // Paging, and the scope filters.
    const page2 = await client.call('corpus.findText', { text: '石家庄', offset: 1, limit: 1 });
    expect(page2.total).toBe(found.total);
    expect(page2.hits).toEqual([found.hits[1]]);
    await client.call('pages.updateMeta', { id: p003, newspaper: '河北日报', date: '2021-01-13' });
    const scoped = await client.call('corpus.findText', { text: '石家庄', scope: { newspaper: '河北日报' } });
    expect(scoped.total).toBe(onPage(p003));
    expect(scoped.hits.every((h) => h.pageId === p003 && h.newspaper === '河北日报')).toBe(true);
    const inRange = { dateFrom: '2021-01-01', dateTo: '2021-01-31' };
    expect((await client.call('corpus.findText', { text: '石家庄', scope: inRange })).total).toBe(onPage(p003));
    const none = await client.call('corpus.findText', { text: '石家庄', scope: { status: 'reviewed' } });
    expect(none).toEqual({ total: 0, pages: 0, hits: [] });
    const dated = await client.call('corpus.findText', { text: '石家庄', scope: { dateFrom: '2100-01-01' } });
    expect(dated.total).toBe(0);
    // One and two characters are found by a scan of the blocks; they are found exactly too.
    const short = await client.call('corpus.findText', { text: '疫', limit: 5000 });
    const expected = (await client.call('document.get', { pageId: p000 })).document.articles
      .flatMap((a) => a.blocks)
      .filter((b) => b.role !== 'jump' && b.role !== 'furniture')
      .reduce((sum, b) => sum + b.text.split('疫').length - 1, 0);
    expect(short.hits.filter((h) => h.pageId === p000)).toHaveLength(expected);
    corpus.close();
  });

  it('matches case only when asked, and flags hits that touch an existing span', async () => {
    const { corpus, client, p003 } = await setup();
    await save(client, p003, (doc) => {
      const block = blockWith(doc, '石家庄');
      block.text = 'Covid COVID covid ' + block.text;
      const at = block.text.indexOf('石家庄');
      block.spans = [{ id: 'loc', label: 'LOC', start: at, end: at + 3, origin: 'manual' }];
    });
    expect((await client.call('corpus.findText', { text: 'covid' })).total).toBe(3);
    expect((await client.call('corpus.findText', { text: 'covid', matchCase: true })).total).toBe(1);
    const hits = (await client.call('corpus.findText', { text: '石家庄' })).hits.filter((h) => h.pageId === p003);
    expect(hits[0]!.revision).toBe(1);
    expect(hits.filter((h) => h.span !== null)).toEqual([
      expect.objectContaining({ span: expect.objectContaining({ id: 'loc', label: 'LOC', exact: true }) }),
    ]);
    const partial = (await client.call('corpus.findText', { text: '家庄' })).hits.find((h) => h.span?.id === 'loc');
    expect(partial?.span?.exact).toBe(false);
    corpus.close();
  });
});

describe('corpus.replaceText', () => {
  it('replaces across pages, maps spans (a cut goes to needs review), writes revisions and the search index', async () => {
    const { corpus, client, p000, p003 } = await setup();
    // Page 000 saved with spans: 倪岳峰 (PER) and a TITLE span 省委书记 that the replacement will cut.
    await save(client, p000, (doc) => {
      const head = doc.articles[0]!.blocks[0]!;
      head.spans = [{ id: 'per', label: 'PER', start: 0, end: 3, origin: 'manual' }];
      const body = blockWith(doc, '省委书记、省应对');
      const at = body.text.indexOf('省委书记');
      body.spans = [{ id: 'title', label: 'TITLE', start: at, end: at + 4, origin: 'manual' }];
    });
    // Page 003 never saved.
    const found = await client.call('corpus.findText', { text: '书记、省', limit: 5000 });
    expect(found.pages).toBe(2);
    const result = await client.call('corpus.replaceText', {
      text: '书记、省',
      replacement: '书记兼省',
      hits: found.hits.map(ref),
    });
    expect(result).toMatchObject({ done: found.total, pagesChanged: 2, skipped: 0 });
    const r000 = result.pages.find((p) => p.pageId === p000)!;
    expect(r000).toMatchObject({ revision: 2, needsReview: 1 });
    const after = await client.call('document.get', { pageId: p000 });
    expect(after.revision).toBe(2);
    // The TITLE span keeps what survived of it (省委) and is listed for review; the PER span is untouched.
    const body = blockWith(after.document, '省委书记兼省应对');
    const title = body.spans.find((s) => s.id === 'title')!;
    expect(body.text.slice(title.start, title.end)).toBe('省委');
    expect(after.review).toEqual([
      { spanId: 'title', label: 'TITLE', reason: 'cut', oldText: '省委书记', blockId: body.id },
    ]);
    expect(after.document.articles[0]!.blocks[0]!.spans).toEqual([
      { id: 'per', label: 'PER', start: 0, end: 3, origin: 'manual' },
    ]);
    // The original text never changes.
    expect((await client.call('pages.get', { id: p000 })).originalText).toContain('书记、省');
    // The search index follows: the old text is gone from the corrected text, the new one is found.
    expect((await client.call('search.query', { query: '书记、省' })).total).toBe(0);
    const pagesWith = new Set((await client.call('search.query', { query: '书记兼省' })).hits.map((h) => h.pageId));
    expect(pagesWith).toEqual(new Set([p000, p003]));
    expect((await client.call('search.query', { query: '兼' })).total).toBeGreaterThan(0);
    expect((await client.call('corpus.findText', { text: '书记、省' })).total).toBe(0);
    // The span rows follow too.
    const rows = corpus.db.prepare(`SELECT text FROM spans WHERE page_id = ? AND span_id = 'title'`).pluck().all(p000);
    expect(rows).toEqual([body.text.slice(title.start, title.end)]);
    corpus.close();
  });

  it('keeps the version before for History, also on a page that was never saved', async () => {
    const { corpus, client, p003 } = await setup();
    const before = await client.call('document.get', { pageId: p003 });
    expect(before.revision).toBe(0);
    const result = await client.call('corpus.replaceText', { text: '王东峰', replacement: '王东锋', all: true });
    expect(result.pagesChanged).toBe(1);
    const after = await client.call('document.get', { pageId: p003 });
    expect(after.revision).toBe(2);
    expect(JSON.stringify(after.document)).not.toContain('王东峰');
    const revisions = await client.call('document.revisions', { pageId: p003 });
    expect(revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect((await client.call('document.revision', { pageId: p003, revision: 1 })).document).toEqual(before.document);
    // Undo through History: restoring revision 1 brings the text back.
    const restored = await client.call('document.restore', { pageId: p003, revision: 1, baseRevision: 2 });
    expect(restored.document).toEqual(before.document);
    expect((await client.call('corpus.findText', { text: '王东峰' })).pages).toBe(1);
    corpus.close();
  });

  it('maps spans around astral characters (𠮷 before and inside spans)', async () => {
    const { corpus, client, p003 } = await setup();
    await save(client, p003, (doc) => {
      const block = blockWith(doc, '石家庄');
      // 𠮷 before a span, and inside one (𠮷田茂 as PER).
      block.text = '𠮷田茂首相𠮷在' + block.text;
      const at = block.text.indexOf('石家庄');
      block.spans = [
        { id: 'per', label: 'PER', start: 0, end: 4, origin: 'manual' },
        { id: 'loc', label: 'LOC', start: at, end: at + 3, origin: 'manual' },
      ];
    });
    // Replace the astral character itself (two UTF-16 units) with a BMP one, everywhere on the page.
    const found = await client.call('corpus.findText', { text: '𠮷' });
    expect(found.total).toBe(2);
    const result = await client.call('corpus.replaceText', {
      text: '𠮷',
      replacement: '吉',
      hits: found.hits.map(ref),
    });
    expect(result).toMatchObject({ done: 2, pagesChanged: 1 });
    const doc = (await client.call('document.get', { pageId: p003 })).document;
    const block = blockWith(doc, '吉田茂首相吉在');
    const text = (id: string) => {
      const s = block.spans.find((x) => x.id === id)!;
      return block.text.slice(s.start, s.end);
    };
    expect(text('per')).toBe('吉田茂');
    expect(text('loc')).toBe('石家庄');
    // The PER span changed inside (a replaced character), so it is listed; the LOC span only moved.
    const review = (await client.call('document.get', { pageId: p003 })).review;
    expect(review.map((r) => [r.spanId, r.reason, r.oldText])).toEqual([['per', 'cut', '𠮷田茂']]);
    const rows = corpus.db
      .prepare(`SELECT span_id, text, start, cp_start FROM spans WHERE page_id = ? ORDER BY start`)
      .all(p003);
    const at = block.text.indexOf('石家庄');
    expect(rows).toEqual([
      { span_id: 'per', text: '吉田茂', start: 0, cp_start: 0 },
      { span_id: 'loc', text: '石家庄', start: at, cp_start: at },
    ]);

    // And the other way: text after an astral character, replaced by one.
    await client.call('corpus.replaceText', { text: '首相', replacement: '𠮷首相', all: true });
    const again = blockWith((await client.call('document.get', { pageId: p003 })).document, '吉田茂𠮷首相');
    const loc = again.spans.find((s) => s.id === 'loc')!;
    expect(again.text.slice(loc.start, loc.end)).toBe('石家庄');
    const locRow = corpus.db
      .prepare(`SELECT start, cp_start FROM spans WHERE page_id = ? AND span_id = 'loc'`)
      .get(p003) as { start: number; cp_start: number };
    expect(locRow.start - locRow.cp_start).toBe(1);
    corpus.close();
  });

  it('skips a page saved since its hits were listed, and replaces the rest', async () => {
    const { corpus, client, p000, p003 } = await setup();
    const found = await client.call('corpus.findText', { text: '石家庄', limit: 5000 });
    // Someone edits page 000 meanwhile.
    await save(client, p000, (doc) => {
      doc.articles[0]!.blocks[0]!.text += '（更正）';
    });
    const result = await client.call('corpus.replaceText', {
      text: '石家庄',
      replacement: '石门',
      hits: found.hits.map(ref),
    });
    const r000 = result.pages.find((p) => p.pageId === p000)!;
    const r003 = result.pages.find((p) => p.pageId === p003)!;
    expect(r000.done).toBe(0);
    expect(r000.revision).toBe(1);
    expect(r000.skipped.every((s) => s.reason === 'changed')).toBe(true);
    expect(r000.skipped).toHaveLength(found.hits.filter((h) => h.pageId === p000).length);
    expect(r003.done).toBe(found.hits.filter((h) => h.pageId === p003).length);
    expect(result.pagesChanged).toBe(1);
    expect(JSON.stringify((await client.call('document.get', { pageId: p000 })).document)).toContain('石家庄');
    expect(JSON.stringify((await client.call('document.get', { pageId: p003 })).document)).not.toContain('石家庄');
    corpus.close();
  });

  it('does all of a page or none of it when a hit no longer holds the text', async () => {
    const { corpus, client, p003 } = await setup();
    const found = await client.call('corpus.findText', { text: '王东峰', limit: 5000 });
    expect(found.total).toBeGreaterThan(1);
    const hits = found.hits.map(ref);
    hits[1] = { ...hits[1]!, start: hits[1]!.start + 1, end: hits[1]!.end + 1 };
    const result = await client.call('corpus.replaceText', { text: '王东峰', replacement: 'X', hits });
    expect(result).toMatchObject({ done: 0, pagesChanged: 0, skipped: hits.length });
    expect(result.pages[0]!.skipped[1]!.reason).toBe('moved');
    expect((await client.call('document.get', { pageId: p003 })).revision).toBe(0);
    await expect(
      client.call('corpus.replaceText', { text: '王东峰', replacement: '王东峰', all: true }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      client.call('corpus.replaceText', { text: '王东峰', replacement: 'a\nb', all: true }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    corpus.close();
  });
});

describe('corpus.tagOccurrences', () => {
  it('tags occurrences on every page, skipping overlaps and ones already tagged, with revisions and span rows', async () => {
    const { corpus, client, p000, p003 } = await setup();
    // Page 003: one 石家庄 already tagged LOC, another inside an ORG span (石家庄市).
    await save(client, p003, (doc) => {
      const blocks = doc.articles.flatMap((a) => a.blocks).filter((b) => b.text.includes('石家庄'));
      const first = blocks[0]!;
      const at = first.text.indexOf('石家庄');
      first.spans = [{ id: 'loc1', label: 'LOC', start: at, end: at + 3, origin: 'manual' }];
      const withCity = blocks.find((b) => b !== first && b.text.includes('石家庄市')) ?? first;
      const city = withCity.text.indexOf('石家庄市', withCity === first ? at + 3 : 0);
      withCity.spans.push({ id: 'org1', label: 'ORG', start: city, end: city + 4, origin: 'manual' });
      withCity.spans.sort((a, b) => a.start - b.start);
    });
    const found = await client.call('corpus.findText', { text: '石家庄', matchCase: true, limit: 5000 });
    const flagged = found.hits.filter((h) => h.span !== null);
    expect(flagged.map((h) => [h.span!.id, h.span!.exact])).toEqual(
      expect.arrayContaining([
        ['loc1', true],
        ['org1', false],
      ]),
    );
    const result = await client.call('corpus.tagOccurrences', {
      label: 'LOC',
      text: '石家庄',
      hits: found.hits.map(ref),
    });
    expect(result.done).toBe(found.total - flagged.length);
    expect(result.skipped).toBe(flagged.length);
    const reasons = result.pages.flatMap((p) => p.skipped.map((s) => s.reason)).sort();
    expect(reasons).toEqual(['overlap', 'tagged']);
    expect(result.pagesChanged).toBe(2);
    const rows = corpus.db
      .prepare(`SELECT page_id, label, text, origin FROM spans WHERE text = '石家庄' ORDER BY page_id`)
      .all() as { page_id: number; label: string; origin: string }[];
    expect(rows).toHaveLength(found.total - 1);
    expect(rows.filter((r) => r.origin === 'propagated')).toHaveLength(result.done);
    expect(new Set(rows.map((r) => r.page_id))).toEqual(new Set([p000, p003]));
    expect((await client.call('document.get', { pageId: p000 })).revision).toBe(2);
    // Tagging again finds nothing left to do.
    const again = await client.call('corpus.findText', { text: '石家庄', matchCase: true, limit: 5000 });
    expect(again.hits.filter((h) => h.span === null)).toEqual([]);
    await expect(
      client.call('corpus.tagOccurrences', { label: 'NOPE', text: '石家庄', hits: again.hits.map(ref) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    corpus.close();
  });
});

describe('page status follows the work', () => {
  it('moves new → repaired on the first real edit and → annotated on the first span, never back', async () => {
    const { corpus, client, p000, p003 } = await setup();
    expect(await status(client, p000)).toBe('new');
    // A save without changes (the editor saving what it loaded) moves nothing.
    await save(client, p000, () => undefined);
    expect(await status(client, p000)).toBe('new');
    await save(client, p000, (doc) => {
      doc.articles[0]!.blocks[0]!.text += '。';
    });
    expect(await status(client, p000)).toBe('repaired');
    await save(client, p000, (doc) => {
      doc.articles[0]!.blocks[0]!.spans = [{ id: 's', label: 'PER', start: 0, end: 3, origin: 'manual' }];
    });
    expect(await status(client, p000)).toBe('annotated');
    // A later text edit does not move it back.
    await save(client, p000, (doc) => {
      doc.articles[0]!.blocks[0]!.text += '。';
    });
    expect(await status(client, p000)).toBe('annotated');
    // Set by hand, a status stays: reviewed never moves.
    await client.call('pages.setStatus', { id: p000, status: 'reviewed' });
    await save(client, p000, (doc) => {
      doc.articles[0]!.blocks[0]!.spans = [];
    });
    await save(client, p000, (doc) => {
      doc.articles[0]!.blocks[0]!.spans = [{ id: 's2', label: 'PER', start: 0, end: 3, origin: 'manual' }];
    });
    expect(await status(client, p000)).toBe('reviewed');

    // Corpus operations too: a replacement repairs, a tag annotates.
    await client.call('corpus.replaceText', { text: '王东峰', replacement: '王东锋', all: true });
    expect(await status(client, p003)).toBe('repaired');
    const hits = (await client.call('corpus.findText', { text: '王东锋', scope: { status: 'repaired' } })).hits;
    await client.call('corpus.tagOccurrences', { label: 'PER', text: '王东锋', hits: hits.map(ref) });
    expect(await status(client, p003)).toBe('annotated');
    // The save tells the editor the status it left.
    const state = await client.call('document.get', { pageId: p003 });
    const saved = await client.call('document.save', {
      pageId: p003,
      baseRevision: state.revision,
      document: state.document,
      review: state.review,
    });
    expect(saved.status).toBe('annotated');
    corpus.close();
  });
});
