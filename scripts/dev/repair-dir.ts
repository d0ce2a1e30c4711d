// Dev script: repairs every .txt page in a folder and writes <name>.json next to each other for the scorer.
//
// usage: npx tsx scripts/dev/repair-dir.ts <pages dir> <out dir> [--normalize-punctuation]
import fs from 'node:fs';
import path from 'node:path';

import { repairPage, toRepairJson } from '../../src/shared/repair';

function main(argv: string[]): number {
  const args = argv.filter((a) => !a.startsWith('--'));
  const normalizePunctuation = argv.includes('--normalize-punctuation');
  const [inDir, outDir] = args;
  if (!inDir || !outDir) {
    console.error('usage: npx tsx scripts/dev/repair-dir.ts <pages dir> <out dir> [--normalize-punctuation]');
    return 2;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const files = fs
    .readdirSync(inDir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  let bytes = 0;
  let ms = 0;
  for (const f of files) {
    const text = fs.readFileSync(path.join(inDir, f), 'utf8');
    const t0 = performance.now();
    const result = repairPage(text, { normalizePunctuation });
    ms += performance.now() - t0;
    bytes += Buffer.byteLength(text, 'utf8');
    const out = path.join(outDir, f.replace(/\.txt$/, '') + '.json');
    fs.writeFileSync(out, JSON.stringify(toRepairJson(f, result), null, 1) + '\n');
    const applied = result.suggestions.filter((s) => s.applied).length;
    console.log(
      `${f}: ${result.articles.length} articles, ${result.removed.length} removed, ` +
        `${result.suggestions.length} suggestions (${applied} applied)`,
    );
  }
  console.log(`${files.length} page(s), ${(bytes / 1024).toFixed(1)} KiB in ${ms.toFixed(1)} ms`);
  return 0;
}

process.exit(main(process.argv.slice(2)));
