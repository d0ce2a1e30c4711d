// Types of scripts/generate-pages.mjs, so TypeScript tests and scripts share its generator and PRNG.
export declare function prng(seed: number): () => number;
export declare function seedSentences(): string[];
export declare function generatePage(random: () => number, sentences: readonly string[], chars: number): string;
