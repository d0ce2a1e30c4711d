// The desktop app itself, driven by Playwright's Electron support — only where an Electron binary exists
// (these offline machines cannot download one; see README "Development").
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { tempDir } from '../helpers/tmp';
import { ROOT, screenshotPath } from './harness';

function electronBinary(): string | undefined {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const name =
      process.platform === 'win32'
        ? 'electron.exe'
        : process.platform === 'darwin'
          ? 'Electron.app/Contents/MacOS/Electron'
          : 'electron';
    const candidate = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, name);
    return existsSync(candidate) ? candidate : undefined;
  }
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const candidate = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(candidate) ? candidate : undefined;
}

function electronAddonReady(): boolean {
  const addon = join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const abi = readFileSync(join(ROOT, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  return existsSync(addon) && readFileSync(addon).includes(Buffer.from(`node_register_module_v${abi}`));
}

const binary = electronBinary();
const skipReason = !binary
  ? 'no Electron binary (node_modules/electron/dist is downloaded lazily and this machine is offline)'
  : !electronAddonReady()
    ? 'better-sqlite3 is not built for Electron (run `npm run rebuild:electron` on a connected machine)'
    : null;
if (skipReason) console.warn(`[e2e] Electron tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('the desktop app (Electron)', () => {
  it('opens on the sample corpus and shows a page', async () => {
    const home = tempDir('galley-electron-');
    const app = await electron.launch({
      executablePath: binary,
      args: [join(ROOT, 'out', 'main', 'index.js')],
      env: { ...process.env, GALLEY_HOME: home },
    });
    try {
      const window = await app.firstWindow();
      const rows = window.getByTestId('library-row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
      const isolated = await window.evaluate(
        () => typeof (globalThis as { require?: unknown }).require === 'undefined',
      );
      expect(isolated).toBe(true);
      await rows.first().dblclick();
      await expect.poll(() => window.getByTestId('page-text').innerText()).not.toBe('');
      await window.screenshot({ path: screenshotPath('electron-page') });
      expect(existsSync(join(home, 'default.galley'))).toBe(true);
    } finally {
      await app.close();
    }
  });
});
