// Column width estimation: the width full columns pile up at, and how much "full" is worth on a page.
import { describe, expect, it } from 'vitest';

import { estimateColumn, isFullColumn, isShortOfColumn, type ColumnSample } from '../../../src/shared/repair/column';

const breaks = (...w: number[]): ColumnSample[] => w.map((width) => ({ width, ending: 'break' }));
const ends = (...w: number[]): ColumnSample[] => w.map((width) => ({ width, ending: 'end' }));

describe('estimateColumn', () => {
  it('finds the width of a page OCR’d line by line', () => {
    // Full lines of 22, paragraph ends of any length.
    const col = estimateColumn([...breaks(22, 22, 21.5, 22, 22, 22, 21, 22), ...ends(9, 14, 22, 5)]);
    expect(col.width).toBe(22);
    expect(isFullColumn(22, col)).toBe(true);
    expect(isFullColumn(21, col)).toBe(true);
    expect(isShortOfColumn(12, col)).toBe(true);
    expect(col.fullLogLr).toBeGreaterThan(0);
    expect(col.shortLogLr).toBeLessThan(-1.5);
    expect(col.share).toBeGreaterThan(0.5);
  });

  it('finds the full-column cluster of a page cut into column chunks', () => {
    // Like seed 003: whole columns of ~88, other chunks of all lengths.
    const col = estimateColumn([
      ...breaks(142, 35, 88, 86, 176, 177, 87, 90.5, 35, 89, 89.5, 51, 88, 83),
      ...ends(152, 259, 198, 259, 17, 135, 146, 124),
    ]);
    expect(col.width).toBeGreaterThanOrEqual(88);
    expect(col.width).toBeLessThanOrEqual(91);
    // None of the paragraph ends is a full column, so "full" is strong evidence for a column break here.
    expect(col.fullLogLr).toBeGreaterThan(2);
  });

  it('gives "full" no weight when paragraph ends are as often full as column breaks', () => {
    const col = estimateColumn([...breaks(78, 78, 77.5, 78, 40), ...ends(78, 77.5, 78, 78, 30)]);
    expect(col.width).toBe(78);
    expect(col.fullLogLr).toBeLessThan(0.5);
  });

  it('reports no column when the widths do not agree', () => {
    expect(estimateColumn(breaks(120, 260, 93, 22, 192, 48)).width).toBe(0);
    expect(estimateColumn(breaks(30, 30)).width).toBe(0);
    expect(estimateColumn([]).width).toBe(0);
  });

  it('estimates from a hundred thousand samples', () => {
    const many: ColumnSample[] = [];
    for (let i = 0; i < 100_000; i++)
      many.push({ width: i % 3 === 0 ? 30 + (i % 17) : 62, ending: i % 3 === 0 ? 'end' : 'break' });
    const col = estimateColumn(many);
    expect(col.width).toBe(62);
  });
});
