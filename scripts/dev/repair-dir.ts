// Dev script: repairs every .txt page in a folder and writes <name>.json per page, the file score-repair.mjs reads.
//
// usage: npx tsx scripts/dev/repair-dir.ts <pages dir> <out dir> [--normalize-punctuation] [--bench MB]
//   --bench MB  also builds one page of about MB megabytes by repeating the input pages and reports the
//               engine's throughput on it (median of 7 runs after 3 warm-up runs).
import fs from 'node:fs';
import path from 'node:path';

import { repairPage, toRepairJson } from '../../src/shared/repair';

function bench(pages: string[], megabytes: number): void {
  const unit = pages.join('\n\n');
  if (!unit.trim()) return;
  const parts: string[] = [];
  let bytes = 0;
  while (bytes < megabytes * 1024 * 1024) {
    parts.push(unit);
    bytes += Buffer.byteLength(unit, 'utf8') + 2;
  }
  const page = parts.join('\n\n');
  for (let i = 0; i < 3; i++) repairPage(page);
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    repairPage(page);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[3] ?? 0;
  const mb = Buffer.byteLength(page, 'utf8') / (1024 * 1024);
  console.log(
    `bench: ${mb.toFixed(2)} MB page, median ${ms.toFixed(0)} ms (min ${(times[0] ?? 0).toFixed(0)} ms), ` +
      `${(mb / (ms / 1000)).toFixed(1)} MB/s`,
  );
}

function main(argv: string[]): number {
  const normalizePunctuation = argv.includes('--normalize-punctuation');
  const benchAt = argv.indexOf('--bench');
  const benchMb = benchAt >= 0 ? Number(argv[benchAt + 1]) : 0;
  const args = argv.filter((a, i) => !a.startsWith('--') && !(benchAt >= 0 && i === benchAt + 1));
  const [inDir, outDir] = args;
  if (!inDir || !outDir || (benchAt >= 0 && !(benchMb > 0))) {
    console.error(
      'usage: npx tsx scripts/dev/repair-dir.ts <pages dir> <out dir> [--normalize-punctuation] [--bench MB]',
    );
    return 2;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const files = fs
    .readdirSync(inDir)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const texts: string[] = [];
  let bytes = 0;
  let ms = 0;
  for (const f of files) {
    const text = fs.readFileSync(path.join(inDir, f), 'utf8');
    texts.push(text);
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
  if (benchMb > 0) bench(texts, benchMb);
  return 0;
}

process.exit(main(process.argv.slice(2)));
