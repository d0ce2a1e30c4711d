// The CSV the statistics charts export: BOM first, RFC 4180 quoting, CRLF, numbers as written, no formulas.
import { describe, expect, it } from 'vitest';

import { toCsv } from '../../../src/renderer/src/stats/csv';

describe('toCsv', () => {
  it('starts with a byte order mark and ends every row with CRLF', () => {
    const csv = toCsv([
      ['Entity', 'Mentions'],
      ['倪岳峰', 8],
    ]);
    expect(csv).toBe('\uFEFFEntity,Mentions\r\n倪岳峰,8\r\n');
    expect(new TextEncoder().encode(csv).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('quotes commas, quotes and line breaks, and keeps astral characters whole', () => {
    expect(toCsv([['a,b', 'say "hi"', 'two\nlines', '𠮷野家']])).toBe(
      '\uFEFF"a,b","say ""hi""","two\nlines",𠮷野家\r\n',
    );
  });

  it('writes empty cells for null and non-finite numbers, and zero as 0', () => {
    expect(toCsv([[null, NaN, Infinity, 0, -3]])).toBe('\uFEFF,,,0,-3\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(toCsv([['=SUM(A1)', '+1', '-x', '@cmd', 'ok=1']])).toBe("\uFEFF'=SUM(A1),'+1,'-x,'@cmd,ok=1\r\n");
  });
});
