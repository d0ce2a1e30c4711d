// Deterministic train/dev/test assignment by article: a seeded hash, so no state is kept while streaming.
export type SplitName = 'train' | 'dev' | 'test';

export interface SplitOptions {
  seed: number;
  /** Fractions of articles; normalised, so { train: 8, dev: 1, test: 1 } is the usual 80/10/10. */
  train: number;
  dev: number;
  test: number;
}

/** FNV-1a over the UTF-16 units, then murmur3's finaliser so near keys land far apart. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The split of one article, from the seed and a key naming the article (page file name and article index):
 * the same seed and key always give the same split, whatever else is exported. Proportions are approximate.
 */
export function splitOf(options: SplitOptions, key: string): SplitName {
  const total = options.train + options.dev + options.test;
  if (!(total > 0) || options.train < 0 || options.dev < 0 || options.test < 0) {
    throw new RangeError('split fractions must be non-negative and not all zero');
  }
  const u = hash32(`${options.seed}\u0000${key}`) / 2 ** 32;
  if (u < options.train / total) return 'train';
  if (u < (options.train + options.dev) / total) return 'dev';
  return 'test';
}

export function articleKey(fileName: string, articleIndex: number): string {
  return `${fileName}#${articleIndex}`;
}
