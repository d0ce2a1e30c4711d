// Seeded randomness and synthetic page text for the hardening tests: the same seed gives the same files.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { prng as mulberryPrng } from '../../scripts/generate-pages.mjs';
import { SEEDS_DIR } from './tmp';

export type Random = () => number;

/** mulberry32, shared with the corpus generator so tests and benchmarks draw the same sequences. */
export const prng: (seed: number) => Random = mulberryPrng;

export function randomInt(random: Random, below: number): number {
  return Math.floor(random() * below);
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[randomInt(random, items.length)]!;
}

export function randomBytes(random: Random, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = randomInt(random, 256);
  return bytes;
}

let sentences: string[] | null = null;

/** The sample pages' sentences, the raw material of synthetic pages. */
export function seedSentences(): string[] {
  if (sentences === null) {
    const text = readdirSync(SEEDS_DIR)
      .map((f) => readFileSync(join(SEEDS_DIR, f), 'utf8'))
      .join('\n')
      .replace(/^#+\s*/gm, '');
    sentences = text
      .split(/(?<=[。！？])/u)
      .map((s) => s.replace(/\s+/g, ''))
      .filter((s) => s.length >= 8 && s.length <= 200);
  }
  return sentences;
}

/** An OCR-like page of about `chars` characters: a headline, then paragraphs cut into columns, LF line ends. */
export function pageText(random: Random, chars: number, serial: number): string {
  const all = seedSentences();
  const width = 40 + randomInt(random, 200);
  const lines = [`第${serial}号 ${pick(random, all).slice(0, 20)}`, ''];
  let size = 0;
  while (size < chars) {
    let paragraph = '';
    const count = 1 + randomInt(random, 5);
    for (let i = 0; i < count; i++) paragraph += pick(random, all);
    for (let at = 0; at < paragraph.length; at += width) lines.push(paragraph.slice(at, at + width));
    lines.push('');
    size += paragraph.length;
  }
  lines.push(`责任编辑 王${randomInt(random, 50)}`);
  return lines.join('\n');
}
