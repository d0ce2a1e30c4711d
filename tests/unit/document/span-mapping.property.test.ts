// Random edits against an independent character-by-character model of the span rules, plus the invariants.
import { Mapping, StepMap } from '@tiptap/pm/transform';
import { describe, expect, it } from 'vitest';

import { PageDocumentSchema, spanIssues, type DocSpan } from '../../../src/shared/document/model';
import { splitsSurrogatePair } from '../../../src/shared/document/offsets';
import { applySteps, mapSpans, type ReplaceStep, type ReviewReason } from '../../../src/shared/document/span-mapping';
import { GAIJI, deepFreeze, docOf, prng } from './helpers';

/**
 * The reference model: the text as a list of UTF-16 units, each knowing which span owns it (spans are
 * disjoint) and its index in the original text (null for inserted units). The span rules restated per unit:
 * an insertion joins a span when the units on both sides belong to it; a replacement joins a span when every
 * unit it removes belongs to it; afterwards a boundary between the halves of a pair drops the half unit.
 */
interface Unit {
  ch: string;
  owner: string | null;
  orig: number | null;
}

interface Expected {
  text: string;
  spans: { id: string; start: number; end: number }[];
  review: Record<string, ReviewReason>;
}

function reference(text: string, spans: readonly DocSpan[], steps: readonly ReplaceStep[]): Expected {
  let units: Unit[] = [...Array(text.length).keys()].map((i) => ({
    ch: text[i] ?? '',
    owner: spans.find((s) => s.start <= i && i < s.end)?.id ?? null,
    orig: i,
  }));
  for (const { from, to, insert } of steps) {
    const removed = units.slice(from, to);
    let owner: string | null;
    if (removed.length === 0) {
      const before = units[from - 1]?.owner ?? null;
      owner = before !== null && units[from]?.owner === before ? before : null;
    } else {
      const first = removed[0]?.owner ?? null;
      owner = first !== null && removed.every((u) => u.owner === first) ? first : null;
    }
    const added = [...Array(insert.length).keys()].map((i) => ({ ch: insert[i] ?? '', owner, orig: null }));
    units = [...units.slice(0, from), ...added, ...units.slice(to)];
  }
  const out = units.map((u) => u.ch).join('');
  const ranges = new Map<string, { start: number; end: number }>();
  units.forEach((u, i) => {
    if (u.owner === null) return;
    const r = ranges.get(u.owner);
    if (r && r.end !== i) throw new Error(`reference: span ${u.owner} is not contiguous`);
    ranges.set(u.owner, r ? { start: r.start, end: i + 1 } : { start: i, end: i + 1 });
  });
  for (const [id, r] of ranges) {
    if (splitsSurrogatePair(out, r.start)) (units[r.start] as Unit).owner = null;
    if (splitsSurrogatePair(out, r.end)) (units[r.end - 1] as Unit).owner = null;
    const mine = units.map((u, i) => ({ u, i })).filter((x) => x.u.owner === id);
    if (mine.length === 0) ranges.delete(id);
    else ranges.set(id, { start: mine[0]?.i ?? 0, end: (mine[mine.length - 1]?.i ?? 0) + 1 });
  }
  const review: Record<string, ReviewReason> = {};
  for (const s of spans) {
    const r = ranges.get(s.id);
    if (!r) {
      review[s.id] = 'deleted';
      continue;
    }
    if (out.slice(r.start, r.end) === text.slice(s.start, s.end)) continue;
    const kept = units.filter((u) => u.owner === s.id && u.orig !== null).length;
    review[s.id] = kept < s.end - s.start ? 'cut' : 'extended';
  }
  const list = [...ranges].map(([id, r]) => ({ id, ...r })).sort((a, b) => a.start - b.start);
  return { text: out, spans: list, review };
}

