// Where Galley keeps its data and finds its bundled files, the same for the app, the CLI and web mode.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Electron names the user-data folder after `productName`; the CLI must find the same folder. */
export const PRODUCT_NAME = 'Galley';
export const CORPUS_EXTENSION = '.galley';

/** The per-user data folder; `GALLEY_HOME` overrides it (tests, portable installs). */
export function galleyDataDir(): string {
  if (process.env.GALLEY_HOME) return resolve(process.env.GALLEY_HOME);
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
}

export function defaultCorpusPath(dataDir = galleyDataDir()): string {
  return join(dataDir, `default${CORPUS_EXTENSION}`);
}

/**
 * The project (or packaged app) root: the nearest folder above this file holding package.json. Built code
 * sits in out/main or out/main/chunks, the sources in src/main, a packaged app in app.asar/out/main.
 */
export function appRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(__dirname, '..', '..');
    dir = parent;
  }
  return dir;
}

/** The sample pages: an extra resource in a packaged app, the project's seeds/ folder otherwise. */
export function bundledSeedsDir(): string {
  const resourcesPath = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (process.versions.electron && resourcesPath) {
    const packaged = join(resourcesPath, 'seeds');
    if (existsSync(packaged)) return packaged;
  }
  return join(appRoot(), 'seeds');
}

export function rendererDir(): string {
  return join(appRoot(), 'out', 'renderer');
}
