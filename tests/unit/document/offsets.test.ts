// UTF-16 ⇄ code point offsets, checked with 𠮷 (U+20BB7) before, inside and after spans.
import { describe, expect, it } from 'vitest';

import type { DocSpan } from '../../../src/shared/document/model';
import {
  codePointLength,
  codePointToUtf16,
  hasSurrogates,
  offsetConverter,
  spansToCodePoints,
  splitsSurrogatePair,
  utf16ToCodePoint,
} from '../../../src/shared/document/offsets';
import { GAIJI, mark, prng } from './helpers';

describe('offsetConverter', () => {
  it('counts 𠮷田茂首相 as 5 code points in 6 UTF-16 units', () => {
    const t = `${GAIJI}田茂首相`;
    const c = offsetConverter(t);
    expect(c).toMatchObject({ utf16Length: 6, codePointLength: 5, identity: false });
    expect([0, 2, 3, 4, 5, 6].map((u) => c.toCodePoint(u))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([0, 1, 2, 3, 4, 5].map((p) => c.toUtf16(p))).toEqual([0, 2, 3, 4, 5, 6]);
    expect(codePointLength(t)).toBe([...t].length);
  });

  it('is the identity, with no table, for BMP text', () => {
    const c = offsetConverter('国民政府主席蒋中正');
    expect(c.identity).toBe(true);
    expect(c.toCodePoint(4)).toBe(4);
    expect(c.toUtf16(9)).toBe(9);
    expect(offsetConverter('').codePointLength).toBe(0);
  });

  it('refuses offsets out of range or inside a surrogate pair', () => {
    const c = offsetConverter(`a${GAIJI}b`);
    expect(() => c.toCodePoint(2)).toThrow(/splits a surrogate pair/);
    expect(() => c.toCodePoint(5)).toThrow(RangeError);
    expect(() => c.toCodePoint(-1)).toThrow(RangeError);
    expect(() => c.toUtf16(4)).toThrow(RangeError);
    expect(() => c.toUtf16(1.5)).toThrow(RangeError);
    expect(() => offsetConverter('abc').toCodePoint(4)).toThrow(RangeError);
  });

  it('counts a lone surrogate half as one code point, as [...text] does', () => {
    for (const t of ['a\ud842b', 'a\udfb7b', `\udfb7${GAIJI}\ud842`, `${GAIJI}\ud842`]) {
      const c = offsetConverter(t);
      expect(c.codePointLength, JSON.stringify(t)).toBe([...t].length);
    }
    expect(utf16ToCodePoint(`\udfb7${GAIJI}\ud842`, 3)).toBe(2);
    expect(codePointToUtf16(`\udfb7${GAIJI}\ud842`, 3)).toBe(4);
  });

  it('agrees with code point indexing on random text with many astral characters', () => {
    const rand = prng(42);
    const alphabet = ['a', '江', GAIJI, '😀', '\ud842', '\udfb7', '\u3000'];
    for (let trial = 0; trial < 300; trial++) {
      let t = '';
      const n = Math.floor(rand() * 40);
      for (let i = 0; i < n; i++) t += alphabet[Math.floor(rand() * alphabet.length)];
      const c = offsetConverter(t);
      const points = [...t];
      expect(c.codePointLength).toBe(points.length);
      let u = 0;
      for (let p = 0; p <= points.length; p++) {
        expect(c.toUtf16(p), `${JSON.stringify(t)} @${p}`).toBe(u);
        expect(c.toCodePoint(u), `${JSON.stringify(t)} @${u}`).toBe(p);
        u += points[p]?.length ?? 0;
      }
      for (let i = 0; i <= t.length; i++) {
        if (splitsSurrogatePair(t, i)) expect(() => c.toCodePoint(i)).toThrow(RangeError);
      }
    }
  });

  it('handles a long page quickly', () => {
    const t = `${'国民政府主席蒋中正'.repeat(10_000)}${GAIJI}${'江'.repeat(10_000)}${GAIJI}`;
    const c = offsetConverter(t);
    expect(c.toCodePoint(t.length)).toBe(t.length - 2);
    expect(c.toUtf16(90_001)).toBe(90_002);
    expect(c.toCodePoint(90_002)).toBe(90_001);
  });
});

describe('surrogate helpers', () => {
  it('knows where a pair would be split', () => {
    const t = `a${GAIJI}b`;
    expect([0, 1, 2, 3, 4].map((i) => splitsSurrogatePair(t, i))).toEqual([false, false, true, false, false]);
    expect(splitsSurrogatePair('\udfb7\ud842', 1)).toBe(false);
    expect(hasSurrogates(t)).toBe(true);
    expect(hasSurrogates('江泽民')).toBe(false);
  });
});

describe('spansToCodePoints', () => {
  it('converts spans with 𠮷 before, inside and after them', () => {
    const t = `${GAIJI}国民政府${GAIJI}主席${GAIJI}蒋中正${GAIJI}`;
    const spans = mark(t, ['国民政府', 'ORG'], [`${GAIJI}主席`, 'TITLE'], [`${GAIJI}蒋中正${GAIJI}`, 'PER']);
    expect(spans.map((s) => [s.start, s.end])).toEqual([
      [2, 6],
      [6, 10],
      [10, 17],
    ]);
    const cp = spansToCodePoints(t, spans);
    expect(cp.map((s) => [s.start, s.end])).toEqual([
      [1, 5],
      [5, 8],
      [8, 13],
    ]);
    // Python-style slicing by code points gives back each span's text.
    const points = [...t];
    for (const [i, s] of cp.entries()) {
      const u = spans[i] as DocSpan;
      expect(points.slice(s.start, s.end).join('')).toBe(t.slice(u.start, u.end));
      expect({ ...s, start: 0, end: 0 }).toEqual({ ...u, start: 0, end: 0 });
    }
    expect(spans[0]).toMatchObject({ start: 2, end: 6 }); // the input is not modified
  });

  it('copies spans unchanged for BMP text and refuses a span that splits a pair', () => {
    const spans = mark('国民政府主席', ['主席']);
    const out = spansToCodePoints('国民政府主席', spans);
    expect(out).toEqual(spans);
    expect(out[0]).not.toBe(spans[0]);
    expect(() => spansToCodePoints('国民', [{ ...(spans[0] as DocSpan), start: 0, end: 3 }])).toThrow(RangeError);
    expect(() => spansToCodePoints(GAIJI, [{ ...(spans[0] as DocSpan), start: 0, end: 1 }])).toThrow(RangeError);
  });
});
