// repairPage as a whole: text preservation, determinism, stable suggestion ids, options and the JSON shape.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { repairPage, toRepairJson, type RepairResult } from '../../../src/shared/repair';
import { SEEDS_DIR } from '../../helpers/tmp';
import { randomPage, rng } from './random-pages';
import { fixtureNames, loadFixture } from './reading';

/** Every non-whitespace character of the output (blocks + removed), sorted. */
function outputChars(r: RepairResult): string[] {
  const texts = [...r.articles.flatMap((a) => a.blocks.map((b) => b.text)), ...r.removed.map((x) => x.text)];
  return Array.from(texts.join('').replace(/\s+/gu, '')).sort();
}

/** The number of # that may be dropped as heading markers: those leading a line. */
function leadingHashes(text: string): number {
  let n = 0;
  for (const line of text.split(/\r\n|\r|\n/u)) n += /^[\s\uFEFF]*(#*)/u.exec(line)?.[1]?.length ?? 0;
  return n;
}

function expectPreserved(text: string, r: RepairResult): void {
  const input = Array.from(text.replace(/\s+/gu, '')).sort();
  const output = outputChars(r);
  const noHash = (xs: string[]) => xs.filter((c) => c !== '#').join('');
  expect(noHash(output)).toBe(noHash(input));
  const inHash = input.filter((c) => c === '#').length;
  const outHash = output.filter((c) => c === '#').length;
  expect(outHash).toBeLessThanOrEqual(inHash);
  expect(outHash).toBeGreaterThanOrEqual(inHash - leadingHashes(text));
}

const seedPages = (): { name: string; text: string }[] =>
  readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => ({ name: f, text: readFileSync(join(SEEDS_DIR, f), 'utf8') }));

describe('text preservation', () => {
  it('keeps every character of the seeds and fixtures exactly once', () => {
    for (const { text } of [...seedPages(), ...fixtureNames().map((n) => loadFixture(n))]) {
      const r = repairPage(text);
      expectPreserved(text, r);
    }
  });

  it('keeps every character of 400 random pages exactly once (except # heading markers)', () => {
    const r = rng(20240601);
    for (let i = 0; i < 400; i++) {
      const text = randomPage(r);
      expectPreserved(text, repairPage(text));
    }
  });

  it('handles empty and whitespace-only pages', () => {
    for (const t of ['', '\n\n', ' \r\n\t ', '\uFEFF']) {
      const r = repairPage(t);
      expect(r.articles).toEqual([]);
      expect(r.removed).toEqual([]);
    }
  });
});