// Mostly CJK, some Latin, 𠮷, and now and then a lone surrogate half so pairs get fused and split.
const ALPHABET = [
  '江',
  '泽',
  '民',
  '李',
  '鹏',
  '乔',
  '石',
  '，',
  '。',
  'a',
  'b',
  ' ',
  GAIJI,
  GAIJI,
  '\ud842',
  '\udfb7',
];
const BMP_ALPHABET = ALPHABET.filter((c) => c.length === 1 && c.charCodeAt(0) < 0xd800);

function randomText(rand: () => number, maxChars: number, alphabet: readonly string[]): string {
  const n = Math.floor(rand() * (maxChars + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)] ?? '';
  return s;
}

/** Random disjoint spans with boundaries on code point boundaries, some adjacent, same or mixed labels. */
function randomSpans(rand: () => number, text: string): DocSpan[] {
  const cuts = [...Array(text.length + 1).keys()].filter((i) => !splitsSurrogatePair(text, i) && rand() < 0.35);
  const spans: DocSpan[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] ?? 0;
    const end = cuts[i + 1] ?? 0;
    if (rand() < 0.6) {
      spans.push({ id: `s${i}`, label: rand() < 0.7 ? 'PER' : 'ORG', start, end, origin: 'manual' });
    }
  }
  // Stored order carries no meaning; shuffle so nothing relies on it.
  return spans.sort(() => rand() - 0.5);
}

/** A position near a span edge half the time, so edges get the edits that matter. */
function position(rand: () => number, length: number, spans: readonly DocSpan[]): number {
  const edges = spans.flatMap((s) => [s.start, s.end]);
  if (edges.length > 0 && rand() < 0.5) {
    const edge = (edges[Math.floor(rand() * edges.length)] ?? 0) + Math.floor(rand() * 3) - 1;
    return Math.max(0, Math.min(length, edge));
  }
  return Math.floor(rand() * (length + 1));
}

function randomSteps(rand: () => number, text: string, spans: DocSpan[], alphabet: readonly string[]): ReplaceStep[] {
  const steps: ReplaceStep[] = [];
  let length = text.length;
  const count = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < count; i++) {
    const kind = rand();
    const a = position(rand, length, spans);
    const b = kind < 0.4 ? a : position(rand, length, spans);
    const from = Math.min(a, b);
    const to = Math.max(a, b);
    const insert = kind >= 0.4 && kind < 0.7 ? '' : randomText(rand, 3, alphabet) || (alphabet[0] ?? '');
    steps.push({ from, to, insert });
    length += insert.length - (to - from);
  }
  return steps;
}

interface Trial {
  seed: number;
  text: string;
  spans: DocSpan[];
  steps: ReplaceStep[];
}

function trial(seed: number, alphabet: readonly string[]): Trial {
  const rand = prng(seed);
  const text = randomText(rand, 24, alphabet);
  const spans = randomSpans(rand, text);
  const steps = randomSteps(rand, text, spans, alphabet);
  return deepFreeze({ seed, text, spans, steps });
}

const TRIALS = 2000;

