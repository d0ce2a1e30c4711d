// Pages of our own in other newspaper styles, compared with their hand-made readings. They guard the
// rules against fitting the two seed pages: 人民日报-like line-by-line OCR, traditional characters, markdown
// with half-width punctuation and continuations, many short articles, Xinhua wire copy with CRLF, indents.
import { describe, expect, it } from 'vitest';

import { repairPage, toRepairJson } from '../../../src/shared/repair';
import { compareReadings, fixtureNames, loadFixture } from './reading';

/**
 * Paragraph F1 may fall short of 1 where the page itself gives no evidence: big5_traditional_chunks has a
 * column break right after 。 in a fragment that is not a full column, renmin_line_mode a paragraph that
 * ends exactly at a full line. Everything else must be exact.
 */
const PARA_F1: Record<string, number> = { big5_traditional_chunks: 0.95, renmin_line_mode: 0.95 };

describe('fixture pages', () => {
  const names = fixtureNames();

  it('has at least four pages of its own', () => {
    expect(names.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of names) {
    it(`reads ${name} like its expected reading`, () => {
      const { text, expected } = loadFixture(name);
      const c = compareReadings(expected, toRepairJson(`${name}.txt`, repairPage(text)));
      expect(c.keptTextEqual).toBe(true);
      expect(c.removedEqual).toBe(true);
      expect(c.article.f1).toBe(1);
      expect(c.roleAccuracy).toBe(1);
      expect(c.para.f1).toBeGreaterThanOrEqual(PARA_F1[name] ?? 1);
    });
  }
});
