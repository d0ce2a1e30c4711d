// The entity register: links live in the page documents, so linking, merging and deleting rewrite documents and
// span rows in one transaction and bump each page's revision.
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { ApiCallError } from '../../../src/shared/api';
import type { PageDocument } from '../../../src/shared/document';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir();
let n = 0;

/** Tags every occurrence of `text` (in every block) with `label`; ids `${prefix}0`, `${prefix}1`, … */
function tagAll(doc: PageDocument, text: string, label: string, prefix: string, max = Infinity): number {
  let k = 0;
  for (const a of doc.articles) {
    for (const b of a.blocks) {
      let at = b.text.indexOf(text);
      while (at >= 0 && k < max) {
        const end = at + text.length;
        if (!b.spans.some((s) => s.start < end && at < s.end)) {
          b.spans.push({ id: `${prefix}${k++}`, label, start: at, end, origin: 'manual' });
        }
        at = b.text.indexOf(text, end);
      }
    }
  }
  return k;
}

async function setup() {
  const corpus = openCorpus(join(dir, `e${n++}.galley`));
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  const client = createDirectClient(services.methods);
  const rows = (await client.call('pages.list', {})).rows;
  const a = rows.find((r) => r.fileName.startsWith('000_'))!.id;
  const b = rows.find((r) => r.fileName.startsWith('003_'))!.id;
  await client.call('pages.updateMeta', { id: a, newspaper: '河北日报', date: '2022-11-27' });
  await client.call('pages.updateMeta', { id: b, newspaper: '河北日报', date: '2021-01-13' });
  /** Tags `text` on a page and saves it; returns the new revision. */
  async function tag(pageId: number, text: string, label: string, prefix: string, max = Infinity) {
    const state = await client.call('document.get', { pageId });
    const doc = structuredClone(state.document);
    const tagged = tagAll(doc, text, label, prefix, max);
    expect(tagged).toBeGreaterThan(0);
    return (await client.call('document.save', { pageId, baseRevision: state.revision, document: doc, review: [] }))
      .revision;
  }
  const spanRows = (where = '1') =>
    corpus.db
      .prepare(`SELECT page_id, span_id, text, label, entity_id FROM spans WHERE ${where} ORDER BY 1, 2`)
      .all() as {
      page_id: number;
      span_id: string;
      text: string;
      label: string;
      entity_id: string | null;
    }[];
  const docSpans = async (pageId: number) =>
    (await client.call('document.get', { pageId })).document.articles.flatMap((x) => x.blocks.flatMap((y) => y.spans));
  return { corpus, services, client, a, b, tag, spanRows, docSpans };
}

async function rejects(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiCallError);
  expect((error as ApiCallError).code).toBe(code);
  expect((error as ApiCallError).message).toMatch(message);
}

