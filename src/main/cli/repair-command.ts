// `galley repair`: runs the layout-repair engine on page files and writes one JSON reading per page.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

import { repairPage, toRepairJson } from '../../shared/repair';
import { decodePageBytes, normalizeNewlines } from '../import/decode';
import type { CliIo } from './index';

/** Returns how many files failed; each failure is reported on stderr and the rest go on. */
export async function runRepairCommand(
  files: readonly string[],
  outDir: string,
  options: { normalizePunctuation: boolean },
  io: CliIo,
  json: boolean,
): Promise<number> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const failed: { file: string; reason: string }[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (error) {
      failed.push({ file, reason: (error as Error).message });
      continue;
    }
    const decoded = decodePageBytes(bytes);
    if (!decoded.ok) {
      failed.push({ file, reason: decoded.reason });
      continue;
    }
    const result = repairPage(normalizeNewlines(decoded.text), options);
    const name = basename(file);
    const target = join(outDir, `${basename(name, extname(name))}.json`);
    await writeFile(target, JSON.stringify(toRepairJson(name, result), null, 2) + '\n');
    written.push(target);
  }
  if (json) io.stdout(JSON.stringify({ written, failed }) + '\n');
  else {
    io.stdout(`Wrote ${written.length} reading(s) to ${outDir}.\n`);
    for (const f of failed) io.stderr(`failed: ${f.file}: ${f.reason}\n`);
  }
  return failed.length;
}