describe('span mapping, 2,000 random edit sequences', () => {
  it('agrees with the character model and keeps every invariant', () => {
    let reviewed = 0;
    let survived = 0;
    const reasons: Record<ReviewReason, number> = { cut: 0, deleted: 0, extended: 0 };
    for (let seed = 1; seed <= TRIALS; seed++) {
      const { text, spans, steps } = trial(seed, ALPHABET);
      const label = `seed ${seed}: ${JSON.stringify({ text, spans, steps })}`;
      const r = mapSpans(text, spans, steps);
      const want = reference(text, spans, steps);

      expect(r.text, label).toBe(applySteps(text, steps));
      expect(r.text, label).toBe(want.text);
      expect(
        r.spans.map((s) => ({ id: s.id, start: s.start, end: s.end })),
        label,
      ).toEqual(want.spans);
      expect(Object.fromEntries(r.review.map((x) => [x.span.id, x.reason])), label).toEqual(want.review);

      const old = new Map(spans.map((s) => [s.id, s]));
      const onReview = new Set(r.review.map((x) => x.span.id));
      for (const s of r.spans) {
        const before = old.get(s.id) as DocSpan;
        // Nothing but the offsets ever changes.
        expect({ ...s, start: 0, end: 0 }, label).toEqual({ ...before, start: 0, end: 0 });
        const same = r.text.slice(s.start, s.end) === text.slice(before.start, before.end);
        // Not on the review list ⇔ still covers exactly its original text.
        expect(onReview.has(s.id), label).toBe(!same);
      }
      for (const x of r.review) {
        expect(x.span, label).toEqual(old.get(x.span.id));
        expect(x.oldText, label).toBe(text.slice(x.span.start, x.span.end));
        expect(x.current === null, label).toBe(x.reason === 'deleted');
        if (x.current) expect(r.spans, label).toContainEqual(x.current);
        else
          expect(
            r.spans.some((s) => s.id === x.span.id),
            label,
          ).toBe(false);
        reasons[x.reason]++;
      }
      // Every input span is either still there or listed as deleted.
      expect(r.spans.length + r.review.filter((x) => x.reason === 'deleted').length, label).toBe(spans.length);
      // No overlap, nothing out of bounds, no boundary inside a surrogate pair; sorted by start.
      expect(spanIssues(r.text, r.spans), label).toEqual([]);
      expect(
        r.spans.every((s, i) => i === 0 || (r.spans[i - 1]?.start ?? 0) < s.start),
        label,
      ).toBe(true);
      const parsed = PageDocumentSchema.safeParse(docOf({ id: 'b', role: 'body', text: r.text, spans: r.spans }));
      expect(parsed.success, `${label} ${parsed.error?.message ?? ''}`).toBe(true);

      reviewed += r.review.length;
      survived += r.spans.length - r.review.filter((x) => x.current).length;
    }
    // The generator must actually exercise every outcome, or the test proves little.
    expect(reasons.cut).toBeGreaterThan(200);
    expect(reasons.deleted).toBeGreaterThan(200);
    expect(reasons.extended).toBeGreaterThan(100);
    expect(survived).toBeGreaterThan(1000);
    expect(reviewed).toBeGreaterThan(1000);
  });

  it('maps span edges exactly as ProseMirror maps a range (start assoc 1, end assoc -1), on BMP text', () => {
    // The editor layer relies on this: its own step maps and mapSpans must agree on every entity mark.
    for (let seed = 1; seed <= TRIALS; seed++) {
      const { text, spans, steps } = trial(seed, BMP_ALPHABET);
      const label = `seed ${seed}: ${JSON.stringify({ text, spans, steps })}`;
      const mapping = new Mapping(steps.map((s) => new StepMap([s.from, s.to - s.from, s.insert.length])));
      const want = spans
        .map((s) => ({ id: s.id, start: mapping.map(s.start, 1), end: mapping.map(s.end, -1) }))
        .filter((s) => s.start < s.end)
        .sort((a, b) => a.start - b.start);
      const got = mapSpans(text, spans, steps).spans.map((s) => ({ id: s.id, start: s.start, end: s.end }));
      expect(got, label).toEqual(want);
    }
  });

  it('maps steps the same way all at once or one transaction at a time (BMP text)', () => {
    for (let seed = 1; seed <= TRIALS; seed++) {
      const { text, spans, steps } = trial(seed, BMP_ALPHABET);
      const label = `seed ${seed}: ${JSON.stringify({ text, spans, steps })}`;
      const once = mapSpans(text, spans, steps);
      let current = { text, spans: [...spans] };
      for (const step of steps) current = mapSpans(current.text, current.spans, [step]);
      expect(current.text, label).toBe(once.text);
      expect(current.spans, label).toEqual(once.spans);
    }
  });
});