describe('entity register', () => {
  it('proposes an entity for the same text and label on two pages, and accepting links both in one revision each', async () => {
    const { client, a, b, tag, spanRows, docSpans } = await setup();
    const revA = await tag(a, '习近平', 'PER', 'x');
    const revB = await tag(b, '习近平', 'PER', 'y');
    const mentions = spanRows(`text = '习近平'`).length;
    expect(mentions).toBeGreaterThanOrEqual(2);
    // On one page only: no proposal.
    await tag(a, '王正谱', 'PER', 'w');

    const proposals = await client.call('entities.proposals', {});
    expect(proposals.rows).toEqual([
      {
        kind: 'create',
        key: JSON.stringify(['create', 'PER', '习近平']),
        label: 'PER',
        text: '习近平',
        mentions,
        pages: 2,
      },
    ]);
    const accepted = await client.call('entities.acceptProposal', { key: proposals.rows[0]!.key });
    expect(accepted).toMatchObject({ linked: mentions, pages: 2 });
    expect(accepted.entity).toMatchObject({ label: 'PER', canonical: '习近平', variants: [], mentions, pages: 2 });
    expect(accepted.entity).toMatchObject({ firstDate: '2021-01-13', lastDate: '2022-11-27' });

    // The documents are the source of truth: both carry the link, with a new revision each.
    expect((await client.call('document.get', { pageId: a })).revision).toBe(revA + 1 + 1); // + 王正谱 save
    expect((await client.call('document.get', { pageId: b })).revision).toBe(revB + 1);
    const linked = (await docSpans(a)).concat(await docSpans(b)).filter((s) => s.entityId === accepted.entity.id);
    expect(linked).toHaveLength(mentions);
    expect(spanRows(`entity_id = '${accepted.entity.id}'`)).toHaveLength(mentions);
    // History keeps the version before the link (undo from History…).
    const history = await client.call('document.revisions', { pageId: b });
    expect(history.map((r) => r.revision)).toEqual([revB + 1, revB]);
    const before = await client.call('document.revision', { pageId: b, revision: revB });
    expect(before.document.articles.flatMap((x) => x.blocks.flatMap((y) => y.spans)).some((s) => s.entityId)).toBe(
      false,
    );

    // The proposal is gone; the list shows the entity with its counts.
    expect((await client.call('entities.proposals', {})).rows).toEqual([]);
    const list = await client.call('entities.list', { label: 'PER' });
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({ id: accepted.entity.id, mentions, pages: 2 });

    // Mentions with page, block, offsets and context.
    const detail = await client.call('entities.get', { id: accepted.entity.id });
    expect(detail.mentions.total).toBe(mentions);
    expect(new Set(detail.mentions.rows.map((m) => m.pageId))).toEqual(new Set([a, b]));
    for (const m of detail.mentions.rows) {
      expect(m.text).toBe('习近平');
      expect(m.end - m.start).toBe(3);
      expect(m.before.length + m.after.length).toBeGreaterThan(0);
    }
  });

  it('bumps the revision so an editor that started before the link gets a conflict, not an overwrite', async () => {
    const { client, a, b, tag } = await setup();
    await tag(a, '习近平', 'PER', 'x');
    await tag(b, '习近平', 'PER', 'y');
    const open = await client.call('document.get', { pageId: a });
    const entity = await client.call('entities.create', { label: 'PER', canonical: '习近平' });
    await client.call('entities.link', { id: entity.id, unlinked: { text: '习近平', label: 'PER' } });
    await rejects(
      client.call('document.save', { pageId: a, baseRevision: open.revision, document: open.document, review: [] }),
      'CONFLICT',
      /saved elsewhere/,
    );
  });

  it('links given spans only, refuses a span of another label, and rolls everything back on a bad reference', async () => {
    const { client, a, b, tag, spanRows } = await setup();
    await tag(a, '石家庄', 'LOC', 'l');
    await tag(b, '石家庄', 'LOC', 'm');
    await tag(a, '王正谱', 'PER', 'w', 1);
    const loc = await client.call('entities.create', {
      label: 'LOC',
      canonical: '石家庄市',
      variants: ['石家庄', ' 石家庄市 '],
    });
    expect(loc.variants).toEqual(['石家庄']);
    const one = spanRows(`page_id = ${b} AND text = '石家庄'`)[0]!;
    const revisionBefore = (await client.call('document.get', { pageId: a })).revision;
    // A bad reference after a good one: nothing is linked.
    await rejects(
      client.call('entities.link', {
        id: loc.id,
        spans: [
          { pageId: b, spanId: one.span_id },
          { pageId: a, spanId: 'nope' },
        ],
      }),
      'NOT_FOUND',
      /no saved span nope/,
    );
    expect(spanRows(`entity_id IS NOT NULL`)).toEqual([]);
    expect((await client.call('document.get', { pageId: a })).revision).toBe(revisionBefore);
    await rejects(
      client.call('entities.link', { id: loc.id, spans: [{ pageId: a, spanId: 'w0' }] }),
      'BAD_REQUEST',
      /is PER, but 石家庄市 is LOC/,
    );
    const result = await client.call('entities.link', { id: loc.id, spans: [{ pageId: b, spanId: one.span_id }] });
    expect(result).toMatchObject({ linked: 1, pages: 1 });
    expect(spanRows(`entity_id IS NOT NULL`).map((r) => r.span_id)).toEqual([one.span_id]);
    // Linking again changes nothing and writes no revision.
    const rev = (await client.call('document.get', { pageId: b })).revision;
    expect(
      await client.call('entities.link', { id: loc.id, spans: [{ pageId: b, spanId: one.span_id }] }),
    ).toMatchObject({
      linked: 0,
      pages: 0,
    });
    expect((await client.call('document.get', { pageId: b })).revision).toBe(rev);
  });

  it('proposes linking unlinked spans to an entity that has their name, and merging entities that share a name', async () => {
    const { client, a, b, tag } = await setup();
    await tag(a, '习近平', 'PER', 'x');
    await tag(b, '习近平', 'PER', 'y');
    await tag(a, '王正谱', 'PER', 'w');
    const xi = await client.call('entities.create', { label: 'PER', canonical: '习近平总书记', variants: ['习近平'] });
    const wang = await client.call('entities.create', { label: 'PER', canonical: '王正谱' });
    const wang2 = await client.call('entities.create', { label: 'PER', canonical: '王省长', variants: ['王正谱'] });
    await client.call('entities.link', { id: wang.id, unlinked: { text: '王正谱', label: 'PER' } });
    // An entity of another label with the same name is not a merge candidate.
    await client.call('entities.create', { label: 'ORG', canonical: '王正谱' });

    const { rows } = await client.call('entities.proposals', {});
    expect(rows.map((r) => r.kind)).toEqual(['merge', 'link']);
    const merge = rows[0]!;
    expect(merge).toMatchObject({ kind: 'merge', label: 'PER', text: '王正谱', targetId: wang.id, sourceId: wang2.id });
    const link = rows[1]!;
    expect(link).toMatchObject({ kind: 'link', entityId: xi.id, text: '习近平', pages: 2 });

    // Dismissed proposals stay dismissed.
    expect(await client.call('entities.dismissProposal', { key: link.key })).toEqual({ dismissed: true });
    expect((await client.call('entities.proposals', {})).rows.map((r) => r.kind)).toEqual(['merge']);
    await rejects(client.call('entities.acceptProposal', { key: link.key }), 'NOT_FOUND', /no longer applies/);

    const merged = await client.call('entities.acceptProposal', { key: merge.key });
    expect(merged.entity).toMatchObject({ id: wang.id, canonical: '王正谱', variants: ['王省长'] });
    await rejects(client.call('entities.get', { id: wang2.id }), 'NOT_FOUND', /no entity/);
    expect((await client.call('entities.proposals', {})).rows).toEqual([]);
  });

  it('merges B into A: mentions and variants move, B is gone, pages get new revisions', async () => {
    const { client, a, b, tag, spanRows } = await setup();
    await tag(a, '习近平', 'PER', 'x');
    await tag(b, '王东峰', 'PER', 'd');
    const target = await client.call('entities.create', { label: 'PER', canonical: '习近平', note: '总书记' });
    const source = await client.call('entities.create', {
      label: 'PER',
      canonical: '王东峰',
      variants: ['东峰'],
      note: '省委书记',
    });
    await client.call('entities.link', { id: target.id, unlinked: { text: '习近平', label: 'PER' } });
    await client.call('entities.link', { id: source.id, unlinked: { text: '王东峰', label: 'PER' } });
    const sourceMentions = spanRows(`entity_id = '${source.id}'`).length;
    const targetMentions = spanRows(`entity_id = '${target.id}'`).length;
    const revB = (await client.call('document.get', { pageId: b })).revision;
    const org = await client.call('entities.create', { label: 'ORG', canonical: '省委' });
    await rejects(
      client.call('entities.merge', { targetId: target.id, sourceId: org.id }),
      'BAD_REQUEST',
      /same label/,
    );
    await rejects(client.call('entities.merge', { targetId: target.id, sourceId: target.id }), 'BAD_REQUEST', /itself/);

    const merged = await client.call('entities.merge', { targetId: target.id, sourceId: source.id });
    expect(merged).toMatchObject({ linked: sourceMentions, pages: 1 });
    expect(merged.entity).toMatchObject({
      canonical: '习近平',
      variants: ['东峰', '王东峰'],
      note: '总书记\n\n省委书记',
      mentions: sourceMentions + targetMentions,
      pages: 2,
    });
    expect(spanRows(`entity_id = '${source.id}'`)).toEqual([]);
    expect((await client.call('document.get', { pageId: b })).revision).toBe(revB + 1);
    await rejects(client.call('entities.get', { id: source.id }), 'NOT_FOUND', /no entity/);
  });

  it('delete unlinks its spans (keeping the spans) and update relabels mentions with the entity', async () => {
    const { client, a, b, tag, spanRows, docSpans } = await setup();
    await tag(a, '石家庄', 'LOC', 'l');
    await tag(b, '石家庄', 'LOC', 'm');
    const before = spanRows().length;
    const e = await client.call('entities.create', { label: 'LOC', canonical: '石家庄' });
    await client.call('entities.link', { id: e.id, unlinked: { text: '石家庄', label: 'LOC' } });
    const relabelled = await client.call('entities.update', { id: e.id, label: 'ORG', canonical: '石家庄市' });
    expect(relabelled).toMatchObject({ label: 'ORG', canonical: '石家庄市', variants: ['石家庄'] });
    expect(new Set(spanRows(`entity_id = '${e.id}'`).map((r) => r.label))).toEqual(new Set(['ORG']));
    await rejects(client.call('entities.update', { id: e.id, label: 'NOPE' }), 'BAD_REQUEST', /not in the label set/);
    await rejects(client.call('entities.create', { label: 'ORG', canonical: '石家庄市' }), 'CONFLICT', /already/);

    const revA = (await client.call('document.get', { pageId: a })).revision;
    const deleted = await client.call('entities.delete', { id: e.id });
    expect(deleted.pages).toBe(2);
    expect(deleted.unlinked).toBe(before);
    expect(spanRows().length).toBe(before);
    expect(spanRows(`entity_id IS NOT NULL`)).toEqual([]);
    expect((await docSpans(a)).every((s) => !('entityId' in s))).toBe(true);
    expect((await client.call('document.get', { pageId: a })).revision).toBe(revA + 1);
    expect((await client.call('entities.list', {})).total).toBe(0);
  });

  it('follows a renamed label (and a swap of two labels), keeping mentions and entity on one label', async () => {
    const { client, a, b, tag } = await setup();
    await tag(a, '石家庄', 'LOC', 'l');
    await tag(b, '石家庄', 'LOC', 'm');
    const loc = await client.call('entities.create', { label: 'LOC', canonical: '石家庄' });
    const per = await client.call('entities.create', { label: 'PER', canonical: '王东峰' });
    await client.call('entities.link', { id: loc.id, unlinked: { text: '石家庄', label: 'LOC' } });
    const labels = await client.call('labels.list', {});
    const swapped = labels.map((l) =>
      l.name === 'LOC'
        ? { name: 'PER', color: l.color, hotkey: l.hotkey, renamedFrom: 'LOC' }
        : l.name === 'PER'
          ? { name: 'LOC', color: l.color, hotkey: l.hotkey, renamedFrom: 'PER' }
          : { name: l.name, color: l.color, hotkey: l.hotkey },
    );
    await client.call('labels.save', { labels: swapped });
    expect((await client.call('entities.get', { id: loc.id })).entity.label).toBe('PER');
    expect((await client.call('entities.get', { id: per.id })).entity.label).toBe('LOC');
    const detail = await client.call('entities.get', { id: loc.id });
    expect(new Set(detail.mentions.rows.map((m) => m.label))).toEqual(new Set(['PER']));
    expect(detail.mentions.total).toBeGreaterThanOrEqual(2);
  });

  it('handles names outside the BMP (𠮷) in variants, filters and mention offsets', async () => {
    const { client, a, b, spanRows } = await setup();
    for (const pageId of [a, b]) {
      const state = await client.call('document.get', { pageId });
      const doc = structuredClone(state.document);
      const block = doc.articles[0]!.blocks[0]!;
      block.text = `𠮷野家${block.text}`;
      block.spans = [{ id: 'astral', label: 'ORG', start: 0, end: '𠮷野家'.length, origin: 'manual' }];
      await client.call('document.save', { pageId, baseRevision: state.revision, document: doc, review: [] });
    }
    const proposal = (await client.call('entities.proposals', {})).rows.find((p) => p.text === '𠮷野家')!;
    expect(proposal).toMatchObject({ kind: 'create', pages: 2, mentions: 2 });
    const { entity } = await client.call('entities.acceptProposal', { key: proposal.key });
    const updated = await client.call('entities.update', { id: entity.id, variants: ['𠮷野家牛丼'] });
    expect(updated.variants).toEqual(['𠮷野家牛丼']);
    expect((await client.call('entities.list', { text: '𠮷', match: 'prefix' })).rows.map((r) => r.id)).toEqual([
      entity.id,
    ]);
    expect((await client.call('entities.list', { text: '牛丼' })).total).toBe(1);
    expect((await client.call('entities.list', { text: '牛丼', match: 'prefix' })).total).toBe(0);
    expect((await client.call('entities.list', { text: '%' })).total).toBe(0);
    const detail = await client.call('entities.get', { id: entity.id });
    expect(detail.mentions.rows.map((m) => [m.text, m.start, m.end, m.before])).toEqual([
      ['𠮷野家', 0, 4, ''],
      ['𠮷野家', 0, 4, ''],
    ]);
    expect(spanRows(`entity_id = '${entity.id}'`)).toHaveLength(2);
  });

  it('sorts and pages the list by name, recency and mentions, with counts on every row', async () => {
    const { client, a, b, tag } = await setup();
    await tag(a, '石家庄', 'LOC', 'l');
    await tag(b, '石家庄', 'LOC', 'm');
    const sjz = await client.call('entities.create', { label: 'LOC', canonical: '石家庄' });
    await client.call('entities.create', { label: 'LOC', canonical: '北京' });
    await client.call('entities.create', { label: 'PER', canonical: '王正谱' });
    await client.call('entities.link', { id: sjz.id, unlinked: { text: '石家庄', label: 'LOC' } });
    const byName = await client.call('entities.list', { sort: 'name' });
    expect(byName.rows.map((r) => r.canonical)).toEqual(['北京', '王正谱', '石家庄'].sort());
    expect(byName.rows.find((r) => r.id === sjz.id)).toMatchObject({ pages: 2, firstDate: '2021-01-13' });
    const second = await client.call('entities.list', { sort: 'name', offset: 1, limit: 1 });
    expect(second).toMatchObject({ total: 3, rows: [{ canonical: byName.rows[1]!.canonical }] });
    expect((await client.call('entities.list', { sort: 'recent', limit: 1 })).rows[0]!.id).toBe(sjz.id);
    const byMentions = await client.call('entities.list', { label: 'LOC' });
    expect(byMentions.rows.map((r) => [r.canonical, r.pages])).toEqual([
      ['石家庄', 2],
      ['北京', 0],
    ]);
  });

  it('refuses a proposal key that no longer applies', async () => {
    const { client, a, b, tag } = await setup();
    await tag(a, '习近平', 'PER', 'x');
    await tag(b, '习近平', 'PER', 'y');
    const [create] = (await client.call('entities.proposals', {})).rows;
    expect(create).toMatchObject({ kind: 'create', text: '习近平' });
    // An entity of that name now exists: the proposal is to link, no longer to create.
    const xi = await client.call('entities.create', { label: 'PER', canonical: '习近平' });
    await rejects(client.call('entities.acceptProposal', { key: create!.key }), 'NOT_FOUND', /no longer applies/);
    const [link] = (await client.call('entities.proposals', {})).rows;
    expect(link).toMatchObject({ kind: 'link', entityId: xi.id });
    await rejects(client.call('entities.acceptProposal', { key: '["merge","x"]' }), 'NOT_FOUND', /no longer applies/);
    await rejects(client.call('entities.acceptProposal', { key: 'not json' }), 'NOT_FOUND', /no longer applies/);
    expect((await client.call('entities.acceptProposal', { key: link!.key })).entity.pages).toBe(2);
  });

  it('validates arguments with clear messages', async () => {
    const { client } = await setup();
    await rejects(client.call('entities.create', { label: 'PER', canonical: '  ' }), 'BAD_REQUEST', /canonical/);
    await rejects(client.call('entities.create', { label: 'PER', canonical: 'a\nb' }), 'BAD_REQUEST', /one line/);
    await rejects(client.call('entities.get', { id: 'x' }), 'BAD_REQUEST', /entity id/);
    await rejects(client.call('entities.get', { id: 'ent-000000000000' }), 'NOT_FOUND', /no entity/);
    await rejects(
      client.call('entities.link', { id: 'ent-000000000000' } as never),
      'BAD_REQUEST',
      /either spans or unlinked/,
    );
    await rejects(client.call('entities.dismissProposal', { key: 'nothing' }), 'NOT_FOUND', /no longer applies/);
  });
});
