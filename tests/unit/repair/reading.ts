// Test helper: compares a repair with an expected reading the way score-repair.mjs does, simplified for
// pages whose text the engine preserves exactly (so no alignment is needed).
import fs from 'node:fs';
import path from 'node:path';

export interface Reading {
  articles: { blocks: { role: string; text: string }[] }[];
  removed: { role: string; text: string }[];
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface Comparison {
  /** all kept text, whitespace removed, is identical and in the same order */
  keptTextEqual: boolean;
  para: Prf;
  article: Prf;
  /** share of expected kicker/headline/subtitle blocks whose characters mostly got the same role */
  roleAccuracy: number;
  /** the removed characters (jump markers + furniture) are the same multiset */
  removedEqual: boolean;
}

export const FIXTURES = path.join(__dirname, 'fixtures');

export function loadFixture(name: string): { text: string; expected: Reading } {
  const text = fs.readFileSync(path.join(FIXTURES, `${name}.txt`), 'utf8');
  const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Reading;
  return { text, expected };
}

export function fixtureNames(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.replace(/\.txt$/, ''))
    .sort();
}

const noWs = (s: string): string => s.replace(/\s+/gu, '');
const HEAD = new Set(['kicker', 'headline', 'subtitle']);

function flatten(r: Reading): {
  text: string;
  roles: string[];
  blockStarts: Set<number>;
  artStarts: Set<number>;
  blocks: { role: string; s: number; e: number }[];
} {
  let text = '';
  const roles: string[] = [];
  const blockStarts = new Set<number>();
  const artStarts = new Set<number>();
  const blocks: { role: string; s: number; e: number }[] = [];
  for (const a of r.articles) {
    let first = true;
    for (const b of a.blocks) {
      const t = Array.from(noWs(b.text));
      if (!t.length) continue;
      const n = roles.length;
      if (n > 0) {
        blockStarts.add(n);
        if (first) artStarts.add(n);
      }
      first = false;
      blocks.push({ role: b.role, s: n, e: n + t.length });
      for (const ch of t) {
        roles.push(b.role);
        text += ch;
      }
    }
  }
  return { text, roles, blockStarts, artStarts, blocks };
}

function prf(expected: Set<number>, actual: Set<number>): Prf {
  let tp = 0;
  for (const x of actual) if (expected.has(x)) tp++;
  const precision = actual.size ? tp / actual.size : expected.size ? 0 : 1;
  const recall = expected.size ? tp / expected.size : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

function sortedChars(items: { text: string }[]): string {
  return Array.from(items.map((x) => noWs(x.text)).join(''))
    .sort()
    .join('');
}

export function compareReadings(expected: Reading, actual: Reading): Comparison {
  const e = flatten(expected);
  const a = flatten(actual);
  let correct = 0;
  let total = 0;
  for (const b of e.blocks) {
    if (!HEAD.has(b.role)) continue;
    total++;
    const counts = new Map<string, number>();
    for (let i = b.s; i < b.e; i++) {
      const r = a.roles[i] ?? '(missing)';
      counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    let best = '';
    let bestN = 0;
    for (const [r, n] of counts) if (n > bestN) [best, bestN] = [r, n];
    if (best === b.role) correct++;
  }
  return {
    keptTextEqual: e.text === a.text,
    para: prf(e.blockStarts, a.blockStarts),
    article: prf(e.artStarts, a.artStarts),
    roleAccuracy: total ? correct / total : 1,
    removedEqual: sortedChars(expected.removed) === sortedChars(actual.removed),
  };
}
