import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';

import type { PageReading, SuggestionView } from '../../../src/shared/api';
import { docToEditorJson, editorJsonToDoc } from '../../../src/renderer/src/editor/convert';
import { schemaExtensions } from '../../../src/renderer/src/editor/extensions';
import { alignOriginal, currentTextOf } from '../../../src/renderer/src/editor/original-diff';
import {
  applySuggestions,
  fragmentRanges,
  locateSuggestions,
  pendingSuggestions,
} from '../../../src/renderer/src/editor/suggestion-model';
import { documentFromReading, isExportedRole, type PageDocument } from '../../../src/shared/document';
import { repairPage } from '../../../src/shared/repair';
import { splitPage } from '../../../src/shared/repair/fragments';

const schema = getSchema(schemaExtensions());
const SEEDS = ['000_f1346f968acf4f03.txt', '003_e4dddeaf5a82f68e.txt'];
const seed = (name: string) => readFileSync(join(__dirname, '../../../seeds', name), 'utf8');

/** The reading the app shows for a page at a threshold, with the given decisions. */
function reading(text: string, threshold: number, decisions: Record<string, 'accepted' | 'rejected'> = {}) {
  const result = repairPage(text, { threshold, decisions });
  const view: Pick<PageReading, 'articles' | 'removed' | 'suggestions'> = {
    articles: result.articles,
    removed: result.removed,
    suggestions: result.suggestions.map((s) => ({ ...s, decision: decisions[s.id] ?? null })),
  };
  return view;
}

function locate(text: string, doc: PMNode, suggestions: readonly SuggestionView[]) {
  const current = currentTextOf(doc);
  return locateSuggestions(pendingSuggestions(suggestions), {
    doc,
    current,
    alignment: alignOriginal(text, current.text),
    fragments: fragmentRanges(text),
  });
}

/** What an export sees: per article, the role and text of each exported block. */
const exported = (doc: PageDocument) =>
  doc.articles.map((a) => a.blocks.filter((b) => isExportedRole(b.role)).map((b) => `${b.role}:${b.text}`));

const toEditor = (doc: PageDocument) => PMNode.fromJSON(schema, docToEditorJson(doc));

