// The OCR alignment: opcodes that rebuild both texts, minimal edits, 𠮷 as one character, whole pages quickly.
import { describe, expect, it } from 'vitest';

import { type Opcode, alignTexts, alignmentEdits, alignmentLine } from '../../../src/shared/export';
import { prng } from '../document/helpers';
import { GAIJI, SEED_FILES, pySlice, seedInput, seedOriginal } from './fixtures';

/** Checks the opcodes tile both texts and that equal runs really are equal (Python slicing). */
function checkTiling(a: string, b: string, ops: Opcode[]): void {
  let i = 0;
  let j = 0;
  for (const [tag, i1, i2, j1, j2] of ops) {
    expect([i1, j1]).toEqual([i, j]);
    if (tag === 'equal') expect(pySlice(a, i1, i2)).toBe(pySlice(b, j1, j2));
    if (tag === 'insert') expect(i2).toBe(i1);
    if (tag === 'delete') expect(j2).toBe(j1);
    i = i2;
    j = j2;
  }
  expect([i, j]).toEqual([[...a].length, [...b].length]);
}

/** Insertions plus deletions of a shortest edit script, by the textbook quadratic LCS. */
function lcsDistance(a: string[], b: string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
    }
  }
  return a.length + b.length - 2 * dp[a.length]![b.length]!;
}

describe('alignTexts', () => {
  it('aligns insertions, deletions and replacements in code points, 𠮷 counting one', () => {
    expect(alignTexts('蒋中止抵达南京', '蒋中正抵达了南京。')).toEqual([
      ['equal', 0, 2, 0, 2],
      ['replace', 2, 3, 2, 3],
      ['equal', 3, 5, 3, 5],
      ['insert', 5, 5, 5, 6],
      ['equal', 5, 7, 6, 8],
      ['insert', 7, 7, 8, 9],
    ]);
    expect(alignTexts('𠮷田茂首相', '𠮷田首相')).toEqual([
      ['equal', 0, 2, 0, 2],
      ['delete', 2, 3, 2, 2],
      ['equal', 3, 5, 2, 4],
    ]);
    expect(alignTexts('田茂', '𠮷田茂')).toEqual([
      ['insert', 0, 0, 0, 1],
      ['equal', 0, 2, 1, 3],
    ]);
    expect(alignTexts('', '')).toEqual([]);
    expect(alignTexts('abc', '')).toEqual([['delete', 0, 3, 0, 0]]);
    expect(alignTexts('abc', 'xyz')).toEqual([['replace', 0, 3, 0, 3]]);
  });

  it('is a shortest edit script on random texts', () => {
    const rand = prng(7);
    const alphabet = ['a', 'b', 'c', '𠮷', '。'];
    const word = (n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let k = 0; k < 300; k++) {
      const a = word(Math.floor(rand() * 14));
      const b = word(Math.floor(rand() * 14));
      const ops = alignTexts(a, b);
      checkTiling(a, b, ops);
      const indels = ops.reduce((n, [t, i1, i2, j1, j2]) => n + (t === 'equal' ? 0 : i2 - i1 + j2 - j1), 0);
      expect(indels, `${a} → ${b}`).toBe(lcsDistance([...a], [...b]));
    }
  });

  it('aligns whole seed pages against their corrections, and counts edits', () => {
    for (const file of SEED_FILES) {
      const record = JSON.parse(alignmentLine(seedInput(file), seedOriginal(file))) as {
        ocr: string;
        corrected: string;
        opcodes: Opcode[];
        cer: number;
      };
      checkTiling(record.ocr, record.corrected, record.opcodes);
      expect(record.cer).toBeGreaterThan(0);
      expect(record.cer).toBeLessThan(0.2);
    }
    expect(alignmentEdits([['replace', 0, 2, 0, 5]])).toBe(5);
  });

  it('writes each record exactly as JSON.stringify would, with 𠮷, quotes and an empty page', () => {
    const gaiji = seedInput(SEED_FILES[0]);
    const odd = {
      ...gaiji,
      page: { ...gaiji.page, newspaper: '"报"\\', pageNo: '\u2028' },
    };
    const empty = { ...gaiji, document: { ...gaiji.document, articles: [] } };
    const cases: [typeof gaiji, string][] = [
      [gaiji, seedOriginal(SEED_FILES[0])],
      [odd, `${GAIJI}"x"\n𠮷`],
      [empty, '全文'],
    ];
    for (const [input, original] of cases) {
      const line = alignmentLine(input, original);
      expect(line).toBe(JSON.stringify(JSON.parse(line)));
      expect(Object.keys(JSON.parse(line) as object)).toEqual([
        'page',
        'newspaper',
        'date',
        'pageNo',
        'ocr',
        'corrected',
        'cer',
        'opcodes',
      ]);
    }
    expect((JSON.parse(alignmentLine(empty, '全文')) as { opcodes: Opcode[] }).opcodes).toEqual([
      ['delete', 0, 2, 0, 0],
    ]);
  });

  // Its speed is the bench's to measure; here the result must still tile both texts.
  it('aligns long, mostly different texts', () => {
    const rand = prng(3);
    const a = Array.from({ length: 4000 }, () => String.fromCharCode(0x4e00 + Math.floor(rand() * 50))).join('');
    const b = Array.from({ length: 4000 }, () => String.fromCharCode(0x4e00 + Math.floor(rand() * 50))).join('');
    checkTiling(a, b, alignTexts(a, b));
  });
});
