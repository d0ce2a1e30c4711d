// Electronegativity (Doyensec's Electron security linter) on src/, for the Electron version the app ships. Every
// finding must be explained in the allowlist of docs/SECURITY.md, and every allowlisted finding must still occur.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ROOT } from '../../helpers/built-cli';
import { tempDir } from '../../helpers/tmp';

const RUNNER = join(ROOT, 'tests', 'helpers', 'electronegativity.cjs');
const SECURITY_DOC = join(ROOT, 'docs', 'SECURITY.md');
const ALLOWLIST_HEADING = /^## Electronegativity allowlist\s*$/m;
const out = tempDir('galley-electronegativity-');

interface Finding {
  check: string;
  file: string;
  location: string;
  sample: string;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Rows of the allowlist table: | `CHECK_ID` | `file relative to src/` | why |. */
function allowlist(): { check: string; file: string; why: string }[] {
  const doc = readFileSync(SECURITY_DOC, 'utf8');
  const start = doc.search(ALLOWLIST_HEADING);
  expect(start, `docs/SECURITY.md needs a "## Electronegativity allowlist" section`).toBeGreaterThanOrEqual(0);
  const section = doc.slice(start).split(/\n## /)[0]!;
  return section
    .split('\n')
    .filter((line) => /^\|\s*`[A-Z0-9_]+`\s*\|/.test(line))
    .map((line) => {
      const [check, file, why] = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/^`|`$/g, ''));
      return { check: check!, file: file!, why: why ?? '' };
    });
}

describe('electronegativity', () => {
  it('finds nothing in src/ that docs/SECURITY.md does not explain', () => {
    const csv = join(out, 'electronegativity.csv');
    const electron = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    ).devDependencies.electron!;
    const run = spawnSync(process.execPath, [RUNNER, join(ROOT, 'src'), csv, electron], {
      cwd: out,
      encoding: 'utf8',
      timeout: 60_000,
      // Nothing lands in the real home or temporary folders. "Could not retrieve updated translations" is expected.
      env: { ...process.env, TMPDIR: out, HOME: out, LANG: 'en-US' },
    });
    expect(run.error).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      atomicChecks: number;
      globalChecks: number;
      issues: number;
      errors: { file: string; message: string }[];
    };
    // A file it cannot parse is skipped silently, hiding whatever it would have found there.
    expect(summary.errors).toEqual([]);
    expect(summary.atomicChecks).toBeGreaterThan(20);

    const [header, ...rows] = parseCsv(readFileSync(csv, 'utf8')).filter((r) => r.length > 1);
    expect(header?.map((h) => h.trim())).toEqual([
      'issue',
      'severity',
      'confidence',
      'filename',
      'location',
      'sample',
      'description',
      'url',
    ]);
    expect(rows).toHaveLength(summary.issues);
    const findings: Finding[] = rows.map((r) => ({ check: r[0]!, file: r[3]!, location: r[4]!, sample: r[5]! }));

    const allowed = allowlist();
    expect(allowed.length).toBeGreaterThan(0);
    for (const entry of allowed)
      expect(entry.why.length, `${entry.check} ${entry.file} needs an explanation`).toBeGreaterThan(20);
    const unexplained = findings.filter((f) => !allowed.some((a) => a.check === f.check && a.file === f.file));
    const stale = allowed.filter((a) => !findings.some((f) => a.check === f.check && a.file === f.file));
    console.log(
      `[electronegativity] ${summary.atomicChecks + summary.globalChecks} checks, ${findings.length} findings, all explained: ${unexplained.length === 0}`,
    );
    expect(unexplained, 'new findings: fix them, or explain them in docs/SECURITY.md').toEqual([]);
    expect(stale, 'allowlist entries that no longer occur: remove them from docs/SECURITY.md').toEqual([]);
  });
});
