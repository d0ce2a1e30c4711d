// The entity register's service. An entity is a row of the register; which spans mention it is written in the
// page documents (span.entityId), so linking, unlinking and merging rewrite the affected documents — each page
// gets a new revision (undo through History…, and an open editor meets a conflict instead of overwriting the
// link) — together with their derived span rows, all in one transaction.
import { randomBytes } from 'node:crypto';

import type Database from 'better-sqlite3';

import { allBlocks, mapDocumentSpans, type DocSpan } from '../../shared/document';
import type { EntitySummary, Mention, Proposal } from '../../shared/entities/types';
import type { DocumentStore } from '../store/documents';
import type { EntityStore, SpanLinkRow } from '../store/entities';
import { ServiceError } from './errors';

/** Characters of context shown on either side of a mention. */
const CONTEXT_CHARS = 30;

export interface EntityServiceDeps {
  db: Database.Database;
  documents: DocumentStore;
  entities: EntityStore;
}

interface EntityFields {
  label: string;
  canonical: string;
  variants: readonly string[];
  note: string;
}

/** Variants without blanks around them, without duplicates and without the canonical name itself. */
function cleanVariants(canonical: string, variants: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of variants) {
    const t = v.trim();
    if (t !== '' && t !== canonical) out.add(t);
  }
  return [...out].sort();
}

function newEntityId(): string {
  return `ent-${randomBytes(6).toString('hex')}`;
}

/** The slice of `text` before `start` and after `end`, cut at code point boundaries. */
function context(text: string, start: number, end: number): { before: string; after: string } {
  const before = Array.from(text.slice(0, start));
  const after = Array.from(text.slice(end));
  return {
    before: before.slice(Math.max(0, before.length - CONTEXT_CHARS)).join(''),
    after: after.slice(0, CONTEXT_CHARS).join(''),
  };
}

