// The unlinked span groups the entity proposals are made from: derived from the stats_entities aggregate minus the
// spans linked to registered entities, they must equal a full GROUP BY over the spans after every kind of change.
import { join } from 'node:path';

import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { createDirectClient } from '../../../src/main/api/direct-client';
import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { createDocumentStore } from '../../../src/main/store/documents';
import { createEntityStore } from '../../../src/main/store/entities';
import type { PageDocument } from '../../../src/shared/document';
import { prng } from '../../helpers/random';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir('galley-proposals-');
let n = 0;

/** The query proposals were computed with before: every span row, grouped. */
function scannedGroups(db: Database.Database) {
  return db
    .prepare(
      `SELECT s.label, s.text, count(*) AS mentions, count(DISTINCT s.page_id) AS pages
       FROM spans s LEFT JOIN entities e ON e.id = s.entity_id
       WHERE e.id IS NULL
       GROUP BY s.label, s.text`,
    )
    .all();
}

const NAMES = ['张三', '李四', '北京', '𠮷野家', '上海', 'ABC', 'abc'];
const LABELS = ['PER', 'LOC', 'ORG'];
const ENTITY_IDS = ['ent-aaaaaa', 'ent-bbbbbb', 'ent-cccccc'];
/** Linked in documents but not (or no longer) in the register: such spans count as unlinked. */
const GHOST_ID = 'ent-ghost1';

/** A page of one article whose block is the names in a random order, each tagged, some linked to an entity. */
function randomDocument(random: () => number, linkRate: number): PageDocument {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const names = Array.from({ length: 2 + Math.floor(random() * 8) }, () => pick(NAMES));
  const text = names.join('，');
  let at = 0;
  const spans = names.map((name, k) => {
    const start = at;
    at += name.length + 1;
    const r = random();
    const entityId = r < linkRate ? pick(ENTITY_IDS) : r < linkRate + 0.05 ? GHOST_ID : undefined;
    return { id: `s${k}`, label: pick(LABELS), start, end: start + name.length, origin: 'manual' as const, entityId };
  });
  return { version: 1, articles: [{ id: 'a0', blocks: [{ id: 'b0', role: 'body', text, spans }] }], setAside: [] };
}

describe('unlinked span groups for the entity proposals', () => {
  it('equal a scan of every span as pages are tagged, linked, relabelled, unlinked and deleted', () => {
    const corpus = openCorpus(join(dir, `c${n++}.galley`));
    const { db } = corpus;
    const documents = createDocumentStore(db);
    const entities = createEntityStore(db);
    const random = prng(7);
    const now = new Date().toISOString();
    const insertPage = db.prepare(
      `INSERT INTO pages (file_name, sha256, encoding, original_text, chars, imported_at, updated_at)
       VALUES (?, ?, 'utf-8', '原文', 2, ?, ?)`,
    );
    const ids = Array.from({ length: 40 }, (_, i) =>
      Number(insertPage.run(`p${i}.txt`, `sha${i}`, now, now).lastInsertRowid),
    );
    const revision = new Map<number, number>();
    const save = (id: number, linkRate: number) => {
      const next = (revision.get(id) ?? 0) + 1;
      revision.set(id, next);
      db.transaction(() => documents.write(id, next, randomDocument(random, linkRate), [], now))();
    };

    // Nothing linked: the aggregate as it is.
    for (const id of ids) save(id, 0);
    expect(entities.unlinkedGroups()).toEqual(scannedGroups(db));
    // Spans linked before their entities exist count as unlinked; then the entities are registered.
    for (const id of ids) save(id, 0.4);
    expect(entities.unlinkedGroups()).toEqual(scannedGroups(db));
    for (const id of ENTITY_IDS) {
      entities.insert({ id, label: 'PER', canonical: id, variants: [], note: '', createdAt: now, updatedAt: now });
    }
    expect(entities.unlinkedGroups()).toEqual(scannedGroups(db));
    // Mostly linked pages (groups linked on every page, on some pages, or not at all), then resaves of a few.
    for (const id of ids.slice(0, 25)) save(id, 0.9);
    expect(entities.unlinkedGroups()).toEqual(scannedGroups(db));
    for (let round = 0; round < 5; round++) {
      for (const id of ids.filter(() => random() < 0.3)) save(id, random());
      expect(entities.unlinkedGroups()).toEqual(scannedGroups(db));
    }
    // A relabel of span rows, an entity leaving the register, pages deleted.
    db.prepare("UPDATE spans SET label = 'LOC' WHERE label = 'ORG'").run();
    expect(entities.unlinkedGroups()).toEqual(scannedGroups(db));
    entities.delete(ENTITY_IDS[1]!);
    expect(entities.unlinkedGroups()).toEqual(scannedGroups(db));
    db.prepare('DELETE FROM pages WHERE id IN (?, ?, ?)').run(ids[0], ids[1], ids[30]);
    expect(entities.unlinkedGroups()).toEqual(scannedGroups(db));
    // Every span linked: no group left.
    db.prepare(`UPDATE spans SET entity_id = '${ENTITY_IDS[0]}'`).run();
    expect(entities.unlinkedGroups()).toEqual([]);
    expect(scannedGroups(db)).toEqual([]);
    corpus.close();
  });

  it('give the same proposals through the service as the scan did', async () => {
    const corpus = openCorpus(join(dir, `c${n++}.galley`));
    const services = createServices({ corpus, seedsDir: SEEDS_DIR });
    const client = createDirectClient(services.methods);
    const { db } = corpus;
    const random = prng(11);
    const now = new Date().toISOString();
    const documents = createDocumentStore(db);
    const insertPage = db.prepare(
      `INSERT INTO pages (file_name, sha256, encoding, original_text, chars, imported_at, updated_at)
       VALUES (?, ?, 'utf-8', '原文', 2, ?, ?)`,
    );
    for (let i = 0; i < 20; i++) {
      const id = Number(insertPage.run(`p${i}.txt`, `sha${i}`, now, now).lastInsertRowid);
      db.transaction(() => documents.write(id, 1, randomDocument(random, 0), [], now))();
    }
    const before = await client.call('entities.proposals', { limit: 1000 });
    const creates = before.rows.filter((r) => r.kind === 'create');
    // Every group on two pages or more is proposed, with the scan's counts, most mentioned first.
    const scanned = scannedGroups(db) as { label: string; text: string; mentions: number; pages: number }[];
    expect(creates.map((c) => ({ label: c.label, text: c.text, mentions: c.mentions, pages: c.pages }))).toEqual(
      scanned
        .filter((g) => g.pages >= 2)
        .sort(
          (a, b) =>
            b.mentions - a.mentions ||
            JSON.stringify(['create', a.label, a.text]).localeCompare(JSON.stringify(['create', b.label, b.text])),
        ),
    );
    // Accepting one links every span of its group: it is gone, the rest stay as they were.
    await client.call('entities.acceptProposal', { key: creates[0]!.key });
    const after = await client.call('entities.proposals', { limit: 1000 });
    expect(after.rows).toEqual(before.rows.slice(1));
    corpus.close();
  });
});
