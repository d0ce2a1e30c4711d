// The built CLI bundle (out/main/cli.js) for tests that run Galley in a child process. `npm test` builds
// before the tests; when the bundle is missing or older than the main-process sources, it is built here.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const BUILT_CLI = join(ROOT, 'out', 'main', 'cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Returns the path of an up-to-date out/main/cli.js, building the app first if needed. */
export function builtCli(): string {
  const sources = Math.max(newestMtime(join(ROOT, 'src', 'main')), newestMtime(join(ROOT, 'src', 'shared')));
  if (existsSync(BUILT_CLI) && statSync(BUILT_CLI).mtimeMs >= sources) return BUILT_CLI;
  // electron-vite's package.json `exports` hide its bin script from require.resolve: find the package instead.
  const vitePackage = createRequire(join(ROOT, 'package.json')).resolve('electron-vite/package.json');
  const viteBin = join(dirname(vitePackage), 'bin', 'electron-vite.js');
  const built = spawnSync(process.execPath, [viteBin, 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (built.status !== 0 || !existsSync(BUILT_CLI)) {
    throw new Error(`electron-vite build failed (exit ${built.status}):\n${built.stdout}\n${built.stderr}`);
  }
  return BUILT_CLI;
}