describe('pending suggestions in the editor', () => {
  it('finds the fragments the repair engine numbers', () => {
    for (const name of SEEDS) {
      const text = seed(name);
      expect(fragmentRanges(text).map((f) => text.slice(f.start, f.end))).toEqual(splitPage(text).fragments);
    }
    expect(fragmentRanges('\uFEFF  甲\r\n\r\n\t乙 \r丙')).toEqual([
      { start: 3, end: 4 },
      { start: 9, end: 10 },
      { start: 12, end: 13 },
    ]);
  });

  // The strongest check: whatever the engine left pending (at a threshold of 1 nearly everything: merges,
  // roles of run-together headline stacks, jump markers, furniture, new articles, a moved headline, OCR
  // suspects, punctuation), accepting all of it in the editor gives the document the reading gives.
  for (const name of SEEDS) {
    for (const threshold of [1, 0.9, 0.7]) {
      it(`accepting every pending suggestion of ${name.slice(0, 3)} at ${threshold} gives the accepted reading`, () => {
        const text = seed(name);
        const before = reading(text, threshold);
        const pending = pendingSuggestions(before.suggestions);
        expect(pending.length).toBeGreaterThan(0);
        const doc = toEditor(documentFromReading(before, 'p1'));
        const located = locate(text, doc, before.suggestions);
        expect(located.map((l) => l.suggestion.id).sort()).toEqual(pending.map((s) => s.id).sort());

        const { tr, applied } = applySuggestions(EditorState.create({ schema, doc }), located);
        expect(applied.sort()).toEqual(pending.map((s) => s.id).sort());
        tr.doc.check();
        const accepted = reading(text, threshold, Object.fromEntries(pending.map((s) => [s.id, 'accepted'])));
        expect(exported(editorJsonToDoc(tr.doc.toJSON(), []))).toEqual(exported(documentFromReading(accepted, 'p1')));
      });
    }
  }

  it('still finds a merge after text was typed before it, and keeps the typing and the spans when accepting', () => {
    const text = seed(SEEDS[0]!);
    const view = reading(text, 0.9);
    const doc = documentFromReading(view, 'p1');
    // The researcher corrected the first article and tagged 倪岳峰 in the paragraph the merge continues.
    const first = doc.articles[0]!.blocks.find((b) => b.role === 'body')!;
    first.text = `【更正】${first.text}`;
    const cut = doc.articles.flatMap((a) => a.blocks).find((b) => b.text.endsWith('倪岳峰指出,当前'))!;
    const at = cut.text.lastIndexOf('倪岳峰');
    cut.spans = [{ id: 's1', label: 'PER', start: at, end: at + 3, origin: 'manual' }];
    const pm = toEditor(doc);

    const located = locate(text, pm, view.suggestions);
    const merge = located.find((l) => l.suggestion.id === 'merge:12+13')!;
    expect(merge.marks).toHaveLength(1);
    expect(merge.marks[0]!.role).toBe('break');
    // The marker sits at the end of the paragraph the column break cut.
    const $break = pm.resolve(merge.marks[0]!.from);
    expect($break.parent.textContent.endsWith('倪岳峰指出,当前')).toBe(true);
    expect($break.pos).toBe($break.end());

    const punctuation = located.filter((l) => l.suggestion.kind === 'normalize-punctuation');
    const { tr } = applySuggestions(EditorState.create({ schema, doc: pm }), [merge, ...punctuation]);
    const after = editorJsonToDoc(tr.doc.toJSON(), []);
    const blocks = after.articles.flatMap((a) => a.blocks);
    expect(blocks.some((b) => b.text.startsWith('【更正】'))).toBe(true);
    const merged = blocks.find((b) => b.text.includes('倪岳峰指出，当前石家庄疫情防控形势'))!;
    expect(merged.spans).toEqual([{ id: 's1', label: 'PER', start: at, end: at + 3, origin: 'manual' }]);
    expect(merged.text.slice(at, at + 3)).toBe('倪岳峰');
  });

  it('does not show a merge the researcher already made, or a Latin word already deleted', () => {
    const text = seed(SEEDS[0]!);
    const view = reading(text, 0.9);
    const doc = documentFromReading(view, 'p1');
    const blocks = doc.articles.flatMap((a) => a.blocks);
    const i = blocks.findIndex((b) => b.text.endsWith('倪岳峰指出,当前'));
    const article = doc.articles.find((a) => a.blocks.includes(blocks[i]!))!;
    const k = article.blocks.indexOf(blocks[i]!);
    article.blocks.splice(k, 2, { ...blocks[i]!, text: blocks[i]!.text + blocks[i + 1]!.text });
    const latin = article.blocks.find((b) => b.text.includes(' and '))!;
    latin.text = latin.text.replace(' and ', '');

    const ids = locate(text, toEditor(doc), view.suggestions).map((l) => l.suggestion.id);
    expect(ids).not.toContain('merge:12+13');
    expect(ids).not.toContain('ocr-latin:15@75-78');
    expect(ids).toContain('merge:21+22');
  });

  it('leaves a punctuation mark the researcher already changed', () => {
    const text = seed(SEEDS[0]!);
    const view = reading(text, 0.9);
    const doc = documentFromReading(view, 'p1');
    // The engine merged the column break "措 / 施"; the researcher typed a semicolon after 施.
    const block = doc.articles.flatMap((a) => a.blocks).find((b) => b.text.includes('措施,重点再聚焦'))!;
    block.text = block.text.replace('措施,重点', '措施;重点');
    const pm = toEditor(doc);
    const located = locate(text, pm, view.suggestions).find((l) => l.suggestion.id === 'normalize-punctuation:4@0-48')!;
    expect(located.marks.map((m) => m.expected)).toEqual([',', ',']);
    const { tr } = applySuggestions(EditorState.create({ schema, doc: pm }), [located]);
    const after = editorJsonToDoc(tr.doc.toJSON(), []);
    expect(after.articles.flatMap((a) => a.blocks).find((b) => b.text.includes('措施;重点'))!.text).toContain(
      '措施;重点再聚焦、力度再加大、末端再落实，精准快速处置局地疫情，坚决防止疫情、控住局面、守住底线。',
    );
  });
});