describe('determinism and stable suggestion ids', () => {
  it('returns the same result for the same input', () => {
    for (const { text } of seedPages()) {
      expect(JSON.stringify(repairPage(text))).toBe(JSON.stringify(repairPage(text)));
    }
  });

  it('gives every suggestion of a page its own id', () => {
    for (const { text } of [...seedPages(), ...fixtureNames().map((n) => loadFixture(n))]) {
      const ids = repairPage(text).suggestions.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('keeps the ids of decisions about unchanged fragments when text is added after them', () => {
    const [seed] = seedPages();
    if (!seed) throw new Error('no seed pages');
    const before = repairPage(seed.text);
    const after = repairPage(seed.text + '\n\n# 另一篇文章的标题\n\n本报讯（记者 李四）这是另一篇文章的正文。\n');
    const kept = new Set(after.suggestions.map((s) => s.id));
    const stable = before.suggestions.filter((s) =>
      ['mark-jump', 'mark-furniture', 'set-role', 'merge', 'ocr-latin'].includes(s.kind),
    );
    expect(stable.length).toBeGreaterThan(5);
    for (const s of stable) expect(kept.has(s.id), s.id).toBe(true);
  });

  it('reads \\r\\n and \\r pages like \\n pages', () => {
    const { text } = loadFixture('plain_many_articles');
    const lf = repairPage(text);
    expect(repairPage(text.replace(/\n/g, '\r\n'))).toEqual(lf);
    expect(repairPage(text.replace(/\n/g, '\r'))).toEqual(lf);
  });
});

describe('suggestions', () => {
  const seed000 = seedPages().find((p) => p.name.startsWith('000'));

  it('marks jumps with the page they point to and applies them', () => {
    const r = repairPage(loadFixture('markdown_halfwidth_continuations').text);
    const jumps = r.suggestions.filter((s) => s.kind === 'mark-jump');
    expect(jumps.map((s) => s.jump)).toEqual([
      { direction: 'continued-from', page: '1' },
      { direction: 'continued-on', page: '12' },
      { direction: 'continued-from', page: 'A1' },
    ]);
    expect(jumps.every((s) => s.applied && s.confidence >= 0.5)).toBe(true);
  });

  it('offers OCR suspects without applying them', () => {
    const r = repairPage(loadFixture('markdown_halfwidth_continuations').text);
    const ocr = r.suggestions.filter((s) => s.kind === 'ocr-latin' || s.kind === 'ocr-doubled');
    expect(ocr.map((s) => s.target.text)).toEqual(expect.arrayContaining(['of', '会议会议']));
    expect(ocr.every((s) => !s.applied)).toBe(true);
    const body = r.articles.flatMap((a) => a.blocks.map((b) => b.text)).join('');
    expect(body).toContain('会议会议');
  });

  it('points suggestion targets at the right fragment text', () => {
    const r = repairPage(loadFixture('markdown_halfwidth_continuations').text);
    for (const s of r.suggestions) {
      if (s.kind !== 'ocr-latin' && s.kind !== 'mark-jump') continue;
      const frag = r.fragments[s.target.fragments[0] ?? -1] ?? '';
      const want = s.kind === 'ocr-latin' ? s.target.text : s.reason.params.text;
      expect(frag.slice(s.target.start, s.target.end)).toBe(want);
    }
  });

  it('normalizes punctuation only when asked', () => {
    if (!seed000) throw new Error('seed 000 missing');
    const off = repairPage(seed000.text);
    const on = repairPage(seed000.text, { normalizePunctuation: true });
    const offText = off.articles.flatMap((a) => a.blocks.map((b) => b.text)).join('');
    const onText = on.articles.flatMap((a) => a.blocks.map((b) => b.text)).join('');
    expect(offText).toContain('本报讯(河北日报记者');
    expect(onText).toContain('本报讯（河北日报记者');
    expect(onText).not.toMatch(/[\u4e00-\u9fff],[\u4e00-\u9fff]/u);
    expect(off.suggestions.filter((s) => s.kind === 'normalize-punctuation').every((s) => !s.applied)).toBe(true);
    expect(on.suggestions.filter((s) => s.kind === 'normalize-punctuation').every((s) => s.applied)).toBe(true);
    // Everything else is decided the same way.
    expect(on.articles.map((a) => a.blocks.map((b) => b.sources))).toEqual(
      off.articles.map((a) => a.blocks.map((b) => b.sources)),
    );
  });

  it('applies exactly the suggestions with confidence ≥ 0.5, OCR suspects and punctuation aside', () => {
    for (const n of fixtureNames()) {
      for (const s of repairPage(loadFixture(n).text).suggestions) {
        expect(s.confidence).toBeGreaterThanOrEqual(0);
        expect(s.confidence).toBeLessThanOrEqual(1);
        if (s.kind === 'ocr-latin' || s.kind === 'ocr-doubled' || s.kind === 'normalize-punctuation') continue;
        expect(s.applied, s.id).toBe(s.confidence >= 0.5);
      }
    }
  });

  it('moves a headline found after its article’s first paragraphs to the article’s start', () => {
    const r = repairPage(loadFixture('big5_traditional_chunks').text);
    const move = r.suggestions.find((s) => s.kind === 'move-block');
    expect(move?.applied).toBe(true);
    const art = r.articles.find((a) => a.blocks.some((b) => b.text.includes('老街區換新顏 居民笑開懷')));
    expect(art?.blocks[0]?.role).toBe('headline');
    expect(art?.blocks[1]?.text.startsWith('本報訊')).toBe(true);
  });
});

describe('toRepairJson', () => {
  it('writes the shape the scorer reads', () => {
    const r = repairPage(loadFixture('plain_many_articles').text);
    const j = toRepairJson('plain_many_articles.txt', r);
    expect(Object.keys(j)).toEqual(['source', 'articles', 'removed', 'suggestions']);
    expect(j.source).toBe('plain_many_articles.txt');
    for (const a of j.articles) for (const b of a.blocks) expect(Object.keys(b)).toEqual(['role', 'text']);
    for (const x of j.removed) expect(Object.keys(x)).toEqual(['role', 'text']);
    expect(j.suggestions).toBe(r.suggestions);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });
});
