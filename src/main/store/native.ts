// Finds the better-sqlite3 addon compiled for Node when the Electron rebuild replaced the default one.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let cached: string | undefined | null = null;

function findUp(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, '.native', 'node', 'better_sqlite3.node');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Under Electron the default addon (rebuilt for Electron's ABI) is right. Under plain Node (CLI, web mode,
 * tests) use the copy that `scripts/postinstall.mjs` saved in `.native/node/` before the Electron rebuild,
 * when there is one; `GALLEY_SQLITE_BINDING` overrides both.
 */
export function sqliteNativeBinding(): string | undefined {
  if (process.versions.electron) return undefined;
  if (cached !== null) return cached;
  const fromEnv = process.env.GALLEY_SQLITE_BINDING;
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  cached = fromEnv && existsSync(fromEnv) ? fromEnv : (findUp(here) ?? findUp(process.cwd()));
  return cached;
}