export function createEntityService({ db, documents, entities }: EntityServiceDeps) {
  function requireEntity(id: string) {
    const entity = entities.get(id);
    if (!entity) throw new ServiceError('NOT_FOUND', `There is no entity ${id} in the register.`);
    return entity;
  }

  function summary(id: string): EntitySummary {
    const found = entities.summary(id);
    if (!found) throw new ServiceError('NOT_FOUND', `There is no entity ${id} in the register.`);
    return found;
  }

  function requireLabel(label: string): void {
    if (!documents.labelNames().has(label)) {
      throw new ServiceError('BAD_REQUEST', `The label ${label} is not in the label set.`);
    }
  }

  function requireUniqueName(label: string, canonical: string, exceptId?: string): void {
    const other = entities.sameName(label, canonical, exceptId);
    if (other) {
      throw new ServiceError(
        'CONFLICT',
        `There is already a ${label} entity named ${canonical} (${other}): merge into it instead.`,
      );
    }
  }

  /**
   * Rewrites the spans of the given pages: `change` returns the new span, or the same object to leave it.
   * Pages whose document changes get a new revision with its own history row. Call inside a transaction.
   */
  function rewritePages(pageIds: Iterable<number>, change: (span: DocSpan, pageId: number) => DocSpan): number {
    const savedAt = new Date().toISOString();
    let rewritten = 0;
    for (const pageId of new Set(pageIds)) {
      const stored = documents.get(pageId);
      if (!stored) continue;
      let changed = false;
      const doc = mapDocumentSpans(stored.document, (spans) => {
        const next = spans.map((s) => change(s, pageId));
        if (next.every((s, i) => s === spans[i])) return spans;
        changed = true;
        return next;
      });
      if (!changed) continue;
      documents.write(pageId, stored.revision + 1, doc, stored.review, savedAt, { ownHistoryRow: true });
      rewritten++;
    }
    return rewritten;
  }

  function withoutEntity(span: DocSpan): DocSpan {
    const { entityId: _drop, ...rest } = span;
    return rest;
  }

  /** Links these span rows to the entity (adding their texts as variants). Call inside a transaction. */
  function linkRows(entityId: string, rows: readonly SpanLinkRow[]): { linked: number; pages: number } {
    const entity = requireEntity(entityId);
    const wanted = new Map<number, Set<string>>();
    const texts = new Set<string>();
    for (const row of rows) {
      if (row.label !== entity.label) {
        throw new ServiceError(
          'BAD_REQUEST',
          `Span ${row.span_id} on page ${row.page_id} is ${row.label}, but ${entity.canonical} is ${entity.label}: ` +
            'relabel the span first.',
        );
      }
      if (row.entity_id === entityId) continue;
      const set = wanted.get(row.page_id) ?? new Set<string>();
      set.add(row.span_id);
      wanted.set(row.page_id, set);
      texts.add(row.text);
    }
    let linked = 0;
    const pages = rewritePages(wanted.keys(), (span, pageId) => {
      if (!wanted.get(pageId)?.has(span.id)) return span;
      linked++;
      return { ...span, entityId };
    });
    const variants = cleanVariants(entity.canonical, [...entity.variants, ...texts]);
    if (variants.length !== entity.variants.length || linked > 0) {
      entities.update(
        entityId,
        { label: entity.label, canonical: entity.canonical, note: entity.note, variants },
        new Date().toISOString(),
      );
    }
    return { linked, pages };
  }

  function create(fields: EntityFields): string {
    requireLabel(fields.label);
    requireUniqueName(fields.label, fields.canonical);
    const now = new Date().toISOString();
    const id = newEntityId();
    entities.insert({
      id,
      label: fields.label,
      canonical: fields.canonical,
      variants: cleanVariants(fields.canonical, fields.variants),
      note: fields.note,
      createdAt: now,
      updatedAt: now,
    });
    return id;
  }

  function merge(targetId: string, sourceId: string): { linked: number; pages: number } {
    const target = requireEntity(targetId);
    const source = requireEntity(sourceId);
    if (target.label !== source.label) {
      throw new ServiceError(
        'BAD_REQUEST',
        `${source.canonical} is ${source.label} and ${target.canonical} is ${target.label}: ` +
          'only entities of the same label can be merged.',
      );
    }
    const rows = entities.spansOf(sourceId);
    let linked = 0;
    const pages = rewritePages(
      rows.map((r) => r.page_id),
      (span) => {
        if (span.entityId !== sourceId) return span;
        linked++;
        return { ...span, entityId: targetId };
      },
    );
    const note = [target.note, source.note].filter((n) => n.trim() !== '').join('\n\n');
    entities.delete(sourceId);
    entities.update(
      targetId,
      {
        label: target.label,
        canonical: target.canonical,
        note,
        variants: cleanVariants(target.canonical, [...target.variants, source.canonical, ...source.variants]),
      },
      new Date().toISOString(),
    );
    return { linked, pages };
  }

  /** Every proposal that applies now, dismissed ones left out: merges first, then links, then new entities. */
  function proposals(): Proposal[] {
    const dismissed = entities.dismissed();
    const byName = new Map<string, { id: string; canonical: string; created_at: string }[]>();
    for (const n of entities.names()) {
      const key = `${n.label}\u0000${n.name}`;
      const list = byName.get(key) ?? [];
      if (!list.some((e) => e.id === n.id)) list.push({ id: n.id, canonical: n.canonical, created_at: n.created_at });
      byName.set(key, list);
    }
    const merges: Proposal[] = [];
    const pairs = new Set<string>();
    const counts = new Map<string, number>();
    const mentionsOf = (id: string) => {
      if (!counts.has(id)) counts.set(id, entities.mentionCount(id));
      return counts.get(id)!;
    };
    for (const [key, list] of byName) {
      if (list.length < 2) continue;
      const [label, text] = key.split('\u0000') as [string, string];
      // The entity with the most mentions (then the oldest) keeps its name; the others merge into it.
      const ranked = [...list].sort(
        (a, b) =>
          mentionsOf(b.id) - mentionsOf(a.id) || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
      );
      const target = ranked[0]!;
      for (const source of ranked.slice(1)) {
        const pairKey = JSON.stringify(['merge', ...[target.id, source.id].sort()]);
        if (pairs.has(pairKey) || dismissed.has(pairKey)) continue;
        pairs.add(pairKey);
        merges.push({
          kind: 'merge',
          key: pairKey,
          label,
          text,
          targetId: target.id,
          targetCanonical: target.canonical,
          targetMentions: mentionsOf(target.id),
          sourceId: source.id,
          sourceCanonical: source.canonical,
          sourceMentions: mentionsOf(source.id),
        });
      }
    }
    const links: Proposal[] = [];
    const creates: Proposal[] = [];
    for (const g of entities.unlinkedGroups()) {
      const named = byName.get(`${g.label}\u0000${g.text}`);
      if (named && named.length > 0) {
        const entity = [...named].sort((a, b) => mentionsOf(b.id) - mentionsOf(a.id) || a.id.localeCompare(b.id))[0]!;
        const key = JSON.stringify(['link', entity.id, g.label, g.text]);
        if (dismissed.has(key)) continue;
        links.push({ kind: 'link', key, ...g, entityId: entity.id, canonical: entity.canonical });
      } else if (g.pages >= 2) {
        const key = JSON.stringify(['create', g.label, g.text]);
        if (dismissed.has(key)) continue;
        creates.push({ kind: 'create', key, ...g });
      }
    }
    const byMentions = (a: Proposal, b: Proposal) =>
      ('mentions' in b ? b.mentions : 0) - ('mentions' in a ? a.mentions : 0) || a.key.localeCompare(b.key);
    return [...merges, ...links.sort(byMentions), ...creates.sort(byMentions)];
  }

  type Resolved =
    | { kind: 'create'; label: string; text: string; spans: SpanLinkRow[] }
    | { kind: 'link'; label: string; text: string; entityId: string; spans: SpanLinkRow[] }
    | { kind: 'merge'; targetId: string; sourceId: string };

  /**
   * The proposal a key names, checked against the register as it is now (the same rules as `proposals`, for
   * just the names involved), or null when it no longer applies or was dismissed.
   */
  function resolveProposal(key: string): Resolved | null {
    let parts: unknown;
    try {
      parts = JSON.parse(key);
    } catch {
      return null;
    }
    if (!Array.isArray(parts) || !parts.every((p) => typeof p === 'string') || entities.isDismissed(key)) return null;
    const [kind, ...rest] = parts as string[];
    if (kind === 'create' && rest.length === 2) {
      const [label, text] = rest as [string, string];
      if (entities.named(label, text).length > 0) return null;
      const spans = entities.unlinkedSpans(label, text);
      if (new Set(spans.map((s) => s.page_id)).size < 2) return null;
      return { kind, label, text, spans };
    }
    if (kind === 'link' && rest.length === 3) {
      const [entityId, label, text] = rest as [string, string, string];
      const named = entities.named(label, text);
      if (!named.includes(entityId)) return null;
      // The proposal links to the named entity with the most mentions (then the lowest id).
      const best = [...named].sort(
        (a, b) => entities.mentionCount(b) - entities.mentionCount(a) || a.localeCompare(b),
      )[0];
      const spans = entities.unlinkedSpans(label, text);
      if (best !== entityId || spans.length === 0) return null;
      return { kind, label, text, entityId, spans };
    }
    if (kind === 'merge' && rest.length === 2) {
      const [a, b] = rest.map((id) => entities.get(id));
      if (!a || !b || a.id === b.id || a.label !== b.label) return null;
      const namesOfB = new Set([b.canonical, ...b.variants]);
      if (![a.canonical, ...a.variants].some((n) => namesOfB.has(n))) return null;
      const rank = (e: typeof a) => [entities.mentionCount(e.id), e.createdAt, e.id] as const;
      const [ra, rb] = [rank(a), rank(b)];
      const aFirst = ra[0] !== rb[0] ? ra[0] > rb[0] : ra[1] !== rb[1] ? ra[1] < rb[1] : ra[2] < rb[2];
      return aFirst ? { kind, targetId: a.id, sourceId: b.id } : { kind, targetId: b.id, sourceId: a.id };
    }
    return null;
  }

  return {
    list: entities.list,

    get(id: string, offset: number, limit: number) {
      const entity = summary(id);
      const rows = entities.mentions(id, offset, limit);
      // Context comes from each page's document (the span rows hold only the mention itself).
      const blocks = new Map<number, Map<string, string>>();
      for (const pageId of new Set(rows.map((r) => r.page_id))) {
        const doc = documents.get(pageId)?.document;
        const map = new Map<string, string>();
        if (doc) for (const b of allBlocks(doc)) map.set(b.id, b.text);
        blocks.set(pageId, map);
      }
      const mentions: Mention[] = rows.map((r) => {
        const text = blocks.get(r.page_id)?.get(r.block_id) ?? '';
        return {
          pageId: r.page_id,
          fileName: r.file_name,
          newspaper: r.newspaper,
          date: r.date,
          pageNo: r.page_no,
          spanId: r.span_id,
          blockId: r.block_id,
          articleIndex: r.article_index,
          label: r.label,
          text: r.text,
          start: r.start,
          end: r.end,
          ...context(text, r.start, r.end),
        };
      });
      return { entity, mentions: { total: entity.mentions, rows: mentions } };
    },

    create(fields: EntityFields): EntitySummary {
      const id = db.transaction(() => create(fields))();
      return summary(id);
    },

    /** Changing the label relabels every mention too (their documents get a new revision). */
    update(id: string, patch: Partial<EntityFields>): EntitySummary {
      db.transaction(() => {
        const entity = requireEntity(id);
        const label = patch.label ?? entity.label;
        const canonical = patch.canonical ?? entity.canonical;
        if (label !== entity.label) requireLabel(label);
        if (label !== entity.label || canonical !== entity.canonical) requireUniqueName(label, canonical, id);
        if (label !== entity.label) {
          rewritePages(
            entities.spansOf(id).map((r) => r.page_id),
            (span) => (span.entityId === id ? { ...span, label } : span),
          );
        }
        entities.update(
          id,
          {
            label,
            canonical,
            note: patch.note ?? entity.note,
            // A renamed entity keeps its old name as a variant.
            variants: cleanVariants(canonical, [
              ...(patch.variants ?? entity.variants),
              ...(canonical !== entity.canonical && patch.variants === undefined ? [entity.canonical] : []),
            ]),
          },
          new Date().toISOString(),
        );
      })();
      return summary(id);
    },

    delete(id: string): { unlinked: number; pages: number } {
      return db.transaction(() => {
        requireEntity(id);
        let unlinked = 0;
        const pages = rewritePages(
          entities.spansOf(id).map((r) => r.page_id),
          (span) => {
            if (span.entityId !== id) return span;
            unlinked++;
            return withoutEntity(span);
          },
        );
        entities.delete(id);
        return { unlinked, pages };
      })();
    },

    link(
      id: string,
      target: { spans?: { pageId: number; spanId: string }[]; unlinked?: { text: string; label: string } },
    ) {
      const result = db.transaction(() => {
        requireEntity(id);
        let rows: SpanLinkRow[];
        if (target.spans) {
          rows = target.spans.map(({ pageId, spanId }) => {
            const row = entities.span(pageId, spanId);
            if (!row) throw new ServiceError('NOT_FOUND', `Page ${pageId} has no saved span ${spanId}.`);
            return row;
          });
        } else {
          rows = entities.unlinkedSpans(target.unlinked!.label, target.unlinked!.text);
        }
        return linkRows(id, rows);
      })();
      return { ...result, entity: summary(id) };
    },

    merge(targetId: string, sourceId: string) {
      const result = db.transaction(() => merge(targetId, sourceId))();
      return { ...result, entity: summary(targetId) };
    },

    proposals(offset: number, limit: number) {
      const all = proposals();
      return { total: all.length, rows: all.slice(offset, offset + limit) };
    },

    acceptProposal(key: string) {
      const { id, result } = db.transaction(() => {
        const proposal = resolveProposal(key);
        if (!proposal) {
          throw new ServiceError(
            'NOT_FOUND',
            'This proposal no longer applies (it was accepted, dismissed or the spans changed).',
          );
        }
        if (proposal.kind === 'merge') {
          return { id: proposal.targetId, result: merge(proposal.targetId, proposal.sourceId) };
        }
        const entityId =
          proposal.kind === 'link'
            ? proposal.entityId
            : create({ label: proposal.label, canonical: proposal.text, variants: [], note: '' });
        return { id: entityId, result: linkRows(entityId, proposal.spans) };
      })();
      return { ...result, entity: summary(id) };
    },

    dismissProposal(key: string): { dismissed: boolean } {
      if (!resolveProposal(key)) {
        throw new ServiceError('NOT_FOUND', 'This proposal no longer applies; there is nothing to dismiss.');
      }
      return { dismissed: entities.dismiss(key, new Date().toISOString()) };
    },
  };
}

export type EntityService = ReturnType<typeof createEntityService>;
