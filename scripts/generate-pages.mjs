// Writes a seeded synthetic folder of OCR'd pages (~2,000 characters each) built from the sample pages'
// sentences, with column breaks, jump markers and furniture, for import timings and benchmarks.
// usage: node scripts/generate-pages.mjs --out DIR [--pages 10000] [--chars 2000] [--seed 1]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const options = { out: null, pages: 10_000, chars: 2000, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in options)) throw new Error(`unknown option ${argv[i]}`);
    options[key] = key === 'out' ? argv[++i] : Number(argv[++i]);
  }
  if (!options.out) throw new Error('--out DIR is required');
  return options;
}

/** Small deterministic PRNG (mulberry32), so the same seed gives the same corpus. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedSentences() {
  const dir = join(root, 'seeds');
  const text = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
    .replace(/^#+\s*/gm, '');
  return text
    .split(/(?<=[。！？])/u)
    .map((s) => s.replace(/\s+/g, ''))
    .filter((s) => s.length >= 8 && s.length <= 200);
}

const NEWSPAPERS = ['河北日报', '人民日报', '光明日报', '经济日报', '解放日报'];

/** One page: a headline, a byline paragraph and body paragraphs cut into columns of a page-specific width. */
export function generatePage(random, sentences, chars) {
  const pick = () => sentences[Math.floor(random() * sentences.length)];
  const width = 40 + Math.floor(random() * 200);
  const lines = [pick().slice(0, 24), ''];
  let size = 0;
  let first = true;
  while (size < chars) {
    let paragraph = first ? `本报讯（记者 张${Math.floor(random() * 100)}）` : '';
    first = false;
    const sentencesInParagraph = 1 + Math.floor(random() * 5);
    for (let i = 0; i < sentencesInParagraph; i++) paragraph += pick();
    for (let at = 0; at < paragraph.length; at += width) {
      lines.push(paragraph.slice(at, at + width), '');
    }
    size += paragraph.length;
  }
  if (random() < 0.3) lines.push(`（下转第${1 + Math.floor(random() * 8)}版）`, '');
  lines.push(`责任编辑 王${Math.floor(random() * 50)}`);
  return lines.join('\n');
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const random = prng(options.seed);
  const sentences = seedSentences();
  mkdirSync(options.out, { recursive: true });
  const start = Date.UTC(1990, 0, 1);
  for (let i = 0; i < options.pages; i++) {
    // Eight pages per newspaper per day: names are unique and parse into newspaper, date and page.
    const paper = NEWSPAPERS[Math.floor(i / 8) % NEWSPAPERS.length];
    const date = new Date(start + Math.floor(i / (8 * NEWSPAPERS.length)) * 86_400_000).toISOString().slice(0, 10);
    const pageNo = String((i % 8) + 1).padStart(2, '0');
    const name = `${paper}_${date}_${pageNo}.txt`;
    writeFileSync(join(options.out, name), generatePage(random, sentences, options.chars));
  }
  console.log(`wrote ${options.pages} pages to ${options.out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
